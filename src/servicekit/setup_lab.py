"""Configure the course's JupyterLab inside the virtual environment (run by ``make install``).

- switches off JupyterLab's news and update pop-ups (trainees should land on the start page);
- points nbgrader, wherever it is started from, at the course's ``grader/nbgrader_config.py``;
- shuts down kernels left idle with no open tab for ``KERNEL_IDLE_MINUTES``;
- saves a notebook's widgets as a line that says to run the cell (``widget_hint_on_save``): a
  widget lives in the kernel, so a saved one would reopen as "Error displaying widget: model
  not found";
- switches off nbgrader's Validate button (``VALIDATE_BUTTON``): it prints fixed texts of its own,
  and on a lesson, which has no tests, it says "Success!". An exercise's last cell,
  ``exercise.check()``, says per question what passes instead.

Everything is written under ``sys.prefix`` (the ``.venv``), so nothing outside the kit changes.

It also says where the course is, for everything else that needs to know (nbgrader's settings,
``grader``): ``course_root()``. It lives here, not in ``grader``, because the trainee bundle
has this package and the nbgrader settings but none of the grading tools.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: The course's nbgrader settings, relative to the course root. The course root is the kit's root
#: and nbgrader's (``CourseDirectory.root``): ``solutions/`` (source) and ``exercises/`` (release)
#: are beside ``grader/``.
COURSE_CONFIG = Path("grader", "nbgrader_config.py")
KERNEL_IDLE_MINUTES = 20
VALIDATE_BUTTON = "@jupyter/nbgrader:validate-assignment"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: What a saved notebook shows where a widget was, in both languages.
WIDGET_HINT = ("▶ Run this cell to use the interactive widget: widgets are not saved with the notebook.\n"
               "▶ 运行本单元格即可使用交互控件：交互控件不随笔记本保存。")


def widget_hint_on_save(model, **kwargs):
    """The lab's pre-save hook: in a notebook being saved, every widget output becomes
    ``WIDGET_HINT`` (once per cell); other outputs are kept as they are."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        outputs = cell.get("outputs")
        if not outputs:
            continue
        kept = [o for o in outputs if WIDGET_VIEW not in (o.get("data") or {})]
        if len(kept) < len(outputs):
            kept.append({"output_type": "stream", "name": "stdout", "text": WIDGET_HINT + "\n"})
            cell["outputs"] = kept


def course_root(start: Path | str | None = None) -> Path:
    """The course root: the nearest folder, from ``start`` (default: the current directory) up,
    that holds ``grader/nbgrader_config.py``.

    ``make`` runs from the root, so every ``make`` target finds it; nbgrader's settings pass the
    folder they are in.
    """
    start = Path.cwd() if start is None else Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / COURSE_CONFIG).is_file():
            return folder
    raise FileNotFoundError(f"not inside a course: no folder at or above {start} holds {COURSE_CONFIG} "
                            "(run from the kit's root, or name the course root)")


def main() -> None:
    root = course_root()
    prefix = Path(sys.prefix)
    settings = prefix / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = {
        "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    }
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=2) + "\n", encoding="utf-8")

    config_dir = prefix / "etc" / "jupyter"
    config_dir.mkdir(parents=True, exist_ok=True)
    # A kernel left behind (a lesson closed without shutting its kernel down) is shut down after
    # KERNEL_IDLE_MINUTES with no activity and no open tab: a pass through the course must not
    # leave a dozen kernels holding memory.
    server_config = config_dir / "jupyter_server_config.json"
    settings_now = json.loads(server_config.read_text(encoding="utf-8")) if server_config.is_file() else {}
    settings_now["MappingKernelManager"] = {"cull_idle_timeout": KERNEL_IDLE_MINUTES * 60, "cull_interval": 60,
                                            "cull_connected": False, "cull_busy": False}
    settings_now["ContentsManager"] = {"pre_save_hook": "servicekit.setup_lab.widget_hint_on_save"}
    server_config.write_text(json.dumps(settings_now, indent=2) + "\n", encoding="utf-8")
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    page_config = labconfig / "page_config.json"
    page = json.loads(page_config.read_text(encoding="utf-8")) if page_config.is_file() else {}
    page.setdefault("disabledExtensions", {})[VALIDATE_BUTTON] = True
    page_config.write_text(json.dumps(page, indent=2) + "\n", encoding="utf-8")
    course_config = root / COURSE_CONFIG
    (config_dir / "nbgrader_config.py").write_text(
        "# Written by `make install`: use the course's nbgrader settings.\n"
        f"load_subconfig({str(course_config)!r})\n",
        encoding="utf-8",
    )
    print(f"JupyterLab configured in {prefix} (news off; nbgrader uses {COURSE_CONFIG}; its Validate button off)")


if __name__ == "__main__":
    main()
