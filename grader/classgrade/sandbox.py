"""Run a trainee's code where it cannot hurt the class: a bubblewrap sandbox around the kernel.

nbgrader runs outside the sandbox (it needs the gradebook and the source notebook to restore the
hidden tests); only the *kernel* that executes the trainee's code runs inside it. The kernel sees:

- the system (``/usr``, ``/etc``) and the Python environment, read-only;
- the course's public code and data (the installed package's source, ``datasets/``), read-only;
- its own working copy (the autograded folder of this one submission), read-write;
- a private, empty ``/tmp`` and home; its own process table (``--unshare-pid``); no network
  (``--unshare-net``: only a loopback of its own, so the kernel talks to nbgrader over Unix
  sockets, ``transport="ipc"``).

It does not see the gradebook, ``solutions/`` (the source with hidden tests), the grader's files
or any other submission: they are simply not mounted. When the grader runs as root the kernel
also drops to an unprivileged uid of its own (``setpriv``), one per worker slot, so that the
process limit below counts only that submission's processes. ``prlimit`` caps memory (address
space), processes, CPU seconds, file size and open files.
"""

from __future__ import annotations

import os
import shutil
import site
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

#: Environment variable naming the worker slot (0, 1, ...) that picks the sandbox uid.
SLOT_ENV = "CLASSGRADE_SLOT"
BASE_UID = 62000


@dataclass
class Limits:
    """Resource limits of one kernel. Memory in MiB, time in CPU seconds."""

    memory_mb: int = 3072
    processes: int = 256
    cpu_seconds: int = 600
    file_size_mb: int = 200
    open_files: int = 512
    # Extra read-only folders the kernel may see (the course's public code and data).
    readable: list[str] = field(default_factory=list)
    # Folders that must stay out of sight (the course root): no folder holding one is mounted.
    protected: list[str] = field(default_factory=list)

    def to_env(self) -> dict[str, str]:
        return {
            "CLASSGRADE_MEMORY_MB": str(self.memory_mb),
            "CLASSGRADE_PROCESSES": str(self.processes),
            "CLASSGRADE_CPU_SECONDS": str(self.cpu_seconds),
            "CLASSGRADE_READABLE": os.pathsep.join(self.readable),
            "CLASSGRADE_PROTECTED": os.pathsep.join(self.protected),
        }

    @classmethod
    def from_env(cls) -> "Limits":
        env = os.environ
        readable = [p for p in env.get("CLASSGRADE_READABLE", "").split(os.pathsep) if p]
        protected = [p for p in env.get("CLASSGRADE_PROTECTED", "").split(os.pathsep) if p]
        return cls(
            memory_mb=int(env.get("CLASSGRADE_MEMORY_MB", cls.memory_mb)),
            processes=int(env.get("CLASSGRADE_PROCESSES", cls.processes)),
            cpu_seconds=int(env.get("CLASSGRADE_CPU_SECONDS", cls.cpu_seconds)),
            readable=readable,
            protected=protected,
        )


def tools_missing() -> list[str]:
    """The Linux tools the sandbox needs that are not installed (empty when all are there)."""
    needed = ["bwrap", "prlimit"] + (["setpriv"] if os.geteuid() == 0 else [])
    return [tool for tool in needed if shutil.which(tool) is None]


def python_paths() -> list[str]:
    """Folders the kernel's Python needs: the interpreter, the environment, editable installs."""
    paths = {sys.base_prefix, sys.prefix}
    for site_dir in site.getsitepackages():
        for pth in Path(site_dir).glob("*.pth"):
            for line in pth.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if line and not line.startswith(("#", "import")) and Path(line).is_dir():
                    paths.add(str(Path(line).resolve()))
    return sorted(paths)


def sandbox_uid() -> int:
    return BASE_UID + int(os.environ.get(SLOT_ENV, "0"))


def wrap_command(command: list[str], workdir: str, runtime_dir: str, limits: Limits) -> list[str]:
    """The command line that runs ``command`` inside the sandbox.

    ``workdir`` is the only writable folder the trainee's code gets (bound at the same path, and
    the kernel starts there); ``runtime_dir`` holds the connection file and the kernel's sockets.
    """
    wrapped = [
        # The kernel is interrupted by SIGINT to its whole process group; bwrap itself must
        # survive that (an ignored signal stays ignored across exec; ipykernel sets its own handler).
        "sh", "-c", 'trap "" INT; exec "$0" "$@"',
        "bwrap",
        "--die-with-parent",
        "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--hostname", "grading",
        "--ro-bind", "/usr", "/usr",
        "--ro-bind", "/etc", "/etc",
        "--dev", "/dev",
        "--proc", "/proc",
        "--perms", "1777", "--tmpfs", "/tmp",
    ]
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32"):
        if os.path.islink(top):
            wrapped += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            wrapped += ["--ro-bind", top, top]
    readable = [p for p in python_paths() + list(limits.readable)
                if os.path.exists(p) and not _is_system(p) and not _holds_any(p, limits.protected)]
    # bwrap creates a missing parent folder with mode 0700: open the way explicitly.
    for parent in _parents(readable + [workdir, runtime_dir]):
        wrapped += ["--perms", "0755", "--dir", parent]
    for path in readable:
        wrapped += ["--ro-bind", path, path]
    wrapped += [
        "--bind", workdir, workdir,
        "--bind", runtime_dir, runtime_dir,
        "--chdir", workdir,
        "--clearenv",
        "--setenv", "HOME", "/tmp",
        "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "--setenv", "LANG", "C.UTF-8",
        "--setenv", "MPLBACKEND", "Agg",
        "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
        "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
        "--setenv", "NBGRADER_EXECUTION", "autograde",
    ]
    # One thread per numeric library: a fair share of a shared machine, and fewer processes.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        wrapped += ["--setenv", var, "1"]
    wrapped.append("--")
    if os.geteuid() == 0:
        uid = str(sandbox_uid())
        wrapped += ["setpriv", "--reuid", uid, "--regid", uid, "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    wrapped += [
        "prlimit",
        f"--as={limits.memory_mb * 2**20}",
        f"--nproc={limits.processes}",
        f"--cpu={limits.cpu_seconds}",
        f"--fsize={limits.file_size_mb * 2**20}",
        f"--nofile={limits.open_files}",
        "--core=0",
        "--",
    ]
    return wrapped + command


