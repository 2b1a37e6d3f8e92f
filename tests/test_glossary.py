"""The glossary: every lesson's key terms are in it with the same Chinese, no conflicting
duplicates, at least 80 terms, and search works in English and Chinese."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from conftest import ROOT
from servicekit import glossary

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def key_terms(path) -> list[tuple[str, str]]:
    """(English, Chinese) of every row of the notebook's ``## Key terms`` Markdown table."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        match = re.search(r"^## Key terms\s*$(.*?)(?=^#{1,2} |\Z)", text, flags=re.M | re.S)
        if not match:
            continue
        lines = [line.strip() for line in match.group(1).splitlines() if line.strip().startswith("|")]
        for line in lines[2:]:  # skip the header and the |---| line
            cells = [c.strip().strip("*`").strip() for c in line.strip("|").split("|")]
            rows.append((cells[0], cells[1]))
    return rows


def normal(term: str) -> str:
    return " ".join(term.casefold().split())


@pytest.fixture(scope="module")
def table():
    return glossary.terms()


def test_terms_has_the_columns_and_enough_distinct_terms(table):
    assert list(table.columns) == ["term", "chinese", "definition", "lesson"]
    assert table["term"].map(normal).nunique() >= 80
    assert (table[["term", "chinese", "definition"]].apply(lambda c: c.str.len() > 0)).all().all()
    assert {"calc", "general"} <= set(table["lesson"])


def test_no_term_has_two_different_chinese_originals(table):
    chinese = table.assign(key=table["term"].map(normal)).groupby("key")["chinese"].nunique()
    assert not (chinese > 1).any(), f"terms with conflicting Chinese: {list(chinese[chinese > 1].index)}"


def test_a_term_file_does_not_list_a_term_twice(table):
    doubled = table.assign(key=table["term"].map(normal)).duplicated(["lesson", "key"])
    assert not doubled.any(), table[doubled]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_key_term_of_a_lesson_is_in_the_glossary_with_the_same_chinese(path, table):
    known = table.assign(key=table["term"].map(normal)).groupby("key")["chinese"].agg(set)
    for term, chinese in key_terms(path):
        assert normal(term) in known.index, f"{path.name}: key term {term!r} is not in the glossary"
        assert chinese in known[normal(term)], (f"{path.name}: {term!r} is {chinese!r} in the lesson but "
                                                f"{known[normal(term)]} in the glossary")


def test_key_terms_reads_a_markdown_table(tmp_path):
    cell = {"cell_type": "markdown", "metadata": {}, "source": [
        "## Key terms\n\n| Term | 中文 | Meaning |\n| --- | --- | --- |\n| **churn rate** | 客户流失率 | lost ÷ start |\n",
        "| NPS | 净推荐值 | promoters − detractors |\n\n## Where next\n\n| not | a | term |\n"]}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    assert key_terms(path) == [("churn rate", "客户流失率"), ("NPS", "净推荐值")]


def test_search_finds_english_and_chinese_substrings():
    english = glossary.search("lifetime value")
    assert "customer lifetime value" in set(english["term"])
    chinese = glossary.search("流失率")
    assert "churn rate" in set(chinese["term"]) and (chinese["chinese"].str.contains("流失率")).all()
    assert "customer lifetime value" in set(glossary.search("LIFETIME VAL")["term"]), "case does not matter"
    assert glossary.search("no such term anywhere").empty
    assert len(glossary.search("")) == len(glossary.terms())
    # A word of some definition that no term or Chinese original contains: found only in definitions.
    table = glossary.terms()
    names = " ".join(table["term"].str.casefold()) + " ".join(table["chinese"])
    row, word = next((r, w) for _, r in table.iterrows() for w in r["definition"].casefold().split()
                     if len(w) > 6 and w.isalpha() and w not in names)
    assert row["term"] in set(glossary.search(word, definitions=True)["term"])
    assert glossary.search(word).empty
    with pytest.raises(TypeError, match="text"):
        glossary.search(None)


def test_a_broken_term_file_is_refused_with_its_name(tmp_path, monkeypatch):
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "99.yml").write_text("- term: x\n  chinese: 叉\n", encoding="utf-8")

    class Files:
        def __truediv__(self, name):
            return folder

    monkeypatch.setattr(glossary.importlib.resources, "files", lambda _: Files())
    with pytest.raises(ValueError, match=r"99\.yml.*definition"):
        glossary.terms()
    (folder / "99.yml").write_text("- term: x\n  chinese: 叉\n  definition: a: b: c\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"99\.yml"):
        glossary.terms()
    (folder / "99.yml").write_text("- term: x\n  chinese: 叉\n  definition: the letter x\n", encoding="utf-8")
    assert glossary.terms().to_dict("records") == [
        {"term": "x", "chinese": "叉", "definition": "the letter x", "lesson": "99"}]
    assert isinstance(glossary.terms(), pd.DataFrame)


# --- the glossary browser (servicekit.widgets.glossary) in English and in Chinese ----------------


def test_glossary_browser_names_the_lessons_and_keeps_the_filter_values():
    from servicekit.widgets.glossary import ALL, LESSONS, GlossaryBrowser

    browser = GlossaryBrowser()
    options = dict((value, label) for label, value in browser.lesson.options)
    assert set(options) == {ALL, *glossary.terms()["lesson"]} and set(LESSONS) >= set(glossary.terms()["lesson"])
    assert options["09"] == "Lesson 09: Service quality" and options["calc"] == "The exam's calculations"
    assert "<th>Term</th><th>Chinese</th><th>Meaning</th><th>Lesson</th>" in browser.table_html.value
    browser.lesson.value = "calc"
    total = len(glossary.terms())
    calc = (glossary.terms()["lesson"] == "calc").sum()
    assert browser.count_html.value == f"{calc} of {total} terms"


def test_glossary_browser_in_chinese_shows_the_chinese_term_first():
    import html as html_module

    import servicekit
    from servicekit.widgets.glossary import GlossaryBrowser

    allowed = {"NPS", "CSI", "ACSI", "SERVQUAL", "Kano", "RFM", "CLV", "AHT", "VMI", "CEO", "ECSI", "PLS", "KPI",
               "CRM", "SMS", "GPRS"}
    word = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{3,}(?![A-Za-z0-9])")

    def english(texts):
        return sorted({w for text in texts for w in word.findall(text)} - allowed)

    servicekit.set_language("zh")
    try:
        browser = GlossaryBrowser()
        browser.search_box.value = "流失"
        browser.in_definitions.value = True
        table = browser.table_html.value
        headers = re.findall(r"<th>(.*?)</th>", table)
        assert headers == ["中文术语", "英文术语", "释义（英文）", "课次"]
        rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)[1:]]
        assert rows and all("流失" in row[0] or "流失" in row[2] for row in rows)
        assert "客户流失率" in {row[0] for row in rows} and "churn rate" in {row[1] for row in rows}
        # What the browser itself says is Chinese; the English term and the definition are the
        # glossary's own data, which has its definitions in English only.
        chrome = [browser.search_box.description, browser.search_box.placeholder, browser.lesson.description,
                  *browser.lesson._options_labels, browser.in_definitions.description, browser.count_html.value,
                  *headers, *(html_module.unescape(row[0] + row[3]) for row in rows)]
        assert english(chrome) == [], chrome
        assert browser.count_html.value.startswith(f"找到{len(rows)}条术语")
        browser.search_box.value = "zzzz"
        assert "没有匹配的术语" in browser.table_html.value and browser.count_html.value.startswith("找到0条")
    finally:
        servicekit.set_language("en")
