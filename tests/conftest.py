"""Session fixtures: the demo portal built once with `mkdocs build --strict`, as a user builds it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from helpers import REPO, mkdocs_build


@dataclass
class Built:
    site_dir: Path
    procedures: dict[str, dict]  # slug -> front matter read with plain YAML (all values text)
    officials: dict[str, dict]
    fields: list[dict]
    legal: dict[str, dict]
    plans: dict[str, dict]

    def page(self, url: str) -> str:
        return (self.site_dir / url / "index.html").read_text(encoding="utf-8")


def read_front(path: Path) -> dict:
    """Front matter read independently of congkhai: PyYAML's BaseLoader keeps every value as text."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, path
    return yaml.load(match.group(1), Loader=yaml.BaseLoader)


def read_list(path: Path, key: str = "id") -> dict[str, dict]:
    return {item[key]: item for item in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)}


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Built:
    site_dir = tmp_path_factory.mktemp("demo") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stderr
    procedures = {p.stem: read_front(p) for p in sorted((REPO / "procedures").rglob("*.md"))}
    return Built(
        site_dir=site_dir,
        procedures=procedures,
        officials=read_list(REPO / "data" / "officials.yml"),
        fields=yaml.load((REPO / "data" / "fields.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader),
        legal=read_list(REPO / "data" / "legal.yml", key="number"),
        plans={p.stem: read_front(p) for p in sorted((REPO / "plans").glob("*.md"))},
    )


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from browser import launch
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served(demo, chromium):
    """The demo (with its own search engine, lunr at this size) served on loopback, and the browser."""
    from browser import SiteServer
    with SiteServer(demo.site_dir) as server:
        yield chromium, server.url


# Counts a test module wants printed at the end of the run (the bad-input corpus, the property run):
# call report(config, "Title", ["line", ...]) from a test (request.config); printed by pytest's summary.
_REPORTS = pytest.StashKey[dict]()


def report(config, title: str, lines: list[str]) -> None:
    config.stash.setdefault(_REPORTS, {})[title] = lines


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for title, lines in config.stash.get(_REPORTS, {}).items():
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)


# Hypothesis profiles for the property tests (tests/test_properties.py), chosen by CONGKHAI_HYPOTHESIS_PROFILE:
# "default" keeps a developer's plain `pytest` quick; "thorough" (the README's `make test`) runs each property
# with its own larger count (PROPERTY_EXAMPLES there), over 10,000 examples in all. Both are derandomized, so a
# run is reproducible in CI, and keep no example database (no .hypothesis/ folder in the repository).
import os as _os  # noqa: E402

from hypothesis import HealthCheck as _HealthCheck, Phase as _Phase, settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile(
    "default", max_examples=60, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[_HealthCheck.too_slow, _HealthCheck.data_too_large, _HealthCheck.large_base_example])
# A failure in the thorough run is reported as found, not shrunk: shrinking examples this large can take
# Hypothesis five minutes per test; the default profile shrinks, for a small example to debug.
_hypothesis_settings.register_profile("thorough", _hypothesis_settings.get_profile("default"), max_examples=1500,
                                      phases=[_Phase.explicit, _Phase.reuse, _Phase.generate, _Phase.target])
_hypothesis_settings.load_profile(_os.environ.get("CONGKHAI_HYPOTHESIS_PROFILE", "default"))
