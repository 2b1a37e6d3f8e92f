"""Collecting a class's submissions without losing anybody, and reading them as untrusted data.

- **Ids.** A trainee id may hold any character. ``folder_name`` maps it to a safe folder name
  (which nbgrader then uses as the student id) and ``student_id`` maps it back: plain ids stay as
  they are; others are percent-encoded behind a ``~``; very long ones become ``~h`` and a hash,
  kept in the course's id table. Ids are never split at ``_``.
- **Zips.** Members named ``<id>.ipynb`` (a one-notebook assignment), ``<id>/<notebook>.ipynb``
  or ``<id>/<assignment>/<notebook>.ipynb``. A bad member (unsafe name, a link, a damaged or
  oversized entry, a file that is not a notebook of the assignment) is skipped and reported; two
  members for one trainee's notebook are an error for that trainee, reported; nobody else is
  touched.
- **Reading.** Only the assignment's notebook names are looked up, each opened without following
  links and without blocking (a named pipe is refused, not waited on), regular files only, with
  caps on size. A trainee's own ``timestamp.txt`` is never read.
- **Time.** The submission time is the collector's: when the kit first received these exact
  files (``Ledger``), which a trainee cannot set.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

MAX_NOTEBOOK_BYTES = 20 * 2**20
MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 4 * 2**30
_PLAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_@+-]|\.(?!\.)){0,99}")
ID_TABLE = "student_ids.json"


# --- ids ------------------------------------------------------------------------------------

def folder_name(student: str, table: dict[str, str] | None = None) -> str:
    """The safe folder name (and nbgrader id) of trainee id ``student``. A hashed name is added
    to ``table`` (folder -> id) so that ``student_id`` can map it back."""
    if not isinstance(student, str) or not student:
        raise ValueError("a trainee id must be a non-empty text")
    if _PLAIN.fullmatch(student) and not student.endswith("."):
        return student
    encoded = "~" + quote(student, safe="").replace(".", "%2E").replace("~", "%7E")
    if len(encoded) <= 120:
        return encoded
    hashed = "~h" + hashlib.sha256(student.encode("utf-8")).hexdigest()[:40]
    if table is not None:
        table[hashed] = student
    return hashed


def student_id(folder: str, table: dict[str, str] | None = None) -> str:
    """The trainee id a folder name stands for (``folder_name`` reversed)."""
    if folder.startswith("~h") and table and folder in table:
        return table[folder]
    if folder.startswith("~"):
        return unquote(folder[1:])
    return folder


def load_table(state_dir: Path) -> dict[str, str]:
    path = Path(state_dir) / ID_TABLE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def save_table(state_dir: Path, table: dict[str, str]) -> None:
    if table:
        Path(state_dir).mkdir(parents=True, exist_ok=True)
        _atomic_write(Path(state_dir) / ID_TABLE, json.dumps(table, ensure_ascii=False, indent=1).encode())


# --- reading untrusted files -------------------------------------------------------------------

class Refused(ValueError):
    """A file that is not taken: a link, not a regular file, too large, unreadable."""


def read_regular(path: Path, limit: int = MAX_NOTEBOOK_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link) of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused(f"{path.name} is a link, not a file") from None
        raise Refused(f"{path.name} cannot be opened ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise Refused(f"{path.name} is larger than {limit // 2**20} MB")
        data = _read_capped(lambda: os.read(fd, 1 << 20), limit)
        if data is None:
            raise Refused(f"{path.name} is larger than {limit // 2**20} MB")
        return data
    finally:
        os.close(fd)


def _read_capped(read, limit: int) -> bytes | None:
    """All that ``read()`` gives, piece by piece, or None once it passes ``limit`` bytes (so that a
    size that lies, in a zip header or a growing file, cannot make it larger)."""
    chunks, size = [], 0
    while chunk := read():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def read_submission(folder: Path, notebooks: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """The notebooks of one submission folder (name.ipynb -> bytes), and the problems met.

    ``folder`` and every notebook must be real (no links); nothing else in it is looked at."""
    files, problems = {}, []
    if not _is_real_dir(folder) or not _is_real_dir(folder.parent):
        return files, [f"{folder.name} is not a folder (a link?): nothing taken"]
    for name in notebooks:
        path = folder / f"{name}.ipynb"
        if not os.path.lexists(path):
            continue
        try:
            files[path.name] = read_regular(path)
        except Refused as error:
            problems.append(str(error))
    return files, problems


# --- zips ----------------------------------------------------------------------------------

@dataclass
class Collection:
    """What collecting found: trainee folder -> {notebook file: bytes}; problems per trainee
    folder (or ``""`` for the archive as a whole); trainees with conflicting members."""

    files: dict[str, dict[str, bytes]] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    conflicts: dict[str, str] = field(default_factory=dict)

    def note(self, who: str, text: str) -> None:
        self.problems.setdefault(who, []).append(text)


def _member_target(name: str, assignment: str, notebooks: list[str]) -> tuple[str, str] | None:
    """(trainee id, notebook file) of a member name, or None when it is not a notebook of this
    assignment."""
    path = PurePosixPath(name)
    parts = list(path.parts)
    if len(parts) == 1:
        if len(notebooks) == 1 and path.suffix == ".ipynb" and len(path.stem) > 0:
            return path.stem, f"{notebooks[0]}.ipynb"
        return None
    if len(parts) == 3 and parts[1] == assignment:
        parts = [parts[0], parts[2]]
    if len(parts) == 2 and parts[1].endswith(".ipynb") and parts[1][:-6] in notebooks:
        return parts[0], parts[1]
    return None


def read_zip(archive: Path, assignment: str, notebooks: list[str], table: dict[str, str]) -> Collection:
    """Read a zip of submissions (see the module docstring); never raises for one bad member."""
    found = Collection()
    sources: dict[tuple[str, str], str] = {}
    try:
        zipped = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as error:
        found.note("", f"{Path(archive).name} is not a readable zip ({error})")
        return found
    total = 0
    with zipped:
        members = zipped.infolist()
        if len(members) > MAX_MEMBERS:
            found.note("", f"the archive has {len(members)} members; only the first {MAX_MEMBERS} were read")
            members = members[:MAX_MEMBERS]
        for info in members:
            name = info.filename
            if info.is_dir() or "__MACOSX" in name.split("/") or PurePosixPath(name).name.startswith("."):
                continue
            shown = name[:120].encode("unicode_escape").decode("ascii")
            if ("\\" in name or "\x00" in name or name.startswith("/") or ".." in PurePosixPath(name).parts
                    or re.match(r"^[A-Za-z]:", name)):
                found.note("", f"member {shown!r}: unsafe name, skipped")
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                found.note("", f"member {shown!r}: a link, skipped")
                continue
            target = _member_target(name, assignment, notebooks)
            if target is None:
                found.note("", f"member {shown!r}: not a notebook of {assignment}, skipped")
                continue
            student, notebook = target
            try:
                folder = folder_name(student, table)
            except ValueError as error:
                found.note("", f"member {shown!r}: {error}, skipped")
                continue
            if info.file_size > MAX_NOTEBOOK_BYTES or total + info.file_size > MAX_TOTAL_BYTES:
                found.note(folder, f"member {shown!r}: larger than {MAX_NOTEBOOK_BYTES // 2**20} MB "
                                   "uncompressed (a zip bomb?), refused")
                continue
            try:
                data = _read_member(zipped, info)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError, EOFError) as error:
                found.note(folder, f"member {shown!r}: cannot be read ({type(error).__name__}: {error}), skipped")
                continue
            total += len(data)
            key = (folder, notebook)
            if key in sources:
                found.conflicts[folder] = (f"two files for {student!r}'s {notebook}: {sources[key]!r} and {shown!r}; "
                                           "keep one and collect again")
                continue
            sources[key] = shown
            found.files.setdefault(folder, {})[notebook] = data
    for folder in found.conflicts:
        found.files.pop(folder, None)
    return found


def _read_member(zipped: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, within the cap whatever its header says."""
    with zipped.open(info) as member:
        data = _read_capped(lambda: member.read(1 << 20), MAX_NOTEBOOK_BYTES)
    if data is None:
        raise ValueError(f"more than {MAX_NOTEBOOK_BYTES // 2**20} MB uncompressed")
    return data


