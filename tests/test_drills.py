"""The drills: every answer recomputed from the question's own data with servicekit.metrics,
worked steps that end on the answer, diagnoses that fire on their mistakes, reproducible seeds,
both languages through the one language setting. The rules each drill keeps (conventions stated,
every right method accepted, rounding messages, table spans, realistic numbers) are pinned over
300 seeds per topic in test_drills_properties.py, which shares the questions drawn here."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

import servicekit
from servicekit import drills, metrics

#: The seeds every topic is drawn with, once per test run (both drill test files share the draw).
SEEDS = range(300)
#: The first seeds, recomputed here with servicekit.metrics (every seed is recomputed by hand in
#: test_drills_properties.py).
METRIC_SEEDS = range(100)


@functools.lru_cache(maxsize=None)
def draw(name: str) -> tuple:
    """The questions of topic ``name`` for every seed of ``SEEDS``, drawn once."""
    return tuple(drills.make(name, seed) for seed in SEEDS)


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English and leaves the language as it found it."""
    before = servicekit.language()
    servicekit.set_language("en")
    yield
    servicekit.set_language(before)


def responses(counts, start=1):
    levels = sorted(counts)
    return np.repeat(levels, [counts[level] for level in levels])


def one_row(means):
    return pd.DataFrame([means])


# How to recompute each topic's answer from ``question.data``, by calling the metric directly.
RECOMPUTE = {
    "satisfaction_rate": lambda d: metrics.satisfaction_rate(responses(d["counts"])),
    "likert_mean": lambda d: np.mean(metrics.likert_to_score(responses(d["counts"]))),
    "weighted_csi": lambda d: metrics.weighted_index(d["tree"], d["scores"], normalize=True),
    "acsi_rescale": lambda d: metrics.acsi_score(d["means"], d["weights"], d["low"], d["high"]),
    "top_box": lambda d: metrics.top_box(responses(d["counts"]), k=2, scale_max=d["scale_max"]),
    "nps": lambda d: metrics.nps(responses(d["counts"])),
    "cronbach_alpha": lambda d: metrics.cronbach_alpha(d["items"]),
    "sample_size": lambda d: metrics.sample_size(d["margin"], d["confidence"], d["p"], d["population"]),
    "servqual_gap": lambda d: metrics.servqual_gaps(one_row(d["expectations"]), one_row(d["perceptions"]),
                                                    d["dimensions"])["gap"].min(),
    "weighted_servqual": lambda d: metrics.weighted_servqual(d["gaps"], d["importance"]),
    "customer_effort": lambda d: metrics.customer_effort_score(responses(d["counts"]), scale_max=7),
    "ipa_quadrant": lambda d: (metrics.importance_performance(d["importance"], d["performance"])["quadrant"]
                               == "concentrate here").sum(),
    "kano_coefficient": lambda d: metrics.kano_coefficients(
        np.repeat(list(d["counts"]), list(d["counts"].values())))[d["which"]],
    "retention_rate": lambda d: metrics.retention_rate(d["start"], d["end"], d["new"]),
    "churn_rate": lambda d: metrics.churn_rate(d["start"], d["start"] + d["new"] - d["end"]),
    "customer_lifetime": lambda d: metrics.expected_lifetime(d["retention"]),
    "clv_finite": lambda d: metrics.clv(d["margin"], d["retention"], d["discount"], periods=d["periods"],
                                        acquisition_cost=d["acquisition_cost"]),
    "clv_infinite": lambda d: metrics.clv(d["margin"], d["retention"], d["discount"],
                                          acquisition_cost=d["acquisition_cost"]),
    "rfm_score": lambda d: metrics.rfm_scores(d["transactions"], now=d["now"]).loc[d["customer"], "score"],
    "word_of_mouth": lambda d: metrics.word_of_mouth_loss(d["lost_customers"], d["margin"], d["retention"],
                                                          d["discount"], influence=250, conversion=d["conversion"]),
    "pareto_vital_few": lambda d: metrics.pareto(d["counts"])["vital_few"].sum(),
    "erlang_agents": lambda d: metrics.agents_needed(d["arrival_rate"], d["aht"], d["target_time"], d["target_level"]),
    "erlang_service_level": lambda d: metrics.service_level(d["arrival_rate"], d["aht"], d["agents"], d["target_time"]),
    # The VMI drill calls servicekit.metrics.strategy.vmi_savings; here the saving is recomputed by hand.
    "vmi_savings": lambda d: (d["hospitals"] * (d["before"] - d["after"]) * d["cost"] * d["days"]
                              + d["hospitals"] * d["stock_before"] * d["cut"] * d["holding"]),
    "complaint_kpis": lambda d: metrics.complaint_kpis(d["log"], customers=d["customers"], sla_hours=d["sla_hours"],
                                                       as_of=d["as_of"])[d["kpi"]],
    "segment_attractiveness": lambda d: metrics.segment_attractiveness(d["scores"], d["weights"]).max(),
    "market_potential": lambda d: metrics.market_potential(d["buyers"], d["purchases_per_year"], d["price"]) / 1e6,
    "market_share": lambda d: metrics.market_share(d["sales"], d["market_sales"]),
}


