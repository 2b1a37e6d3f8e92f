"""Configure the course's JupyterLab inside the virtual environment (run by ``make install``).

- switches off JupyterLab's news and update pop-ups (trainees should land on the start page);
- points nbgrader, wherever it is started from, at the course's ``grader/nbgrader_config.py``.

Everything is written under ``sys.prefix`` (the ``.venv``), so nothing outside the kit changes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    prefix = Path(sys.prefix)
    settings = prefix / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = {
        "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    }
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=2) + "\n", encoding="utf-8")

    config_dir = prefix / "etc" / "jupyter"
    config_dir.mkdir(parents=True, exist_ok=True)
    course_config = ROOT / "grader" / "nbgrader_config.py"
    (config_dir / "nbgrader_config.py").write_text(
        "# Written by `make install`: use the course's nbgrader settings.\n"
        f"load_subconfig({str(course_config)!r})\n",
        encoding="utf-8",
    )
    print(f"JupyterLab configured in {prefix} (news off; nbgrader uses {course_config.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
