"""Notice-board sheets (niêm yết), as the office prints them: a copy of the demo built once with a site_url, every sheet
opened in Chromium and printed to PDF (@page: A4 portrait), its QR code photographed and decoded with zxing-cpp.

- the QR code of every sheet holds the absolute address of the procedure's (or lĩnh vực's) page, a page the site has;
- the lĩnh vực sheets print on exactly one A4 page (the demo's largest field among them), each procedure's on two at most,
  and nothing on them is wider than the paper;
- a sheet's time, fees and phone are the procedure page's, and it shows the date it was made (the build date);
- the printed PDF carries none of the site's navigation (header, search, menu, footer);
- without a site_url the QR code holds the page's path from the site's root and the sheets' index says so.
congkhai/derive/notice_board.py, congkhai/publish/qr.py, overrides/congkhai/sheet_*.html, assets/congkhai/niem-yet.css.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import DESKTOP, PHONE, SiteServer, axe_violations, screenshot
from conftest import read_front
from helpers import REPO, copy_fixture, mkdocs_build, site_config

SITE_URL = "https://skhcn.lachong.example.vn/"
BUILD_DATE = "21/11/2026"  # helpers.mkdocs_build's date; never "today", so the date on a sheet is the build's
A4_POINTS = (595.28, 841.89)
PRINTABLE = round((210 - 2 * 12) * 96 / 25.4)  # A4's width in CSS pixels less the @page margins (12 mm each side)
# what only the site's chrome says: the search box, the menu, the footer, the back-to-top button, the sheet's own
# on-screen links
CHROME = ["Tìm thủ tục, mã số, cán bộ", "Biểu phí, lệ phí", "Giới thiệu Sở, lãnh đạo Sở", "Hướng dẫn cán bộ",
          "Cổng thông tin chính thức của", "Trang được tạo bằng congkhai", "Về đầu trang", "Tất cả bản niêm yết"]


def squeeze(text: str) -> str:
    """pypdf splits Vietnamese syllables at their marks ("Th ủ t ụ c"): text is compared without white space."""
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- the demo's records, read plainly


def _expected() -> tuple[dict[str, list[str]], dict[str, dict]]:
    """lĩnh vực id -> slugs of its procedures that are posted (in force or pending, not internal), and each one's
    front matter, read with plain YAML (independently of congkhai)."""
    fields = [f["id"] for f in yaml.load((REPO / "data" / "fields.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)]
    posted: dict[str, list[str]] = {f: [] for f in fields}
    records = {}
    for path in sorted((REPO / "procedures").rglob("*.md")):
        front = read_front(path)
        if front.get("status", "đang áp dụng") in ("đang áp dụng", "chờ hiệu lực") \
                and front.get("internal", "").lower() not in ("có", "true", "yes"):
            posted[front["field"]].append(path.stem)
            records[path.stem] = front
    return {f: slugs for f, slugs in posted.items() if slugs}, records


# --------------------------------------------------------------------------- looking at a screenshot


def png_gray(png: bytes) -> tuple[bytes, int, int]:
    """A PNG screenshot (8-bit RGB or RGBA, not interlaced, as Chromium writes them) as one grey byte per pixel."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, head = 8, bytearray(), None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    width, height, depth, color, _, _, interlace = head
    assert depth == 8 and interlace == 0 and color in (2, 6), head
    bpp = 3 if color == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(bytes(idat))
    prev, out = bytearray(stride), bytearray()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line[1::bpp]  # green: the code is black on white
        prev = line
    return bytes(out), width, height


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp

    gray, width, height = png_gray(png)
    image = memoryview(gray).cast("B", (height, width))
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


# --------------------------------------------------------------------------- the sheets, printed once


@dataclass
class Printed:
    url: str  # the sheet's address in the site, "niem-yet/thu-tuc/<slug>/"
    pdf: bytes
    pages: int
    size: tuple[float, float]  # the first page's width and height, in points
    text: str  # the PDF's text, squeezed
    qr: list[str]  # what the QR code in the screenshot says
    overflow: list[str]  # elements wider than A4's printable width, laid out for print


