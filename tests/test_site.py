"""The course site (``make site``): site/build.py builds it once per run, from notebooks it executes
itself, into a temporary folder; the site is then served with ``python -m http.server`` on
127.0.0.1 and read in Debian's chromium. No request leaves the machine, the saved widgets render
(the widget manager's elements are in the page), the formulas render (MathJax's output elements),
every page says that its widgets are snapshots, in English and Chinese, and no page or file of the
site holds a solution or a hidden test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, free_port, local_server

pytestmark = pytest.mark.slow

# Under pytest-xdist another worker shares the two cores: one notebook at a time then.
JOBS = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2
NOTE_EN = "Interactive widgets are shown as they were when the page was built; run the notebook to use them."
NOTE_ZH = "交互式控件显示的是构建本页时的状态；要使用它们，请运行该笔记本。"
FORBIDDEN = ("### BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "### BEGIN MARK SCHEME")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MATHS = 'class="math notranslate nohighlight"'


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> dict:
    """Build the site once for the run: {"html": its folder, "seconds": how long the build took}."""
    build = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), "--jobs", str(JOBS), "--build-dir", str(build)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, f"site/build.py failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    print(f"\nsite built in {seconds:.0f} s with {JOBS} notebook(s) at a time")
    return {"html": build / "html", "seconds": seconds, "log": done.stdout}


@pytest.fixture(scope="module")
def served(site):
    """The built site on a free loopback port, as ``python -m http.server`` serves it."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site["html"])]
    base = f"http://127.0.0.1:{port}"
    with local_server("http.server", command, f"{base}/index.html", ROOT, seconds=20):
        yield base


def pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def lesson_with(html: Path, marker: str) -> Path:
    """The first lesson page whose HTML holds ``marker``."""
    found = [p for p in sorted((html / "notebooks").glob("[0-9][0-9]_*.html")) if marker in p.read_text(encoding="utf-8")]
    assert found, f"no lesson page holds {marker!r}"
    return found[0]


@pytest.fixture(scope="module")
def visit(browser, served):
    """Open pages of the site in one browser context that logs every request and blocks, and
    records, any to another host than the local server."""
    context = browser.new_context()
    requests: list[str] = []
    outside: list[str] = []
    failures: list[str] = []
    local = urlparse(served).netloc

    def route(route):
        url = route.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).netloc == local:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: requests.append(request.url))
    # A request cut short because the test moved on to the next page is no failure.
    context.on("requestfailed", lambda request: failures.append(f"failed: {request.url} ({request.failure})")
               if "ERR_ABORTED" not in (request.failure or "") else None)
    context.on("response", lambda response: failures.append(f"{response.status}: {response.url}")
               if response.status >= 400 else None)
    page = context.new_page()

    def open_page(path: str):
        page.goto(f"{served}/{path}", wait_until="load")
        return page

    yield {"open": open_page, "page": page, "requests": requests, "outside": outside, "failures": failures}
    context.close()


def all_local(visit) -> None:
    """Every request so far went to the local server, and none failed (a missing font or script)."""
    visit["page"].wait_for_timeout(1000)  # what a page loads last: fonts, MathJax's extensions
    assert visit["requests"], "no page was opened"
    assert visit["outside"] == [], "requests to other hosts:\n" + "\n".join(visit["outside"])
    assert visit["failures"] == [], "\n".join(visit["failures"])


def test_the_build_executes_the_notebooks_and_saves_their_widgets(site):
    import nbformat

    source = site["html"].parent / "source"
    for name in ("notebooks/06_contact_centre_staffing.ipynb", "notebooks/glossary.ipynb"):
        notebook = nbformat.read(source / name, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code and all(cell.execution_count for cell in code), f"{name} was not executed"
        state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
        assert state, f"{name}: no widget state saved (nbclient's store_widget_state)"
    exercise = nbformat.read(source / "exercises/staffing/staffing.ipynb", as_version=4)
    assert not any(cell.get("outputs") for cell in exercise.cells if cell.cell_type == "code")
    assert site["seconds"] < 600, f"the build took {site['seconds']:.0f} s"


def test_the_site_has_every_lesson_case_and_exercise_and_no_solutions(site):
    html = site["html"]
    for folder in ("notebooks", "cases"):
        for notebook in (ROOT / folder).glob("*.ipynb"):
            assert (html / folder / f"{notebook.stem}.html").is_file(), f"{folder}/{notebook.name} is not in the site"
    for notebook in (ROOT / "exercises").glob("*/*.ipynb"):
        assert (html / notebook.relative_to(ROOT).with_suffix(".html")).is_file(), f"{notebook} is not in the site"
    assert not [p for p in html.rglob("*") if "solutions" in p.relative_to(html).parts], "solutions/ is in the site"
    assert not (html.parent / "source" / "solutions").exists()


def test_no_file_of_the_site_holds_a_solution_or_a_hidden_test(site):
    offenders = []
    for path in site["html"].rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            offenders += [f"{path.relative_to(site['html'])}: {marker}" for marker in FORBIDDEN
                          if marker.encode() in data]
    assert not offenders, "\n".join(offenders)


def test_every_page_says_its_widgets_are_snapshots_in_both_languages(site):
    for page in pages(site["html"]):
        text = re.sub(r"\s+", " ", page.read_text(encoding="utf-8"))
        if 'http-equiv="Refresh"' in text:  # index.html: a redirect to the start page
            continue
        assert NOTE_EN in text and NOTE_ZH in text, f"{page.relative_to(site['html'])} lacks the snapshot note"


def test_start_page_opens_with_the_note_and_the_course_map(visit):
    page = visit["open"]("index.html")
    page.wait_for_url("**/notebooks/00_start_here.html")
    assert "Customer-Service Management" in page.title()
    banner = page.locator(".bd-header-announcement")
    assert NOTE_EN in banner.inner_text() and NOTE_ZH in banner.inner_text()
    page.get_by_role("link", name="Service in the value chain").first.wait_for()
    all_local(visit)


def test_every_page_with_saved_widgets_shows_them(site, visit):
    """Each lesson, case or the glossary whose notebook saved widgets: the widget manager replaces
    every saved view by its own elements (sliders, buttons, outputs with their charts), and finds
    its icon fonts in the site."""
    html = site["html"]
    with_widgets = [p for p in pages(html) if WIDGET_STATE in p.read_text(encoding="utf-8")]
    assert lesson_with(html, WIDGET_STATE) in with_widgets and len(with_widgets) >= 10
    for path in with_widgets:
        page = visit["open"](str(path.relative_to(html)))
        page.locator(".jupyter-widgets").first.wait_for(timeout=30_000)
        assert page.locator(".widget-slider, .widget-button, .widget-dropdown, .widget-output").count() > 0, path.name
        assert page.locator("text=Error displaying widget").count() == 0, path.name
        all_local(visit)


def test_a_lesson_shows_its_formulas_typeset(site, visit):
    lesson = lesson_with(site["html"], MATHS)
    page = visit["open"](str(lesson.relative_to(site["html"])))
    page.locator("mjx-container").first.wait_for(timeout=30_000)
    assert page.locator("mjx-container").count() > 0
    assert page.locator("mjx-merror").count() == 0, "MathJax could not typeset a formula"
    all_local(visit)
