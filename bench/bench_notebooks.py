"""How long each notebook takes to run, against the floor: starting a kernel and importing the libraries.

    python bench/bench_notebooks.py            # every notebook of notebooks/, cases/, solutions/
    python bench/bench_notebooks.py notebooks/07_satisfaction_measurement.ipynb

Each notebook is executed by nbclient (the engine under nbval) in a fresh kernel, best of
``--repeat`` runs. The floor is a notebook that only imports what every lesson imports. The
table goes to the ``## Notebooks`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLOOR_IMPORTS = (
    "import matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\nimport ipywidgets\n"
    "from servicekit import data, metrics\nfrom servicekit.widgets import quiz"
)


def run(notebook, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def floor() -> float:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_IMPORTS)])
    return run(notebook, ROOT / "notebooks")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    paths = args.paths or sorted(p for folder in ("notebooks", "cases", "solutions")
                                 for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    base = min(floor() for _ in range(args.repeat))
    rows = []
    for path in paths:
        path = path.resolve()
        seconds = min(run(nbformat.read(path, as_version=4), path.parent) for _ in range(args.repeat))
        rows.append((path.relative_to(ROOT), seconds))
        print(f"{seconds:6.1f} s  (+{seconds - base:5.1f})  {path.relative_to(ROOT)}", flush=True)
    lines = [
        "Produced by `python bench/bench_notebooks.py` (best of "
        f"{args.repeat} runs, each in a fresh kernel, executed by nbclient as nbval does).",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"**Floor** (start a kernel, import pandas, matplotlib, ipywidgets and servicekit): **{base:.1f} s**.",
        "",
        "| notebook | run (s) | above the floor (s) |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| `{path}` | {seconds:.1f} | {seconds - base:+.1f} |" for path, seconds in rows]
    total = sum(seconds for _, seconds in rows)
    lines += ["", f"{len(rows)} notebooks, {total:.0f} s in all (one after another)."]
    write_section("## Notebooks\n\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