def _url_of(path: Path, site: Path) -> str:
    return path.parent.relative_to(site).as_posix() + "/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the demo built with a site_url, as the workflow builds the published portal."""
    tmp = tmp_path_factory.mktemp("niem-yet")
    root = tmp / "src"
    for folder in ("procedures", "data", "plans"):
        shutil.copytree(REPO / folder, root / folder)
    config = site_config(root)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_url"] = SITE_URL
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(config, tmp / "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return tmp / "site"


@pytest.fixture(scope="module")
def server(built):
    with SiteServer(built) as srv:
        yield srv.url


OVERFLOW = """(limit) => [...document.querySelectorAll('.ck-sheet, .ck-sheet *')]
  .filter(e => e.getBoundingClientRect().right > limit + 1)
  .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ': ' + (e.textContent || '').trim().slice(0, 60))"""


def _print(page, server: str, url: str) -> Printed:
    """A sheet laid out for print on a page as wide as A4's printable width: what sticks out, its QR code read from
    a screenshot, and its PDF."""
    from pypdf import PdfReader

    page.goto(server + url, wait_until="load")
    overflow = page.evaluate(OVERFLOW, PRINTABLE)
    qr = decode_qr(page.locator(".ck-sheet-qr svg").screenshot())
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    return Printed(url, pdf, len(reader.pages),
                   (float(box.width), float(box.height)), squeeze("\n".join(p.extract_text() for p in reader.pages)),
                   qr, overflow)


@pytest.fixture(scope="module")
def sheets(built, server, chromium) -> dict[str, Printed]:
    """Every sheet of the built site, printed: address -> Printed."""
    page = chromium.new_page(viewport={"width": PRINTABLE, "height": 1100}, device_scale_factor=2)
    page.emulate_media(media="print")
    try:
        urls = [_url_of(p, built) for p in sorted(built.glob("niem-yet/*/*/index.html"))]
        return {url: _print(page, server, url) for url in urls}
    finally:
        page.close()


def _field_sheets(sheets: dict[str, Printed]) -> dict[str, Printed]:
    return {url.split("/")[2]: s for url, s in sheets.items() if url.startswith("niem-yet/linh-vuc/")}


def _procedure_sheets(sheets: dict[str, Printed]) -> dict[str, Printed]:
    return {url.split("/")[2]: s for url, s in sheets.items() if url.startswith("niem-yet/thu-tuc/")}


@functools.lru_cache(maxsize=None)
def _soup(built: Path, url: str) -> BeautifulSoup:
    """A built page, parsed once (the tests only read it)."""
    return BeautifulSoup((built / url / "index.html").read_text(encoding="utf-8"), "html.parser")


# --------------------------------------------------------------------------- which sheets


def test_one_sheet_per_posted_procedure_and_per_field_listed_on_the_index(built, sheets):
    posted, _ = _expected()
    assert sorted(_field_sheets(sheets)) == sorted(posted)
    assert sorted(_procedure_sheets(sheets)) == sorted(s for slugs in posted.values() for s in slugs)
    index = _soup(built, "niem-yet/")
    linked = {a["href"] for a in index.select("article.ck-sheets a[href]")}
    for url in sheets:
        assert "../" + url in linked, url
    # reached from the site: each procedure page and lĩnh vực page links its sheet, the Công khai page the index
    for field, slugs in posted.items():
        assert _soup(built, f"thu-tuc/linh-vuc/{field}/").find("a", href=f"../../../niem-yet/linh-vuc/{field}/")
        for slug in slugs:
            assert _soup(built, f"thu-tuc/{slug}/").find("a", href=f"../../niem-yet/thu-tuc/{slug}/"), slug
    assert _soup(built, "cong-khai/").find("a", href="../niem-yet/")
    # in NFC, and nothing fetched from elsewhere (the QR code is inline SVG, the style sheet the site's own)
    for url in ["niem-yet/", *sheets]:
        html = (built / url / "index.html").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", html), url
        fetched = [t.get("src") or t.get("href") for t in _soup(built, url).find_all(["link", "script", "img", "iframe"])
                   if "canonical" not in (t.get("rel") or [])]  # a name for the page, not a request
        assert not [f for f in fetched if f and re.match(r"(https?:)?//", f)], url
        assert _soup(built, url).select_one("link[href$='assets/congkhai/niem-yet.css']") or url == "niem-yet/", url


# --------------------------------------------------------------------------- QR codes


def test_every_qr_code_leads_to_its_page(built, sheets):
    """Decoded from a screenshot of the printed sheet: the absolute address of the procedure's or lĩnh vực's page,
    a page the site has, about the same procedure or lĩnh vực."""
    wrong = []
    for url, sheet in sheets.items():
        kind, ident = url.split("/")[1:3]
        target = f"thu-tuc/{ident}/" if kind == "thu-tuc" else f"thu-tuc/linh-vuc/{ident}/"
        if sheet.qr != [SITE_URL + target]:
            wrong.append(f"{url}: the QR code says {sheet.qr}, not {SITE_URL + target}")
            continue
        page = _soup(built, target)
        mark = "data-code" if kind == "thu-tuc" else "data-field"
        value = _soup(built, sheet.url).select_one("article.ck-sheet")[mark]
        if not page.select_one(f'article[{mark}="{value}"]'):
            wrong.append(f"{url}: {target} is not the page of {value}")
        if squeeze(SITE_URL + target) not in sheet.text:
            wrong.append(f"{url}: the address is not printed beside the code")
    assert len(sheets) >= 40
    assert not wrong, "\n".join(wrong)


def test_the_qr_reader_reads_what_the_page_shows(chromium, server):
    """The decoder is no rubber stamp: a code made for another address is read as that address."""
    from congkhai.publish.qr import qr_svg

    page = chromium.new_page(viewport=DESKTOP, device_scale_factor=2)
    try:
        page.goto(server + "niem-yet/thu-tuc/cap-giay-phep-x-quang-chan-doan/")
        page.evaluate("(svg) => { document.querySelector('.ck-sheet-qr svg').outerHTML = svg; }",
                      str(qr_svg("https://example.vn/khac/", "khác")))
        assert decode_qr(page.locator(".ck-sheet-qr svg").screenshot()) == ["https://example.vn/khac/"]
        page.evaluate("() => document.querySelector('.ck-sheet-qr svg').remove()")
        page.evaluate("() => document.querySelector('.ck-sheet-qr').style.width = '120px'")
        assert decode_qr(page.locator(".ck-sheet-qr").screenshot()) == []
    finally:
        page.close()


# --------------------------------------------------------------------------- paper


def test_a_field_sheet_prints_on_one_a4_page(sheets):
    posted, _ = _expected()
    largest = max(len(slugs) for slugs in posted.values())
    fields = _field_sheets(sheets)
    assert largest >= 8
    for field, slugs in posted.items():
        sheet = fields[field]
        assert sheet.size == pytest.approx(A4_POINTS, abs=1), f"{field}: {sheet.size} is not A4 portrait"
        assert sheet.pages == 1, f"{field} ({len(slugs)} thủ tục{', the largest' if len(slugs) == largest else ''}): " \
                                 f"{sheet.pages} pages"


def test_a_procedure_sheet_prints_on_at_most_two_a4_pages(sheets):
    long = [f"{slug}: {s.pages} pages" for slug, s in _procedure_sheets(sheets).items() if s.pages > 2]
    assert not long, "\n".join(long)
    assert all(s.size == pytest.approx(A4_POINTS, abs=1) for s in sheets.values())


def test_nothing_on_a_sheet_is_wider_than_the_paper(sheets):
    cut = [f"{url}: {', '.join(s.overflow[:3])}" for url, s in sheets.items() if s.overflow]
    assert not cut, "\n".join(cut)


def test_the_page_counter_counts(chromium, server):
    """A lĩnh vực sheet with its rows four times over no longer fits one page, and the PDF says so."""
    from pypdf import PdfReader

    page = chromium.new_page(viewport=DESKTOP)
    try:
        page.goto(server + "niem-yet/linh-vuc/tieu-chuan-do-luong-chat-luong/")
        page.evaluate("() => { const b = document.querySelector('.ck-sheet-list tbody'); b.innerHTML = b.innerHTML.repeat(4); }")
        assert len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages) >= 2
    finally:
        page.close()


