"""Class grading throughput: serial ``nbgrader autograde`` against ``grader.classgrade`` in parallel.

    .venv/bin/python bench/bench_grading.py [--students 40] [--jobs 2] [--no-write]

Both grade the same submissions of the first assignment under ``solutions/`` (copied into a
temporary course; the kit's own gradebook and folders are not touched), in the same run, and
must agree on every grade. The serial baseline is ``nbgrader autograde`` as nbgrader ships it:
the kit's course config makes a plain autograde refuse, so the baseline course gets an
``nbgrader_config.py`` (read last, from the working folder) that restores nbgrader's own
autograde steps. Grades are compared (``auto_score``, ``needs_manual_grade``), not submission
times: the pipeline records the kit's time of receipt. Also timed: starting a kernel, importing
the libraries the assignment uses and killing the kernel, plain and in the sandbox (a uid and a
control group of its own, as the pipeline gives each submission), which is the floor of any
per-submission cost. The result replaces the ``## Grading`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import hostile  # noqa: E402  (tests/hostile: the course builders)
from report import write_section  # noqa: E402
from grader.classgrade import Course, Options, cgroups, grade_class  # noqa: E402
from grader.classgrade.pipeline import _public_folders  # noqa: E402
from grader.classgrade.sandbox import BASE_UID, Limits, Sandbox, SandboxKernelManager  # noqa: E402
from grader.classgrade.sandbox import missing as sandbox_missing  # noqa: E402

#: nbgrader as it ships: its own autograde steps, whatever the kit's settings say (the same
#: file as tests/test_grading_class.py's; nbgrader reads the working folder's config last).
PLAIN_NBGRADER = """from nbgrader.converters.autograde import Autograde
c.Autograde.sanitize_preprocessors = Autograde.class_traits()["sanitize_preprocessors"].default()
c.Autograde.autograde_preprocessors = Autograde.class_traits()["autograde_preprocessors"].default()
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}


def build_course(root: Path, assignment: str, students: int) -> None:
    """A course with ``students`` submissions: most answers right, some left blank."""
    hostile.build_real_course(root, ROOT, assignment, students)


def grades(root: Path, assignment: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {(s.student.id, g.name): (g.auto_score, g.needs_manual_grade)
                for s in gb.find_assignment(assignment).submissions for n in s.notebooks for g in n.grades}


def kernel_floor(imports: str, sandboxed: bool, course: Course | None = None, assignment: str = "",
                 repeats: int = 1) -> list[float]:
    """Seconds to start a kernel, run ``imports`` and kill it (``shutdown_kernel = "immediate"``,
    as the pipeline does), once per repeat. ``sandboxed``: as the pipeline starts a submission's
    kernel, in a ``Sandbox`` with a fresh uid and a control group of its own (made and removed
    in each run, so their cost is counted), its sockets in a short folder under /tmp."""
    from nbclient import NotebookClient

    class FloorClient(NotebookClient):
        box: Sandbox | None = None

        def create_kernel_manager(self):  # as Evaluate.create_kernel_manager does
            km = super().create_kernel_manager()
            km.box = self.box
            return km

    limits = Limits()
    readable = [str(p) for p in _public_folders(course)] if course else []
    protected = sorted({str(course.root), str(course.folder("source")), str(ROOT / "grader")}) if course else []
    release = course.folder("release") / assignment if course else None
    files = {p.name: str(p) for p in release.iterdir()
             if p.is_file() and not p.is_symlink() and p.suffix != ".ipynb"} if release and release.is_dir() else {}
    runtime = tempfile.mkdtemp(prefix="cgk-", dir="/tmp")
    os.chmod(runtime, 0o755)
    saved = os.environ.get("CLASSGRADE_RUNTIME")
    os.environ["CLASSGRADE_RUNTIME"] = runtime
    times = []
    try:
        for run in range(repeats):
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(imports)])
            nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
            workdir = tempfile.mkdtemp(prefix="floor-")
            os.chmod(workdir, 0o755)
            started = time.perf_counter()
            group = None
            try:
                kwargs = {"kernel_manager_class": SandboxKernelManager} if sandboxed else {}
                client = FloorClient(nb, timeout=120, startup_timeout=120, shutdown_kernel="immediate",
                                     resources={"metadata": {"path": workdir}}, **kwargs)
                if sandboxed:
                    uid = BASE_UID + secrets.randbelow(1_000_000_000)
                    group = cgroups.Group(f"bench-floor-{os.getpid()}-{run}", limits.memory_mb,
                                          limits.processes, limits.cpus).create()
                    client.box = Sandbox(uid=uid, assignment="floor", release_files=files, readable=readable,
                                         protected=protected, limits=limits, group=group)
                client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            finally:
                if group is not None:
                    group.remove()
            times.append(time.perf_counter() - started)
            errors = [o for o in nb.cells[0].outputs if o.get("output_type") == "error"]
            assert not errors, errors
            shutil.rmtree(workdir, ignore_errors=True)
    finally:
        if saved is None:
            os.environ.pop("CLASSGRADE_RUNTIME", None)
        else:
            os.environ["CLASSGRADE_RUNTIME"] = saved
        shutil.rmtree(runtime, ignore_errors=True)
    return times


