"""The grades CSV and the HTML report of an assignment, read from the main gradebook.

The report puts first the trainees who need a person: submissions that could not be graded and
answers waiting for manual grading. Then the score distribution of every assignment, the mean
share of points per question, and the item analysis (``analysis.item_analysis``). Plots are
matplotlib PNGs embedded in the page as base64, so the report is one file.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

from .analysis import item_analysis  # noqa: E402
from .course import Course  # noqa: E402
from .merge import Journal  # noqa: E402


def grade_table(course: Course, assignment: str) -> tuple[pd.DataFrame, pd.Series]:
    """One row per trainee who submitted: totals, status and one column per graded cell.

    Returns the table and the maximum points of each item column.
    """
    outcomes = Journal(course, assignment).finished()
    rows, maxima = [], {}
    with Gradebook(course.db_url) as gb:
        for submission in gb.find_assignment(assignment).submissions:
            student = submission.student.id
            entry = outcomes.get(student, {})
            row = {
                "student": student,
                "score": submission.score,
                "max_score": submission.max_score,
                "needs_manual_grade": bool(submission.needs_manual_grade),
                "outcome": "graded" if entry.get("ok", True) else "failed",
                "notes": "; ".join(entry.get("issues", []) + ([entry["error"]] if entry.get("error") else [])),
            }
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    item = f"{notebook.name}/{grade.name}"
                    row[item] = grade.score
                    maxima[item] = grade.max_score
            rows.append(row)
    if not rows:
        raise ValueError(f"assignment={assignment!r}: nothing graded yet")
    table = pd.DataFrame(rows)
    table["percent"] = (100 * table["score"] / table["max_score"]).round(1)
    attention = (table["outcome"] == "failed") | table["needs_manual_grade"]
    table = table.assign(_first=~attention).sort_values(["_first", "student"]).drop(columns="_first")
    front = ["student", "score", "max_score", "percent", "needs_manual_grade", "outcome", "notes"]
    items = sorted(maxima)
    return table[front + items].reset_index(drop=True), pd.Series(maxima)[items]


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(figure)
    return "<img alt='plot' src='data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode() + "'>"


def _distribution(percent: pd.Series, title: str) -> str:
    figure, axes = plt.subplots(figsize=(5, 3))
    axes.hist(percent, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.001], color="#4c72b0", edgecolor="white")
    axes.set(title=title, xlabel="score (% of the points)", ylabel="trainees")
    return _png(figure)


def _means(items: pd.DataFrame) -> str:
    figure, axes = plt.subplots(figsize=(6, 0.4 * len(items) + 1.2))
    axes.barh(items.index, 100 * items["difficulty"], color="#55a868")
    axes.set(xlim=(0, 100), xlabel="mean share of the points (%)", title="Mean per question")
    axes.invert_yaxis()
    return _png(figure)


def write_reports(course: Course, assignment: str, out_dir: Path | None = None) -> dict[str, str]:
    """Write ``grades/<assignment>_grades.csv`` and ``grades/<assignment>_report.html``."""
    out_dir = Path(out_dir or course.root / "grades")
    out_dir.mkdir(parents=True, exist_ok=True)
    table, maxima = grade_table(course, assignment)
    csv_path = out_dir / f"{assignment}_grades.csv"
    table.to_csv(csv_path, index=False)

    items = table[list(maxima.index)].fillna(0)
    analysis = item_analysis(items, maxima) if len(table) >= 2 else None
    parts = [f"<h1>Grading report: {html.escape(assignment)}</h1>",
             f"<p>{len(table)} submissions; mean {table['percent'].mean():.1f}% of the points.</p>",
             "<h2>Needs a person first</h2>"]
    attention = table[(table["outcome"] == "failed") | table["needs_manual_grade"]]
    if attention.empty:
        parts.append("<p>No submission waits for manual grading.</p>")
    else:
        parts.append(attention[["student", "outcome", "needs_manual_grade", "notes"]].to_html(index=False, escape=True))
    parts.append("<h2>Score distribution per assignment</h2>")
    with Gradebook(course.db_url) as gb:
        for other in gb.assignments:
            scores = [s.score / s.max_score * 100 for s in other.submissions if s.max_score]
            if scores:
                parts.append(_distribution(pd.Series(scores), f"{other.name} ({len(scores)} trainees)"))
    if analysis is not None:
        parts += ["<h2>Mean per question</h2>", _means(analysis),
                  "<h2>Item analysis</h2>",
                  "<p>Difficulty is the mean share of the points; discrimination is the correlation "
                  "between the item and the rest of the score. Flagged: discrimination below 0.2 "
                  "(or undefined because everyone scored the same).</p>",
                  analysis.round(3).to_html(escape=True)]
    parts += ["<h2>Grades</h2>", table.to_html(index=False, escape=True)]
    html_path = out_dir / f"{assignment}_report.html"
    html_path.write_text("<!doctype html><html><head><meta charset='utf-8'><title>Grading report</title>"
                         "<style>body{font-family:sans-serif;max-width:70em;margin:auto}"
                         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>"
                         "</head><body>" + "\n".join(parts) + "</body></html>", encoding="utf-8")
    return {"grades": str(csv_path), "report": str(html_path)}
