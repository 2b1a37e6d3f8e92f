"""Unit tests of the class-grading tools: item analysis, submission checks, the sandbox command
line, control groups. Fast: no kernel is started."""

from __future__ import annotations

import copy
import os
import subprocess
import time
from pathlib import Path

import hostile
import nbformat
import numpy as np
import pandas as pd
import pytest

from grader.classgrade import cgroups
from grader.classgrade.analysis import item_analysis
from grader.classgrade.cgroups import Group
from grader.classgrade.checks import (
    prepare_submission,
    released_metadata,
    restore_metadata,
)
from grader.classgrade.sandbox import HOME, Limits, Sandbox, wrap_command

ROOT = Path(__file__).resolve().parents[1]


# --- item analysis, on a class worked by hand -------------------------------------------------
# Four trainees, items A (2 points), B (1), C (1):
#   A = 2 2 1 0   B = 1 1 0 0   C = 0 1 1 1
# difficulty: A = (1 + 1 + .5 + 0)/4 = .625, B = .5, C = .75.
# rest-of-score R_A = B + C = 1 2 1 1; deviations of A: .75 .75 -.25 -1.25, of R_A: -.25 .75 -.25 -.25
#   r_A = .75 / sqrt(2.75 * .75) = .52223
# R_B = A + C = 2 3 2 1: r_B = 1 / sqrt(1 * 2) = .70711
# R_C = A + B = 3 3 1 0: r_C = -1.25 / sqrt(.75 * 6.75) = -5/9 (flagged: below 0.2)
HAND = pd.DataFrame({"A": [2, 2, 1, 0], "B": [1, 1, 0, 0], "C": [0, 1, 1, 1]}, index=list("wxyz"))
MAXIMA = {"A": 2, "B": 1, "C": 1}


def test_item_analysis_matches_the_hand_worked_class():
    table = item_analysis(HAND, MAXIMA)
    assert table["difficulty"].tolist() == pytest.approx([0.625, 0.5, 0.75])
    assert table.loc["A", "discrimination"] == pytest.approx(0.75 / np.sqrt(2.75 * 0.75))
    assert table.loc["B", "discrimination"] == pytest.approx(1 / np.sqrt(2))
    assert table.loc["C", "discrimination"] == pytest.approx(-5 / 9)
    assert table["flagged"].tolist() == [False, False, True]
    assert table["mean_score"].tolist() == pytest.approx([1.25, 0.5, 0.75])


def test_item_analysis_agrees_with_pandas_corr_on_random_scores():
    rng = np.random.default_rng(7)
    scores = pd.DataFrame(rng.integers(0, 4, size=(30, 5)), columns=list("pqrst"))
    table = item_analysis(scores, dict.fromkeys(scores.columns, 3))
    for item in scores:
        rest = scores.drop(columns=item).sum(axis=1)
        assert table.loc[item, "discrimination"] == pytest.approx(scores[item].corr(rest))


def test_an_item_everyone_scored_the_same_on_is_flagged_not_crashed():
    scores = HAND.assign(D=[1, 1, 1, 1])
    table = item_analysis(scores, {**MAXIMA, "D": 1})
    assert np.isnan(table.loc["D", "discrimination"]) and table.loc["D", "flagged"]


@pytest.mark.parametrize("scores, maxima, word", [
    (HAND.iloc[:1], MAXIMA, "at least 2"),
    (HAND, {"A": 2, "B": 1}, "'C'"),
    (HAND, {**MAXIMA, "A": 0}, "'A'"),
    (HAND.assign(A=[3, 2, 1, 0]), MAXIMA, "'A'"),
    (HAND.assign(B=["1", "x", 0, 0]), MAXIMA, "'B'"),
])
def test_item_analysis_rejects_bad_input_naming_it(scores, maxima, word):
    with pytest.raises(ValueError, match=word):
        item_analysis(scores, maxima)
    with pytest.raises(TypeError, match="scores"):
        item_analysis(HAND.to_numpy(), MAXIMA)


