"""Each person's server on the class server: their own account, in a control group of their own.

JupyterHub's local spawner runs a server as its person's account but sets no limit: one trainee's
runaway cell (a loop of forks, a table of 20 GB) would take the machine from the whole class. Here
the server, once started, joins the control group ``servicekit-class/hub-<name>`` (memory, swap
off, processes, CPUs from the settings: ``server_memory_mb``, ``server_processes``,
``server_cpus``), and every kernel and process it starts is in it too. When the server stops, what
is left in the group is killed and the group removed.

Where control groups cannot be made (no cgroup controllers, not root), the server starts without
limits and the hub's log says why, once per start: a class still runs, and the instructor knows.
"""

from __future__ import annotations

from jupyterhub.spawner import LocalProcessSpawner

from grader.classgrade.cgroups import Group, missing

#: The parent group of the class server's groups (the grader's are under ``servicekit-grading``).
PARENT = "servicekit-class"


class ClassSpawner(LocalProcessSpawner):
    """``LocalProcessSpawner`` whose servers run in a control group each (``configure`` sets the limits)."""

    memory_mb = 2048
    processes = 256
    cpus = 1.0

    @classmethod
    def configure(cls, memory_mb: int, processes: int, cpus: float) -> type[ClassSpawner]:
        cls.memory_mb, cls.processes, cls.cpus = memory_mb, processes, cpus
        return cls

    def _group(self) -> Group:
        return Group(f"hub-{self.user.name}", self.memory_mb, self.processes, self.cpus, parent=PARENT)

    async def start(self):
        reason = missing(parent=PARENT)
        group = None if reason else self._group()
        if group is not None:
            group.remove()  # what a server before this one left behind
            group.create()
        started = await super().start()
        if group is None:
            self.log.warning("%s's server runs without memory, process or CPU limits: %s", self.user.name, reason)
            return started
        try:
            for procs in group.procs_files():
                with open(procs, "w") as handle:
                    handle.write(str(self.pid))
        except OSError as error:
            self.log.warning("%s's server could not join its control group %s: %s", self.user.name, group.name, error)
        return started

    async def stop(self, now: bool = False):
        await super().stop(now=now)
        if missing(parent=PARENT) is None:
            self._group().remove()
