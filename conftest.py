"""pytest's setup for every run, whatever it collects: how notebooks are run and checked."""

pytest_plugins = ["notebook_checks"]  # tests/notebook_checks.py (tests/ is on pytest's pythonpath)
