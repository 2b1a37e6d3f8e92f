"""How fast each lesson widget answers a trainee: every control of every widget, in a real browser.

    .venv/bin/python bench/bench_widgets.py              # every lesson and case with widgets
    .venv/bin/python bench/bench_widgets.py notebooks/06_contact_centre_staffing.ipynb --no-write

JupyterLab starts as ``make lab`` starts it (the Makefile's ``LAB_ARGS``), on a free loopback
port, with autosave off so that no notebook is written. Each notebook that uses widgets opens in
headless Chromium (Debian's, driven by Playwright) at 1400×900 and runs (*Run All Cells*) until
the kernel is idle. Then, in every widget's output area, each control a trainee moves is moved
``--repeat`` times, alternating directions, and once more to put it back: a slider by focusing
its handle and pressing ArrowRight / ArrowLeft, a dropdown by selecting the next option (and the
one before), toggle buttons by clicking the next button, a check box or toggle button by a click.

A time runs from the input event (its ``timeStamp``) to the last change of the widget's output
area before ``QUIET_MS`` without one: a MutationObserver in the page records
``performance.now()`` of every mutation, and a chart's ``<img>`` counts when it has loaded
(``img.complete``). The moved control's own redraw (a handle, a readout) is not a change of the
output. The end also waits for the kernel to be idle again. A control after which nothing in the
output changes is reported as such, not as 0 ms.

Every notebook is opened and run first (``--opening`` at a time), before any control moves;
then all are measured side by side, but one control moves at a time: a move holds a lock until
its kernel is idle and its output has been still for ``SETTLE_MS``, and the rest of its quiet
time, only waiting, overlaps the next move in another notebook. A change that comes after the
lock was given up is counted all the same, and the table says how many moves had one. With
``--budget`` seconds gone, no new control starts: the rest are listed as not measured.

The table (per control: median and max in ms, and whether the max is within ``TARGET_MS``)
goes to the ``## Widgets`` section of BENCHMARKS.md. Every kernel started is shut down through
the REST API, and the server is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_FLAGS, jupyter_server  # noqa: E402  (tests/conftest.py)
from report import machine, write_section  # noqa: E402

FOLDERS = ("notebooks", "cases")
VIEWPORT = {"width": 1400, "height": 900}
QUIET_MS = 1500     # an output area still this long has stopped changing
SETTLE_MS = 100     # still this long, with the kernel idle: the next move (in another notebook) may start
TARGET_MS = 250
MOVE_TIMEOUT_MS = 30_000
ACTIVE_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
# JupyterLab's autosave would write the executed notebooks back; the kit's notebooks are stored clean.
USER_SETTINGS = {"@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False}}

# The page's side: finds the widgets and their controls, and times a move.
PAGE_JS = r"""
() => {
  if (window.__wb) return true;
  const PANEL = '.jp-NotebookPanel:not(.lm-mod-hidden)';
  const wb = window.__wb = {status: null, statusAt: 0, busyAt: -Infinity, rec: null};
  const panel = () => document.querySelector(PANEL);
  const readStatus = () => {
    const indicator = panel()?.querySelector('.jp-Notebook-ExecutionIndicator');
    const status = indicator ? indicator.getAttribute('data-status') : null;
    if (status !== wb.status) {
      wb.status = status;
      wb.statusAt = performance.now();
      if (status === 'busy') wb.busyAt = wb.statusAt;
    }
  };
  new MutationObserver(readStatus).observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeFilter: ['data-status']});
  readStatus();
  const text = (el) => (el ? el.innerText || el.textContent || '' : '').replace(/[\u200b\ufeff]/g, '').replace(/\s+/g, ' ').trim();
  const shown = (el) => el.getClientRects().length > 0;

  // The name on the current tab: the notebook the page shows.
  wb.document = () => text(document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel'));
  wb.cells = () => Array.from(panel().querySelectorAll('.jp-Notebook .jp-Cell'));
  // A widget's output area: an output of a cell holding a widget, not an Output widget inside one.
  wb.areas = () => Array.from(panel().querySelectorAll('.jp-Cell .jp-OutputArea-output'))
    .filter((el) => el.querySelector('.jupyter-widgets') && !el.parentElement.closest('.jp-OutputArea-output'));

  const label = (el) => text(el.querySelector(':scope > .widget-label, :scope > label.widget-label'));
  const KINDS = [
    ['slider', '.widget-slider', (el) => el.querySelector('.noUi-handle'), label],
    ['dropdown', '.widget-dropdown', (el) => el.querySelector('select'), label],
    ['toggle buttons', '.widget-toggle-buttons', (el) => el, (el) => {
      const before = el.previousElementSibling;
      return label(el) || (before && shown(before) ? text(before) : '')
        || Array.from(el.querySelectorAll('button')).map(text).join(' / ');
    }],
    ['toggle button', 'button.widget-toggle-button', (el) => el, text],
    ['check box', '.widget-checkbox', (el) => el.querySelector('input[type=checkbox]'), text],
  ];
  const OTHERS = [['radio buttons', '.widget-radio-box'], ['button', 'button.widget-button'],
                  ['text box', '.widget-text, .widget-textarea, .widget-inttext, .widget-floattext']];

  // Every control a trainee moves in area ``a``, in page order: {kind, root, target, label}.
  wb.controls = (a) => {
    const area = wb.areas()[a];
    const found = [];
    for (const [kind, selector, target, describe] of KINDS) {
      for (const root of area.querySelectorAll(selector)) {
        if (kind === 'toggle button' && root.closest('.widget-toggle-buttons')) continue;
        if (!shown(root) || !target(root)) continue;
        found.push({kind, root, target: target(root), label: describe(root)});
      }
    }
    const order = (x, y) => (x.root.compareDocumentPosition(y.root) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    return found.sort(order);
  };

  wb.describe = () => wb.areas().map((area, a) => {
    const cell = area.closest('.jp-Cell');
    const controls = wb.controls(a).map(({kind, label}) => ({kind, label}));
    const others = {};
    for (const [kind, selector] of OTHERS) {
      const n = Array.from(area.querySelectorAll(selector)).filter(shown).length;
      if (n) others[kind] = n;
    }
    let hidden = 0;
    for (const [, selector] of KINDS) hidden += Array.from(area.querySelectorAll(selector)).filter((el) => !shown(el)).length;
    return {cell: wb.cells().indexOf(cell), controls, others, hidden};
  });

  // Control ``c`` ({index, kind, label, nth}) of area ``a``, found again: a widget may rebuild its
  // controls (a new question, another language), so by kind and label, else where it was.
  const pick = (a, c) => {
    const all = wb.controls(a);
    const same = all.filter((x) => x.kind === c.kind && x.label === c.label);
    const found = same[c.nth] || (all[c.index] && all[c.index].kind === c.kind ? all[c.index] : null);
    if (!found) throw new Error('GONE');
    return found;
  };
  // Where the control stands: a slider's value and bounds, a dropdown's or toggle buttons' choice.
  wb.state = (a, c) => {
    const {kind, target, root} = pick(a, c);
    if (kind === 'slider') {
      const v = (name) => parseFloat(target.getAttribute(name));
      return {value: v('aria-valuenow'), min: v('aria-valuemin'), max: v('aria-valuemax')};
    }
    if (kind === 'dropdown') return {index: target.selectedIndex, count: target.options.length};
    if (kind === 'toggle buttons') {
      const buttons = Array.from(root.querySelectorAll('button'));
      return {index: buttons.findIndex((b) => b.classList.contains('mod-active')), count: buttons.length};
    }
    return {};
  };
  wb.target = (a, c, option) => {
    const {kind, target, root} = pick(a, c);
    return kind === 'toggle buttons' ? root.querySelectorAll('button')[option] : target;
  };
  wb.scroll = (a, c) => {
    const el = c === null ? wb.areas()[a] : pick(a, c).root;
    el.scrollIntoView({block: c === null ? 'start' : 'center'});
  };

  const INPUTS = ['pointerdown', 'mousedown', 'keydown', 'input', 'change', 'click'];
  const onInput = (event) => { if (wb.rec && wb.rec.t0 === null) wb.rec.t0 = event.timeStamp; };
  // Starts timing the next move of control ``c`` of area ``a``.
  wb.arm = (a, c) => {
    wb.disarm();
    const area = wb.areas()[a];
    const own = pick(a, c).root;
    const rec = wb.rec = {t0: null, last: null, changes: 0, pending: 0, settledAt: null, late: false};
    const waiting = new WeakSet();
    const watchImages = () => {
      for (const img of area.querySelectorAll('img')) {
        if (img.complete || waiting.has(img)) continue;
        waiting.add(img);
        rec.pending++;
        const done = () => {
          img.removeEventListener('load', done);
          img.removeEventListener('error', done);
          waiting.delete(img);
          rec.pending--;
          rec.last = performance.now();
          if (rec.settledAt !== null) rec.late = true;
        };
        img.addEventListener('load', done);
        img.addEventListener('error', done);
      }
    };
    rec.observer = new MutationObserver((mutations) => {
      if (rec.t0 === null) return;
      const now = performance.now();
      if (mutations.some((m) => !own.contains(m.target))) {
        rec.changes++;
        rec.last = now;
        if (rec.settledAt !== null) rec.late = true;
      }
      watchImages();
    });
    rec.observer.observe(area, {subtree: true, childList: true, attributes: true, characterData: true});
    for (const type of INPUTS) window.addEventListener(type, onInput, true);
    return true;
  };
  wb.disarm = () => {
    if (!wb.rec) return;
    wb.rec.observer.disconnect();
    for (const type of INPUTS) window.removeEventListener(type, onInput, true);
  };
  // Resolves once the move's output has been still ``quiet`` ms, no image is loading and the
  // kernel is idle (after having been busy since the move, or ``busyGrace`` ms after it).
  wb.settle = (quiet, timeout, busyGrace) => new Promise((resolve) => {
    const rec = wb.rec;
    const start = performance.now();
    const report = (extra) => ({t0: rec.t0, last: rec.last, changes: rec.changes, late: rec.late,
                                pending: rec.pending, status: wb.status, ...extra});
    const tick = () => {
      readStatus();
      const now = performance.now();
      if (rec.t0 === null) {
        if (now - start > 5000) return resolve(report({noInput: true}));
        return setTimeout(tick, 20);
      }
      const kernelDone = wb.status === 'idle' && (wb.busyAt >= rec.t0 - 1 || now - rec.t0 > busyGrace);
      if (kernelDone && rec.pending === 0 && now - Math.max(rec.t0, rec.last ?? 0, wb.statusAt) >= quiet) {
        if (rec.settledAt === null) rec.settledAt = now;
        return resolve(report({}));
      }
      if (now - rec.t0 > timeout) return resolve(report({timedOut: true}));
      setTimeout(tick, 20);
    };
    tick();
  });

  const prompts = () => Array.from(panel().querySelectorAll('.jp-CodeCell .jp-InputPrompt')).map(text);
  // Resolves true as soon as a cell is queued or has run, false after ``timeout`` ms.
  wb.started = (timeout) => new Promise((resolve) => {
    const start = performance.now();
    const tick = () => {
      if (prompts().some((p) => /[*\d]/.test(p))) return resolve(true);
      if (performance.now() - start > timeout) return resolve(false);
      setTimeout(tick, 50);
    };
    tick();
  });
  // After Run All: resolves once no cell is running, the kernel is idle and nothing has changed
  // (prompts, widgets, images) for ``quiet`` ms.
  wb.ran = (quiet, timeout) => new Promise((resolve) => {
    const start = performance.now();
    let last = null, since = start;
    const tick = () => {
      readStatus();
      const now = performance.now();
      const shownPrompts = prompts();
      const running = shownPrompts.filter((p) => p.includes('*')).length;
      const ran = shownPrompts.filter((p) => /\d/.test(p)).length;
      const loading = Array.from(panel().querySelectorAll('.jp-OutputArea img')).filter((i) => !i.complete).length;
      const state = JSON.stringify([shownPrompts, panel().querySelectorAll('.jupyter-widgets').length, loading, wb.status]);
      if (state !== last) { last = state; since = now; }
      const done = ran > 0 && running === 0 && loading === 0 && wb.status === 'idle';
      if (done && now - since >= quiet) {
        // Where Run All stopped, if a cell failed: the last cell run and its error's last line.
        const cells = wb.cells();
        const last = cells.filter((c) => c.classList.contains('jp-CodeCell')
                                         && /\d/.test(text(c.querySelector('.jp-InputPrompt')))).pop();
        const error = last && last.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
        const lines = error ? (error.textContent || '').split('\n').map((l) => l.trim()).filter(Boolean) : [];
        return resolve({ran, notRun: shownPrompts.length - ran, cells: cells.length,
                        stoppedAt: last ? cells.indexOf(last) + 1 : null, error: lines.length ? lines.pop() : ''});
      }
      if (now - start > timeout) return resolve({timedOut: true, ran, running});
      setTimeout(tick, 50);
    };
    tick();
  });
  return true;
}
"""


@dataclass
class Control:
    notebook: str
    cell: int | None          # 1-based position in the notebook, markdown cells counted
    call: str                 # the cell's code, shortened
    kind: str
    label: str
    times: list[float] = field(default_factory=list)   # ms, moves that changed the output
    unchanged: int = 0        # moves after which nothing in the output changed
    late: int = 0             # moves with a change after the lock was given up
    problem: str = ""         # why the control could not be driven (or not all of its moves)

    @property
    def name(self) -> str:
        label = self.label if len(self.label) <= 60 else self.label[:57] + "…"
        return f"{self.kind} “{label}”" if label else self.kind


def _lab_args() -> list[str]:
    """The arguments `make lab` passes to JupyterLab, read from the Makefile."""
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("LAB_ARGS :="):
            return line.split(":=", 1)[1].split()
    raise RuntimeError("the Makefile has no LAB_ARGS")


class _Temp:
    """The one method of pytest's ``tmp_path_factory`` that ``jupyter_server`` uses."""

    def __init__(self, root: Path):
        self.root = root

    def mktemp(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.root))


