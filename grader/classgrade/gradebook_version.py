"""The schema version nbgrader stamps on every new gradebook, read in this process.

nbgrader finds it by running the ``alembic heads`` command in a new process for each new
gradebook, which imports nbgrader again: about 5 s a time, paid by each batch's template course
(its submissions copy that gradebook) and by every course a test builds. The answer is nbgrader's own migration scripts' head, so it is read
here from those scripts with alembic's API, once per process (``tests/test_grading_units.py``
checks it against nbgrader's command).
"""

from __future__ import annotations

import functools


@functools.cache
def alembic_head() -> str:
    """The newest revision of nbgrader's gradebook migrations (what ``alembic heads`` prints)."""
    import alembic.config
    import alembic.script
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini("sqlite:///gradebook.db") as ini:
        heads = alembic.script.ScriptDirectory.from_config(alembic.config.Config(ini)).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"nbgrader's gradebook migrations have {len(heads)} heads, not one: {heads}")
    return heads[0]


def install() -> None:
    """Make nbgrader's new gradebooks take their version from ``alembic_head``."""
    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head
