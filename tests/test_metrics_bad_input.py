"""Every public function of servicekit.metrics refuses bad input with a message naming the parameter.

For each function: a value out of range, an empty input, a wrong type and a missing piece (column,
key, item) where the function has one. A final test checks that no public function is left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import servicekit.metrics as m

TREE = {"a": {"weight": 0.5, "column": "q1"}, "b": {"weight": 0.5, "column": "q2"}}
SURVEY = pd.DataFrame({"q1": [5, 4], "q2": [3, 4]})
ITEMS = pd.DataFrame({"x": [1, 2, 3], "y": [2, 2, 4]})
E = pd.DataFrame({"r1": [6, 7], "r2": [7, 7]})
P = pd.DataFrame({"r1": [5, 6], "r2": [6, 6]})
DIMS = {"reliability": ["r1", "r2"]}
GAPS = pd.DataFrame({"expectation": [6.5, 6.0], "perception": [5.5, 6.0], "gap": [-1.0, 0.0]},
                    index=["reliability", "empathy"])
F = pd.DataFrame({"wifi": [1, 2]})
D = pd.DataFrame({"wifi": [5, 5]})
TX = pd.DataFrame({"customer_id": ["a", "b"], "date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
                   "amount": [10.0, 20.0]})
LOG = pd.DataFrame({
    "complaint_id": [1, 2],
    "received_at": pd.to_datetime(["2024-05-01 08:00", "2024-05-01 09:00"]),
    "first_response_at": pd.to_datetime(["2024-05-01 09:00", "2024-05-01 10:00"]),
    "resolved_at": pd.to_datetime(["2024-05-01 12:00", None]),
    "contacts": [1, 2], "escalated": [False, True], "reopened": [False, False],
})
SEGMENTS = pd.DataFrame({"size": [5, 9], "profit": [9, 4]}, index=["business", "ordinary"])

# (function name, call, expected error, text the message must contain)
CASES = [
    # --- satisfaction and sampling (existing module) ---
    ("satisfaction_rate", lambda: m.satisfaction_rate([5, 6]), ValueError, "responses"),
    ("satisfaction_rate", lambda: m.satisfaction_rate([]), ValueError, "responses"),
    ("satisfaction_rate", lambda: m.satisfaction_rate("55"), TypeError, "responses"),
    ("satisfaction_rate", lambda: m.satisfaction_rate([5, 4], satisfied_levels=(7,)), ValueError, "satisfied_levels"),
    ("likert_to_score", lambda: m.likert_to_score([5, 0]), ValueError, "levels"),
    ("likert_to_score", lambda: m.likert_to_score([]), ValueError, "levels"),
    ("likert_to_score", lambda: m.likert_to_score(None), TypeError, "levels"),
    ("likert_to_score", lambda: m.likert_to_score([5], points=[100]), TypeError, "points"),
    ("weighted_index", lambda: m.weighted_index(TREE, {"a": 50, "b": 101}), ValueError, "scores['b']"),
    ("weighted_index", lambda: m.weighted_index({}, {}), TypeError, "tree"),
    ("weighted_index", lambda: m.weighted_index(TREE, [50, 60]), TypeError, "scores"),
    ("weighted_index", lambda: m.weighted_index(TREE, {"a": 50}), ValueError, "'b'"),
    ("index_breakdown", lambda: m.index_breakdown(TREE, {"a": -1, "b": 5}), ValueError, "scores['a']"),
    ("index_breakdown", lambda: m.index_breakdown({}, {}), TypeError, "tree"),
    ("index_breakdown", lambda: m.index_breakdown(TREE, "ab"), TypeError, "scores"),
    ("index_breakdown", lambda: m.index_breakdown(TREE, {"b": 5}), ValueError, "'a'"),
    ("indicator_scores", lambda: m.indicator_scores(SURVEY.assign(q1=[5, 9]), TREE), ValueError, "levels"),
    ("indicator_scores", lambda: m.indicator_scores([[5, 3]], TREE), TypeError, "survey"),
    ("indicator_scores", lambda: m.indicator_scores(SURVEY[["q1"]], TREE), ValueError, "survey"),
    ("acsi_score", lambda: m.acsi_score([0.5], [1.0]), ValueError, "item_means"),
    ("acsi_score", lambda: m.acsi_score([], []), ValueError, "item_means"),
    ("acsi_score", lambda: m.acsi_score([5], [1.0], low="1"), TypeError, "low"),
    ("acsi_score", lambda: m.acsi_score({"a": 5}, {"b": 1.0}), ValueError, "weights"),
    ("top_box", lambda: m.top_box([1, 6]), ValueError, "responses"),
    ("top_box", lambda: m.top_box([]), ValueError, "responses"),
    ("top_box", lambda: m.top_box([5], k=2.0), TypeError, "k"),
    ("nps", lambda: m.nps([10, -1]), ValueError, "ratings"),
    ("nps", lambda: m.nps([]), ValueError, "ratings"),
    ("nps", lambda: m.nps([True, False]), TypeError, "ratings"),
    ("cronbach_alpha", lambda: m.cronbach_alpha(ITEMS.assign(x=[1, 1, 1], y=[2, 2, 2])), ValueError, "items"),
    ("cronbach_alpha", lambda: m.cronbach_alpha(ITEMS.iloc[:0]), ValueError, "items"),
    ("cronbach_alpha", lambda: m.cronbach_alpha(ITEMS.to_numpy()), TypeError, "items"),
    ("cronbach_alpha", lambda: m.cronbach_alpha(ITEMS.assign(y=["a", "b", "c"])), TypeError, "items['y']"),
    ("sample_size", lambda: m.sample_size(1.5), ValueError, "margin"),
    ("sample_size", lambda: m.sample_size(0.05, p=0), ValueError, "p"),
    ("sample_size", lambda: m.sample_size(None), TypeError, "margin"),
    ("sample_size", lambda: m.sample_size(0.05, population=0), ValueError, "population"),
    ("z_value", lambda: m.z_value(1.0), ValueError, "confidence"),
    ("z_value", lambda: m.z_value("95%"), TypeError, "confidence"),
    # --- staffing ---
    ("traffic_intensity", lambda: m.traffic_intensity(-5, 180), ValueError, "arrival_rate"),
    ("traffic_intensity", lambda: m.traffic_intensity(100, "3 min"), TypeError, "aht"),
    ("erlang_c", lambda: m.erlang_c(200, 180, 0), ValueError, "agents"),
    ("erlang_c", lambda: m.erlang_c(200, 180, []), ValueError, "agents"),
    ("erlang_c", lambda: m.erlang_c(200, 180, 11.5), TypeError, "agents"),
    ("erlang_c", lambda: m.erlang_c(200, 180, [11, 12.5]), ValueError, "agents"),
    ("erlang_c", lambda: m.erlang_c(200, 0, 11), ValueError, "aht"),
    ("service_level", lambda: m.service_level(200, 180, 12, -20), ValueError, "target_time"),
    ("service_level", lambda: m.service_level(200, 180, [], 20), ValueError, "agents"),
    ("service_level", lambda: m.service_level("200", 180, 12, 20), TypeError, "arrival_rate"),
    ("service_level", lambda: m.service_level(200, 180, [12, None], 20), ValueError, "agents"),
    ("agents_needed", lambda: m.agents_needed(200, 180, 20, 100), ValueError, "target_level"),
    ("agents_needed", lambda: m.agents_needed(200, 180, 20, 0), ValueError, "target_level"),
    ("agents_needed", lambda: m.agents_needed(200, 180, None, 80), TypeError, "target_time"),
    ("agents_needed", lambda: m.agents_needed(0, 180, 20, 80), ValueError, "arrival_rate"),
    ("occupancy", lambda: m.occupancy(200, 180, -1), ValueError, "agents"),
    ("occupancy", lambda: m.occupancy(200, 180, "12"), TypeError, "agents"),
    ("average_speed_of_answer", lambda: m.average_speed_of_answer(200, -180, 12), ValueError, "aht"),
    ("average_speed_of_answer", lambda: m.average_speed_of_answer(200, 180, []), ValueError, "agents"),
    # --- value ---
    ("retention_rate", lambda: m.retention_rate(100, 90, 95), ValueError, "new"),
    ("retention_rate", lambda: m.retention_rate(100, 300, 10), ValueError, "start"),
    ("retention_rate", lambda: m.retention_rate(0, 90, 5), ValueError, "start"),
    ("retention_rate", lambda: m.retention_rate([], 90, 5), ValueError, "start"),
    ("retention_rate", lambda: m.retention_rate(100, "90", 5), TypeError, "end"),
    ("retention_rate", lambda: m.retention_rate([100, 200], [90, 150, 20], 5), ValueError, "end has 3"),
    ("churn_rate", lambda: m.churn_rate(100, 120), ValueError, "lost"),
    ("churn_rate", lambda: m.churn_rate(100, -1), ValueError, "lost"),
    ("churn_rate", lambda: m.churn_rate([], 1), ValueError, "start"),
    ("churn_rate", lambda: m.churn_rate(None, 1), TypeError, "start"),
    ("expected_lifetime", lambda: m.expected_lifetime(1.0), ValueError, "retention"),
    ("expected_lifetime", lambda: m.expected_lifetime(80), ValueError, "retention"),
    ("expected_lifetime", lambda: m.expected_lifetime([]), ValueError, "retention"),
    ("expected_lifetime", lambda: m.expected_lifetime("0.8"), TypeError, "retention"),
    ("clv", lambda: m.clv(100, 1.2, 0.1), ValueError, "retention"),
    ("clv", lambda: m.clv(100, 0.8, -0.1), ValueError, "discount"),
    ("clv", lambda: m.clv(100, 1.0, 0.0), ValueError, "discount"),
    ("clv", lambda: m.clv(100, 0.8, 0.1, periods=0), ValueError, "periods"),
    ("clv", lambda: m.clv(100, 0.8, 0.1, periods=2.5), TypeError, "periods"),
    ("clv", lambda: m.clv([], 0.8, 0.1), ValueError, "margin"),
    ("clv", lambda: m.clv("100", 0.8, 0.1), TypeError, "margin"),
    ("clv", lambda: m.clv(100, 0.8, 0.1, acquisition_cost=-5), ValueError, "acquisition_cost"),
    ("word_of_mouth_reach", lambda: m.word_of_mouth_reach(-1), ValueError, "lost_customers"),
    ("word_of_mouth_reach", lambda: m.word_of_mouth_reach(2.5), TypeError, "lost_customers"),
    ("word_of_mouth_reach", lambda: m.word_of_mouth_reach(2, influence=None), TypeError, "influence"),
    ("word_of_mouth_loss", lambda: m.word_of_mouth_loss(2, 100, 0.8, 0.1, conversion=1.5), ValueError, "conversion"),
    ("word_of_mouth_loss", lambda: m.word_of_mouth_loss(-2, 100, 0.8, 0.1), ValueError, "lost_customers"),
    ("word_of_mouth_loss", lambda: m.word_of_mouth_loss(2, [100, 50], 0.8, 0.1), TypeError, "margin"),
    ("word_of_mouth_loss", lambda: m.word_of_mouth_loss(2, 100, 1.8, 0.1), ValueError, "retention"),
    ("rfm_scores", lambda: m.rfm_scores(TX.drop(columns="amount")), ValueError, "amount"),
    ("rfm_scores", lambda: m.rfm_scores(TX.iloc[:0]), ValueError, "transactions"),
    ("rfm_scores", lambda: m.rfm_scores(TX.to_dict()), TypeError, "transactions"),
    ("rfm_scores", lambda: m.rfm_scores(TX.assign(amount=[10.0, -3.0])), ValueError, "amount"),
    ("rfm_scores", lambda: m.rfm_scores(TX.assign(date=[1, 2])), TypeError, "date"),
    ("rfm_scores", lambda: m.rfm_scores(TX.assign(date=["2024-01-01", "soon"])), ValueError, "date"),
    ("rfm_scores", lambda: m.rfm_scores(TX, bins=12), ValueError, "bins"),
    ("rfm_scores", lambda: m.rfm_scores(TX, now="2023-01-01"), ValueError, "now"),
    ("rfm_scores", lambda: m.rfm_scores(TX, now=5), TypeError, "now"),
    ("rfm_scores", lambda: m.rfm_scores(TX.assign(customer_id=["a", None])), ValueError, "customer"),
    # --- quality ---
    ("servqual_item_gaps", lambda: m.servqual_item_gaps(E, P.drop(columns="r2")), ValueError, "r2"),
    ("servqual_item_gaps", lambda: m.servqual_item_gaps(E.iloc[:0], P), ValueError, "expectations"),
    ("servqual_item_gaps", lambda: m.servqual_item_gaps(E, P.to_numpy()), TypeError, "perceptions"),
    ("servqual_item_gaps", lambda: m.servqual_item_gaps(E, P.assign(r1=["x", "y"])), TypeError, "perceptions['r1']"),
    ("servqual_gaps", lambda: m.servqual_gaps(E, P, {"reliability": ["r1", "r9"]}), ValueError, "dimensions"),
    ("servqual_gaps", lambda: m.servqual_gaps(E, P, {}), TypeError, "dimensions"),
    ("servqual_gaps", lambda: m.servqual_gaps(E, P, {"reliability": []}), ValueError, "dimensions"),
    ("servqual_gaps", lambda: m.servqual_gaps(E, P, ["r1"]), TypeError, "dimensions"),
    ("servqual_gaps", lambda: m.servqual_gaps(E, P, {"a": ["r1"], "b": ["r1", "r2"]}), ValueError, "dimensions"),
    ("weighted_servqual", lambda: m.weighted_servqual(GAPS, {"reliability": 0.7, "empathy": 0.2}), ValueError, "importance"),
    ("weighted_servqual", lambda: m.weighted_servqual(GAPS, {"reliability": 1.0}), ValueError, "empathy"),
    ("weighted_servqual", lambda: m.weighted_servqual(GAPS, {}), ValueError, "importance"),
    ("weighted_servqual", lambda: m.weighted_servqual(GAPS, [0.5, 0.5]), TypeError, "importance"),
    ("weighted_servqual", lambda: m.weighted_servqual(GAPS.drop(columns="gap"), {"reliability": 1}), ValueError, "gap"),
    ("weighted_servqual", lambda: m.weighted_servqual(GAPS, {"reliability": 1.2, "empathy": -0.2}), ValueError, "importance['empathy']"),
    ("kano_category", lambda: m.kano_category(6, 1), ValueError, "functional"),
    ("kano_category", lambda: m.kano_category([1, 2], [1, 0]), ValueError, "dysfunctional"),
    ("kano_category", lambda: m.kano_category([], []), ValueError, "functional"),
    ("kano_category", lambda: m.kano_category("1", 2), TypeError, "functional"),
    ("kano_category", lambda: m.kano_category([1, 2], [1]), ValueError, "dysfunctional"),
    ("kano_category", lambda: m.kano_category(F, D.rename(columns={"wifi": "tv"})), ValueError, "dysfunctional"),
    ("kano_coefficients", lambda: m.kano_coefficients(["A", "X"]), ValueError, "categories"),
    ("kano_coefficients", lambda: m.kano_coefficients([]), ValueError, "categories"),
    ("kano_coefficients", lambda: m.kano_coefficients(np.array(["A", "X"])), ValueError, "'X'"),
    ("pareto", lambda: m.pareto(np.array([], dtype=str)), ValueError, "categories"),
    ("pareto", lambda: m.pareto(pd.Series(["a", None])), ValueError, "position 1"),
    ("kano_coefficients", lambda: m.kano_coefficients("AOM"), TypeError, "categories"),
    ("kano_coefficients", lambda: m.kano_coefficients(["R", "Q"]), ValueError, "categories"),
    ("kano_table", lambda: m.kano_table(F.assign(wifi=[1, 7]), D), ValueError, "functional['wifi']"),
    ("kano_table", lambda: m.kano_table(F.iloc[:0], D.iloc[:0]), ValueError, "functional"),
    ("kano_table", lambda: m.kano_table([1, 2], D), TypeError, "functional"),
    ("kano_table", lambda: m.kano_table(F, D.rename(columns={"wifi": "tv"})), ValueError, "dysfunctional"),
    ("importance_performance", lambda: m.importance_performance([4, 3], [3]), ValueError, "performance"),
    ("importance_performance", lambda: m.importance_performance([], []), ValueError, "importance"),
    ("importance_performance", lambda: m.importance_performance([4, "high"], [3, 4]), TypeError, "importance"),
    ("importance_performance", lambda: m.importance_performance([4, 3], [3, 4], cut="mode"), ValueError, "cut"),
    ("importance_performance", lambda: m.importance_performance([4, 3], [3, 4], cut=3), TypeError, "cut"),
    ("importance_performance", lambda: m.importance_performance([4, 3], [3, 4], labels=["a"]), ValueError, "labels"),
    ("customer_effort_score", lambda: m.customer_effort_score([1, 8]), ValueError, "responses"),
    ("customer_effort_score", lambda: m.customer_effort_score([]), ValueError, "responses"),
    ("customer_effort_score", lambda: m.customer_effort_score(["easy"]), TypeError, "responses"),
    ("customer_effort_score", lambda: m.customer_effort_score([1], scale_max=1), ValueError, "scale_max"),
    # --- complaints ---
    ("pareto", lambda: m.pareto([]), ValueError, "categories"),
    ("pareto", lambda: m.pareto({}), ValueError, "categories"),
    ("pareto", lambda: m.pareto("billing"), TypeError, "categories"),
    ("pareto", lambda: m.pareto({"a": -1, "b": 3}), ValueError, "categories['a']"),
    ("pareto", lambda: m.pareto({"a": 1.5}), ValueError, "categories['a']"),
    ("pareto", lambda: m.pareto(["a", None]), ValueError, "categories"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG.drop(columns="reopened")), ValueError, "reopened"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG.iloc[:0]), ValueError, "log"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG.to_dict()), TypeError, "log"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG.assign(contacts=[0, 1])), ValueError, "contacts"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG.assign(escalated=["no", "yes"])), TypeError, "escalated"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG.assign(received_at=[1, 2])), TypeError, "received_at"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG.assign(resolved_at=pd.to_datetime(["2024-04-01", None]))),
     ValueError, "resolved_at"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG, customers=0), ValueError, "customers"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG, customers=2.5), TypeError, "customers"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG, sla_hours=0), ValueError, "sla_hours"),
    ("complaint_kpis", lambda: m.complaint_kpis(LOG, as_of="someday"), ValueError, "as_of"),
    # --- segments and market ---
    ("segment_attractiveness", lambda: m.segment_attractiveness(SEGMENTS, {"size": 0.5, "profit": 0.4}), ValueError, "weights"),
    ("segment_attractiveness", lambda: m.segment_attractiveness(SEGMENTS, {"size": 0.5, "reach": 0.5}), ValueError, "reach"),
    ("segment_attractiveness", lambda: m.segment_attractiveness(SEGMENTS.iloc[:0], {"size": 1.0}), ValueError, "scores"),
    ("segment_attractiveness", lambda: m.segment_attractiveness(SEGMENTS.to_numpy(), {"size": 1.0}), TypeError, "scores"),
    ("segment_attractiveness", lambda: m.segment_attractiveness(SEGMENTS, [0.5, 0.5]), TypeError, "weights"),
    ("segment_attractiveness", lambda: m.segment_attractiveness(SEGMENTS.assign(size=["big", "small"]), {"size": 1.0}),
     TypeError, "scores['size']"),
    ("market_potential", lambda: m.market_potential(-1, 2, 3), ValueError, "buyers"),
    ("market_potential", lambda: m.market_potential([], 2, 3), ValueError, "buyers"),
    ("market_potential", lambda: m.market_potential(100, "2", 3), TypeError, "purchases_per_year"),
    ("market_potential", lambda: m.market_potential([1, 2], 2, [3, 4, 5]), ValueError, "price has 3"),
    ("market_share", lambda: m.market_share(120, 100), ValueError, "sales"),
    ("market_share", lambda: m.market_share(10, 0), ValueError, "market_sales"),
    ("market_share", lambda: m.market_share([], 100), ValueError, "sales"),
    ("market_share", lambda: m.market_share(10, None), TypeError, "market_sales"),
]


@pytest.mark.parametrize(("name", "call", "error", "text"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_names_the_parameter(name, call, error, text):
    with pytest.raises(error) as caught:
        call()
    assert text in str(caught.value), f"{name}: message {str(caught.value)!r} does not mention {text!r}"


def test_every_public_function_is_covered():
    public = {name for name in m.__all__ if callable(getattr(m, name))}
    covered = {case[0] for case in CASES}
    assert public - covered == set()
    assert covered - public == set()


def test_every_public_function_has_a_formula_docstring():
    for name in m.__all__:
        function = getattr(m, name)
        if callable(function):
            assert function.__doc__ and len(function.__doc__.strip()) > 40, name


def test_errors_show_the_bad_value():
    with pytest.raises(ValueError, match="1.2"):
        m.clv(100, 1.2, 0.1)
    with pytest.raises(ValueError, match="position 1 has 0"):
        m.erlang_c(200, 180, np.array([11, 0]))
