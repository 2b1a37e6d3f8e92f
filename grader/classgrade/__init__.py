"""Class-wide grading on top of nbgrader: parallel, sandboxed, hidden checks out of the trainee's
kernel, feedback by allowlist, resumable, with reports.

``python -m grader.classgrade grade ASSIGNMENT`` (``make grade ASSIGNMENT=...``) is the one
command; see ``grader/INSTRUCTOR_GUIDE.md`` (its first section is the threat model). The modules,
in the order a batch uses them:

- ``collect``: zips and submission folders read as untrusted data; trainee ids and folders; the
  time of receipt;
- ``course``: the nbgrader course and its settings; the per-batch template course;
- ``checks``: unreadable notebooks and tampered nbgrader metadata, before nbgrader sees them;
- ``pool`` and ``worker``: workers grading one submission at a time each, with nbgrader's
  autograde in a course of its own;
- ``evaluate``: the step that replaces nbgrader's ``Execute``: the trainee's cells in the sandbox,
  the answers back as plain data, the checks judged outside;
- ``sandbox`` and ``cgroups``: bubblewrap, uid, seccomp and a control group per submission;
- ``wire``: the plain-data format of answers and function calls; ``questions``: the checks of an
  assignment, judged on those answers;
- ``sanitize``: the allowlist of outputs and Markdown; ``feedback``: feedback by allowlist;
- ``refuse``: what plain ``nbgrader autograde`` runs under the course's settings (a refusal);
- ``merge``: results into the main gradebook, and the journal that makes a batch resumable;
- ``analysis``: item analysis (difficulty, discrimination); ``report``: CSV and HTML report;
- ``bundle``: the zip a trainee can use on their own;
- ``gradebook_version``: the schema version of a new gradebook, without nbgrader's 5 s subprocess.
"""

from . import gradebook_version

gradebook_version.install()

from .analysis import item_analysis  # noqa: E402 (after the install above, which nbgrader's gradebooks need)
from .course import Course
from .pipeline import Options, Summary, grade_class

__all__ = ["Course", "Options", "Summary", "grade_class", "item_analysis"]
