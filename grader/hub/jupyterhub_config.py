"""JupyterHub's configuration of the class server (``python -m grader.hub run`` starts the hub
with it; the settings file it reads is named by SERVICEKIT_HUB_SETTINGS).

- PAM logs in the local accounts of the settings (instructors and trainees, nobody else);
- each person's server runs as their own account, from the trainees' Python (``python/``), in
  their home, in a control group of its own (``grader/hub/spawner.py``: memory, processes and
  CPUs of the settings); SERVICEKIT_TRAINEE_ID is the account's name, so that each trainee's data
  draw is their own (the grader uses the same id: the account that submitted);
- an idle kernel is shut down after ``idle_minutes``, and a server with no kernel, terminal or
  visit for as long stops itself (the hub then shows it as stopped);
- formgrader is a hub service named after the course, run by the grader account in the course
  folder; only the group ``formgrade-<course>`` (the instructors) may open it;
- configurable-http-proxy (grader/hub/package-lock.json) is started and stopped by the hub.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the kit, for grader.hub.settings

from grader.hub.settings import SETTINGS_VARIABLE, Settings  # noqa: E402
from grader.hub.spawner import ClassSpawner  # noqa: E402

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)
hub = Settings.load(os.environ[SETTINGS_VARIABLE])
course = hub.course
user_bin = hub.user_env / "bin"
PATH = f"{user_bin}:/usr/local/bin:/usr/bin:/bin"

# --- where the hub listens and keeps its state -----------------------------------------------------
c.JupyterHub.bind_url = hub.url
if hub.ssl_cert:
    c.JupyterHub.ssl_cert = hub.ssl_cert
    c.JupyterHub.ssl_key = hub.ssl_key
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{hub.hub_port}"
c.JupyterHub.db_url = f"sqlite:///{hub.hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(hub.hub_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(hub.hub_dir / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [str(hub.proxy_command)]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{hub.proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = str(hub.hub_dir / "proxy.pid")
c.JupyterHub.cleanup_servers = True   # stopping the hub stops every server it started
c.JupyterHub.cleanup_proxy = True

# --- who logs in --------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(hub.instructors) | set(hub.trainees)
c.Authenticator.admin_users = set()
c.PAMAuthenticator.open_sessions = False  # no login session (systemd-logind) for a web login

# --- each person's server -----------------------------------------------------------------------
c.JupyterHub.spawner_class = ClassSpawner.configure(hub.server_memory_mb, hub.server_processes, hub.server_cpus)
c.Spawner.cmd = [str(user_bin / "jupyterhub-singleuser")]
# On the command line, so that they win over the lab's own settings (setup_lab's kernel culling).
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={hub.idle_minutes * 60}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
    f"--ServerApp.shutdown_no_activity_timeout={hub.idle_minutes * 60}",
]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/service-kit/notebooks/00_start_here.ipynb"
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {
    "PATH": PATH,
    # The trainee's data draw (servicekit.trainee): the account's name, as at grading.
    "SERVICEKIT_TRAINEE_ID": lambda spawner: spawner.user.name,
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
# A server asked to stop (the hub stopping, an idle server) gets SIGINT, then SIGTERM: a few
# seconds each, not the default 10 and 5, so that the hub stops in seconds.
c.Spawner.interrupt_timeout = 3
c.Spawner.term_timeout = 3

# --- groups, roles and formgrader -----------------------------------------------------------------
instructors, trainees = hub.hub_groups
c.JupyterHub.load_groups = {
    instructors: {"users": list(hub.instructors)},
    trainees: {"users": list(hub.trainees)},
}
c.JupyterHub.load_roles = [
    {"name": instructors, "description": f"Instructors of {course}: its formgrader",
     "groups": [instructors],
     "scopes": [f"access:services!service={course}", "list:services", f"read:services!service={course}"]},
    {"name": trainees, "description": f"Trainees of {course}: their own server only",
     "groups": [trainees], "scopes": []},
]
c.JupyterHub.services = [{
    "name": course,
    "url": f"http://127.0.0.1:{hub.formgrader_port}",
    "command": [str(user_bin / "jupyterhub-singleuser"), f"--ServerApp.root_dir={hub.course_dir}"],
    "user": hub.grader_account,
    "cwd": str(hub.course_dir),
    "environment": {
        "PATH": PATH,
        "HOME": str(hub.grader_home),
        # The course folder's grader/ (the kit's grading side: feedback by allowlist, autograde refused).
        "PYTHONPATH": str(hub.course_dir),
        "JUPYTERHUB_DEFAULT_URL": "/formgrader",
    },
    "oauth_no_confirm": True,
    "display": True,
}]
