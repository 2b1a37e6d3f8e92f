"""Generate the trainee versions of every assignment: solutions/<a>/ → exercises/<a>/.

    python -m grader.release                 # all assignments, into this kit's exercises/
    python -m grader.release satisfaction    # one assignment
    python -m grader.release --root DIR      # another course root (tests use a temporary copy)

It runs nbgrader's own ``generate_assignment`` (solutions and hidden tests stripped, checksums
added) with the course's ``grader/nbgrader_config.py``, and records the assignment in the
gradebook, which keeps the source cells: the instructor-only checks the evaluator runs. Before
that it checks the authoring: every answer name a test cell's checks use must be defined by a
solution cell (``check_answers``), and it prints each question's answer names. The course root defaults to the one the
current directory is in (``make exercises`` runs from the kit's root).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from datetime import timezone
from pathlib import Path

from servicekit.setup_lab import COURSE_CONFIG, course_root


def assignments(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def config_file(root: Path) -> Path:
    """The nbgrader settings for course ``root``: its own ``grader/nbgrader_config.py``, or, for a
    course root without one (a temporary copy of ``solutions/``), those of the kit it is run in."""
    own = Path(root) / COURSE_CONFIG
    return own if own.is_file() else course_root() / COURSE_CONFIG


def course_config(root: Path, **overrides):
    """The course's nbgrader configuration for course ``root``, with ``CourseDirectory`` overrides."""
    from traitlets.config.loader import PyFileConfigLoader

    config_path = config_file(root)
    config = PyFileConfigLoader(config_path.name, path=str(config_path.parent)).load_config()
    config.CourseDirectory.root = str(root)
    for key, value in overrides.items():
        setattr(config.CourseDirectory, key, value)
    return config


def release(name: str, root: Path | None = None) -> Path:
    """Run nbgrader's ``generate_assignment`` for assignment ``name`` under course ``root``
    (default: the course the current directory is in)."""
    from nbgrader.apps import NbGraderAPI

    root = Path(root) if root else course_root()
    # nbgrader asks the `alembic` command (installed beside this Python) for the gradebook schema.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    target = root / "exercises" / name
    if target.exists():
        shutil.rmtree(target)
    due = _due(root, name)
    for source in sorted((root / "solutions" / name).glob("*.ipynb")):
        check_answers(source)
        check_ends_with_check_cell(source)
        if due is not None:
            state_due_date(source, *due)
    api = NbGraderAPI(config=course_config(root))
    result = api.generate_assignment(name, force=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{result['error']}\n{result['log']}")
    if due is not None:
        from nbgrader.api import Gradebook

        # nbgrader keeps due dates as UTC without a zone; late penalties are counted from it.
        with Gradebook(api.coursedir.db_url) as gradebook:
            gradebook.update_or_create_assignment(name, duedate=due[0].astimezone(timezone.utc).replace(tzinfo=None))
    return target


#: The read-only cell, after the intro, that states the due date and the late rule.
DUE_CELL = "due_date"
WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "zh": ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]}


def _due(root: Path, name: str):
    """``(due date, percent per day)`` of assignment ``name`` from ``grader/course.yml``, or None
    for a course root without one (a temporary test course)."""
    from grader.gradebook import config

    if not (Path(root) / config.CONFIG).is_file():
        return None
    course = config.load(root)
    return course.assignment(name).due, course.percent_per_day


def due_statement(due, percent_per_day: float) -> str:
    """The due date and the late rule, in English and in Chinese, as the release states them."""
    offset = due.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}"
    english = f"**Due:** {WEEKDAYS['en'][due.weekday()]} {due.day} {due:%B %Y, %H:%M} ({zone})."
    chinese = f"**截止时间：**{due.year}年{due.month}月{due.day}日（{WEEKDAYS['zh'][due.weekday()]}）{due:%H:%M}（{zone}）。"
    if percent_per_day:
        english += (f" Work received later loses {percent_per_day:g} % of the points it earns per day late (a part"
                    " of a day counts as a day); what counts is the time the course receives your notebook.")
        chinese += (f"逾期提交的作业，每逾期一天扣除所得分数的{percent_per_day:g}%（不足一天按一天计），"
                    "以课程收到你的笔记本的时间为准。")
    return f"{english}\n\n{chinese}"


def state_due_date(source: Path, due, percent_per_day: float) -> None:
    """Write the due-date cell of ``source`` (after its first cell), if it does not already say this."""
    nb = json.loads(Path(source).read_text(encoding="utf-8"))
    text = due_statement(due, percent_per_day).splitlines(keepends=True)
    cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == DUE_CELL]
    if cells and cells[0]["source"] == text:
        return
    if cells:
        cells[0]["source"] = text
    else:
        nb["cells"].insert(1, {"cell_type": "markdown", "id": DUE_CELL.replace("_", "-"), "source": text, "metadata": {
            "nbgrader": {"grade": False, "grade_id": DUE_CELL, "locked": True, "schema_version": 3, "solution": False,
                         "task": False}}})
    Path(source).write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def check_ends_with_check_cell(source: Path) -> None:
    """Refuse a source whose last code cell is not *Check your work* (``exercise.check()``, read-only,
    ``grade_id`` ``CHECK_CELL``): a trainee must be able to check a half-done exercise."""
    from servicekit.exercise import CHECK_CELL

    cells = [c for c in json.loads(Path(source).read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    last = cells[-1] if cells else {}
    meta = last.get("metadata", {}).get("nbgrader", {})
    if meta.get("grade_id") != CHECK_CELL or not meta.get("locked") or "exercise.check()" not in "".join(last.get("source", "")):
        raise ValueError(f"{Path(source).name}: the last code cell must be the read-only Check your work cell "
                         f"(grade_id {CHECK_CELL!r}, `exercise.check()`): copy it from solutions/satisfaction")


def check_answers(source: Path) -> dict[str, list[str]]:
    """The answer names each test cell of ``source`` asks the trainee's kernel for (the names its
    checks use that the setup does not define); refuses a name no solution cell defines, which
    would make the question impossible."""
    import nbformat

    from grader.classgrade.questions import Checks, assigned_names

    checks = Checks.from_source(source)
    defined = set()
    for cell in nbformat.read(str(source), as_version=4).cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            defined |= assigned_names(cell.source)
    answers = {q.grade_id: q.answers for q in checks.questions}
    for grade_id, names in answers.items():
        missing = [n for n in names if n not in defined]
        if missing:
            raise ValueError(f"{source.name}: the checks of {grade_id} use {', '.join(missing)}, which neither "
                             "the setup cells nor any solution cell defines")
    return answers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Generate exercises/ from solutions/ with nbgrader.")
    parser.add_argument("names", nargs="*", help="assignments (default: every folder of solutions/)")
    parser.add_argument("--root", type=Path, default=None,
                        help="course root (default: the course the current directory is in)")
    args = parser.parse_args(argv)
    root = args.root.resolve() if args.root else course_root()
    for name in args.names or assignments(root):
        target = release(name, root)
        print(f"released {name} → {target.relative_to(root)}")
        for source in sorted((root / "solutions" / name).glob("*.ipynb")):
            for grade_id, names in check_answers(source).items():
                print(f"  {source.stem}/{grade_id}: asks for {', '.join(names) or '(nothing)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
