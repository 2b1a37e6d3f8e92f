"""The fast stable sort behind ``rfm_scores`` and ``segment_attractiveness``, and both metrics
against straightforward pandas versions written here (groupby, ``rank(method="first")``,
NumPy's stable argsort): the answers must be identical, to the last bit and the order of ties.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit.metrics as m
from servicekit.metrics._order import stable_order, stable_sort
from servicekit.metrics.value import VALUE_TIERS

modest = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Few distinct values, so that ties are many: signed zeros, infinities, NaN, and neighbours one
# unit in the last place apart (0.1 + 0.2 and 0.3 are different floats).
TIED_FLOATS = [0.0, -0.0, 1.0, np.nextafter(1.0, 2.0), np.nextafter(1.0, 0.0), 0.1 + 0.2, 0.3, -2.5,
               np.inf, -np.inf, np.nan, 1e300, -1e-300]


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8))


def check_order(values: np.ndarray) -> None:
    for descending in (False, True):
        expected = np.argsort(-values if descending else values, kind="stable")
        order = stable_order(values, descending=descending)
        assert order.dtype == np.intp
        np.testing.assert_array_equal(order, expected)
        order, ordered = stable_sort(values, descending=descending)
        np.testing.assert_array_equal(order, expected)
        assert same_bits(ordered, values[expected])


# --- the sort itself ---------------------------------------------------------------------------

@modest
@given(st.lists(st.sampled_from(TIED_FLOATS), min_size=1, max_size=5000))
def test_floats_with_many_ties_sort_like_numpy(values):
    check_order(np.array(values))


@modest
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=1, max_size=3000))
def test_any_float32_values_sort_like_numpy(values):
    check_order(np.array(values, dtype=np.float32))


@modest
@given(st.lists(st.integers(-2**63, 2**63 - 1), min_size=1, max_size=3000), st.integers(1, 50))
def test_integers_sort_like_numpy(values, spread):
    # Dividing makes ties; the most negative int64, whose negation overflows, is added on purpose.
    check_order(np.append(np.array(values, dtype=np.int64) // spread, np.iinfo(np.int64).min))
    check_order((np.array(values, dtype=np.int64) % spread).astype(np.uint32))


@modest
@given(st.integers(1, 5000), st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_weighted_sums_that_differ_by_one_unit_in_the_last_place(n, columns, seed):
    rng = np.random.default_rng(seed)
    total = np.zeros(n)
    for weight in rng.dirichlet(np.ones(columns)):
        total += weight * rng.integers(0, 11, n)
    check_order(total)


def test_the_test_data_really_has_sums_one_unit_apart():
    # 0.2·a + 0.1·b is rounded differently for different (a, b) with the same exact value.
    a, b = np.meshgrid(np.arange(11), np.arange(11))
    total = 0.2 * a.ravel() + 0.1 * b.ravel()
    distinct = np.unique(total)
    assert (np.diff(distinct) <= 4 * np.spacing(distinct[1:])).any()
    check_order(np.tile(total, 30))


@pytest.mark.parametrize("values", [
    np.random.default_rng(1).permutation(65_536) + 1.0,  # rank and position use 16 bits each
    np.random.default_rng(2).permutation(65_536) + 1,
    np.random.default_rng(3).random(70_000),  # too many bits for 32: packed in 64
    np.random.default_rng(4).integers(0, 3, 200_000).astype(float),
    np.array([np.nan, -0.0, 0.0, np.nan]),
    np.array([0x7FF8000000000001, 0x7FF8000000000000, 0xFFF8000000000000], dtype=np.uint64).view(np.float64),
    np.array([7.0]),
])
def test_edge_cases_sort_like_numpy(values):
    check_order(values)


@pytest.mark.parametrize("values", [np.array([3, 1, 3, -128], dtype=np.int8), np.array([2.0, 1.0], dtype=np.float16),
                                    np.array([True, False, True]), np.array(["b", "a", "b"]),
                                    np.array([[2, 1], [1, 2]])])
def test_other_arrays_are_sorted_by_numpy(values):
    if values.dtype.kind in "bU" or values.ndim > 1:  # ascending only (no minus sign for text, booleans)
        np.testing.assert_array_equal(stable_order(values), np.argsort(values, kind="stable"))
    else:
        check_order(values)


# --- segment_attractiveness ----------------------------------------------------------------------

def reference_attractiveness(scores: pd.DataFrame, weights: dict) -> pd.Series:
    total = np.zeros(len(scores))
    for criterion, weight in weights.items():
        total += weight * scores[criterion].to_numpy(dtype=float)
    order = np.argsort(-total, kind="stable")
    return pd.Series(total[order], index=scores.index[order], name="attractiveness")


@modest
@given(st.integers(1, 3000), st.integers(1, 8), st.sampled_from(["int", "float", "labels", "zeros"]),
       st.integers(0, 2**32 - 1))
def test_segment_attractiveness_matches_a_plain_version(n, columns, kind, seed):
    rng = np.random.default_rng(seed)
    scores = pd.DataFrame(rng.integers(0, 11, (n, columns)), columns=[f"c{i}" for i in range(columns)])
    if kind == "float":
        scores = scores / 4
    elif kind == "labels":
        scores.index = [f"segment {i}" for i in rng.permutation(n)]
    elif kind == "zeros":
        scores = scores.where(scores > 5, -0.0).assign(other="not a criterion")
    weights = dict(zip(scores.columns[:columns], rng.dirichlet(np.ones(columns))))
    expected = reference_attractiveness(scores, weights)
    got = m.segment_attractiveness(scores, weights)
    pd.testing.assert_series_equal(got, expected, check_exact=True)
    assert same_bits(got.to_numpy(), expected.to_numpy())


def test_segment_attractiveness_on_the_course_weights():
    rng = np.random.default_rng(20240501)
    scores = pd.DataFrame(rng.integers(0, 11, (50_000, 8)), columns=[f"c{i}" for i in range(8)])
    weights = dict(zip(scores.columns, [0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1]))
    pd.testing.assert_series_equal(m.segment_attractiveness(scores, weights),
                                   reference_attractiveness(scores, weights), check_exact=True)


# --- rfm_scores ------------------------------------------------------------------------------------

def is_money(amounts: np.ndarray) -> bool:
    """Every amount written with at most two decimals and none −0.0, the total under 2⁵³ cents:
    rfm_scores adds such amounts exactly."""
    written = [Decimal(repr(float(a))) for a in amounts]
    return (all(d.as_tuple().exponent >= -2 for d in written) and not np.signbit(amounts).any()
            and sum(written) * 100 < 2**53)


def exact_total(amounts: pd.Series) -> float:
    return float(sum(Decimal(repr(float(a))) for a in amounts))


def reference_rfm(tx: pd.DataFrame, customer="customer_id", date="date", amount="amount", now=None,
                  bins=5) -> pd.DataFrame:
    """RFM the plain pandas way: a groupby, then rank(method="first") per measure. Money is
    totalled exactly in decimal arithmetic, other amounts by pandas' sum."""
    dates = pd.to_datetime(tx[date])
    spend = tx[amount].to_numpy(dtype=float)
    table = pd.DataFrame({"customer": tx[customer].to_numpy(), "date": dates.to_numpy(),
                          "amount": spend}).groupby("customer", sort=True).agg(
        last=("date", "max"), frequency=("date", "size"),
        monetary=("amount", exact_total if is_money(spend) else "sum"))
    now = dates.max() if now is None else pd.Timestamp(now)
    out = pd.DataFrame(index=table.index.rename(customer))
    out["recency_days"] = ((now - table["last"]) / pd.Timedelta(days=1)).to_numpy()
    out["frequency"] = table["frequency"].astype(np.int64)
    out["monetary"] = table["monetary"].astype(float)
    n = len(out)
    ranks = {"R": (-out["recency_days"]).rank(method="first"), "F": out["frequency"].rank(method="first"),
             "M": out["monetary"].rank(method="first")}
    for letter, rank in ranks.items():
        out[letter] = ((rank - 1) * bins // n + 1).astype(np.int64)
    out["rfm"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out["score"] = out["R"] + out["F"] + out["M"]
    position = (out["score"] - 3) / (3 * bins - 3)
    tier = np.select([position >= 0.8, position >= 0.55, position >= 0.3], ["top", "high", "medium"], "low")
    out["value_tier"] = pd.Categorical(tier, categories=VALUE_TIERS, ordered=True)
    return out


IDS = ["dense", "gaps", "large", "text", "float"]
AMOUNTS = ["whole", "cents", "signed zeros", "huge"]
DATES = ["days", "hours", "time zone"]


def transactions(n: int, ids: str, amounts: str, dates: str, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    who = rng.integers(0, max(1, n // 3), n)
    who = {"dense": who, "gaps": who * 7 + 3, "large": who * 10**12, "text": np.array([f"c{i:04d}" for i in who]),
           "float": who / 4 - 1}[ids]
    spend = rng.integers(0, 30, n).astype(float)
    spend = {"whole": spend, "cents": np.round(rng.random(n) * 100, 2),
             "signed zeros": np.where(spend < 10, -0.0, spend), "huge": spend * 2.0**49}[amounts]
    start = pd.Timestamp("2024-01-01")
    when = start + pd.to_timedelta(rng.integers(0, 90, n), "D" if dates == "days" else "h")
    if dates == "time zone":
        when = when.tz_localize("Asia/Shanghai")
    return pd.DataFrame({"customer_id": who, "date": when, "amount": spend}, index=rng.permutation(n) + 10)


@modest
@given(st.integers(1, 400), st.sampled_from(IDS), st.sampled_from(AMOUNTS), st.sampled_from(DATES),
       st.integers(2, 9), st.booleans(), st.integers(0, 2**32 - 1))
def test_rfm_scores_match_a_plain_version(n, ids, amounts, dates, bins, later, seed):
    tx = transactions(n, ids, amounts, dates, seed)
    now = tx["date"].max() + pd.Timedelta(hours=30) if later else None
    expected = reference_rfm(tx, now=now, bins=bins)
    got = m.rfm_scores(tx, now=now, bins=bins)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for column in ("recency_days", "monetary"):
        assert same_bits(got[column].to_numpy(), expected[column].to_numpy())


@pytest.mark.parametrize("ids", IDS)
@pytest.mark.parametrize("amounts", AMOUNTS)
def test_rfm_scores_match_a_plain_version_on_many_customers(ids, amounts):
    tx = transactions(30_000, ids, amounts, "hours", seed=len(ids) * 10 + len(amounts))
    pd.testing.assert_frame_equal(m.rfm_scores(tx), reference_rfm(tx), check_exact=True)


@pytest.mark.parametrize("amounts", AMOUNTS)
def test_rfm_scores_with_a_time_zone_total_money_the_same_way(amounts):
    # Dates with a time zone once took a pandas-only path that added cents as floats.
    tx = transactions(3000, "text", amounts, "time zone", seed=0)
    pd.testing.assert_frame_equal(m.rfm_scores(tx), reference_rfm(tx), check_exact=True)
    assert str(m.rfm_scores(tx)["recency_days"].dtype) == "float64"


def test_rfm_scores_keep_the_column_names_given():
    tx = transactions(200, "text", "whole", "days", seed=5).rename(
        columns={"customer_id": "who", "date": "when", "amount": "paid"})
    got = m.rfm_scores(tx, customer="who", date="when", amount="paid", now="2024-06-01", bins=3)
    expected = reference_rfm(tx, customer="who", date="when", amount="paid", now="2024-06-01", bins=3)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.index.name == "who"


@pytest.mark.parametrize("ids", [[1], [1, 1, 2], [2, 1, 2, 3]])
def test_rfm_scores_keep_the_sign_of_a_zero_total(ids):
    # Amounts of −0.0 are allowed (not below zero); pandas may total them to −0.0, and so must we.
    tx = pd.DataFrame({"customer_id": ids, "date": pd.Timestamp("2024-05-01"), "amount": -0.0})
    got, expected = m.rfm_scores(tx), reference_rfm(tx)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert same_bits(got["monetary"].to_numpy(), expected["monetary"].to_numpy())


def test_the_answers_can_be_edited_like_any_frame():
    out = m.rfm_scores(transactions(50, "dense", "whole", "days", seed=3))
    out.iloc[0, out.columns.get_loc("frequency")] = 99
    out["monetary"] *= 2
    assert out["frequency"].iloc[0] == 99
    ranked = m.segment_attractiveness(pd.DataFrame({"a": [1, 3, 2]}), {"a": 1.0})
    ranked.iloc[0] = 0.5
    assert ranked.tolist() == [0.5, 2.0, 1.0]
