"""The package's stages (congkhai/__init__.py) import one way only: import-linter's contracts in
pyproject.toml, run as `lint-imports`, on the package and on a copy with one wrong import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT), "--config", str(cwd / "pyproject.toml"), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_contracts_kept():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "congkhai", tmp_path / "congkhai", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize("module, added, reported", [
    ("content/model.py", "from ..derive import listings", "congkhai.content.model -> congkhai.derive.listings"),
    ("importers/sync.py", "from ..publish import render", "congkhai.importers.sync -> congkhai.publish.render"),
    ("publish/render.py", "import mkdocs", "congkhai.publish.render -> mkdocs"),
])
def test_a_wrong_import_breaks_a_contract(tmp_path, module, added, reported):
    """A lower stage importing a higher one, two stages of one level importing each other, the package importing
    MkDocs: each is reported with the import that breaks the contract."""
    root = _copy(tmp_path)
    path = root / "congkhai" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{added}  # noqa\n", encoding="utf-8")
    result = _lint(root)
    assert result.returncode != 0
    assert reported in result.stdout