# --- checks before nbgrader ----------------------------------------------------------------------
def test_restore_metadata_undoes_tampering_and_drops_duplicate_ids():
    release = hostile.source_notebook()
    nb = copy.deepcopy(release)
    nb.cells[2].metadata.nbgrader.update(points=100, grade=False)
    nb.cells.insert(3, copy.deepcopy(nb.cells[1]))  # a copied solution cell: same grade_id "add"
    changes = restore_metadata(nb, released_metadata(release))
    assert nb.cells[2].metadata.nbgrader == release.cells[2].metadata.nbgrader
    assert "nbgrader" not in nb.cells[1].metadata and nb.cells[3].metadata.nbgrader["grade_id"] == "add"
    assert any("duplicate grade_id add" in c for c in changes)
    assert any("test_add restored (grade, points)" in c for c in changes)
    stranger = copy.deepcopy(release)
    stranger.cells[1].metadata.nbgrader["grade_id"] = "made_up"
    assert any("unknown grade_id 'made_up'" in c for c in restore_metadata(stranger, released_metadata(release)))
    assert "nbgrader" not in stranger.cells[1].metadata
    assert restore_metadata(copy.deepcopy(release), released_metadata(release)) == []


def test_an_unreadable_notebook_is_set_aside(tmp_path):
    (tmp_path / "quiz.ipynb").write_text('{"cells": [ nope')
    issues = prepare_submission(tmp_path, tmp_path / "release")
    assert "not a readable notebook" in issues[0]
    assert not (tmp_path / "quiz.ipynb").exists()


# --- the sandbox command -------------------------------------------------------------------------
def _box(tmp_path, **kwargs):
    return Sandbox(uid=200_123, assignment="quiz", release_files={"data.csv": str(tmp_path / "data.csv")}, **kwargs)


def test_the_kernel_command_is_wrapped_in_bwrap_with_no_network_an_empty_environment_and_limits(tmp_path):
    box = _box(tmp_path, limits=Limits(memory_mb=1000, processes=50, tmp_mb=64))
    command = wrap_command(["python", "-m", "ipykernel_launcher"], str(tmp_path / "r"), box)
    text = " ".join(command)
    assert command[:3] == ["env", "-i", "PATH=/usr/bin:/bin"]  # not even bwrap keeps the grader's environment
    for flag in ("bwrap", "--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv",
                 f"--as={1000 * 2**20}", "--nproc=50", f"--size {64 * 2**20} --perms 1777 --tmpfs /tmp",
                 "--reuid 200123" if os.geteuid() == 0 else "prlimit"):
        assert flag in text
    # The work folder is a tmpfs holding the release files read-only: nothing the grader reads back.
    assert f"--tmpfs {HOME}" in text and f"--ro-bind {tmp_path / 'data.csv'} {HOME}/quiz/data.csv" in text
    assert "--chdir /home/trainee/quiz" in text
    assert "solutions" not in text and "gradebook" not in text and "submitted" not in text
    assert command[-3:] == ["python", "-m", "ipykernel_launcher"]


def test_the_kernel_joins_its_submissions_control_group_before_the_sandbox_starts(tmp_path):
    group = Group("t-1", 1000, 50, 1.0, sysfs=tmp_path / "cg")
    command = wrap_command(["python"], str(tmp_path / "r"), _box(tmp_path, group=group))
    script = command[command.index("-c") + 1]
    for procs in group.procs_files():
        assert f'echo $$ > "{procs}"' in script
    assert script.index("echo") < script.index("exec")


def test_a_folder_holding_the_course_is_never_mounted(tmp_path):
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    box = _box(tmp_path, readable=[str(tmp_path), str(course), str(tmp_path / "data")], protected=[str(course)])
    command = wrap_command(["python"], str(tmp_path / "r"), box)
    mounted = [command[i + 1] for i, arg in enumerate(command) if arg == "--ro-bind"]
    assert str(tmp_path / "data") in mounted
    assert str(tmp_path) not in mounted and str(course) not in mounted


