"""Formgrader is safe to open on a hostile submission: the autograded notebook an instructor views,
and the feedback page, hold no active content (scripts, event handlers, iframes, SVG scripts,
JavaScript outputs, ``javascript:`` links) in their outputs or Markdown cells.

A trainee ("mallory") submits a notebook that tries every way we know to get script into the page:
HTML, SVG, JavaScript and Markdown outputs, output metadata, display updates, stored outputs,
HTML and links in Markdown cells (the written answer and an added cell), an attachment, raw cells.
Every payload, if it ran, would write ``CANARY-<kind>.txt`` at the Jupyter server's root through
the contents API (with the page's ``_xsrf`` cookie), set ``window.top.__pwned`` and call alert.
The class pipeline grades it; a real Jupyter server with formgrader serves it to chromium.

The controls prove the canary can fire: the same notebook executed the plain way (no allowlist)
is put in the gradebook as trainee "control" and opened through the same formgrader route, and
its HTML is served the same way as the feedback: its payloads (``CONTROL-<kind>``) must run.
"""

from __future__ import annotations

import base64
import copy
import html
import json
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path

import hostile
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_raw_cell

from conftest import jupyter_server

pytestmark = pytest.mark.slow

TOKEN = "formgrader-hostile-test"
COURSE_ID = "quiz-course"
SETTLE_MS = 2000  # how long a page may run its scripts before the canaries are counted

# The kinds of active content whose control (the unsanitised notebook) must fire in formgrader:
# proof that each of these vectors is live there, so that its absence from the sanitised
# notebook means something. The other attempts are there too, but with nbconvert 7.17 they do not
# run even unsanitised (nbconvert escapes SVG outputs, image metadata, isolated HTML and raw
# cells; a link needs a click; MathJax is not loaded offline; an attachment is shown as an image):
# those are also checked on the DOM.
MUST_FIRE_IN_FORMGRADER = {
    "out-html-script", "out-html-img-onerror", "out-html-iframe-srcdoc", "out-html-svg-script",
    "out-javascript", "out-result-html", "out-markdown-mime", "out-update-display-2",
    *(f"md-{cell}-{kind}" for cell in ("added", "explain")
      for kind in ("script", "img-onerror", "iframe", "svg-script", "details-ontoggle")),
}


# --- the hostile notebook ------------------------------------------------------------------------

def payload(prefix: str, kind: str) -> str:
    """JavaScript with no double quote: writes ``<prefix>-<kind>.txt`` at the server root through
    the contents API with the page's XSRF cookie, sets ``window.top.__pwned``, calls alert."""
    return (
        "(function(){var k='%s';try{window.top.__pwned=k}catch(e){}"
        "var m=document.cookie.match(/(?:^|; )_xsrf=([^;]*)/);"
        "fetch('/api/contents/%s-'+k+'.txt',{method:'PUT',credentials:'include',"
        "headers:{'Content-Type':'application/json','X-XSRFToken':m?m[1]:''},"
        "body:JSON.stringify({type:'file',format:'text',content:k})});"
        "try{alert(k)}catch(e){}})()" % (kind, prefix)
    )


def _png() -> str:
    """A valid 1x1 PNG, base64."""
    import struct
    import zlib

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    raw = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
    return base64.b64encode(raw).decode()


