"""Generate the course's synthetic case datasets, deterministically.

Every module in ``datasets/generators/`` defines ``generate() -> dict[name, DataFrame]`` and seeds
its own random generator, so adding a dataset never changes another one. Run with ``--check`` to
compare against the committed CSVs without writing (the test suite does this).

    python datasets/generate.py            # write datasets/<name>.csv
    python datasets/generate.py --check    # exit 1 and list the files that differ
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _modules():
    for path in sorted((HERE / "generators").glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"generators.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module


def render() -> dict[str, str]:
    """Every synthetic dataset as the CSV text it is committed as."""
    files = {}
    for module in _modules():
        for name, frame in module.generate().items():
            if name in files:
                raise ValueError(f"dataset {name!r} is generated twice (second time by {module.__name__})")
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False, lineterminator="\n")
            files[f"{name}.csv"] = buffer.getvalue()
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    differ = []
    for filename, text in render().items():
        path = HERE / filename
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                differ.append(filename)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {filename} ({text.count(chr(10)) - 1} rows)")
    if differ:
        print("differ from the generator:", ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
