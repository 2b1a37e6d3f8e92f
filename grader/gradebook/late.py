"""The late rule: a submission received after its due date loses ``percent_per_day`` per day
late, a part of a day counting as a whole one, and never more than all it earned:

    penalty fraction = min(1, percent_per_day / 100 × ⌈seconds late / 86 400⌉)

"Received" is the kit's own time of receipt (``grader.classgrade.collect.Ledger``), never a time
the trainee wrote. nbgrader's late-penalty step calls ``PerDayPenalty`` with the autograded score;
the course totals apply the same fraction to the whole score, written answers included.
"""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

DAY = 86_400


def late_fraction(seconds_late: float, percent_per_day: float) -> float:
    """The share of the points a submission ``seconds_late`` late loses."""
    if seconds_late <= 0:
        return 0.0
    return min(1.0, percent_per_day / 100 * math.ceil(seconds_late / DAY))


class PerDayPenalty(LateSubmissionPlugin):
    """nbgrader's late-penalty plugin for the course's rule; ``grader/nbgrader_config.py`` sets
    ``percent_per_day`` from ``grader/course.yml``."""

    percent_per_day = Float(0.0, help="share of the points lost per day late, in percent").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        return score * late_fraction(total_seconds_late, self.percent_per_day)
