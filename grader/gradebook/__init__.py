"""The course gradebook: every assignment's grades together, weighted into a course total, with
late penalties, a report per trainee and files the common LMSs import.

    make gradebook ROSTER=roster.csv       # = python -m grader.gradebook --roster roster.csv

- ``config``: ``grader/course.yml``: the assignments in course order, their weights, due dates
  (the releases state them: ``make exercises``) and their names in the LMS; the late rule;
- ``late``: the late rule, one function used by nbgrader's late-penalty step and by the totals;
- ``roster``: the class list exported from the LMS (id, name, e-mail, the LMS's own id, section);
- ``totals``: per trainee and assignment, points, penalty and final score, and the course total;
- ``export``: a Canvas gradebook CSV and a Moodle grade-import CSV;
- ``report``: one HTML page per trainee (what they got, where they lost points).

Grades are read from nbgrader's gradebook, which ``make grade`` fills; nothing here grades.
"""
