"""The question bank (``servicekit.questions``) and the self-checks built from it: every item
valid in both languages, computed answers recomputed, no tells (position, length), every lesson's
self-checks from the bank with the answer nowhere in the notebook, numeric answers shown only
after two tries or on request, and the language setting followed."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from statistics import NormalDist

import pytest

import servicekit
from servicekit import metrics, questions
from servicekit.language import set_language
from servicekit.widgets import quiz

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(ROOT.glob("notebooks/[01][0-9]_*.ipynb"))
TEACHING = [p for p in LESSONS if 1 <= int(p.name[:2]) <= 10]


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_the_bank_loads_and_every_lesson_has_self_checks():
    items = questions.bank()
    assert len([entry for entry in items if entry["use"] == "self_check"]) >= 70
    for lesson in range(1, 11):
        assert len(questions.lesson_items(lesson)) >= 5, f"lesson {lesson:02d}"
    assert len({entry["id"] for entry in items}) == len(items)


THEORY = ("single", "multiple", "true_false")


def test_the_bank_has_at_least_400_theory_items_and_every_lesson_has_some():
    theory = [entry for entry in questions.bank() if entry["type"] in THEORY]
    assert len(theory) >= 400, f"{len(theory)} theory items"
    for lesson in range(1, 11):
        assert any(entry["lesson"] == lesson for entry in theory), f"lesson {lesson:02d} has no theory item"
        # ... and the exam's (lesson 11 practises these, by lesson)
        assert any(entry["lesson"] == lesson for entry in questions.exam_items()), f"lesson {lesson:02d}"


def test_every_item_has_a_source_and_both_languages():
    for entry in questions.bank():
        assert entry["source"].startswith(("S1", "S2", "S3", "S4", "kit:", "ref:")), entry["id"]
        for code in ("zh", "en"):
            assert entry[code]["stem"] and entry[code]["explanation"]
        if entry["type"] != "number":
            assert len(entry["zh"]["options"]) == len(entry["en"]["options"])
        # Chinese is Chinese: the stem is mostly CJK characters, not English left untranslated.
        stem = entry["zh"]["stem"]
        cjk = sum(1 for ch in stem if "\u4e00" <= ch <= "\u9fff")
        assert cjk >= 0.3 * sum(1 for ch in stem if ch.isalpha()), entry["id"]
        # Chinese punctuation beside Chinese text: ，：；？ not , : ; ?
        for text in [stem, entry["zh"]["explanation"], *entry["zh"].get("options", [])]:
            assert not re.search(r"[\u4e00-\u9fff][,:;?]|[,;?][\u4e00-\u9fff]", text), (entry["id"], text)


def test_a_malformed_item_is_refused_naming_it(tmp_path, monkeypatch):
    (tmp_path / "99.yml").write_text("- id: 99-01\n  lesson: 99\n  type: single\n  difficulty: 1\n  source: S1 x\n"
                                     "  key: 3\n  en: {stem: s, options: [a, b], explanation: e}\n"
                                     "  zh: {stem: s, options: [甲, 乙], explanation: e}\n", encoding="utf-8")
    monkeypatch.setattr(questions, "BANK", tmp_path)
    questions.bank.cache_clear()
    try:
        with pytest.raises(questions.BankError, match="99.yml: item 99-01: key must index the options"):
            questions.bank()
    finally:
        monkeypatch.undo()
        questions.bank.cache_clear()


def test_answers_computed_by_the_course_formulas_are_what_the_formulas_give():
    computed = [entry for entry in questions.bank() if entry.get("computed_by")]
    assert len(computed) >= 5
    for entry in computed:
        value = eval(entry["computed_by"], {"metrics": metrics, "round": round, "float": float})  # noqa: S307
        assert math.isclose(entry["answer"], float(value), abs_tol=entry["tolerance"] / 10), entry["id"]


def _singles():
    return [entry for entry in questions.bank() if entry["type"] == "single"]


def test_true_false_items_are_true_about_as_often_as_false_and_multiple_choice_has_no_tells():
    true_false = [entry for entry in questions.bank() if entry["type"] == "true_false"]
    multiple = [entry for entry in questions.bank() if entry["type"] == "multiple"]
    if true_false:
        true = sum(entry["key"] == 0 for entry in true_false) / len(true_false)
        assert 0.35 <= true <= 0.65, f"{true:.0%} of the true/false statements are true"
    for entry in multiple:
        for code in ("en", "zh"):
            options = entry[code]["options"]
            keys = set(entry["key"])
            # The keys are not simply the longer options: the shortest key is not longer than every wrong one.
            wrong = [len(options[i]) for i in range(len(options)) if i not in keys]
            assert min(len(options[i]) for i in keys) <= max(wrong) + 2, (entry["id"], code)


def test_the_mock_exam_has_theory_items_from_the_sources():
    items = questions.exam_items()
    assert len(items) >= 50
    assert all(entry["source"].startswith(("S1", "S2", "S3", "S4")) for entry in items)
    assert {entry["type"] for entry in items} <= {"single", "true_false", "multiple"}
    assert len({entry["lesson"] for entry in items}) >= 6


ABOVE = re.compile(r"all of the above|none of the above|以上(都|皆|均|全|各项)", re.I)


def test_no_item_offers_all_or_none_of_the_above():
    # An option that points at the others ("all of the above", "以上都对") is a tell and breaks when
    # the options are shuffled; a statement built on one is no better.
    for entry in questions.bank():
        for code in ("en", "zh"):
            for text in [entry[code]["stem"], *entry[code].get("options", [])]:
                assert not ABOVE.search(text), (entry["id"], entry["type"], code, text)


#: The seeds the balance is checked for: a few, and the one lesson 11's theory practice shows.
SEEDS = (0, 1, 2, "practice")
#: How often the balance test may fail by chance for a fair shuffle, over all its checks.
FALSE_ALARM = 0.01


@pytest.mark.parametrize("kind", ["single", "multiple"])
def test_the_key_is_in_every_position_about_equally_often(kind):
    # Shuffled fairly, position p of an item with n options and k keys holds a key with chance
    # k / n: over the items, the count at p has mean sum(k / n) and variance sum(k / n (1 - k / n)).
    # The bound is z standard deviations, z set so that all checks (positions x seeds x the two
    # kinds) together fail by chance with FALSE_ALARM at most (Bonferroni), plus a half for the
    # counts being whole numbers.
    entries = [entry for entry in questions.bank() if entry["type"] == kind]
    positions = max(len(entry["en"]["options"]) for entry in entries)
    z = NormalDist().inv_cdf(1 - FALSE_ALARM / (2 * positions * len(SEEDS) * 2))
    for seed in SEEDS:
        counts, expected, variance = [0] * positions, [0.0] * positions, [0.0] * positions
        for entry in entries:
            order = questions.shuffled_order(entry, seed)
            keys = entry["key"] if isinstance(entry["key"], list) else [entry["key"]]
            share = len(keys) / len(order)
            for position, option in enumerate(order):
                counts[position] += option in keys
                expected[position] += share
                variance[position] += share * (1 - share)
        for position in range(positions):
            bound = z * math.sqrt(variance[position]) + 0.5
            assert abs(counts[position] - expected[position]) <= bound, (kind, seed, position, counts, expected)


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_key_is_the_longest_option_no_more_often_than_chance_and_a_margin(code):
    singles = _singles()
    longest = 0
    for entry in singles:
        lengths = [len(option) for option in entry[code]["options"]]
        key = lengths[entry["key"]]
        longest += key == max(lengths) and lengths.count(key) == 1
    chance = sum(1 / len(entry[code]["options"]) for entry in singles) / len(singles)
    assert longest / len(singles) <= chance + 0.12, f"{longest} of {len(singles)} keys are the longest option"


def _code_of(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.name)
def test_a_lessons_self_checks_are_its_bank_items_and_its_code_holds_no_answer(path):
    code = _code_of(path)
    lesson = int(path.name[:2])
    asked = [entry["id"] for entry in questions.lesson_items(lesson) if f'quiz.ask("{entry["id"]}")' in code]
    assert asked == [entry["id"] for entry in questions.lesson_items(lesson)]
    assert "quiz.choice(" not in code and "quiz.number(" not in code
    for entry in questions.lesson_items(lesson):
        for language in ("en", "zh"):
            assert entry[language]["explanation"] not in code
            if entry["type"] != "number":
                assert entry[language]["options"][entry["key"]] not in code, entry["id"]


def _number_item():
    return next(entry for entry in questions.bank() if entry["type"] == "number")


def test_a_numeric_self_check_shows_the_answer_only_after_two_tries_or_when_asked():
    entry = _number_item()
    widget = quiz.ask(entry["id"])
    box, check, show = widget.children[1].children
    result = widget.children[2]
    box.value = str(entry["answer"] + 1000)
    check.click()
    assert "Try again" in result.value and f"{entry['answer']:g}" not in result.value.replace(box.value, "")
    check.click()
    assert f"The answer is {entry['answer']:g}" in result.value
    fresh = quiz.ask(entry["id"])
    fresh.children[1].children[2].click()
    assert f"The answer is {entry['answer']:g}" in fresh.children[2].value


def test_an_empty_or_unreadable_entry_is_not_a_try_and_gives_nothing_away():
    entry = _number_item()
    widget = quiz.ask(entry["id"])
    box, check, _ = widget.children[1].children
    result = widget.children[2]
    answer = f"The answer is {entry['answer']:g}"
    for typed in ("", "   ", "lots", ""):
        box.value = typed
        check.click()
        assert answer not in result.value, f"checking {typed!r} showed the answer"
    assert "Type a number in the box first" in result.value
    box.value = "lots"
    check.click()
    assert "is not a number" in result.value and answer not in result.value
    for wrong in (entry["answer"] + 1000, entry["answer"] + 2000):  # two numbers are two tries
        box.value = str(wrong)
        check.click()
    assert answer in result.value


def test_an_empty_entry_is_told_what_to_type_in_chinese():
    entry = _number_item()
    set_language("zh")
    widget = quiz.ask(entry["id"])
    box, check, _ = widget.children[1].children
    check.click()
    check.click()
    assert "请先在框中填入一个数值" in widget.children[2].value
    assert f"答案是 {entry['answer']:g}" not in widget.children[2].value
    assert quiz.read_number(" ") == "请先在框中填入一个数值，例如 65.4。"
    assert quiz.read_number("1,234.5%") == 1234.5


def test_a_choice_self_check_shows_shuffled_options_and_checks_the_key():
    entry = next(e for e in _singles() if questions.shuffled_order(e) != list(range(len(e["en"]["options"]))))
    widget = quiz.ask(entry["id"])
    picker, check, result = widget.children[1], widget.children[2], widget.children[3]
    assert list(picker.options) == [entry["en"]["options"][i] for i in questions.shuffled_order(entry)]
    picker.value = entry["en"]["options"][entry["key"]]
    check.click()
    assert "Right." in result.value


def test_one_line_switches_a_self_check_to_chinese():
    entry = _singles()[0]
    servicekit.set_language("zh")
    widget = quiz.ask(entry["id"])
    assert entry["zh"]["stem"] in widget.children[0].value
    assert widget.children[2].description == "核对答案"
    assert set(widget.children[1].options) == set(entry["zh"]["options"])
    with pytest.raises(ValueError, match="choose one of en, zh"):
        servicekit.set_language("fr")
