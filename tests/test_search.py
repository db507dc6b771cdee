"""Search on the built demo, in Chromium: the Vietnamese query set, the header box and the results page."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from browser import SiteServer, launch
from congkhai.search import canonical_tones, index_text
from helpers import REPO, mkdocs_build

QUERIES = yaml.safe_load((REPO / "tests" / "search_queries.yml").read_text(encoding="utf-8"))

SEARCH = """async (q) => {
  const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
  const found = await m.search(q);
  return Promise.all(found.results.slice(0, 5).map(async (r) => { const d = await r.data(); return [d.meta.url, d.exact]; }));
}"""


@pytest.fixture(scope="module")
def pagefind_demo(tmp_path_factory):
    """The demo built with Pagefind, the engine large sites get, to run the same queries on it."""
    site_dir = tmp_path_factory.mktemp("demo-pagefind") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir, CONGKHAI_SEARCH_ENGINE="pagefind")
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served(demo, chromium):
    """The demo (with its own engine, lunr at this size) served on loopback."""
    with SiteServer(demo.site_dir) as server:
        yield chromium, server.url


@pytest.fixture(scope="module")
def browser_page(served):
    browser, url = served
    page = browser.new_page()
    page.goto(url)
    yield page, url
    page.close()


@pytest.fixture(scope="module")
def pagefind_page(pagefind_demo, chromium):
    with SiteServer(pagefind_demo) as server:
        page = chromium.new_page()
        page.goto(server.url)
        yield page, server.url
        page.close()


def test_engines_by_size(demo, pagefind_demo):
    assert (demo.site_dir / "search" / "lunr.json").is_file() and not (demo.site_dir / "pagefind").exists()
    assert (pagefind_demo / "pagefind" / "pagefind.js").is_file() and not (pagefind_demo / "search").exists()
    assert 'data-engine="lunr"' in (demo.site_dir / "index.html").read_text(encoding="utf-8")


def test_the_query_set_is_big_enough():
    assert len(QUERIES) >= 60
    assert sum(1 for q in QUERIES if q.get("nfd")) >= 3 and sum(1 for q in QUERIES if q.get("first_exact")) >= 3


@pytest.mark.parametrize("engine", ["lunr", "pagefind"])
@pytest.mark.parametrize("case", QUERIES, ids=[q["q"] + (" (NFD)" if q.get("nfd") else "") for q in QUERIES])
def test_query(request, engine, case):
    page, _ = request.getfixturevalue("browser_page" if engine == "lunr" else "pagefind_page")
    query = unicodedata.normalize("NFD", case["q"]) if case.get("nfd") else case["q"]
    if case.get("nfd"):
        assert query != case["q"]
    top = page.evaluate(SEARCH, query)
    urls = [url.lstrip("/") for url, _ in top]
    for expected in case.get("expect", []):
        assert expected in urls, (case["q"], urls)
    if "first" in case:
        assert urls and urls[0] == case["first"], (case["q"], urls)
    if "first_exact" in case:
        assert top and top[0][1] is True, (case["q"], top[:2])  # the first result matched with its marks


WORDS = ["hoà", "hòa", "HOÀ", "khoẻ", "thuỷ", "uỷ ban", "Uỷ", "quý", "hoàng", "toán", "thuý", "khuya", "hoạ", "loé", "oà",
         "Thoả thuận", "hoa", "mã", "giấy phép", "Hòa Bình", "xoè"]


def test_python_and_browser_normalise_alike(browser_page):
    page, _ = browser_page
    js = page.evaluate("""async (words) => {
      const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
      return words.map((w) => m.canonicalTones(w));
    }""", WORDS + [unicodedata.normalize("NFD", w) for w in WORDS])
    assert js == [canonical_tones(w) for w in WORDS] * 2
    assert canonical_tones("hoà thuỷ uỷ khoẻ quý hoàng") == "hòa thủy ủy khỏe quý hoàng"


def test_index_text_keeps_words_and_adds_d_less_copies():
    assert index_text("Đăng ký", "hoà") == "Đăng ký hòa Dăng"
    assert index_text("Thủ tục cấp giấy phép cho tổ chức và cá nhân đối với hàng hóa") == (
        "cấp giấy phép tổ chức cá nhân hàng hóa")


def test_browser_drops_the_words_the_index_leaves_out(browser_page):
    from congkhai.search import STOP_PHRASES, STOP_WORDS, STOP_WORDS_UNMARKED
    page, _ = browser_page
    dropped = sorted(STOP_WORDS) + list(STOP_PHRASES) + sorted(STOP_WORDS_UNMARKED)
    kept = page.evaluate("""async (words) => {
      const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
      return words.map((w) => m.normalizeQuery("giấy " + w + " phép"));
    }""", dropped)
    assert kept == ["giấy phép"] * len(dropped)
    assert unicodedata.is_normalized("NFC", index_text(unicodedata.normalize("NFD", "giấy phép")))


def test_header_search_box_suggests_while_typing(browser_page):
    page, url = browser_page
    page.goto(url)
    box = page.locator("#ck-search-input")
    box.click()
    box.press_sequentially("chung chi buc xa", delay=30)
    first = page.locator("#ck-search-results [role=option]").first
    first.wait_for()
    assert "chứng chỉ nhân viên bức xạ" in first.inner_text()
    assert "1.000173" in first.inner_text() and "Thời hạn: 10 ngày làm việc" in first.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    assert "kết quả" in page.locator("#ck-search-status").inner_text()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "ck-opt-0"
    box.press("Enter")
    page.wait_for_url("**/thu-tuc/cap-chung-chi-nhan-vien-buc-xa/")


def test_header_search_on_a_phone(served):
    browser, url = served
    context = browser.new_context(viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url)
    assert not page.locator("#ck-search-input").is_visible()
    page.locator(".ck-search-open").click()
    box = page.locator("#ck-search-input")
    assert box.is_visible()
    box.press_sequentially("giay phep buu chinh", delay=30)
    first = page.locator("#ck-search-results [role=option] a").first
    first.wait_for()
    assert first.is_visible()
    assert "bưu chính" in first.inner_text().lower()
    first.tap()
    page.wait_for_url("**/thu-tuc/*buu-chinh*/")
    context.close()


@pytest.mark.parametrize("engine", ["lunr", "pagefind"])
def test_results_page_reads_the_address_and_filters(request, engine):
    page, url = request.getfixturevalue("browser_page" if engine == "lunr" else "pagefind_page")
    page.goto(url + "tim-kiem/?q=giay%20phep")
    items = page.locator(".ck-search-page-results li")
    items.first.wait_for()
    texts = items.all_inner_texts()
    assert any("bưu chính" in t for t in texts) and any("X-quang" in t for t in texts)
    page.select_option("select[name=linh_vuc]", "Bưu chính")
    page.wait_for_function("() => !Array.from(document.querySelectorAll('.ck-search-page-results li')).some(li => li.innerText.includes('X-quang'))")
    texts = items.all_inner_texts()
    assert texts and all("Bưu chính" in t for t in texts)
    assert "linh_vuc=B%C6%B0u+ch%C3%ADnh" in page.url or "linh_vuc=B%C6%B0u%20ch%C3%ADnh" in page.url


def test_body_text_leaves_out_title_words_and_repeats():
    from congkhai.search import body_text
    assert body_text("Cấp giấy phép bưu chính", "Cấp giấy phép bưu chính nội tỉnh bưu chính Nội tỉnh phí") == "nội tỉnh phí"


def test_short_titles_weigh_more_than_long_ones():
    from congkhai.search import title_weight
    assert title_weight("Lĩnh vực Bưu chính") == 10.0
    assert title_weight("Cấp giấy phép bưu chính phạm vi nội tỉnh") > title_weight(
        "Cấp lại giấy phép bưu chính khi mất hư hỏng không sử dụng") > 3.5
    assert title_weight(" ".join(["từ"] * 40)) == 3.5


def _record_site(tmp_path, items, **kwargs):
    """A bare site: search.js and the Pagefind index of `items`, nothing else."""
    import shutil
    from congkhai.search import write_index
    (tmp_path / "assets" / "congkhai").mkdir(parents=True)
    shutil.copy(REPO / "overrides" / "assets" / "congkhai" / "search.js", tmp_path / "assets" / "congkhai" / "search.js")
    (tmp_path / "index.html").write_text('<html lang="vi"><body><p>trang</p></body></html>', encoding="utf-8")
    write_index(items, tmp_path / "pagefind", **kwargs)
    return tmp_path


def test_result_details_come_back_but_are_not_searched(tmp_path, chromium):
    """What a result shows (time, fee, address...) is returned with it, but a word found only there
    finds nothing: otherwise "ngày" or "phí" in every record's details would match every record."""
    from congkhai.search import Record
    items = [Record("thu-tuc/cap-phep/", "Cấp giấy phép hoạt động",
                    {"title": "Cấp giấy phép hoạt động", "kind": "Thủ tục hành chính", "time": "10 ngày làm việc",
                     "fee": "Lệ phí 1.500.000 đồng", "code": "1.000001"}, {"loai": ["Thủ tục hành chính"]}),
             Record("don-vi/van-thu/", "Văn thư", {"title": "Văn thư", "kind": "Đơn vị"}, {"loai": ["Đơn vị"]})]
    site = _record_site(tmp_path, items)
    with SiteServer(site) as server:
        page = chromium.new_page()
        page.goto(server.url)
        found = page.evaluate("""async (queries) => {
          const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
          const out = {};
          for (const q of queries) {
            const r = await m.search(q);
            out[q] = await Promise.all(r.results.map(async (x) => (await x.data()).meta));
          }
          return out;
        }""", ["giấy phép", "ngày làm việc", "1.500.000", "Thủ tục hành chính", "cap phep"])
        page.close()
    assert found["giấy phép"] == [{"title": "Cấp giấy phép hoạt động", "kind": "Thủ tục hành chính",
                                    "time": "10 ngày làm việc", "fee": "Lệ phí 1.500.000 đồng", "code": "1.000001",
                                    "url": "thu-tuc/cap-phep/"}]
    assert found["ngày làm việc"] == [] and found["1.500.000"] == [] and found["Thủ tục hành chính"] == []
    assert [m["url"] for m in found["cap phep"]] == ["thu-tuc/cap-phep/"]