def _api(base: str, token: str, method: str, path: str):
    request = urllib.request.Request(f"{base}/api/{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        return json.loads(body) if body else None


def shut_down(base: str, token: str, path: str | None = None) -> int:
    """Shut down the sessions (and so their kernels) of ``path``, or all of them; how many."""
    sessions = [s for s in _api(base, token, "GET", "sessions") if path is None or s.get("path") == path]
    for session in sessions:
        _api(base, token, "DELETE", f"sessions/{session['id']}")
    if path is None:  # a kernel with no session left (none is expected)
        for kernel in _api(base, token, "GET", "kernels"):
            _api(base, token, "DELETE", f"kernels/{kernel['id']}")
    return len(sessions)


def _uses_widgets(path: Path) -> bool:
    """Whether a notebook shows widgets: it imports ipywidgets, or from ``servicekit.widgets``
    something other than a chart (``draw_*``) or a constant (``UPPER_CASE``)."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        if re.search(r"^\s*(import|from)\s+ipywidgets\b", cell.source, re.M):
            return True
        for found in re.finditer(r"^\s*from\s+servicekit\.widgets(?:\.\w+)?\s+import\s+(\([^)]*\)|.*)$", cell.source, re.M):
            names = [n.split(" as ")[0].strip() for n in found.group(1).strip("()").replace("\n", " ").split(",")]
            if any(n and not n.startswith("draw_") and not n.isupper() for n in names):
                return True
    return False


def _short(source: str, width: int = 48) -> str:
    lines = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    code = re.sub(r"\s+", " ", " ".join(lines)).replace("( ", "(").strip()
    return code if len(code) <= width else code[: width - 1] + "…"


class Bench:
    def __init__(self, base: str, token: str, browser, repeat: int, deadline: float):
        self.base, self.token, self.browser, self.repeat, self.deadline = base, token, browser, repeat, deadline
        self.lock = asyncio.Lock()
        self.controls: list[Control] = []
        self.skipped: list[tuple[str, int | None, str, dict]] = []   # widgets with no control to move
        self.notes: list[str] = []
        self.hidden = 0
        self.opened = 0

    async def open(self, path: Path) -> dict | None:
        """Open ``path`` in a page of its own and run it; what ``measure`` needs, or None."""
        rel = path.relative_to(ROOT).as_posix()
        cells = nbformat.read(path, as_version=4).cells
        started = time.monotonic()
        # A browser context of its own: pages sharing one once showed each other's notebook.
        context = await self.browser.new_context(viewport=VIEWPORT)
        opened = {"rel": rel, "cells": cells, "context": context}
        try:
            page = opened["page"] = await context.new_page()
            ran = await self._open_and_run(page, rel)
            if ran.get("timedOut"):
                raise RuntimeError(f"Run All did not finish ({ran})")
            if ran.get("notRun"):
                why = f" at cell {ran['stoppedAt']} ({ran['error'][:160]})" if ran.get("error") else ""
                self.notes.append(f"`{rel}`: Run All stopped{why}; {ran['notRun']} code cell(s) after it did not run")
            if ran.get("cells") != len(cells):
                self.notes.append(f"`{rel}`: the page shows {ran.get('cells')} cells, the file has {len(cells)}")
            opened["numbered"] = ran.get("cells") == len(cells)
            self.opened += 1
            opened["areas"] = await page.evaluate("() => __wb.describe()")
            if not opened["areas"]:
                self.notes.append(f"`{rel}`: no widget rendered")
            print(f"{rel}: opened and run in {time.monotonic() - started:.0f} s; {len(opened['areas'])} widgets, "
                  f"{sum(len(a['controls']) for a in opened['areas'])} controls", flush=True)
            return opened
        except Exception as error:
            self.notes.append(f"`{rel}`: not measured: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
            await self.close(opened)
            return None

    async def close(self, opened: dict) -> None:
        """Shut the notebook's kernel down and close its page, while no control moves."""
        async with self.lock:
            try:
                await asyncio.to_thread(shut_down, self.base, self.token, opened["rel"])
            finally:
                await opened["context"].close()

    async def measure(self, opened: dict) -> None:
        """Move every control of every widget of an opened notebook, one move at a time."""
        rel, cells, page = opened["rel"], opened["cells"], opened["page"]
        try:
            for a, area in enumerate(opened["areas"]):
                index = area["cell"]
                cell = index + 1 if opened["numbered"] and 0 <= index < len(cells) else None
                call = _short(cells[index].source) if cell else "?"
                self.hidden += area["hidden"]
                if not area["controls"]:
                    self.skipped.append((rel, cell, call, area["others"]))
                    continue
                await page.evaluate("(a) => __wb.scroll(a, null)", a)
                for c, described in enumerate(area["controls"]):
                    control = Control(rel, cell, call, described["kind"], described["label"])
                    key = {"index": c, "kind": control.kind, "label": control.label,
                           "nth": sum((d["kind"], d["label"]) == (control.kind, control.label)
                                      for d in area["controls"][:c])}
                    self.controls.append(control)
                    if time.monotonic() > self.deadline:
                        control.problem = "not measured: out of time"
                        continue
                    await self._drive(page, a, key, control)
                    print(f"  {rel} cell {cell} {control.name}: {_summary(control)}", flush=True)
        finally:
            await self.close(opened)

    async def _open_and_run(self, page, rel: str) -> dict:
        url = f"{self.base}/lab/workspaces/bench-widgets-{secrets.token_hex(4)}/tree/{rel}?reset&token={self.token}"
        await page.goto(url)
        await page.locator(ACTIVE_NOTEBOOK).first.wait_for(timeout=120_000)
        await page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=120_000)
        await page.evaluate(PAGE_JS)
        shown = await page.evaluate("() => __wb.document()")
        if shown != Path(rel).name:
            raise RuntimeError(f"the page shows {shown!r}, not {Path(rel).name!r}")
        # On a loaded machine *Run All Cells*, clicked as soon as the kernel shows idle, now and
        # then queues no cell (the last cell is selected, every prompt stays "[ ]"): a cell is
        # queued at once when it works, so after a few seconds without one it is clicked again.
        await page.wait_for_timeout(1000)
        for attempt in range(4):
            dialog = page.locator(".jp-Dialog")
            if await dialog.count():  # a dialog left open would catch the clicks
                self.notes.append(f"`{rel}`: closed a JupyterLab dialog: {(await dialog.first.inner_text())[:120]!r}")
                await page.keyboard.press("Escape")
                await dialog.first.wait_for(state="detached", timeout=10_000)
            await page.locator(ACTIVE_NOTEBOOK).first.click()
            await page.keyboard.press("Escape")
            await page.get_by_role("menuitem", name="Run", exact=True).click()
            await page.get_by_text("Run All Cells", exact=True).click()
            if await page.evaluate("(t) => __wb.started(t)", 5_000):
                if attempt:
                    print(f"{rel}: Run All Cells took {attempt + 1} clicks", flush=True)
                return await page.evaluate("() => __wb.ran(1500, 180000)")
        return {"timedOut": True, "ran": 0, "clicks": attempt + 1}

    async def _move(self, page, a: int, c: dict, kind: str, step) -> dict:
        """One timed move of control ``c`` of area ``a``; ``step`` is a key, an option index or None."""
        async with self.lock:
            # Armed first: what focusing the handle changes comes before any input, so it is not timed.
            target = await page.evaluate_handle("([a, c, o]) => __wb.arm(a, c) && __wb.target(a, c, o)",
                                                [a, c, step if kind == "toggle buttons" else 0])
            if kind == "slider":
                await target.focus()
                await page.keyboard.press(step)
            elif kind == "dropdown":
                await target.select_option(index=step)
            else:
                await target.click()
            first = await page.evaluate("(q) => __wb.settle(q[0], q[1], q[2])", [SETTLE_MS, MOVE_TIMEOUT_MS, 1000])
        if first.get("noInput") or first.get("timedOut"):
            await page.evaluate("() => __wb.disarm()")
            return first
        result = await page.evaluate("(q) => __wb.settle(q[0], q[1], q[2])", [QUIET_MS, MOVE_TIMEOUT_MS, 1000])
        await page.evaluate("() => __wb.disarm()")
        return result

    async def _drive(self, page, a: int, c: dict, control: Control) -> None:
        """``repeat`` timed moves of one control, alternating directions, then one to put it back."""
        kind = control.kind
        try:
            await page.evaluate("([a, c]) => __wb.scroll(a, c)", [a, c])
            state = await page.evaluate("([a, c]) => __wb.state(a, c)", [a, c])
            if kind == "slider":
                at_top = state.get("value") is not None and state.get("value") == state.get("max")
                forward, back = ("ArrowLeft", "ArrowRight") if at_top else ("ArrowRight", "ArrowLeft")
            elif kind in ("dropdown", "toggle buttons"):
                if state["count"] < 2:
                    control.problem = f"cannot be driven: {state['count']} option(s)"
                    return
                back = max(state["index"], 0)
                forward = (back + 1) % state["count"]
            else:
                forward = back = None
            steps = [forward if i % 2 == 0 else back for i in range(self.repeat)]
            steps.append(back if self.repeat % 2 else forward)  # put the control back, not timed
            for i, step in enumerate(steps):
                result = await self._move(page, a, c, kind, step)
                if result.get("noInput"):
                    control.problem = "cannot be driven: the page saw no input event"
                    return
                if result.get("timedOut"):
                    control.problem = f"timed out after {MOVE_TIMEOUT_MS / 1000:g} s (kernel {result['status']})"
                    return
                if i == self.repeat:
                    break
                if result["changes"] == 0 and result["last"] is None:
                    control.unchanged += 1
                else:
                    control.times.append(result["last"] - result["t0"])
                    control.late += bool(result["late"])
        except Exception as error:  # a control that cannot be driven is reported, the run goes on
            if "GONE" in str(error):
                control.problem = "cannot be driven: no longer shown once an earlier control had moved"
            else:
                control.problem = f"cannot be driven: {type(error).__name__}: {str(error).splitlines()[0][:120]}"


