"""Numbers that agree, the unmet first, and correct words, on the built demo portal.

Counts are read off the pages a citizen reads (catalogue, dashboard, plans index, plan pages, tracker)
and checked against each other and against the content files; dates, percentages, unit names and
processing times are checked over the whole built site; the dashboard's order, the chart's type
size and the tracker's contrast in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from congkhai.common import text as vtext
from congkhai.content.deadline import parse_deadline
from congkhai.content.model import Duration, Requirement
from helpers import REPO

NBSP = "\u00a0"
RETIRED = {"đã bãi bỏ", "đã thay thế"}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def words(node) -> str:
    """Text as read: runs of white space (the no-break space included) as one space."""
    return " ".join(node.get_text(" ").split())


def number(pattern: str, text: str) -> tuple[int, ...]:
    found = re.search(pattern, text)
    assert found, (pattern, text[:400])
    return tuple(int(g) for g in found.groups())


def is_internal(p: dict) -> bool:
    return p.get("internal", "").lower() in ("có", "yes", "true")


def pages(site_dir: Path):
    for path in sorted(site_dir.rglob("*.html")):
        yield path.relative_to(site_dir).as_posix(), soup(path.read_text(encoding="utf-8"))


def readable(page: BeautifulSoup, skip: str = "") -> list[str]:
    """What a citizen reads on a page: its text (without scripts, styles and the `skip` elements) and the
    labels read aloud or shown on hover."""
    for tag in page(["script", "style", "template"]):
        tag.decompose()
    for tag in page.select(skip) if skip else []:
        tag.decompose()
    out = [page.get_text(" ")]
    out += [el[a] for a in ("aria-label", "title", "alt") for el in page.find_all(attrs={a: True})]
    return out


def search_docs(site_dir: Path) -> list[str]:
    """What search results show (the records' details), from the built index."""
    data = json.loads((site_dir / "search" / "lunr.json").read_text(encoding="utf-8"))
    return [str(v) for doc in data["docs"] for v in doc.values()]


# --------------------------------------------------------------------------- 1. counts that agree


def test_procedure_counts_agree_across_catalogue_dashboard_and_content(demo):
    procs = demo.procedures.values()
    current = [p for p in procs if p.get("status") not in RETIRED and not is_internal(p)]
    retired = [p for p in procs if p.get("status") in RETIRED and not is_internal(p)]
    internal = [p for p in procs if is_internal(p)]
    internal_current = [p for p in internal if p.get("status") not in RETIRED]
    online = {level: sum(p["online_level"] == level for p in current) for level in ("toàn trình", "một phần", "không")}

    catalogue = words(soup(demo.page("thu-tuc")).select_one(".ck-catalogue"))
    assert number(r"đang công khai (\d+) thủ tục hành chính đang áp dụng thuộc (\d+) lĩnh vực", catalogue) == (
        len(current), len({p["field"] for p in current}))
    assert number(r"(\d+) thủ tục có dịch vụ công trực tuyến toàn trình, (\d+) thủ tục trực tuyến một phần", catalogue) == (
        online["toàn trình"], online["một phần"])
    if online["không"]:
        assert number(r"(\d+) thủ tục chưa có dịch vụ công trực tuyến", catalogue) == (online["không"],)
    assert number(r"Không tính trong số trên: (\d+) thủ tục không còn áp dụng ?; (\d+) thủ tục hành chính nội bộ "
                  r"\((\d+) đang áp dụng, (\d+) không còn áp dụng\)", catalogue) == (
        len(retired), len(internal), len(internal_current), len(internal) - len(internal_current))
    assert number(r"Tổng cộng (\d+)", catalogue) == (len(current),)

    dashboard = soup(demo.page("cong-khai"))

    def summary(rid: str) -> str:
        return words(dashboard.select_one(f"#yc-{rid} .ck-req-summary"))

    assert number(r"^(\d+)/(\d+) thủ tục hành chính đang áp dụng và (\d+)/(\d+) thủ tục nội bộ đang áp dụng công khai đủ",
                  summary("thanh-phan-thu-tuc")) == (len(current), len(current), len(internal_current), len(internal_current))
    assert number(r"^(\d+)/(\d+) thủ tục hành chính đang áp dụng có số điện thoại", summary("so-dien-thoai-nguoi-chiu-trach-nhiem")
                  ) == (len(current), len(current))
    fields = len({p["field"] for p in current})
    assert number(r"^(\d+)/(\d+) lĩnh vực", summary("bo-phan-mot-cua")) == (fields, fields)
    assert number(r"^(\d+) thủ tục hành chính nội bộ đang áp dụng được công khai \(cùng (\d+) thủ tục nội bộ",
                  summary("thu-tuc-noi-bo-cong-khai")) == (len(internal_current), len(internal) - len(internal_current))
    # the online target's whole: current procedures with an online service, as the catalogue counts them
    whole = number(r"^\d+/(\d+) thủ tục trực tuyến một phần, toàn trình đang áp dụng", summary(
        "thu-tuc-truc-tuyen-phat-sinh-ho-so"))[0]
    assert whole == online["toàn trình"] + online["một phần"]
    # the simplification targets count internal procedures, abolished ones too, and say so
    assert number(r"^\d+/(\d+) thủ tục nội bộ", summary("ra-soat-noi-bo-100")) == (len(internal),)
    assert f"Tính trên {len(internal)} thủ tục: {len(internal_current)} đang áp dụng" in summary("ra-soat-noi-bo-100")
    # the fee duty counts the rows of the fee schedule
    fee_rows = soup(demo.page("bieu-phi")).select("table.ck-fees tr[data-code]")
    assert fee_rows and number(r"^(\d+) khoản phí, lệ phí đang áp dụng", summary("bieu-phi-le-phi")) == (len(fee_rows),)


def _task_numbers(tasks: list[dict]) -> dict:
    status = [t.get("status", "chưa thực hiện") for t in tasks]
    return {"total": len(tasks), "done": status.count("hoàn thành"), "cancelled": status.count("không thực hiện")}


def _progress(node) -> dict:
    """The numbers of a progress line, read off its words."""
    text = words(node.select_one(".ck-progress-text"))
    done, counted = number(r"^(\d+)/(\d+) nhiệm vụ", text)
    cancelled = number(r"; (\d+) nhiệm vụ không thực hiện", text)[0] if "không thực hiện" in text else 0
    if cancelled:
        assert "cần thực hiện đã hoàn thành" in text, text  # "30" is said to be the tasks to be done
    share = re.search(r"\((\d+,\d) %\)", text)
    assert share and share.group(1) == vtext.percent(done, counted).split(NBSP)[0], text
    return {"done": done, "counted": counted, "cancelled": cancelled}


def test_task_counts_agree_across_plans_index_plan_pages_tracker_and_content(demo):
    index = soup(demo.page("ke-hoach"))
    tracker = soup(demo.page("ke-hoach/theo-doi"))
    totals = {"total": 0, "done": 0, "cancelled": 0}
    for slug, plan in demo.plans.items():
        want = _task_numbers(plan["tasks"])
        for key in totals:
            totals[key] += want[key]
        expected = {"done": want["done"], "counted": want["total"] - want["cancelled"], "cancelled": want["cancelled"]}
        assert _progress(index.select_one(f"li[data-plan={slug}]")) == expected, slug
        plan_page = soup(demo.page(f"ke-hoach/{slug}"))
        assert _progress(plan_page.select_one(".ck-plan-progress")) == expected, slug
        assert len(plan_page.select("tr.ck-task")) == want["total"]
        assert not re.search(r"\d+ nhiệm vụ ·", words(index.select_one(f"li[data-plan={slug}]")))  # no bare total
    line = words(tracker.select_one(".ck-tracker-summary"))
    assert number(r"^(\d+) nhiệm vụ của (\d+) kế hoạch", line) == (totals["total"], len(demo.plans))
    assert _progress(tracker.select_one(".ck-tracker-summary")) == {
        "done": totals["done"], "counted": totals["total"] - totals["cancelled"], "cancelled": totals["cancelled"]}
    assert totals["cancelled"] > 0  # the demo shows a task not to be done, so the two counts differ
    assert len(tracker.select("table.ck-tracker-table tbody tr")) == totals["total"]
    assert tracker.select_one(".ck-filter-count")["data-total"] == str(totals["total"])


def test_tracker_filter_count_says_what_it_counts_in_a_browser(demo):
    from browser import dump_dom, file_url
    dom = soup(dump_dom(file_url(demo.site_dir / "ke-hoach" / "theo-doi" / "index.html")))
    total = sum(len(p["tasks"]) for p in demo.plans.values())
    assert dom.select_one(".ck-filter-count").get_text() == f"Đang hiện {total} trong tổng số {total} nhiệm vụ"
    assert number(r"^(\d+) nhiệm vụ", words(dom.select_one(".ck-tracker-summary"))) == (total,)


def test_dashboard_counts_agree_with_the_register_and_its_blocks(demo):
    register = yaml.load((REPO / "data" / "requirements.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    page = soup(demo.page("cong-khai"))
    line = words(page.select_one(".ck-dashboard-summary"))
    required = sum(r["level"] == "bắt buộc" for r in register)
    assert number(r"cổng kiểm tra (\d+) yêu cầu \((\d+) yêu cầu bắt buộc, (\d+) chỉ tiêu\)", line) == (
        len(register), required, len(register) - required)
    status = [s["data-status"] for s in page.select("section.ck-requirement")]
    for badge in page.select(".ck-dashboard-summary a.ck-badge"):
        count, word = re.fullmatch(r"(\d+) (.+)", words(badge)).groups()
        assert int(count) == status.count(word), words(badge)
    assert sum(int(b["data-count"]) for b in page.select(".ck-dashboard-summary a.ck-badge")) == len(register)


# --------------------------------------------------------------------------- 2. the unmet first


def test_dashboard_shows_the_unmet_first_and_its_badges_link_to_their_blocks(demo):
    page = soup(demo.page("cong-khai"))
    dash = page.select_one("section.ck-dashboard")
    headings = [h["id"] for h in dash.find_all("h2")]
    assert headings == ["chua-dat", "dat", "khong-ap-dung"]
    badges = {a["href"]: words(a) for a in dash.select(".ck-dashboard-summary a.ck-badge")}
    assert list(badges) == ["#chua-dat", "#dat", "#khong-ap-dung"]
    assert all(dash.find(id=href[1:]) is not None for href in badges)
    # every requirement sits under the heading of its status, the unmet ones first
    block = {}
    for el in dash.find_all(["h2", "section"]):
        if el.name == "h2":
            current = el["id"]
        elif "ck-requirement" in el.get("class", []):
            block[el["data-requirement"]] = (current, el["data-status"])
    names = {"chua-dat": "chưa đạt", "dat": "đạt", "khong-ap-dung": "không áp dụng"}
    assert block and all(names[h] == s for h, s in block.values())
    first = dash.select_one("section.ck-requirement")
    assert first["data-status"] == "chưa đạt"
    unmet = dash.select('section.ck-requirement[data-status="chưa đạt"]')
    assert dash.select("section.ck-requirement")[:len(unmet)] == unmet


# --------------------------------------------------------------------------- 3. another body's text named


def test_requirements_taken_from_another_bodys_plan_are_named_as_samples(demo):
    register = yaml.load((REPO / "data" / "requirements.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    page = soup(demo.page("cong-khai"))
    samples = [r for r in register if r.get("origin_sample") == "có"]
    assert samples, "the demo's requirements taken from other provinces' plans say so in the data"
    for item in register:
        source = words(page.select_one(f"#yc-{item['id']} .ck-req-source"))
        if item.get("origin_sample") == "có":
            origin = " ".join(vtext.pad_dates(item["origin"]).split())
            assert f"Lời văn lấy từ {origin} (văn bản mẫu của cơ quan khác, không phải văn bản của Sở)" in source
        else:
            assert "văn bản mẫu" not in source
    gia_lai = words(page.select_one("#yc-ket-qua-giai-quyet-ho-so .ck-req-source"))
    assert "Kế hoạch 73/KH-SKHCN ngày 18/11/2019 của Sở Khoa học và Công nghệ tỉnh Gia Lai" in gia_lai
    assert "(văn bản mẫu" in gia_lai


def test_origin_sample_is_an_optional_field_of_the_register():
    base = {"id": "x", "wording": "Yêu cầu", "level": "bắt buộc", "source": {"ref": "1/KH", "clause": "mục 1"},
            "scope": "cổng", "check": "feedback-channel"}
    assert Requirement.model_validate(base).origin_sample is False
    from congkhai.derive.compliance import origin_of
    own = Requirement.model_validate({**base, "origin": "Kế hoạch 215/KH-UBND của UBND tỉnh"})
    assert origin_of(own) == "Xuất xứ: Kế hoạch 215/KH-UBND của UBND tỉnh"
    sample = Requirement.model_validate({**base, "origin": "Kế hoạch 73/KH-SKHCN của Sở KH&CN tỉnh Gia Lai",
                                         "origin_sample": "có"})
    assert origin_of(sample).endswith("(văn bản mẫu của cơ quan khác, không phải văn bản của Sở)")


# --------------------------------------------------------------------------- 4. dates dd/mm/yyyy


LOOSE_DATE = re.compile(r"(?<![\d/])(\d/\d{1,2}|\d{1,2}/\d)/\d{4}(?![\d/])")


def test_every_date_a_citizen_reads_has_two_digit_day_and_month(demo):
    """Over the whole site and the search results. Left out: a plan's own body text (`.ck-plan-body`), the
    document as the department published it, quoted word for word. Everything else, the plan's header
    lines and deadline words included, is shown dd/mm/yyyy."""
    loose = []
    for url, page in pages(demo.site_dir):
        for text in readable(page, skip=".ck-plan-body"):
            loose += [(url, m.group()) for m in LOOSE_DATE.finditer(text)]
    loose += [("search", m.group()) for text in search_docs(demo.site_dir) for m in LOOSE_DATE.finditer(text)]
    assert not loose, loose[:10]


def test_deadline_words_keep_their_text_and_show_padded_dates():
    d = parse_deadline("trước ngày 30/6/2026")
    assert d.text == "trước ngày 30/6/2026" and d.display == "trước ngày 30/06/2026"
    assert parse_deadline("trước ngày 05/3, 05/6 và 25/11 hằng năm").display == "trước ngày 05/03, 05/06 và 25/11 hằng năm"
    assert parse_deadline("Quý 3/2026").display == "Quý 3/2026"  # not a date
    assert vtext.pad_dates("ngày 1/2 số hồ sơ, ngày 31/2/2026, ngày 1/7/2025") == "ngày 1/2 số hồ sơ, ngày 31/2/2026, ngày 01/07/2025"


# --------------------------------------------------------------------------- 5. one percent format


PERCENT = re.compile(r"(\d[\d.,]*)(\s?)%")


def test_every_percentage_reads_the_same_way(demo):
    """"40 %": digits with a decimal comma, a space before "%". What the tool writes uses a no-break space,
    so the sign never wraps alone; text typed by staff ("đạt từ 60 % trở lên") may use a plain one."""
    bad = []
    texts = [(url, t) for url, page in pages(demo.site_dir) for t in readable(page)]
    texts += [("search", t) for t in search_docs(demo.site_dir)]
    for url, text in texts:
        for m in PERCENT.finditer(text):
            if m.group(2) not in (" ", NBSP) or re.search(r"\.\d{1,2}$", m.group(1)):
                bad.append((url, text[max(0, m.start() - 20):m.end()]))
    assert not bad, bad[:10]


GENERATED = (".ck-rate", ".ck-progress-text", ".ck-req-summary", ".ck-req-target", ".ck-c-rate", ".ck-compliance-cost")


def test_percentages_the_tool_writes_have_a_no_break_space(demo):
    seen = 0
    for url in ("thong-ke", "cong-khai", "ke-hoach", "ke-hoach/theo-doi", "thu-tuc/noi-bo"):
        page = soup(demo.page(url))
        for node in page.select(", ".join(GENERATED)):
            for m in PERCENT.finditer(node.get_text()):
                seen += 1
                assert m.group(2) == NBSP, (url, node.get_text())
        for el in page.select("progress[aria-label]"):
            assert re.search(r"\d,\d\u00a0%", el["aria-label"]), el["aria-label"]
    assert seen > 20
    assert vtext.percent(1, 3) == "33,3\u00a0%" and vtext.percent_value(60) == "60\u00a0%"


# --------------------------------------------------------------------------- 6. unit names


def test_officials_titles_name_their_unit_once(demo):
    units = yaml.load((REPO / "data" / "units.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    bases = [u["name"].split(" (")[0].lower() for u in units]
    people = 0
    for url, page in pages(demo.site_dir):
        for person in page.select(".ck-person"):
            people += 1
            text = words(person)
            assert not re.search(r"\([^()]*\(", text), (url, text)  # no brackets inside brackets
            for base in bases:
                assert text.lower().count(base) <= 1, (url, text)
    assert people > 20
    atbx = soup(demo.page("don-vi/phong-an-toan-buc-xa"))
    assert [words(p).split(", ", 1)[1] for p in atbx.select(".ck-person")] == [
        "Chuyên viên Phòng Quản lý chuyên ngành (An toàn bức xạ và hạt nhân)",
        "Trưởng phòng Quản lý chuyên ngành (An toàn bức xạ và hạt nhân)"]


def test_official_role_rules():
    from congkhai.derive.listings import official_role
    from congkhai.content.model import Official, Unit

    class Site:  # the one attribute official_role reads
        units = {"atbx": Unit.model_validate({"id": "atbx", "name": "Phòng Quản lý chuyên ngành (An toàn bức xạ)"}),
                 "vp": Unit.model_validate({"id": "vp", "name": "Văn phòng Sở"})}

    def role(title, unit):
        return official_role(Site, Official.model_validate({"id": "a", "name": "A", "title": title, "unit": unit,
                                                             "phone": "0200 3812 101"}))
    assert role("Chuyên viên Phòng Quản lý chuyên ngành", "atbx") == "Chuyên viên Phòng Quản lý chuyên ngành (An toàn bức xạ)"
    assert role("Chánh Văn phòng Sở", "vp") == "Chánh Văn phòng Sở"
    assert role("Chuyên viên", "vp") == "Chuyên viên, Văn phòng Sở"


# --------------------------------------------------------------------------- 9. calendar days said so


def test_plain_days_are_said_to_be_calendar_days():
    assert str(Duration.model_validate("25 ngày")) == "25 ngày (kể cả ngày nghỉ)"
    assert str(Duration.model_validate("5 ngày")) == "05 ngày (kể cả ngày nghỉ)"
    assert str(Duration.model_validate("10 ngày làm việc")) == "10 ngày làm việc"
    assert str(Duration.model_validate("1 tháng")) == "01 tháng"


def test_processing_times_in_plain_days_read_right_everywhere(demo):
    plain = {slug: p for slug, p in demo.procedures.items()
             if re.fullmatch(r"\d+ ngày", p.get("processing_time", "")) and not is_internal(p)}
    assert plain, "the demo has procedures whose time is in calendar days"
    for slug, p in plain.items():
        days = int(p["processing_time"].split()[0])
        want = f"{days:02d} ngày (kể cả ngày nghỉ)"
        page = soup(demo.page(f"thu-tuc/{slug}"))
        assert want in words(page.select_one("article.ck-procedure")), slug
        if p.get("status") not in RETIRED:
            listing = words(soup(demo.page(f"thu-tuc/linh-vuc/{p['field']}")).select_one(f"tr[data-code='{p['code']}']"))
            assert want in listing, slug
    times = [t for t in search_docs(demo.site_dir) if re.fullmatch(r"\d+ ngày.*", t)]
    assert times and all(re.fullmatch(r"\d+ ngày (làm việc|\(kể cả ngày nghỉ\))", t) for t in times), times


# --------------------------------------------------------------------------- in Chromium: 2, 7, 8


@pytest.fixture(scope="module")
def served(demo):
    from playwright.sync_api import sync_playwright

    from browser import SiteServer, launch
    with sync_playwright() as p, SiteServer(demo.site_dir) as server:
        browser = launch(p)
        yield browser, server.url
        browser.close()


def test_on_a_phone_the_unmet_requirement_is_on_the_first_screens(served):
    browser, url = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(url + "cong-khai/")
    top = page.evaluate("() => document.querySelector('section.ck-requirement[data-status=\"chưa đạt\"]')"
                        ".getBoundingClientRect().top + window.scrollY")
    page.close()
    assert top < 740 * 1.5, top  # it was the 20th block, 11,700 px down


CHART = """() => [...document.querySelectorAll('figure.ck-chart svg')].filter(s => s.getBoundingClientRect().width > 0)
  .map(s => { const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
    const texts = [...s.querySelectorAll('text')];
    return {font: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
            height: Math.min(...texts.map(t => t.getBoundingClientRect().height)), labels: texts.length}; })"""


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 800)])
def test_chart_labels_read_at_12_px_or_more(served, width, height):
    browser, url = served
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url + "thong-ke/")
    charts = page.evaluate(CHART)
    page.close()
    assert len(charts) == 1, charts  # one drawing shown per screen
    assert charts[0]["labels"] >= 12 and charts[0]["font"] >= 12 and charts[0]["height"] >= 12, charts


@pytest.mark.parametrize("address,block", [("ke-hoach/theo-doi/", ".ck-tracker"), ("ke-hoach/", ".ck-plans"),
                                           ("ke-hoach/ke-hoach-kiem-soat-tthc-2026/", ".ck-plan")])
def test_due_dates_and_progress_words_have_enough_contrast(served, address, block):
    from browser import AXE  # the vendored axe-core
    browser, url = served
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url + address)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async (block) => (await axe.run({include: [[block]]}, {runOnly: {type: 'rule', "
                          "values: ['color-contrast']}})).violations.flatMap(v => v.nodes.map(n => n.target.join(' ')))",
                          block)
    checked = page.evaluate("(block) => document.querySelectorAll(block + ' .ck-due, ' + block + ' .ck-progress-text')"
                            ".length", block)
    page.close()
    assert checked > 0 and found == [], found


def test_a_plan_may_name_a_unit_without_its_bracketed_qualifier():
    from types import SimpleNamespace

    from congkhai.derive.listings import _resolve
    from congkhai.content.model import Unit
    units = {"atbx": Unit.model_validate({"id": "atbx", "name": "Phòng Quản lý chuyên ngành (An toàn bức xạ)"}),
             "vp": Unit.model_validate({"id": "vp", "name": "Văn phòng Sở"})}
    site = SimpleNamespace(units=units, cache={})
    got = _resolve(site, ["Phòng Quản lý chuyên ngành", "phòng quản lý chuyên ngành (an toàn bức xạ)", "vp", "Tổ công tác"])
    assert got == [units["atbx"], units["atbx"], units["vp"], "Tổ công tác"]