def _outputs_code(prefix: str, root: Path) -> str:
    """A code cell whose outputs try every kind of active content."""
    def js(kind):
        return payload(prefix, kind)

    def tag(kind, before='<script>', after='</script>'):
        return repr(before + js(kind) + after)

    def onerror(kind):
        return repr('<img src=x onerror="' + js(kind) + '">')

    svg_script = '<svg xmlns="http://www.w3.org/2000/svg"><script>' + js("out-svg-mime-script") + "</script></svg>"
    svg_onload = ('<svg xmlns="http://www.w3.org/2000/svg" onload="' + js("out-svg-mime-onload")
                  + '"><rect width="5" height="5"/></svg>')
    iframe = '<iframe srcdoc="' + html.escape("<script>" + js("out-html-iframe-srcdoc") + "</script>", quote=True) + '"></iframe>'
    width = '1" onload="' + js("out-png-width-onload") + '" x="'
    fake_png = 'iVBORw0KGgo" onerror="' + js("out-png-fake-data") + '" x="'
    fake_jpeg = base64.b64encode(("<script>" + js("out-jpeg-fake") + "</script>").encode()).decode()
    latex = "$\\href{javascript:" + js("out-latex-href") + "}{x}$"
    lines = [
        "from IPython.display import display, HTML, Javascript, Markdown, update_display",
        f"display(HTML({tag('out-html-script')}))",
        f"display(HTML({onerror('out-html-img-onerror')}))",
        f"display(HTML({iframe!r}))",
        f"display(HTML({tag('out-html-svg-script', '<svg><script>', '</script></svg>')}))",
        f"display({{'image/svg+xml': {svg_script!r}, 'text/plain': 'svg'}}, raw=True)",
        f"display({{'image/svg+xml': {svg_onload!r}}}, raw=True)",
        f"display(Javascript({js('out-javascript')!r}))",
        f"display(Markdown({onerror('out-markdown-mime')}))",
        # Output metadata: an isolated HTML output (nbconvert puts it in an iframe) and an image
        # whose width breaks out of its attribute; a fake PNG that is an attribute injection.
        f"display({{'text/html': {tag('out-isolated-html')}}}, raw=True, metadata={{'text/html': {{'isolated': True}}}})",
        f"display({{'image/png': {_png()!r}, 'text/plain': 'png'}}, raw=True,"
        f" metadata={{'image/png': {{'width': {width!r}, 'height': 1}}}})",
        f"display({{'image/png': {fake_png!r}}}, raw=True)",
        f"display({{'image/jpeg': {fake_jpeg!r}}}, raw=True)",
        f"display({{'text/latex': {latex!r}}}, raw=True)",
        "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'x', 'version_major': 2, 'version_minor': 0}}, raw=True)",
        # A harmless display rewritten afterwards: the update must not reach the notebook.
        "handle = display(HTML('<b>placeholder</b>'), display_id='swap')",
        f"handle.update(HTML({tag('out-update-display')}))",
        f"update_display(HTML({onerror('out-update-display-2')}), display_id='swap')",
        f"print({tag('out-stream')})",
        # The naive way: a file written straight into the course root from the kernel.
        "try:",
        f"    open({str(root / (prefix + '-kernel-write.txt'))!r}, 'w').write('x')",
        "except Exception:",
        "    pass",
        f"HTML({tag('out-result-html')})",
    ]
    return "\n".join(lines)


def _markdown(prefix: str, where: str) -> str:
    js = lambda kind: payload(prefix, f"md-{where}-{kind}")  # noqa: E731
    return "\n\n".join([
        "My reason: the mean divides the sum by the count.",
        f"<script>{js('script')}</script>",
        f'<img src=x onerror="{js("img-onerror")}">',
        f'<iframe srcdoc="{html.escape("<script>" + js("iframe") + "</script>", quote=True)}"></iframe>',
        f"<svg><script>{js('svg-script')}</script></svg>",
        f'<details open ontoggle="{js("details-ontoggle")}"><summary>s</summary>d</details>',
        f'<a href="javascript:{js("a-javascript")}">click</a>',
        f"[link](javascript:{js('link-javascript')})",
        f"[x](  JaVaScRiPt:{js('link-mixed-case')})",
        f"[ref][r]\n\n[r]: javascript:{js('ref-link')}",
        f"$\\href{{javascript:{js('mathjax-href')}}}{{x}}$ and $$\\unicode{{x}}$$",
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">b</button></form>',
        f'<object data="data:text/html;base64,{base64.b64encode(("<script>" + js("object") + "</script>").encode()).decode()}"></object>',
        '<img src="attachment:evil.svg">',
    ])


