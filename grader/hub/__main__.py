"""Command line of the class server: ``python -m grader.hub COMMAND SETTINGS ...``, as root, from the
kit's folder; COMMAND is setup, run, release, grade, feedback, classgrade, export or remove (see
"A class on JupyterHub" in grader/INSTRUCTOR_GUIDE.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .install import SetupError
from .settings import Settings, SettingsError

#: The pipeline's options that name a file or folder (made absolute before it runs from the kit's folder).
PATH_OPTIONS = ("--submissions", "--work-dir")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.hub", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("setup", "accounts, folders, the course, the trainees' Python, the database (again after a change)"),
                       ("run", "start PostgreSQL and JupyterHub (with the proxy and formgrader); Ctrl-C stops them"),
                       ("remove", "remove the class server's folder (grades and database included), grader account "
                                  "and groups; people's accounts stay")):
        commands.add_parser(name, help=text).add_argument("settings", type=Path)
    release = commands.add_parser("release", help="record an assignment in the gradebook and release it")
    grade = commands.add_parser("grade", help="collect from the exchange, then the class pipeline "
                                              "(other options: those of python -m grader.classgrade grade)")
    feedback = commands.add_parser("feedback", help="release the pipeline's feedback through the exchange")
    for sub in (release, grade, feedback):
        sub.add_argument("settings", type=Path)
        sub.add_argument("assignment")
        sub.add_argument("--course-root", type=Path, default=None,
                         help="a course folder other than the class server's (a grader's own, same gradebook)")
    grade.add_argument("--student", action="append", default=[], help="collect only this trainee (repeatable)")
    grade.add_argument("--no-collect", action="store_true", help="grade what is already in submitted/")
    passthrough = commands.add_parser("classgrade", help="python -m grader.classgrade grade|report|feedback ... "
                                                         "on the class server's course and gradebook")
    passthrough.add_argument("settings", type=Path)
    passthrough.add_argument("--course-root", type=Path, default=None)
    export = commands.add_parser("export", help="nbgrader's CSV of every grade, from the gradebook")
    export.add_argument("settings", type=Path)
    export.add_argument("out", type=Path)
    args, rest = parser.parse_known_args(argv)
    if rest and args.command not in ("grade", "classgrade"):
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        settings = Settings.load(args.settings)
        course = getattr(args, "course_root", None)
        course = course.resolve() if course else None
        if args.command == "setup":
            from .install import setup

            setup(settings)
            return 0
        if args.command == "run":
            from .services import run

            return run(settings)
        if args.command == "remove":
            from .install import uninstall

            uninstall(settings)
            return 0
        from . import course as instructor

        if args.command in ("grade", "classgrade"):
            # Relative paths among the pipeline's options are the caller's; the pipeline runs from the
            # kit's folder (it reads the kit's src/ and datasets/ for the sandbox).
            rest = [str(Path(a).resolve()) if i and rest[i - 1] in PATH_OPTIONS else a for i, a in enumerate(rest)]
            os.chdir(settings.kit)
        if args.command == "release":
            print(instructor.release(settings, args.assignment, course), end="")
        elif args.command == "grade":
            return instructor.grade(settings, args.assignment, rest, course, not args.no_collect, args.student)
        elif args.command == "classgrade":
            if not rest or rest[0] not in ("grade", "report", "feedback"):
                parser.error("classgrade: grade, report or feedback, then that command's arguments")
            return instructor.classgrade(settings, rest, course)
        elif args.command == "feedback":
            print(instructor.release_feedback(settings, args.assignment, course), end="")
        elif args.command == "export":
            print(instructor.export(settings, args.out.resolve()))
        return 0
    except (SetupError, SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
