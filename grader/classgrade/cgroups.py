"""One control group per submission: its memory (its ``/tmp`` and working folder included, since
tmpfs pages are charged to the group that writes them), its number of processes and its share of
the CPUs, whatever it starts.

Both cgroup versions are supported, as a machine has them:

- **v2** (``/sys/fs/cgroup/cgroup.controllers`` exists): one group ``servicekit-grading/<name>``
  under the root, with ``memory.max``, ``memory.swap.max = 0``, ``pids.max`` and ``cpu.max``;
- **v1** (``/sys/fs/cgroup/{memory,pids,cpu}``): the same group in each of the three hierarchies,
  with ``memory.limit_in_bytes`` (and ``memsw``, so swap is no way out), ``pids.max`` and
  ``cpu.cfs_quota_us``.

Creating groups needs root (or a delegated subtree). ``missing()`` says what is not there, and
the pipeline then refuses to grade untrusted work. The class server (``grader.hub``) puts each
person's server in a group of its own the same way, under ``servicekit-class``.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

SYSFS = Path("/sys/fs/cgroup")
PARENT = "servicekit-grading"
V1_CONTROLLERS = ("memory", "pids", "cpu")


def version(sysfs: Path = SYSFS) -> int | None:
    """2, 1, or None when neither has the memory, pids and cpu controllers."""
    controllers = sysfs / "cgroup.controllers"
    if controllers.is_file():
        have = set(controllers.read_text().split())
        return 2 if {"memory", "pids", "cpu"} <= have else None
    if all((sysfs / c / "cgroup.procs").is_file() for c in V1_CONTROLLERS):
        return 1
    return None


def missing(sysfs: Path = SYSFS, parent: str = PARENT) -> str | None:
    """Why groups under ``parent`` cannot be made here (None when they can)."""
    found = version(sysfs)
    if found is None:
        return "no cgroup hierarchy with the memory, pids and cpu controllers is mounted"
    parents = [sysfs / parent] if found == 2 else [sysfs / c / parent for c in V1_CONTROLLERS]
    for parent in parents:
        try:
            parent.mkdir(exist_ok=True)
        except OSError as error:
            return f"cannot create control groups under {parent.parent} ({error.strerror}): run the grading as root"
        if not os.access(parent, os.W_OK):
            return f"cannot write control groups under {parent}: run the grading as root"
    if found == 2:
        try:
            _enable_v2_controllers(sysfs, parent)
        except OSError as error:
            return f"cannot enable the memory, pids and cpu controllers for {sysfs / parent} ({error.strerror})"
    return None


def _enable_v2_controllers(sysfs: Path, parent: str) -> None:
    for folder in (sysfs, sysfs / parent):
        control = folder / "cgroup.subtree_control"
        enabled = set(control.read_text().split())
        for name in ("memory", "pids", "cpu"):
            if name not in enabled:
                control.write_text(f"+{name}")


@dataclass
class Group:
    """One submission's control group (``create`` makes it, ``remove`` kills what is left in it)."""

    name: str
    memory_mb: int
    processes: int
    cpus: float
    sysfs: Path = SYSFS
    parent: str = PARENT

    @property
    def folders(self) -> list[Path]:
        if version(self.sysfs) == 2:
            return [self.sysfs / self.parent / self.name]
        return [self.sysfs / c / self.parent / self.name for c in V1_CONTROLLERS]

    def create(self) -> "Group":
        memory = self.memory_mb * 2**20
        period = 100_000
        quota = max(1000, int(self.cpus * period))
        if version(self.sysfs) == 2:
            folder, = self.folders
            folder.mkdir(parents=True, exist_ok=True)
            _write(folder / "memory.max", memory)
            _write(folder / "memory.swap.max", 0, optional=True)
            _write(folder / "pids.max", self.processes)
            _write(folder / "cpu.max", f"{quota} {period}")
            return self
        memory_dir, pids_dir, cpu_dir = self.folders
        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
        _write(memory_dir / "memory.limit_in_bytes", memory)
        _write(memory_dir / "memory.memsw.limit_in_bytes", memory, optional=True)
        _write(pids_dir / "pids.max", self.processes)
        _write(cpu_dir / "cpu.cfs_period_us", period)
        _write(cpu_dir / "cpu.cfs_quota_us", quota)
        return self

    def procs_files(self) -> list[str]:
        """The files a process writes its pid into to join the group."""
        return [str(folder / "cgroup.procs") for folder in self.folders]

    def pids(self) -> list[int]:
        found = set()
        for folder in self.folders:
            try:
                found |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return sorted(found)

    def memory_peak_mb(self) -> float | None:
        names = ("memory.peak",) if version(self.sysfs) == 2 else ("memory.max_usage_in_bytes",)
        for name in names:
            try:
                return int((self.folders[0] / name).read_text()) / 2**20
            except (OSError, ValueError):
                pass
        return None

    def remove(self) -> None:
        """Kill every process left in the group, then remove it."""
        for _ in range(50):
            pids = self.pids()
            if not pids:
                break
            kill = self.folders[0] / "cgroup.kill"
            if kill.exists():
                _write(kill, 1, optional=True)
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.02)
        for folder in self.folders:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _write(path: Path, value, optional: bool = False) -> None:
    try:
        path.write_text(str(value))
    except OSError:
        if not optional:
            raise
