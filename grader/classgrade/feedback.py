"""Feedback that tells a trainee which test failed without showing the hidden tests.

nbgrader restores the hidden tests into the autograded notebook and its feedback shows them
(nbgrader issue #917). ``HideHiddenTests`` runs inside nbgrader's generate_feedback, after the
grades are read, so the autograded notebook itself (the grader's record) stays complete. In the
feedback a hidden-test cell keeps only its visible part, and its outputs (tracebacks quote the
failing assertion) become one line, "hidden test cell <grade_id> failed" (or "passed"). Any other
output that quotes a hidden test, even in part (a trainee's code printing ``In``, say), is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_HIDDEN_BLOCK = re.compile(rf"^[ \t]*{BEGIN}.*?^[ \t]*{END}[^\n]*\n?", re.S | re.M)
# A quotation is any run of this many characters of a hidden-test line (or a whole line of at
# least MIN_QUOTE characters) that the visible notebook does not contain.
WINDOW = 20
MIN_QUOTE = 8


@dataclass
class HiddenTests:
    """The hidden tests of a notebook: their lines per grade_id, and the pieces of text (runs of
    WINDOW characters, or whole short lines) that occur in them and nowhere in the visible part
    of the notebook, so that finding one in an output means a hidden test is being quoted."""

    lines: dict[str, list[str]]
    fragments: set[str]


def find_hidden(cells) -> HiddenTests:
    """The hidden tests among (grade_id, source) pairs of a source notebook's cells."""
    cells = list(cells)
    lines = {}
    for grade_id, source in cells:
        blocks = _HIDDEN_BLOCK.findall(source or "")
        if grade_id and blocks:
            found = [ln.strip() for block in blocks for ln in block.splitlines()]
            lines[grade_id] = [ln for ln in found if ln and BEGIN not in ln and END not in ln]
    visible = "\n".join(_HIDDEN_BLOCK.sub("", source or "") for _, source in cells)
    fragments = set()
    for line in (ln for group in lines.values() for ln in group):
        if len(line) <= WINDOW:
            pieces = {line} if len(line) >= MIN_QUOTE else set()
        else:
            pieces = {line[i:i + WINDOW] for i in range(len(line) - WINDOW + 1)}
        fragments |= {piece for piece in pieces if piece not in visible}
    return HiddenTests(lines, fragments)


def hidden_tests(source_nb: NotebookNode) -> HiddenTests:
    """The hidden tests of a source notebook."""
    return find_hidden((c.metadata.get("nbgrader", {}).get("grade_id"), c.source) for c in source_nb.cells)


def _output_text(output: NotebookNode) -> str:
    parts = [str(output.get("text", "")), str(output.get("evalue", ""))]
    parts += [str(line) for line in output.get("traceback", [])]
    parts += [str(value) for value in output.get("data", {}).values()]
    return "\n".join(parts)


def _note(text: str, error: bool) -> NotebookNode:
    if error:
        return nbformat.v4.new_output("error", ename="HiddenTestFailed", evalue=text, traceback=[text])
    return nbformat.v4.new_output("stream", name="stdout", text=text + "\n")


def strip_hidden(nb: NotebookNode, hidden: HiddenTests) -> NotebookNode:
    """A copy of the autograded ``nb`` that is safe to show the trainee (see module docstring)."""
    nb = nbformat.from_dict(nb)
    quotes = hidden.fragments
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in hidden.lines:
            visible = _HIDDEN_BLOCK.sub("", cell.source).rstrip()
            cell.source = visible + f"\n# (hidden tests of {grade_id} are not shown)"
            if cell.cell_type == "code":
                failed = any(out.output_type == "error" for out in cell.outputs)
                verdict = "failed" if failed else "passed"
                cell.outputs = [_note(f"hidden test cell {grade_id} {verdict}", failed)]
            continue
        if cell.cell_type == "code":
            for index, output in enumerate(cell.outputs):
                text = _output_text(output)
                if any(quote in text for quote in quotes):
                    cell.outputs[index] = _note("[output removed: it quoted a hidden test]", False)
    return nb


def leaks(text: str, hidden: HiddenTests) -> list[str]:
    """The pieces of hidden tests that appear in ``text`` (for checks: must be empty)."""
    return sorted(fragment for fragment in hidden.fragments if fragment in text)


class HideHiddenTests(NbGraderPreprocessor):
    """A preprocessor for nbgrader's ``GenerateFeedback``: ``strip_hidden`` with the hidden tests
    read from the gradebook (which keeps every source cell with its hidden tests).

    Put it after ``GetGrades`` in ``c.GenerateFeedback.preprocessors``; the pipeline does so.
    """

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            hidden = find_hidden((cell.name, cell.source) for cell in notebook.source_cells)
        return strip_hidden(nb, hidden), resources


#: nbgrader's feedback steps with the hidden tests taken out (for ``c.GenerateFeedback.preprocessors``).
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "grader.classgrade.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
