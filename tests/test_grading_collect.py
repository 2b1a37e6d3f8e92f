"""``collect``: any trainee id maps to a safe folder and back; a zip or a folder of submissions is
read as untrusted data, one bad member costing only itself; the time of receipt is the kit's."""

from __future__ import annotations

import os
import threading
import zipfile
from datetime import datetime, timezone

import pytest

from grader.classgrade import collect

IDS = ["alice", "alice_smith", "alice_jones", "a.b", "Zhang-3", "li@example.org", "alice smith", "[bracket]",
       "*", "new\nline", "..", ".hidden", "~tilde", "%41", "张伟", "x" * 250, "y" * 250, "a/b", "a\\b", "a."]


@pytest.mark.parametrize("student", IDS)
def test_every_id_maps_to_a_safe_folder_and_back(student):
    table = {}
    folder = collect.folder_name(student, table)
    assert collect.student_id(folder, table) == student
    assert len(folder) <= 128 and "/" not in folder and "\n" not in folder and folder not in (".", "..")
    assert not folder.startswith(".") and not set("[]*?\\") & set(folder)


def test_no_two_ids_share_a_folder():
    table = {}
    folders = [collect.folder_name(student, table) for student in IDS]
    assert len(set(folders)) == len(IDS)
    assert collect.folder_name("alice_smith") == "alice_smith"  # never split at "_"


def _zip(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def test_a_zip_keeps_every_good_member_and_reports_each_bad_one(tmp_path):
    archive = _zip(tmp_path / "class.zip", {
        "alice_smith.ipynb": b"{1}", "alice_jones.ipynb": b"{2}", "ben/quiz.ipynb": b"{3}",
        "cara/quiz/quiz.ipynb": b"{4}", "cara/quiz/timestamp.txt": b"2020-01-01 00:00:00",
        "../evil/quiz.ipynb": b"x", "/abs.ipynb": b"x", "dan/notes.txt": b"x", "__MACOSX/._x.ipynb": b"x",
        "eve/quiz.ipynb": b"{5}", "eve.ipynb": b"{6}",
    })
    found = collect.read_zip(archive, "quiz", ["quiz"], {})
    assert sorted(found.files) == ["alice_jones", "alice_smith", "ben", "cara"]
    assert found.files["alice_smith"] == {"quiz.ipynb": b"{1}"} and found.files["cara"] == {"quiz.ipynb": b"{4}"}
    archive_notes = " | ".join(found.problems[""])
    assert "unsafe name" in archive_notes and "not a notebook of quiz" in archive_notes
    assert "two files for 'eve'" in found.conflicts["eve"]


def test_a_zip_bomb_member_is_refused_and_the_others_are_kept(tmp_path):
    archive = _zip(tmp_path / "bomb.zip", {"bomb.ipynb": b"\0" * (collect.MAX_NOTEBOOK_BYTES + 1), "ok.ipynb": b"{}"})
    assert os.path.getsize(archive) < 100_000
    found = collect.read_zip(archive, "quiz", ["quiz"], {})
    assert list(found.files) == ["ok"] and "zip bomb" in found.problems["bomb"][0]


def test_a_damaged_zip_or_member_is_reported_not_raised(tmp_path):
    (tmp_path / "not.zip").write_bytes(b"PK\3\4 garbage")
    assert "not a readable zip" in collect.read_zip(tmp_path / "not.zip", "quiz", ["quiz"], {}).problems[""][0]
    archive = _zip(tmp_path / "crc.zip", {"a.ipynb": os.urandom(5000), "b.ipynb": b"{}"})
    data = bytearray(archive.read_bytes())
    data[2000:2010] = b"XXXXXXXXXX"  # inside a's compressed bytes
    archive.write_bytes(bytes(data))
    found = collect.read_zip(archive, "quiz", ["quiz"], {})
    assert "b" in found.files and "cannot be read" in found.problems["a"][0]


def test_a_submission_folder_gives_only_its_regular_notebooks(tmp_path):
    folder = tmp_path / "sub" / "quiz"
    folder.mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("gradebook")
    (folder / "quiz.ipynb").symlink_to(tmp_path / "secret.txt")
    files, problems = collect.read_submission(folder, ["quiz"])
    assert files == {} and "a link" in problems[0]
    (folder / "quiz.ipynb").unlink()
    os.mkfifo(folder / "quiz.ipynb")  # a named pipe must be refused, not waited on
    done = []
    reader = threading.Thread(target=lambda: done.append(collect.read_submission(folder, ["quiz"])), daemon=True)
    reader.start()
    reader.join(5)
    assert done and done[0][0] == {} and "not a regular file" in done[0][1][0]
    (folder / "quiz.ipynb").unlink()
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "quiz.ipynb").write_bytes(b"{}")
    (folder / "timestamp.txt").write_text("1999-01-01 00:00:00")
    assert collect.read_submission(folder, ["quiz"]) == ({"quiz.ipynb": b"{}"}, [])


def test_a_folder_that_is_a_link_gives_nothing(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "quiz.ipynb").write_bytes(b"{}")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    assert collect.read_submission(tmp_path / "linked", ["quiz"])[0] == {}


def test_the_time_of_receipt_is_the_first_time_the_kit_saw_these_files(tmp_path):
    ledger = collect.Ledger(tmp_path)
    first = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    assert ledger.received("ana", {"quiz.ipynb": b"{}"}, now=first) == "2026-11-30 09:00:00.000000 UTC"
    ledger.save()
    again = collect.Ledger(tmp_path)
    later = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
    assert again.received("ana", {"quiz.ipynb": b"{}"}, now=later) == "2026-11-30 09:00:00.000000 UTC"
    assert again.received("ana", {"quiz.ipynb": b"{changed}"}, now=later) == "2026-12-05 09:00:00.000000 UTC"
