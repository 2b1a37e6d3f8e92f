"""Plain data between the sandbox and the evaluator: the only thing a trainee's kernel hands back.

A trainee's answers (numbers, strings, lists, dicts, tables) and the results of the functions a
question asks for cross from the sandbox to the evaluator as JSON of a strict shape, never as
Python objects: an object whose ``==`` lies, or a pickled payload, cannot cross. The evaluator
decodes with ``decode``, which refuses anything outside the shape below or over the caps.

Shape (``encode`` writes it, ``decode`` reads it back):

- ``null``, ``true``/``false``, a JSON string, an integer, a finite float: themselves;
- a JSON list: a Python list;
- ``{"float": "nan" | "inf" | "-inf"}``; ``{"tuple": [...]}``; ``{"set": [...]}``;
- ``{"dict": [[key, value], ...]}`` (keys: strings, numbers, booleans or null);
- ``{"array": [...], "dtype": "bool" | "int" | "float" | "object"}``: a NumPy array;
- ``{"series": {"name": ..., "index": [...], "values": [...]}}``: a pandas Series;
- ``{"frame": {"columns": [...], "index": [...], "rows": [[...], ...]}}``: a pandas DataFrame;
- ``{"function": "<name>"}``: the answer is a function (the evaluator calls it in the sandbox);
- ``{"unsupported": "<type name>"}``: an answer of a type with no plain form.

This file is also sent, as source, into the sandbox, where the same ``encode`` runs: it imports
nothing at module level but the standard library.
"""

import base64
import json
import math

#: The line prefix that carries one payload on the kernel's standard output.
MARK = "@@servicekit-wire@@"
#: Caps on one payload: bytes of JSON, nested depth, values (list items, cells of a table...).
MAX_BYTES = 4_000_000
MAX_DEPTH = 12
MAX_ITEMS = 200_000
MAX_INT_DIGITS = 60
_TAGS = {"float", "tuple", "set", "dict", "array", "series", "frame", "function", "unsupported"}


class WireError(ValueError):
    """A payload that is not plain data of the shape above (or is over a cap)."""


# --- encoding (runs in the sandbox, and in the evaluator for function arguments) --------------

