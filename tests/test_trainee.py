"""``servicekit.trainee``: a trainee's data is a draw fixed by their id; the id set for them (at
grading, on a hub) wins over the one a notebook enters."""

from __future__ import annotations

import pandas as pd
import pytest

from servicekit import data, trainee


@pytest.fixture
def as_trainee(monkeypatch):
    def use(trainee_id):
        monkeypatch.setenv(trainee.ID_VARIABLE, trainee_id)
    monkeypatch.delenv(trainee.ID_VARIABLE, raising=False)
    monkeypatch.setattr(trainee, "_entered", None)
    return use


def test_one_id_always_draws_the_same_rows_and_two_ids_draw_different_ones(as_trainee):
    as_trainee("zhang.wei")
    first, again = trainee.draw("natural_gas_survey"), trainee.draw("natural_gas_survey")
    pd.testing.assert_frame_equal(first, again)
    as_trainee("li.na")
    other = trainee.draw("natural_gas_survey")
    assert not first.equals(other)
    whole = data.load("natural_gas_survey")
    assert len(first) == len(whole) and list(first.columns) == list(whole.columns)
    # A resample of the real rows: every drawn row is a row of the survey.
    assert first.merge(whole.drop_duplicates(), how="left", indicator=True)["_merge"].eq("both").all()


def test_numbers_differ_by_id_and_by_name_and_stay_in_range(as_trainee):
    seen = set()
    for number in range(40):
        as_trainee(f"trainee{number:02d}")
        value = trainee.integer("business customers", 2000, 9000)
        assert 2000 <= value <= 9000
        seen.add(value)
    assert len(seen) > 30
    assert trainee.integer("a", 0, 10**9) != trainee.integer("b", 0, 10**9)


def test_the_id_set_for_the_trainee_wins_over_the_one_the_notebook_enters(as_trainee):
    with pytest.raises(ValueError, match='trainee.use_id\\("your id"\\)'):
        trainee.current_id()
    with pytest.raises(ValueError, match="type the id your instructor gave you"):
        trainee.use_id("YOUR ID")
    trainee.use_id("entered")
    assert trainee.current_id() == "entered"
    as_trainee("from-the-collection")
    trainee.use_id("someone-else")  # ignored: the grader's (or the hub's) id stands
    assert trainee.current_id() == "from-the-collection"
