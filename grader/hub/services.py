"""``python -m grader.hub run``: the class server's services, started in order and stopped in the
reverse order, each by its process id.

1. PostgreSQL, the gradebook's own cluster (``postgres/``), as the ``postgres`` account, on
   127.0.0.1 only; its role and database are made or checked at every start;
2. JupyterHub (as root: PAM and starting servers as each account need it), which starts
   configurable-http-proxy and formgrader (a hub service run by the grader account), and each
   person's server when they log in.

It stays in the foreground: Ctrl-C (SIGINT) or SIGTERM stops the hub, which stops every server,
formgrader and the proxy, then PostgreSQL. The process ids are in ``hub/pids.json`` while it runs;
the logs are ``hub/jupyterhub.log`` and ``hub/postgres.log``.
"""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .install import SetupError, find_postgres, gradebook_password, require_root
from .settings import SETTINGS_VARIABLE, Settings

HUB_CONFIG = Path(__file__).with_name("jupyterhub_config.py")


def _wait(check, seconds: float, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if process.poll() is not None:
            raise SetupError(f"{what} stopped at once (exit {process.returncode}):\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise SetupError(f"{what} did not start within {seconds:g} s:\n{_tail(log)}")
        time.sleep(0.3)


def _tail(log: Path, size: int = 3000) -> str:
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-size:]
    except OSError:
        return ""


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM, seconds: float = 60) -> None:
    """Stop ``process`` (its id), politely first."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- PostgreSQL --------------------------------------------------------------------------------

def _psql(settings: Settings, bin_dir: Path, sql: str, database: str = "postgres") -> subprocess.CompletedProcess:
    """SQL as the postgres account over the cluster's socket (read from stdin: no secret in a command line)."""
    return subprocess.run([str(bin_dir / "psql"), "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1",
                           "-h", str(settings.socket_dir), "-p", str(settings.database_port), "-U", "postgres",
                           "-d", database], input=sql, capture_output=True, text=True, user="postgres",
                          group="postgres", extra_groups=[], cwd="/", timeout=60)


