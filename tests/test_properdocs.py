"""The portal builds the same under ProperDocs as under MkDocs 1.6.1 (README: "Framework").

MkDocs 1.x is frozen and its announced 2.0 drops plugins, hooks and theme overrides, which the portal is made
of; ProperDocs (PyPI `properdocs`, pinned in requirements.txt) continues MkDocs 1.x and serves `mkdocs.*` imports
(the adapter's, Material's) from its own package. Both are installed side by side in .venv: Material requires
`mkdocs<2`, and each command runs its own code (`properdocs` never imports the `mkdocs` package).

The demo is built with `mkdocs build --strict` and `properdocs build --strict`, same content, same build date,
and the two sites are compared file by file: the same files, byte for byte, with ONE normalisation: the theme's
`<meta name="generator" content="...">` on each HTML page, which names the generator and its version
("mkdocs-1.6.1, mkdocs-material-9.8.1" / "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"). Each page must hold
exactly the expected tag for its generator (the installed versions, the same Material), once; nothing else is
normalised: sitemap.xml.gz is stamped by the adapter with the build date, not the day of the build, so it is
compared as it is, and so are the search index and every other file. The build logs are compared too (the site
folder's name and the build time set aside).
"""

from __future__ import annotations

import calendar
import datetime
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BUILD_DATE, MKDOCS, REPO, copy_fixture, edit, site_config

PROPERDOCS = MKDOCS.parent / "properdocs"
MATERIAL = importlib.metadata.version("mkdocs-material")
TAGS = {  # the generator tag Material writes with each framework's version
    "mkdocs": f'<meta name="generator" content="mkdocs-{importlib.metadata.version("mkdocs")}, mkdocs-material-{MATERIAL}">',
    "properdocs": f'<meta name="generator" content="mkdocs-ProperDocs {importlib.metadata.version("properdocs")}, '
                  f'mkdocs-material-{MATERIAL}">',
}
NEUTRAL_TAG = b'<meta name="generator" content="(the generator and its version)">'