@pytest.fixture(scope="module")
def drawn():
    """300 questions of every topic, drawn once for the whole run."""
    return {name: draw(name) for name in drills.topics()}


def test_there_are_at_least_twenty_topics_and_each_is_recomputed_here():
    assert len(drills.topics()) >= 20
    assert set(drills.topics()) == set(RECOMPUTE), "every topic needs an independent recomputation in this test"
    assert set(drills.titles()) == set(drills.topics())


def test_every_answer_matches_the_metric_recomputed_from_the_question_data(drawn):
    for name, questions in drawn.items():
        for q in questions[: len(METRIC_SEEDS)]:
            expected = float(RECOMPUTE[name](q.data))
            assert q.answer == pytest.approx(expected, rel=1e-9, abs=1e-9), f"{name} seed {q.seed}"
            assert q.topic == name and q.seed in SEEDS


def test_the_last_step_states_the_answer_and_the_answer_checks_right(drawn):
    for name, questions in drawn.items():
        for q in questions:
            assert q.steps[-1] == f"Answer: {q.format(q.answer)}.", f"{name} seed {q.seed}"
            assert len(q.steps) >= 2 and all(isinstance(s, str) and s for s in q.steps)
            assert q.check(q.answer)[0], f"{name} seed {q.seed}"
            # Typed as the candidate would, rounded to the decimals asked for, it is still right.
            assert q.check(f"{q.answer:.{q.decimals}f}")[0], f"{name} seed {q.seed}"
            assert q.text and q.unit is not None and q.tolerance > 0


def test_every_diagnosis_fires_on_its_wrong_variant(drawn):
    fired = {name: 0 for name in drawn}
    for name, questions in drawn.items():
        for q in questions:
            for mistake in q.mistakes:
                ok, message = q.check(mistake.value)
                assert not ok, f"{name} seed {q.seed}: {mistake}"
                assert mistake.message in message, f"{name} seed {q.seed}: {message!r}"
                fired[name] += 1
    # Every topic diagnoses at least one mistake in most of its questions.
    assert all(count >= len(SEEDS) for count in fired.values()), fired


def test_every_diagnosis_fires_in_chinese_too(drawn):
    for name, questions in drawn.items():
        for q in questions[:50]:
            for mistake in q.mistakes:
                ok, message = q.check(mistake.value, language="zh")
                assert not ok and message == f"不对：{mistake.message_in('zh')}", f"{name} seed {q.seed}"


@pytest.mark.parametrize("name, seed, wrong, expected", [
    ("sample_size", 5, "no_fpc", "you forgot the finite-population correction"),
    ("sample_size", 5, "round_down", "you rounded down; round up: a sample size is always rounded up"),
    ("clv_finite", 5, "first_period", "you did not discount the first period"),
    ("satisfaction_rate", 5, "fraction", "you gave a fraction; the answer is in percent"),
    ("cronbach_alpha", 5, "population", "you used the population variance"),
])
def test_named_mistakes_get_their_message(name, seed, wrong, expected):
    q = drills.make(name, seed)
    d = q.data
    if wrong == "no_fpc":
        value = metrics.sample_size(d["margin"], d["confidence"], d["p"])
    elif wrong == "round_down":
        value = q.lowest_right() - 1
    elif wrong == "first_period":
        # Discounting from t = 0: every margin is worth (1 + d) times more.
        value = (q.answer + d["acquisition_cost"]) * (1 + d["discount"]) - d["acquisition_cost"]
    elif wrong == "fraction":
        value = q.answer / 100
    else:
        items = d["items"]
        k = items.shape[1]
        value = k / (k - 1) * (1 - items.var(ddof=0).sum() / items.sum(axis=1).var(ddof=1))
    ok, message = q.check(value)
    assert not ok and expected in message


