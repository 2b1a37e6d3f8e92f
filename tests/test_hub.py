"""The class server (grader/hub) for real, on 127.0.0.1: PostgreSQL, JupyterHub, its proxy and
formgrader, with two instructors and three trainees as local accounts, logging in through PAM.

The whole round trip goes through the hub: the instructor releases; each of two trainees' own
servers fetches, works and submits; from a terminal, one of them files their notebook under the
other's name, and the third trainee files a submission whose notebook is a link to the course's
solution.
The instructor collects and grades with the kit's pipeline into the PostgreSQL gradebook and
releases the feedback, which each trainee's server fetches; the grades are exported from
PostgreSQL. Then what a trainee cannot do: open formgrader or another trainee's server, read
``solutions/``, the gradebook, the course's settings or another trainee's files. Last, two
instructors grade the same assignment at once (a batch each, in a course folder of their own, and
marks given in formgrader, all into the one gradebook) and no grade is lost.

Needs root (accounts, the sandbox), Debian's PostgreSQL server and the proxy
(``npm ci --prefix grader/hub``); without them it is skipped saying why, except on CI, where
.ci/run installs them and a missing one fails. It starts every service itself and stops each by
its process id; the accounts it makes are removed afterwards.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest
import requests

from conftest import ROOT

pytestmark = pytest.mark.slow
ASSIGNMENT = "satisfaction"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
COURSE = "service-management"
#: The assignment's autograded points, and the written answer an instructor marks by hand.
CODE_POINTS = 14
WRITTEN = "q7_written"
TIMINGS: dict[str, float] = {}


def _missing() -> str | None:
    """Why the class server cannot be brought up here, or None."""
    if os.geteuid() != 0:
        return "the class server needs root (local accounts, the grading sandbox)"
    if not glob.glob("/usr/lib/postgresql/*/bin/postgres"):
        return "no PostgreSQL server (apt-get install postgresql)"
    if not (ROOT / "grader" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        return "no configurable-http-proxy (npm ci --prefix grader/hub)"
    if not shutil.which("bwrap"):
        return "no bubblewrap, which grading needs (apt-get install bubblewrap)"
    if not Path("/usr/bin/python3").exists():
        return "no system Python (/usr/bin/python3) for the trainees' servers"
    return None


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class Step:
    """Times a step of the round trip into TIMINGS."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.started = time.monotonic()

    def __exit__(self, *exc):
        TIMINGS[self.name] = round(time.monotonic() - self.started, 1)


