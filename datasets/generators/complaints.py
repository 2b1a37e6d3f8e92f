"""A year of complaints at a utility's complaint desk (syllabus section 6, the complaint-desk case).

Built so that three causes are the vital few of a Pareto chart, escalations cluster in one stage
(the wait for the responsible department to take a validated complaint up, worst for billing),
and first-contact resolution differs by channel. The ``escalated`` column is written by
this generator with the replay of ``servicekit.models.complaints`` under the default limits, so
the lesson's state machine reproduces it exactly; that agreement checks the code, not the data.
"""

import numpy as np
import pandas as pd

from servicekit.models.complaints import replay

SEED = 20250105
COMPLAINTS = 3000
YEAR_START = pd.Timestamp("2025-01-01")

CHANNELS = {  # share of complaints, chance the first contact resolves it
    "hotline": (0.44, 0.74),
    "service hall": (0.12, 0.82),
    "web form": (0.20, 0.46),
    "mobile app": (0.16, 0.58),
    "letter": (0.08, 0.30),
}
CATEGORIES = {  # share of complaints, chance it is invalid, median hours before the department responds
    "billing error": (0.40, 0.03, 3.2),
    "supply interruption": (0.25, 0.04, 1.3),
    "meter reading": (0.16, 0.05, 1.6),
    "repair appointment": (0.06, 0.04, 1.4),
    "new connection": (0.04, 0.05, 1.8),
    "staff attitude": (0.03, 0.08, 1.2),
    "payment channels": (0.02, 0.10, 1.5),
    "tariff": (0.02, 0.60, 1.5),
    "website and app": (0.01, 0.15, 1.5),
    "other": (0.01, 0.40, 1.5),
}


def _lognormal(rng, median, sigma, size):
    return np.asarray(median) * np.exp(sigma * rng.normal(size=size))


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    n = COMPLAINTS
    channel = rng.choice(list(CHANNELS), size=n, p=[v[0] for v in CHANNELS.values()])
    category = rng.choice(list(CATEGORIES), size=n, p=[v[0] for v in CATEGORIES.values()])
    invalid_chance = pd.Series({k: v[1] for k, v in CATEGORIES.items()})[category].to_numpy()
    valid = rng.random(n) >= invalid_chance

    # Arrival: any day of the year, mostly in office hours (web and app also at night).
    day = rng.integers(0, 365, size=n)
    office = rng.normal(13.0, 3.0, size=n).clip(7.5, 20.5)
    anytime = rng.uniform(0, 24, size=n)
    online = np.isin(channel, ["web form", "mobile app"])
    hour = np.where(online & (rng.random(n) < 0.5), anytime, office)
    received = YEAR_START + pd.to_timedelta(day, unit="D") + pd.to_timedelta(np.round(hour * 60), unit="min")

    first_time = pd.Series({k: v[1] for k, v in CHANNELS.items()})[channel].to_numpy()
    contacts = np.where(rng.random(n) < first_time, 1, 2 + rng.poisson(0.6, size=n))

    check = _lognormal(rng, 0.5, 0.6, n)
    take_up = _lognormal(rng, pd.Series({k: v[2] for k, v in CATEGORIES.items()})[category].to_numpy(), 0.75, n)
    handling = _lognormal(rng, 6.0, 0.55, n) * (1 + 0.35 * (contacts - 1))
    explain = _lognormal(rng, 3.0, 0.7, n)
    visit = _lognormal(rng, 30.0, 0.45, n)

    hours = pd.to_timedelta(1, unit="h")
    checked = received + check * hours
    first_response = np.where(valid, checked + take_up * hours, checked + explain * hours)
    first_response = pd.DatetimeIndex(first_response)
    resolved = pd.DatetimeIndex(np.where(valid, first_response + handling * hours, first_response))
    visited = resolved + visit * hours
    reopened = rng.random(n) < np.where(category == "billing error", 0.08, 0.03) * valid

    def minute(stamps):
        return pd.DatetimeIndex(stamps).round("min")

    log = pd.DataFrame({
        "received_at": minute(received), "checked_at": minute(checked),
        "first_response_at": minute(first_response), "resolved_at": minute(resolved),
        "visited_at": minute(visited), "channel": channel, "category": category, "valid": valid,
        "contacts": contacts, "reopened": reopened,
    }).sort_values("received_at", kind="stable").reset_index(drop=True)
    log.insert(0, "complaint_id", [f"C{i:05d}" for i in range(1, n + 1)])
    log["escalated"] = replay(log)["escalated"].to_numpy()
    order = ["complaint_id", "received_at", "checked_at", "first_response_at", "resolved_at", "visited_at",
             "channel", "category", "valid", "contacts", "escalated", "reopened"]
    out = log[order].copy()
    for column in order[1:6]:
        out[column] = out[column].dt.strftime("%Y-%m-%d %H:%M")
    return {"complaint_log": out}