def test_index_chunk_size_reaches_pagefind(tmp_path):
    """The chunk size that keeps a query's download small (INDEX_CHUNK_ENTRIES) is Pagefind's
    unstable PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: if a Pagefind upgrade stops reading it, this fails."""
    from congkhai.search import Record, write_index
    words = [f"từ{i} mục{i} việc{i}" for i in range(300)]
    items = [Record(f"r/{i}/", w, {"title": w, "kind": "Trang"}) for i, w in enumerate(words)]
    write_index(items, tmp_path / "small", chunk_entries=100)
    write_index(items, tmp_path / "large", chunk_entries=100000)
    assert len(list((tmp_path / "large" / "index").iterdir())) == 1
    assert len(list((tmp_path / "small" / "index").iterdir())) >= 5


def test_one_letter_is_not_searched_yet(browser_page):
    page, url = browser_page
    page.goto(url)
    box = page.locator("#ck-search-input")
    box.click()
    box.press_sequentially("x", delay=30)
    page.wait_for_timeout(400)
    assert page.locator("#ck-search-results [role=option]").count() == 0
    box.press_sequentially(" quang", delay=30)
    page.locator("#ck-search-results [role=option]").first.wait_for()
    assert "X-quang" in page.locator("#ck-search-results [role=option]").first.inner_text()