def _with_attachment(cell, prefix: str):
    evil_svg = f'<svg xmlns="http://www.w3.org/2000/svg"><script>{payload(prefix, "md-attachment-svg")}</script></svg>'
    cell.attachments = {"evil.svg": {"image/svg+xml": base64.b64encode(evil_svg.encode()).decode()}}
    return cell


def attachment_notebook(release: nbformat.NotebookNode, prefix: str) -> nbformat.NotebookNode:
    """Correct answers and a Markdown cell that shows its attachment, an SVG holding a script."""
    nb = hostile.submission(release, written="My reason: see the picture.")
    cell = new_markdown_cell("![svg](attachment:evil.svg)\n\n"
                             f'<img src=x onerror="{payload(prefix, "attachment-cell-onerror")}">')
    nb.cells.append(_with_attachment(cell, prefix))
    return nb


def hostile_notebook(release: nbformat.NotebookNode, prefix: str, root: Path) -> nbformat.NotebookNode:
    """The trainee's notebook: correct answers (5 points) wrapped in every attempt at active content
    (but an image of its attachment: see ``attachment_notebook``)."""
    nb = hostile.submission(release, written=_markdown(prefix, "explain"))
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "mean")
    added = _with_attachment(new_markdown_cell(_markdown(prefix, "added")), prefix)
    raw_script = f"<script>{payload(prefix, 'raw-plain-script')}</script>"
    raw_html = f"<script>{payload(prefix, 'raw-html-script')}</script><img src=x onerror=\"{payload(prefix, 'raw-html-img')}\">"
    error = f"raise ValueError({'<img src=x onerror=' + chr(34) + payload(prefix, 'out-error') + chr(34) + '>'!r})"
    nb.cells[index + 1:index + 1] = [
        new_code_cell(_outputs_code(prefix, root)),
        added,
        new_raw_cell(raw_script),
        new_raw_cell(raw_html, metadata={"raw_mimetype": "text/html"}),
        new_raw_cell(raw_html.replace("raw-html", "raw-format"), metadata={"format": "text/html"}),
    ]
    nb.cells.append(new_code_cell(error))
    # Outputs stored in the submitted file itself (a trainee can write any JSON), on a solution
    # cell that runs again and on a test cell that never runs in the kernel.
    stored = {"output_type": "display_data", "metadata": {},
              "data": {"text/html": f"<script>{payload(prefix, 'stored-output')}</script>"}}
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in ("add", "test_add"):
            cell.outputs = [nbformat.from_dict(copy.deepcopy(stored))]
    return nb


# --- helpers ------------------------------------------------------------------------------------

def _files(root: Path, prefix: str) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(f"{prefix}-*"))


def _kinds(root: Path, prefix: str) -> set[str]:
    return {Path(p).name[len(prefix) + 1:-len(".txt")] for p in _files(root, prefix)}


def _clear(root: Path, prefix: str) -> None:
    for p in root.rglob(f"{prefix}-*"):
        p.unlink()


# Whatever the notebook area of a page holds that could run script: script elements, frames,
# plug-ins, event-handler attributes, javascript:/vbscript: URLs, and SVG script anywhere.
ACTIVE_DOM = """(area) => {
  const found = [];
  const scope = document.querySelector(area) || document.body;
  for (const el of scope.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'frame', 'object', 'embed', 'applet', 'base', 'meta', 'form'].includes(tag)) found.push('<' + tag + '>');
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\x00-\\x20]/g, '').toLowerCase();
      if (attr.name.toLowerCase().startsWith('on')) found.push(tag + ' ' + attr.name);
      if (/^(javascript|vbscript):/.test(value)) found.push(tag + ' ' + attr.name + '=' + value.slice(0, 30));
      if (value.startsWith('data:') && !/^data:image\\/(png|jpeg);/.test(value)) found.push(tag + ' ' + attr.name + '=' + value.slice(0, 30));
    }
  }
  for (const el of document.querySelectorAll('script')) {
    if ((el.textContent || '').includes('__pwned')) found.push('document script with the payload');
  }
  return found;
}"""


