"""The mock exam (lesson 12): papers dealt from a seed by ``paper.yml``, marked by the rules they
state, printable with their key; and the widget driven without a browser: the language chosen at
the start, the clock that closes the paper, Start that asks before wiping a paper, the marks by
section and topic, the review of every miss, step marks and a case marked against its scheme."""

from __future__ import annotations

import html
import re
import time

import pytest

from servicekit.questions import exam_items
from servicekit.questions import paper as papers
from servicekit.questions import source_note
from servicekit.widgets.exam import MockExam, Sitting, format_clock


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _right(entry):
    return tuple(sorted(entry["key"])) if entry["type"] == "multiple" else entry["key"]


# --- papers ----------------------------------------------------------------------------------

def test_the_default_papers_state_their_structure_and_have_100_points_each():
    theory, skills = papers.theory_paper(seed=1), papers.skills_paper(seed=1)
    assert theory.max_points == 100 and skills.max_points == 100
    assert [(s.type, len(items)) for s, items in theory.sections] == [("single", 40), ("multiple", 20), ("true_false", 20)]
    assert len(skills.calculations) == 6 and len(skills.cases) == 2
    assert "40题，每题1分" in papers.rules(theory, "zh") and "90 minutes" in papers.rules(theory, "en")
    assert "职业道德" in papers.scope("zh") and "professional-ethics" in papers.scope("en")


def test_a_paper_is_the_same_for_a_seed_and_spreads_over_the_lessons():
    ids = [e["id"] for _, e in papers.theory_paper(seed=3).items]
    assert ids == [e["id"] for _, e in papers.theory_paper(seed=3).items]
    assert ids != [e["id"] for _, e in papers.theory_paper(seed=4).items]
    assert len(set(ids)) == len(ids)
    for section, entries in papers.theory_paper(seed=3).sections:
        available = {e["lesson"] for e in exam_items() if e["type"] == section.type}
        lessons = [e["lesson"] for e in entries]
        assert len(set(lessons)) == min(len(entries), len(available)), section.type
    skills = papers.skills_paper(seed=3)
    assert [q.seed for q in skills.calculations] == [q.seed for q in papers.skills_paper(seed=3).calculations]


def test_a_malformed_structure_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "paper.yml"
    path.write_text("theory: {minutes: 0, sections: [{type: single, count: 1, points: 1}]}\n"
                    "skills: {minutes: 10, sections: [{type: case, count: 1, points: 20}]}\n")
    with pytest.raises(papers.PaperError, match="theory.minutes=0"):
        papers.structure(str(path))
    path.write_text("theory: {minutes: 5, sections: [{type: essay, count: 1, points: 1}]}\n"
                    "skills: {minutes: 10, sections: [{type: case, count: 1, points: 20}]}\n")
    with pytest.raises(papers.PaperError, match="type='essay'"):
        papers.structure(str(path))


def test_items_are_marked_by_the_stated_rules():
    single = next(e for e in exam_items() if e["type"] == "single")
    multiple = next(e for e in exam_items() if e["type"] == "multiple" and len(e["key"]) >= 2)
    one, two = papers.Section("single", 1, 1.0), papers.Section("multiple", 1, 2.0)
    wrong = next(i for i in range(len(single["en"]["options"])) if i != single["key"])
    assert papers.mark_item(one, single, single["key"]) == 1 and papers.mark_item(one, single, wrong) == 0
    assert papers.mark_item(one, single, None) == 0
    keys = multiple["key"]
    bad = next(i for i in range(len(multiple["en"]["options"])) if i not in keys)
    assert papers.mark_item(two, multiple, keys) == 2
    assert papers.mark_item(two, multiple, keys[:1]) == 1          # some right, none wrong: half
    assert papers.mark_item(two, multiple, [*keys, bad]) == 0      # any wrong option: nothing
    assert papers.mark_item(two, multiple, []) == 0


def test_a_calculation_earns_all_for_the_answer_or_step_marks_and_a_case_its_ticked_lines():
    skills = papers.skills_paper(seed=2)
    section, question = skills.section("calculation"), skills.calculations[0]
    assert papers.mark_calculation(section, question, question.answer)["points"] == 10
    steps = len(question.steps)
    got = papers.mark_calculation(section, question, "-123456", steps_right=steps)
    assert not got["right"] and got["points"] == pytest.approx(6)  # the 4 answer points need the answer
    assert papers.mark_calculation(section, question, "", steps_right=1)["points"] == pytest.approx(round(6 / steps, 2))
    case = skills.cases[0]
    ticks = [[True] + [False] * (len(q["scheme"]) - 1) for q in case["en"]["questions"]]
    assert papers.mark_case(case, ticks) == [float(q["scheme"][0]["points"]) for q in case["en"]["questions"]]


