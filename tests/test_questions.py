"""The question bank (``servicekit.questions``) and the self-checks built from it: every item
valid in both languages, computed answers recomputed, no tells (position, length), every lesson's
self-checks from the bank with the answer nowhere in the notebook, numeric answers shown only
after two tries or on request, and the language setting followed."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

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
            assert not any(re.search(r"all of the above|以上(都|均|全)", option, re.I) for option in options)
            # The keys are not simply the longer options: the shortest key is not longer than every wrong one.
            wrong = [len(options[i]) for i in range(len(options)) if i not in keys]
            assert min(len(options[i]) for i in keys) <= max(wrong) + 2, (entry["id"], code)


def test_the_mock_exam_has_theory_items_from_the_sources():
    items = questions.exam_items()
    assert len(items) >= 50
    assert all(entry["source"].startswith(("S1", "S2", "S3", "S4")) for entry in items)
    assert {entry["type"] for entry in items} <= {"single", "true_false", "multiple"}
    assert len({entry["lesson"] for entry in items}) >= 6


def test_the_key_is_in_every_position_about_equally_often():
    counts, expected, variance = {}, {}, {}
    for entry in _singles():
        order = questions.shuffled_order(entry)
        shown = order.index(entry["key"])
        count = len(order)
        counts[shown] = counts.get(shown, 0) + 1
        for position in range(count):
            expected[position] = expected.get(position, 0) + 1 / count
            variance[position] = variance.get(position, 0) + (1 / count) * (1 - 1 / count)
    for position, mean in expected.items():
        assert abs(counts.get(position, 0) - mean) <= 3 * math.sqrt(variance[position]) + 1, (position, counts, expected)


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
