"""Feedback by allowlist: what a trainee gets back of their graded notebook.

Built from the autograded notebook, keeping only:

- the trainee's own cells, their code, and their outputs as text and images (``sanitize``);
- for each test cell: its visible part (from the gradebook's source cell, hidden blocks cut out)
  and the evaluator's verdict for the trainee (the ``evalue`` of a failure, never the traceback,
  which holds the instructor's detail);
- the instructor's read-only cells as written, and the scores ``GetGrades`` adds.

No HTML, scripts, output metadata or display updates: ``sanitize`` drops them. Since the hidden
checks never entered the kernel, nothing the kernel printed can hold them; a hidden check's
message appears only when the instructor wrote it as a literal (``questions``).
"""

from __future__ import annotations

import re

import nbformat
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from .questions import visible_part
from .sanitize import clean_notebook

NOT_SHOWN = "# (the hidden checks of this question are not shown)"
# What HTMLExporter's BeautifulSoup step edits: an image with no alternative text, and the opening
# tag of a cell's input and of an output (it adds the attribute last).
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)([^>]*?)(\s*/?>)")
_FOCUSABLE = re.compile(r'(<div class="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?:\s[^"]*)?"[^>]*?)(\s*/?>)')


def feedback_notebook(nb: NotebookNode, tests: dict[str, str], trusted: dict[str, str]) -> NotebookNode:
    """A copy of the autograded ``nb`` fit for the trainee. ``tests``: grade_id -> source of each
    test cell (from the source); ``trusted``: grade_id -> source of the read-only cells."""
    nb = clean_notebook(nbformat.from_dict(nb), trusted)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id not in tests:
            continue
        visible = visible_part(tests[grade_id]).rstrip()
        cell.source = visible + ("\n" + NOT_SHOWN if visible != tests[grade_id].rstrip() else "")
        failed = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if failed:
            message = str(failed[0].get("evalue", "")) or "This question's checks failed."
            cell.outputs = [nbformat.v4.new_output("error", ename="CheckFailed", evalue=message, traceback=[message])]
        else:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✓ All checks passed.\n")]
    return nb


class AllowlistFeedback(NbGraderPreprocessor):
    """For nbgrader's ``GenerateFeedback``, after ``GetGrades``: ``feedback_notebook`` with the
    test cells and read-only cells read from the gradebook (which keeps the source cells)."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            grade_cells = {cell.name for cell in notebook.grade_cells if cell.cell_type == "code"}
            solution_cells = {cell.name for cell in notebook.solution_cells}
            sources = {cell.name: cell.source for cell in notebook.source_cells}
        tests = {name: sources[name] for name in grade_cells - solution_cells if name in sources}
        trusted = {name: source for name, source in sources.items() if name not in solution_cells | grade_cells}
        return feedback_notebook(nb, tests, trusted), resources


#: nbgrader's feedback steps, by allowlist (for ``c.GenerateFeedback.preprocessors``).
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "grader.classgrade.feedback.AllowlistFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTML exporter, made for a grading worker that writes one page after another:

    - one Jinja environment per process and template set (compiling the templates afresh was a
      third of each page's time). The filters are registered again for every exporter (templates
      look them up when they render), so each page gets its own exporter's filters;
    - HTMLExporter's last step, which parses the whole page with BeautifulSoup to give images an
      alternative text and cells a tab stop (another third), done on the text: the same page.
    """

    _environments: dict = {}

    def from_notebook_node(self, nb, resources=None, **kw):
        # HTMLExporter.from_notebook_node up to its BeautifulSoup step (nbconvert 7).
        info = nb.metadata.get("language_info", {})
        lexer = info.get("pygments_lexer", info.get("name", None))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        page = _IMAGE_WITHOUT_ALT.sub(r'<img\1 alt="No description has been provided for this image"\2', page)
        return _FOCUSABLE.sub(r'\1 tabindex="0"\2', page), resources

    def _create_environment(self):
        key = (tuple(self.template_paths), self.template_extension, self.raw_template, self.enable_async)
        environment = self._environments.get(key)
        if environment is None:
            environment = self._environments[key] = super()._create_environment()
            return environment
        for name, value in self.default_filters():
            self._register_filter(environment, name, value)
        for name, value in (self.filters or {}).items():
            self._register_filter(environment, name, value)
        return environment


def allowlist_feedback(config) -> None:
    """Set nbgrader's ``GenerateFeedback`` in ``config`` to the allowlist and its exporter."""
    config.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    config.GenerateFeedback.exporter_class = FeedbackExporter
