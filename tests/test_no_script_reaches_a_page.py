"""A script or event handler that staff type, in any title or any body, never reaches a published page.

Titles and names are text: the build succeeds and prints them escaped. Bodies are refused by `check`
and the strict build; and should that first line ever miss something, the allow-list cleaner (nh3) in
the adapter still removes it: the last test builds with the policy check switched off and looks at
what reaches the pages. Every page is loaded in Chromium, listening for dialogs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import SiteServer
from helpers import copy_fixture, edit, mkdocs_build, mkdocs_build_without, site_config

P = "procedures/atbx/chung-chi.md"
PL = "plans/ke-hoach-thu.md"

# each payload raises a dialog numbered by its position if it ever runs
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<iframe src="javascript:alert(3)"></iframe>',
    '<svg onload="alert(4)"></svg>',
    '<details open ontoggle="alert(5)"><summary>x</summary></details>',
    '<a href="javascript:alert(6)" id="bam">bấm</a>',
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(7)">',
    '<object data="javascript:alert(8)"></object>',
    "<body onload=alert(9)>",
    '<a href="  JaVaScRiPt:alert(10)">bấm</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(11)>">',
    '<form action="javascript:alert(12)"><button>gửi</button></form>',
]
ALL = " ".join(PAYLOADS)


def _runnable(html: str) -> list[str]:
    """What in a page could run a payload: a script with an alert, an event handler, a javascript: or data:
    address, a frame, object or embed (the theme's own svg icons carry no handler)."""
    soup = BeautifulSoup(html, "html.parser")
    out = [str(tag)[:120] for tag in soup.find_all(["iframe", "object", "embed", "frame"])]
    out += [str(tag)[:120] for tag in soup.find_all("script") if "alert" in tag.get_text() and not _inert_json_ld(tag)]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") or re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                out.append(str(tag)[:120])
    return out


def _inert_json_ld(tag) -> bool:
    """The schema.org data congkhai writes (congkhai/publish/jsonld.py): a script the browser never runs, whose text
    is one JSON value with no "<" at all, so no name or title typed into it can end the element early. The payloads
    stay in it as text (a procedure's name); anything else in a script still counts."""
    if tag.get("type") != "application/ld+json" or set(tag.attrs) != {"type"}:
        return False
    text = tag.string or ""
    try:
        json.loads(text)
    except ValueError:
        return False
    return "<" not in text


def _pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).parent.as_posix() + "/" for p in site_dir.rglob("index.html"))


def _assert_nothing_runs(site_dir: Path, chromium) -> int:
    """Grep every built page for a payload that could run, then load every page in Chromium and click
    every link the payloads made; no dialog may open. Returns the number of pages loaded."""
    for page in site_dir.rglob("*.html"):
        assert _runnable(page.read_text(encoding="utf-8")) == [], page
    dialogs: list[str] = []
    pages = _pages(site_dir)
    with SiteServer(site_dir) as server:
        tab = chromium.new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in pages:
            tab.goto(server.url + url.lstrip("./"))
            tab.wait_for_load_state("load")
            for link in tab.locator("#bam").all():  # the payloads' links, had they survived
                link.click(no_wait_after=True)
        tab.close()
    assert dialogs == [], dialogs
    return len(pages)


def test_scripts_in_every_kind_of_title_are_printed_as_text(tmp_path, chromium):
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    quoted = json.dumps(ALL, ensure_ascii=False)
    edit(root / P, "name: Cấp chứng chỉ nhân viên bức xạ", f"name: {json.dumps('Cấp chứng chỉ ' + ALL, ensure_ascii=False)}")
    edit(root / P, "summary: Cấp chứng chỉ cho người phụ trách an toàn.", f"summary: {quoted}")
    edit(root / PL, "title: Kế hoạch thử nghiệm năm 2026", f"title: {quoted}")
    edit(root / "data/officials.yml", "name: Trần Thị Bức Xạ", f"name: {quoted}")
    edit(root / "data/units.yml", "name: Văn phòng Sở", f"name: {quoted}")
    edit(root / "data/fields.yml", "name: Bưu chính", f"name: {quoted}")
    edit(root / "data/department.yml", "short_name: Sở KH&CN Thử Nghiệm", f"short_name: {quoted}")
    (root / "docs" / "tieu-de.md").write_text(f"---\ntitle: {quoted}\ndescription: {quoted}\n---\nNội dung.\n",
                                              encoding="utf-8")
    site_dir = tmp_path / "site"
    result = mkdocs_build(config, site_dir)
    assert result.returncode == 0, result.stderr
    html = (site_dir / "thu-tuc/chung-chi/index.html").read_text(encoding="utf-8")
    assert "Cấp chứng chỉ &lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as the text it is
    assert _assert_nothing_runs(site_dir, chromium) >= 15


@pytest.mark.parametrize("file", [P, PL, "docs/gioi-thieu.md"])
def test_a_script_in_any_body_stops_the_build_and_leaves_no_page(tmp_path, file):
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    path = root / file
    text = path.read_text(encoding="utf-8") if path.exists() else "# Giới thiệu\n"
    path.write_text(text + "\n\n" + "\n\n".join(PAYLOADS) + "\n", encoding="utf-8")
    site_dir = tmp_path / "site"
    result = mkdocs_build(config, site_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count(f"{file}:") >= len(PAYLOADS), result.stderr  # each one named, with its line
    assert not site_dir.exists()


def test_the_cleaner_alone_keeps_every_script_out(tmp_path, chromium):
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    # (the text goes first: an unclosed <style> takes what follows it out with it)
    payload_body = "\n\nHướng dẫn vẫn còn.\n\n" + "\n\n".join(PAYLOADS) + "\n"
    for file in (P, PL):
        (root / file).write_text((root / file).read_text(encoding="utf-8") + payload_body, encoding="utf-8")
    (root / "docs" / "gioi-thieu.md").write_text("# Giới thiệu" + payload_body, encoding="utf-8")
    site_dir = tmp_path / "site"
    # the body policy and link check switched off, not strict (the payloads' "x" images are broken links): only
    # the cleaner stands between a body and the page
    result = mkdocs_build_without(config, site_dir, ["body_problems", "_links"], strict=False)
    assert result.returncode == 0, result.stderr
    for page in ("thu-tuc/chung-chi/", "ke-hoach/ke-hoach-thu/", "gioi-thieu/"):
        assert "Hướng dẫn vẫn còn." in (site_dir / page / "index.html").read_text(encoding="utf-8")  # the body is there
    _assert_nothing_runs(site_dir, chromium)
