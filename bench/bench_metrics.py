"""Benchmark: every metric of servicekit.metrics on a million rows of its natural input.

Run:  python bench/bench_metrics.py          (well under a minute)

Each metric gets 1,000,000 rows of seeded random input of its natural kind (survey answers,
complaint-log rows, transactions, agent counts, customers, segments) and is timed best of three.
Target: under 0.2 s each. The largest dataset a lesson uses has 3,000 rows, so this is ample
headroom, not a goal in itself. Scalar formulas, which take a handful of numbers rather than
rows, are listed as exempt. The table replaces the ``## Metrics`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import servicekit.metrics as m

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import REPORT, machine, write_section  # noqa: E402

ROWS = 1_000_000
TARGET_SECONDS = 0.2
EXEMPT = ["acsi_score", "agents_needed", "index_breakdown", "kano_table", "sample_size", "traffic_intensity",
          "weighted_index", "weighted_servqual", "word_of_mouth_loss", "word_of_mouth_reach", "z_value"]

rng = np.random.default_rng(20240501)
likert, ratings, effort = rng.integers(1, 6, ROWS), rng.integers(0, 11, ROWS), rng.integers(1, 8, ROWS)
functional, dysfunctional = rng.integers(1, 6, ROWS), rng.integers(1, 6, ROWS)
kano_letters = rng.choice(list("AOMIRQ"), ROWS)
trait = rng.normal(size=(ROWS, 1))
items = pd.DataFrame(np.clip(np.round(3 + trait + rng.normal(size=(ROWS, 5))), 1, 5),
                     columns=[f"q{i}" for i in range(1, 6)])
tree = {"staff": {"weight": 0.6, "column": "q1"}, "speed": {"weight": 0.4, "column": "q2"}}
servqual_items = [f"i{i}" for i in range(1, 11)]
expectations = pd.DataFrame(rng.integers(4, 8, (ROWS, 10)), columns=servqual_items)
perceptions = pd.DataFrame(rng.integers(2, 8, (ROWS, 10)), columns=servqual_items)
dimensions = {"reliability": servqual_items[:4], "responsiveness": servqual_items[4:7], "empathy": servqual_items[7:]}
CAUSES = ["billing", "delay", "rude staff", "meter", "noise", "price", "outage", "other"]
causes = pd.Series(pd.Categorical(rng.choice(CAUSES, ROWS, p=[0.35, 0.25, 0.12, 0.1, 0.07, 0.05, 0.04, 0.02]),
                                  categories=CAUSES))  # as servicekit.data.load gives a category column
received = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, ROWS), "min")
log = pd.DataFrame({
    "complaint_id": np.arange(ROWS), "received_at": received,
    "first_response_at": received + pd.to_timedelta(rng.integers(5, 600, ROWS), "min"),
    "resolved_at": (received + pd.to_timedelta(rng.integers(30, 4000, ROWS), "min")).where(rng.random(ROWS) < 0.9),
    "contacts": rng.integers(1, 4, ROWS), "escalated": rng.random(ROWS) < 0.15, "reopened": rng.random(ROWS) < 0.05,
})
transactions = pd.DataFrame({
    "customer_id": rng.integers(0, 100_000, ROWS),
    "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, ROWS), "D"),
    "amount": rng.gamma(2.0, 40.0, ROWS).round(2),
})
agents = rng.integers(150, 260, ROWS)  # for 2,400 calls an hour of 240 s: 160 Erlangs
margins, retentions = rng.uniform(20, 500, ROWS), rng.uniform(0.3, 0.95, ROWS)
starts = rng.integers(100, 10_000, ROWS)
lost = (starts * rng.uniform(0, 0.3, ROWS)).astype(int)
new = rng.integers(0, 2_000, ROWS)
segments = pd.DataFrame(rng.integers(0, 11, (ROWS, 8)), columns=[f"c{i}" for i in range(8)])
segment_weights = dict(zip(segments.columns, [0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1]))
importance, performance = rng.uniform(1, 7, ROWS), rng.uniform(1, 7, ROWS)
buyers, purchases, prices = rng.integers(1_000, 1_000_000, ROWS), rng.uniform(0.5, 12, ROWS), rng.uniform(5, 500, ROWS)
market_totals = rng.uniform(1e6, 1e8, ROWS)
firm_sales = market_totals * rng.uniform(0, 0.4, ROWS)
ends = starts - lost + new

# metric: (rows of, the call)
CASES = {
    "satisfaction_rate": ("survey answers", lambda: m.satisfaction_rate(likert)),
    "likert_to_score": ("survey answers", lambda: m.likert_to_score(likert)),
    "top_box": ("survey answers", lambda: m.top_box(likert)),
    "nps": ("0-10 ratings", lambda: m.nps(ratings)),
    "customer_effort_score": ("survey answers", lambda: m.customer_effort_score(effort)),
    "indicator_scores": ("respondents × 2 items", lambda: m.indicator_scores(items, tree)),
    "cronbach_alpha": ("respondents × 5 items", lambda: m.cronbach_alpha(items)),
    "servqual_item_gaps": ("respondents × 10 items (E and P)", lambda: m.servqual_item_gaps(expectations, perceptions)),
    "servqual_gaps": ("respondents × 10 items (E and P)",
                      lambda: m.servqual_gaps(expectations, perceptions, dimensions)),
    "kano_category": ("answer pairs", lambda: m.kano_category(functional, dysfunctional)),
    "kano_coefficients": ("Kano answers", lambda: m.kano_coefficients(kano_letters)),
    "importance_performance": ("attributes", lambda: m.importance_performance(importance, performance)),
    "pareto": ("complaint causes", lambda: m.pareto(causes)),
    "complaint_kpis": ("complaint-log rows", lambda: m.complaint_kpis(log, customers=5_000_000)),
    "rfm_scores": ("transactions", lambda: m.rfm_scores(transactions)),
    "erlang_c": ("agent counts", lambda: m.erlang_c(2400, 240, agents)),
    "service_level": ("agent counts", lambda: m.service_level(2400, 240, agents, 20)),
    "occupancy": ("agent counts", lambda: m.occupancy(2400, 240, agents)),
    "average_speed_of_answer": ("agent counts", lambda: m.average_speed_of_answer(2400, 240, agents)),
    "clv": ("customers (10 periods)", lambda: m.clv(margins, retentions, 0.1, periods=10)),
    "expected_lifetime": ("customers", lambda: m.expected_lifetime(retentions)),
    "retention_rate": ("branch-periods", lambda: m.retention_rate(starts, ends, new)),
    "churn_rate": ("branch-periods", lambda: m.churn_rate(starts, lost)),
    "segment_attractiveness": ("segments × 8 criteria", lambda: m.segment_attractiveness(segments, segment_weights)),
    "market_potential": ("scenarios", lambda: m.market_potential(buyers, purchases, prices)),
    "market_share": ("firm-markets", lambda: m.market_share(firm_sales, market_totals)),
}


def best_of_three(call) -> float:
    """Fastest of three runs, in seconds."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def section(seconds: dict[str, float]) -> str:
    lines = ["## Metrics", "",
             "Produced by `python bench/bench_metrics.py`; rerun it to refresh this section. Each public metric",
             f"of `servicekit.metrics` runs on {ROWS:,} rows of its natural input (seeded random data), best of",
             f"three runs. Target: under {TARGET_SECONDS} s each; the largest dataset a lesson uses has 3,000 rows.",
             f"Machine: {machine()}; single timings vary with the other jobs' load.", "",
             "| metric | rows of | rows | seconds | under 0.2 s |", "| --- | --- | ---: | ---: | --- |"]
    for name, (kind, _) in CASES.items():
        lines.append(f"| `{name}` | {kind} | {ROWS:,} | {seconds[name]:.3f} | "
                     f"{'yes' if seconds[name] < TARGET_SECONDS else 'no'} |")
    lines += ["", "Exempt, as scalar formulas that take a handful of numbers, not rows: "
              + ", ".join(f"`{name}`" for name in EXEMPT) + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    public = {name for name in m.__all__ if callable(getattr(m, name))}
    if public != set(CASES) | set(EXEMPT):
        sys.exit(f"bench_metrics.py: metrics neither timed nor exempt: {sorted(public - set(CASES) - set(EXEMPT))}; "
                 f"listed but not public: {sorted((set(CASES) | set(EXEMPT)) - public)}")
    seconds = {}
    for name, (_, call) in CASES.items():
        seconds[name] = best_of_three(call)
        print(f"{name:24s} {seconds[name]:7.3f} s", flush=True)
    write_section(section(seconds))
    slow = [name for name, s in seconds.items() if s >= TARGET_SECONDS]
    print(f"wrote the Metrics section of {REPORT.name}; " + (f"over {TARGET_SECONDS} s: {slow}" if slow else "all under target"))
    sys.exit(1 if slow else 0)
