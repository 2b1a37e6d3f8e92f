"""The class server's settings (``grader/hub/class.yml``, or another file of the same form) and
where everything lives under its prefix.

Who may read what is decided here, by the folder each thing lives in:

| path under the prefix | owner, mode | holds | trainees |
| --- | --- | --- | --- |
| ``course/`` | grader account, group ``formgrade-<course>``, 2770 | the instructors' course: ``solutions/``, ``grader/`` (rubrics, settings), submissions, grades, the gradebook's address | nothing |
| ``hub/`` | root, 0700 | the hub's own database, cookie secret, logs, process ids | nothing |
| ``postgres/`` | postgres, 0700 | the gradebook's database | nothing (and no login to it) |
| ``grader/`` | grader account, 0700 | the grader account's home (formgrader's settings) | nothing |
| ``kit/`` | root, 0755, read-only | the trainee bundle: lessons, cases, data, the ``servicekit`` package | read |
| ``python/`` | root, 0755, read-only | the Python trainees' servers run (a virtual environment of a system Python) | read, run |
| ``exchange/`` | root, 1777 | nbgrader's exchange: ``<course>/outbound`` (read), ``inbound`` (write, no listing), ``feedback`` (no listing) | as nbgrader's modes allow |
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: A local account name as useradd takes it, and an nbgrader student id (no ``+``).
ACCOUNT = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
#: How the hub's configuration finds the settings file (``python -m grader.hub run`` sets it).
SETTINGS_VARIABLE = "SERVICEKIT_HUB_SETTINGS"
DEFAULTS = {"prefix": "/srv/servicekit-hub", "ip": "127.0.0.1", "port": 8000, "hub_port": 8081,
            "proxy_api_port": 8001, "formgrader_port": 9999, "database_port": 5433,
            "python": "/usr/bin/python3", "compile_bytecode": True, "accounts_suffix": "",
            "ssl_cert": "", "ssl_key": "",
            "server_memory_mb": 2048, "server_processes": 256, "server_cpus": 1.0, "idle_minutes": 60}


class SettingsError(ValueError):
    """The settings file is not as the class server needs it."""


@dataclass(frozen=True)
class Settings:
    """One class on one machine: its accounts, its ports and the folder it lives in."""

    kit: Path                      # the kit checkout the course is installed from
    course: str                    # nbgrader's course id (c.CourseDirectory.course_id)
    instructors: tuple[str, ...]
    trainees: tuple[str, ...]
    prefix: Path = Path(DEFAULTS["prefix"])
    ip: str = DEFAULTS["ip"]
    port: int = DEFAULTS["port"]
    hub_port: int = DEFAULTS["hub_port"]
    proxy_api_port: int = DEFAULTS["proxy_api_port"]
    formgrader_port: int = DEFAULTS["formgrader_port"]
    database_port: int = DEFAULTS["database_port"]
    python: str = DEFAULTS["python"]          # the system Python the trainees' environment is made from
    compile_bytecode: bool = DEFAULTS["compile_bytecode"]
    accounts_suffix: str = DEFAULTS["accounts_suffix"]   # two classes of one course on one machine
    ssl_cert: str = DEFAULTS["ssl_cert"]      # the hub serves HTTPS with these (PAM passwords cross the network)
    ssl_key: str = DEFAULTS["ssl_key"]
    # What one person's server may use, its kernels and everything they start together.
    server_memory_mb: int = DEFAULTS["server_memory_mb"]
    server_processes: int = DEFAULTS["server_processes"]
    server_cpus: float = DEFAULTS["server_cpus"]
    idle_minutes: int = DEFAULTS["idle_minutes"]   # an idle kernel, then an idle server, is stopped after this
    source: Path | None = field(default=None, compare=False)   # the settings file

    @classmethod
    def load(cls, path: Path | str, kit: Path | str | None = None) -> "Settings":
        """The settings of file ``path`` (YAML), for the kit at ``kit`` (default: the kit that
        holds this package)."""
        path = Path(path).resolve()
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise SettingsError(f"{path}: cannot be read: {error}") from None
        if not isinstance(raw, dict):
            raise SettingsError(f"{path}: expected keys such as instructors: and trainees:")
        known = set(DEFAULTS) | {"instructors", "trainees"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise SettingsError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
        kit = Path(kit).resolve() if kit else Path(__file__).resolve().parents[2]
        people = {}
        for role in ("instructors", "trainees"):
            names = raw.get(role) or []
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise SettingsError(f"{path}: {role}: a list of account names")
            for name in names:
                if not ACCOUNT.match(name):
                    raise SettingsError(f"{path}: {role}: {name!r} is not a local account name "
                                        "(lower case letters, digits, '_', '.', '-'; at most 32)")
            people[role] = tuple(names)
        if not people["instructors"]:
            raise SettingsError(f"{path}: instructors: name at least one account")
        both = set(people["instructors"]) & set(people["trainees"])
        if both:
            raise SettingsError(f"{path}: {sorted(both)[0]!r} is both an instructor and a trainee")
        values = {key: raw.get(key, default) for key, default in DEFAULTS.items()}
        for key in ("port", "hub_port", "proxy_api_port", "formgrader_port", "database_port"):
            if not isinstance(values[key], int) or not 0 < values[key] < 65536:
                raise SettingsError(f"{path}: {key}={values[key]!r}: a port number")
        ports = [values[k] for k in ("port", "hub_port", "proxy_api_port", "formgrader_port", "database_port")]
        if len(set(ports)) < len(ports):
            raise SettingsError(f"{path}: two services on one port: {ports}")
        if not re.fullmatch(r"[a-z0-9-]{0,4}", str(values["accounts_suffix"])):
            raise SettingsError(f"{path}: accounts_suffix={values['accounts_suffix']!r}: at most 4 of a-z, 0-9, '-'")
        if not isinstance(values["ip"], str) or not values["ip"]:
            raise SettingsError(f"{path}: ip: the address the hub listens on (127.0.0.1, or 0.0.0.0 for every interface)")
        for key, low in (("server_memory_mb", 256), ("server_processes", 32), ("idle_minutes", 5)):
            if isinstance(values[key], bool) or not isinstance(values[key], int) or values[key] < low:
                raise SettingsError(f"{path}: {key}={values[key]!r}: a whole number, at least {low}")
        if isinstance(values["server_cpus"], bool) or not isinstance(values["server_cpus"], (int, float)) \
                or not 0.1 <= values["server_cpus"] <= 64:
            raise SettingsError(f"{path}: server_cpus={values['server_cpus']!r}: a number of CPUs, such as 1 or 0.5")
        if bool(values["ssl_cert"]) != bool(values["ssl_key"]):
            raise SettingsError(f"{path}: ssl_cert and ssl_key go together")
        values["prefix"] = Path(values["prefix"])
        if not values["prefix"].is_absolute():
            raise SettingsError(f"{path}: prefix={values['prefix']}: an absolute path")
        settings = cls(kit=kit, course=course_id(kit), source=path, **people, **values)
        for name in (settings.grader_account, settings.instructors_group, settings.trainees_group):
            if len(name) > 32:
                raise SettingsError(f"{path}: {name!r} is longer than an account or group name may be (32)")
        return settings

    # --- accounts and groups ------------------------------------------------------------------

    @property
    def grader_account(self) -> str:
        """The account that owns the course and runs formgrader (nbgrader's ``grader-<course>``)."""
        return f"grader-{self.course}{self.accounts_suffix}"

    @property
    def instructors_group(self) -> str:
        """Unix group of the instructors and the grader account: the course folder is theirs."""
        return f"formgrade-{self.course}{self.accounts_suffix}"

    @property
    def trainees_group(self) -> str:
        """Unix group of the trainees."""
        return f"nbgrader-{self.course}{self.accounts_suffix}"

    @property
    def hub_groups(self) -> tuple[str, str]:
        """The hub's groups of instructors and trainees, by nbgrader's convention:
        ``formgrade-<course>`` may open the course's formgrader, ``nbgrader-<course>`` take it."""
        return f"formgrade-{self.course}", f"nbgrader-{self.course}"

    # --- folders ------------------------------------------------------------------------------

    @property
    def course_dir(self) -> Path:
        return self.prefix / "course"

    @property
    def course_config(self) -> Path:
        """The instructors' nbgrader settings: the course's, plus the gradebook and the exchange."""
        return self.course_dir / "nbgrader_config.py"

    @property
    def hub_dir(self) -> Path:
        return self.prefix / "hub"

    @property
    def grader_home(self) -> Path:
        return self.prefix / "grader"

    @property
    def database_dir(self) -> Path:
        return self.prefix / "postgres"

    @property
    def socket_dir(self) -> Path:
        return self.prefix / "run"

    @property
    def share(self) -> Path:
        """The trainees' read-only copy of the kit (the trainee bundle's files)."""
        return self.prefix / "kit"

    @property
    def user_env(self) -> Path:
        return self.prefix / "python"

    @property
    def exchange(self) -> Path:
        return self.prefix / "exchange"

    @property
    def proxy_command(self) -> Path:
        """configurable-http-proxy, installed from grader/hub/package-lock.json (``npm ci --prefix grader/hub``)."""
        return self.kit / "grader" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def database_name(self) -> str:
        return "gradebook"

    @property
    def database_role(self) -> str:
        return "grader"

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_cert else 'http'}://{self.ip}:{self.port}"


def course_id(kit: Path) -> str:
    """The course id the kit's nbgrader settings give (``c.CourseDirectory.course_id``)."""
    text = (Path(kit) / "grader" / "nbgrader_config.py").read_text(encoding="utf-8")
    found = re.search(r"^c\.CourseDirectory\.course_id\s*=\s*[\"']([^\"']+)[\"']", text, re.M)
    if not found:
        raise SettingsError(f"{kit}/grader/nbgrader_config.py sets no c.CourseDirectory.course_id")
    return found.group(1)
