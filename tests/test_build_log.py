"""What `mkdocs build` prints is read by staff: it must hold what they need to act on, not a line per page.

Generated pages (a procedure, a lĩnh vực, a plan, a unit) are reached from the catalogue and the indexes, not
from the nav, so the adapter marks them "not in nav" (MkDocs' InclusionLevel.NOT_IN_NAV): MkDocs no longer lists
each of them under "The following pages exist in the docs directory, but are not included in the nav" (3,163
lines for the 3,000-procedure site before). A hand-written page left out of the nav is still listed.

MkDocs checks links to anchors (`validation: anchors`, INFO by default) against the ids of the page; the adapter
gives it the ids of the HTML the page publishes (the plan template's `<h2 id="nhiem-vu">`, which a plan's text
links to), so the demo's plans are not reported, and a link to an anchor no page has still is.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from helpers import REPO, copy_fixture, edit, mkdocs_build, site_config

NOT_IN_NAV = 'The following pages exist in the docs directory, but are not included in the "nav" configuration'
ANCHOR = re.compile(r"contains a link '[^']*', but (there is no such anchor on this page|the doc '[^']*' does not "
                    r"contain an anchor '#[^']*')")


def build_log(config: Path, site_dir: Path) -> list[str]:
    """The lines `mkdocs build --strict` prints (not -q: quiet hides what is checked here)."""
    result = mkdocs_build(config, site_dir, quiet=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr.splitlines()


def not_in_nav(lines: list[str]) -> list[str]:
    """The pages MkDocs lists as not in the nav (the lines "  - page.md" under its message)."""
    listed: list[str] = []
    for i, line in enumerate(lines):
        if NOT_IN_NAV in line:
            listed += [item[4:] for item in _while(lines[i + 1:], lambda s: s.startswith("  - "))]
    return listed


def _while(lines, keep):
    for line in lines:
        if not keep(line):
            return
        yield line


def anchor_messages(lines: list[str]) -> list[str]:
    return [line for line in lines if ANCHOR.search(line)]


def assert_short(lines: list[str]) -> None:
    """Nothing but MkDocs' and congkhai's few INFO lines, none per page."""
    assert not_in_nav(lines) == [] and not any(NOT_IN_NAV in line for line in lines), lines[:20]
    assert anchor_messages(lines) == []
    assert all(line.startswith("INFO    -  ") for line in lines), [line for line in lines if not line.startswith("INFO")]
    assert len(lines) <= 8, lines


def test_the_demo_build_prints_a_few_lines_and_no_missing_anchor(tmp_path):
    lines = build_log(REPO / "mkdocs.yml", tmp_path / "site")
    assert_short(lines)
    # the plans' "xem bảng nhiệm vụ" links really reach the tasks table on their page
    plans = sorted((REPO / "plans").glob("*.md"))
    linking = [p for p in plans if "](#nhiem-vu)" in p.read_text(encoding="utf-8")]
    assert len(linking) >= 3
    for plan in linking:
        page = (tmp_path / "site" / "ke-hoach" / plan.stem / "index.html").read_text(encoding="utf-8")
        assert page.count('id="nhiem-vu"') == 1 and 'href="#nhiem-vu"' in page, plan.name


def test_a_national_site_of_300_procedures_prints_no_line_per_page(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import national_site
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    site = national_site.build(tmp_path / "national", 300)
    lines = build_log(national_site.config(site), tmp_path / "site")
    assert_short(lines)
    assert any("congkhai: 300 thủ tục" in line for line in lines)
    pages = [p for p in (tmp_path / "site" / "thu-tuc").glob("*/index.html") if p.parent.name != "linh-vuc"]
    assert len(pages) == 300  # every procedure's page was built


def test_the_log_still_names_a_hand_written_page_out_of_the_nav_and_an_anchor_that_is_not_there(tmp_path):
    """The two messages are silenced only where they were wrong: the same check that finds nothing in the demo
    finds a hand-written page left out of the nav and links to anchors no page has."""
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    (root / "docs" / "trang-rieng.md").write_text(
        "# Trang riêng\n\nXem [phí](thu-tuc/chung-chi.md#phi-le-phi) và [mục không có](thu-tuc/chung-chi.md#khong-co).\n",
        encoding="utf-8")
    edit(root / "plans" / "ke-hoach-thu.md", "Kế hoạch dùng để kiểm thử.",
         "Kế hoạch dùng để kiểm thử: xem [bảng nhiệm vụ](#nhiem-vu) và [phụ lục](#phu-luc-khong-co).")
    lines = build_log(config, tmp_path / "site")
    assert not_in_nav(lines) == ["trang-rieng.md"]
    found = anchor_messages(lines)
    assert len(found) == 2, found
    assert any("'ke-hoach/ke-hoach-thu.md' contains a link '#phu-luc-khong-co'" in line for line in found), found
    assert any("'trang-rieng.md' contains a link 'thu-tuc/chung-chi.md#khong-co'" in line for line in found), found
    page = (tmp_path / "site" / "thu-tuc" / "chung-chi" / "index.html").read_text(encoding="utf-8")
    assert 'id="phi-le-phi"' in page  # the link not reported really has its anchor
