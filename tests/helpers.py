"""Shared helpers for tests: fixture sites in temporary folders, and building them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = Path(sys.executable).parent / "mkdocs"
BUILD_DATE = "21/11/2026"


def copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def site_config(root: Path, *, docs: Path | None = None) -> Path:
    """A mkdocs.yml for a fixture site that uses this repository's hooks, templates and pages."""
    docs = docs or REPO / "docs"
    if not (root / "docs").exists():
        shutil.copytree(docs, root / "docs")
    config_data = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config_data["theme"]["custom_dir"] = str(REPO / "overrides")
    config_data["hooks"] = [str(REPO / "hooks" / "congkhai_mkdocs.py")]
    config_data.pop("watch", None)
    text = yaml.safe_dump(config_data, allow_unicode=True, sort_keys=False)
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


# MkDocs run in a child process with parts of congkhai's checks switched off ("congkhai.content.site._links"), to see
# what MkDocs alone, or the cleaner alone, makes of content the checks would have refused
_WITHOUT = """
import sys
import congkhai.content.site
for name in sys.argv[4:]:
    setattr(congkhai.content.site, name, lambda *args, **kwargs: [])
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", *(["--strict"] if sys.argv[3] == "strict" else ["-q"]), "-f", sys.argv[1], "-d", sys.argv[2]]
cli()
"""


def mkdocs_build_without(config: Path, site_dir: Path, checks: list[str], strict: bool) -> subprocess.CompletedProcess:
    """`mkdocs build` with congkhai.content.site's `checks` (function names) answering no problem."""
    env = {"CONGKHAI_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1", "PATH": str(MKDOCS.parent)}
    return subprocess.run([sys.executable, "-c", _WITHOUT, str(config), str(site_dir),
                           "strict" if strict else "quiet", *checks],
                          capture_output=True, text=True, cwd=config.parent, env=env)


def mkdocs_build(config: Path, site_dir: Path, build_date: str = BUILD_DATE, quiet: bool = True,
                 **env_extra) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`. Note: with -q (quiet) MkDocs drops its own warnings before strict mode counts
    them, so a build that must fail on a MkDocs warning (a broken link) is run with quiet=False."""
    env = dict(os.environ, CONGKHAI_BUILD_DATE=build_date, NO_MKDOCS_2_WARNING="1", **env_extra)
    return subprocess.run([str(MKDOCS), "build", "--strict", *(["-q"] if quiet else []), "-f", str(config),
                           "-d", str(site_dir)],
                          capture_output=True, text=True, env=env, cwd=config.parent)
