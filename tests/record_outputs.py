"""Record what the cells a lesson quotes print, so that a run that prints anything else fails.

A code cell whose printed result the text quotes carries the cell tag ``nbval-check-output``.
Notebooks are stored without outputs and nbval compares a cell only against stored outputs, so
what those cells print is kept in ``tests/quoted_outputs/`` instead: one JSON file per notebook
(``<folder>__<name>.json``, cell id → its outputs). ``conftest.py`` hands them to nbval before it
runs a tagged cell, and nbval fails the cell if the run prints anything else.

After a change that is meant to move a quoted number (and the text that quotes it), record anew
and commit the JSON with the notebook, so that the diff shows exactly which numbers moved:

    .venv/bin/python tests/record_outputs.py notebooks/10_customer_value_account_management.ipynb
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbclient
import nbformat
from nbval.plugin import coalesce_streams
from notebook_checks import QUOTED_TAG, ROOT, UnixSocketKernelManager, quoted_file

# What a reader compares; pictures and live widgets are not quoted numbers.
KEPT = ("text/plain", "text/html")


def _plain(output: dict) -> dict:
    if output["output_type"] == "stream":
        return {"output_type": "stream", "name": output["name"], "text": output["text"]}
    data = {key: value for key, value in output.get("data", {}).items() if key in KEPT}
    return {"output_type": output["output_type"], "data": data, "metadata": {}}


def record(path: Path) -> Path:
    """Run the notebook as nbval does and write what its tagged cells printed."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     kernel_manager_class=UnixSocketKernelManager,  # as nbval runs it
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    quoted = [cell for cell in notebook.cells
              if cell.cell_type == "code" and QUOTED_TAG in cell.metadata.get("tags", [])]
    # Streams joined as nbval joins them before it compares, so that a record does not depend on
    # how the kernel happened to split what a cell printed.
    outputs = {cell["id"]: [_plain(o) for o in coalesce_streams(cell["outputs"])] for cell in quoted}
    file = quoted_file(path)
    if outputs:
        file.write_text(json.dumps(outputs, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    elif file.exists():
        file.unlink()
    return file


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(record(Path(name).resolve()).relative_to(ROOT))