def _frames_pwned(page) -> list[str]:
    seen = []
    for frame in page.frames:
        try:
            value = frame.evaluate("() => window.__pwned")
        except Exception:  # a frame gone or cross-origin: nothing to read
            continue
        if value is not None:
            seen.append(str(value))
    return seen


def _dismiss(dialog, dialogs: list[str]) -> None:
    dialogs.append(dialog.message)
    try:
        dialog.dismiss()
    except Exception:  # the page closed meanwhile
        pass


def _open(context, url: str, dialogs: list[str]):
    page = context.new_page()
    page.on("dialog", lambda dialog: _dismiss(dialog, dialogs))
    # As if followed from a server page (the server refuses /files/ to a request with no referer).
    parts = urllib.parse.urlsplit(url)
    response = page.goto(url, wait_until="load", referer=f"{parts.scheme}://{parts.netloc}/formgrader")
    page.wait_for_timeout(SETTLE_MS)
    return page, response


# --- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from nbclient import NotebookClient
    from nbgrader.api import Gradebook

    from grader.classgrade import Course, Options, grade_class

    root = tmp_path_factory.mktemp("formgrader-course")
    release_path = hostile.build_course(root)
    release = nbformat.read(str(release_path), as_version=4)
    hostile.write_submission(root, "mallory", hostile_notebook(release, "CANARY", root))
    hostile.write_submission(root, "mallory-attachment", attachment_notebook(release, "CANARY"))
    hostile.write_submission(root, "alice", hostile.submission(release, written="alice explains."))
    work = tmp_path_factory.mktemp("formgrader-work")
    summary = grade_class(Course.open(root), "quiz", options=Options(jobs=1, timeout=10, progress=False, work_dir=work))
    assert {"mallory", "mallory-attachment", "alice"} <= set(summary.graded), summary

    # The control: the same notebook (payloads named CONTROL-...) executed the plain way, with no
    # allowlist, registered in the gradebook as a submission of trainee "control".
    control = hostile_notebook(release, "CONTROL", root)
    scratch = tmp_path_factory.mktemp("control-run")
    NotebookClient(control, timeout=60, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(scratch)}}).execute()
    folder = root / "autograded" / "control" / "quiz"
    folder.mkdir(parents=True)
    nbformat.write(control, str(folder / "quiz.ipynb"))
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.add_student("control")
        gb.add_submission("quiz", "control")
        ids = {s: gb.find_submission_notebook("quiz", "quiz", s).id for s in ("mallory", "mallory-attachment", "control")}
        points = {s: gb.find_submission("quiz", s).score for s in ("mallory", "mallory-attachment", "alice")}
    (root / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n")
    _clear(root, "CONTROL")  # the control kernel's own file write (no sandbox there)
    return {"root": root, "ids": ids, "points": points, "control": control, "issues": summary.issues}


@pytest.fixture(scope="module")
def server(course, tmp_path_factory):
    """A Jupyter server (formgrader enabled) whose root and working directory is the course root."""
    root = course["root"]
    with jupyter_server("server", [f"--ServerApp.root_dir={root}"], root, TOKEN, tmp_path_factory,
                        seconds=60) as (base, log):
        yield {"base": base, "log": log, "root": root}


@pytest.fixture
def instructor(server, browser):
    """A browser session logged in to the server, as an instructor opening formgrader."""
    context = browser.new_context(viewport={"width": 1300, "height": 1800})
    page = context.new_page()
    page.goto(f"{server['base']}/formgrader?token={TOKEN}")
    page.wait_for_url("**/formgrader/manage_assignments")
    page.close()
    assert any(c["name"] == "_xsrf" for c in context.cookies()), "no XSRF cookie: the payloads could not write"
    yield context
    context.close()


# --- tests --------------------------------------------------------------------------------------

def test_the_hostile_submission_is_graded_normally(course):
    assert course["points"] == {"mallory": 5.0, "mallory-attachment": 5.0, "alice": 5.0}
    root = course["root"]
    assert (root / "autograded" / "mallory" / "quiz" / "quiz.ipynb").is_file()
    assert (root / "feedback" / "mallory" / "quiz" / "quiz.html").is_file()


def test_the_autograded_and_feedback_files_hold_no_payload_markup(course):
    root = course["root"]
    nb = nbformat.read(str(root / "autograded" / "mallory" / "quiz" / "quiz.ipynb"), as_version=4)
    for cell in nb.cells:
        assert cell.cell_type in ("code", "markdown")
        assert "attachments" not in cell
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("grade_id") != "intro":
            assert "<" not in cell.source and not re.search(r"\\(href|unicode)\b", cell.source), cell.source[:300]
            # No link can form: every "[" is escaped, so no "](javascript:..." is a link.
            assert not re.search(r"(?<!\\)\[", cell.source), cell.source[:300]
        for output in cell.get("outputs", []):
            assert set(output.get("data", {})) <= {"text/plain", "image/png", "image/jpeg"}, output
            assert not output.get("metadata"), output
    feedback = (root / "feedback" / "mallory" / "quiz" / "quiz.html").read_text()
    assert not re.search(r"<(script|iframe|svg|img|object|details|form)\b[^>]*(__pwned|onerror|onload|ontoggle|srcdoc)",
                         feedback, re.I)


def test_the_server_root_is_where_the_canaries_would_be_written(server):
    """The canary check looks in the right place: a file created through the contents API (the
    naive way, with the token) appears in the course root, and the check finds it."""
    root = server["root"]
    request = urllib.request.Request(
        f"{server['base']}/api/contents/PROBE-naive.txt", method="PUT",
        data=json.dumps({"type": "file", "format": "text", "content": "x"}).encode(),
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10)
    assert _files(root, "PROBE") == ["PROBE-naive.txt"]
    _clear(root, "PROBE")


def test_control_unsanitised_notebook_runs_its_scripts_in_formgrader(course, server, instructor):
    """The canary works: formgrader's submission view of the unsanitised notebook runs its payloads."""
    root = course["root"]
    _clear(root, "CONTROL")
    dialogs: list[str] = []
    page, response = _open(instructor, f"{server['base']}/formgrader/submissions/{course['ids']['control']}/?index=0", dialogs)
    assert response.status == 200
    page.locator("#notebook-container").first.wait_for()
    fired = _kinds(root, "CONTROL")
    assert MUST_FIRE_IN_FORMGRADER <= fired, f"did not fire: {sorted(MUST_FIRE_IN_FORMGRADER - fired)}"
    assert dialogs and _frames_pwned(page)
    # The DOM check sees it too, javascript: links included.
    found = page.evaluate(ACTIVE_DOM, "#notebook-container")
    assert "<script>" in found and "<iframe>" in found and any(" onerror" in f for f in found), found
    assert any("=javascript:" in f for f in found), found
    page.close()
    _clear(root, "CONTROL")


def test_formgrader_submission_view_of_the_hostile_notebook_runs_nothing(course, server, instructor, tmp_path):
    root = course["root"]
    dialogs: list[str] = []
    page, response = _open(instructor, f"{server['base']}/formgrader/submissions/{course['ids']['mallory']}/?index=0", dialogs)
    assert response.status == 200
    page.locator("#notebook-container").first.wait_for()
    # The page is the trainee's notebook: their answer and their outputs are shown, as text.
    assert page.locator("#notebook-container").first.get_by_text("My reason: the mean divides").count() >= 1
    assert page.locator("#notebook-container").first.get_by_text("out-stream").count() >= 1
    page.screenshot(path=tmp_path / "formgrader-mallory.png", full_page=True)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert _frames_pwned(page) == []
    assert dialogs == []
    assert page.evaluate(ACTIVE_DOM, "#notebook-container") == []
    assert _files(root, "CANARY") == []
    page.close()


def test_formgrader_view_of_a_notebook_showing_its_svg_attachment_runs_nothing(course, server, instructor):
    root = course["root"]
    dialogs: list[str] = []
    page, response = _open(instructor, f"{server['base']}/formgrader/submissions/"
                           f"{course['ids']['mallory-attachment']}/?index=0", dialogs)
    assert response.status in (200, 500)  # 500: see the test below
    assert _frames_pwned(page) == [] and dialogs == []
    assert page.evaluate(ACTIVE_DOM, "#notebook-container") == []
    assert _files(root, "CANARY") == []
    page.close()


def test_a_notebook_showing_an_attachment_can_be_viewed_and_gets_feedback(course, server, instructor):
    root = course["root"]
    page = instructor.new_page()
    response = page.goto(f"{server['base']}/formgrader/submissions/{course['ids']['mallory-attachment']}/?index=0")
    page.close()
    assert response.status == 200
    assert (root / "feedback" / "mallory-attachment" / "quiz" / "quiz.html").is_file()


def test_feedback_page_runs_nothing_even_when_served_unsandboxed(course, server, instructor):
    """The feedback HTML, opened (a) through the server's /files/ route and (b) as a page of the
    server's own origin without the sandbox /files/ adds: no payload runs. The control, the
    unsanitised notebook exported the same way and served the same way, runs (b)."""
    import nbgrader
    from nbconvert import HTMLExporter
    from nbgrader.preprocessors import GetGrades
    from traitlets.config import Config

    root, base = course["root"], server["base"]
    feedback = (root / "feedback" / "mallory" / "quiz" / "quiz.html").read_text()
    formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    config = Config()  # as nbgrader's GenerateFeedback sets its exporter up
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [str(formgrader / "templates")]
    config.HTMLExporter.extra_template_paths = [str(formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css")]
    resources = {"nbgrader": {"notebook": "quiz", "assignment": "quiz", "student": "control",
                              "db_url": f"sqlite:///{root / 'gradebook.db'}"}}
    control, resources = GetGrades().preprocess(copy.deepcopy(course["control"]), resources)
    control_html, _ = HTMLExporter(config=config).from_notebook_node(control, resources=resources)
    pages = {"mallory": feedback, "control": control_html}

    def serve(route):
        name = route.request.url.rsplit("/", 1)[1][:-len(".html")]
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=pages[name])
    instructor.route(re.compile(re.escape(f"{base}/feedback-view/") + r"(mallory|control)\.html$"), serve)

    dialogs: list[str] = []
    for url in (f"{base}/files/feedback/mallory/quiz/quiz.html", f"{base}/feedback-view/mallory.html"):
        page, response = _open(instructor, url, dialogs)
        assert response.status == 200
        assert page.get_by_text("My reason: the mean divides").count() >= 1
        assert _frames_pwned(page) == [] and dialogs == []
        assert page.evaluate(ACTIVE_DOM, "#notebook-container") == []
        assert _files(root, "CANARY") == [], url
        page.close()

    _clear(root, "CONTROL")
    page, _ = _open(instructor, f"{base}/feedback-view/control.html", dialogs)
    fired = _kinds(root, "CONTROL")
    # All that fires in formgrader but the JavaScript output, which needs the jQuery ($) only
    # formgrader's page loads.
    expected = MUST_FIRE_IN_FORMGRADER - {"out-javascript"}
    assert expected <= fired, f"did not fire: {sorted(expected - fired)}"
    assert dialogs and _frames_pwned(page)
    page.close()
    _clear(root, "CONTROL")


def test_no_canary_was_written_anywhere(course, server):
    """After every page has been opened, and a last wait: nothing under the course (server) root."""
    time.sleep(1)
    assert _files(course["root"], "CANARY") == []
    assert "/api/contents/CANARY-" not in server["log"].read_text()
