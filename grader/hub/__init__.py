"""The class server on one machine, in the manner of The Littlest JupyterHub: JupyterHub with its
proxy, one course, instructors and trainees as local accounts (PAM), nbgrader's exchange, the
gradebook on PostgreSQL, formgrader as a hub service and the kit's grading pipeline for the class.
``make hub`` sets it up and runs it; grader/INSTRUCTOR_GUIDE.md ("A class on JupyterHub") is the
instructors' page. ``kubernetes/`` is the same course on Zero to JupyterHub.

- ``settings``: the settings file (``class.yml``) and where everything lives, with who may read it;
- ``install``: ``python -m grader.hub setup``: accounts, folders, the course, the trainees' Python,
  the database cluster;
- ``services``: ``python -m grader.hub run``: PostgreSQL, then JupyterHub (``jupyterhub_config.py``),
  each started and stopped by its process id;
- ``course`` and ``steps``: the instructors' commands (release, grade, feedback, export), nbgrader's
  steps run as the course's owner and the pipeline as root;
- ``exchange``: nbgrader's collect that takes a submission only from the account it names.

The proxy, configurable-http-proxy, is an npm package pinned in ``package-lock.json`` beside this
file (``npm ci --prefix grader/hub``).
"""
