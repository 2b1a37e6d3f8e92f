"""``wire``: the only thing a trainee's kernel hands back is plain data of a strict shape."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from grader.classgrade import wire


def _through(value):
    """``value`` as the evaluator receives it: encoded in the 'kernel', printed, read back."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        wire.harvest({"answer": value}, ["answer"])
    return wire.read_answers(out.getvalue(), ["answer"])["answer"]


@pytest.mark.parametrize("value", [0, -7, 10**40, 2.5, -0.0, True, False, None, "", "满意度 63.5 %",
                                   [1, [2, "x"]], (1, 2.0), {"a": 1, 2: [3]}, {1, 2}])
def test_plain_values_come_back_equal_and_of_the_same_type(value):
    back = _through(value)
    assert back == value and type(back) is type(value)


def test_numpy_and_pandas_values_come_back_as_plain_equivalents():
    assert _through(np.float64(65.0)) == 65.0 and type(_through(np.float64(65.0))) is float
    assert type(_through(np.int64(536))) is int and type(_through(np.bool_(True))) is bool
    assert math.isnan(_through(float("nan"))) and _through(float("-inf")) == float("-inf")
    np.testing.assert_array_equal(_through(np.array([[1, 2], [3, 4]])), np.array([[1, 2], [3, 4]]))
    series = pd.Series([80.0, None, 60.0], index=["a", "b", "c"], name="score")
    pd.testing.assert_series_equal(_through(series), series)
    frame = pd.DataFrame({"item": ["pressure", "repair"], "score": [79.6, 61.0]}, index=[3, 7])
    pd.testing.assert_frame_equal(_through(frame), frame)


class Liar(float):
    """A float whose comparisons always say yes."""

    def __eq__(self, other):
        return True

    __lt__ = __le__ = __gt__ = __ge__ = __eq__

    def __sub__(self, other):
        return 0.0


def test_an_object_whose_comparisons_lie_arrives_as_its_plain_value():
    back = _through(Liar(1.0))
    assert type(back) is float and back != 65.0


def test_an_object_with_no_plain_form_arrives_opaque_and_equals_nothing():
    class Anything:
        def __eq__(self, other):
            return True

    back = _through(Anything())
    assert isinstance(back, wire.Opaque) and back.kind == "unsupported" and back != 65.0


def test_a_function_arrives_as_its_name_only():
    def mean_score(levels):
        return 0

    back = _through(mean_score)
    assert isinstance(back, wire.Opaque) and (back.kind, back.name) == ("function", "mean_score")


def _line(message) -> str:
    return wire.MARK + base64.b64encode(json.dumps(message).encode()).decode()


@pytest.mark.parametrize("payload", [
    {"__class__": "os.system"}, {"pickle": "gASV"}, {"tuple": [1], "extra": 2}, {"float": "1e999"},
    {"dict": [[[1], 2]]}, {"series": {"name": None, "index": [1, 2], "values": [1]}},
    {"frame": {"columns": ["a"], "index": [0], "rows": [[1, 2]]}}, {"array": [1], "dtype": "complex"},
    10**100, [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]], list(range(wire.MAX_ITEMS + 5)),
])
def test_anything_outside_the_shape_or_over_a_cap_is_refused(payload):
    with pytest.raises(wire.WireError):
        wire.decode(payload)
    back = wire.read_answers(_line({"answers": {"rate": payload}}), ["rate"])["rate"]
    assert isinstance(back, wire.Opaque) and back.kind == "unsupported"


@pytest.mark.parametrize("text", ["", "no payload here", wire.MARK + "!!!not base64", wire.MARK + "bnVsbA==",
                                  wire.MARK + base64.b64encode(b'{"answers": NaN}').decode(),
                                  _line({"answers": [1, 2]}), _line({"returned": 1, "raised": "x"})])
def test_garbage_on_the_channel_gives_no_answers_and_no_call_result(text):
    assert wire.read_answers(text, ["rate"]) == {}
    assert wire.read_reply(text)["raised"] == "RuntimeError"


def test_the_last_payload_line_counts_and_only_the_names_asked_are_read():
    text = _line({"answers": {"rate": 1}}) + "\nnoise\n" + _line({"answers": {"rate": 2, "secret": 3}})
    assert wire.read_answers(text, ["rate"]) == {"rate": 2}


def test_a_call_sends_plain_arguments_and_returns_or_raises_plainly():
    seen = []

    def mean_score(levels, scale=20):
        seen.append((type(levels), scale))
        if (levels > 5).any():
            raise ValueError("levels must be 1-5")
        return float(levels.mean() * scale)

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        wire.call({"mean_score": mean_score}, "mean_score", wire.request([pd.Series([5, 1])], {"scale": 20}))
        wire.call({"mean_score": mean_score}, "mean_score", wire.request([pd.Series([6])], {}))
    first, second = out.getvalue().strip().split("\n\n")
    assert wire.read_reply(first) == {"returned": 60.0}
    assert wire.read_reply(second) == {"raised": "ValueError", "message": "levels must be 1-5"}
    assert seen[0] == (pd.Series, 20)