def _summary(control: Control) -> str:
    if control.times:
        text = f"median {statistics.median(control.times):.0f} ms, max {max(control.times):.0f} ms"
    else:
        text = "never changed the output" if control.unchanged else "no time"
    if control.times and control.unchanged:
        text += f"; {control.unchanged} move(s) changed nothing"
    if control.late:
        text += f"; {control.late} move(s) changed late"
    return text + (f"; {control.problem}" if control.problem else "")


def _cell(control: Control) -> str:
    return str(control.cell) if control.cell else "?"


def section(bench: Bench, repeat: int, opening: int, versions: dict, load: dict, seconds: float) -> str:
    timed = sorted((c for c in bench.controls if c.times), key=lambda c: (-max(c.times), -statistics.median(c.times)))
    untimed = [c for c in bench.controls if not c.times]
    lines = [
        "## Widgets",
        "",
        "Produced by `python bench/bench_widgets.py`; rerun it to refresh this section. JupyterLab as `make lab`",
        "starts it; each lesson and case that uses widgets opens in headless Chromium (1400×900) and runs",
        f"(*Run All Cells*). Then every control of every widget is moved {repeat} times, alternating directions,",
        "and put back: a slider by its handle and ArrowRight / ArrowLeft, a dropdown to the next option and back,",
        "toggle buttons to the next button and back, a check box by a click. A time runs from the input event",
        f"to the last change of the widget's output area before {QUIET_MS / 1000:g} s without one (a MutationObserver;",
        "a chart counts once its image has loaded; the moved control's own redraw does not count), with the",
        f"kernel idle again. Target: every move within {TARGET_MS} ms. The notebooks are all opened and run first",
        f"({opening} at a time), then measured side by side, but only one control moves at a time: the others",
        "are waiting out their quiet time. *cell*: the widget's cell, counted from the top of the notebook",
        "(Markdown cells too).",
        f"Machine: {machine()}, Chromium {versions['chromium']}, JupyterLab {versions['jupyterlab']}. "
        f"Run on {datetime.date.today().isoformat()}; 1-minute load average {load['start']:.1f} at the start, "
        f"{load['end']:.1f} at the end.",
        "",
        f"| notebook | cell | widget | control | median (ms) | max (ms) | max ≤ {TARGET_MS} ms |",
        "| --- | ---: | --- | --- | ---: | ---: | --- |",
    ]
    for c in timed:
        notes = []
        if c.unchanged:
            notes.append(f"{c.unchanged} of {repeat} moves changed nothing")
        if c.late:
            notes.append(f"{c.late} of them still changing once the next move could start")
        if c.problem:
            notes.append(c.problem)
        verdict = ("yes" if max(c.times) <= TARGET_MS else "**no**") + (f" ({'; '.join(notes)})" if notes else "")
        lines.append(f"| `{c.notebook}` | {_cell(c)} | `{c.call}` | {c.name} | {statistics.median(c.times):.0f} "
                     f"| {max(c.times):.0f} | {verdict} |")
    for c in untimed:
        what = c.problem or f"never changed the output ({c.unchanged} of {repeat} moves)"
        lines.append(f"| `{c.notebook}` | {_cell(c)} | `{c.call}` | {c.name} | — | — | {what} |")
    lines.append("")
    within = sum(max(c.times) <= TARGET_MS for c in timed)
    lines.append(f"{bench.opened} notebook{'s' * (bench.opened != 1)}, {len(bench.controls)} controls, {len(timed)} timed, {within} of them "
                 f"always within {TARGET_MS} ms; "
                 f"{seconds:.0f} s in all, from starting JupyterLab to stopping it.")
    if timed:
        worst = timed[0]
        lines.append(f"Slowest: `{worst.call}` (`{worst.notebook}`, cell {_cell(worst)}), {worst.name}: "
                     f"median {statistics.median(worst.times):.0f} ms, max {max(worst.times):.0f} ms.")
    if bench.skipped:
        groups: dict[str, list] = {}
        for rel, cell, call, others in bench.skipped:
            groups.setdefault(call.split("(")[0] + "(…)", []).append(others)
        parts = []
        for call, found in sorted(groups.items()):
            kinds = sorted({kind for others in found for kind in others})
            parts.append(f"`{call}` ×{len(found)} ({', '.join(kinds) or 'no control'})")
        lines.append("Not timed, having no slider, dropdown, toggle button or check box: " + "; ".join(parts) + ".")
    if bench.hidden:
        lines.append(f"Hidden after Run All, so not moved: {bench.hidden} control(s) (shown only later in a widget's use).")
    lines += [f"{note}." if not note.endswith(".") else note for note in bench.notes]
    return "\n".join(lines)


