"""Every page template as a citizen sees it, in Chromium: on a 360×740 phone and a 1280×800 screen.

Each page is photographed into tests/screenshots/ (for a person to look at), checked with axe-core
(WCAG 2.1 A/AA, zero violations) and for sideways scrolling. The procedure page's first phone
screen is measured: how long, how much, where (online level and button) and the first documents
to bring must all be above the fold.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from browser import DESKTOP, PHONE, axe_violations, screenshot
from helpers import REPO, copy_fixture, mkdocs_build, site_config

# one page per template of the demo (page template -> address)
PAGES = {
    "home": "",
    "catalogue": "thu-tuc/",
    "field": "thu-tuc/linh-vuc/an-toan-buc-xa/",
    "procedure": "thu-tuc/cap-giay-phep-x-quang-chan-doan/",
    "procedure-two-cases": "thu-tuc/dang-ky-cong-bo-hop-quy/",
    "procedure-replaced": "thu-tuc/khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te/",
    "procedure-internal": "thu-tuc/giao-truc-tiep-nhiem-vu-khcn-cap-tinh-cho-don-vi-su-nghiep-cong-lap/",
    "fees": "bieu-phi/",
    "directory": "can-bo/",
    "feedback": "phan-anh-kien-nghi/",
    "plans": "ke-hoach/",
    "plan": "ke-hoach/ke-hoach-kiem-soat-tthc-2026/",
    "tracker": "ke-hoach/theo-doi/",
    "unit": "don-vi/phong-an-toan-buc-xa/",
    "dashboard": "cong-khai/",
    "statistics": "thong-ke/",
    "internal": "thu-tuc/noi-bo/",
    "search": "tim-kiem/?q=giay+phep",
    "not-found": "404.html",
}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def site_url(served):
    return served[1]


@pytest.fixture(scope="module")
def phone(chromium, site_url):
    page = chromium.new_page(viewport=PHONE)
    yield page
    page.close()


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_template_passes_axe_and_fits_the_screen(chromium, site_url, name, viewport):
    page = chromium.new_page(viewport=VIEWPORTS[viewport])
    try:
        _open(page, site_url + PAGES[name])
        screenshot(page, f"{name}-{viewport}")
        problems = axe_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORTS[viewport]["width"]:
            problems.append(f"the page is {width} px wide on a {VIEWPORTS[viewport]['width']} px screen")
        assert not problems, f"{PAGES[name] or 'trang chủ'} at {viewport}:\n" + "\n".join(problems)
    finally:
        page.close()


def test_the_accessibility_gate_fails_on_an_injected_violation(phone, site_url):
    _open(phone, site_url + PAGES["procedure"])
    assert axe_violations(phone) == []
    phone.evaluate("""() => {
      const img = document.createElement("img"); img.src = "x.png"; document.querySelector("h1").after(img);
      const p = document.createElement("p"); p.textContent = "Chữ mờ"; p.style.color = "#bbb"; img.after(p);
    }""")
    found = " ".join(axe_violations(phone))
    assert "image-alt" in found and "color-contrast" in found


# ------------------------------------------------------------------ the procedure page's first screen

FIRST_SCREEN = """() => {
  const bottom = (sel) => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().bottom : null; };
  return {time: bottom('[data-fact=time] dd'), fee: bottom('[data-fact=fee] dd'), where: bottom('[data-fact=where] dd'),
          online: bottom('[data-fact=where] .ck-badge'), button: bottom('.ck-online-button'),
          prepare: bottom('.ck-prepare li:first-child'), contact: bottom('[data-fact=contact] dd')};
}"""


def _current_procedures(demo) -> list[str]:
    return [slug for slug, p in demo.procedures.items() if p.get("status", "đang áp dụng") in ("đang áp dụng", "chờ hiệu lực")]


def test_a_procedure_answers_on_the_first_phone_screen(demo, phone, site_url):
    """Time, fee, where (online level and the button when there is one), whom to call and the first
    document to bring are all within the first 740 px, for every current procedure of the demo."""
    late = []
    slugs = _current_procedures(demo)
    assert len(slugs) >= 30
    for slug in slugs:
        _open(phone, f"{site_url}thu-tuc/{slug}/")
        found = phone.evaluate(FIRST_SCREEN)
        online = demo.procedures[slug]["online_level"] != "không"
        for fact, bottom in found.items():
            if bottom is None and fact == "button" and not online:
                continue
            if bottom is None or bottom > PHONE["height"]:
                late.append(f"{slug}: {fact} ends at {bottom} px")
    assert not late, "\n".join(late)


def test_first_screen_facts_agree_with_the_record(demo):
    page = BeautifulSoup(demo.page("thu-tuc/cap-giay-phep-x-quang-chan-doan"), "html.parser")
    facts = {d["data-fact"]: " ".join(d.get_text(" ").split()) for d in page.select("[data-fact]")}
    assert facts["time"] == "Thời hạn 25 ngày (kể cả ngày nghỉ)"
    assert "Phí: 2.000.000 – 16.000.000 đồng, tùy trường hợp" in facts["fee"]
    assert "Trực tuyến toàn trình" in facts["where"] and "Tầng 1, Trung tâm Phục vụ hành chính công" in facts["where"]
    assert "0200 3812 402 (Đỗ Hải Yến)" in facts["contact"]
    first = [" ".join(li.get_text(" ").split()) for li in page.select(".ck-prepare li")]
    assert first[0].startswith("Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ")
    assert len(first) == 3 and "Xem đủ 8 giấy tờ" in page.select_one(".ck-prepare").get_text()


# ------------------------------------------------------------------ forms, online links, fee account

def test_form_files_are_published_and_linked_with_type_and_size(demo):
    page = BeautifulSoup(demo.page("thu-tuc/cap-giay-phep-x-quang-chan-doan"), "html.parser")
    links = {a["href"] for a in page.select("a.ck-form-link")}
    assert links == {"mau/don-de-nghi-cap-giay-phep-buc-xa.docx", "mau/phieu-khai-bao-thiet-bi-x-quang.docx"}
    for href in links:
        published = demo.site_dir / "thu-tuc/cap-giay-phep-x-quang-chan-doan" / href
        source = REPO / "procedures/an-toan-buc-xa" / href
        assert published.read_bytes() == source.read_bytes()
    forms = " ".join(page.select_one("#mau-don").find_parent("section").get_text(" ").split())
    assert re.search(r"Mẫu đơn đề nghị, Phụ lục I Nghị định 142/2020/NĐ-CP \(Word, \d+ KB\)", forms), forms
    assert "không quy định mẫu" not in forms


def test_a_procedure_without_forms_says_so_only_then(demo):
    for slug, p in demo.procedures.items():
        documents = [d for case in p["dossier"] for d in case["documents"]]
        named = any(d.get("form") or d.get("form_file") or d.get("form_url") for d in documents)
        text = BeautifulSoup(demo.page(f"thu-tuc/{slug}"), "html.parser").get_text(" ")
        assert ("Thủ tục này không quy định mẫu đơn, tờ khai." in text) == (not named), slug
        assert "Theo mẫu đính kèm" not in text, slug


def test_online_buttons_lead_to_the_procedure_or_say_which_code_to_search(demo):
    portal = "https://dichvucong.lachong.example.vn"
    seen_deep = seen_fallback = 0
    for slug, p in demo.procedures.items():
        page = BeautifulSoup(demo.page(f"thu-tuc/{slug}"), "html.parser")
        button = page.select_one(".ck-online-button")
        current = p.get("status", "đang áp dụng") in ("đang áp dụng", "chờ hiệu lực")
        if p["online_level"] == "không" or not current:
            assert button is None, slug
            continue
        if p.get("online_url"):
            assert button["href"] == p["online_url"] and p["code"] in button["href"], slug
            seen_deep += 1
        else:
            assert button["href"] == portal, slug
            hint = page.select_one("#" + button["aria-describedby"])
            assert p["code"] in hint.get_text(), slug
            seen_fallback += 1
    assert seen_deep >= 25 and seen_fallback >= 1


def test_fee_payment_names_the_account(demo):
    page = BeautifulSoup(demo.page("thu-tuc/cap-giay-phep-x-quang-chan-doan"), "html.parser")
    account = " ".join(page.select_one(".ck-fee-account").get_text(" ").split())
    assert "Sở Khoa học và Công nghệ tỉnh Lạc Hồng" in account and "3511.0.1234567" in account
    assert "Kho bạc Nhà nước" in account


def test_a_form_file_in_a_fixture_site_is_copied_and_linked(tmp_path):
    root = copy_fixture("minimal", tmp_path / "src")
    (root / "procedures/atbx/mau").mkdir()
    (root / "procedures/atbx/mau/don.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 3000)
    path = root / "procedures/atbx/chung-chi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("        form: Mẫu số 01\n",
                                                             "        form: Mẫu số 01\n        form_file: mau/don.pdf\n"),
                    encoding="utf-8")
    site_dir = tmp_path / "site"
    result = mkdocs_build(site_config(root), site_dir)
    assert result.returncode == 0, result.stderr
    html = (site_dir / "thu-tuc/chung-chi/index.html").read_text(encoding="utf-8")
    assert (site_dir / "thu-tuc/chung-chi/mau/don.pdf").stat().st_size == 3009
    assert 'href="mau/don.pdf" download>Mẫu số 01</a> <small class="ck-nowrap">(PDF, 3 KB)</small>' in html


# ------------------------------------------------------------------ last updated

def test_last_updated_comes_from_the_record_else_from_git(tmp_path):
    root = copy_fixture("minimal", tmp_path / "src")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.vn", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.vn", "GIT_AUTHOR_DATE": "2026-03-05T10:00:00",
           "GIT_COMMITTER_DATE": "2026-03-05T10:00:00", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "nội dung"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    site_dir = tmp_path / "site"
    assert mkdocs_build(site_config(root), site_dir).returncode == 0
    html = (site_dir / "thu-tuc/chung-chi/index.html").read_text(encoding="utf-8")
    assert 'Cập nhật lần cuối <time datetime="2026-03-05">05/03/2026</time>' in html
    plan = (site_dir / "ke-hoach/ke-hoach-thu/index.html").read_text(encoding="utf-8")
    assert 'Cập nhật lần cuối <time datetime="2026-03-05">05/03/2026</time>' in plan
    path = root / "procedures/atbx/chung-chi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("conditions: Không\n", "conditions: Không\nupdated: 01/11/2026\n"),
                    encoding="utf-8")
    assert mkdocs_build(site_config(root), site_dir).returncode == 0
    html = (site_dir / "thu-tuc/chung-chi/index.html").read_text(encoding="utf-8")
    assert 'Cập nhật lần cuối <time datetime="2026-11-01">01/11/2026</time>' in html


# ------------------------------------------------------------------ header, footer, theme words

def test_header_names_the_department_whole_on_every_screen(chromium, site_url):
    for viewport, shown, hidden in (("phone", ".ck-identity-short", ".ck-identity-long"),
                                    ("desktop", ".ck-identity-long", ".ck-identity-short")):
        page = chromium.new_page(viewport=VIEWPORTS[viewport])
        try:
            _open(page, site_url + PAGES["procedure"])
            name = page.locator(shown)
            assert name.is_visible() and not page.locator(hidden).is_visible(), viewport
            cut = name.evaluate("e => e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > innerWidth")
            assert not cut, viewport
            assert name.inner_text() in ("Sở KH&CN Lạc Hồng", "Sở Khoa học và Công nghệ tỉnh Lạc Hồng")
        finally:
            page.close()


THEME_ENGLISH = re.compile(r"Made with|Material for MkDocs</a>|Back to top|Skip to content|Table of contents|"
                           r"Initializing search|Trở lại mục lục|Previous|Next")


def test_every_page_has_the_official_footer_and_no_english_theme_words(demo):
    # every page a citizen reads: not the web editor (quan-tri/, a page of its own for staff, README "Web editor")
    pages = sorted(p for p in demo.site_dir.rglob("*.html") if p.relative_to(demo.site_dir).parts[0] != "quan-tri")
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        footer = soup.select_one("footer .ck-footer")
        assert footer is not None, path
        text = " ".join(footer.get_text(" ").split())
        for fact in ("Cổng thông tin chính thức của Sở Khoa học và Công nghệ tỉnh Lạc Hồng",
                     "Cơ quan chủ quản: Ủy ban nhân dân tỉnh Lạc Hồng", "Số 18 đường Trần Đại Nghĩa",
                     "0200 3812 000", "skhcn@lachong.example.vn", "Sáng 7 giờ 30 – 11 giờ 30", "0200 3812 100"):
            assert fact in text, (path, fact)
        assert not THEME_ENGLISH.search(html), (path, THEME_ENGLISH.search(html)[0])
        top = soup.select_one(".md-top")
        assert top is None or " ".join(top.get_text(" ").split()) == "Về đầu trang", path


# ------------------------------------------------------------------ paper

def test_printing_a_procedure_keeps_the_fee_table(chromium, site_url, demo):
    from pypdf import PdfReader
    page = chromium.new_page(viewport=DESKTOP)
    try:
        _open(page, site_url + PAGES["procedure"])
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    reader = PdfReader(io.BytesIO(pdf))
    # pypdf splits Vietnamese syllables at their marks ("Th ủ t ụ c"): compare without spaces
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))

    def printed(words: str) -> bool:
        return re.sub(r"\s+", "", words) in text

    fee = demo.procedures["cap-giay-phep-x-quang-chan-doan"]["fees"][0]
    for case in fee["cases"]:
        assert printed(case["case"]), case
        assert printed(f"{int(case['amount'].replace('.', '')):,}".replace(",", ".") + " đồng"), case
    assert printed("Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ")  # the checklist
    assert not printed("Nộp hồ sơ trực tuyến")  # a button is no use on paper
    assert len(reader.pages) <= 5


def test_older_statistics_periods_are_folded_but_open_by_link_and_on_paper(chromium, site_url):
    page = chromium.new_page(viewport=PHONE)
    try:
        _open(page, site_url + "thong-ke/")
        state = "[...document.querySelectorAll('details.ck-period-details')].map(d => d.open)"
        assert page.evaluate(state) == [True, False, False, False]
        _open(page, site_url + "thong-ke/#2026-quy-1")
        assert page.evaluate(state) == [True, False, True, False]
        page.pdf()
        assert page.evaluate(state) == [True, True, True, True]
    finally:
        page.close()


def test_only_links_that_leave_the_portal_are_marked(chromium, site_url):
    marker = "(a) => getComputedStyle(a, '::after').content"
    page = chromium.new_page(viewport=PHONE)
    try:
        _open(page, site_url + "phan-anh-kien-nghi/")
        national = page.locator('.md-content a[href^="https://dichvucong.gov.vn"]').first
        assert "↗" in national.evaluate(marker)
        _open(page, site_url + PAGES["search"])
        results = page.locator(".ck-search-page-results a")
        assert results.count() > 0
        assert all("↗" not in results.nth(i).evaluate(marker) for i in range(results.count()))
    finally:
        page.close()
