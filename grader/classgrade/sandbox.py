"""Where a trainee's code runs: a bubblewrap sandbox around the kernel, one per submission.

nbgrader and the evaluator run outside; only the kernel runs inside. By construction the kernel
sees nothing the grader keeps:

- the system (``/usr``, ``/etc``) and the Python environment, read-only; the course's public code
  and data (the package's source, ``datasets/``), read-only; no folder that holds the course
  root (solutions, gradebook, submissions) is ever mounted;
- a working folder ``/home/trainee/<assignment>`` and a ``/tmp`` of its own: size-capped tmpfs
  mounts that vanish with the sandbox, holding only the assignment's release files (read-only).
  The notebook being graded is not there, nor anything the grader will read back: answers leave
  only as plain data on the kernel's messages (``wire``);
- a private folder for the kernel's connection file and Unix sockets (no network at all:
  ``--unshare-net``), locked once the kernel is up so that its sockets cannot be swapped;
- its own process table (``--unshare-pid``), an empty environment, and, when grading as root, a
  uid of its own for this submission only (``setpriv``), with no capabilities;
- a control group of its own (``cgroups``): memory (its tmpfs included), processes, CPU share;
- no kernel keyring (``seccomp_filter``): nothing it stores there can outlive it.

``missing()`` names what the machine lacks; the pipeline refuses untrusted work without it.
"""

from __future__ import annotations

import os
import platform
import shutil
import site
import struct
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from . import cgroups

HOME = "/home/trainee"
BASE_UID = 200_000
#: The largest message the grader accepts from a kernel (ZeroMQ drops the connection on a larger one).
MAX_MESSAGE = 16 * 2**20
RECEIVE_QUEUE = 16

# System calls no trainee needs, refused in the sandbox (EPERM): the kernel keyrings outlive a
# process and are shared by uid, so a key stored while a hidden check runs would be a message to
# a later run. Numbers per architecture (linux/unistd.h).
_KEYRING_CALLS = {"x86_64": (0xC000003E, (248, 249, 250)), "aarch64": (0xC00000B7, (217, 218, 219))}


def seccomp_filter(machine: str | None = None) -> bytes:
    """A classic-BPF seccomp program (for ``bwrap --seccomp``): add_key, request_key and keyctl
    fail with EPERM, as does any call of another ABI (32-bit or x32); everything else is allowed."""
    arch, calls = _KEYRING_CALLS[machine or platform.machine()]
    allow, deny = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM

    def op(code, k, jt=0, jf=0):
        return struct.pack("=HBBI", code, jt, jf, k)

    n = len(calls)
    program = [op(0x20, 4),                        # A = seccomp_data.arch
               op(0x15, arch, 0, n + 3),           # another ABI: deny
               op(0x20, 0),                        # A = seccomp_data.nr
               op(0x35, 0x40000000, n + 1, 0)]     # x32 numbers: deny
    for index, number in enumerate(calls):
        program.append(op(0x15, number, n - index, 0))
    program += [op(0x06, allow), op(0x06, deny)]
    return b"".join(program)


@dataclass
class Limits:
    """What one submission may use. Memory in MiB (the whole submission, tmpfs included)."""

    memory_mb: int = 2048
    processes: int = 128
    cpus: float = 1.0
    cpu_seconds: int = 900
    file_size_mb: int = 100
    open_files: int = 512
    tmp_mb: int = 256
    work_mb: int = 256


@dataclass
class Sandbox:
    """One submission's sandbox settings (the pipeline makes one per submission)."""

    uid: int
    assignment: str
    release_files: dict[str, str] = field(default_factory=dict)   # name in the work folder -> host path
    readable: list[str] = field(default_factory=list)              # extra read-only folders
    protected: list[str] = field(default_factory=list)             # never mount a folder holding one
    limits: Limits = field(default_factory=Limits)
    group: cgroups.Group | None = None
    env: dict[str, str] = field(default_factory=dict)              # extra variables (the trainee's id)

    @property
    def workdir(self) -> str:
        return f"{HOME}/{self.assignment}"


def missing() -> list[str]:
    """What grading untrusted work needs and this machine lacks (empty when all is there)."""
    found = [tool for tool in ("bwrap", "prlimit", "setpriv", "env") if shutil.which(tool) is None]
    if os.geteuid() != 0:
        found.append("root: the sandbox gives each submission a uid and a control group of its own")
    else:
        reason = cgroups.missing()
        if reason:
            found.append(reason)
    return found


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