# --- writing and the time of receipt -----------------------------------------------------------

def fingerprint(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def write_submission(folder: Path, files: dict[str, bytes]) -> None:
    """Replace ``folder`` with exactly ``files`` (regular files, written by the kit)."""
    import shutil

    staging = folder.with_name(folder.name + ".incoming")
    if os.path.lexists(staging):
        shutil.rmtree(staging) if _is_real_dir(staging) else os.unlink(staging)
    staging.mkdir(parents=True)
    for name, data in files.items():
        (staging / name).write_bytes(data)
    if os.path.lexists(folder):
        shutil.rmtree(folder) if _is_real_dir(folder) else os.unlink(folder)
    staging.rename(folder)


class Ledger:
    """When the kit first received each trainee's files: ``received.json`` in the pipeline's own
    records. The same files collected again keep their first time; changed files get a new one."""

    def __init__(self, state_dir: Path):
        self.path = Path(state_dir) / "received.json"
        self.entries = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}

    def received(self, folder: str, files: dict[str, bytes], now: datetime | None = None) -> str:
        """The receipt time of these files (nbgrader's timestamp format), recording it if new."""
        digest = fingerprint(files)
        entry = self.entries.get(folder)
        if entry is None or entry.get("fingerprint") != digest:
            stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
            entry = self.entries[folder] = {"fingerprint": digest, "received": stamp}
        return entry["received"]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(self.path, json.dumps(self.entries, indent=1, sort_keys=True).encode())


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)