@pytest.mark.parametrize("engine", ["lunr", "pagefind"])
def test_markup_in_a_name_is_shown_as_text_in_results(tmp_path, chromium, engine):
    from helpers import copy_fixture, edit, site_config
    root = copy_fixture("minimal", tmp_path / "src")
    edit(root / "procedures/atbx/chung-chi.md", "name: Cấp chứng chỉ nhân viên bức xạ",
         'name: "Cấp <img src=x onerror=window.hit=1> chứng chỉ nhân viên bức xạ"')
    site_dir = tmp_path / "site"
    result = mkdocs_build(site_config(root), site_dir, CONGKHAI_SEARCH_ENGINE=engine)
    assert result.returncode == 0, result.stderr
    with SiteServer(site_dir) as server:
        page = chromium.new_page()
        page.goto(server.url)
        page.locator("#ck-search-input").press_sequentially("nhan vien buc xa", delay=20)
        option = page.locator("#ck-search-results [role=option] a").first
        option.wait_for()
        assert option.inner_text() == "Cấp <img src=x onerror=window.hit=1> chứng chỉ nhân viên bức xạ"
        assert page.locator("#ck-search-results img").count() == 0
        assert page.evaluate("window.hit") is None
        page.close()


def test_a_missing_or_failing_indexer_stops_the_build_in_plain_words(tmp_path):
    from helpers import copy_fixture, site_config
    root = copy_fixture("minimal", tmp_path / "src")
    site_dir = tmp_path / "site"
    assert mkdocs_build(site_config(root), site_dir, CONGKHAI_SEARCH_ENGINE="pagefind").returncode == 0
    before = sorted(p.relative_to(site_dir) for p in site_dir.rglob("*"))
    # not installed: found before anything is written, so the last site stays whole
    missing = mkdocs_build(site_config(root), site_dir, CONGKHAI_SEARCH_ENGINE="pagefind",
                           PAGEFIND_BINARY_PATH=str(tmp_path / "no-pagefind"))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert "Không tạo được chỉ mục tìm kiếm (Pagefind): không tìm thấy chương trình Pagefind" in missing.stderr
    assert sorted(p.relative_to(site_dir) for p in site_dir.rglob("*")) == before
    # installed but failing: the build stops with Pagefind's own words, not a traceback
    failing = mkdocs_build(site_config(root), site_dir, CONGKHAI_SEARCH_ENGINE="pagefind", PAGEFIND_BINARY_PATH="/bin/false")
    assert failing.returncode != 0 and "Traceback" not in failing.stderr
    assert "Không tạo được chỉ mục tìm kiếm (Pagefind): Pagefind dừng với mã lỗi 1" in failing.stderr