def test_every_case_has_both_languages_and_schemes_that_add_up():
    for case in papers.cases():
        assert papers.case_points(case) == 20
        for code in ("en", "zh"):
            for question in case[code]["questions"]:
                assert question["model"].strip() and question["prompt"].strip()
                assert sum(line["points"] for line in question["scheme"]) == question["points"]
        chinese = "".join(q["prompt"] + q["model"] for q in case["zh"]["questions"]) + case["zh"]["material"]
        assert not re.search(r"[A-Za-z]{4,}", chinese.replace("VMI", "").replace("CEO", "")), case["id"]


def test_the_printable_paper_hides_the_key_and_the_key_matches_the_shown_order():
    theory = papers.theory_paper(seed=5)
    sheet, key = papers.printable_html(theory, "zh"), papers.printable_html(theory, "zh", key=True)
    first = theory.items[0][1]
    assert first["zh"]["stem"] in sheet and first["zh"]["explanation"] not in sheet and "答案" not in sheet
    letter = papers.LETTERS[theory.order(first).index(first["key"])]
    assert f"答案: {letter}" in key and first["zh"]["explanation"] in key
    assert "单项选择题" in sheet and "Single choice" not in sheet and "@media print" in sheet
    skills = papers.skills_paper(seed=5)
    case_key = papers.printable_html(skills, "en", key=True)
    assert skills.cases[0]["en"]["questions"][0]["model"] in case_key
    assert skills.cases[0]["en"]["questions"][0]["model"] not in papers.printable_html(skills, "en")


def test_printables_are_written_to_the_folder_asked(tmp_path):
    paper_path, key_path = papers.save_printable(papers.theory_paper(seed=5), "en", tmp_path)
    assert paper_path.read_text(encoding="utf-8").startswith("<!doctype html>") and key_path.name.endswith("_key.html")


# --- the widget --------------------------------------------------------------------------------

def _visible_text(exam: MockExam) -> str:
    parts = [exam.clock_html.value, exam.item_html.value, exam.result_html.value, exam.info_html.value,
             exam.confirm_html.value, exam.previous_button.description, exam.next_button.description,
             exam.finish_button.description, exam.start_button.description]
    for child in exam.answer_area.children:
        parts.append(str(getattr(child, "description", "")))
        parts += [str(label) for label, _ in getattr(child, "options", ())]
    return re.sub(r"<[^>]+>", " ", " ".join(parts))


def test_a_theory_sitting_in_chinese_is_chinese_on_screen_and_marked_by_section_and_topic():
    clock = FakeClock()
    exam = MockExam(seed=11, kind="theory", code="zh", clock=clock, run_timer=False)
    assert "开始考试" == exam.start_button.description and "职业道德" in exam.info_html.value
    exam.start_button.click()
    sitting = exam.sitting
    assert "剩余时间：1:30:00" in exam.clock_html.value and "第1题（共80题）" in exam.item_html.value
    for index, (_, section, entry) in enumerate(sitting.items[:10]):
        exam.go(index)
        if section.type == "multiple":
            for box, option in zip(exam.answer_area.children, sitting.paper.order(entry)):
                box.value = option in entry["key"]
        else:
            exam.answer_area.children[0].value = entry["key"]
    text = _visible_text(exam)
    assert not re.search(r"\b(Question|Time left|answered|Next|Previous)\b", text), text[:300]
    assert "已答10题" in exam.clock_html.value
    exam.go(0)
    assert exam.answer_area.children[0].value == sitting.items[0][2]["key"], "an answer is kept when coming back"
    exam.finish_button.click()
    result = exam.result_html.value
    expected = sum(section.points for _, section, _ in sitting.items[:10])
    assert f"得分：{expected:g}分，满分100分" in result and "按题型" in result and "按知识模块（由弱到强）" in result
    missed = sitting.items[10][2]
    assert missed["zh"]["explanation"] in result and source_note(missed["source"], "zh") in result and "未作答" in result
    assert sitting.items[0][2]["zh"]["explanation"] not in result, "a right item is not in the review"


def test_the_clock_closes_the_paper_from_the_background_thread():
    clock = FakeClock()
    exam = MockExam(seed=2, kind="theory", code="en", clock=clock)
    exam.start_button.click()
    clock.now += 90 * 60 + 1
    deadline = time.monotonic() + 5
    # The thread marks the sitting finished, then writes the results: wait for both.
    while "Time is up" not in exam.result_html.value and time.monotonic() < deadline:
        time.sleep(0.05)
    assert exam.sitting.finished and "Time is up" in exam.result_html.value
    assert exam.exam_box.layout.display == "none"


def test_start_asks_before_wiping_a_paper_in_progress():
    exam = MockExam(seed=2, kind="theory", code="en", clock=FakeClock(), run_timer=False)
    exam.start_button.click()
    first = exam.sitting
    exam.answer_area.children[0].value = first.items[0][2]["key"]
    exam.start_button.click()
    assert exam.confirm_box.layout.display is None and "lose the answers" in exam.confirm_html.value
    exam.keep_button.click()
    assert exam.sitting is first and first.answers and exam.confirm_box.layout.display == "none"
    exam.start_button.click()
    exam.restart_button.click()
    assert exam.sitting is not first and exam.sitting.answered() == 0