async def run(paths: list[Path], repeat: int, opening: int, begun: float, deadline: float) -> tuple[Bench, dict]:
    from playwright.async_api import async_playwright

    import jupyterlab

    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="bench-widgets-") as scratch:
        temp = _Temp(Path(scratch))
        settings = temp.mktemp("user-settings")
        for name, values in USER_SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(values), encoding="utf-8")
        # Practice keeps a candidate's record in their home folder; the benchmark keeps its own.
        os.environ["SERVICEKIT_PRACTICE_RECORD"] = str(temp.mktemp("practice") / "practice.json")
        args = [f"--LabApp.workspaces_dir={temp.mktemp('workspaces')}", f"--LabApp.user_settings_dir={settings}",
                *_lab_args()]
        with jupyter_server("lab", args, ROOT, token, temp, seconds=120) as (base, log):
            try:
                async with async_playwright() as playwright:
                    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                    versions = {"chromium": browser.version, "jupyterlab": jupyterlab.__version__}
                    bench = Bench(base, token, browser, repeat, deadline)
                    gate = asyncio.Semaphore(opening)

                    async def open_one(path: Path):
                        async with gate:
                            if time.monotonic() > deadline:
                                bench.notes.append(f"`{path.relative_to(ROOT).as_posix()}`: not opened, out of time")
                                return None
                            return await bench.open(path)

                    # Every notebook is opened and run first (``opening`` at a time), before any
                    # control moves; then all are measured at once, one move at a time.
                    opened = await asyncio.gather(*(open_one(path) for path in paths))
                    print(f"all opened and run {time.monotonic() - begun:.0f} s after the start", flush=True)
                    await asyncio.gather(*(bench.measure(o) for o in opened if o))
                    await browser.close()
            finally:
                left = shut_down(base, token)
                if left:
                    print(f"shut down {left} session(s) left open", flush=True)
                kernels = _api(base, token, "GET", "kernels")
                print(f"kernels still running: {len(kernels)}", flush=True)
    return bench, versions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: every lesson and case with widgets)")
    parser.add_argument("--repeat", type=int, default=5, help="moves per control (default 5)")
    parser.add_argument("--opening", type=int, default=2, help="notebooks opened and run at once (default 2)")
    parser.add_argument("--budget", type=float, default=510,
                        help="seconds from the start after which no new control starts (default 510)")
    parser.add_argument("--no-write", action="store_true", help="print the table only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or [
        p for folder in FOLDERS for p in sorted((ROOT / folder).glob("*.ipynb")) if _uses_widgets(p)]
    load = {"start": os.getloadavg()[0]}
    started = time.perf_counter()
    begun = time.monotonic()
    bench, versions = asyncio.run(run(paths, args.repeat, args.opening, begun, begun + args.budget))
    seconds = time.perf_counter() - started
    load["end"] = os.getloadavg()[0]
    text = section(bench, args.repeat, args.opening, versions, load, seconds)
    print("\n" + text.split("\n", 1)[1].strip(), flush=True)
    if not args.no_write and not args.paths:
        write_section(text)
    elif not args.no_write:
        print("\n(only some notebooks: BENCHMARKS.md left as it is)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
