"""The complaint management process of lesson 05 as a small state machine with automatic escalation.

A complaint is always in exactly one state:

=============  ==========================================================================
received       logged on the registration form; waiting for the validity check
validated      judged valid; waiting for the responsible department to take it up
invalid        judged invalid; waiting for the explanation to the customer
in_handling    the department is working on it and has contacted the customer
answered       a solution (or, for an invalid complaint, an explanation) has been given;
               waiting for the return visit
closed         the return visit confirmed that the customer is satisfied
=============  ==========================================================================

Allowed moves (``TRANSITIONS``)::

    received    -> validated | invalid
    validated   -> in_handling
    invalid     -> answered
    in_handling -> answered
    answered    -> closed          (return visit: the customer is satisfied)
    answered    -> in_handling     (return visit: the problem is not solved)
    closed      -> in_handling     (reopened: the customer comes back about the same matter)

Automatic escalation. Every waiting state has a time limit ``L`` in hours. A stage that lasts
``d`` hours escalates the complaint ``e = max(ceil(d / L) - 1, 0)`` times: once when the limit
passes, and again at every further full limit without progress. Each escalation moves the
complaint one rung up ``ESCALATION_LADDER`` (its *escalation level* goes up by one, capped at the
top rung), so the person who holds it at the end is ``ESCALATION_LADDER[level]``.

Two ways to run the machine:

- ``Complaint``: one complaint, one event at a time (``move``), for teaching; an illegal move
  raises ``IllegalTransition`` naming the complaint, the from-state and the to-state.
- ``replay(log)``: a whole log at once, computed column-wise from the milestone times
  (``stage_hours``, ``replay``, ``escalation_by_stage``, ``what_if``).

A log has one row per complaint with ``complaint_id``, ``valid`` and the milestone times
``received_at``, ``checked_at`` (validity decided), ``first_response_at`` (the department first
contacts the customer; for an invalid complaint, the explanation), ``resolved_at`` (answered) and
``visited_at`` (return visit, closed). Later milestones may be missing for a complaint still open.
The log keeps the first pass from receipt to closure; a later reopening is only flagged
(``reopened``) and is not timed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from servicekit import _checks

__all__ = [
    "DEFAULT_LIMITS", "ESCALATION_LADDER", "STAGES", "STATES", "TRANSITIONS",
    "Complaint", "IllegalTransition", "check_log", "draw_process_flow", "escalation_by_stage",
    "escalations", "log_to_events", "replay", "stage_hours", "what_if",
]

STATES = ("received", "validated", "invalid", "in_handling", "answered", "closed")

TRANSITIONS = {
    "received": ("validated", "invalid"),
    "validated": ("in_handling",),
    "invalid": ("answered",),
    "in_handling": ("answered",),
    "answered": ("closed", "in_handling"),
    "closed": ("in_handling",),
}

#: Who holds the complaint at each escalation level (level 0 is its named owner).
ESCALATION_LADDER = ("case owner", "team leader", "department head", "service director", "general manager")

#: Default time limit of each waiting state, in hours.
DEFAULT_LIMITS = {"received": 2.0, "validated": 4.0, "invalid": 8.0, "in_handling": 24.0, "answered": 72.0}

#: The timed stages of a log: the state, the milestone that starts and ends it, and which
#: complaints pass through it (valid ones, invalid ones or all).
STAGES = pd.DataFrame(
    [
        ("received", "received_at", "checked_at", "all", "validity check"),
        ("validated", "checked_at", "first_response_at", "valid", "department takes it up"),
        ("invalid", "checked_at", "resolved_at", "invalid", "explanation to the customer"),
        ("in_handling", "first_response_at", "resolved_at", "valid", "handling"),
        ("answered", "resolved_at", "visited_at", "all", "return visit"),
    ],
    columns=["state", "starts", "ends", "applies_to", "step"],
).set_index("state")

#: The milestone that enters each state, in path order, for valid and invalid complaints.
_PATHS = {
    True: [("received", "received_at"), ("validated", "checked_at"), ("in_handling", "first_response_at"),
           ("answered", "resolved_at"), ("closed", "visited_at")],
    False: [("received", "received_at"), ("invalid", "checked_at"), ("answered", "resolved_at"),
            ("closed", "visited_at")],
}
LOG_COLUMNS = ("complaint_id", "valid", "received_at", "checked_at", "first_response_at", "resolved_at", "visited_at")


class IllegalTransition(ValueError):
    """A complaint was asked to move to a state its current state does not lead to."""


def _limits(limits) -> dict[str, float]:
    """The default limits updated by ``limits`` (state -> hours), each a positive number."""
    chosen = dict(DEFAULT_LIMITS)
    if limits is None:
        return chosen
    if not isinstance(limits, (dict, pd.Series)):
        raise TypeError(f"limits must be a mapping of state -> hours, got {limits!r}")
    for state, hours in dict(limits).items():
        if state not in DEFAULT_LIMITS:
            raise ValueError(f"limits names {state!r}, which is not a timed state; choose from {list(DEFAULT_LIMITS)}")
        chosen[state] = _checks.number(hours, f"limits[{state!r}]", low=0, low_open=True)
    return chosen


def escalations(hours, limit: float):
    """Escalations a stage of ``hours`` triggers under a limit of ``limit`` hours.

    e = max(ceil(d / L) − 1, 0): none while d ≤ L, one once d passes L, two once it passes 2L, ...
    Missing durations (NaN: the complaint never went through the stage) give 0.
    """
    limit = _checks.number(limit, "limit", low=0, low_open=True)
    d = np.asarray(hours, dtype=float)
    count = np.where(np.isnan(d), 0, np.maximum(np.ceil(d / limit) - 1, 0))
    return count.astype(int) if count.ndim else int(count)


# --- One complaint at a time ------------------------------------------------------------------


@dataclass
class Complaint:
    """One complaint moving through the process event by event.

    >>> c = Complaint("C-1", "2025-03-03 09:00")
    >>> c.move("validated", "2025-03-03 10:00").state
    'validated'
    """

    complaint_id: str
    received_at: pd.Timestamp
    limits: dict = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    state: str = "received"
    level: int = 0
    history: list = field(default_factory=list)

    def __post_init__(self):
        self.received_at = _checks.timestamp(self.received_at, "received_at")
        self.limits = _limits(self.limits)
        self.entered_at = self.received_at

    @property
    def holder(self) -> str:
        """Who holds the complaint now: the rung of the escalation ladder at its level."""
        return ESCALATION_LADDER[self.level]

    def move(self, to_state: str, at) -> Complaint:
        """Move to ``to_state`` at time ``at``; escalate for the time spent in the stage just left.

        Raises ``IllegalTransition`` when the current state does not lead to ``to_state``.
        """
        if to_state not in STATES:
            raise ValueError(f"to_state must be one of {list(STATES)}, got {to_state!r}")
        allowed = TRANSITIONS[self.state]
        if to_state not in allowed:
            raise IllegalTransition(
                f"complaint {self.complaint_id}: cannot move from {self.state!r} to {to_state!r}; "
                f"from {self.state!r} the next state must be {' or '.join(map(repr, allowed))}"
            )
        at = _checks.timestamp(at, "at")
        if at < self.entered_at:
            raise ValueError(f"complaint {self.complaint_id}: at {at} is before it entered "
                             f"{self.state!r} at {self.entered_at}")
        hours = (at - self.entered_at) / pd.Timedelta(hours=1)
        raised = escalations(hours, self.limits[self.state]) if self.state in self.limits else 0
        self.level = min(self.level + raised, len(ESCALATION_LADDER) - 1)
        self.history.append({"from": self.state, "to": to_state, "at": at, "hours": hours,
                             "escalations": raised, "holder": self.holder})
        self.state, self.entered_at = to_state, at
        return self

    def overdue_escalations(self, at) -> int:
        """How many escalations the current stage has triggered by time ``at`` (not yet applied)."""
        at = _checks.timestamp(at, "at")
        if self.state not in self.limits or at < self.entered_at:
            return 0
        return escalations((at - self.entered_at) / pd.Timedelta(hours=1), self.limits[self.state])

    def history_frame(self) -> pd.DataFrame:
        """Every move so far as a table: from, to, at, hours in the stage, escalations, holder."""
        return pd.DataFrame(self.history, columns=["from", "to", "at", "hours", "escalations", "holder"])



# --- A whole log, column-wise -------------------------------------------------------------------


def check_log(log: pd.DataFrame) -> pd.DataFrame:
    """Check that every complaint of ``log`` followed a legal path in time order; return the log.

    Refuses (naming the complaint) a duplicate id, a missing ``received_at``, a milestone after a
    missing one (an illegal move, e.g. a return visit to a complaint never answered) and a
    milestone earlier than the one before it.
    """
    log = _checks.frame(log, "log", LOG_COLUMNS)
    ids = log["complaint_id"].astype(str)
    duplicated = ids.duplicated()
    if duplicated.any():
        raise ValueError(f"log: complaint_id {ids[duplicated].iloc[0]!r} appears more than once")
    valid = log["valid"]
    if valid.isna().any() or not set(pd.unique(valid)) <= {True, False}:
        raise ValueError(f"log: column 'valid' must hold True/False only, got {sorted(map(repr, pd.unique(valid)))}")
    for is_valid, path in _PATHS.items():
        rows = log[valid.astype(bool) == is_valid]
        if rows.empty:
            continue
        times = pd.DataFrame({column: pd.to_datetime(rows[column]) for _, column in path})
        present = times.notna().to_numpy()
        if not present[:, 0].all():
            row = int(np.flatnonzero(~present[:, 0])[0])
            raise ValueError(f"log: complaint {rows['complaint_id'].iloc[row]} has no received_at")
        # A milestone present after a missing one is an illegal move from the last state reached.
        reached = np.cumprod(present, axis=1).astype(bool)
        gap = present & ~reached
        if gap.any():
            row = int(np.flatnonzero(gap.any(axis=1))[0])
            step = int(np.flatnonzero(gap[row])[0])
            last = int(reached[row].sum()) - 1
            raise IllegalTransition(
                f"complaint {rows['complaint_id'].iloc[row]}: cannot move from {path[last][0]!r} to "
                f"{path[step][0]!r} (the log has {path[step][1]} but no {path[last + 1][1]})"
            )
        hours = times.diff(axis=1).iloc[:, 1:] / pd.Timedelta(hours=1)
        backwards = (hours < 0).to_numpy()
        if backwards.any():
            row = int(np.flatnonzero(backwards.any(axis=1))[0])
            step = int(np.flatnonzero(backwards[row])[0]) + 1
            raise ValueError(
                f"complaint {rows['complaint_id'].iloc[row]}: {path[step][1]} ({times.iloc[row, step]}) is "
                f"before {path[step - 1][1]} ({times.iloc[row, step - 1]})"
            )
    return log


def stage_hours(log: pd.DataFrame) -> pd.DataFrame:
    """Hours each complaint spent in each timed state: complaints × states, NaN where the
    complaint did not pass through the state (or has not left it yet).

    d(state) = (time the state ends − time it starts) / 1 hour, per ``STAGES``.
    """
    log = check_log(log)
    valid = log["valid"].astype(bool).to_numpy()
    out = {}
    for state, stage in STAGES.iterrows():
        hours = (pd.to_datetime(log[stage["ends"]]) - pd.to_datetime(log[stage["starts"]])) / pd.Timedelta(hours=1)
        applies = {"all": np.ones_like(valid), "valid": valid, "invalid": ~valid}[stage["applies_to"]]
        out[state] = hours.where(applies)
    return pd.DataFrame(out).set_axis(pd.Index(log["complaint_id"], name="complaint_id"))


def replay(log: pd.DataFrame, limits=None) -> pd.DataFrame:
    """Replay a whole log through the process, vectorised.

    Returns one row per complaint: the escalations each timed state triggered (one column per
    state), ``level`` = min(Σ escalations, top rung), ``escalated`` (level > 0), ``holder``
    (``ESCALATION_LADDER[level]``), ``first_escalated_in`` (the first stage that escalated, or "")
    and ``state``, the last state reached.
    """
    chosen = _limits(limits)
    hours = stage_hours(log)
    counts = pd.DataFrame({state: escalations(hours[state].to_numpy(), chosen[state]) for state in hours},
                          index=hours.index)
    total = counts.sum(axis=1)
    level = total.clip(upper=len(ESCALATION_LADDER) - 1)
    # STAGES is in path order for both branches (validated and invalid exclude each other), so
    # walking it backwards leaves the earliest stage that escalated.
    first = np.full(len(counts), "", dtype=object)
    for state in reversed(STAGES.index):
        first = np.where(counts[state].to_numpy() > 0, state, first)
    out = counts.assign(level=level, escalated=level > 0,
                        holder=np.asarray(ESCALATION_LADDER, dtype=object)[level.to_numpy()],
                        first_escalated_in=first, state=_last_state(log))
    return out


def _last_state(log: pd.DataFrame) -> np.ndarray:
    """The last state each complaint reached, from which milestones are present."""
    valid = log["valid"].astype(bool).to_numpy()
    state = np.full(len(log), "received", dtype=object)
    for is_valid, path in _PATHS.items():
        for name, column in path[1:]:
            state = np.where((valid == is_valid) & pd.to_datetime(log[column]).notna().to_numpy(), name, state)
    return state


def escalation_by_stage(log: pd.DataFrame, limits=None) -> pd.DataFrame:
    """Per timed state: its step, limit, complaints that passed through, how many overran the limit
    (``overdue``, and as ``overdue_share`` percent of those passing), total ``escalations``, and
    the median and 90th-percentile hours spent in it."""
    chosen = _limits(limits)
    hours = stage_hours(log)
    counts = replay(log, chosen)
    passed = hours.notna().sum()
    overdue = (counts[list(hours)] > 0).sum()
    table = pd.DataFrame({
        "step": STAGES["step"],
        "limit_hours": pd.Series(chosen),
        "complaints": passed,
        "overdue": overdue,
        "overdue_share": (100 * overdue / passed.where(passed > 0)).fillna(0.0),
        "escalations": counts[list(hours)].sum(),
        "median_hours": hours.median(),
        "p90_hours": hours.quantile(0.9),
    })
    table.index.name = "state"
    return table


def what_if(log: pd.DataFrame, limits=None, sla_hours: float = 24.0, customers=None):
    """The stage table and the complaint KPIs when the stages have time limits ``limits``.

    Escalation is recomputed by ``replay``; the KPIs come from
    ``servicekit.metrics.complaint_kpis`` on the log with that recomputed ``escalated`` column.
    Returns ``(escalation_by_stage table, KPI Series)``.
    """
    from servicekit.metrics import complaint_kpis

    chosen = _limits(limits)
    table = escalation_by_stage(log, chosen)
    replayed = replay(log, chosen)
    kpis = complaint_kpis(log.assign(escalated=replayed["escalated"].to_numpy()),
                          customers=customers, sla_hours=sla_hours)
    return table, kpis


def log_to_events(log: pd.DataFrame) -> pd.DataFrame:
    """The log as a time-ordered event table (complaint_id, at, to_state), one row per move,
    for replaying through ``Complaint.move`` one event at a time."""
    log = check_log(log)
    frames = []
    for is_valid, path in _PATHS.items():
        rows = log[log["valid"].astype(bool) == is_valid]
        for state, column in path[1:]:
            frames.append(pd.DataFrame({"complaint_id": rows["complaint_id"],
                                        "at": pd.to_datetime(rows[column]), "to_state": state}))
    events = pd.concat(frames, ignore_index=True).dropna(subset=["at"])
    rank = {s: i for i, s in enumerate(STATES)}
    return (events.assign(_rank=events["to_state"].map(rank))
            .sort_values(["at", "complaint_id", "_rank"], kind="stable")
            .drop(columns="_rank").reset_index(drop=True))


# --- The process as a picture ---------------------------------------------------------------

#: Every word of the flow chart, in English and Chinese (the steps as the lesson 05 widget names them).
FLOW_TEXT = {
    "title": {"en": "The complaint management process", "zh": "投诉管理流程"},
    "receive": {"en": "1 Receive and log\n(registration form)", "zh": "1 顾客投诉的\n受理"},
    "valid": {"en": "2 Validity check\nvalid?", "zh": "2 识别有效投诉\n是否有效？"},
    "explain": {"en": "Invalid: explain\nto the customer", "zh": "无效投诉：\n向顾客解释"},
    "handle": {"en": "3 Handle\n(one named owner)", "zh": "3 投诉处理\n（专人负责）"},
    "visit": {"en": "4 Return visit\n(visit record form)", "zh": "4 顾客投诉\n回访"},
    "analyse": {"en": "5 Periodic analysis\n(KPIs, Pareto)", "zh": "5 顾客投诉定期分析\n（KPI、帕累托图）"},
    "improve": {"en": "6 Improve the firm\n(and partners)", "zh": "6 组织改进\n（内部及合作伙伴）"},
    "escalate": {"en": "Limit passed?\nescalate one\nlevel up", "zh": "超过时限？\n升级一级"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "timer": {"en": "timer", "zh": "计时"},
    "closed": {"en": "closed", "zh": "结案"},
    "feedback": {"en": "lessons feed back into how complaints are prevented and handled",
                 "zh": "经验教训反馈到投诉的预防和处理中"},
}
#: The centre of each box of the flow chart, in its axes' data coordinates.
_FLOW_BOXES = {"receive": (0.08, 0.72), "valid": (0.29, 0.72), "explain": (0.29, 0.25), "handle": (0.50, 0.72),
               "visit": (0.71, 0.72), "analyse": (0.71, 0.25), "improve": (0.92, 0.25), "escalate": (0.50, 0.25)}
_FLOW_COLOURS = {"escalate": "#fde2c8", "explain": "#f3d6d6"}  # the others: "#d8e6f3"
#: The smallest half-width and half-height of a box, the room between its text and its edge, and the
#: rounding of its corners (``round,pad``: the drawn box is this much bigger all round), in data units.
_BOX_HALF, _BOX_ROOM, _BOX_ROUND = (0.075, 0.1), (0.003, 0.02), 0.01


def draw_process_flow(ax=None):
    """Draw the complaint management process as a flow chart with matplotlib, in the language in
    use; the boxes are all as big as the largest of their texts needs. Returns the axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    from servicekit import style
    from servicekit.language import pick

    style.apply()
    if ax is None:
        _, ax = plt.subplots(figsize=(11.6, 4.6))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0, 0.86)
    ax.axis("off")
    ax.set_title(pick(FLOW_TEXT["title"]))
    texts = [ax.text(x, y, pick(FLOW_TEXT[key]), ha="center", va="center", fontsize=style.SMALL_TEXT, zorder=3)
             for key, (x, y) in _FLOW_BOXES.items()]
    # Every box is as big as the largest text needs (measured in data units), so none is cut.
    renderer, to_data = ax.figure.canvas.get_renderer(), ax.transData.inverted()
    extents = [to_data.transform_bbox(text.get_window_extent(renderer)) for text in texts]
    half_x = max(_BOX_HALF[0], max(e.width for e in extents) / 2 + _BOX_ROOM[0])
    half_y = max(_BOX_HALF[1], max(e.height for e in extents) / 2 + _BOX_ROOM[1])
    edge_x, edge_y = half_x + _BOX_ROUND, half_y + _BOX_ROUND  # where an arrow meets a box
    for key, (x, y) in _FLOW_BOXES.items():
        ax.add_patch(FancyBboxPatch((x - half_x, y - half_y), 2 * half_x, 2 * half_y,
                                    boxstyle=f"round,pad={_BOX_ROUND}", facecolor=_FLOW_COLOURS.get(key, "#d8e6f3"),
                                    edgecolor="#335"))
    arrows = [("receive", "valid", ""), ("valid", "handle", "yes"), ("valid", "explain", "no"),
              ("handle", "visit", ""), ("explain", "visit", ""), ("visit", "analyse", "closed"),
              ("analyse", "improve", ""), ("handle", "escalate", "timer"), ("escalate", "handle", "")]
    for start, end, label in arrows:
        (x0, y0), (x1, y1) = _FLOW_BOXES[start], _FLOW_BOXES[end]
        dx, dy = x1 - x0, y1 - y0
        shift = 0.03 if {start, end} == {"handle", "escalate"} else 0.0
        shift = shift if start == "handle" else -shift
        ax.annotate("", xy=(x1 - edge_x * np.sign(dx) + shift, y1 - edge_y * np.sign(dy)),
                    xytext=(x0 + edge_x * np.sign(dx) + shift, y0 + edge_y * np.sign(dy)),
                    arrowprops={"arrowstyle": "->", "color": "#335", "lw": 1.4})
        if label:
            horizontal = dy == 0
            ax.text((x0 + x1) / 2 + (0 if horizontal else shift + 0.012), (y0 + y1) / 2 + (0.025 if horizontal else 0.02),
                    pick(FLOW_TEXT[label]), fontsize=style.SMALL_TEXT, color="#a33", ha="center" if horizontal else "left")
    # Feedback loop: from "improve" down, along the bottom and up into "receive".
    (receive_x, receive_y), (improve_x, improve_y) = _FLOW_BOXES["receive"], _FLOW_BOXES["improve"]
    ax.plot([improve_x, improve_x, receive_x - 0.02], [improve_y - edge_y, 0.05, 0.05], color="#999", lw=1, ls="--")
    ax.annotate("", xy=(receive_x - 0.02, receive_y - edge_y), xytext=(receive_x - 0.02, 0.05),
                arrowprops={"arrowstyle": "->", "color": "#999", "lw": 1, "ls": "--"})
    ax.text(0.47, 0.065, pick(FLOW_TEXT["feedback"]), fontsize=style.SMALL_TEXT, color="#777", ha="center")
    return ax
