"""What may be shown of a trainee's notebook: an allowlist, applied to every output the kernel
sends and to every cell the trainee could write, so that what an instructor opens in formgrader
(and what the trainee gets back as feedback) holds no active content.

- Outputs: text streams, errors (as text), and results or displays reduced to ``text/plain``,
  ``image/png`` and ``image/jpeg`` (checked to be what they say, base64 included). No HTML, no
  JavaScript, no SVG, no widget views, no output metadata, no display updates.
- Markdown the trainee wrote: its HTML is shown as text (``<``, ``>`` and ``&`` escaped), and
  no link or image can form (every ``[`` is escaped, so no ``javascript:`` target and no
  reference to a dropped attachment); MathJax commands that make links, load code or add HTML
  attributes become ``\\text``. Raw cells become such Markdown. Attachments are dropped.
- Notebook metadata: only a fixed kernelspec and language name (the kernel's own reply is not
  taken: it comes from the sandbox).
"""

from __future__ import annotations

import base64
import binascii
import re

import nbformat
from nbformat.notebooknode import NotebookNode

MAX_TEXT = 200_000       # characters of one text output
MAX_IMAGE = 3_000_000    # characters of one base64 image
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_MATHJAX = re.compile(r"\\(href|url|require|class|cssId|style|unicode|html\w*|data|mmlToken|bbox)\b")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _text(value, limit: int = MAX_TEXT) -> str:
    if isinstance(value, list):
        value = "".join(str(v) for v in value)
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit] + f"\n[output cut at {limit} characters]\n"


def _image(mime: str, value) -> str | None:
    if isinstance(value, list):
        value = "".join(str(v) for v in value)
    if not isinstance(value, str) or len(value) > MAX_IMAGE or not _BASE64.match(value):
        return None
    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return base64.b64encode(raw).decode("ascii") if raw.startswith(_MAGIC[mime]) else None


def clean_output(output) -> NotebookNode | None:
    """The shown form of one output, or None when nothing of it may be shown."""
    kind = output.get("output_type")
    if kind == "stream":
        name = output.get("name") if output.get("name") in ("stdout", "stderr") else "stdout"
        return nbformat.v4.new_output("stream", name=name, text=_text(output.get("text", "")))
    if kind == "error":
        traceback = output.get("traceback") or []
        traceback = [_text(line, 5000) for line in traceback[:200]] if isinstance(traceback, list) else []
        return nbformat.v4.new_output("error", ename=_text(output.get("ename", ""), 200),
                                      evalue=_text(output.get("evalue", ""), 5000), traceback=traceback)
    if kind in ("execute_result", "display_data"):
        data = output.get("data") or {}
        kept = {}
        if not isinstance(data, dict):
            return None
        if "text/plain" in data:
            kept["text/plain"] = _text(data["text/plain"])
        for mime in ("image/png", "image/jpeg"):
            if mime in data:
                image = _image(mime, data[mime])
                if image:
                    kept[mime] = image
        if not kept:
            return None
        if kind == "execute_result":
            count = output.get("execution_count")
            return nbformat.v4.new_output("execute_result", data=kept,
                                          execution_count=count if isinstance(count, int) else None)
        return nbformat.v4.new_output("display_data", data=kept)
    return None  # update_display_data, clear_output and anything unknown


def clean_markdown(text: str) -> str:
    """Markdown a trainee wrote, made inert (see the module docstring) and still readable."""
    text = _text(text, 100_000)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # No link or image can form: every "[" is escaped (the text still reads "[label](target)").
    text = text.replace("[", "\\[")
    return _MATHJAX.sub(r"\\text", text)


def clean_notebook(nb: NotebookNode, trusted: dict[str, str] | None = None) -> NotebookNode:
    """``nb`` with every cell and output through the allowlist, in place. ``trusted``: grade_id ->
    source of the instructor's read-only cells, which are kept as written when unchanged."""
    trusted = trusted or {}
    cells = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        kept_meta = {"nbgrader": dict(meta)} if isinstance(meta, dict) else {}
        source = _text(cell.get("source", ""), 500_000)
        if cell.get("cell_type") == "code":
            new = nbformat.v4.new_code_cell(source, metadata=kept_meta)
            new.outputs = [out for out in (clean_output(o) for o in cell.get("outputs", [])) if out is not None]
            count = cell.get("execution_count")
            new.execution_count = count if isinstance(count, int) else None
        elif grade_id in trusted and trusted[grade_id] == source:
            new = nbformat.v4.new_markdown_cell(source, metadata=kept_meta)
        else:
            if cell.get("cell_type") == "raw":
                source = "(a raw cell, shown as text)\n\n" + source
            new = nbformat.v4.new_markdown_cell(clean_markdown(source), metadata=kept_meta)
        if "id" in cell and isinstance(cell["id"], str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", cell["id"]):
            new["id"] = cell["id"]
        cells.append(new)
    nb.cells = cells
    nb.metadata = nbformat.from_dict({"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}})
    return nb