def floors(imports: str, course: Course, assignment: str, repeats: int = 5) -> tuple[float, float]:
    """Median floor, plain and sandboxed, measured in turns (so that a change of the machine's
    load falls on both alike)."""
    plain, boxed = [], []
    for _ in range(repeats):
        plain += kernel_floor(imports, sandboxed=False)
        boxed += kernel_floor(imports, sandboxed=True, course=course, assignment=assignment)
    return statistics.median(plain), statistics.median(boxed)


def worker_seconds(course: Course, assignment: str) -> list[float]:
    """How long a worker spent on each submission (the pipeline's journal), in seconds."""
    path = course.state_dir / assignment / "journal.jsonl"
    return [float(json.loads(line)["seconds"]) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("seconds") is not None]


def setup_imports(assignment: str) -> str:
    """The import lines of the assignment's notebooks (what every submission pays for)."""
    lines = []
    for path in sorted((ROOT / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code":
                lines += [ln for ln in cell.source.splitlines() if ln.startswith(("import ", "from "))]
    return "\n".join(dict.fromkeys(lines)) or "pass"


def format_section(assignment: str, n: int, jobs: int, serial_seconds: float, parallel_seconds: float,
                   floor_plain: float, floor_sandbox: float, same: bool, imports: str,
                   per_worker: list[float], load: dict[str, float]) -> str:
    ratio = serial_seconds / parallel_seconds
    target = "met" if ratio >= 1.7 else "NOT met"
    worker_mean = statistics.mean(per_worker) if per_worker else float("nan")
    lines = [
        "## Grading",
        "",
        "Produced by `python bench/bench_grading.py`; rerun it to refresh this section. Both ways grade",
        f"the same {n} submissions of `{assignment}` (most answers right; every third trainee left one",
        "answer blank) in one run, in temporary course copies, and must write the same grades (score",
        "and needs-manual-grade of every graded cell; not the submission times, which the pipeline",
        "takes from the kit's time of receipt). The baseline is `nbgrader autograde` as nbgrader ships",
        "it: the kit's config makes a plain autograde refuse, so the baseline course's own",
        "`nbgrader_config.py` restores nbgrader's autograde steps.",
        f"Machine: {os.cpu_count()} cores shared with other jobs, Python {sys.version.split()[0]}; 1-minute load",
        f"average when the serial run started {load['serial']:.1f}, when the pipeline started "
        f"{load['pipeline']:.1f}, when it ended {load['end']:.1f}.",
        "",
        "| way | wall time (s) | per submission (s) |",
        "| --- | ---: | ---: |",
        f"| serial `nbgrader autograde` | {serial_seconds:.1f} | {serial_seconds / n:.2f} |",
        f"| `grader.classgrade`, `--jobs {jobs}`, sandboxed, no feedback | {parallel_seconds:.1f} | "
        f"{parallel_seconds / n:.2f} |",
        f"| the same: one worker's time on one submission (mean) | | {worker_mean:.2f} |",
        f"| start a kernel + imports, plain (floor) | | {floor_plain:.2f} |",
        f"| start a kernel + imports, in the sandbox | | {floor_sandbox:.2f} |",
        "",
        f"Throughput ratio: **{ratio:.2f}×** serial nbgrader (target ≥ 1.7× on 2 cores: {target}). "
        f"Same grades both ways: {'yes' if same else 'NO'}.",
        "",
        "The floor is the time to start one kernel, import what the assignment imports",
        f"(`{imports.replace(chr(10), '; ')}`) and kill the kernel; in the sandbox that includes a",
        "uid and a control group of its own, made and removed each time, as for a submission (median",
        "of 5, plain and sandboxed in turns, one at a time). On top of the sandboxed floor, a",
        "submission in the pipeline pays for the notebook's code cells in the sandbox (its setup cell",
        "loads the data), one request that hands the answers back as plain data, one round trip to",
        "the sandbox per call of a trainee's function by a check, and the evaluator, outside the",
        "sandbox, running the instructor's setup cells (loading the data again) and the checks; the",
        f"worker's time also holds nbgrader's bookkeeping. One worker spends {worker_mean:.2f} s on a",
        f"submission, {worker_mean / floor_sandbox:.1f}× the sandboxed floor; {jobs} workers run at once, "
        "and each kernel is killed",
        "at once (`Execute.shutdown_kernel = \"immediate\"`) where serial nbgrader shuts it down politely.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    assignment = sorted(p.name for p in (ROOT / "solutions").iterdir() if any(p.glob("*.ipynb")))[0]
    if sandbox_missing():
        sys.exit("the sandboxed pipeline cannot run here: " + "; ".join(sandbox_missing()))

    base = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    os.chmod(base, 0o755)
    try:
        serial, parallel = base / "serial", base / "parallel"
        build_course(serial, assignment, args.students)
        shutil.copytree(serial, parallel)
        (serial / "nbgrader_config.py").write_text(PLAIN_NBGRADER)

        load = {"serial": os.getloadavg()[0]}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force",
                        f"--CourseDirectory.root={serial}", "--log-level=ERROR"],
                       check=True, cwd=serial, env=_env(), capture_output=True)
        serial_seconds = time.perf_counter() - started

        course = Course.open(parallel)
        load["pipeline"] = os.getloadavg()[0]
        started = time.perf_counter()
        summary = grade_class(course, assignment, options=Options(
            jobs=args.jobs, feedback=False, report=False, progress=False, work_dir=base))
        parallel_seconds = time.perf_counter() - started
        load["end"] = os.getloadavg()[0]
        assert not summary.failed, summary.failed
        serial_grades, parallel_grades = grades(serial, assignment), grades(parallel, assignment)
        assert serial_grades, "the serial run wrote no grades"
        same = serial_grades == parallel_grades
        if not same:
            for key in sorted(set(serial_grades) | set(parallel_grades)):
                if serial_grades.get(key) != parallel_grades.get(key):
                    print(f"grade differs {key}: serial {serial_grades.get(key)} pipeline {parallel_grades.get(key)}",
                          file=sys.stderr)
        per_worker = worker_seconds(course, assignment)

        imports = setup_imports(assignment)
        floor_plain, floor_sandbox = floors(imports, course, assignment)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    text = format_section(assignment, args.students, args.jobs, serial_seconds, parallel_seconds,
                          floor_plain, floor_sandbox, same, imports, per_worker, load)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
