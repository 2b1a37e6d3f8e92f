"""The course on disk: its nbgrader settings, folders and gradebook, and the per-batch template.

Every grading step reads the same nbgrader configuration as the ``nbgrader`` command line (the
course's ``grader/nbgrader_config.py``), with the course root set to the folder being graded.
"""

from __future__ import annotations

import copy
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from servicekit.setup_lab import COURSE_CONFIG, course_root


def load_config(config_file: Path | None, root: Path) -> Config:
    """nbgrader settings from ``config_file`` (default: those of the kit the current directory is
    in), with the course root ``root``."""
    config_file = Path(config_file) if config_file else course_root() / COURSE_CONFIG
    config = Config()
    if config_file.exists():
        config.merge(PyFileConfigLoader(config_file.name, str(config_file.parent)).load_config())
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    return config


@dataclass
class Course:
    """One nbgrader course root and its settings."""

    root: Path
    config: Config
    config_file: Path | None = None

    @classmethod
    def open(cls, root: Path | str, config_file: Path | None = None) -> "Course":
        # nbgrader runs `alembic` (installed beside this Python) when it creates a gradebook.
        bin_dir = str(Path(sys.executable).parent)
        if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        root = Path(root).resolve()
        if config_file is None and (root / COURSE_CONFIG).exists():
            config_file = root / COURSE_CONFIG
        return cls(root, load_config(config_file, root), config_file)

    def coursedir(self) -> CourseDirectory:
        return CourseDirectory(config=self.config)

    def folder(self, kind: str) -> Path:
        """``kind`` is source, release, submitted, autograded or feedback."""
        return self.root / getattr(self.coursedir(), f"{kind}_directory")

    @property
    def db_url(self) -> str:
        return self.coursedir().db_url

    @property
    def state_dir(self) -> Path:
        """The pipeline's own records (journal, logs): never inside a trainee bundle."""
        return self.root / ".classgrade"

    def api(self) -> NbGraderAPI:
        return NbGraderAPI(coursedir=self.coursedir(), config=self.config)

    def notebook_names(self, assignment: str) -> list[str]:
        source = self.folder("source") / assignment
        names = sorted(p.stem for p in source.glob("*.ipynb"))
        if not names:
            raise ValueError(f"assignment={assignment!r}: no notebook in {source}")
        return names

    def has_assignment(self, assignment: str) -> bool:
        with Gradebook(self.db_url) as gb:
            try:
                return len(gb.find_assignment(assignment).notebooks) > 0
            except MissingEntry:
                return False


def generate(course: Course, assignment: str, db_url: str | None = None) -> None:
    """Run nbgrader's generate_assignment on ``course`` (its gradebook, or ``db_url``'s)."""
    config = copy.deepcopy(course.config)
    if db_url:
        config.CourseDirectory.db_url = db_url
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{result.get('error') or result.get('log')}")


def build_template(course: Course, assignment: str, where: Path) -> Course:
    """A small course holding only ``assignment``'s source, its release and a fresh gradebook.

    Each worker copies this folder, so every submission is graded in a course of its own (own
    sqlite gradebook: no two processes ever write the same database). The main gradebook gets
    the assignment too if it lacks it, exactly as ``nbgrader generate_assignment`` would.
    """
    template_root = Path(tempfile.mkdtemp(prefix="template-", dir=where))
    template = Course(template_root, load_config(None, template_root))
    template.config = copy.deepcopy(course.config)
    template.config.CourseDirectory.root = str(template_root)
    template.config.CourseDirectory.db_url = f"sqlite:///{template_root / 'gradebook.db'}"
    shutil.copytree(course.folder("source") / assignment, template.folder("source") / assignment)
    generate(template, assignment)
    if not course.has_assignment(assignment):
        scratch_root = Path(tempfile.mkdtemp(prefix="generate-", dir=where))
        scratch = Course(scratch_root, copy.deepcopy(template.config))
        scratch.config.CourseDirectory.root = str(scratch_root)
        shutil.copytree(course.folder("source") / assignment, scratch.folder("source") / assignment)
        generate(scratch, assignment, db_url=course.db_url)
        shutil.rmtree(scratch_root, ignore_errors=True)
    # Late penalties need the due date the instructor set in the main gradebook.
    with Gradebook(course.db_url) as main, Gradebook(template.db_url) as template_gb:
        template_gb.update_or_create_assignment(assignment, duedate=main.find_assignment(assignment).duedate)
    return template