def encode(value, depth=0):
    """``value`` as plain JSON-ready data (see the module docstring)."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deep")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _encode_float(value)
    kind = type(value).__module__.split(".")[0]
    name = type(value).__name__
    if kind == "numpy":
        return _encode_numpy(value, depth)
    if kind == "pandas":
        return _encode_pandas(value, depth)
    if isinstance(value, list):
        return [encode(item, depth + 1) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [encode(item, depth + 1) for item in value]}
    if isinstance(value, (set, frozenset)):
        return {"set": [encode(item, depth + 1) for item in sorted(value, key=repr)]}
    if isinstance(value, dict):
        return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if callable(value):
        return {"function": getattr(value, "__name__", name)}
    return {"unsupported": name}


def _encode_float(value):
    if math.isnan(value):
        return {"float": "nan"}
    if math.isinf(value):
        return {"float": "inf" if value > 0 else "-inf"}
    return float(value)


def _encode_numpy(value, depth):
    import numpy as np

    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return _encode_float(float(value))
    if isinstance(value, np.ndarray):
        dtype = ("bool" if value.dtype.kind == "b" else "int" if value.dtype.kind in "iu"
                 else "float" if value.dtype.kind == "f" else "object")
        return {"array": encode(value.tolist(), depth + 1), "dtype": dtype}
    return {"unsupported": type(value).__name__}


def _encode_pandas(value, depth):
    import pandas as pd

    if isinstance(value, pd.Series):
        return {"series": {"name": _scalar(value.name), "index": [_scalar(i) for i in value.index],
                           "values": [_scalar(v) for v in value.tolist()]}}
    if isinstance(value, pd.DataFrame):
        return {"frame": {"columns": [_scalar(c) for c in value.columns],
                          "index": [_scalar(i) for i in value.index],
                          "rows": [[_scalar(v) for v in row] for row in value.itertuples(index=False, name=None)]}}
    if value is pd.NA or value is pd.NaT:
        return None
    return {"unsupported": type(value).__name__}


def _scalar(value):
    """A cell of a table, an index label or a name: a scalar, else its text."""
    try:
        encoded = encode(value, MAX_DEPTH)
    except WireError:
        return str(value)
    if isinstance(encoded, (list, dict)) and not (isinstance(encoded, dict) and "float" in encoded):
        return str(value)
    return encoded


def _line(message) -> str:
    return MARK + base64.b64encode(json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")).decode("ascii")


def harvest(namespace, names):
    """(In the sandbox.) Print the answers ``names`` found in ``namespace`` as one payload line."""
    answers = {}
    for name in names:
        if name in namespace:
            try:
                answers[name] = encode(namespace[name])
            except Exception:  # too deep, say: the answer is there but has no plain form
                answers[name] = {"unsupported": type(namespace[name]).__name__}
    print("\n" + _line({"answers": answers}), flush=True)


def call(namespace, name, payload):
    """(In the sandbox.) Call the trainee's ``name`` on the arguments in ``payload`` (from
    ``request``) and print what it returned or raised as one payload line."""
    try:
        message = json.loads(base64.b64decode(payload))
        args, kwargs = decode(message["args"]), decode(message["kwargs"])
        reply = {"returned": encode(namespace[name](*args, **kwargs))}
    except Exception as error:  # the trainee's function raised: that is its answer
        reply = {"raised": type(error).__name__, "message": str(error)[:500]}
    print("\n" + _line(reply), flush=True)


def request(args, kwargs) -> str:
    """(In the evaluator.) The payload that asks the sandbox to call a function on these arguments."""
    message = {"args": encode(list(args)), "kwargs": encode(dict(kwargs))}
    return base64.b64encode(json.dumps(message, allow_nan=False).encode("utf-8")).decode("ascii")


def last_message(text: str):
    """(In the evaluator.) The JSON of the last payload line in ``text``, or None; checked for
    size and strict JSON, not yet for shape."""
    if not isinstance(text, str):
        return None
    found = None
    for line in text.splitlines():
        if line.startswith(MARK):
            found = line[len(MARK):].strip()
    if found is None or len(found) > MAX_BYTES * 4 // 3 + 4:
        return None
    try:
        return json.loads(base64.b64decode(found.encode("ascii"), validate=True).decode("utf-8"),
                          parse_constant=_no_constant)
    except (ValueError, UnicodeError, RecursionError):
        return None


def read_answers(text: str, names) -> dict:
    """(In the evaluator.) name -> decoded answer, for the names asked; an answer that does not
    decode becomes ``Opaque("unsupported", ...)``; a name not sent is simply absent."""
    message = last_message(text)
    if not isinstance(message, dict) or not isinstance(message.get("answers"), dict):
        return {}
    answers = {}
    for name in names:
        if name in message["answers"]:
            try:
                answers[name] = decode(message["answers"][name])
            except (WireError, RecursionError) as error:
                answers[name] = Opaque("unsupported", f"value the grader could not read ({error})")
    return answers


def read_reply(text: str) -> dict:
    """(In the evaluator.) ``{"returned": value}`` or ``{"raised": name, "message": text}``."""
    message = last_message(text)
    if isinstance(message, dict) and set(message) == {"returned"}:
        try:
            return {"returned": decode(message["returned"])}
        except (WireError, RecursionError) as error:
            return {"raised": "TypeError", "message": f"the function returned a value the grader could not read ({error})"}
    if (isinstance(message, dict) and set(message) == {"raised", "message"}
            and isinstance(message["raised"], str) and isinstance(message["message"], str)):
        return {"raised": message["raised"][:100], "message": message["message"][:500]}
    return {"raised": "RuntimeError", "message": "the function gave no answer (it did not return, or the kernel stopped)"}


def _no_constant(name):
    raise WireError(f"bare {name} is not plain data")


def decode(data):
    """Plain Python (and NumPy/pandas) values from JSON ``data`` of the module's shape."""
    budget = [MAX_ITEMS]
    return _decode(data, 0, budget)


def _spend(budget, count=1):
    budget[0] -= count
    if budget[0] < 0:
        raise WireError(f"more than {MAX_ITEMS} values")


