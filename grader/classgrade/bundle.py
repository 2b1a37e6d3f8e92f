"""The zip a trainee can use on their own: lessons, cases, exercises, data, the package and the
files that install it. No instructor material: no ``solutions/``, rubrics, teaching notes,
grading tools, gradebook or submissions. The build refuses to finish if a notebook it would ship
still holds a solution or a hidden test.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# What a trainee gets: folders (whole) and single files, relative to the kit's root.
FOLDERS = ("notebooks", "cases", "exercises", "datasets", "src", "apps")
FILES = ("README.md", "Makefile", "pyproject.toml", "requirements.lock", "environment.yml", "LICENSE",
         # nbgrader's lab extensions in the trainee's JupyterLab read the course settings.
         "grader/nbgrader_config.py")
# Needed by `make install`: the build fails without them.
REQUIRED = ("README.md", "Makefile", "pyproject.toml", "requirements.lock", "src")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", "build"}
SKIP_SUFFIXES = (".pyc", ".db", ".sqlite")
FORBIDDEN_TEXT = ("### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION", "### BEGIN MARK SCHEME")


def bundle_files(kit: Path) -> list[Path]:
    """The files of the bundle, relative to ``kit``."""
    kit = Path(kit)
    missing = [name for name in REQUIRED if not (kit / name).exists()]
    if missing:
        raise FileNotFoundError(f"kit={kit}: cannot build a trainee bundle without {', '.join(missing)}")
    chosen = [Path(name) for name in FILES if (kit / name).is_file()]
    for folder in FOLDERS:
        for path in sorted((kit / folder).rglob("*")):
            relative = path.relative_to(kit)
            if (path.is_file() and not SKIP_PARTS.intersection(relative.parts)
                    and not path.name.endswith(SKIP_SUFFIXES) and not relative.parts[-1].endswith(".egg-info")
                    and not any(part.endswith(".egg-info") for part in relative.parts)):
                chosen.append(relative)
    return chosen


def build_bundle(kit: Path, out: Path, prefix: str = "service-kit") -> Path:
    """Write the zip to ``out`` (files under ``prefix/``) and return its path."""
    kit, out = Path(kit), Path(out)
    files = bundle_files(kit)
    for relative in files:
        if relative.suffix == ".ipynb":
            text = (kit / relative).read_text(encoding="utf-8", errors="replace")
            found = [marker for marker in FORBIDDEN_TEXT if marker in text]
            if found:
                raise ValueError(f"{relative} holds {found[0]!r}: regenerate the exercises (make exercises)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for relative in files:
            zipped.write(kit / relative, f"{prefix}/{relative.as_posix()}")
    return out
