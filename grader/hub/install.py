"""``python -m grader.hub setup``: put the class server on this machine (root; run again after a
change to the kit or to the settings: it changes only what differs).

1. Unix groups and local accounts (PAM logs them in): the instructors and the grader account in
   ``formgrade-<course>``, the trainees in ``nbgrader-<course>``; every person's home 0700.
2. The folders of ``settings.py``'s table, with their owners and modes; nbgrader's exchange.
3. The course from the kit (``solutions/``, ``exercises/``, ``grader/``) into ``course/``, for
   instructors only; the trainee bundle's files into ``kit/``, for everyone; each person's own
   copy of the lessons and cases in ``~/service-kit``.
4. The trainees' Python (``python/``): a virtual environment of a system Python every account
   can run, with the kit's pinned ``requirements.lock``, and nbgrader settings that hold only
   what trainees may see (the course id and the exchange).
5. The gradebook's PostgreSQL cluster (``postgres/``) and its password.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from .settings import Settings

#: nbgrader's instructor tools in the lab: formgrader, the course list, the assignment creator.
INSTRUCTOR_LAB = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment")
#: Lab extensions a trainee's lab does not load: the instructor tools, and nbgrader's Validate
#: button (the kit's Check your work replaces it).
TRAINEE_DISABLED_LAB = (*INSTRUCTOR_LAB, "@jupyter/nbgrader:validate-assignment")
#: Server extensions a trainee's server does not load (instructor tools).
TRAINEE_DISABLED_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
#: What the bytecode warm-up imports when the whole environment is not compiled (tests): what
#: every server and nbgrader command imports, so that each starts without compiling it again.
WARM_IMPORTS = ("jupyterhub.singleuser", "jupyter_server.serverapp", "jupyterlab", "jupyter_lsp",
                "jupyter_server_terminals", "notebook_shim", "nbgrader.apps", "nbgrader.apps.api",
                "nbgrader.plugins.export", "nbgrader.server_extensions.formgrader",
                "nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment",
                "nbgrader.server_extensions.course_list", "psycopg", "sqlalchemy.dialects.postgresql.psycopg",
                "ipykernel.kernelapp", "servicekit.trainee", "yaml")
#: Each person's own copy of these (``~/service-kit``); the exercises come through the exchange.
LESSON_FOLDERS = ("notebooks", "cases", "apps")
#: What the course folder's copies of the kit leave out.
COURSE_IGNORE = shutil.ignore_patterns("__pycache__", "node_modules", ".ipynb_checkpoints", "*.pyc", "*.db")


class SetupError(RuntimeError):
    """The machine lacks something the class server needs; the message says what."""


def setup(settings: Settings, log=print) -> None:
    """Everything the class server needs, in order (see the module's docstring)."""
    require_root()
    os.umask(0o022)
    postgres_bin = find_postgres()
    check_python(settings.python)
    if not settings.proxy_command.exists():
        raise SetupError(f"no {settings.proxy_command}: run `npm ci --prefix grader/hub` in the kit (Node.js 20 or newer)")
    check_kit_is_private(settings, log)
    accounts(settings, log)
    folders(settings)
    install_course(settings)
    # The two slow steps (installing the pinned set, making the database cluster) run while the
    # shared copy of the kit is made.
    installing = begin_user_environment(settings)
    initdb = begin_database_cluster(settings, postgres_bin)
    try:
        install_share(settings)
        lesson_copies(settings)
    except BaseException:
        for started in (installing, initdb):
            if started is not None:
                started[1].kill()
                started[1].wait()
        raise
    finish_user_environment(settings, installing)
    finish_database_cluster(settings, initdb)
    grader_settings(settings)
    write_course_config(settings)
    log(f"class server set up in {settings.prefix}; start it with `python -m grader.hub run {settings.source}`")


# --- checks -------------------------------------------------------------------------------------

def require_root() -> None:
    if os.geteuid() != 0:
        raise SetupError("the class server is set up and run as root (accounts, folder owners, the "
                         "grading sandbox): sudo make hub")


def find_postgres() -> Path:
    """The newest Debian PostgreSQL server's bin/ folder (``apt-get install postgresql``)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if not found:
        raise SetupError("no PostgreSQL server: apt-get install postgresql (Debian, Ubuntu)")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise SetupError("no `postgres` account: install Debian's postgresql package, which makes it") from None
    return found[-1].parent


def check_python(python: str) -> None:
    """The trainees' environment is made from ``python``: another account must be able to run it
    (a Python inside root's home, as pyenv installs it, cannot be), and it must be 3.11 or newer."""
    probe = [python, "-c", "import sys; print(sys.version_info >= (3, 11))"]
    try:
        nobody = pwd.getpwnam("nobody")
        result = subprocess.run(probe, user=nobody.pw_uid, group=nobody.pw_gid, extra_groups=[], capture_output=True,
                                text=True, timeout=60, cwd="/")
    except (OSError, KeyError) as error:
        raise SetupError(f"python={python}: cannot be run by another account ({error}); name a system "
                         "Python in the settings (python: /usr/bin/python3)") from None
    if result.returncode != 0:
        raise SetupError(f"python={python}: cannot be run by another account: {result.stderr.strip()[-300:]}; "
                         "name a system Python in the settings (python: /usr/bin/python3)")
    if result.stdout.strip() != "True":
        raise SetupError(f"python={python}: the kit needs Python 3.11 or newer")


def check_kit_is_private(settings: Settings, log) -> None:
    """The kit checkout holds ``solutions/``: on a class server no trainee may read it."""
    for folder in (settings.kit, *settings.kit.parents):
        mode = folder.stat().st_mode
        if not mode & 0o001:
            return  # others cannot enter this folder, so nothing below it
    if settings.kit.joinpath("solutions").stat().st_mode & 0o005:
        log(f"WARNING: {settings.kit}/solutions can be read by every account on this machine, trainees too: "
            f"chmod 700 {settings.kit} (the class server uses its own copy in {settings.course_dir})")


# --- accounts -----------------------------------------------------------------------------------

def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SetupError(f"{' '.join(command)}: {(result.stderr or result.stdout).strip()[-500:]}")
    return result


def _has_group(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def _has_account(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def accounts(settings: Settings, log=print) -> None:
    """Groups and accounts; an account made here has a locked password until `passwd <name>`."""
    for group in (settings.instructors_group, settings.trainees_group):
        if not _has_group(group):
            _run(["groupadd", "--system", group])
    if not _has_account(settings.grader_account):
        _run(["useradd", "--system", "--gid", settings.instructors_group, "--home-dir", str(settings.grader_home),
              "--no-create-home", "--shell", "/usr/sbin/nologin", "--comment", f"grader of {settings.course}",
              settings.grader_account])
    made = []
    for name, group in [(n, settings.instructors_group) for n in settings.instructors] + \
                       [(n, settings.trainees_group) for n in settings.trainees]:
        if not _has_account(name):
            _run(["useradd", "--create-home", "--shell", "/bin/bash", name])
            made.append(name)
        if name not in grp.getgrnam(group).gr_mem:
            _run(["usermod", "--append", "--groups", group, name])
        home = Path(pwd.getpwnam(name).pw_dir)
        if home.is_dir():
            home.chmod(0o700)  # Debian's useradd leaves homes readable by every account
    if made:
        log(f"accounts made (password locked: set one with `passwd <name>`): {', '.join(made)}")
    # Trainees who left the class lose the course's group (their account and files stay).
    for member in grp.getgrnam(settings.trainees_group).gr_mem:
        if member not in settings.trainees:
            _run(["gpasswd", "--delete", member, settings.trainees_group])
    for member in grp.getgrnam(settings.instructors_group).gr_mem:
        if member not in settings.instructors and member != settings.grader_account:
            _run(["gpasswd", "--delete", member, settings.instructors_group])


# --- folders ------------------------------------------------------------------------------------

def _ids(owner: str, group: str | None = None) -> tuple[int, int]:
    user = pwd.getpwnam(owner)
    return user.pw_uid, grp.getgrnam(group).gr_gid if group else user.pw_gid


def folder(path: Path, owner: str, group: str | None, mode: int) -> Path:
    """``path`` as a folder of ``owner``:``group`` with ``mode`` (set bits included), whatever it was."""
    path.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        raise SetupError(f"{path} is not a folder")
    os.chown(path, *_ids(owner, group))
    os.chmod(path, mode)
    return path


def folders(settings: Settings) -> None:
    grader, instructors = settings.grader_account, settings.instructors_group
    folder(settings.prefix, "root", "root", 0o755)
    folder(settings.hub_dir, "root", "root", 0o700)
    folder(settings.grader_home, grader, instructors, 0o700)
    folder(settings.course_dir, grader, instructors, 0o2770)
    folder(settings.share, "root", "root", 0o755)
    folder(settings.user_env, "root", "root", 0o755)
    folder(settings.database_dir, "postgres", "postgres", 0o700)
    folder(settings.socket_dir, "postgres", "postgres", 0o755)
    # nbgrader's exchange: the root writable by all (nbgrader checks it), sticky so that no account
    # removes another's entry; the course's folder is the grader account's, made here so that no
    # trainee can make it first. outbound: released assignments, readable by all; inbound: anyone
    # may add a submission, nobody but the grader account may list them, and (sticky) nobody may
    # rename or remove another's; feedback: each file is named by a hash of its submission's
    # secret, and the folder cannot be listed.
    folder(settings.exchange, "root", "root", 0o1777)
    course = folder(settings.exchange / settings.course, grader, instructors, 0o755)
    folder(course / "outbound", grader, instructors, 0o755)
    folder(course / "inbound", grader, instructors, 0o3733)
    folder(course / "feedback", grader, instructors, 0o711)


def _chown_tree(top: Path, uid: int, gid: int, dir_mode: int | None = None, file_mode: int | None = None) -> None:
    for path in [top, *top.rglob("*")]:
        os.lchown(path, uid, gid)
        if path.is_symlink():
            continue
        if path.is_dir() and dir_mode is not None:
            os.chmod(path, dir_mode)
        elif path.is_file() and file_mode is not None:
            os.chmod(path, file_mode)


def _replace(source: Path, target: Path, ignore=COURSE_IGNORE) -> None:
    """A fresh copy of ``source`` at ``target`` (built beside it, then swapped in)."""
    incoming = target.with_name(target.name + ".incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(source, incoming, ignore=ignore, symlinks=False)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    incoming.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def install_course(settings: Settings) -> None:
    """The instructors' course: the kit's source assignments, releases and grading side. What
    grading produces there (submissions, grades, the journal) is kept."""
    uid, gid = _ids(settings.grader_account, settings.instructors_group)
    for name in ("solutions", "exercises", "grader"):
        _replace(settings.kit / name, settings.course_dir / name)
        _chown_tree(settings.course_dir / name, uid, gid, 0o2770, 0o660)


def install_share(settings: Settings) -> None:
    """What every account may read: the trainee bundle's files (``make trainee-bundle``) but the
    exercises, which trainees receive through the exchange when they are released."""
    from grader.classgrade.bundle import bundle_files

    files = [f for f in bundle_files(settings.kit) if f.parts[0] != "exercises"]
    incoming = settings.share.with_name(settings.share.name + ".incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir()
    for relative in files:
        (incoming / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.kit / relative, incoming / relative)
    _chown_tree(incoming, 0, 0, 0o755, 0o644)
    old = settings.share.with_name(settings.share.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    settings.share.rename(old)
    incoming.rename(settings.share)
    shutil.rmtree(old, ignore_errors=True)


def lesson_copies(settings: Settings) -> None:
    """Each person's own copy of the lessons and cases, ``~/service-kit`` (made once: their
    changes are theirs). The kit's code and data stay in the shared read-only copy."""
    for name in (*settings.instructors, *settings.trainees):
        user = pwd.getpwnam(name)
        target = Path(user.pw_dir) / "service-kit"
        if os.path.lexists(target) or not Path(user.pw_dir).is_dir():
            continue
        target.mkdir()
        for part in LESSON_FOLDERS:
            if (settings.share / part).is_dir():
                shutil.copytree(settings.share / part, target / part)
        _chown_tree(target, user.pw_uid, user.pw_gid, 0o755, 0o644)


# --- the trainees' Python -----------------------------------------------------------------------

def _start(command: list[str], **kwargs) -> tuple[list[str], subprocess.Popen]:
    return command, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _finish(started: tuple[list[str], subprocess.Popen] | None) -> None:
    if started is None:
        return
    command, process = started
    out, err = process.communicate()
    if process.returncode != 0:
        raise SetupError(f"{' '.join(command)}: {(err or out).strip()[-500:]}")


def begin_user_environment(settings: Settings) -> tuple[list[str], subprocess.Popen]:
    """A virtual environment of the system Python, and the kit's pinned set going into it: what
    trainees' servers, their kernels and formgrader run. Nothing in it is secret."""
    python = settings.user_env / "bin" / "python"
    uv = Path(sys.executable).parent / "uv"
    uv = str(uv) if uv.exists() else "uv"
    if not python.exists():
        _run([uv, "venv", "--quiet", "--python", settings.python, str(settings.user_env)])
    install = [uv, "pip", "install", "--quiet", "--python", str(python), "-r", str(settings.kit / "requirements.lock")]
    if settings.compile_bytecode:
        install.insert(3, "--compile-bytecode")
    return _start(install)


def finish_user_environment(settings: Settings, installing) -> None:
    """Once the pinned set is in: the course's package, the lab's settings, the trainees' nbgrader settings."""
    _finish(installing)
    python = settings.user_env / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # The course's package from the shared copy (as `make install`'s editable install does).
    (site / "servicekit.pth").write_text(f"{settings.share / 'src'}\n", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV")}
    # The lab's settings as `make install` writes them, from the shared copy (whose nbgrader
    # settings are the trainee bundle's), then the hub's trainee settings over them.
    _run([str(python), "-m", "servicekit.setup_lab"], cwd=settings.share, env=clean)
    trainee_settings(settings)
    if not settings.compile_bytecode:
        _run([str(python), "-c", "; ".join(f"import {name}" for name in WARM_IMPORTS)], cwd="/", env=clean)


def trainee_settings(settings: Settings) -> None:
    """The environment-wide settings every server of this Python loads: nbgrader knows the course
    and the exchange, nothing of the instructors' side; nbgrader's instructor tools are off."""
    etc = settings.user_env / "etc" / "jupyter"
    (etc / "nbgrader_config.py").write_text(
        "# The class server's nbgrader settings for trainees (python -m grader.hub setup): the course\n"
        "# and nbgrader's exchange, nothing else. Instructors' settings are in the course folder.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {settings.course!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n",
        encoding="utf-8")
    server = etc / "jupyter_server_config.json"
    config = json.loads(server.read_text(encoding="utf-8")) if server.exists() else {}
    extensions = config.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {})
    extensions.update({name: False for name in TRAINEE_DISABLED_SERVER})
    server.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    page_file = etc / "labconfig" / "page_config.json"
    page = json.loads(page_file.read_text(encoding="utf-8")) if page_file.exists() else {}
    page.setdefault("disabledExtensions", {}).update({name: True for name in TRAINEE_DISABLED_LAB})
    page_file.parent.mkdir(parents=True, exist_ok=True)
    page_file.write_text(json.dumps(page, indent=2) + "\n", encoding="utf-8")


def grader_settings(settings: Settings) -> None:
    """formgrader's server (the grader account's) turns nbgrader's instructor tools back on."""
    uid, gid = _ids(settings.grader_account, settings.instructors_group)
    jupyter = settings.grader_home / ".jupyter"
    (jupyter / "labconfig").mkdir(parents=True, exist_ok=True)
    (jupyter / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {name: True for name in TRAINEE_DISABLED_SERVER}}}, indent=2) + "\n")
    (jupyter / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {name: False for name in INSTRUCTOR_LAB}}, indent=2) + "\n")
    _chown_tree(settings.grader_home, uid, gid)


# --- the gradebook's database -------------------------------------------------------------------

def password_file(settings: Settings) -> Path:
    return settings.hub_dir / "gradebook-password"


def gradebook_password(settings: Settings) -> str:
    path = password_file(settings)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def database_url(settings: Settings, password: str | None = None) -> str:
    password = password if password is not None else gradebook_password(settings)
    return (f"postgresql+psycopg://{settings.database_role}:{password}@127.0.0.1:"
            f"{settings.database_port}/{settings.database_name}")


HBA = """# The class server's gradebook (python -m grader.hub setup): the postgres account on this
# machine by its Unix name, the grading role over 127.0.0.1 with its password, no one else.
local   all         postgres                  peer
host    {database}  {role}    127.0.0.1/32  scram-sha-256
"""


def begin_database_cluster(settings: Settings, postgres_bin: Path):
    """A PostgreSQL cluster of the class server's own (not the system's), made once."""
    if (settings.database_dir / "PG_VERSION").exists():
        return None
    return _start([str(postgres_bin / "initdb"), "--pgdata", str(settings.database_dir), "--username", "postgres",
                   "--encoding", "UTF8", "--locale", "C.UTF-8", "--auth-local", "peer", "--auth-host", "scram-sha-256",
                   "--no-instructions"], user="postgres", group="postgres", extra_groups=[], cwd="/")


def finish_database_cluster(settings: Settings, initdb) -> None:
    """Who may log in to it (``HBA``), and the grading role's password."""
    _finish(initdb)
    hba = settings.database_dir / "pg_hba.conf"
    hba.write_text(HBA.format(database=settings.database_name, role=settings.database_role))
    os.chown(hba, *_ids("postgres"))
    hba.chmod(0o600)
    gradebook_password(settings)


def write_course_config(settings: Settings) -> None:
    """The instructors' nbgrader settings, read by formgrader, nbgrader's commands in the course
    folder and the class pipeline: the course's own, then the gradebook and the exchange."""
    path = settings.course_config
    path.write_text(
        '"""nbgrader settings of the class server\'s course (python -m grader.hub setup). Instructors only:\n'
        'it holds the gradebook\'s password."""\n'
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(settings.course_dir / 'grader' / 'nbgrader_config.py')!r})  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(settings.course_dir)!r}\n"
        f"c.CourseDirectory.db_url = {database_url(settings)!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n"
        "# A submission counts as the trainee's only if that trainee's account made it.\n"
        'c.ExchangeFactory.collect = "grader.hub.exchange.OwnerCheckedCollect"\n',
        encoding="utf-8")
    os.chown(path, *_ids(settings.grader_account, settings.instructors_group))
    path.chmod(0o640)


# --- removal ------------------------------------------------------------------------------------

def uninstall(settings: Settings, log=print) -> None:
    """Remove the class server: its prefix (course, grades, database, exchange), the grader account
    and the course's groups. People's accounts and homes stay theirs. Stop it first."""
    require_root()
    if (settings.hub_dir / "pids.json").exists():
        raise SetupError(f"the class server is running ({settings.hub_dir / 'pids.json'}): stop it first")
    if settings.prefix.exists():
        if not (settings.prefix / "course").is_dir() or not (settings.prefix / "hub").is_dir():
            raise SetupError(f"{settings.prefix} is not a class server's folder: not removed")
        shutil.rmtree(settings.prefix)
    if _has_account(settings.grader_account):
        _run(["userdel", settings.grader_account])
    for group in (settings.instructors_group, settings.trainees_group):
        if _has_group(group):
            _run(["groupdel", group])
    log(f"class server removed from {settings.prefix}")
