"""The course's grading side, installed with the project (``import grader.classgrade`` works from
anywhere once ``make install`` has run):

- ``nbgrader_config.py``: the course's nbgrader settings (every nbgrader command loads them);
- ``release``: ``python -m grader.release`` (``make exercises``) regenerates ``exercises/``;
- ``classgrade``: ``python -m grader.classgrade`` (``make grade``, ``make trainee-bundle``);
- ``rubrics/`` and ``teaching_notes/``: instructors' material, never in the trainee bundle.

Its own runtime dependencies are the project's ``grader`` extra (pyproject.toml).

Where the course is: ``servicekit.setup_lab.course_root()``, the nearest folder from the current
directory up that holds ``grader/nbgrader_config.py``; the commands take another course root as
an argument. It lives in ``servicekit`` because the trainee bundle has that package and these
nbgrader settings, but not this package. Import it from there, not from here: run in a folder
that has a ``grader/`` folder of its own without this file (a course built elsewhere), ``grader``
is that folder, while ``grader.classgrade`` is still this package's.
"""
