"""``Evaluate``: the step of ``nbgrader autograde`` that replaces its ``Execute`` in the class
pipeline. The trainee's cells run in the sandbox; the checks run here, never in the kernel.

For one notebook of one submission:

1. the trainee's code cells run in a sandboxed kernel (``sandbox``), in order; the test cells
   do not run there at all. Every output goes through the allowlist (``sanitize``) as it arrives;
2. the kernel is asked for the answer names of the checks (``questions``) and hands them back as
   plain data (``wire``);
3. the evaluator judges every check, visible and hidden, on those answers; a function the trainee
   wrote is called in the sandbox on arguments sent as plain data;
4. each test cell's outputs become the evaluator's verdict (an error output when it failed), so
   nbgrader's ``SaveAutoGrades`` writes the evaluator's grades into the gradebook.

The checks come from the source notebook (``source_dir``), which the kernel cannot see or write;
what the submission holds in its test cells is never run, here or in the kernel.
"""

from __future__ import annotations

import copy
import os
import queue
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Float, Integer, List, Unicode

from servicekit.exercise import CHECK_CELL
from servicekit.trainee import ID_VARIABLE

from . import cgroups, wire
from .questions import Checks, Verdict
from .sandbox import Limits, Sandbox, SandboxKernelManager
from .sanitize import clean_notebook, clean_output

#: Source of the module the kernel gets to hand answers back: ``wire`` itself.
WIRE_SOURCE = Path(wire.__file__).read_text(encoding="utf-8")
PRELUDE = (
    "import sys as _sk_sys, types as _sk_types\n"
    "_sk_wire = _sk_types.ModuleType('servicekit_wire')\n"
    "exec(compile({source!r}, 'servicekit_wire', 'exec'), _sk_wire.__dict__)\n"
    "_sk_sys.modules['servicekit_wire'] = _sk_wire\n"
    "_sk_wire.harvest(get_ipython().user_ns, {names!r})\n"
)
CHECK_FAILED = "CheckFailed"
CALL = "import sys as _sk_sys\n_sk_sys.modules['servicekit_wire'].call(get_ipython().user_ns, {name!r}, {payload!r})\n"