def test_no_navigation_chrome_on_paper(built, sheets):
    """What only the site's header, menu, search and footer say is on the sheet's web page, and not on its paper."""
    shown = []
    for url, sheet in sheets.items():
        page = _soup(built, url)
        screen = squeeze(page.get_text(" ") + " ".join(i.get("placeholder", "") for i in page.find_all("input")))
        assert all(squeeze(words) in screen for words in CHROME), url  # on screen: the check means something
        shown += [f"{url}: {words}" for words in CHROME if squeeze(words) in sheet.text]
    assert not shown, "\n".join(shown)


def test_chrome_would_be_seen_if_it_printed(chromium, server):
    """The same check on the sheet printed as the screen shows it (print styles off) finds the chrome."""
    from pypdf import PdfReader

    page = chromium.new_page(viewport=DESKTOP)
    try:
        page.goto(server + "niem-yet/linh-vuc/buu-chinh/")
        page.emulate_media(media="screen")
        text = squeeze("".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
    finally:
        page.close()
    assert [w for w in CHROME if squeeze(w) in text]


# --------------------------------------------------------------------------- the same facts as the web page


def _facts(soup: BeautifulSoup, scope: str = "") -> dict[str, str]:
    out = {}
    for fact in ("time", "fee", "contact"):
        node = soup.select_one(f"{scope}[data-fact={fact}] dd")
        out[fact] = re.sub(r"\s*\(\s*xem bảng\s*\)", "", " ".join(node.get_text(" ").split()))  # the page's link
    return out


def test_a_procedure_sheet_says_what_the_procedure_page_says(built, sheets):
    """Time, fees and the phone to call read the same on the sheet as on the procedure page's first screen, are
    printed, and every number among them is on the paper."""
    _, records = _expected()
    differ = []
    for slug, sheet in _procedure_sheets(sheets).items():
        page, paper = _facts(_soup(built, f"thu-tuc/{slug}/")), _facts(_soup(built, sheet.url))
        if page != paper:
            differ.append(f"{slug}: page {page} / sheet {paper}")
        for fact, words in paper.items():
            if squeeze(words) not in sheet.text:
                differ.append(f"{slug}: {fact} {words!r} is not on the paper")
        if squeeze(records[slug]["code"]) not in sheet.text:
            differ.append(f"{slug}: the code {records[slug]['code']} is not on the paper")
    assert not differ, "\n".join(differ)


def test_a_sheet_names_officials_phones_and_where_to_send_feedback(built, sheets):
    department = yaml.safe_load((REPO / "data" / "department.yml").read_text(encoding="utf-8"))
    officials = {o["id"]: o for o in yaml.safe_load((REPO / "data" / "officials.yml").read_text(encoding="utf-8"))}
    _, records = _expected()
    feedback = department["feedback"]
    missing = []
    for slug, sheet in _procedure_sheets(sheets).items():
        wanted = [feedback["agency"], feedback["address"], feedback["phone"], feedback["email"]]
        wanted += [w for o in records[slug].get("officials", []) for w in (officials[o]["name"], officials[o]["phone"])]
        wanted += [d["name"] for case in records[slug].get("dossier", []) for d in case["documents"]]
        missing += [f"{slug}: {w}" for w in wanted if squeeze(w) not in sheet.text]
    assert not missing, "\n".join(missing[:20])


def test_a_field_sheet_lists_its_procedures_as_their_pages_say(built, sheets):
    posted, records = _expected()
    differ = []
    for field, sheet in _field_sheets(sheets).items():
        rows = _soup(built, sheet.url).select(".ck-sheet-list tbody tr")
        codes = [r["data-code"] for r in rows]
        # the procedures the lĩnh vực's web page lists, in its order
        assert codes == [r["data-code"] for r in _soup(built, f"thu-tuc/linh-vuc/{field}/").select(".ck-procedure-list tbody tr")]
        assert sorted(codes) == sorted(records[s]["code"] for s in posted[field]), field
        by_code = {records[s]["code"]: s for s in posted[field]}
        for row in rows:
            slug = by_code[row["data-code"]]
            page = _facts(_soup(built, f"thu-tuc/{slug}/"))
            cells = {fact: " ".join(row.select_one(f"[data-fact={fact}]").get_text(" ").split()) for fact in ("time", "fee")}
            if cells["time"] != page["time"]:
                differ.append(f"{field}/{slug}: time {cells['time']!r}, page {page['time']!r}")
            if cells["fee"] != page["fee"] and not (cells["fee"] == "Không thu" and page["fee"].startswith("Không thu")):
                differ.append(f"{field}/{slug}: fee {cells['fee']!r}, page {page['fee']!r}")
            for words in (records[slug]["name"], records[slug]["code"], cells["time"], cells["fee"]):
                if squeeze(words) not in sheet.text:
                    differ.append(f"{field}/{slug}: {words!r} is not on the paper")
    assert not differ, "\n".join(differ)


def test_every_sheet_shows_the_date_it_was_made(built, sheets):
    for url, sheet in sheets.items():
        soup = _soup(built, sheet.url)
        date = soup.select_one(".ck-sheet-foot time.ck-sheet-date")
        assert date and date.get_text() == BUILD_DATE and date["datetime"] == "2026-11-21", url
        assert squeeze(f"lập ngày {BUILD_DATE}") in sheet.text, url


# --------------------------------------------------------------------------- on screen


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("url", ["niem-yet/", "niem-yet/linh-vuc/tieu-chuan-do-luong-chat-luong/",
                                 "niem-yet/thu-tuc/dang-ky-cong-bo-hop-quy/"])
def test_sheets_pass_axe_and_fit_the_screen(chromium, server, url, viewport):
    size = {"phone": PHONE, "desktop": DESKTOP}[viewport]
    page = chromium.new_page(viewport=size)
    try:
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"niem-yet-{url.strip('/').split('/')[-1]}-{viewport}")
        problems = axe_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            problems.append(f"the page is {width} px wide on a {size['width']} px screen")
        assert not problems, f"{url} at {viewport}:\n" + "\n".join(problems)
    finally:
        page.close()