def test_same_seed_same_question_and_different_seeds_differ():
    for name in drills.topics():
        a, b = drills.make(name, 11), drills.make(name, 11)
        assert a == b and (a.text, a.answer, a.steps) == (b.text, b.answer, b.steps)
        assert len({drills.make(name, s).text for s in range(5)}) > 1


def test_numbers_are_realistic(drawn):
    for q in drawn["erlang_agents"]:
        assert q.data["arrival_rate"] >= 100 and q.answer >= 5
    for name in ("satisfaction_rate", "likert_mean", "top_box", "nps", "customer_effort"):
        for q in drawn[name]:
            assert 200 <= sum(q.data["counts"].values()) <= 1000


def test_check_reads_typed_text_and_refuses_nonsense():
    q = drills.make("nps", 3)
    assert q.check(f"{q.answer:.1f}")[0]
    assert q.check(f" {q.answer:.1f} ")[0]
    assert not q.check("abc")[0] and "not a number" in q.check("abc")[1]
    assert "Type your answer" in q.check("")[1]
    assert not q.check(True)[0]
    assert not q.check(float("nan"))[0]
    money = drills.make("clv_infinite", 3)
    assert money.check(f"{money.answer:,.0f}")[0], "thousands separators are allowed"
    assert money.check(f"{money.answer:.0f} yuan")[0], "the unit may be typed"
    assert drills.make("satisfaction_rate", 3).check(f"{drills.make('satisfaction_rate', 3).answer:.1f}%")[0]
    # As typed on a Chinese keyboard: the Chinese unit, full-width digits and signs.
    assert money.check(f"{money.answer:,.0f}元")[0]
    wide = f"{drills.make('nps', 3).answer:.1f}".translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.-"})
    assert q.check(wide)[0], wide
    assert q.check("abc", language="zh") == (False, "“abc”不是数值，请只填数字，例如 72.5。")
    assert q.check("", language="zh") == (False, "请先填入答案。")
    assert drills.parse_answer(True, "zh") == "请填入数值，而不是 True/False。"


@pytest.mark.parametrize("topic, seed, error", [
    ("no_such_topic", 1, ValueError), (3, 1, TypeError), ("nps", -1, ValueError), ("nps", 1.5, TypeError),
    ("nps", "7", TypeError), ("nps", True, TypeError),
])
def test_bad_topic_or_seed_is_refused(topic, seed, error):
    with pytest.raises(error) as raised:
        drills.make(topic, seed)
    assert ("topic" in str(raised.value)) or ("seed" in str(raised.value))


def test_mock_exam_is_reproducible_and_spreads_the_topics():
    exam = drills.mock_exam(40, seed=2024)
    again = drills.mock_exam(40, seed=2024)
    assert [(q.topic, q.seed) for q in exam] == [(q.topic, q.seed) for q in again]
    assert [(q.topic, q.seed) for q in drills.mock_exam(40, seed=2025)] != [(q.topic, q.seed) for q in exam]
    counts = pd.Series([q.topic for q in exam]).value_counts()
    n_topics = len(drills.topics())
    assert len(counts) == min(40, n_topics)
    assert counts.max() - counts.min() <= 1, "topics are dealt evenly"
    assert [q.topic for q in drills.mock_exam(5, 1, pool=["nps"])] == ["nps"] * 5


@pytest.mark.parametrize("n, seed, error", [(0, 1, ValueError), (2.5, 1, TypeError), (5, -2, ValueError),
                                            (True, 1, TypeError)])
def test_mock_exam_refuses_bad_input(n, seed, error):
    with pytest.raises(error):
        drills.mock_exam(n, seed)


