"""Class-wide grading on top of nbgrader: parallel, sandboxed, leak-free, resumable, with reports.

``python -m grader.classgrade grade ASSIGNMENT`` (``make grade ASSIGNMENT=...``) is the one
command; see ``grader/INSTRUCTOR_GUIDE.md``. The modules, in the order a batch uses them:

- ``course``: the nbgrader course and its settings; the per-batch template course;
- ``checks``: unreadable notebooks and tampered metadata, before nbgrader sees a submission;
- ``sandbox``: the bubblewrap/prlimit/setpriv sandbox around each kernel;
- ``worker``: grades one submission with nbgrader in a course of its own;
- ``pool``: runs workers in parallel, each held to a time limit;
- ``merge``: writes results into the main gradebook; the journal that makes a batch resumable;
- ``feedback``: removes hidden tests from what a trainee sees;
- ``analysis``: item analysis (difficulty, discrimination); ``report``: CSV and HTML report;
- ``bundle``: the zip a trainee can use on their own.
"""

from .analysis import item_analysis
from .course import Course
from .pipeline import Options, Summary, grade_class

__all__ = ["Course", "Options", "Summary", "grade_class", "item_analysis"]