def test_a_skills_sitting_gives_step_marks_and_case_marks_as_the_candidate_ticks():
    exam = MockExam(seed=4, kind="skills", code="en", clock=FakeClock(), run_timer=False)
    exam.start_button.click()
    sitting = exam.sitting
    first = sitting.items[0][2]
    exam.answer_area.children[0].value = f"{first.answer}"
    exam.finish_button.click()
    assert "Score: 10 of 100" in exam.result_html.value
    boxes = [c for c in exam.marking_box.children if type(c).__name__ == "Checkbox"]
    boxes[0].value = True  # the first step of the second calculation
    second = sitting.items[1][2]
    share = round(6 / len(second.steps), 2)
    assert f"Score: {10 + share:g} of 100" in exam.result_html.value
    scheme = [b for b in boxes if b.description.startswith("(")]
    scheme[0].value = True
    points = float(re.match(r"\((\d+)\)", scheme[0].description).group(1))
    assert f"Score: {10 + share + points:g} of 100" in exam.result_html.value
    # Marks by topic use the lessons' topics, as the theory paper's do: a calculation counts for
    # the lesson that teaches it (its drill module's LESSON), not under its drill's own title.
    by_topic = sitting.marks()["by_topic"]
    taught = {q.lesson for kind, _, q in sitting.items if kind == "calculation"} | {c["lesson"] for c in sitting.paper.cases}
    assert set(by_topic) == taught and all(1 <= lesson <= 10 for lesson in taught)
    result = exam.result_html.value
    assert all(papers.topic_name(lesson, "en") in result for lesson in taught)
    assert first.title_in("en") not in result.split("By topic")[1].split("</table>")[0]


def test_printing_from_the_widget_writes_the_paper_and_its_key(tmp_path):
    exam = MockExam(seed=6, kind="theory", code="zh", clock=FakeClock(), run_timer=False)
    written = exam.print_paper(folder=tmp_path)
    assert all(p.is_file() for p in written) and "已生成" in exam.info_html.value


def test_no_answer_key_can_be_printed_while_a_paper_is_being_sat(tmp_path):
    exam = MockExam(seed=6, kind="theory", code="en", clock=FakeClock(), run_timer=False)
    exam.start_button.click()
    assert exam.print_button.disabled
    assert exam.print_paper(folder=tmp_path) is None and list(tmp_path.iterdir()) == []
    assert "hand in your paper first" in exam.info_html.value
    exam.finish_button.click()
    assert not exam.print_button.disabled and all(p.is_file() for p in exam.print_paper(folder=tmp_path))


def test_the_widget_starts_in_the_lessons_language_and_the_review_names_sources_in_it():
    import servicekit
    from servicekit.questions import SOURCE_NAMES

    for code in ("zh", "en"):
        servicekit.set_language(code)
        try:
            exam = MockExam(seed=3, kind="theory", clock=FakeClock(), run_timer=False)
        finally:
            servicekit.set_language("en")
        assert exam.language_choice.value == code
        exam.start_button.click()
        exam.finish_button.click()  # nothing answered: every item is in the review
        review = exam.result_html.value
        shown = {entry["source"] for _, _, entry in exam.sitting.items}
        assert all(html.escape(source_note(source, code)) in review for source in shown)
        assert "kit:" not in review and "ref:" not in review
        names = [name[code] for name in SOURCE_NAMES.values()]
        assert any(name in review for name in names)
        other = "en" if code == "zh" else "zh"
        assert not any(name[other] in review for name in SOURCE_NAMES.values())


def test_a_source_reads_in_the_candidates_language():
    from servicekit.questions import source_label

    assert source_label("S2 投诉管理程序；S1 客户投诉处理流程设计原则", "en") == (
        "S2, the Performance Excellence training deck on customers and markets, section “投诉管理程序”; "
        "S1, the Senior Customer Manager training text, section “客户投诉处理流程设计原则”")
    assert source_label("S2 顾客满意度测评; ref: Parasuraman, Zeithaml & Berry (1991)", "zh") == (
        "S2 卓越绩效模式“以顾客和市场为中心”培训讲义：顾客满意度测评；参考文献：Parasuraman, Zeithaml & Berry (1991)")
    assert source_label("kit: metrics.weighted_index (weights per group; normalize=True)", "en") == (
        "this course: metrics.weighted_index (weights per group; normalize=True)")
    assert source_label("S3 客户服务在企业价值链中的首要地位", "zh") == "S3《客户服务在企业价值链中的首要地位》"


def test_format_clock():
    assert format_clock(61) == "01:01" and format_clock(3600) == "1:00:00" and format_clock(-3) == "00:00"


def test_a_sitting_counts_down_on_its_clock():
    clock = FakeClock()
    sitting = Sitting("theory", 1, "en", clock=clock)
    assert sitting.remaining == 90 * 60
    clock.now += 90 * 60
    assert sitting.timed_out
