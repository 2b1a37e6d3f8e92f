"""Generate the trainee versions of every assignment: solutions/<a>/ → exercises/<a>/.

    python grader/release.py                 # all assignments, into this kit's exercises/
    python grader/release.py satisfaction    # one assignment
    python grader/release.py --root DIR      # another course root (tests use a temporary copy)

It runs nbgrader's own ``generate_assignment`` (solutions and hidden tests stripped, checksums
added) with the course's ``grader/nbgrader_config.py``, and records the assignment in the
gradebook so that autograding can find its graded cells.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "grader" / "nbgrader_config.py"


def assignments(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def course_config(root: Path = ROOT, **overrides):
    """The course's nbgrader configuration for course ``root``, with ``CourseDirectory`` overrides."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()
    config.CourseDirectory.root = str(root)
    for key, value in overrides.items():
        setattr(config.CourseDirectory, key, value)
    return config


def release(name: str, root: Path = ROOT) -> Path:
    """Run nbgrader's ``generate_assignment`` for assignment ``name`` under course ``root``."""
    from nbgrader.apps import NbGraderAPI

    # nbgrader asks the `alembic` command (installed beside this Python) for the gradebook schema.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    target = root / "exercises" / name
    if target.exists():
        shutil.rmtree(target)
    result = NbGraderAPI(config=course_config(root)).generate_assignment(name, force=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{result['error']}\n{result['log']}")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Generate exercises/ from solutions/ with nbgrader.")
    parser.add_argument("names", nargs="*", help="assignments (default: every folder of solutions/)")
    parser.add_argument("--root", type=Path, default=ROOT, help="course root (default: this kit)")
    args = parser.parse_args(argv)
    for name in args.names or assignments(args.root):
        target = release(name, args.root.resolve())
        print(f"released {name} → {target.relative_to(args.root.resolve())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