def _fake_sysfs(root, version):
    if version == 2:
        root.mkdir(parents=True)
        (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
        (root / "cgroup.subtree_control").write_text("")
        (root / cgroups.PARENT).mkdir()  # on a real cgroup2 file system, mkdir makes its files
        (root / cgroups.PARENT / "cgroup.subtree_control").write_text("")
    else:
        for name in ("memory", "pids", "cpu"):
            (root / name).mkdir(parents=True)
            (root / name / "cgroup.procs").write_text("")
    return root


@pytest.mark.parametrize("version", [1, 2])
def test_a_submissions_control_group_sets_memory_processes_and_cpu_on_either_cgroup_version(tmp_path, version):
    sysfs = _fake_sysfs(tmp_path / "cg", version)
    assert cgroups.version(sysfs) == version and cgroups.missing(sysfs) is None
    group = Group("sub-1", 512, 40, 1.5, sysfs=sysfs).create()
    if version == 2:
        folder = sysfs / cgroups.PARENT / "sub-1"
        assert (folder / "memory.max").read_text() == str(512 * 2**20)
        assert (folder / "memory.swap.max").read_text() == "0"
        assert (folder / "pids.max").read_text() == "40" and (folder / "cpu.max").read_text() == "150000 100000"
        assert (sysfs / "cgroup.subtree_control").read_text() in ("+memory", "+pids", "+cpu")
    else:
        assert (sysfs / "memory" / cgroups.PARENT / "sub-1" / "memory.limit_in_bytes").read_text() == str(512 * 2**20)
        assert (sysfs / "memory" / cgroups.PARENT / "sub-1" / "memory.memsw.limit_in_bytes").read_text() == str(512 * 2**20)
        assert (sysfs / "pids" / cgroups.PARENT / "sub-1" / "pids.max").read_text() == "40"
        assert (sysfs / "cpu" / cgroups.PARENT / "sub-1" / "cpu.cfs_quota_us").read_text() == "150000"
    assert len(group.procs_files()) == (1 if version == 2 else 3)


def test_no_cgroup_controllers_means_grading_is_refused_with_the_reason(tmp_path):
    (tmp_path / "cg").mkdir()
    assert "no cgroup hierarchy" in cgroups.missing(tmp_path / "cg")


def test_a_real_control_group_caps_a_process_memory_and_is_removed_with_its_processes():
    assert cgroups.missing() is None, "grading needs root and the memory, pids and cpu cgroup controllers"
    group = Group(f"unit-{os.getpid()}", 64, 20, 1.0).create()
    join = " ".join(f'echo $$ > "{p}" &&' for p in group.procs_files())
    hog = subprocess.run(["sh", "-c", f"{join} exec python3 -c 'b = bytearray(200 * 2**20); print(len(b))'"],
                         capture_output=True, text=True)
    assert hog.returncode != 0 and "209715200" not in hog.stdout  # killed or MemoryError
    sleeper = subprocess.Popen(["sh", "-c", f"{join} exec sleep 60"])
    deadline = time.monotonic() + 5
    while sleeper.pid not in group.pids() and time.monotonic() < deadline:
        time.sleep(0.02)
    group.remove()
    assert sleeper.wait(5) == -9 and not any(folder.exists() for folder in group.folders)


def test_without_root_or_control_groups_untrusted_work_is_refused_with_the_reason(tmp_path, monkeypatch):
    from grader.classgrade import Course, grade_class, sandbox

    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    assert any("root" in reason for reason in sandbox.missing())
    hostile.build_course(tmp_path)
    hostile.write_normal_class(tmp_path, nbformat.read(str(tmp_path / "exercises" / "quiz" / "quiz.ipynb"), as_version=4),
                               ["alice"])
    with pytest.raises(RuntimeError, match="refusing to grade untrusted work: the sandbox needs root"):
        grade_class(Course.open(tmp_path), "quiz")
    monkeypatch.setattr(sandbox.cgroups, "missing", lambda: "no cgroup hierarchy with the memory, pids and cpu "
                                                            "controllers is mounted")
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 0)
    assert sandbox.missing() == ["no cgroup hierarchy with the memory, pids and cpu controllers is mounted"]


def test_the_graders_sockets_cap_message_size_and_queue_length():
    import zmq

    from grader.classgrade.sandbox import MAX_MESSAGE, RECEIVE_QUEUE, CappedKernelClient

    context = CappedKernelClient().context
    try:
        assert context.getsockopt(zmq.MAXMSGSIZE) == MAX_MESSAGE and context.getsockopt(zmq.RCVHWM) == RECEIVE_QUEUE
    finally:
        context.destroy()


# --- the gradebook's schema version, read without nbgrader's subprocess ---------------------------
def test_the_gradebook_version_is_what_nbgrader_asks_alembic_for():
    import sys

    import nbgrader.api
    from nbgrader.dbutil import _temp_alembic_ini

    from grader.classgrade import gradebook_version

    with _temp_alembic_ini("sqlite:///gradebook.db") as ini:  # what nbgrader's own lookup runs
        printed = subprocess.run([str(Path(sys.executable).parent / "alembic"), "-c", ini, "heads"],
                                 capture_output=True, text=True, check=True).stdout
    assert gradebook_version.alembic_head() == printed.split()[0]
    assert nbgrader.api.get_alembic_version is gradebook_version.alembic_head  # installed by grader.classgrade


def test_a_new_gradebook_is_stamped_with_that_version(tmp_path):
    from nbgrader.api import Gradebook
    from sqlalchemy import create_engine, text

    from grader.classgrade import gradebook_version

    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}"):
        pass
    with create_engine(f"sqlite:///{tmp_path / 'gradebook.db'}").connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalar() == gradebook_version.alembic_head()
