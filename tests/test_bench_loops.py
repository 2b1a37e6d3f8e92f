"""The benchmark's loops are a fair baseline: they give the metrics' answers and refuse what the
metrics refuse. (The timings themselves are for bench/bench_metrics.py, not for the tests.)"""

from __future__ import annotations

import importlib
import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import servicekit.metrics as m

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def bench():
    os.environ["BENCH_ROWS"] = "3000"
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("bench_metrics")
    finally:
        sys.path.remove(str(BENCH))
        del os.environ["BENCH_ROWS"]
        sys.modules.pop("bench_metrics", None)


def test_every_loop_agrees_with_its_metric(bench):
    cases = bench.build_cases()
    assert len(cases) == 22
    for metric, _, vectorised, checks, loop, _, agree in cases:
        if checks is not None:
            checks()  # clean input passes the row-by-row checks
        assert agree(vectorised(), loop()), metric


@pytest.mark.parametrize("check, metric, values", [
    (lambda b, v: b.check_levels(v, 1, 5), m.satisfaction_rate, [1, 5, 7]),
    (lambda b, v: b.check_levels(v, 1, 5), m.satisfaction_rate, [1, 4.5, 2]),
    (lambda b, v: b.check_levels(v, 1, 5), m.satisfaction_rate, [1, math.nan, 2]),
    (lambda b, v: b.check_levels(v, 0, 10), m.nps, [10, -1]),
    (lambda b, v: b.check_levels(v, 1, math.inf), lambda v: m.erlang_c(100, 180, v), [10, 0]),
    (lambda b, v: b.check_range(v, 0, b.BELOW_ONE), m.expected_lifetime, [0.5, 1.0]),
    (lambda b, v: b.check_range(v, 0, 1), lambda v: m.clv(np.ones(len(v)), v, 0.1), [0.5, 1.2]),
    (lambda b, v: b.check_range(v), lambda v: m.importance_performance(v, np.ones(len(v))), [1.0, math.nan]),
    (lambda b, v: b.check_labels(v), m.pareto, ["billing", None]),
])
def test_loop_checks_refuse_what_the_metric_refuses(bench, check, metric, values):
    with pytest.raises((ValueError, TypeError)):
        check(bench, values)
    with pytest.raises((ValueError, TypeError)):
        metric(np.array(values, dtype=object if None in values else float))


def test_paired_checks_refuse_what_the_metric_refuses(bench):
    with pytest.raises(ValueError):
        bench.check_retention([100], [90], [95])  # more new customers than at the end
    with pytest.raises(ValueError):
        m.retention_rate([100], [90], [95])
    with pytest.raises(ValueError):
        bench.check_not_above([120], [100], "lost > start")
    with pytest.raises(ValueError):
        m.churn_rate([100], [120])


def test_complaint_checks_refuse_a_resolution_before_the_complaint(bench):
    import datetime as dt
    received = dt.datetime(2024, 3, 1, 9)
    with pytest.raises(ValueError):
        bench.check_complaints([(received, None, received - dt.timedelta(hours=1), 1, False, False)])
    with pytest.raises(ValueError):
        bench.check_complaints([(received, None, None, 0, False, False)])  # no contact at all
