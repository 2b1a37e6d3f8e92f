"""``grader/course.yml``: the course's assignments, weights, due dates and LMS names.

A malformed file is refused whole, naming the assignment and the field (never half-read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

CONFIG = Path("grader", "course.yml")


@dataclass(frozen=True)
class Assignment:
    name: str
    lesson: int
    weight: float
    due: datetime        # aware, in the course's time zone
    lms_name: str        # the column the LMS knows it by


@dataclass(frozen=True)
class CourseConfig:
    course: str
    timezone: timezone
    percent_per_day: float
    assignments: tuple[Assignment, ...]

    def assignment(self, name: str) -> Assignment:
        for entry in self.assignments:
            if entry.name == name:
                return entry
        raise KeyError(f"assignment={name!r} is not in {CONFIG}: add it there (weight, due date, LMS name)")


class ConfigError(ValueError):
    """``course.yml`` is not as the course gradebook needs it."""


def _zone(text: str) -> timezone:
    try:
        offset = datetime.strptime(str(text).replace(":", ""), "%z").utcoffset()
    except ValueError:
        raise ConfigError(f"{CONFIG}: timezone={text!r}: write it as an offset from UTC, e.g. \"+08:00\"") from None
    return timezone(offset or timedelta(0))


def load(root: Path) -> CourseConfig:
    """The course configuration of the course at ``root``."""
    path = Path(root) / CONFIG
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("assignments"), dict) or not raw["assignments"]:
        raise ConfigError(f"{path}: needs `assignments:`, one entry per assignment")
    zone = _zone(raw.get("timezone", "+00:00"))
    late = raw.get("late", {}) or {}
    per_day = late.get("percent_per_day", 0)
    if not isinstance(per_day, (int, float)) or not 0 <= per_day <= 100:
        raise ConfigError(f"{path}: late.percent_per_day={per_day!r}: a percentage from 0 to 100")
    entries = []
    for name, fields in raw["assignments"].items():
        where = f"{path}: assignment {name!r}"
        if not isinstance(fields, dict):
            raise ConfigError(f"{where}: needs lesson, weight, due and lms_name")
        missing = [key for key in ("lesson", "weight", "due", "lms_name") if key not in fields]
        if missing:
            raise ConfigError(f"{where}: missing {', '.join(missing)}")
        weight = fields["weight"]
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
            raise ConfigError(f"{where}: weight={weight!r}: a number, 0 or more")
        try:
            due = datetime.strptime(str(fields["due"]), "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        except ValueError:
            raise ConfigError(f"{where}: due={fields['due']!r}: write it as \"YYYY-MM-DD HH:MM\"") from None
        lms_name = str(fields["lms_name"]).strip()
        if not lms_name:
            raise ConfigError(f"{where}: lms_name is empty")
        entries.append(Assignment(str(name), int(fields["lesson"]), float(weight), due, lms_name))
    if sum(entry.weight for entry in entries) <= 0:
        raise ConfigError(f"{path}: the weights add up to 0")
    names = [entry.lms_name for entry in entries]
    if len(set(names)) < len(names):
        raise ConfigError(f"{path}: two assignments have the same lms_name")
    return CourseConfig(str(raw.get("course", "")), zone, float(per_day), tuple(entries))