def build(framework: str, config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`<framework> build --strict`, not -q (quiet hides MkDocs' warnings from strict mode)."""
    command = {"mkdocs": MKDOCS, "properdocs": PROPERDOCS}[framework]
    env = dict(os.environ, CONGKHAI_BUILD_DATE=BUILD_DATE, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([str(command), "build", "--strict", "-f", str(config), "-d", str(site_dir)],
                          capture_output=True, text=True, env=env, cwd=config.parent)


def files_of(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def normalised(name: str, data: bytes, framework: str) -> bytes:
    """An HTML page with its generator tag made neutral; it must name exactly `framework` and its version."""
    if not name.endswith(".html") or name.startswith("quan-tri/"):  # the web editor's page is a file, not a page
        return data
    tag = TAGS[framework].encode()
    assert data.count(b'<meta name="generator"') == 1 and data.count(tag) == 1, (
        f"{name}: the generator tag is not {TAGS[framework]!r}: "
        + repr(re.findall(rb'<meta name="generator"[^>]*>', data)))
    return data.replace(tag, NEUTRAL_TAG)


def site_differences(mkdocs_site: Path, properdocs_site: Path) -> list[str]:
    """What differs between the two builds, beyond the generator tag."""
    a, b = files_of(mkdocs_site), files_of(properdocs_site)
    problems = [f"only in the MkDocs build: {name}" for name in sorted(a.keys() - b.keys())]
    problems += [f"only in the ProperDocs build: {name}" for name in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        try:
            same = normalised(name, a[name], "mkdocs") == normalised(name, b[name], "properdocs")
        except AssertionError as exc:
            problems.append(str(exc))
            continue
        if not same:
            problems.append(f"differs: {name}")
    return problems


def log_lines(result: subprocess.CompletedProcess, site_dir: Path) -> list[str]:
    return [line.replace(str(site_dir), "SITE") for line in result.stderr.splitlines()
            if not line.startswith("INFO    -  Documentation built in ")]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The demo built by each framework: {framework: (site folder, log lines)}."""
    out = {}
    for framework in ("mkdocs", "properdocs"):
        site_dir = tmp_path_factory.mktemp(framework) / "site"
        result = build(framework, REPO / "mkdocs.yml", site_dir)
        assert result.returncode == 0, f"{framework}: {result.stderr[-3000:]}"
        out[framework] = (site_dir, log_lines(result, site_dir))
    return out


def test_the_demo_builds_byte_for_byte_the_same_under_properdocs(both):
    (mk_site, _), (pd_site, _) = both["mkdocs"], both["properdocs"]
    assert site_differences(mk_site, pd_site) == []
    pages = [name for name in files_of(pd_site) if name.endswith(".html")]
    assert len(pages) > 60  # the demo's pages: procedures, lĩnh vực, plans, units, hand-written pages, 404
    assert (pd_site / "sitemap.xml.gz").read_bytes() == (mk_site / "sitemap.xml.gz").read_bytes()


def test_both_frameworks_print_the_same_log(both):
    assert both["mkdocs"][1] == both["properdocs"][1]
    assert any("congkhai: 41 thủ tục" in line for line in both["properdocs"][1])  # the adapter ran, and spoke


def test_the_comparison_finds_a_missing_page_an_extra_file_a_changed_byte_and_another_theme(both, tmp_path):
    """The comparison can fail: each change made to a copy of the ProperDocs build is reported, and only it."""
    mk_site, pd_site = both["mkdocs"][0], both["properdocs"][0]

    def changed(change) -> list[str]:
        copy = tmp_path / f"copy{len(list(tmp_path.iterdir()))}"
        shutil.copytree(pd_site, copy)
        change(copy)
        return site_differences(mk_site, copy)

    assert changed(lambda s: shutil.rmtree(s / "thu-tuc" / "cap-chung-chi-nhan-vien-buc-xa")) == [
        "only in the MkDocs build: thu-tuc/cap-chung-chi-nhan-vien-buc-xa/index.html"]
    assert changed(lambda s: (s / "thua.txt").write_text("x")) == ["only in the ProperDocs build: thua.txt"]
    assert changed(lambda s: edit(s / "bieu-phi" / "index.html", "đồng", "dong")) == ["differs: bieu-phi/index.html"]
    def next_day(s: Path) -> None:  # the gzip header's time stamp (bytes 4-7), one day later
        data = (s / "sitemap.xml.gz").read_bytes()
        stamp = int.from_bytes(data[4:8], "little")
        assert stamp == calendar.timegm(datetime.datetime.strptime(BUILD_DATE, "%d/%m/%Y").timetuple())
        (s / "sitemap.xml.gz").write_bytes(data[:4] + (stamp + 86400).to_bytes(4, "little") + data[8:])

    assert changed(next_day) == ["differs: sitemap.xml.gz"]
    # the generator tag is set aside only when it names ProperDocs' version and the same Material
    other = TAGS["properdocs"].replace(f"mkdocs-material-{MATERIAL}", "mkdocs-material-9.9.9")
    found = changed(lambda s: edit(s / "can-bo" / "index.html", TAGS["properdocs"], other))
    assert len(found) == 1 and found[0].startswith("can-bo/index.html: the generator tag is not"), found


# MkDocs or ProperDocs in a child process with congkhai's own link check switched off, so that a broken link
# reaches the framework, which warns while writing pages (a strict build then fails)
_WITHOUT_LINK_CHECK = """
import sys
import congkhai.content.site
congkhai.content.site._links = lambda *args, **kwargs: []
from {framework}.__main__ import cli
sys.argv = ["{framework}", "build", "--strict", "-f", sys.argv[1], "-d", sys.argv[2]]
cli()
"""


@pytest.mark.parametrize("framework", ["mkdocs", "properdocs"])
def test_a_strict_build_that_fails_on_the_frameworks_warning_keeps_the_last_site(framework, tmp_path):
    """The adapter swaps the new site in only when the build had no warning; under ProperDocs the framework's
    warnings are logged as "properdocs.*", not "mkdocs.*", and must be counted all the same."""
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    site_dir = tmp_path / "site"
    env = dict(os.environ, CONGKHAI_BUILD_DATE=BUILD_DATE, NO_MKDOCS_2_WARNING="1")

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", _WITHOUT_LINK_CHECK.format(framework=framework), str(config),
                               str(site_dir)], capture_output=True, text=True, env=env, cwd=root)

    assert run().returncode == 0
    before = files_of(site_dir)
    edit(root / "docs" / "phan-anh-kien-nghi.md", "\n\n", "\n\nXem [mẫu đơn](khong-co-trang-nay.md).\n\n")
    result = run()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "contains a link 'khong-co-trang-nay.md', but the target is not found" in result.stderr
    assert files_of(site_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]  # nothing left beside it


def test_mkdocs_stays_below_2_and_properdocs_is_pinned():
    pins = dict(line.split("==") for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
                if "==" in line and not line.startswith("#"))
    assert pins["mkdocs"].startswith("1.")
    assert pins["mkdocs"] == importlib.metadata.version("mkdocs")
    assert pins["properdocs"] == importlib.metadata.version("properdocs")
    assert pins["mkdocs-material"] == MATERIAL
