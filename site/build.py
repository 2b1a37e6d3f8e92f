"""Build the course site (`make site`): the lessons, cases, glossary and the trainee versions of the
exercises as a static site in site/_build/html, with Jupyter Book 1, offline.

1. Stage: copy this folder's book files (_config.yml, _toc.yml, about.md) and the notebooks the toc
   names into site/_build/source. Only notebooks/, cases/ and exercises/ are copied: solutions/ never.
2. Execute the lessons, cases and glossary there with nbclient, ``--jobs`` at a time, each in the
   folder of its original (so that relative paths work as in the lab), with the widget state saved
   into the notebook (``store_widget_state``): the pages show the widgets as they were then. The
   exercises are not executed: each trainee's data are drawn from their own id.
3. Copy the scripts of package.json (widget manager, require.js, MathJax) from site/node_modules
   (``npm ci`` first if it is missing or older than package-lock.json) into _assets/, which the
   site serves as _static/.
4. Build the HTML with Sphinx (``jupyter-book config sphinx`` writes its conf.py), executing nothing.
5. Refuse the result if any file of it holds solution or hidden-test text.

    python site/build.py [--jobs N] [--build-dir DIR]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
BUILD = SITE / "_build"  # --build-dir changes it (the tests build elsewhere)
SOURCE = BUILD / "source"
HTML = BUILD / "html"
BOOK_FILES = ("_config.yml", "_toc.yml", "about.md")
# The folders of the kit whose notebooks the site shows; the exercises are shown, never executed.
FOLDERS = ("notebooks", "cases", "exercises")
NOT_EXECUTED = ("exercises",)
CELL_TIMEOUT = 300  # seconds, per cell
# What a trainee's copy must never show: nbgrader's markers of solutions and hidden tests.
FORBIDDEN = re.compile(rb"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS|BEGIN MARK SCHEME")
# The files of the npm packages that a page loads, and where they go under _static/. They are staged
# in _assets/, not in _static/: Jupyter Book would add every script found in a _static/ to every page.
NODE_MODULES = SITE / "node_modules"
ASSETS = {
    "requirejs/require.js": "require.js",
    "@jupyter-widgets/html-manager/dist": "widgets",  # embed-amd.js and the icon fonts it loads
    "mathjax/es5": "mathjax",  # tex-chtml.js, its fonts and the extensions it loads on demand
}
OWN_ASSETS = {"require-paths.js": "widgets/require-paths.js"}  # where the manager finds its fonts


def say(message: str) -> None:
    print(f"[site] {message}", flush=True)


def toc_notebooks() -> list[str]:
    """The documents of _toc.yml, as paths without suffix relative to the book's root."""
    toc = yaml.safe_load((SITE / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def kit_notebooks() -> list[str]:
    """Every notebook of the kit the site should show (lessons, glossary, cases, exercises)."""
    found = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                found.append(str(path.relative_to(ROOT).with_suffix("")))
    return found


def check_toc() -> list[Path]:
    """The notebooks to stage: every one in the toc, and the toc naming every one of the kit."""
    documents = toc_notebooks()
    notebooks = [d for d in documents if (ROOT / f"{d}.ipynb").is_file()]
    unknown = [d for d in documents if d not in notebooks and not (SITE / f"{d}.md").is_file()]
    missing = sorted(set(kit_notebooks()) - set(notebooks))
    outside = [d for d in notebooks if d.split("/")[0] not in FOLDERS]
    problems = [f"site/_toc.yml names {d}, which does not exist" for d in unknown]
    problems += [f"site/_toc.yml does not list {d}.ipynb: add it" for d in missing]
    problems += [f"site/_toc.yml names {d}, outside {', '.join(FOLDERS)}" for d in outside]
    if problems:
        sys.exit("\n".join(problems))
    return [ROOT / f"{d}.ipynb" for d in notebooks]


def stage(notebooks: list[Path]) -> None:
    # Only what this script makes is removed: a --build-dir may hold other things.
    for made in (SOURCE, HTML, BUILD / "doctrees"):
        shutil.rmtree(made, ignore_errors=True)
    SOURCE.mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy2(SITE / name, SOURCE / name)
    for path in notebooks:
        target = SOURCE / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def _socket_kernel_manager(sockets: str):
    """A kernel manager whose kernels talk over Unix sockets in ``sockets``, as the tests' kernels do:
    no TCP port to race the other kernels of the machine for."""
    from jupyter_client.manager import KernelManager

    class SocketKernelManager(KernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", os.path.join(sockets, f"k{uuid.uuid4().hex[:12]}.json"))
            super().__init__(**kwargs)

    return SocketKernelManager


def execute_one(relative: str, source: Path, sockets: str, record: str) -> tuple[str, float, str | None]:
    """Execute the staged copy (in ``source``) of ``relative`` in place, in the folder of its original."""
    import nbformat
    from nbclient import NotebookClient

    start = time.perf_counter()
    path = source / relative
    notebook = nbformat.read(path, as_version=4)
    os.environ["SERVICEKIT_PRACTICE_RECORD"] = record  # practice (lesson 11) writes no home-folder record
    client = NotebookClient(notebook, kernel_name="python3", kernel_manager_class=_socket_kernel_manager(sockets),
                            timeout=CELL_TIMEOUT, allow_errors=False, store_widget_state=True,
                            resources={"metadata": {"path": str((ROOT / relative).parent)}})
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - reported by name; nbclient's errors do not pickle well
        return relative, time.perf_counter() - start, f"{type(error).__name__}: {error}"
    nbformat.write(notebook, path)
    return relative, time.perf_counter() - start, None


def execute(notebooks: list[Path], jobs: int) -> None:
    todo = [str(p.relative_to(ROOT)) for p in notebooks if p.relative_to(ROOT).parts[0] not in NOT_EXECUTED]
    say(f"executing {len(todo)} notebooks, {jobs} at a time")
    scratch = Path(tempfile.mkdtemp(prefix="site-"))  # short: a socket path must stay under 108 bytes
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(execute_one, name, SOURCE, str(scratch), str(scratch / "practice.json"))
                       for name in todo]
            for future in concurrent.futures.as_completed(futures):
                name, seconds, error = future.result()
                if error is not None:
                    pool.shutdown(cancel_futures=True)  # the notebooks not yet started are not run
                    sys.exit(f"{name} failed after {seconds:.0f} s; the site is not built:\n{error}")
                say(f"  {seconds:5.1f} s  {name}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def npm_install() -> None:
    """``npm ci`` in site/ if node_modules is missing or older than package-lock.json."""
    lock = SITE / "package-lock.json"
    stamp = NODE_MODULES / ".package-lock.json"  # npm writes it on every install
    if stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to install the site's scripts (Debian: apt-get install npm)")
    say("npm ci (site/package-lock.json)")
    subprocess.run([npm, "ci", "--no-fund", "--no-audit"], cwd=SITE, check=True)


def copy_assets() -> None:
    static = SOURCE / "_assets"
    static.mkdir()
    unused = shutil.ignore_patterns("*.map", "*.LICENSE.txt", "libembed-amd.js", "embed.js")
    for source, target in ASSETS.items():
        origin = NODE_MODULES / source
        if origin.is_dir():
            shutil.copytree(origin, static / target, ignore=unused)
        else:
            shutil.copy2(origin, static / target)
    for source, target in OWN_ASSETS.items():
        shutil.copy2(SITE / source, static / target)


def sphinx(jobs: int) -> None:
    bindir = Path(sys.executable).parent
    subprocess.run([str(bindir / "jupyter-book"), "config", "sphinx", str(SOURCE)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(jobs),
                    "-d", str(BUILD / "doctrees"), str(SOURCE), str(HTML)], check=True)


def check_output() -> None:
    offenders = [p for p in HTML.rglob("*") if p.is_file() and FORBIDDEN.search(p.read_bytes())]
    offenders += [p for p in HTML.rglob("solutions") if p.is_dir()]
    if offenders:
        sys.exit("solution or hidden-test text in the site, which must never be published:\n"
                 + "\n".join(str(p.relative_to(HTML)) for p in offenders))


def main() -> None:
    global BUILD, SOURCE, HTML
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at a time (default 2)")
    parser.add_argument("--build-dir", type=Path, default=BUILD,
                        help="where to stage and build; the site goes to its html/ (default site/_build)")
    args = parser.parse_args()
    BUILD = args.build_dir.resolve()
    SOURCE, HTML = BUILD / "source", BUILD / "html"
    start = time.perf_counter()
    notebooks = check_toc()
    npm_install()
    stage(notebooks)
    copy_assets()
    execute(notebooks, max(1, args.jobs))
    executed = time.perf_counter()
    say("building the HTML")
    sphinx(max(1, args.jobs))
    check_output()
    end = time.perf_counter()
    say(f"done in {end - start:.0f} s (executing {executed - start:.0f} s, HTML {end - executed:.0f} s): "
        f"{HTML}/index.html")


if __name__ == "__main__":
    main()