class Evaluate(Execute):
    """Run the trainee's cells sandboxed, then judge the checks here (see the module docstring)."""

    source_dir = Unicode("", help="Folder of the assignment's source notebooks (the checks)").tag(config=True)
    release_dir = Unicode("", help="Folder of the assignment's release (its files go in the work folder)").tag(config=True)
    assignment = Unicode("", help="The assignment's name (the work folder's name)").tag(config=True)
    sandboxed = Bool(True, help="False only for code the instructor trusts").tag(config=True)
    uid = Integer(200_000, help="The uid the kernel runs as (one per submission)").tag(config=True)
    group_name = Unicode("", help="The control group of this submission").tag(config=True)
    limits = Dict({}, help="Limits fields (memory_mb, processes, cpus...)").tag(config=True)
    readable = List(Unicode(), help="Extra read-only folders for the kernel").tag(config=True)
    protected = List(Unicode(), help="Folders no mount may hold").tag(config=True)
    max_output_chars = Integer(200_000, help="Characters of output kept per cell").tag(config=True)
    max_notebook_output_chars = Integer(5_000_000, help="Characters of output kept in all").tag(config=True)
    call_timeout = Float(0, help="Seconds for one call of a trainee's function (0: the cell timeout)").tag(config=True)
    timeout_marker = Unicode("", help="A file created when a cell or a call ran out of time").tag(config=True)
    trainee_id = Unicode("", help="The trainee's id, from the collection: their data draws use it").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(*args, **kwargs)
        self.timed_out = False

    # --- the kernel ---------------------------------------------------------------------------

    def _sandbox(self, group) -> Sandbox | None:
        if not self.sandboxed:
            return None
        release = Path(self.release_dir)
        files = {p.name: str(p) for p in release.iterdir()
                 if p.is_file() and not p.is_symlink() and p.suffix != ".ipynb"} if release.is_dir() else {}
        return Sandbox(uid=self.uid, assignment=self.assignment or "assignment", release_files=files,
                       readable=list(self.readable), protected=list(self.protected),
                       limits=Limits(**self.limits), group=group, env=self._trainee_env())

    def _trainee_env(self) -> dict[str, str]:
        return {ID_VARIABLE: self.trainee_id} if self.trainee_id else {}

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.box = self._box
        km.extra_env = self._trainee_env()
        return km

    # --- one notebook -------------------------------------------------------------------------

    def preprocess(self, nb, resources=None, km=None):
        notebook = resources["nbgrader"]["notebook"]
        checks = Checks.from_source(Path(self.source_dir) / f"{notebook}.ipynb")
        self._outputs_used = {}
        self.timed_out = False
        group = None
        if self.sandboxed and self.group_name:
            lim = Limits(**self.limits)
            group = cgroups.Group(f"{self.group_name}-{notebook}"[:200], lim.memory_mb, lim.processes, lim.cpus).create()
        self._box = self._sandbox(group)
        answers, verdicts = {}, {}
        try:
            from nbclient import NotebookClient

            NotebookClient.__init__(self, nb, km)
            self.reset_execution_trackers()
            self._check_assign_resources(resources)
            with self.setup_kernel():
                self.wait_for_reply(self.kc.kernel_info())
                self.km.lock_runtime()  # before any trainee code runs
                self._setup_cells = []  # the instructor's read-only cells reached so far, to run again in a fresh kernel
                for index, cell in enumerate(self.nb.cells):
                    if cell.cell_type != "code":
                        continue
                    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                    if grade_id in (*checks.test_ids, CHECK_CELL):
                        cell.outputs = []  # tests are the evaluator's; "Check your work" is for the trainee's lab
                        continue
                    if grade_id in checks.trusted_cells and cell.source == checks.trusted_cells[grade_id]:
                        self._setup_cells.append((index, cell))
                    self.preprocess_cell(cell, resources, index)
                answers = self._harvest(checks.answer_names)
                with _environment(self._trainee_env()):  # the checks draw the same trainee's data
                    verdicts = checks.judge(answers, self._call)
        finally:
            if group is not None:
                group.remove()
        for cell in self.nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in checks.test_ids:
                cell.outputs = [verdict_output(verdicts.get(grade_id) or Verdict(
                    grade_id, False, "Not graded: the kernel stopped before the checks.", "no verdict"))]
        clean_notebook(self.nb, checks.trusted_cells)
        if self.timed_out and self.timeout_marker:
            Path(self.timeout_marker).touch()  # the pipeline grades this submission again, alone
        return self.nb, self.resources

    def preprocess_cell(self, cell, resources, index):
        try:
            return super().preprocess_cell(cell, resources, index)
        except (DeadKernelError, CellTimeoutError) as error:
            self.timed_out = self.timed_out or isinstance(error, CellTimeoutError)
            why = ("the kernel stopped while running this cell (it exited or was killed)"
                   if isinstance(error, DeadKernelError)
                   else "this cell did not finish within the time limit and the kernel did not recover")
            message = f"{why}; the cells after it ran in a fresh kernel, after the exercise's setup cells ran again"
            cell.outputs.append(nbformat.v4.new_output(
                "error", ename=type(error).__name__, evalue=message, traceback=[f"{type(error).__name__}: {message}"]))
            run_sync(self._fresh_kernel)()
            self._rerun_setup()
            return cell, self.resources

    def _rerun_setup(self) -> None:
        """In a fresh kernel, run again the instructor's read-only cells reached so far (imports, the
        trainee's data draw; the one that just failed too, if it is one): a crash loses the trainee's
        own answers, not the exercise's data. Their outputs are not kept."""
        for index, cell in getattr(self, "_setup_cells", []):
            try:
                run_sync(self.async_execute_cell)(copy.deepcopy(cell), index, store_history=False)
            except (DeadKernelError, CellTimeoutError):
                run_sync(self._fresh_kernel)()  # the setup itself failed now: go on without it
                return

    async def _fresh_kernel(self) -> None:
        if self.kc is not None:
            await ensure_async(self.kc.stop_channels())
        await ensure_async(self.km.restart_kernel(now=True))
        await self.async_start_new_kernel_client()
        await self.async_wait_for_reply(self.kc.kernel_info())
        self.km.lock_runtime()

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        if any(o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError" for o in kwargs["cell"].outputs):
            self.timed_out = True

    def _update_display_id(self, display_id, msg):
        """Display updates are ignored: an output once shown cannot be rewritten."""

    def handle_comm_msg(self, outs, msg, cell_index):
        """Widgets are not run: no widget state or widget output enters the notebook."""

    def output(self, outs, msg, display_id, cell_index):
        """Every output through the allowlist as it arrives, within a per-cell cap; display
        updates are ignored (an earlier output cannot be rewritten)."""
        kind = msg.get("msg_type")
        if kind in ("update_display_data",):
            return None
        content = msg.get("content", {})
        size = len(str(content))
        cap = self.max_output_chars
        used = self._outputs_used.get(cell_index, 0)
        total = sum(self._outputs_used.values())
        self._outputs_used[cell_index] = used + size
        if used + size > cap or total + size > self.max_notebook_output_chars:
            if used <= cap and total <= self.max_notebook_output_chars:
                what = (f"this cell printed more than {cap} characters" if used + size > cap
                        else f"the notebook printed more than {self.max_notebook_output_chars} characters")
                outs.append(nbformat.v4.new_output("stream", name="stderr", text=f"\n[output cut: {what}]\n"))
            return None
        if self.clear_before_next_output:
            outs[:] = []
            self.clear_before_next_output = False
        raw = NotebookNode({"output_type": kind, **{k: v for k, v in content.items() if k != "transient"}})
        if kind == "execute_result":
            raw["output_type"] = "execute_result"
        cleaned = clean_output(raw)
        if cleaned is not None:
            outs.append(cleaned)
        return cleaned

    # --- answers and calls ---------------------------------------------------------------------

    def _snippet(self, code: str, timeout: float | None = None) -> str:
        """Run ``code`` in the kernel, outside the notebook; return what it printed on stdout
        (capped). Nothing of it enters the notebook."""
        try:
            return run_sync(self._async_snippet)(code, float(timeout or self.timeout or 30))
        except DeadKernelError:
            return ""

    async def _async_snippet(self, code: str, timeout: float) -> str:
        msg_id = self.kc.execute(code, silent=False, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        parts, size, interrupted = [], 0, False
        while True:
            left = deadline - time.monotonic()
            if left <= 0 and not interrupted:
                # Out of time: interrupt, and wait a little for the kernel to come back idle, so
                # that the next request does not meet this one's interruption.
                self.timed_out = interrupted = True
                parts = []
                await ensure_async(self.km.interrupt_kernel())
                deadline = time.monotonic() + 10
                continue
            if left <= 0:
                await self._fresh_kernel()
                return ""
            try:
                msg = await ensure_async(self.kc.get_iopub_msg(timeout=min(left, 1.0)))
            except queue.Empty:
                if not await ensure_async(self.km.is_alive()):
                    await self._fresh_kernel()
                    return ""
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            content = msg.get("content", {})
            if msg.get("msg_type") == "stream" and content.get("name") == "stdout":
                text = str(content.get("text", ""))
                size += len(text)
                if size > wire.MAX_BYTES * 2:
                    return ""
                parts.append(text)
            elif msg.get("msg_type") == "status" and content.get("execution_state") == "idle":
                return "" if interrupted else "".join(parts)

    def _harvest(self, names: list[str]) -> dict:
        if not names:
            return {}
        return wire.read_answers(self._snippet(PRELUDE.format(source=WIRE_SOURCE, names=list(names))), names)

    def _call(self, name: str, args, kwargs) -> dict:
        try:
            payload = wire.request(args, kwargs)
        except (wire.WireError, TypeError, ValueError) as error:
            return {"raised": "TypeError", "message": f"the check's arguments could not be sent ({error})"}
        timeout = self.call_timeout or self.timeout or 30
        started = time.monotonic()
        reply = wire.read_reply(self._snippet(CALL.format(name=name, payload=payload), timeout))
        if reply.get("raised") == "RuntimeError" and time.monotonic() - started >= timeout - 0.5:
            reply["message"] = f"{name} did not return within {timeout:g} s"
        return reply


@contextmanager
def _environment(variables: dict[str, str]):
    """``variables`` set in this process's environment for the duration, then as they were."""
    before = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def verdict_output(verdict: Verdict) -> NotebookNode:
    """A test cell's output: what the evaluator decided. A failure is an error output whose
    ``evalue`` is the trainee-facing message and whose traceback adds the instructor's detail
    (which may quote a hidden check): feedback shows only the ``evalue``."""
    if verdict.passed:
        return nbformat.v4.new_output("stream", name="stdout", text=f"✓ {verdict.message}\n")
    text = verdict.message + (f"\n[for the instructor] {verdict.detail}" if verdict.detail else "")
    return nbformat.v4.new_output("error", ename=CHECK_FAILED, evalue=verdict.message, traceback=[text])
