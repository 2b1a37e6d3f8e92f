"""One HTML page per trainee: each assignment's points, lateness and final score, the course
total, and the questions where points were lost. One file per trainee, to send or print."""

from __future__ import annotations

import html
from pathlib import Path

from grader.classgrade.collect import folder_name  # the roster's id, safe as a file name

from .config import CourseConfig
from .totals import CourseTotals

STYLE = ("body{font-family:sans-serif;max-width:50em;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
         "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}td.n{text-align:right}"
         "@media print{body{margin:0}}")


def _days(seconds: float) -> str:
    if seconds <= 0:
        return "on time"
    days = seconds / 86_400
    return f"{days:.1f} days late" if days >= 1 else f"{seconds / 3600:.1f} hours late"


def trainee_page(totals: CourseTotals, config: CourseConfig, trainee_id: str) -> str:
    trainee = next(t for t in totals.trainees if t.id == trainee_id)
    results = totals.results[trainee_id]
    e = html.escape
    rows, lost = [], []
    for name in totals.counted:
        entry, result = config.assignment(name), results[name]
        status = "no submission" if not result.submitted else _days(result.seconds_late)
        if result.needs_manual_grade:
            status += "; written answer not graded yet"
        rows.append(f"<tr><td>{e(entry.lms_name)}</td><td class=n>{entry.lesson:02d}</td>"
                    f"<td class=n>{result.points:g}</td><td class=n>{result.out_of:g}</td>"
                    f"<td>{e(status)}</td><td class=n>{result.penalty:g}</td><td class=n>{result.final:g}</td>"
                    f"<td class=n>{entry.weight:g}</td></tr>")
        for question, got, of in result.lost:
            lost.append(f"<tr><td>{e(entry.lms_name)}</td><td>{e(question)}</td><td class=n>{got:g}</td>"
                        f"<td class=n>{of:g}</td></tr>")
    if per_day := config.percent_per_day:
        rule = (f"<p>Late work loses {per_day:g} % of its points per day late (a part of a day counts as a "
                "day), measured from the due date to the time the course received it.</p>")
    else:
        rule = "<p>Late work loses no points in this course.</p>"
    skipped = ""
    if totals.not_graded:
        skipped = ("<p>Not graded yet, so not in the total: "
                   + ", ".join(e(config.assignment(n).lms_name) for n in totals.not_graded) + ".</p>")
    return ("<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{e(trainee.name)}: course grades</title><style>{STYLE}</style></head><body>"
            f"<h1>{e(config.course)}: grades of {e(trainee.name)}</h1>"
            f"<p>Id {e(trainee.id)} · {e(trainee.email)}{' · ' + e(trainee.section) if trainee.section else ''}</p>"
            f"<p><strong>Course total: {totals.total_percent(trainee_id, config):g} %</strong> "
            "(each assignment's final points as a share of its points, weighted as below).</p>" + skipped +
            "<table><tr><th>Assignment</th><th>Lesson</th><th>Points</th><th>Out of</th><th>Handed in</th>"
            "<th>Late penalty</th><th>Final</th><th>Weight</th></tr>" + "".join(rows) + "</table>" + rule +
            "<h2>Where points were lost</h2>" +
            ("<table><tr><th>Assignment</th><th>Question</th><th>Got</th><th>Of</th></tr>" + "".join(lost) + "</table>"
             if lost else "<p>Nowhere: every graded question has full marks.</p>") +
            "<p>Each assignment's feedback page shows your answers and the checks' messages.</p></body></html>")


def write_pages(totals: CourseTotals, config: CourseConfig, folder: Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for trainee in totals.trainees:
        path = folder / f"{folder_name(trainee.id)}.html"
        path.write_text(trainee_page(totals, config, trainee.id), encoding="utf-8")
        written.append(path)
    return written
