"""Checks run on a submission before nbgrader sees it, each giving a defined outcome.

- a notebook that is not valid JSON (or not a notebook) is set aside: nbgrader then treats it as
  not submitted, so its autograded cells score 0, and the report flags it;
- nbgrader metadata a trainee edited (points, the grade/solution/locked flags, checksums) is put
  back from the released version, so a test cell cannot be turned into an ungraded one;
- of the cells sharing a grade_id only the last keeps it (as nbgrader's DeduplicateIds does,
  without the empty metadata that then makes nbgrader's OverwriteCells fail).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

PROTECTED = ("grade", "solution", "locked", "task", "points", "grade_id", "checksum", "cell_type", "schema_version")


def read_notebook(path: Path) -> NotebookNode | None:
    """The notebook at ``path``, or None when it is not a readable notebook."""
    try:
        nb = nbformat.read(str(path), as_version=4)
        if not isinstance(nb.get("cells"), list):
            return None
        return nb
    except Exception:  # any parse error means the same outcome: not gradable
        return None


def released_metadata(release_nb: NotebookNode) -> dict[str, dict]:
    """grade_id → the nbgrader metadata the trainee received."""
    return {
        cell.metadata["nbgrader"]["grade_id"]: dict(cell.metadata["nbgrader"])
        for cell in release_nb.cells
        if "grade_id" in cell.metadata.get("nbgrader", {})
    }


def restore_metadata(nb: NotebookNode, released: dict[str, dict]) -> list[str]:
    """Put back the released nbgrader metadata of every known cell; return what was changed."""
    changes = []
    last = {cell.metadata["nbgrader"].get("grade_id"): i for i, cell in enumerate(nb.cells)
            if isinstance(cell.metadata.get("nbgrader"), dict) and isinstance(cell.metadata["nbgrader"].get("grade_id"), str)}
    for index, cell in enumerate(nb.cells):
        if "nbgrader" not in cell.metadata:
            continue
        meta = cell.metadata["nbgrader"]
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(grade_id, str) or not grade_id:
            # nbgrader metadata with no id of its own makes nbgrader fail: an ordinary cell.
            changes.append("nbgrader metadata without a grade_id: graded as an ordinary cell")
            del cell.metadata["nbgrader"]
            continue
        if last[grade_id] != index:
            # nbgrader keeps the last copy too, but leaves an empty metadata dict that makes
            # OverwriteCells fail (KeyError 'grade_id'): drop the key entirely.
            changes.append(f"duplicate grade_id {grade_id}: an earlier copy is graded as an ordinary cell")
            del cell.metadata["nbgrader"]
            continue
        original = released.get(grade_id)
        if original is None:
            # Not a cell of the release: an ordinary cell, whatever its metadata claims.
            changes.append(f"unknown grade_id {str(grade_id)[:60]!r}: graded as an ordinary cell")
            del cell.metadata["nbgrader"]
            continue
        tampered = sorted(k for k in PROTECTED if meta.get(k) != original.get(k))
        if tampered:
            changes.append(f"metadata of {grade_id} restored ({', '.join(tampered)})")
            cell.metadata["nbgrader"] = dict(original)
    return changes


@lru_cache(maxsize=16)
def _released(path: str) -> dict[str, dict]:
    """The released metadata, read once per worker (every submission is checked against it)."""
    return released_metadata(nbformat.read(path, as_version=4))


def prepare_submission(folder: Path, release_folder: Path) -> list[str]:
    """Check every notebook of one submission in place; return the issues found."""
    issues = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = read_notebook(path)
        if nb is None:
            issues.append(f"{path.name}: not a readable notebook, graded as not submitted")
            path.rename(path.with_suffix(".ipynb.unreadable"))
            continue
        release = release_folder / path.name
        if release.exists():
            changes = restore_metadata(nb, _released(str(release)))
            if changes:
                issues += [f"{path.name}: {change}" for change in changes]
                nbformat.write(nb, str(path))
    return issues
