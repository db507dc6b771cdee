"""Import every national record (../shared/data/) into a fresh portal, check it and build it strictly.

    python benchmarks/national_import.py OUT_DIR [--no-build]

Prints the import time, how many records kept which field as words (not parsed into numbers), the time of
`congkhai check`, and of `mkdocs build --strict` with the number of pages. The portal has the demo's
department, units and officials; docs/ comes from this repository without the demo's register, statistics
and internal-procedure pages (no data for them here).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from congkhai.cli import main  # noqa: E402
from national_site import config  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "tthc-national-2849.jsonl.gz"


def portal(out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    (out / "procedures").mkdir()
    for name in ("department.yml", "units.yml", "officials.yml", "fields.yml", "legal.yml"):
        shutil.copy(REPO / "data" / name, out / "data" / name)
    shutil.copytree(REPO / "docs", out / "docs")
    for page in ("cong-khai.md", "thong-ke.md", "thu-tuc/noi-bo.md"):
        (out / "docs" / page).unlink(missing_ok=True)
    return out


def run(out: Path, build: bool) -> None:
    root = portal(out)
    started = time.monotonic()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["import-procedures", str(DATA), "--all", "--folder", str(root)])
    seconds = time.monotonic() - started
    text = buffer.getvalue()
    assert code == 0, text[-3000:]
    print(f"import: {seconds:.1f} s")
    for line in text.splitlines()[-6:]:
        if line.strip():
            print("  " + line)
    started = time.monotonic()
    check = subprocess.run([sys.executable, "-m", "congkhai", "check", str(root)], capture_output=True, text=True)
    print(f"check: {time.monotonic() - started:.1f} s, exit {check.returncode}: {(check.stdout or check.stderr).strip()[:300]}")
    started = time.monotonic()
    again = subprocess.run([sys.executable, "-m", "congkhai", "import-procedures", str(DATA), "--all", "--folder", str(root)],
                           capture_output=True, text=True)
    print(f"re-import: {time.monotonic() - started:.1f} s: {again.stdout.strip().splitlines()[-2] if again.stdout.strip() else again.stderr[-300:]}")
    if not build:
        return
    conf = config(root)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CONGKHAI_BUILD_DATE": "21/11/2026"}
    started = time.monotonic()
    result = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-f", str(conf),
                             "-d", str(out / "site")], capture_output=True, text=True, env=env)
    pages = sum(1 for _ in (out / "site").rglob("index.html")) if result.returncode == 0 else 0
    warnings = len(re.findall(r"^WARNING", result.stderr, re.M))
    print(f"mkdocs build --strict: {time.monotonic() - started:.1f} s, exit {result.returncode}, {pages} pages, "
          f"{warnings} warnings")
    if result.returncode:
        print(result.stderr[-3000:])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    run(args.out, not args.no_build)
