"""Command line: ``python -m grader.classgrade {grade,report,feedback,bundle} ...`` (see grader/INSTRUCTOR_GUIDE.md)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from servicekit.setup_lab import course_root

from .course import Course
from .pipeline import Options, grade_class
from .sandbox import Limits


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write it as 'YYYY-MM-DD HH:MM+08:00' (with the time zone)") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r}: add the time zone, e.g. '{text}+08:00'")
    return moment.astimezone(timezone.utc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.classgrade", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="autograde a class, make feedback, grades and the report")
    grade.add_argument("assignment")
    grade.add_argument("--submissions", type=Path, default=None,
                       help="a zip of files named by student, or a folder <student>/<assignment>/ "
                            "(default: the course's submitted/ folder)")
    grade.add_argument("--course-root", type=Path, default=None,
                       help="course root (default: the course the current directory is in)")
    grade.add_argument("--config", type=Path, default=None, help="nbgrader_config.py (default: the course's)")
    grade.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions graded at once")
    grade.add_argument("--timeout", type=int, default=None, help="seconds per cell (default: c.Execute.timeout)")
    grade.add_argument("--student-limit", type=float, default=900, help="seconds for one whole submission")
    grade.add_argument("--memory-mb", type=int, default=Limits.memory_mb,
                       help="memory of one submission, its /tmp included (MiB)")
    grade.add_argument("--processes", type=int, default=Limits.processes, help="processes of one submission")
    grade.add_argument("--cpus", type=float, default=Limits.cpus, help="CPUs one submission may use at most")
    grade.add_argument("--regrade", action="store_true", help="grade again what an earlier batch finished")
    grade.add_argument("--no-feedback", action="store_true")
    grade.add_argument("--no-sandbox", action="store_true", help="UNSAFE: only for code you trust")
    grade.add_argument("--no-progress", action="store_true")
    grade.add_argument("--received-by", type=_moment, default=None, metavar="'YYYY-MM-DD HH:MM+08:00'",
                       help="files seen for the first time were in by then (a download from the LMS made after "
                            "the deadline); default: now. Late penalties count from this time")
    grade.add_argument("--work-dir", type=Path, default=None, help="where the per-submission courses go (default: the temp folder)")

    report = commands.add_parser("report", help="write the grades CSV and the HTML report again")
    report.add_argument("assignment")
    report.add_argument("--course-root", type=Path, default=None,
                        help="course root (default: the course the current directory is in)")
    report.add_argument("--config", type=Path, default=None)

    feedback = commands.add_parser("feedback", help="make the feedback again (after manual grading), "
                                                    "without hidden tests")
    feedback.add_argument("assignment")
    feedback.add_argument("--student", default=None)
    feedback.add_argument("--course-root", type=Path, default=None,
                          help="course root (default: the course the current directory is in)")
    feedback.add_argument("--config", type=Path, default=None)

    bundle = commands.add_parser("bundle", help="build the trainee zip")
    bundle.add_argument("--out", type=Path, default=None, help="default: dist/trainee-kit.zip of the course")

    args = parser.parse_args(argv)
    if args.command == "bundle":
        from .bundle import build_bundle

        kit = course_root()
        print(build_bundle(kit, args.out or kit / "dist" / "trainee-kit.zip"))
        return 0
    course = Course.open(args.course_root or course_root(), args.config)
    if args.command == "feedback":
        from .pipeline import regenerate_feedback

        result = regenerate_feedback(course, args.assignment, args.student)
        print(result.get("log", ""))
        return 0 if result["success"] else 1
    if args.command == "report":
        from .report import write_reports

        for name, path in write_reports(course, args.assignment).items():
            print(f"{name}: {path}")
        return 0
    options = Options(jobs=args.jobs, timeout=args.timeout, student_limit=args.student_limit,
                      sandbox=not args.no_sandbox, feedback=not args.no_feedback, regrade=args.regrade,
                      progress=not args.no_progress, work_dir=args.work_dir, received_by=args.received_by,
                      limits=Limits(memory_mb=args.memory_mb, processes=args.processes, cpus=args.cpus))
    summary = grade_class(course, args.assignment, args.submissions, options)
    print(f"{args.assignment}: {len(summary.graded)} graded, {len(summary.failed)} failed, "
          f"{len(summary.skipped)} already graded, in {summary.seconds:.1f} s")
    for student, error in summary.failed.items():
        print(f"  FAILED {student}: {error}")
    for student, issues in summary.issues.items():
        for issue in issues:
            print(f"  note {student}: {issue}")
    for name, path in summary.files.items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
