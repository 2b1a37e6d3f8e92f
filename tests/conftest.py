"""Shared test setup: paths, fixtures and helpers of the tests. The setup for running notebooks
(kernels, quoted outputs, the timing table) is in notebook_checks.py, loaded for every run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("notebooks", "cases", "solutions")


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures a test draws are closed after it, so that none pile up in a worker."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def chinese():
    """The kit speaks Chinese for one test (``set_language("zh")``), and English again after it.
    What the widget tests read to check it is in language_checks.py."""
    from servicekit import set_language

    set_language("zh")
    try:
        yield
    finally:
        set_language("en")


def all_notebooks() -> list[Path]:
    """Every notebook of the kit, trainee releases included."""
    found = []
    for folder in (*NOTEBOOK_DIRS, "exercises"):
        found += sorted(p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return found


def controls_of(widget, kind: str) -> dict:
    """Every control of type ``kind`` (an ipywidgets class name) inside ``widget``, by description."""
    found = {}

    def walk(w):
        if type(w).__name__ == kind:
            found[w.description] = w
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return found


# --- a Jupyter server and Debian's chromium, for the browser tests ----------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a headless browser on a machine with no outside network.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_server(name: str, command: list[str], ready: str, cwd: Path, env: dict | None = None,
                 log: Path | None = None, seconds: float = 90):
    """Run ``command`` (a web server on this machine) until ``ready`` (a URL) answers; yield; then
    stop it: SIGTERM, and SIGKILL after 20 s. Its output goes to the file ``log`` (an unread pipe
    would fill up and stall the server), and the end of that file is in the error when it does
    not start within ``seconds``."""
    with (log.open("w") if log else open(os.devnull, "w")) as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + seconds
        while True:
            try:
                urllib.request.urlopen(ready, timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    said = log.read_text(errors="replace")[-3000:] if log else ""
                    raise RuntimeError(f"{name} did not start within {seconds:g} s\n{said}") from None
                time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def jupyter_server(app: str, args: list[str], cwd: Path, token: str, tmp_path_factory, seconds: float = 90):
    """``jupyter <app>`` (``lab`` or ``server``) on a free loopback port, its log in a file; yields
    ``(base URL, log path)`` once it answers, and stops it afterwards."""
    port = free_port()
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
           "JUPYTER_RUNTIME_DIR": str(tmp_path_factory.mktemp("runtime"))}
    command = [str(bindir / "jupyter"), app, "--no-browser", "--allow-root", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", *args]
    log = tmp_path_factory.mktemp(app) / f"{app}.log"
    base = f"http://127.0.0.1:{port}"
    with local_server(f"jupyter {app}", command, f"{base}/api/status?token={token}", cwd, env, log, seconds):
        yield base, log


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