# --------------------------------------------------------------------------- without a site_url


def test_without_site_url_the_code_holds_the_path_and_the_index_says_so(served, demo):
    """The demo's mkdocs.yml has no site_url: a phone cannot open a path, so the index asks for one."""
    chromium, url = served
    page = chromium.new_page(viewport=DESKTOP, device_scale_factor=2)
    try:
        page.goto(url + "niem-yet/thu-tuc/cap-giay-phep-x-quang-chan-doan/")
        assert decode_qr(page.locator(".ck-sheet-qr svg").screenshot()) == ["thu-tuc/cap-giay-phep-x-quang-chan-doan/"]
    finally:
        page.close()
    warning = BeautifulSoup(demo.page("niem-yet"), "html.parser").select_one("article.ck-sheets .admonition.warning")
    assert warning and "site_url" in warning.get_text()


# --------------------------------------------------------------------------- switched off


def test_sheets_can_be_switched_off(tmp_path):
    """`extra: congkhai: notice_board: false` (a portal that does not want them, or one so large that their QR codes
    weigh on the build): no sheet and no link to one; the index stays, for the links to it, and says why it is empty."""
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["extra"]["congkhai"]["notice_board"] = False
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"
    assert sorted(p.relative_to(site).as_posix() for p in site.glob("niem-yet/**/*.html")) == ["niem-yet/index.html"]
    assert "notice_board: false" in (site / "niem-yet" / "index.html").read_text(encoding="utf-8")
    pages = [p for p in site.glob("thu-tuc/**/index.html")]
    assert pages and not [p for p in pages if "niem-yet/" in p.read_text(encoding="utf-8")]
    data["extra"]["congkhai"]["notice_board"] = "không"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site2")
    assert result.returncode != 0 and "extra.congkhai.notice_board" in result.stderr
