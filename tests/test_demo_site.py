"""The demo portal, built as a user builds it, checked through its HTML."""

from __future__ import annotations

import datetime as dt
import gzip
import posixpath
import re
import unicodedata

import pytest
from bs4 import BeautifulSoup

from conftest import Built

RETIRED = {"đã bãi bỏ", "đã thay thế"}
BUILD_DATE = dt.date(2026, 11, 21)
SECTIONS = ["trinh-tu", "cach-thuc", "ho-so", "thoi-han", "doi-tuong", "co-quan", "ket-qua", "phi-le-phi",
            "mau-don", "dieu-kien", "can-cu"]
HEADINGS = ["Trình tự thực hiện", "Cách thức thực hiện", "Thành phần, số lượng hồ sơ", "Thời hạn giải quyết",
            "Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả thực hiện", "Phí, lệ phí", "Mẫu đơn, tờ khai",
            "Yêu cầu, điều kiện thực hiện", "Căn cứ pháp lý"]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def internal(p: dict) -> bool:
    return p.get("internal", "không").lower() in ("có", "true", "yes")


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def tel(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "tel:+84" + digits[1:]


def money(raw: str) -> str:
    return f"{int(raw.replace('.', '')):,}".replace(",", ".") + " đồng"


def parse_date(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    d, m, y = raw.split("/")
    return dt.date(int(y), int(m), int(d))


def fee_in_force(fee: dict) -> bool:
    start, end = parse_date(fee.get("valid_from")), parse_date(fee.get("valid_until"))
    return (start is None or start <= BUILD_DATE) and (end is None or BUILD_DATE <= end)


def test_demo_has_at_least_30_procedures_across_the_real_fields(demo: Built):
    assert len(demo.procedures) >= 30
    used = {p["field"] for p in demo.procedures.values()}
    assert {"an-toan-buc-xa", "chuyen-giao-cong-nghe", "tieu-chuan-do-luong-chat-luong", "so-huu-tri-tue",
            "hoat-dong-khcn"} <= used


def test_every_procedure_page_shows_its_whole_record(demo: Built):
    for slug, p in demo.procedures.items():
        page = soup(demo.page(f"thu-tuc/{slug}"))
        article = page.select_one("article.ck-procedure")
        assert article is not None, slug
        body = text_of(article)
        assert text_of(article.find("h1")) == " ".join(p["name"].split()), slug
        assert article["data-code"] == p["code"]
        for anchor, heading in zip(SECTIONS, HEADINGS):
            h = article.find(id=anchor)
            assert h is not None and text_of(h) == heading, (slug, anchor)
        for step in p["steps"]:
            name = step if isinstance(step, str) else step["name"]
            assert " ".join(name.split()) in body, (slug, name)
        for case in p["dossier"]:
            for doc in case["documents"]:
                assert " ".join(doc["name"].split()) in body, (slug, doc["name"])
        for applicant in as_list(p["applicants"]):
            assert applicant in body, (slug, applicant)
        for result in as_list(p["results"]):
            name = result if isinstance(result, str) else result["name"]
            assert " ".join(name.split()) in body, (slug, name)
        legal_table = article.find(id="can-cu").find_next("table")
        for number in as_list(p["legal_basis"]):
            assert number in text_of(legal_table), (slug, number)
        assert " ".join(p["conditions"].split()) in body
        assert p["agencies"]["executing"] in body and p["agencies"]["deciding"] in body
        assert p["announcement"]["number"] in body
        if p.get("local_code"):
            assert p["local_code"] in body, slug
        if p.get("processing_time"):
            digits = re.match(r"\d+", p["processing_time"])
            if digits:
                assert f"{int(digits.group()):02d} " + p["processing_time"].split(None, 1)[1] in body, slug
        online = {"toàn trình": "Trực tuyến toàn trình", "một phần": "Trực tuyến một phần",
                  "không": "Chưa có dịch vụ trực tuyến"}[p["online_level"]]
        assert online in text_of(article.select_one("#tom-tat")), slug
        channels = text_of(article.find(id="cach-thuc").find_next("table")).lower()
        for entry in p["channels"]:
            assert entry["channel"] in channels, (slug, entry["channel"])


def test_each_procedure_page_links_its_officials_phones(demo: Built):
    for slug, p in demo.procedures.items():
        officials = as_list(p.get("officials"))
        assert officials, f"{slug} has no responsible official"
        page = soup(demo.page(f"thu-tuc/{slug}"))
        summary = page.select_one("#tom-tat")
        first = demo.officials[officials[0]]
        links = [a["href"] for a in summary.select('a[href^="tel:"]')]
        assert tel(first["phone"]) in links, slug
        all_links = {a["href"] for a in page.select('article a[href^="tel:"]')}
        for oid in officials:
            assert tel(demo.officials[oid]["phone"]) in all_links, (slug, oid)


def test_fee_schedule_rows_equal_the_procedures_fees(demo: Built):
    page = soup(demo.page("bieu-phi"))
    rows = page.select("table.ck-fees tbody > tr[data-code]")
    got = {(r["data-code"], int(r["data-fee"])): r for r in rows}
    expected = {}
    for p in demo.procedures.values():
        if p.get("status") in RETIRED:
            continue
        for i, fee in enumerate(p["fees"]):
            if fee_in_force(fee):
                expected[(p["code"], i)] = fee
    assert expected, "the demo should charge some fees"
    assert set(got) == set(expected)
    for key, fee in expected.items():
        row = got[key]
        assert text_of(row.select_one(".ck-fee-name")).startswith(" ".join(fee["name"].split())), key
        rate = text_of(row.select_one(".ck-fee-rate"))
        if "amount" in fee:
            assert money(fee["amount"]) in rate or fee["amount"] in ("0",), key
        elif "cases" in fee:
            for case in fee["cases"]:
                assert money(case["amount"]) in rate and " ".join(case["case"].split()) in rate, key
        else:
            assert fee["percent"] in rate and fee["of"] in rate, key
        # the six items of Luật Phí và lệ phí Đ14, each in its place (payer, exemptions and legal texts under the name)
        for item in ("name", "rate", "payment", "payer", "exemptions", "legal"):
            assert len(row.select(f".ck-fee-{item}")) == 1, (key, item)
        for number in as_list(fee["legal_basis"]):
            assert number in text_of(row.select_one(".ck-fee-legal")), key


def test_catalogue_counts_are_right(demo: Built):
    page = soup(demo.page("thu-tuc"))
    counts = {r["data-field"]: int(text_of(r.select_one(".ck-count"))) for r in page.select("tr[data-field]")}
    expected = {f["id"]: 0 for f in demo.fields}
    for p in demo.procedures.values():
        if p.get("status") not in RETIRED and not internal(p):
            expected[p["field"]] += 1
    assert counts == expected
    assert int(text_of(page.select_one(".ck-total"))) == sum(expected.values())
    for field in demo.fields:
        listing = soup(demo.page(f"thu-tuc/linh-vuc/{field['id']}"))
        codes = {r["data-code"] for r in listing.select("table.ck-procedure-list tr[data-code]")}
        assert codes == {p["code"] for p in demo.procedures.values()
                         if p["field"] == field["id"] and p.get("status") not in RETIRED and not internal(p)}


def test_retired_procedures_point_to_their_replacement(demo: Built):
    retired = {s: p for s, p in demo.procedures.items() if p.get("status") in RETIRED and not internal(p)}
    assert retired, "the demo should show a replaced procedure"
    by_code = {p["code"]: s for s, p in demo.procedures.items()}
    for slug, p in retired.items():
        page = soup(demo.page(f"thu-tuc/{slug}"))
        status = page.select_one(".ck-status")
        assert status is not None and "không còn áp dụng" in text_of(status)
        if p.get("replaced_by") in by_code:
            href = status.find("a")["href"]
            target = posixpath.normpath(posixpath.join(f"thu-tuc/{slug}/", href))
            assert target == f"thu-tuc/{by_code[p['replaced_by']]}"


def test_procedures_are_not_in_the_sidebar(demo: Built):
    slug = next(iter(demo.procedures))
    page = soup(demo.page(f"thu-tuc/{slug}"))
    nav_links = [a.get("href", "") for a in page.select("nav.md-nav--primary a")]
    assert len(nav_links) < 20
    assert not any(re.search(r"thu-tuc/[^/]+/$", h) and "linh-vuc" not in h for h in nav_links)


def test_officials_directory_lists_desk_heads_then_officials_by_field(demo: Built):
    page = soup(demo.page("can-bo"))
    leaders = [r["data-official"] for r in page.select("#lanh-dao + table tr[data-official]")]
    roles = {oid: o.get("desk_role", "") for oid, o in demo.officials.items()}
    heads = [o for o, r in roles.items() if r == "trưởng bộ phận"]
    deputies = [o for o, r in roles.items() if r == "phó trưởng bộ phận"]
    assert leaders == heads + deputies
    for field in demo.fields:
        table = page.select_one(f'table[data-field="{field["id"]}"]')
        expected = {oid for oid, o in demo.officials.items() if field["id"] in as_list(o.get("fields"))}
        got = {r["data-official"] for r in table.select("tr[data-official]")} if table else set()
        assert got == expected, field["id"]
    phones = {a["href"] for a in page.select('a[href^="tel:"]')}
    assert {tel(o["phone"]) for o in demo.officials.values()} <= phones


def test_feedback_page_publishes_every_channel(demo: Built):
    import yaml
    from helpers import REPO
    dep = yaml.load((REPO / "data" / "department.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    page = soup(demo.page("phan-anh-kien-nghi"))
    block = page.select_one(".ck-feedback")
    body = text_of(block)
    fb = dep["feedback"]
    assert fb["address"] in body and fb["postal_address"] in body
    assert block.select_one(f'a[href="{tel(fb["phone"])}"]') is not None
    assert block.select_one(f'a[href="mailto:{fb["email"]}"]') is not None


def html_files(demo: Built):
    return sorted(demo.site_dir.rglob("*.html"))


def test_pages_are_utf8_and_nfc(demo: Built):
    for path in html_files(demo):
        text = path.read_bytes().decode("utf-8")  # raises if not UTF-8
        assert unicodedata.is_normalized("NFC", text), path


def test_procedure_pages_are_small(demo: Built):
    sizes = {slug: len(gzip.compress((demo.site_dir / "thu-tuc" / slug / "index.html").read_bytes(), 9))
             for slug in demo.procedures}
    assert max(sizes.values()) < 40 * 1024, max(sizes.items(), key=lambda kv: kv[1])


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_page_requests_anything_outside_the_site(demo: Built):
    for path in html_files(demo):
        page = soup(path.read_text(encoding="utf-8"))
        for tag, attr in [("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("audio", "src"),
                          ("video", "src"), ("embed", "src"), ("object", "data"), ("input", "src")]:
            for node in page.find_all(tag):
                assert not EXTERNAL.match(node.get(attr, "")), (path, str(node)[:200])
        for node in page.find_all("link"):
            rel = " ".join(node.get("rel", []))
            if rel not in ("canonical", "alternate", "prev", "next"):
                assert not EXTERNAL.match(node.get("href", "")), (path, str(node)[:200])
        for node in page.find_all(style=True):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", node["style"]), path
        for node in page.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", node.get_text()), path
    for css in demo.site_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert "@import" not in text, css


def test_every_link_inside_the_site_leads_to_a_page(demo: Built):
    broken = []
    for path in html_files(demo):
        if path.name == "404.html":  # MkDocs links the 404 page from the server root (site_url)
            continue
        folder = path.parent.relative_to(demo.site_dir).as_posix()
        for a in soup(path.read_text(encoding="utf-8")).find_all("a", href=True):
            href = a["href"].split("#")[0]
            if not href or re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            target = demo.site_dir / posixpath.normpath(posixpath.join(folder, href))
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((path.relative_to(demo.site_dir).as_posix(), a["href"]))
    assert not broken, broken[:10]


def test_demo_plans_show_every_task_and_link_to_their_evidence(demo: Built):
    assert len(demo.plans) >= 2
    total = 0
    evidence_targets = set()
    for slug, plan in demo.plans.items():
        page = soup(demo.page(f"ke-hoach/{slug}"))
        rows = page.select("tr.ck-task")
        assert len(rows) == len(plan["tasks"]), slug
        for row, task in zip(rows, plan["tasks"]):
            assert text_of(row).find(" ".join(task["content"].split())[:60]) >= 0, (slug, task["content"][:40])
        evidence_targets |= {a["href"].rstrip("/").split("/")[-1] for a in page.select(".ck-evidence a")}
        total += len(rows)
    assert {"bieu-phi", "can-bo", "thu-tuc"} <= evidence_targets
    tracker = soup(demo.page("ke-hoach/theo-doi"))
    rows = tracker.select("table.ck-tracker-table tbody tr")
    assert len(rows) == total
    overdue = [r for r in rows if "ck-is-overdue" in (r.get("class") or [])]
    assert overdue, "the demo shows what an overdue task looks like"
    for row in overdue:
        plan = demo.plans[row["data-plan"]]
        task = plan["tasks"][int(row["data-index"])]
        assert task.get("status", "chưa thực hiện") in ("chưa thực hiện", "đang thực hiện")


def test_demo_dashboard_is_green_but_for_a_deliberately_unmet_target(demo: Built):
    import yaml
    from helpers import REPO
    register = yaml.load((REPO / "data" / "requirements.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert len(register) >= 15
    for item in register:  # every requirement cites a source: a document and the clause in it
        assert item.get("source", {}).get("ref") and item["source"].get("clause"), item["id"]
        assert item["source"]["ref"] in demo.legal or item["source"]["ref"] in {p["number"] for p in demo.plans.values()}
    page = soup(demo.page("cong-khai"))
    status = {s["data-requirement"]: s["data-status"] for s in page.select("section.ck-requirement")}
    assert set(status) == {item["id"] for item in register}
    levels = {item["id"]: item["level"] for item in register}
    unmet = {k for k, v in status.items() if v == "chưa đạt"}
    assert unmet and all(levels[k] == "chỉ tiêu" for k in unmet)
    assert all(v in ("đạt", "không áp dụng") for k, v in status.items() if k not in unmet)
    shown = page.select_one(f"#yc-{sorted(unmet)[0]} .ck-missing") or page.select_one(f"#yc-{sorted(unmet)[0]} .ck-req-summary")
    assert shown is not None


def test_the_sitemap_is_stamped_with_the_build_date_not_the_day_it_ran(demo):
    """A rebuild of the same content for the same build date is byte-identical on any day (gzip header)."""
    import calendar
    import struct

    header = (demo.site_dir / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] == calendar.timegm(BUILD_DATE.timetuple())
    assert gzip.decompress((demo.site_dir / "sitemap.xml.gz").read_bytes()) == (demo.site_dir / "sitemap.xml").read_bytes()
