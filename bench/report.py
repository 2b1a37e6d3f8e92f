"""Write one section of BENCHMARKS.md, leaving the others as they are."""

from __future__ import annotations

import re
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def write_section(section: str, report: Path = REPORT) -> None:
    """Replace the section of the report whose ``## Title`` line starts ``section`` (or append it)."""
    title = section.splitlines()[0]
    if not title.startswith("## "):
        raise ValueError(f"section must start with a '## Title' line, got {title!r}")
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    section = section.strip() + "\n"
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    report.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