def _is_system(path: str) -> bool:
    return path in ("/usr", "/etc") or path.startswith(("/usr/", "/etc/"))


def _holds_any(path: str, protected: list[str]) -> bool:
    """True when ``path`` is one of ``protected`` or a folder above one (an editable install of
    the whole course, say): mounting it would show the gradebook and the solutions."""
    here = Path(path).resolve()
    return any(here == Path(p).resolve() or here in Path(p).resolve().parents for p in protected)


def _parents(paths: list[str]) -> list[str]:
    """Every ancestor folder of ``paths`` outside the system folders, shortest first."""
    found = set()
    for path in paths:
        for parent in Path(path).parents:
            text = str(parent)
            if text not in ("/", "/tmp") and not text.startswith(("/usr/", "/etc/", "/proc/", "/dev/")):
                found.add(text)
    return sorted(found, key=lambda p: (p.count("/"), p))


def give_to_sandbox(path: str) -> None:
    """Let the sandbox uid write ``path`` (and everything below it). Needs root; else a no-op."""
    if os.geteuid() != 0:
        return
    uid = sandbox_uid()
    for folder, dirs, files in os.walk(path):
        os.chown(folder, uid, uid)
        for name in files:
            os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel starts inside the sandbox and listens on Unix sockets."""

    def __init__(self, **kwargs):
        runtime_root = os.environ.get("CLASSGRADE_RUNTIME") or tempfile.gettempdir()
        self._runtime_dir = tempfile.mkdtemp(prefix="k", dir=runtime_root)
        os.chmod(self._runtime_dir, 0o700)
        kwargs.setdefault("transport", "ipc")
        # Short names: the sockets are named after the connection file, and a Unix socket path
        # must stay under 108 bytes.
        kwargs.setdefault("connection_file", os.path.join(self._runtime_dir, f"k{uuid.uuid4().hex[:8]}.json"))
        super().__init__(**kwargs)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        workdir = os.path.abspath(kw.get("cwd") or os.getcwd())
        give_to_sandbox(workdir)
        give_to_sandbox(self._runtime_dir)
        command = wrap_command(list(kernel_cmd), workdir, self._runtime_dir, Limits.from_env())
        await super()._async_launch_kernel(command, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._runtime_dir, ignore_errors=True)


class SandboxedExecute(Execute):
    """nbgrader's Execute, with the kernel in the sandbox, a cap on each cell's output, and a
    fresh kernel after a crash.

    - A cell that prints more than ``max_output_chars`` keeps the first part and a note: a
      trainee who prints a gigabyte must not exhaust the grader's memory.
    - When the kernel dies (``os._exit``, a memory kill) or does not come back after the cell
      time limit (a fork bomb keeps it busy), the cell gets an error output, the kernel is
      restarted, and the remaining cells run in the new kernel. Plain nbgrader gives up on the
      whole submission instead.
    """

    max_output_chars = Integer(200_000, help="Characters of output kept per cell").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(*args, **kwargs)
        self._output_sizes: dict[int, int] = {}

    def preprocess(self, nb, resources=None, km=None):
        self._output_sizes = {}
        return super().preprocess(nb, resources, km=km)

    def preprocess_cell(self, cell, resources, index):
        try:
            return super().preprocess_cell(cell, resources, index)
        except (DeadKernelError, CellTimeoutError) as error:
            if isinstance(error, DeadKernelError):
                why = "the kernel stopped while running this cell (it exited or was killed)"
            else:
                why = "this cell did not finish within the time limit and the kernel did not recover"
            message = f"{why}; the cells after it ran in a fresh kernel"
            cell.outputs.append(nbformat.v4.new_output(
                "error", ename=type(error).__name__, evalue=message, traceback=[f"{type(error).__name__}: {message}"]))
            run_sync(self._fresh_kernel)()
            return cell, self.resources

    async def _fresh_kernel(self) -> None:
        if self.kc is not None:
            await ensure_async(self.kc.stop_channels())
        await ensure_async(self.km.restart_kernel(now=True))
        await self.async_start_new_kernel_client()

    def output(self, outs, msg, display_id, cell_index):
        size = len(str(msg.get("content", "")))
        used = self._output_sizes.get(cell_index, 0)
        self._output_sizes[cell_index] = used + size
        if used + size <= self.max_output_chars:
            return super().output(outs, msg, display_id, cell_index)
        if used <= self.max_output_chars:
            note = NotebookNode(output_type="stream", name="stderr",
                                text=f"\n[output cut: this cell printed more than {self.max_output_chars} characters]\n")
            outs.append(note)
        return None