def start_database(settings: Settings) -> subprocess.Popen:
    bin_dir = find_postgres()
    log = settings.hub_dir / "postgres.log"
    command = [str(bin_dir / "postgres"), "-D", str(settings.database_dir),
               "-c", "listen_addresses=127.0.0.1", "-c", f"port={settings.database_port}",
               "-c", f"unix_socket_directories={settings.socket_dir}", "-c", "unix_socket_permissions=0777",
               "-c", "max_connections=60", "-c", "shared_buffers=64MB", "-c", "password_encryption=scram-sha-256"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, user="postgres", group="postgres", extra_groups=[], cwd="/",
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)

    def ready() -> bool:
        return _psql(settings, bin_dir, "SELECT 1;").returncode == 0

    try:
        _wait(ready, 60, "PostgreSQL", process, log)
    except BaseException:
        stop(process, signal.SIGINT)
        raise
    password = gradebook_password(settings)
    role, database = settings.database_role, settings.database_name
    result = _psql(settings, bin_dir, f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} LOGIN; END IF;
        END $$;
        ALTER ROLE {role} LOGIN PASSWORD '{password}';
        SELECT 'CREATE DATABASE {database} OWNER {role}'
          WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{database}')\\gexec
        REVOKE ALL ON DATABASE {database} FROM PUBLIC;
    """)
    if result.returncode != 0:
        stop(process, signal.SIGINT)
        raise SetupError(f"PostgreSQL: the gradebook's role and database: {result.stderr.strip()[-500:]}")
    return process


# --- JupyterHub --------------------------------------------------------------------------------

def start_hub(settings: Settings) -> subprocess.Popen:
    log = settings.hub_dir / "jupyterhub.log"
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env[SETTINGS_VARIABLE] = str(settings.source)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    # No terminal on the hub's standard input: a server (jupyter server) that has one asks "Shutdown
    # this Jupyter server?" on SIGINT and waits, instead of stopping.
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)], cwd=settings.hub_dir,
                                   env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)

    # Ready when the hub answers through the proxy: it adds its routes there once the proxy and
    # formgrader are up.
    host = "127.0.0.1" if settings.ip in ("0.0.0.0", "::") else settings.ip
    scheme = "https" if settings.ssl_cert else "http"
    unverified = ssl._create_unverified_context()  # only asks whether it answers, on this machine

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"{scheme}://{host}:{settings.port}/hub/api/", timeout=3,
                                        context=unverified if settings.ssl_cert else None) as answer:
                return answer.status == 200
        except OSError:
            return False

    seen: dict[int, str] = {}
    try:
        _wait(lambda: seen.update(descendants(process.pid)) or ready(), 180, "JupyterHub", process, log)
    except BaseException:
        stop(process, signal.SIGTERM, 90)
        sweep(seen)
        raise
    return process


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command's name (state, parent, ..., start time)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def started_at(pid: int) -> str | None:
    """When process ``pid`` started (in clock ticks since boot, as /proc says), or None if it is gone."""
    fields = _stat(pid)
    return fields[19] if fields and len(fields) > 19 else None


def descendants(pid: int) -> dict[int, str]:
    """The processes below ``pid`` (the proxy, formgrader, the servers and theirs), each with its
    start time, so that an id the system has given to another process since is never stopped."""
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and len(fields) > 19:
                children.setdefault(int(fields[1]), []).append((int(entry.name), fields[19]))
    found, todo = {}, [pid]
    while todo:
        for child, started in children.get(todo.pop(), []):
            if child not in found:
                found[child] = started
                todo.append(child)
    return found


def alive(pid: int, started: str | None = None) -> bool:
    """``pid`` runs (not a zombie) and, if ``started`` is given, is the process that started then."""
    fields = _stat(pid)
    return bool(fields) and fields[0] != "Z" and (started is None or (len(fields) > 19 and fields[19] == started))


def sweep(processes: dict[int, str], seconds: float = 10) -> list[int]:
    """Stop what is left of ``processes`` (id: start time), as when the hub stopped half-way:
    SIGTERM, then SIGKILL. Returns the ids that would not stop."""
    left = [pid for pid, started in sorted(processes.items()) if alive(pid, started)]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in left:
            if alive(pid, processes[pid]):
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + seconds
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = [pid for pid in left if alive(pid, processes[pid])]
    return left


def run(settings: Settings, log=print) -> int:
    """Start the database and the hub, wait for a signal, stop them (hub first)."""
    require_root()
    stopping = []

    def ask_to_stop(sig, frame):
        stopping.append(sig)

    signal.signal(signal.SIGTERM, ask_to_stop)
    signal.signal(signal.SIGINT, ask_to_stop)
    database = hub = None
    pids = settings.hub_dir / "pids.json"
    seen: dict[int, str] = {}   # every process the hub started (id: start time), noted while it runs

    def note() -> None:
        if hub is not None:
            seen.update(descendants(hub.pid))
        record = {"runner": os.getpid(), "postgres": database.pid if database else None,
                  "jupyterhub": hub.pid if hub else None, "below jupyterhub": sorted(seen)}
        pids.write_text(json.dumps(record) + "\n")

    try:
        database = start_database(settings)
        if not stopping:
            hub = start_hub(settings)
        note()
        if hub:
            log(f"class server up: {settings.url} (formgrader: {settings.url}/services/{settings.course}/formgrader); "
                "Ctrl-C stops it")
        beat = 0
        while not stopping and (hub is None or hub.poll() is None) and database.poll() is None:
            time.sleep(0.5)
            beat += 1
            if beat % 4 == 0:
                note()
        if not stopping:
            log("a service stopped by itself: stopping the rest (see hub/jupyterhub.log, hub/postgres.log)")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if hub is not None:
            seen.update(descendants(hub.pid))
        stop(hub, signal.SIGTERM, 90)        # the hub stops the servers, formgrader and the proxy
        left = sweep(seen)                   # and whatever it did not (stopped while starting, say)
        stop(database, signal.SIGINT, 60)    # PostgreSQL's fast shutdown
        pids.unlink(missing_ok=True)
        log("class server stopped" + (f"; processes that would not stop: {left}" if left else ""))
    return 0 if stopping else 1
