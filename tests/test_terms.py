"""One spelling per term across the kit: where the sources (or common usage) give one Chinese
form, the other forms a term was once written in appear nowhere a trainee reads."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

# rejected spelling -> the one the kit uses, and why.
REJECTED = {
    "爱尔朗": "爱尔兰 (Erlang's unit and formula as Chinese call-centre writing names them: 爱尔兰C公式)",
    "坐席": "座席 (the noun: an agent's position)",
    "价值主张": "价值定位 (S1)",
    "客户保持率": "客户保有率 (S1)",
    "同质化竞争": "同质竞争 (S1)",
    "背叛区": "叛离带 (S2)",
    "无差异区": "冷漠带 (S2)",
    "投诉登记表": "顾客投诉处理登记表 (S2)",
    "客户回访记录表": "访问顾客记录表 (S2)",
}


def _texts():
    """Every text a trainee reads: notebooks (all cells), glossary files, teaching notes."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "cases").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        yield path, "\n".join("".join(c["source"]) for c in cells)
    for folder, pattern in (("src/servicekit/glossary/terms", "*.yml"), ("src/servicekit/questions/bank", "*.yml"),
                            ("grader/teaching_notes", "*.md")):
        for path in sorted((ROOT / folder).glob(pattern)):
            yield path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("rejected", sorted(REJECTED))
def test_a_rejected_spelling_appears_nowhere(rejected):
    found = [str(path.relative_to(ROOT)) for path, text in _texts() if rejected in text]
    assert not found, f"{rejected!r} in {found}: write {REJECTED[rejected]}"
