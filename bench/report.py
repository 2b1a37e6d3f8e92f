"""Write one section of BENCHMARKS.md, leaving the others as they are; describe the machine."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def machine() -> str:
    """The machine a benchmark ran on, for its section: cores, Python, NumPy and pandas versions."""
    import numpy as np
    import pandas as pd

    return (f"{os.cpu_count()} CPU cores (shared with other jobs), Python {platform.python_version()}, "
            f"NumPy {np.__version__}, pandas {pd.__version__}")


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
