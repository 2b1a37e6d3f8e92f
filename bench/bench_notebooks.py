"""How long each notebook takes to run, against the floor: starting a kernel and importing the libraries.

    python bench/bench_notebooks.py            # every notebook of notebooks/, cases/, solutions/
    python bench/bench_notebooks.py notebooks/07_satisfaction_measurement.ipynb
    python bench/bench_notebooks.py solutions/*/*.ipynb --repeat 3 --section Solutions

Each notebook is executed by nbclient (the engine under nbval) in a fresh kernel, best of
``--repeat`` runs. Two floors: the common one, a notebook that only imports what every lesson
imports; and each notebook's own, a fresh kernel importing every library module the notebook
had imported when it finished (what ``sys.modules`` held, the kit's own modules left out), so
that a lesson that needs scikit-learn is measured against a kernel that has imported
scikit-learn. The ratio is the run over its own floor. The table goes to the ``## Notebooks``
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
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
# A solution asks whose data it works on; the bench answers as the tests do (one fixed trainee).
os.environ.setdefault("SERVICEKIT_TRAINEE_ID", "trainee01")
FLOOR_IMPORTS = (
    "import matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\nimport ipywidgets\n"
    "from servicekit import data, metrics\nfrom servicekit.widgets import quiz"
)


# Run last (after the clock stops): the library modules the notebook's kernel has imported.
LIBRARIES_CELL = (
    "import json as _json, sys as _sys\n"
    "print(_json.dumps(sorted(name for name in _sys.modules if not name.startswith(('servicekit', '__main__')))))"
)


def run(notebook, cwd: Path) -> tuple[float, list[str]]:
    """Seconds to execute ``notebook`` in a fresh kernel, and the modules it left imported."""
    probe = nbformat.v4.new_code_cell(LIBRARIES_CELL)
    cells = list(notebook.cells)
    notebook.cells.append(probe)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()  # the kernel's start counts: nbval starts one per notebook
    with client.setup_kernel():
        for index, cell in enumerate(cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        client.execute_cell(probe, len(cells))
    modules = json.loads(next(o["text"] for o in probe.outputs if o.get("name") == "stdout"))
    return seconds, modules


def floor(modules: list[str] = ()) -> float:
    """A fresh kernel importing what every lesson imports, and ``modules``."""
    code = FLOOR_IMPORTS
    if modules:
        code += ("\nimport importlib\nfor name in " + repr(list(modules)) + ":\n"
                 "    try:\n        importlib.import_module(name)\n    except Exception:\n        pass")
    return run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), ROOT / "notebooks")[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--section", default="Notebooks",
                        help="the section of BENCHMARKS.md the table goes to (Solutions for solutions/*/*.ipynb)")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(p for folder in ("notebooks", "cases", "solutions")
                                 for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    base = min(floor() for _ in range(args.repeat))
    rows = []
    for path in paths:
        path = path.resolve()
        runs = [run(nbformat.read(path, as_version=4), path.parent) for _ in range(args.repeat)]
        seconds, modules = min(runs)
        own = min(floor(modules) for _ in range(args.repeat))
        rows.append((path.relative_to(ROOT), seconds, own))
        print(f"{seconds:6.1f} s  (+{seconds - base:5.1f})  own floor {own:4.1f} s  x{seconds / own:4.2f}  "
              f"{path.relative_to(ROOT)}", flush=True)
    lines = [
        "Produced by `python bench/bench_notebooks.py` (best of "
        f"{args.repeat} runs, each in a fresh kernel, executed by nbclient as nbval does).",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"**Floor** (start a kernel, import pandas, matplotlib, ipywidgets and servicekit): **{base:.1f} s**.",
        "",
        "Its **own floor**: a fresh kernel that imports those and every library module the notebook had",
        "imported when it finished (scikit-learn for segmentation, SciPy's optimisers for the models).",
        "",
        "| notebook | run (s) | above the floor (s) | own floor (s) | run ÷ own floor |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| `{path}` | {seconds:.1f} | {seconds - base:+.1f} | {own:.1f} | {seconds / own:.2f} |"
              for path, seconds, own in rows]
    total = sum(seconds for _, seconds, _ in rows)
    lines += ["", f"{len(rows)} notebooks, {total:.0f} s in all (one after another)."]
    write_section(f"## {args.section}\n\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