def wrap_command(command: list[str], runtime_dir: str, box: Sandbox) -> list[str]:
    """The command line that runs ``command`` (the kernel) inside the sandbox ``box``."""
    limits = box.limits
    join = ""
    if box.group is not None:
        join = " ".join(f'echo $$ > "{path}" &&' for path in box.group.procs_files())
    seccomp = os.path.join(runtime_dir, "seccomp.bpf")
    prefix = [
        # An empty environment from here on: not even bwrap (pid 1 of the sandbox) holds the
        # grader's. The shell joins the control group first, so everything below is counted, and
        # opens the seccomp program as fd 9 for bwrap.
        "env", "-i", "PATH=/usr/bin:/bin",
        # The kernel is interrupted by SIGINT to its process group; bwrap must survive that (an
        # ignored signal stays ignored across exec; ipykernel sets its own handler).
        "sh", "-c", f'{join} exec 9< "{seccomp}" && trap "" INT && exec "$0" "$@"',
    ]
    wrapped = [
        "bwrap", "--die-with-parent", "--seccomp", "9",
        "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--hostname", "grading",
        "--ro-bind", "/usr", "/usr",
        "--ro-bind", "/etc", "/etc",
        "--dev", "/dev",
        "--proc", "/proc",
        "--size", str(limits.tmp_mb * 2**20), "--perms", "1777", "--tmpfs", "/tmp",
    ]
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32"):
        if os.path.islink(top):
            wrapped += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            wrapped += ["--ro-bind", top, top]
    readable = [p for p in python_paths() + list(box.readable)
                if os.path.exists(p) and not _is_system(p) and not _holds_any(p, box.protected)]
    # bwrap creates a missing parent folder with mode 0700: open the way explicitly.
    for parent in _parents(readable + [runtime_dir]):
        wrapped += ["--perms", "0755", "--dir", parent]
    for path in readable:
        wrapped += ["--ro-bind", path, path]
    wrapped += ["--size", str(limits.work_mb * 2**20), "--perms", "1777", "--tmpfs", HOME,
                "--perms", "1777", "--dir", box.workdir]
    for name, host_path in sorted(box.release_files.items()):
        wrapped += ["--ro-bind", host_path, f"{box.workdir}/{name}"]
    wrapped += [
        "--bind", runtime_dir, runtime_dir,
        "--chdir", box.workdir,
        "--clearenv",
        "--setenv", "HOME", HOME,
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
    for var, value in sorted(box.env.items()):
        wrapped += ["--setenv", var, value]
    wrapped.append("--")
    if os.geteuid() == 0:
        uid = str(box.uid)
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
    return prefix + wrapped + command


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


class CappedKernelClient(AsyncKernelClient):
    """A kernel client whose sockets refuse messages over ``MAX_MESSAGE``."""

    def _context_default(self) -> zmq.asyncio.Context:
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
        # At most this many messages wait in the grader's memory (more are dropped): a kernel that
        # floods cannot fill the grader's memory with queued messages.
        context.setsockopt(zmq.RCVHWM, RECEIVE_QUEUE)
        return context


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel starts in ``self.box`` and listens on Unix sockets.

    Set ``box`` (a ``Sandbox``) before the kernel starts; ``None`` runs the kernel unconfined
    (only for code the instructor trusts: ``--no-sandbox``).
    """

    box: Sandbox | None = None
    extra_env: dict[str, str] = {}   # for a kernel without a sandbox (the box carries its own)

    @default("client_class")
    def _client_class_default(self) -> str:
        return "grader.classgrade.sandbox.CappedKernelClient"

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
        if self.box is not None:
            with open(os.path.join(self._runtime_dir, "seccomp.bpf"), "wb") as out:
                out.write(seccomp_filter())
            self._give_runtime_to(self.box.uid)
            kernel_cmd = wrap_command(list(kernel_cmd), self._runtime_dir, self.box)
            kw["env"] = {}
            kw.pop("cwd", None)
            # What the kernel writes on its own stdout and stderr goes nowhere (not into the
            # grader's logs); its outputs reach the grader only as messages.
            kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        elif self.extra_env:
            kw["env"] = {**(kw.get("env") or os.environ), **self.extra_env}
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def _give_runtime_to(self, uid: int) -> None:
        if os.geteuid() != 0:
            return
        os.chown(self._runtime_dir, uid, uid)
        for name in os.listdir(self._runtime_dir):
            if name != "seccomp.bpf":
                os.chown(os.path.join(self._runtime_dir, name), uid, uid, follow_symlinks=False)

    def lock_runtime(self) -> None:
        """Once the kernel is up: its folder becomes root's, so the sandbox can no longer replace
        a socket (say, by a link to another trainee's kernel) before a reconnection."""
        if self.box is None or os.geteuid() != 0:
            return
        os.chown(self._runtime_dir, 0, 0)
        os.chmod(self._runtime_dir, 0o755)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._runtime_dir, ignore_errors=True)