def _decode(data, depth, budget):
    _spend(budget)
    if depth > MAX_DEPTH + 2:
        raise WireError("nested too deep")
    if data is None or isinstance(data, (bool, str)):
        return data
    if isinstance(data, int):
        if len(str(abs(data))) > MAX_INT_DIGITS:
            raise WireError(f"an integer of more than {MAX_INT_DIGITS} digits")
        return data
    if isinstance(data, float):
        if not math.isfinite(data):
            raise WireError("a bare non-finite float")
        return data
    if isinstance(data, list):
        return [_decode(item, depth + 1, budget) for item in data]
    if not isinstance(data, dict) or len(data) not in (1, 2) or not set(data) & _TAGS:
        raise WireError("an object that is not one of the tagged forms")
    if "array" in data:
        return _decode_array(data, depth, budget)
    if len(data) != 1:
        raise WireError("a tagged object with extra keys")
    (tag, body), = data.items()
    if tag == "float":
        if body not in ("nan", "inf", "-inf"):
            raise WireError("a float tag that is not nan, inf or -inf")
        return float(body)
    if tag in ("tuple", "set"):
        items = _list(body, tag)
        values = [_decode(item, depth + 1, budget) for item in items]
        if tag == "tuple":
            return tuple(values)
        try:
            return set(values)
        except TypeError:
            raise WireError("a set of unhashable values") from None
    if tag == "dict":
        pairs = _list(body, tag)
        result = {}
        for pair in pairs:
            if not isinstance(pair, list) or len(pair) != 2:
                raise WireError("a dict entry that is not a [key, value] pair")
            key = _decode(pair[0], depth + 1, budget)
            if not (key is None or isinstance(key, (bool, int, float, str))):
                raise WireError("a dict key that is not a scalar")
            result[key] = _decode(pair[1], depth + 1, budget)
        return result
    if tag == "series":
        return _decode_series(body, depth, budget)
    if tag == "frame":
        return _decode_frame(body, depth, budget)
    if tag in ("function", "unsupported"):
        if not isinstance(body, str) or len(body) > 200:
            raise WireError(f"a {tag} tag without a short name")
        return Opaque(tag, body)
    raise WireError(f"unknown tag {tag!r}")


def _list(body, tag):
    if not isinstance(body, list):
        raise WireError(f"a {tag} tag whose body is not a list")
    return body


def _scalars(values, what, depth, budget):
    values = _list(values, what)
    decoded = [_decode(v, depth + 1, budget) for v in values]
    if not all(v is None or isinstance(v, (bool, int, float, str)) for v in decoded):
        raise WireError(f"{what} holding something other than scalars")
    return decoded


def _decode_array(data, depth, budget):
    import numpy as np

    if set(data) != {"array", "dtype"} or data["dtype"] not in ("bool", "int", "float", "object"):
        raise WireError("an array tag needs exactly 'array' and a known 'dtype'")
    values = _decode(data["array"], depth + 1, budget)
    dtype = {"bool": bool, "int": np.int64, "float": np.float64, "object": object}[data["dtype"]]
    try:
        return np.array(values, dtype=dtype)
    except (TypeError, ValueError, OverflowError):
        raise WireError("an array whose values do not fit its dtype") from None


def _decode_series(body, depth, budget):
    import pandas as pd

    if not isinstance(body, dict) or set(body) != {"name", "index", "values"}:
        raise WireError("a series tag needs exactly name, index and values")
    index = _scalars(body["index"], "a series index", depth, budget)
    values = _scalars(body["values"], "series values", depth, budget)
    name = _decode(body["name"], depth + 1, budget)
    if len(index) != len(values) or not (name is None or isinstance(name, (bool, int, float, str))):
        raise WireError("a series whose index and values differ in length, or whose name is not a scalar")
    return pd.Series(values, index=index, name=name, dtype=None if values else "float64")


def _decode_frame(body, depth, budget):
    import pandas as pd

    if not isinstance(body, dict) or set(body) != {"columns", "index", "rows"}:
        raise WireError("a frame tag needs exactly columns, index and rows")
    columns = _scalars(body["columns"], "frame columns", depth, budget)
    index = _scalars(body["index"], "a frame index", depth, budget)
    rows = [_scalars(row, "a frame row", depth + 1, budget) for row in _list(body["rows"], "frame rows")]
    if len(rows) != len(index) or any(len(row) != len(columns) for row in rows):
        raise WireError("a frame whose rows do not match its index and columns")
    return pd.DataFrame(rows, index=index, columns=columns)


class Opaque:
    """An answer with no plain form: a function (called in the sandbox) or an unsupported type."""

    def __init__(self, kind: str, name: str):
        self.kind, self.name = kind, name

    def __repr__(self):
        return f"<{self.kind} {self.name}>"
