"""The three dependency lists agree: pyproject.toml (direct, pinned: the core list and the extras),
environment.yml (same, with comments), requirements.lock (everything, pinned). And the Makefile's
`make help` lists every target."""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)$")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines):
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        assert match, f"not pinned with ==: {line!r}"
        found[_canonical(match.group(1))] = match.group(2)
    return found


def _pyproject_lists() -> dict[str, list[str]]:
    """The core list (under "") and every extra (grader, test), as written."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {"": project["dependencies"], **project["optional-dependencies"]}


def _pyproject():
    return _pins(line for lines in _pyproject_lists().values() for line in lines)


def test_pyproject_names_each_dependency_once():
    names = [_canonical(PIN.match(line.strip()).group(1)) for lines in _pyproject_lists().values() for line in lines]
    assert len(names) == len(set(names)), f"listed twice: {sorted({n for n in names if names.count(n) > 1})}"
    assert set(_pyproject_lists()) >= {"", "grader", "test"}


def test_environment_yml_equals_pyproject():
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in spec["dependencies"] if isinstance(item, dict))
    listed = _pins(line for line in pip_section if line != "-e .")
    assert listed == _pyproject()


def test_every_environment_line_explains_itself():
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if "==" in line:
            assert "#" in line.split("==", 1)[1], f"no comment saying what uses it: {line.strip()}"


def test_lock_pins_every_direct_dependency_at_the_same_version():
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            locked[_canonical(match.group(1))] = match.group(2)
    for name, version in _pyproject().items():
        assert locked.get(name) == version, f"{name}: pyproject {version}, lock {locked.get(name)}"


def _phony_lines() -> list[str]:
    return [line for line in (ROOT / "Makefile").read_text().splitlines() if line.startswith(".PHONY:")]


def test_makefile_has_one_phony_line_with_every_target():
    assert len(_phony_lines()) == 1, _phony_lines()
    phony = set(_phony_lines()[0].split(":", 1)[1].split())
    targets = set(re.findall(r"^([a-z][a-z-]*):(?!=)", (ROOT / "Makefile").read_text(), re.M))
    assert targets == phony, f"rules not in .PHONY: {sorted(targets - phony)}; .PHONY without a rule: {sorted(phony - targets)}"


def test_make_help_lists_every_target():
    phony = _phony_lines()[0].split(":", 1)[1].split()
    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout
    described = dict(re.findall(r"^\s*make (\S+)\s+(\S.*)$", shown, re.M))
    assert sorted(described) == sorted(phony), shown


def test_the_lab_shuts_down_kernels_left_idle_with_no_open_tab():
    """What `make install` configures (servicekit.setup_lab), read back the way the server reads it."""
    from jupyter_server.serverapp import ServerApp

    from servicekit.setup_lab import KERNEL_IDLE_MINUTES

    app = ServerApp()
    app.initialize(argv=["--no-browser"], find_extensions=False, new_httpserver=False)
    manager = app.kernel_manager
    assert manager.cull_idle_timeout == KERNEL_IDLE_MINUTES * 60 > 0
    assert manager.cull_connected is False and manager.cull_interval <= 300
