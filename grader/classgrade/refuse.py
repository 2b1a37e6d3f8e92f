"""``RefuseDirectAutograde``: what ``nbgrader autograde`` runs under the course's settings.

Plain nbgrader executes a submission's cells, hidden tests included, in one kernel with the
grader's rights, and grades from that kernel's outputs: a trainee's code can read, rewrite or
fake them. The course's ``grader/nbgrader_config.py`` therefore puts this step in place of
nbgrader's autograde steps, so ``nbgrader autograde`` and formgrader's Autograde button stop with
a message naming the command that grades safely. ``make grade`` sets its own steps (``worker``).
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

MESSAGE = ("This course autogrades only through its sandboxed pipeline, which keeps the hidden "
           "tests out of the trainee's kernel: run `make grade ASSIGNMENT={assignment}` from the "
           "course root (see grader/INSTRUCTOR_GUIDE.md). nbgrader's own autograde is switched off.")


class DirectAutogradeRefused(RuntimeError):
    pass


class RefuseDirectAutograde(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        assignment = resources.get("nbgrader", {}).get("assignment", "<name>")
        raise DirectAutogradeRefused(MESSAGE.format(assignment=assignment))
