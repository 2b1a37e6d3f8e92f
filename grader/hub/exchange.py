"""nbgrader's collect, taking a submission as a trainee's only when that trainee's account made it,
and taking only the files that account wrote.

nbgrader names each submission in the exchange's inbound folder ``<student>+<assignment>+<time>+<random>``,
and that name is the trainee's to choose: ``nbgrader submit --student <someone else>`` files a
submission under another trainee's name, with a later time, and plain ``nbgrader collect`` would
take it as theirs (it only logs a warning). On one machine the owner of the submission's folder is
the account that made it, which no trainee can change. This collect keeps, for each trainee, only
the folders that trainee's account owns (real folders, no links), and logs every other one as
refused; among those it picks the latest as nbgrader does. The id graded is the folder's owner,
never a name a notebook or a trainee gives.

nbgrader's copy follows links, with the collecting account's rights: a trainee whose submission's
notebook is a link to the course's solution would hand that in (and see it in the feedback). This
collect copies only regular files and folders that the submitting account owns, opened without
following links, within nbgrader's size limits; anything else is refused and logged.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
import pwd
import stat
from collections import defaultdict

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.abc.exchange import ExchangeError
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import check_mode


def owner_name(path: str) -> str | None:
    """The account that owns ``path``, if it is a real folder (not a link); None otherwise."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    try:
        return pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        return None


class OwnerCheckedCollect(ExchangeCollect):
    """``nbgrader collect`` that refuses submissions filed under another account's name, and
    files the submitting account did not write."""

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        student_id = self.coursedir.student_id or "*"
        pattern = os.path.join(self.inbound_path, f"{student_id}+{self.coursedir.assignment_id}+*")
        by_student = defaultdict(list)
        for path in glob.glob(pattern):
            try:
                record = self._path_to_record(path)
            except (ExchangeError, ValueError):  # a name nbgrader cannot read (no time in it)
                self.log.error("Refused %s: not a submission's name", path)
                continue
            owner = owner_name(path)
            if owner != record["username"]:
                self.log.error("Refused %s: filed under the name %s by the account %s", path,
                               record["username"], owner)
                continue
            by_student[record["username"]].append(record)

        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for records in by_student.values():
            records = self._sort_by_timestamp(records)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in records if r["timestamp"] <= self.duedate]
                records = on_time or records
            self.src_records.append(records[0])

    def do_copy(self, src, dest, log=None):
        """Copy the submission ``src`` to ``dest``: the submitting account's own regular files
        and folders only, none through a link (see the module's docstring)."""
        try:
            top = os.open(src, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:  # made a link since it was listed: nothing of it is taken
            self._refuse(src, "not a folder")
            return
        try:
            owner = os.fstat(top).st_uid
            if owner_name(src) != os.path.basename(src).rsplit("+", 3)[0] or os.lstat(src).st_uid != owner:
                self._refuse(src, "no longer the named account's folder")
                return
            budget = [1000 * self.coursedir.max_dir_size]
            os.makedirs(dest)
            self._copy_folder(top, src, dest, owner, budget, depth=0)
        finally:
            os.close(top)

    def _refuse(self, path: str, why: str) -> None:
        self.log.error("Refused %s: %s", path, why)

    def _copy_folder(self, folder: int, path: str, dest: str, owner: int, budget: list[int], depth: int) -> None:
        for name in sorted(os.listdir(folder)):
            where = os.path.join(path, name)
            if any(fnmatch.fnmatch(name, pattern) for pattern in self.coursedir.ignore):
                continue
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
            except OSError as error:  # a link (ELOOP), or nothing this account may read
                self._refuse(where, "gone" if error.errno == errno.ENOENT else "a link, or not readable")
                continue
            try:
                info = os.fstat(fd)
                if info.st_uid != owner:
                    self._refuse(where, "not the submitting account's own file")
                elif stat.S_ISDIR(info.st_mode):
                    if depth >= 3:
                        self._refuse(where, "folders nested too deep")
                    else:
                        os.mkdir(os.path.join(dest, name))
                        self._copy_folder(fd, where, os.path.join(dest, name), owner, budget, depth + 1)
                elif not stat.S_ISREG(info.st_mode):
                    self._refuse(where, "not a regular file")
                elif info.st_size > 1000 * self.coursedir.max_file_size or info.st_size > budget[0]:
                    self._refuse(where, "too large (CourseDirectory.max_file_size, max_dir_size)")
                else:
                    budget[0] -= info.st_size
                    with os.fdopen(os.dup(fd), "rb") as source, open(os.path.join(dest, name), "xb") as target:
                        target.write(source.read(info.st_size + 1)[: info.st_size])
            finally:
                os.close(fd)