def test_score_exam_counts_right_answers_by_topic():
    exam = drills.mock_exam(6, seed=7, pool=["nps", "churn_rate", "sample_size"])
    # nps, churn, sample size each twice; answer the first of each right, the second wrong or blank.
    seen, answers = set(), []
    for q in exam:
        answers.append(q.answer if q.topic not in seen else (None if q.topic == "nps" else q.answer + 50))
        seen.add(q.topic)
    scores = drills.score_exam(exam, answers)
    assert list(scores.columns) == ["title", "questions", "correct", "percent"]
    assert scores.loc["nps", "questions"] == 2 and scores.loc["nps", "correct"] == 1
    assert scores.loc["churn_rate", "percent"] == pytest.approx(50.0)
    assert scores.loc["total", "questions"] == 6 and scores.loc["total", "correct"] == 3
    assert scores.loc["total", "percent"] == pytest.approx(50.0)
    marked = drills.mark_exam(exam, {i + 1: a for i, a in enumerate(answers)})
    assert marked["correct"].sum() == 3
    assert (marked.loc[~marked["correct"], "message"].str.len() > 0).all()
    chinese = drills.mark_exam(exam, answers, language="zh")
    assert list(chinese["correct"]) == list(marked["correct"]) and "未作答。" in set(chinese["message"])
    assert set(chinese["title"]) == {q.title_in("zh") for q in exam}
    assert drills.score_exam(exam, answers, language="zh").loc["total", "title"] == "全部题型"
    with pytest.raises(ValueError, match="answers"):
        drills.score_exam(exam, answers[:-1])


# The metric each topic's answer must come from (one home for every formula).
SOURCE = {
    "satisfaction_rate": "satisfaction_rate", "likert_mean": "likert_to_score", "weighted_csi": "weighted_index",
    "acsi_rescale": "acsi_score", "top_box": "top_box", "nps": "nps", "cronbach_alpha": "cronbach_alpha",
    "sample_size": "sample_size", "servqual_gap": "servqual_gaps", "weighted_servqual": "weighted_servqual",
    "customer_effort": "customer_effort_score", "ipa_quadrant": "importance_performance",
    "kano_coefficient": "kano_coefficients", "retention_rate": "retention_rate", "churn_rate": "churn_rate",
    "customer_lifetime": "expected_lifetime", "clv_finite": "clv", "clv_infinite": "clv", "rfm_score": "rfm_scores",
    "word_of_mouth": "word_of_mouth_loss", "pareto_vital_few": "pareto", "erlang_agents": "agents_needed",
    "erlang_service_level": "service_level", "complaint_kpis": "complaint_kpis",
    "segment_attractiveness": "segment_attractiveness", "market_potential": "market_potential",
    "market_share": "market_share",
}


@pytest.mark.parametrize("name", sorted(SOURCE))
def test_each_topic_takes_its_answer_from_servicekit_metrics(name, monkeypatch):
    original = getattr(metrics, SOURCE[name])
    calls = []

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(metrics, SOURCE[name], spy)
    drills.make(name, 1)
    assert calls, f"{name} does not call servicekit.metrics.{SOURCE[name]}"


def test_only_the_vmi_case_has_no_metric_behind_it():
    assert set(drills.topics()) - set(SOURCE) == {"vmi_savings"}


def test_the_vmi_drill_takes_its_answer_from_lesson_02s_function(monkeypatch):
    from servicekit.metrics import strategy

    original, calls = strategy.vmi_savings, []
    monkeypatch.setattr(strategy, "vmi_savings", lambda *a, **k: calls.append(a) or original(*a, **k))
    drills.make("vmi_savings", 3)
    assert calls, "the VMI drill must call servicekit.metrics.strategy.vmi_savings"


def test_every_drill_counts_for_the_lesson_its_module_names():
    """A drill's lesson (for marks by topic) is its module's LESSON, the lesson the module's
    docstring names: a mock paper sums a calculation under the lesson that teaches it."""
    import re
    import sys

    from servicekit.drills._core import TOPICS

    for name, found in TOPICS.items():
        module = sys.modules[found.build.__module__]
        named = int(re.search(r"lesson (\d\d)", module.__doc__).group(1))
        assert found.lesson == named == drills.make(name, 1).lesson, name
