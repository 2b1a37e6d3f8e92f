"""The three dependency lists agree: pyproject.toml (direct, pinned), environment.yml (same, with
comments), requirements.lock (everything, pinned)."""

from __future__ import annotations

import re
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


def _pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return _pins(project["dependencies"] + project["optional-dependencies"]["test"])


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
