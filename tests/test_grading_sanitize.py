"""``sanitize`` and ``feedback``: what is shown of a trainee's notebook holds no active content,
and feedback keeps only the trainee's work, the verdicts and the visible checks."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from html.parser import HTMLParser

import nbformat
import nbgrader
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output, new_raw_cell

import hostile
from grader.classgrade.feedback import feedback_notebook
from grader.classgrade.sanitize import clean_markdown, clean_notebook, clean_output

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()


@pytest.mark.parametrize("output", [
    new_output("display_data", data={"text/html": "<script>alert(1)</script>"}),
    new_output("display_data", data={"application/javascript": "alert(1)"}),
    new_output("display_data", data={"image/svg+xml": "<svg onload=alert(1)></svg>"}),
    new_output("display_data", data={"image/png": '"><script>alert(1)</script>'}),
    new_output("display_data", data={"image/png": base64.b64encode(b"<svg onload=alert(1)>").decode()}),
    new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "x"}}),
    {"output_type": "update_display_data", "data": {"text/plain": "rewritten"}, "metadata": {}},
    {"output_type": "clear_output", "wait": False},
])
def test_active_or_unknown_outputs_are_dropped(output):
    assert clean_output(nbformat.from_dict(output)) is None


def test_text_and_real_images_are_kept_without_metadata():
    kept = clean_output(nbformat.from_dict(new_output(
        "execute_result", data={"text/plain": "42", "text/html": "<b>42</b>", "image/png": PNG},
        metadata={"image/png": {"width": "1\" onerror=alert(1)"}}, execution_count=3)))
    assert kept.data == {"text/plain": "42", "image/png": PNG} and kept.metadata == {}
    stream = clean_output(nbformat.from_dict(new_output("stream", name="evil", text="<b>hi</b>")))
    assert stream.name == "stdout" and stream.text == "<b>hi</b>"  # text: escaped when rendered


@pytest.mark.parametrize("markdown", [
    "<script>fetch('/api/contents')</script>", "<img src=x onerror=alert(1)>", "<iframe srcdoc='x'></iframe>",
    "[click](javascript:alert(1))", "[click](  JaVaScRiPt:alert(1))", "[x]: javascript:alert(1)\n\n[click][x]",
    "<svg><script>alert(1)</script></svg>", "[x](data:text/html;base64,PHNjcmlwdD4=)",
])
def test_markdown_a_trainee_wrote_renders_to_inert_html(markdown):
    assert _active_parts(markdown2html_mistune(markdown)), "the payload is active before cleaning"
    assert _active_parts(markdown2html_mistune(clean_markdown(markdown))) == []


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "svg", "object", "embed", "img"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or re.sub(r"\s", "", value or "").lower().startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}")


def _active_parts(page: str) -> list[str]:
    """The elements and attributes of an HTML page that could run code."""
    parser = _Elements()
    parser.feed(page)
    return parser.found


def test_mathjax_link_and_code_commands_are_turned_into_text():
    assert clean_markdown(r"$\href{javascript:alert(1)}{x}$ and $\require{x}$") == r"$\text{javascript:alert(1)}{x}$ and $\text{x}$"
    assert clean_markdown("The data: 40 % (a < b) [lesson](https://example.org)") == \
        "The data: 40 % (a &lt; b) \\[lesson](https://example.org)"


def test_a_notebook_keeps_the_instructors_cells_and_neutralises_the_rest():
    nb = hostile.source_notebook()
    intro = nb.cells[0]
    intro.source = "# Quiz <b>bold</b>"
    raw = new_raw_cell("<script>alert(1)</script>", metadata={"raw_mimetype": "text/html"})
    added = new_markdown_cell("<img src=x onerror=alert(1)>")
    added["attachments"] = {"a.svg": {"image/svg+xml": "<svg onload=alert(1)/>"}}
    nb.cells += [raw, added, new_code_cell("x", outputs=[new_output("display_data", data={"text/html": "<i>"})])]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    clean = clean_notebook(nb, trusted={"intro": "# Quiz <b>bold</b>"})
    assert clean.cells[0].source == "# Quiz <b>bold</b>"
    assert [c.cell_type for c in clean.cells[-3:]] == ["markdown", "markdown", "code"]
    assert "&lt;script&gt;" in clean.cells[-3].source and "attachments" not in clean.cells[-2]
    assert clean.cells[-1].outputs == [] and set(clean.metadata) == {"kernelspec", "language_info"}
    nbformat.validate(clean)
    # A trainee's cell that copies the intro's id but not its text is not trusted.
    nb.cells[0].source = "<script>x</script>"
    assert "<script>" not in clean_notebook(nb, trusted={"intro": "# Quiz <b>bold</b>"}).cells[0].source


def test_feedback_keeps_the_visible_checks_and_the_verdict_and_drops_the_instructors_detail():
    nb = hostile.source_notebook()
    tests = {c.metadata.nbgrader["grade_id"]: c.source for c in nb.cells if c.metadata.nbgrader.get("grade")
             and c.cell_type == "code"}
    nb.cells[2].outputs = [new_output("error", ename="CheckFailed", evalue="This check failed: assert add(1, 2) == 3",
                                      traceback=["[for the instructor] hidden check failed: assert add(-40, 2) == -38"])]
    nb.cells[4].outputs = [new_output("stream", name="stdout", text="anything")]
    text = nbformat.writes(feedback_notebook(nb, tests, trusted={}))
    for marker in hostile.HIDDEN_CODE + hostile.HIDDEN_MESSAGES:
        assert marker not in text
    assert "This check failed: assert add(1, 2) == 3" in text and "All checks passed" in text
    assert "assert mean([1, 2, 3]) == 2" in text and "hidden checks of this question are not shown" in text


def test_the_feedback_exporter_writes_what_nbconverts_own_writes_and_compiles_its_templates_once():
    """FeedbackExporter shares one Jinja environment per process and edits the page as text where
    HTMLExporter parses it: two different notebooks in a row (code, text, a picture) come out as
    nbconvert's HTMLExporter writes them, each with its own code highlighted (the filters are the
    page's own), and the second page compiles no template."""
    import jinja2
    from bs4 import BeautifulSoup
    from nbconvert.exporters import HTMLExporter

    from grader.classgrade.feedback import FeedbackExporter

    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    def notebook(code, text):
        nb = nbformat.v4.new_notebook(cells=[new_markdown_cell(f"# {text}\n\n![chart](data:image/png;base64,{pixel})"),
                                             new_code_cell(code, outputs=[
            new_output("stream", name="stdout", text=f"{text}\n"),
            new_output("display_data", data={"image/png": pixel, "text/plain": "<chart>"})])])
        nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
        nb.cells[1].metadata["nbgrader"] = {"grade": True, "grade_id": "q1", "points": 2, "score": 1, "solution": True,
                                            "task": False, "comment": "Nearly."}  # what GetGrades adds
        return nb

    def graded():
        return {"nbgrader": {"notebook": "quiz", "score": 1, "max_score": 2, "late_penalty": 0}}

    first, second = notebook("x = 1\nprint(x)", "first page"), notebook("def f():\n    return 'second'", "second page")
    formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    templates = [{}, {"template_name": "feedback", "extra_template_basedirs": [str(formgrader / "templates")],  # as nbgrader's
                      "extra_template_paths": [str(formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css")]}]
    for settings in templates:
        FeedbackExporter(**settings).from_notebook_node(first, resources=graded())  # the environment is made, the templates compiled
        compiled = []
        original = jinja2.Environment.compile

        def counting(self, *args, **kwargs):
            compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
            return original(self, *args, **kwargs)

        jinja2.Environment.compile = counting
        try:
            ours = [FeedbackExporter(**settings).from_notebook_node(nb, resources=graded())[0] for nb in (first, second)]
        finally:
            jinja2.Environment.compile = original
        assert compiled == [], f"templates compiled again: {compiled}"
        theirs = [HTMLExporter(**settings).from_notebook_node(nb, resources=graded())[0] for nb in (first, second)]
        # HTMLExporter returns its page as BeautifulSoup writes it: parsed and written the same way, equal.
        assert [str(BeautifulSoup(page, features="html.parser")) for page in ours] == theirs
        assert "second page" in ours[1] and "first page" not in ours[1]
        assert ours[1].count('alt="No description has been provided for this image"') == 1  # the output's
        if not settings:
            assert ours[1].count('tabindex="0"') == 4  # the two cells' inputs and their two outputs
