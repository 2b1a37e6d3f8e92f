"""pytest's setup for every run, whatever it collects: how notebooks are run and checked."""

pytest_plugins = ["notebook_checks"]  # tests/notebook_checks.py (tests/ is on pytest's pythonpath)


def pytest_collection_modifyitems(items):
    """Files that hold slow tests (real nbgrader runs, a hub, a browser, the site) run first, and
    the many quick files fill in behind them. `make test` hands each file to one worker as a whole
    (``--dist loadfile``) in this order (``--no-loadscope-reorder``; pytest-xdist would otherwise
    send the files with the most tests first, which leaves a long file with few tests, such as the
    site's, for last, and one worker running it alone)."""
    slow_files = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in slow_files)  # stable: the order within stays
