"""Plan pages, the plans index, the task tracker and unit pages, on a fixture site built for a fixed date."""

from __future__ import annotations

import posixpath

import pytest
from bs4 import BeautifulSoup

from helpers import copy_fixture, mkdocs_build, site_config


def build(tmp_path_factory, date: str):
    root = copy_fixture("minimal", tmp_path_factory.mktemp("src"))
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(site_config(root), site_dir, build_date=date)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory, "21/11/2026")


def page(site_dir, url: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def overdue_tasks(site_dir) -> set[int]:
    rows = page(site_dir, "ke-hoach/theo-doi").select("table.ck-tracker-table tbody tr")
    assert len(rows) == 8
    return {int(r["data-index"]) + 1 for r in rows if "ck-is-overdue" in (r.get("class") or [])}


def test_plan_page_shows_every_task_with_its_state(site):
    plan = page(site, "ke-hoach/ke-hoach-thu")
    rows = plan.select("tr.ck-task")
    assert [r["id"] for r in rows] == [f"nv-{n}" for n in range(1, 9)]
    assert text(rows[0].select_one(".ck-task-status")).startswith("Hoàn thành")
    assert text(rows[1].select_one(".ck-task-status")) == "Chưa thực hiện Quá hạn"
    # the deadline words as the plan wrote them ("30/6/2026"), their dates shown dd/mm/yyyy
    assert text(rows[1].select_one(".ck-task-deadline")) == "trước ngày 30/06/2026 Hạn: 30/06/2026"
    assert text(rows[5].select_one(".ck-task-deadline")) == "trước ngày 31/01 hằng năm Hạn: 31/01/2026"
    header = text(plan.select_one(".ck-doc-header"))
    assert "Số: 5/KH-SKHCN" in header and "Thử Nghiệm, ngày 10 tháng 01 năm 2026" in header
    # 8 tasks, one not to be done: the count says so (not "1/7" beside "8 nhiệm vụ")
    assert text(plan.select_one(".ck-plan-progress .ck-progress-text")) == (
        "1/7 nhiệm vụ cần thực hiện đã hoàn thành (14,3 %), 3 quá hạn ; 1 nhiệm vụ không thực hiện")
    lead = rows[0].select_one(".ck-task-lead a")
    assert lead["href"] == "../../don-vi/van-phong/" and text(lead) == "Văn phòng Sở"
    evidence = [a["href"] for a in rows[0].select(".ck-evidence a")]
    assert evidence == ["../../thu-tuc/khai-bao/", "../../thu-tuc/chung-chi/"]


def test_tracker_marks_overdue_tasks_relative_to_the_build_date(site, tmp_path_factory):
    assert overdue_tasks(site) == {2, 3, 6}
    earlier = build(tmp_path_factory, "01/07/2026")
    assert overdue_tasks(earlier) == {2, 6}


def test_tracker_rows_carry_their_filters(site):
    tracker = page(site, "ke-hoach/theo-doi")
    rows = {int(r["data-index"]) + 1: r for r in tracker.select("table.ck-tracker-table tbody tr")}
    assert rows[3]["data-units"] == "van-phong"  # named "Văn phòng Sở" in the plan: matched to the unit
    assert rows[4]["data-units"] == "ten-to-cong-tac"
    assert rows[2]["data-period"] == "2026" and rows[5]["data-period"] == "thường xuyên"
    assert rows[2]["data-status"] == "chưa thực hiện quá hạn"
    units = [(o["value"], text(o)) for o in tracker.select('select[name="unit"] option')]
    assert units == [("", "Tất cả"), ("van-phong", "Văn phòng Sở"), ("ten-to-cong-tac", "Tổ công tác")]
    assert tracker.select_one('script[src$="assets/congkhai/tracker.js"]') is not None


def test_unit_page_lists_its_tasks(site):
    unit = page(site, "don-vi/van-phong")
    led = [(li["data-plan"], int(li["data-index"]) + 1) for li in unit.select("#chu-tri ~ ul.ck-unit-tasks li")]
    assert led[:4] == [("ke-hoach-thu", 1), ("ke-hoach-thu", 2), ("ke-hoach-thu", 3), ("ke-hoach-thu", 5)]


def test_plans_index_groups_by_year_and_issuer(site):
    index = page(site, "ke-hoach")
    assert text(index.select_one("h2")) == "Năm 2026"
    assert text(index.select_one("h3")) == "Sở Khoa học và Công nghệ tỉnh Thử Nghiệm"
    item = index.select_one("li[data-plan=ke-hoach-thu]")
    assert posixpath.normpath(posixpath.join("ke-hoach", item.find("a")["href"])) == "ke-hoach/ke-hoach-thu"
    assert "1/7 nhiệm vụ cần thực hiện đã hoàn thành (14,3 %), 3 quá hạn ; 1 nhiệm vụ không thực hiện" in text(item)


@pytest.mark.parametrize("query,shown", [
    ("", {1, 2, 3, 4, 5, 6, 7, 8}),
    ("unit=van-phong", {1, 2, 3, 5}),
    ("unit=ten-to-cong-tac", {4}),
    ("status=quá hạn", {2, 3, 6}),
    ("status=đang thực hiện", {3, 7}),
    ("period=thường xuyên", {5}),
    ("period=2026&status=chưa thực hiện", {2, 4, 6}),
])
def test_tracker_filters_in_a_browser(site, query, shown):
    from urllib.parse import quote

    from browser import dump_dom, file_url
    url = file_url(site / "ke-hoach" / "theo-doi" / "index.html", "&".join(
        k + "=" + quote(v) for k, v in (part.split("=") for part in query.split("&") if part)))
    dom = BeautifulSoup(dump_dom(url), "html.parser")
    rows = dom.select("table.ck-tracker-table tbody tr")
    assert {int(r["data-index"]) + 1 for r in rows if not r.has_attr("hidden")} == shown
    assert not dom.select_one("form.ck-filters").has_attr("hidden")
    assert dom.select_one(".ck-filter-count").get_text() == f"Đang hiện {len(shown)} trong tổng số 8 nhiệm vụ"
