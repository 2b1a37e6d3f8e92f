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
import os
import shutil
import sys
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
    for source in sorted((root / "solutions" / name).glob("*.ipynb")):
        check_answers(source)
    result = NbGraderAPI(config=course_config(root)).generate_assignment(name, force=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{result['error']}\n{result['log']}")
    return target


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