def hub_cli(settings: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m grader.hub ...`` as an instructor runs it (root, from the kit's folder)."""
    result = subprocess.run([sys.executable, "-m", "grader.hub", args[0], str(settings), *args[1:]], cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"grader.hub {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


class Person:
    """A person logged in through the hub's login page (PAM), with an API token of their own."""

    def __init__(self, base: str, name: str, password: str):
        self.base, self.name = base, name
        self.browser = requests.Session()
        self.browser.get(f"{base}/hub/login", timeout=30)
        answer = self.browser.post(f"{base}/hub/login?next=", allow_redirects=False, timeout=60, data={
            "username": name, "password": password, "_xsrf": self.browser.cookies.get("_xsrf")})
        assert answer.status_code == 302, f"{name}: PAM login refused ({answer.status_code})"
        token = self.browser.post(f"{base}/hub/api/users/{name}/tokens", json={"note": "test"}, timeout=30,
                                  headers={"X-XSRFToken": self.browser.cookies.get("_xsrf")}).json()["token"]
        self.api = requests.Session()   # what the lab's own requests carry: the person's token
        self.api.headers["Authorization"] = f"token {token}"

    def get(self, path: str, **kwargs):
        return self.api.get(self.base + path, timeout=60, **kwargs)

    def post(self, path: str, **kwargs):
        return self.api.post(self.base + path, timeout=120, **kwargs)

    def put(self, path: str, **kwargs):
        return self.api.put(self.base + path, timeout=60, **kwargs)

    def start_server(self) -> None:
        self.post(f"/hub/api/users/{self.name}/server")

    def wait_for_server(self, seconds: float = 150) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            server = (self.get(f"/hub/api/users/{self.name}").json().get("servers") or {}).get("") or {}
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{self.name}'s server did not start within {seconds:g} s")

    def assignment_action(self, action: str) -> dict:
        answer = self.post(f"/user/{self.name}/assignments/{action}", data={"course_id": COURSE, "assignment_id": ASSIGNMENT})
        assert answer.status_code == 200 and answer.json()["success"], f"{self.name} {action}: {answer.text[-2000:]}"
        return answer.json()


def _account_pids(names: set[str]) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if pwd.getpwuid(entry.stat().st_uid).pw_name in names:
                    found.append(int(entry.name))
            except (KeyError, OSError):
                continue
    return found


SERVER_MEMORY_MB, SERVER_PROCESSES, IDLE_MINUTES = 1536, 200, 30


def _servers(names) -> dict[str, int]:
    """name -> process id of that account's own server (jupyterhub-singleuser)."""
    found = {}
    for pid in _account_pids(set(names)):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(b"jupyterhub-singleuser") for part in command):
            found.setdefault(pwd.getpwuid(Path(f"/proc/{pid}").stat().st_uid).pw_name, pid)
    return found


class ClassServer:
    """The class server of one test run: its settings, accounts and processes."""

    def __init__(self, prefix: Path):
        suffix = secrets.token_hex(2)
        self.prefix = prefix
        self.instructors = [f"hubi{n}-{suffix}" for n in (1, 2)]
        self.trainees = [f"hubt{n}-{suffix}" for n in (1, 2)]
        self.intruder = f"hubt3-{suffix}"   # a trainee who only uses a terminal
        ports = _free_ports(5)
        self.settings_file = prefix.parent / f"{prefix.name}.yml"
        self.settings_file.write_text(json.dumps({
            "prefix": str(prefix), "instructors": self.instructors, "trainees": [*self.trainees, self.intruder],
            "port": ports[0], "hub_port": ports[1], "proxy_api_port": ports[2], "formgrader_port": ports[3],
            "database_port": ports[4], "python": "/usr/bin/python3", "compile_bytecode": False,
            "accounts_suffix": f"-{suffix[:3]}",
            # Not the defaults, so that the test sees them applied.
            "server_memory_mb": SERVER_MEMORY_MB, "server_processes": SERVER_PROCESSES, "idle_minutes": IDLE_MINUTES}))
        from grader.hub.settings import Settings

        self.settings = Settings.load(self.settings_file)
        self.base = f"http://127.0.0.1:{ports[0]}"
        self.passwords = {name: secrets.token_urlsafe(12) for name in (*self.instructors, *self.trainees, self.intruder)}
        self.runner: subprocess.Popen | None = None
        self.pids: dict[int, str] = {}   # every process of the class server: id, start time

    def start(self) -> None:
        with (self.prefix.parent / f"{self.prefix.name}-run.log").open("w") as log:
            self.runner = subprocess.Popen([sys.executable, "-m", "grader.hub", "run", str(self.settings_file)],
                                           cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        pids = self.settings.hub_dir / "pids.json"
        deadline = time.monotonic() + 150
        while not (pids.exists() and pids.read_text().strip()):
            assert self.runner.poll() is None, self.log()
            assert time.monotonic() < deadline, "the class server did not start\n" + self.log()
            time.sleep(0.3)
        record = json.loads(pids.read_text())
        self._note([record["runner"], record["postgres"], record["jupyterhub"], *record["below jupyterhub"]])

    def log(self) -> str:
        text = ""
        for path in (self.prefix.parent / f"{self.prefix.name}-run.log", self.settings.hub_dir / "jupyterhub.log"):
            if path.exists():
                text += f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}\n"
        return text

    def _note(self, pids) -> None:
        from grader.hub.services import started_at

        for pid in pids:
            started = started_at(pid)
            if started and pid not in self.pids:
                self.pids[pid] = started

    def note_processes(self) -> None:
        """Every process the class server runs now: the services, servers and their children."""
        if self.runner is not None:
            from grader.hub.services import descendants

            self._note([self.runner.pid])
            self.pids.update({pid: started for pid, started in descendants(self.runner.pid).items()
                              if pid not in self.pids})

    def stop(self) -> list[int]:
        """Stop the runner (it stops the hub, which stops the servers, formgrader and the proxy,
        then PostgreSQL); return the ids of processes still alive after it, each then killed."""
        self.note_processes()
        if self.runner is not None and self.runner.poll() is None:
            self.runner.send_signal(signal.SIGTERM)
            try:
                self.runner.wait(timeout=120)
            except subprocess.TimeoutExpired:
                pass
        people = {*self.instructors, *self.trainees, self.intruder, self.settings.grader_account}
        from grader.hub.services import alive, sweep

        self._note(_account_pids(people))
        left = {pid: started for pid, started in self.pids.items() if alive(pid, started)}
        sweep(left, seconds=5)
        return sorted(left)

    def remove(self) -> None:
        """The accounts, groups and folders the test made."""
        from grader.hub.install import SetupError, uninstall

        (self.settings.hub_dir / "pids.json").unlink(missing_ok=True)  # stopped already
        try:
            uninstall(self.settings, log=lambda *a: None)
        except SetupError:
            pass  # a setup that failed half-way: the folder goes below all the same
        finally:
            for name in (*self.instructors, *self.trainees, self.intruder):
                subprocess.run(["userdel", "--remove", name], capture_output=True)
            shutil.rmtree(self.prefix, ignore_errors=True)
            for path in (self.settings_file, self.prefix.parent / f"{self.prefix.name}-run.log"):
                path.unlink(missing_ok=True)


def _as_trainee(server: ClassServer, name: str, code: str, env: dict | None = None) -> dict:
    """Run ``code`` (Python printing JSON) as trainee ``name``, with the trainees' Python, in their home."""
    script = server.prefix / "probe.py"
    script.write_text(code)
    script.chmod(0o644)
    home = pwd.getpwnam(name).pw_dir
    environment = env or {"PATH": f"{server.settings.user_env / 'bin'}:/usr/bin:/bin", "HOME": home, "USER": name}
    result = subprocess.run([str(server.settings.user_env / "bin" / "python"), str(script)], cwd=home,
                            env=environment, user=name, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _worked(release: nbformat.NotebookNode, answered: set[str] | None = None) -> nbformat.NotebookNode:
    """The release with the solution typed into its answer cells (all, or those of ``answered``),
    as a trainee would: cells and metadata stay the release's."""
    solution = {c.metadata["nbgrader"]["grade_id"]: c.source
                for c in nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4).cells
                if c.metadata.get("nbgrader", {}).get("solution")}
    worked = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in worked.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solution and (answered is None or grade_id in answered):
            cell.source = solution[grade_id]
    return worked


@pytest.fixture(scope="module")
def server():
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the class server test must run on CI: {reason} (.ci/run installs what it needs)")
        pytest.skip(reason)
    prefix = Path(tempfile.mkdtemp(prefix="servicekit-hub-", dir="/tmp"))
    prefix.chmod(0o755)
    hub = ClassServer(prefix)
    try:
        with Step("setup: accounts, folders, course, trainees' Python, database"):
            hub_cli(hub.settings_file, "setup")
        subprocess.run(["chpasswd"], input="".join(f"{n}:{p}\n" for n, p in hub.passwords.items()), text=True,
                       check=True, capture_output=True)
        with Step("start: PostgreSQL, JupyterHub, proxy, formgrader"):
            hub.start()
        yield hub
    finally:
        left = hub.stop()  # already stopped by the last test, unless a test before it failed
        print("\nclass server round trip, seconds per step:")
        for name, seconds in TIMINGS.items():
            print(f"  {seconds:6.1f}  {name}")
        try:
            hub.remove()
        finally:
            assert left == [], f"processes left after the class server stopped: {left}"


@pytest.fixture(scope="module")
def round_trip(server):
    """Release, fetch, work, submit, collect, grade, feedback, fetch feedback, export: through the hub."""
    base = server.base
    with Step("log in (PAM) and start both trainees' servers"):
        people = {name: Person(base, name, server.passwords[name]) for name in (*server.instructors, *server.trainees)}
        first, second = (people[n] for n in server.trainees)
        for trainee in (first, second):
            trainee.start_server()
        # formgrader, a hub service, answers once the hub has started it.
        deadline = time.monotonic() + 120
        while people[server.instructors[0]].get(f"/services/{COURSE}/formgrader/api/status").status_code != 200:
            assert time.monotonic() < deadline, "formgrader did not start\n" + server.log()
            time.sleep(0.5)
        for trainee in (first, second):
            trainee.wait_for_server()
        server.note_processes()
    with Step("release (gradebook on PostgreSQL, exchange)"):
        hub_cli(server.settings_file, "release", ASSIGNMENT)
    with Step("fetch, work and submit in each trainee's server"):
        for trainee in (first, second):
            listed = trainee.get(f"/user/{trainee.name}/assignments", params={"course_id": COURSE}).json()
            assert [a["assignment_id"] for a in listed["value"]] == [ASSIGNMENT]
            trainee.assignment_action("fetch")
        path = f"/user/{{}}/api/contents/{ASSIGNMENT}/{NOTEBOOK}"
        release = nbformat.from_dict(first.get(path.format(first.name)).json()["content"])
        for trainee, notebook in ((first, _worked(release)), (second, _worked(release, {"q2_answer"}))):
            saved = trainee.put(path.format(trainee.name), json={"type": "notebook", "format": "json", "content": notebook})
            assert saved.status_code == 200, saved.text
            trainee.assignment_action("submit")
    with Step("a trainee files their notebook under the other's name (terminal)"):
        home = pwd.getpwnam(second.name).pw_dir
        forged = subprocess.run([str(server.settings.user_env / "bin" / "python"), "-m", "nbgrader", "submit",
                                 ASSIGNMENT, f"--student={first.name}"], cwd=home, user=second.name, text=True,
                                capture_output=True, timeout=120,
                                env={"PATH": f"{server.settings.user_env / 'bin'}:/usr/bin:/bin", "HOME": home})
        assert forged.returncode == 0, forged.stderr[-2000:]
    with Step("a trainee files a submission whose notebook is a link to the solution (terminal)"):
        inbound = server.settings.exchange / COURSE / "inbound"
        solution = server.settings.course_dir / "solutions" / ASSIGNMENT / NOTEBOOK
        code = (f"import os, datetime; folder = os.path.join({str(inbound)!r}, '{server.intruder}+{ASSIGNMENT}+' + "
                "datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S.%f UTC') + '+link'); "
                "os.mkdir(folder); "
                f"os.symlink({str(solution)!r}, os.path.join(folder, {NOTEBOOK!r}))")
        subprocess.run(["/usr/bin/python3", "-c", code], user=server.intruder, cwd="/", check=True, timeout=60)
    with Step("collect and grade with the kit's pipeline"):
        graded = hub_cli(server.settings_file, "grade", ASSIGNMENT, "--jobs", "2", "--no-progress")
    with Step("release feedback; each trainee's server fetches it"):
        hub_cli(server.settings_file, "feedback", ASSIGNMENT)
        for trainee in (first, second):
            trainee.assignment_action("fetch_feedback")
    with Step("export the grades from PostgreSQL"):
        export = server.prefix.parent / f"{server.prefix.name}-grades.csv"
        hub_cli(server.settings_file, "export", str(export))
        rows = {row["student_id"]: row for row in csv.DictReader(export.open())}
        export.unlink()
    return {"people": people, "graded": graded, "export": rows}


def test_the_round_trip_grades_each_trainee_under_their_own_account(server, round_trip):
    first, second = server.trainees
    rows = round_trip["export"]
    assert sorted(rows) == sorted([first, second, server.intruder])
    # first handed in the solution, second only question 2's function (3 points); second's notebook
    # filed under first's name is refused at collection, so first keeps full marks.
    assert float(rows[first]["raw_score"]) == CODE_POINTS
    assert float(rows[second]["raw_score"]) == 3
    collected = round_trip["graded"].stdout + round_trip["graded"].stderr
    assert f"filed under the name {first} by the account {second}" in collected
    submitted = server.settings.course_dir / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted([first, second, server.intruder])
    # The link to the solution is not followed: nothing is collected, nothing of the solution.
    assert f"{NOTEBOOK}: a link, or not readable" in collected
    assert list((submitted / server.intruder / ASSIGNMENT).glob("*.ipynb")) == []
    assert float(rows[server.intruder]["raw_score"]) == 0


def _hidden_lines() -> list[str]:
    """The lines of the source's hidden checks (long enough to be told apart)."""
    hidden, inside = [], False
    for cell in nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4).cells:
        for line in cell.source.splitlines():
            marker = line.strip()
            if marker in ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"):
                inside = marker.startswith("### BEGIN")
            elif inside and len(marker) > 12:
                hidden.append(marker)
    assert hidden
    return hidden


def test_feedback_reaches_each_trainee_without_the_hidden_checks(server, round_trip):
    for name, score in zip(server.trainees, (CODE_POINTS, 3)):
        pages = glob.glob(f"{pwd.getpwnam(name).pw_dir}/{ASSIGNMENT}/feedback/*/{ASSIGNMENT}.html")
        assert len(pages) == 1, pages
        page = Path(pages[0]).read_text()
        assert f"Score: {score:.1f} / 18.0" in page
        assert [line for line in _hidden_lines() if line in page] == []


def test_the_gradebook_is_in_postgresql(server, round_trip):
    import psycopg
    from grader.hub.install import gradebook_password

    with psycopg.connect(host="127.0.0.1", port=server.settings.database_port, dbname="gradebook", user="grader",
                         password=gradebook_password(server.settings)) as db:
        students = {row[0] for row in db.execute("SELECT student.id FROM submitted_assignment "
                                                 "JOIN student ON student.id = submitted_assignment.student_id")}
    assert students >= set(server.trainees)
    assert not (server.settings.course_dir / "gradebook.db").exists()


def test_a_trainee_is_refused_formgrader_and_the_other_trainees_server(server, round_trip):
    people = round_trip["people"]
    first, second = (people[n] for n in server.trainees)
    instructor = people[server.instructors[0]]
    assert instructor.get(f"/services/{COURSE}/formgrader/api/assignments").status_code == 200
    for trainee in (first, second):
        assert trainee.get(f"/services/{COURSE}/formgrader/api/assignments").status_code == 403
        assert trainee.browser.get(f"{server.base}/services/{COURSE}/formgrader/manage_assignments").status_code == 403
        # nbgrader's instructor tools are off in a trainee's own server.
        assert trainee.get(f"/user/{trainee.name}/formgrader/api/assignments").status_code == 404
    for path in (f"/user/{first.name}/api/contents/{ASSIGNMENT}", f"/user/{first.name}/api/contents"):
        assert second.get(path).status_code in (403, 404)
    assert second.get(f"/user/{first.name}/assignments", params={"course_id": COURSE}).status_code in (403, 404)


def test_a_trainees_account_reads_nothing_a_trainee_may_not_see(server, round_trip):
    """As the second trainee, with their server's own environment: what can be opened."""
    first, second = server.trainees
    s = server.settings
    pid = next(p for p in _account_pids({second}) if "jupyterhub-singleuser" in Path(f"/proc/{p}/cmdline").read_text())
    environment = dict(item.split("=", 1) for item in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in item)
    assert environment["SERVICEKIT_TRAINEE_ID"] == second
    secret = open(server.settings.hub_dir / "gradebook-password").read().strip()
    assert not any(secret in value for value in environment.values())
    forbidden = {
        "solutions": s.course_dir / "solutions" / ASSIGNMENT / NOTEBOOK,
        "course folder": s.course_dir,
        "course settings (gradebook password)": s.course_config,
        "rubrics": s.course_dir / "grader" / "rubrics",
        "submissions": s.course_dir / "submitted",
        "autograded": s.course_dir / "autograded",
        "grades": s.course_dir / "grades",
        "database files": s.database_dir,
        "hub state": s.hub_dir,
        "formgrader's home": s.grader_home,
        "other trainee's home": Path(pwd.getpwnam(first).pw_dir),
        "other trainee's notebook": Path(pwd.getpwnam(first).pw_dir) / ASSIGNMENT / NOTEBOOK,
        "other trainee's submissions cache": Path(pwd.getpwnam(first).pw_dir) / ".local/share/jupyter/nbgrader_cache",
        "exchange inbound listing": s.exchange / COURSE / "inbound",
        "exchange feedback listing": s.exchange / COURSE / "feedback",
    }
    allowed = {"own notebook": Path(pwd.getpwnam(second).pw_dir) / ASSIGNMENT / NOTEBOOK,
               "released assignment": s.exchange / COURSE / "outbound" / ASSIGNMENT / NOTEBOOK,
               "shared lessons": s.share / "notebooks" / "00_start_here.ipynb"}
    code = f"""
import json, os
from pathlib import Path

def opened(path):
    path = Path(path)
    try:
        if path.is_dir():
            os.listdir(path)
        else:
            path.read_bytes()[:1]
        return "read"
    except OSError as error:
        return type(error).__name__

def connects(**kwargs):
    import psycopg
    try:
        psycopg.connect(connect_timeout=10, **kwargs).close()
        return "connected"
    except psycopg.Error as error:
        return type(error).__name__

from nbgrader.apps.baseapp import NbGrader
app = NbGrader()
app.load_config_file()
from servicekit import trainee
print(json.dumps({{
    "paths": {{name: opened(path) for name, path in {json.dumps({k: str(v) for k, v in {**forbidden, **allowed}.items()})}.items()}},
    "database": {{
        "grading role, no password": connects(host="127.0.0.1", port={s.database_port}, dbname="gradebook", user="grader", password=""),
        "own name over the socket": connects(host="{s.socket_dir}", port={s.database_port}, dbname="gradebook", user="{second}"),
        "postgres over the socket": connects(host="{s.socket_dir}", port={s.database_port}, dbname="postgres", user="postgres"),
    }},
    "nbgrader settings": repr(app.config),
    "trainee id": trainee.current_id(),
}}))
"""
    seen = _as_trainee(server, second, code, env=environment)
    assert {name: seen["paths"][name] for name in forbidden} == {name: "PermissionError" for name in forbidden}
    assert {name: seen["paths"][name] for name in allowed} == {name: "read" for name in allowed}
    assert "connected" not in seen["database"].values(), seen["database"]
    settings_seen = seen["nbgrader settings"]
    assert "postgresql" not in settings_seen and str(s.course_dir) not in settings_seen and "db_url" not in settings_seen
    assert COURSE in settings_seen and str(s.exchange) in settings_seen
    assert seen["trainee id"] == second


def test_two_instructors_grading_at_once_lose_no_grade(server, round_trip):
    """Instructor 1 and instructor 2 each grade a section with the pipeline in a course folder of
    their own, at the same time, while instructor 2 also marks the written answers of the hub's
    trainees in formgrader: every grade ends in the one PostgreSQL gradebook."""
    from nbgrader.api import Gradebook

    from grader.hub.course import gradebook_url

    s = server.settings
    # A section each: instructor 1's trainee solved it, instructor 2's handed in the blank release.
    sections = {server.instructors[0]: ["sec-a1"], server.instructors[1]: ["sec-b1"]}
    release = nbformat.read(s.course_dir / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    folders, batches = {}, {}
    for instructor, students in sections.items():
        folder = folders[instructor] = s.prefix / f"grading-{instructor}"
        folder.mkdir(mode=0o700)
        for part in ("solutions", "exercises", "grader"):
            shutil.copytree(s.course_dir / part, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        # The course's settings (the one gradebook), naming this folder's own copy of the course.
        (folder / "nbgrader_config.py").write_text(s.course_config.read_text().replace(str(s.course_dir), str(folder)))
        incoming = folder / "incoming"
        for student in students:
            notebook = _worked(release) if student.endswith("a1") else release
            (incoming / student / ASSIGNMENT).mkdir(parents=True)
            nbformat.write(notebook, incoming / student / ASSIGNMENT / NOTEBOOK)
    instructor2 = round_trip["people"][server.instructors[1]]
    api = f"/services/{COURSE}/formgrader/api"
    listed = instructor2.get(f"{api}/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}").json()
    submitted = {row["student"]: row["id"] for row in listed}
    marks = dict(zip(server.trainees, (3.5, 1.0)))
    given = {}

    def mark_written_answers():
        for student, mark in marks.items():
            grades = instructor2.get(f"{api}/grades", params={"submission_id": submitted[student]}).json()
            written = next(g for g in grades if g["name"] == WRITTEN)
            given[student] = instructor2.put(f"{api}/grade/{written['id']}", json={"manual_score": mark}).status_code

    with Step("two instructors grade at once (two batches, marks in formgrader)"):
        for instructor, folder in folders.items():
            batches[instructor] = subprocess.Popen(
                [sys.executable, "-m", "grader.hub", "grade", str(server.settings_file), ASSIGNMENT,
                 "--course-root", str(folder), "--submissions", str(folder / "incoming"),
                 "--jobs", "1", "--no-progress", "--no-feedback"],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(5)  # the batches are under way
        marker = threading.Thread(target=mark_written_answers)
        marker.start()
        outputs = {name: batch.communicate(timeout=600)[0] for name, batch in batches.items()}
        marker.join(timeout=120)
    for name, batch in batches.items():
        assert batch.returncode == 0, outputs[name][-3000:]
    assert given == {student: 200 for student in marks}
    expected = {"sec-a1": CODE_POINTS, "sec-b1": 0,
                server.trainees[0]: CODE_POINTS, server.trainees[1]: 3, server.intruder: 0}
    with Gradebook(gradebook_url(s.course_dir)) as gradebook:
        scores = {sub.student.id: sub.code_score for sub in gradebook.find_assignment(ASSIGNMENT).submissions}
        written = {student: gradebook.find_grade(WRITTEN, ASSIGNMENT, ASSIGNMENT, student).manual_score
                   for student in marks}
    assert scores == expected
    assert written == marks
    # The marks reach the trainee through formgrader's own buttons (feedback by the allowlist).
    first = round_trip["people"][server.trainees[0]]
    for action in ("generate_feedback", "release_feedback"):
        answer = instructor2.post(f"{api}/assignment/{ASSIGNMENT}/{first.name}/{action}")
        assert answer.status_code == 200 and answer.json().get("success"), answer.text[-2000:]
    first.assignment_action("fetch_feedback")
    pages = glob.glob(f"{pwd.getpwnam(first.name).pw_dir}/{ASSIGNMENT}/feedback/*/{ASSIGNMENT}.html")
    page = Path(pages[0]).read_text()
    assert len(pages) == 1 and f"Score: {CODE_POINTS + marks[first.name]:.1f} / 18.0" in page
    assert [line for line in _hidden_lines() if line in page] == []


def test_each_server_runs_in_a_control_group_of_its_own_and_stops_when_idle(server, round_trip):
    """A trainee's runaway cell stops at their own limits: their server and every kernel it starts
    share one control group with the settings' memory, processes and CPUs; idle kernels, then an
    idle server, are stopped after the settings' minutes."""
    from grader.classgrade.cgroups import SYSFS, version
    from grader.hub.spawner import PARENT

    servers = _servers(server.trainees)
    assert sorted(servers) == sorted(server.trainees)
    for name, pid in servers.items():
        groups = Path(f"/proc/{pid}/cgroup").read_text()
        assert f"/{PARENT}/hub-{name}\n" in groups, groups
        folder = SYSFS / PARENT / f"hub-{name}" if version() == 2 else SYSFS / "memory" / PARENT / f"hub-{name}"
        memory = (folder / ("memory.max" if version() == 2 else "memory.limit_in_bytes")).read_text().strip()
        assert int(memory) == SERVER_MEMORY_MB * 2**20
        pids_folder = folder if version() == 2 else SYSFS / "pids" / PARENT / f"hub-{name}"
        assert int((pids_folder / "pids.max").read_text()) == SERVER_PROCESSES
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        assert f"--MappingKernelManager.cull_idle_timeout={IDLE_MINUTES * 60}" in command
        assert f"--ServerApp.shutdown_no_activity_timeout={IDLE_MINUTES * 60}" in command


def test_every_service_stops_by_its_process_id(server, round_trip):
    server.note_processes()
    assert len(server.pids) >= 6  # runner, PostgreSQL, JupyterHub, proxy, formgrader, two servers
    with Step("stop: hub (servers, formgrader, proxy), then PostgreSQL"):
        left = server.stop()
    assert left == [], f"still running after the stop: {left}"
    assert not (server.settings.hub_dir / "pids.json").exists()
    from grader.classgrade.cgroups import SYSFS
    from grader.hub.spawner import PARENT

    left_groups = [p for base in (SYSFS, *(SYSFS / c for c in ("memory", "pids", "cpu")))
                   for p in (base / PARENT).glob("hub-*") if p.name[4:] in server.trainees]
    assert left_groups == [], "a stopped server's control group is removed"


@pytest.mark.parametrize("line, named", [
    ("server_memory_mb: 100", "server_memory_mb=100"), ("server_processes: lots", "server_processes='lots'"),
    ("server_cpus: 0", "server_cpus=0"), ("idle_minutes: true", "idle_minutes=True"),
    ("port: 70000", "port=70000"), ("trainees: [Bad Name]", "'Bad Name' is not a local account name"),
    ("instructors: []", "instructors: name at least one account"), ("colour: blue", "unknown key 'colour'"),
])
def test_the_settings_refuse_what_a_class_server_cannot_use_and_name_it(tmp_path, line, named):
    from grader.hub.settings import Settings, SettingsError

    settings = {"instructors": "[teacher]", "trainees": "[trainee1]"}
    key = line.split(":")[0]
    settings[key] = line.split(":", 1)[1].strip()
    path = tmp_path / "class.yml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in settings.items()))
    with pytest.raises(SettingsError, match=re.escape(named)):
        Settings.load(path)


def test_the_shipped_settings_give_every_server_limits_and_an_idle_time():
    from grader.hub.settings import Settings

    settings = Settings.load(ROOT / "grader" / "hub" / "class.yml")
    assert (settings.server_memory_mb, settings.server_processes, settings.server_cpus, settings.idle_minutes) == \
        (2048, 256, 1, 60)
