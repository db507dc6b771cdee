"""The package's stages (congkhai/__init__.py) import one way only: import-linter's contracts in
pyproject.toml, run as `lint-imports`, on the package and on a copy with one wrong import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_a_lower_stage_importing_a_higher_one_breaks_the_contract(tmp_path):
    root = _copy(tmp_path)
    model = root / "congkhai" / "content" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom ..derive import listings  # noqa\n", encoding="utf-8")
    result = _lint(root)
    assert result.returncode != 0
    assert "congkhai.content.model -> congkhai.derive.listings" in result.stdout


def test_importing_mkdocs_in_the_package_breaks_the_contract(tmp_path):
    root = _copy(tmp_path)
    render = root / "congkhai" / "publish" / "render.py"
    render.write_text(render.read_text(encoding="utf-8") + "\nimport mkdocs  # noqa\n", encoding="utf-8")
    result = _lint(root)
    assert result.returncode != 0
    assert "congkhai.publish.render -> mkdocs" in result.stdout
