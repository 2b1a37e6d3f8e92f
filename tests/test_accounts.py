"""Lesson 10 account managers: organisation forms, assignment rules, KPIs, payoff, and the bank case."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from servicekit.data import load
from servicekit.metrics import accounts as am


# ----------------------------------------------------------------------------- organisation forms


@pytest.mark.parametrize("size, breadth, complexity, own_units, form", [
    ("small", "narrow", "simple", False, "existing_staff"),
    ("medium", "narrow", "simple", False, "existing_staff"),     # one step above the minimum
    ("small", "narrow", "varied", False, "existing_staff"),
    ("medium", "moderate", "simple", False, "dedicated_posts"),
    ("small", "broad", "complex", False, "dedicated_posts"),
    ("large", "broad", "simple", False, "dedicated_posts"),     # simple needs: no department yet
    ("large", "moderate", "complex", False, "dedicated_posts"),
    ("large", "broad", "varied", False, "department"),
    ("large", "broad", "complex", False, "department"),
    ("large", "broad", "complex", True, "department_with_units"),
    ("small", "narrow", "simple", True, "existing_staff"),      # own units do not fit a small firm
])
def test_recommended_form(size, breadth, complexity, own_units, form):
    advice = am.recommend_organisation_form(size, breadth, complexity, own_units)
    assert advice["form"] == form
    assert advice["pros"] == am.ORGANISATION_FORMS[form]["pros"]
    assert advice["reason"]
    if own_units and form != "department_with_units":
        assert "not one" in advice["reason"]


def test_every_form_is_reachable_and_every_answer_gives_one():
    seen = set()
    for size, breadth, complexity in itertools.product(*am.FORM_ANSWERS.values()):
        for own_units in (False, True):
            seen.add(am.recommend_organisation_form(size, breadth, complexity, own_units)["form"])
    assert seen == set(am.ORGANISATION_FORMS)
    table = am.organisation_forms()
    assert list(table.columns) == ["name", "chinese", "pros", "cons", "fits"]
    assert len(table) == 4


def test_recommended_form_bad_input():
    with pytest.raises(ValueError, match="firm_size"):
        am.recommend_organisation_form("huge", "narrow", "simple")
    with pytest.raises(ValueError, match="customer_complexity"):
        am.recommend_organisation_form("small", "narrow", 3)
    with pytest.raises(TypeError, match="own_units"):
        am.recommend_organisation_form("small", "narrow", "simple", own_units="yes")


# ----------------------------------------------------------------------------- assignment rules


@pytest.fixture
def small_bank():
    managers = pd.DataFrame({
        "manager_id": ["A1", "S1", "R1", "S2"],
        "level": ["assistant", "senior", "regular", "senior"],
        "specialism": ["credit", "credit", "deposits", "deposits"],
        "capacity": [3, 1, 2, 1],
    })
    customers = pd.DataFrame({
        "customer_id": list("abcdef"),
        "need": ["credit", "deposits", "credit", "deposits", "credit", "deposits"],
        "revenue_this_year": [100.0, 900.0, 50.0, 500.0, 700.0, 10.0],
    }, index=[10, 11, 12, 13, 14, 15])
    return customers, managers


def test_assign_by_tier_by_hand(small_bank):
    customers, managers = small_bank
    assigned = am.assign_by_tier(customers, managers)
    # Places: S1, S2 (seniors, in table order), R1, R1, A1, A1, A1. By revenue: b 900, e 700, d 500, a 100, c 50, f 10.
    expected = {11: "S1", 14: "S2", 13: "R1", 10: "R1", 12: "A1", 15: "A1"}
    assert assigned.to_dict() == expected
    assert list(assigned.index) == list(customers.index)


def test_assign_by_specialism_by_hand(small_bank):
    customers, managers = small_bank
    assigned = am.assign_by_specialism(customers, managers)
    # credit: e 700 → S1, a 100 → A1, c 50 → A1; deposits: b 900 → S2, d 500 → R1, f 10 → R1
    assert assigned.to_dict() == {10: "A1", 11: "S2", 12: "A1", 13: "R1", 14: "S1", 15: "R1"}


def test_round_robin_within_a_level():
    managers = pd.DataFrame({"manager_id": ["S1", "S2"], "level": ["senior", "senior"], "capacity": [2, 2]})
    customers = pd.DataFrame({"revenue_this_year": [4.0, 3.0, 2.0, 1.0]})
    assert am.assign_by_tier(customers, managers).tolist() == ["S1", "S2", "S1", "S2"]


def test_assignment_bad_input(small_bank):
    customers, managers = small_bank
    with pytest.raises(ValueError, match="capacity"):
        am.assign_by_tier(customers, managers.assign(capacity=1))
    with pytest.raises(ValueError, match="level"):
        am.assign_by_tier(customers, managers.assign(level="boss"))
    with pytest.raises(ValueError, match="specialism 'wealth'"):
        am.assign_by_specialism(customers.assign(need="wealth"), managers)
    with pytest.raises(ValueError, match="no column 'value'"):
        am.assign_by_tier(customers, managers, value="value")
    with pytest.raises(TypeError, match="managers"):
        am.assign_by_tier(customers, managers.to_dict())
    assert am.assign_by_relationship(pd.DataFrame({"acquired_by": ["X"]})).tolist() == ["X"]


# ----------------------------------------------------------------------------- KPIs and payoff


def test_manager_kpis_by_hand():
    customers = pd.DataFrame({
        "manager_id": ["M1", "M1", "M1", "M2"],
        "new": [True, False, False, False],
        "lost": [False, True, False, False],
        "revenue_this_year": [100.0, 50.0, 300.0, 80.0],
        "transactions": [2, 4, 6, 10],
        "tier_start": [None, "high", "medium", "top"],
        "tier_end": ["low", None, "top", "high"],
        "complaints": [1, 0, 2, 0],
        "praise": [0, 0, 1, 3],
    })
    kpis = am.manager_kpis(customers)
    assert kpis.loc["M1"].to_dict() == {"customers": 3, "new": 1, "lost": 1, "spend": 450.0, "frequency": 4.0,
                                         "upgrades": 1, "downgrades": 0, "complaints": 3, "praise": 1,
                                         "complaints_per_100": 100.0}
    assert kpis.loc["M2", "downgrades"] == 1 and kpis.loc["M2", "upgrades"] == 0


def test_revenue_effects_and_projection_by_hand():
    managers = pd.DataFrame({"manager_id": ["S", "R"], "level": ["senior", "regular"],
                             "specialism": ["credit", "credit"]})
    customers = pd.DataFrame({
        "manager_id": ["S", "S", "R", "R", "R"],
        "need": ["credit", "credit", "credit", "deposits", "credit"],
        "new": [False, False, False, False, True],
        "revenue_last_year": [100.0, 300.0, 200.0, 100.0, 0.0],
        "revenue_this_year": [120.0, 360.0, 210.0, 90.0, 50.0],
    })
    effects = am.revenue_effects(customers, managers)
    ratios = {(str(row.level), bool(row.matched)): row.ratio for row in effects.itertuples()}
    assert ratios == pytest.approx({("senior", True): 1.2, ("regular", True): 1.05, ("regular", False): 0.9})
    existing = customers.iloc[:4]
    status_quo = am.projected_revenue(existing, managers, existing["manager_id"], effects)
    assert status_quo.tolist() == pytest.approx([144.0, 432.0, 220.5, 81.0])
    swapped = pd.Series(["R", "R", "S", "R"], index=existing.index)
    assert am.projected_revenue(existing, managers, swapped, effects).tolist() == pytest.approx(
        [126.0, 378.0, 252.0, 81.0])
    with pytest.raises(ValueError, match="not in managers"):
        am.projected_revenue(existing, managers, pd.Series(["X"] * 4, index=existing.index), effects)
    with pytest.raises(ValueError, match="no ratio"):
        am.projected_revenue(existing, managers, pd.Series(["S", "S", "S", "S"], index=existing.index), effects)


# ----------------------------------------------------------------------------- the bank case data


@pytest.fixture(scope="module")
def bank():
    return load("bank_customers"), load("account_managers")


def test_bank_case_is_built_as_described(bank):
    customers, managers = bank
    assert 1900 <= len(customers) <= 2100 and len(managers) == 30
    assert managers["level"].value_counts().to_dict() == {"senior": 6, "regular": 12, "assistant": 12}
    assert set(customers["manager_id"]) <= set(managers["manager_id"])
    # Relationship assignment is blind to value: every level serves some top-tier customers.
    tiers = customers.merge(managers, on="manager_id").groupby("level", observed=True)["tier_start"]
    assert all((group == "top").sum() >= 10 for _, group in tiers)
    effects = am.revenue_effects(customers, managers)
    by_level = effects.groupby("level", observed=True)["ratio"].mean()
    assert by_level["senior"] > by_level["regular"] > by_level["assistant"]
    assert (effects[effects["matched"]]["ratio"].to_numpy() > effects[~effects["matched"]]["ratio"].to_numpy()).all()


def test_matching_the_best_managers_to_the_best_customers_pays_off(bank):
    customers, managers = bank
    effects = am.revenue_effects(customers, managers)
    active = customers[~customers["lost"]]
    totals = {
        rule: am.projected_revenue(active, managers, assign(active), effects).sum()
        for rule, assign in {
            "relationship": am.assign_by_relationship,
            "tier": lambda c: am.assign_by_tier(c, managers),
            "specialism": lambda c: am.assign_by_specialism(c, managers),
        }.items()
    }
    assert totals["tier"] > 1.03 * totals["relationship"]
    assert totals["specialism"] > totals["tier"]
    # and no manager is given more customers than their capacity
    counts = am.assign_by_specialism(active, managers).value_counts()
    assert (counts <= managers.set_index("manager_id")["capacity"].reindex(counts.index)).all()
