"""Headless Chromium for the tests that need a real browser (Debian's chromium package)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is not installed: `make test` installs Debian's chromium package (apt-get install chromium)"
    return found


def dump_dom(url: str) -> str:
    """The page's DOM after its scripts ran."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
                                 "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def file_url(path: Path, query: str = "") -> str:
    return path.resolve().as_uri() + (("?" + query) if query else "")
