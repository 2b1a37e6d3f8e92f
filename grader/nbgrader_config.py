"""nbgrader settings of the course. The course root is the root of the kit (the folder holding
this file's folder, as ``servicekit.setup_lab.course_root`` finds it).

`make install` makes every nbgrader command and the JupyterLab extensions load this file.
"""

from pathlib import Path

from servicekit.setup_lab import course_root

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
ROOT = course_root(Path(__file__).parent)

c.CourseDirectory.course_id = "service-management"
c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# One cell may run this long before autograding stops it (an infinite loop must not stop a class).
c.Execute.timeout = 30
# Give a kernel a fair start on a loaded machine.
c.Execute.startup_timeout = 120
# A trainee who deletes a test cell gets it back, and it is graded.
c.OverwriteCells.add_missing_cells = True
# Nor may a trainee's edits to a test cell count: restore read-only and test cells from the source.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding runs only through the class pipeline (`make grade`), which keeps hidden tests out of
# the trainee's kernel: `nbgrader autograde` and formgrader's Autograde button stop with a message
# that says so. Feedback (formgrader's "Generate feedback", `nbgrader generate_feedback`) goes
# through the pipeline's allowlist. The trainee bundle ships this file (for the Validate button)
# without the grading tools, and grades nothing.
if (ROOT / "grader" / "classgrade").is_dir():
    # (importing grader.classgrade also makes a new gradebook skip nbgrader's 5 s `alembic heads` run)
    from grader.classgrade.feedback import allowlist_feedback
    from grader.classgrade.refuse import RefuseDirectAutograde

    c.Autograde.sanitize_preprocessors = [RefuseDirectAutograde]
    c.Autograde.autograde_preprocessors = [RefuseDirectAutograde]
    allowlist_feedback(c)
if (ROOT / "grader" / "gradebook").is_dir():
    from grader.gradebook.config import load as load_course

    # Late work: the course's rule (grader/course.yml), counted from the due date `make exercises`
    # puts in the gradebook to the time the course received the work.
    c.AssignLatePenalties.plugin_class = "grader.gradebook.late.PerDayPenalty"
    c.PerDayPenalty.percent_per_day = load_course(ROOT).percent_per_day
