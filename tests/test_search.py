"""Search on the built demo, in Chromium: the Vietnamese query set, the header box and the results page."""

from __future__ import annotations

import contextlib
import re
import unicodedata

import pytest
import yaml

from browser import AXE, DESKTOP, PHONE, WCAG21_AA, SiteServer
from congkhai.publish.search import canonical_tones, index_text
from helpers import REPO, mkdocs_build

QUERIES = yaml.safe_load((REPO / "tests" / "search_queries.yml").read_text(encoding="utf-8"))

SEARCH = """async (q) => {
  const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
  const found = await m.search(q);
  return Promise.all(found.results.slice(0, 5).map(async (r) => { const d = await r.data(); return [d.meta.url, d.exact]; }));
}"""


def demo_built_with(tmp_path_factory, engine: str):
    site_dir = tmp_path_factory.mktemp(f"demo-{engine}") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir, CONGKHAI_SEARCH_ENGINE=engine)
    assert result.returncode == 0, result.stderr
    return site_dir


@contextlib.contextmanager
def page_of(site_dir, chromium):
    with SiteServer(site_dir) as server:
        page = chromium.new_page()
        page.goto(server.url)
        yield page, server.url
        page.close()


@pytest.fixture(scope="module")
def pagefind_demo(tmp_path_factory):
    """The demo built with Pagefind, which a large site may choose, to run the same queries on it."""
    return demo_built_with(tmp_path_factory, "pagefind")


@pytest.fixture(scope="module")
def shards_demo(tmp_path_factory):
    """The demo built with congkhai's own index in shards, the engine large sites get."""
    return demo_built_with(tmp_path_factory, "shards")


@pytest.fixture(scope="module")
def shards_page(shards_demo, chromium):
    with page_of(shards_demo, chromium) as opened:
        yield opened


# every engine a site can be built with, and the fixtures giving a page of the demo built with it
ALL_ENGINES = ["lunr", "shards", "pagefind"]
PAGE = {"lunr": "browser_page", "shards": "shards_page", "pagefind": "pagefind_page"}


@pytest.fixture(scope="module")
def browser_page(served):
    browser, url = served
    page = browser.new_page()
    page.goto(url)
    yield page, url
    page.close()


@pytest.fixture(scope="module")
def pagefind_page(pagefind_demo, chromium):
    with page_of(pagefind_demo, chromium) as opened:
        yield opened


def test_engines_by_size(demo, pagefind_demo, shards_demo):
    assert (demo.site_dir / "search" / "lunr.json").is_file() and not (demo.site_dir / "pagefind").exists()
    assert (pagefind_demo / "pagefind" / "pagefind.js").is_file() and not (pagefind_demo / "search" / "lunr.json").exists()
    assert (shards_demo / "search" / "index.json").is_file() and not (shards_demo / "search" / "lunr.json").exists()
    assert not (shards_demo / "pagefind").exists() and not (demo.site_dir / "search" / "index.json").exists()
    # each gets the index's words, abbreviations and the words a query may leave out
    for site in (demo.site_dir, pagefind_demo, shards_demo):
        assert (site / "search" / "words.json").is_file()
    assert 'data-engine="lunr"' in (demo.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'data-engine="shards"' in (shards_demo / "index.html").read_text(encoding="utf-8")


def test_auto_chooses_lunr_for_a_portal_and_the_shards_for_a_province():
    from congkhai.publish.search import LUNR_MAX_RECORDS, choose_engine
    assert choose_engine("auto", LUNR_MAX_RECORDS) == "lunr"
    assert choose_engine("auto", LUNR_MAX_RECORDS + 1) == "shards"
    assert choose_engine("pagefind", 10) == "pagefind" and choose_engine("lunr", 10_000) == "lunr"


def test_the_query_set_is_big_enough():
    assert len(QUERIES) >= 60
    assert sum(1 for q in QUERIES if q.get("nfd")) >= 3 and sum(1 for q in QUERIES if q.get("first_exact")) >= 3


@pytest.mark.parametrize("engine", ALL_ENGINES)
@pytest.mark.parametrize("case", QUERIES, ids=[q["q"] + (" (NFD)" if q.get("nfd") else "") for q in QUERIES])
def test_query(request, engine, case):
    page, _ = request.getfixturevalue(PAGE[engine])
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


def test_index_text_keeps_words_and_pagefind_records_write_d_for_đ():
    """Pagefind folds marks but not đ: its records say "dăng", and search.js asks it for "dăng" (one
    word at one place, so the query's words stand side by side where the name has them)."""
    from congkhai.publish.search import Record
    assert index_text("Đăng ký", "hoà") == "Đăng ký hòa"
    html = Record("x/", "Đăng ký đầu tư", {"title": "Đăng ký đầu tư"}).html()
    assert "Dăng ký dầu tư" in html and "đ" not in html.lower().split("data-pagefind-ignore")[0]
    assert index_text("Thủ tục cấp giấy phép cho tổ chức và cá nhân đối với hàng hóa") == (
        "cấp giấy phép tổ chức cá nhân hàng hóa")


ANALYSE = """async (queries) => {
  const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
  const W = m.prepareWords(await (await fetch(new URL("search/words.json", document.baseURI))).json());
  return queries.map((q) => m.analyse(q, W).variants.map((v) => v.map((i) => (i.soft ? "~" : "") + i.typed)));
}"""


def test_words_the_index_leaves_out_are_not_required_marked_or_not(browser_page):
    """Stop words are out of the index, so a query never requires them: typed with marks ("của") or
    without ("cua", which may also be "cửa": then it still counts when a record's name holds it)."""
    from congkhai.publish.search import STOP_PHRASES, STOP_WORDS, fold
    page, _ = browser_page
    words = sorted(STOP_WORDS) + sorted({fold(w) for w in STOP_WORDS}) + list(STOP_PHRASES)
    read = page.evaluate(ANALYSE, ["giấy " + w + " phép" for w in words])
    for w, variants in zip(words, read):
        assert variants == [["giấy", *("~" + x for x in w.split()), "phép"]], (w, variants)
    # a word that only folds to a stop word, typed with its own marks, is required: "cửa" is not "của"
    assert page.evaluate(ANALYSE, ["một cửa"]) == [[["một", "cửa"]]]
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
    first = page.locator("#ck-search-results [role=option]").first
    first.wait_for()
    assert first.is_visible()
    assert "bưu chính" in first.inner_text().lower()
    first.tap()
    page.wait_for_url("**/thu-tuc/*buu-chinh*/")
    context.close()


@pytest.mark.parametrize("engine", ALL_ENGINES)
def test_results_page_reads_the_address_and_filters(request, engine):
    page, url = request.getfixturevalue(PAGE[engine])
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
    from congkhai.publish.search import body_text
    assert body_text("Cấp giấy phép bưu chính", "Cấp giấy phép bưu chính nội tỉnh bưu chính Nội tỉnh phí") == "nội tỉnh phí"


def test_short_titles_weigh_more_than_long_ones():
    from congkhai.publish.search import title_weight
    assert title_weight("Lĩnh vực Bưu chính") == 10.0
    assert title_weight("Cấp giấy phép bưu chính phạm vi nội tỉnh") > title_weight(
        "Cấp lại giấy phép bưu chính khi mất hư hỏng không sử dụng") > 3.5
    assert title_weight(" ".join(["từ"] * 40)) == 3.5


def _record_site(tmp_path, items, **kwargs):
    """A bare site: search.js and the Pagefind index of `items`, nothing else."""
    import shutil
    from congkhai.publish.search import search_words, write_index, write_words
    (tmp_path / "assets" / "congkhai").mkdir(parents=True)
    write_words(items, search_words(), tmp_path / "search")
    shutil.copy(REPO / "overrides" / "assets" / "congkhai" / "search.js", tmp_path / "assets" / "congkhai" / "search.js")
    (tmp_path / "index.html").write_text('<html lang="vi"><body><form data-ck-search="none" data-engine="pagefind"></form>'
                                         '<p>trang</p></body></html>', encoding="utf-8")
    write_index(items, tmp_path / "pagefind", **kwargs)
    return tmp_path


def test_result_details_come_back_but_are_not_searched(tmp_path, chromium):
    """What a result shows (time, fee, address...) is returned with it, but a word found only there
    finds nothing: otherwise "ngày" or "phí" in every record's details would match every record."""
    from congkhai.publish.search import Record
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
    from congkhai.publish.search import Record, write_index
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


@pytest.mark.parametrize("engine", ALL_ENGINES)
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
        option = page.locator("#ck-search-results [role=option] .ck-result-title").first
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


# ------------------------------------------------------------ header box and results page: keyboard, layout, axe

SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
ENGINES = pytest.mark.parametrize("engine", ALL_ENGINES)


@pytest.fixture(scope="module")
def served_pagefind(pagefind_demo, chromium):
    with SiteServer(pagefind_demo) as server:
        yield chromium, server.url


@pytest.fixture(scope="module")
def served_shards(shards_demo, chromium):
    with SiteServer(shards_demo) as server:
        yield chromium, server.url


def served_by(request, engine):
    return request.getfixturevalue({"lunr": "served", "shards": "served_shards", "pagefind": "served_pagefind"}[engine])


@contextlib.contextmanager
def sized_page(browser, size):
    phone = size["width"] < 600
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
    try:
        yield context.new_page()
    finally:
        context.close()


def suggest(page, url, query):
    """Types `query` into the header box (opened first on a phone) and waits for its own suggestions."""
    page.goto(url)
    if not page.locator("#ck-search-input").is_visible():
        page.locator(".ck-search-open").click()
    page.evaluate("""() => document.querySelector("[data-ck-search=header]")
      .addEventListener("ck-results", (e) => { window.ckShown = e.detail.query; })""")
    box = page.locator("#ck-search-input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_function("(q) => window.ckShown === q", arg=query)
    return box


def results_listed(page):
    """Waits for the results page's list and returns the total its status gives."""
    page.locator(".ck-search-page-results li").first.wait_for()
    status = page.locator(".ck-search-page-status").inner_text()
    found = re.match(r"(\d+) kết quả", status)
    assert found, status
    return int(found.group(1))


def axe(page):
    """WCAG 2.1 A and AA violations on the page, as (rule, [elements])."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (tags) => (await axe.run(document, {runOnly: {type: "tag",
      values: tags}})).violations""", WCAG21_AA)
    return [(v["id"], [" ".join(n["target"]) for n in v["nodes"]]) for v in found]


@ENGINES
def test_enter_with_no_option_chosen_opens_the_results_page(request, engine):
    browser, url = served_by(request, engine)
    with sized_page(browser, DESKTOP) as page:
        box = suggest(page, url, "giay phep x quang")
        assert box.get_attribute("aria-activedescendant") is None
        box.press("Enter")
        page.wait_for_url("**/tim-kiem/?q=giay+phep+x+quang", timeout=10000)
        assert page.locator("#ck-page-q").input_value() == "giay phep x quang"
        assert results_listed(page) >= 4
        assert "X-quang" in page.locator(".ck-search-page-results li").first.inner_text()


@ENGINES
@SIZES
def test_arrow_keys_choose_an_option_and_enter_opens_it(request, engine, size):
    browser, url = served_by(request, engine)
    with sized_page(browser, size) as page:
        box = suggest(page, url, "giay phep x quang")
        found = page.evaluate("""async (q) => {
          const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
          const r = await m.search(q);
          return [r.total, (await r.results[0].data()).meta.url];
        }""", "giay phep x quang")
        options = page.locator("#ck-search-results [role=option]")
        # the best match first, at the top of the list and in sight; nothing chosen yet
        assert options.first.get_attribute("href") == url + found[1]
        assert "X-quang" in options.first.inner_text()
        sight = page.evaluate("""() => {
          const list = document.querySelector("#ck-search-results");
          const l = list.getBoundingClientRect(), f = list.querySelector("[role=option]").getBoundingClientRect();
          return {scrollTop: list.scrollTop, inList: f.top >= l.top && f.top + 40 <= l.bottom, onScreen: f.top >= 0 && f.top + 40 <= innerHeight,
                  chosen: list.querySelectorAll("[aria-selected=true]").length};
        }""")
        assert sight == {"scrollTop": 0, "inList": True, "onScreen": True, "chosen": 0}
        assert box.get_attribute("aria-activedescendant") is None
        assert page.locator("#ck-search-status").inner_text().startswith(f"{found[0]} kết quả")

        def chosen():
            ids = page.eval_on_selector_all("#ck-search-results [aria-selected=true]", "els => els.map(e => e.id)")
            return box.get_attribute("aria-activedescendant"), ids

        box.press("ArrowDown")
        assert chosen() == ("ck-opt-0", ["ck-opt-0"])
        box.press("ArrowDown")
        assert chosen() == ("ck-opt-1", ["ck-opt-1"])
        box.press("ArrowUp")
        assert chosen() == ("ck-opt-0", ["ck-opt-0"])
        box.press("Escape")  # closes the list, the words stay
        assert box.get_attribute("aria-expanded") == "false" and chosen() == (None, [])
        assert box.input_value() == "giay phep x quang"
        box.press("ArrowDown")  # opens it again on the first option
        box.press("ArrowDown")
        assert chosen() == ("ck-opt-1", ["ck-opt-1"]) and box.get_attribute("aria-expanded") == "true"
        second = options.nth(1).get_attribute("href")
        box.press("Enter")
        page.wait_for_url(second, timeout=10000)


@ENGINES
def test_more_results_only_when_there_are_more(request, engine):
    browser, url = served_by(request, engine)
    with sized_page(browser, DESKTOP) as page:
        page.goto(url + "tim-kiem/?q=giay+phep")
        items = page.locator(".ck-search-page-results li")
        more = page.locator(".ck-search-more")
        page_size = page.evaluate("""async () =>
          (await import(document.querySelector("script[src*='search.js']").src)).PAGE_SIZE""")
        total = results_listed(page)
        assert total <= page_size and items.count() == total
        assert not more.is_visible()  # all are listed: no button that does nothing
        page.goto(url + "tim-kiem/?q=cap")
        total = results_listed(page)
        assert total > page_size and items.count() == page_size
        assert more.is_visible()
        more.click()
        page.wait_for_function("(n) => document.querySelectorAll('.ck-search-page-results li').length === n",
                               arg=min(total, 2 * page_size))
        # focus on the first of the new results, where reading goes on
        assert page.evaluate("(n) => document.activeElement === document.querySelectorAll('.ck-search-page-results li a')[n]",
                             page_size)
        assert more.is_visible() == (total > 2 * page_size)


def test_results_come_first_on_a_phone(served):
    browser, url = served
    with sized_page(browser, PHONE) as page:
        page.goto(url + "tim-kiem/?q=giay+phep")
        results_listed(page)
        first = page.locator(".ck-search-page-results li a").first.bounding_box()
        assert first["y"] + first["height"] <= PHONE["height"], first  # the first result's name, whole, on the first screen
        for above in ("#ck-page-q", ".ck-search-page-status"):
            assert page.locator(above).bounding_box()["y"] < first["y"], above
        filters = page.locator("details.ck-search-filters")
        assert filters.evaluate("d => d.open") is False
        summary = filters.locator("summary")
        assert summary.inner_text().strip() == "Lọc kết quả"
        summary.click()
        page.get_by_label("Lĩnh vực").select_option("Bưu chính")
        page.wait_for_function("() => document.querySelector('.ck-search-filters summary').innerText.includes('(1 đang chọn)')")
        page.wait_for_function("""() => Array.from(document.querySelectorAll('.ck-search-page-results li'))
          .every((li) => li.innerText.includes('Bưu chính'))""")


def test_keyboard_reaches_every_filter_and_result(served):
    browser, url = served
    with sized_page(browser, DESKTOP) as page:
        page.goto(url + "tim-kiem/?q=giay+phep")
        total = results_listed(page)
        assert page.locator("details.ck-search-filters").evaluate("d => d.open") is True  # open on a wide screen
        labels = page.eval_on_selector_all(".ck-search-filters select", """els => els.map((s) => {
          const label = s.labels[0], box = label && label.getBoundingClientRect();
          return label && box.width > 0 && box.height > 0 ? label.innerText.split("\\n")[0].trim() : null; })""")
        assert labels == ["Loại", "Lĩnh vực", "Cấp thực hiện", "Dịch vụ công trực tuyến"]
        page.locator("#ck-page-q").focus()
        reached = []
        for _ in range(total + 12):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("""() => { const e = document.activeElement;
              return e.closest('.ck-search-page-results') ? 'result:' + e.getAttribute('href') : e.name || e.tagName; }"""))
        assert [r for r in reached if r in ("loai", "linh_vuc", "cap", "truc_tuyen")] == ["loai", "linh_vuc", "cap", "truc_tuyen"]
        hrefs = page.eval_on_selector_all(".ck-search-page-results li a", "els => els.map(a => 'result:' + a.getAttribute('href'))")
        assert len(hrefs) == total and all(h in reached for h in hrefs)


def _luminance(css):
    r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


FOCUS = """() => { const s = getComputedStyle(document.activeElement);
  return {id: document.activeElement.id, cls: document.activeElement.className.baseVal ?? document.activeElement.className,
          style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
          header: getComputedStyle(document.querySelector(".md-header")).backgroundColor}; }"""


@SIZES
def test_header_search_focus_is_visible(served, size):
    """WCAG 2.4.7: the box on the indigo header (and the phone's magnifier button) shows where the focus is,
    with a ring of 3:1 or more against the header."""
    browser, url = served
    with sized_page(browser, size) as page:
        page.goto(url)
        target = "#ck-search-input" if size is DESKTOP else ".ck-search-open"
        for _ in range(15):  # by keyboard, as who needs the ring gets there
            page.keyboard.press("Tab")
            if page.evaluate("(sel) => document.activeElement.matches(sel)", target):
                break
        focused = [page.evaluate(FOCUS)]
        if size is PHONE:
            page.keyboard.press("Enter")  # opens the box, focus in it
            page.wait_for_function("() => document.activeElement.id === 'ck-search-input'")
            focused.append(page.evaluate(FOCUS))
        assert page.evaluate("() => document.activeElement.id") == "ck-search-input"
        for f in focused:
            assert f["style"] != "none" and f["width"] >= 2, f
            assert _contrast(f["color"], f["header"]) >= 3, f


@ENGINES
@SIZES
def test_no_axe_violations_with_suggestions_open_and_on_the_results_page(request, engine, size):
    browser, url = served_by(request, engine)
    with sized_page(browser, size) as page:
        box = suggest(page, url, "giay phep x quang")
        assert page.locator("#ck-search-results").is_visible()
        assert axe(page) == []
        box.press("ArrowDown")  # an option chosen
        assert axe(page) == []
        page.goto(url + "tim-kiem/?q=giay+phep")
        results_listed(page)
        assert axe(page) == []
        # and the check does find a fault: an image with no text alternative among the results
        page.evaluate("() => document.querySelector('.ck-search-page-results li').append(document.createElement('img'))")
        assert "image-alt" in [rule for rule, _ in axe(page)]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_box_says_when_results_are_only_the_closest(served, size):
    """A word the index lacks is left out and said so above the suggestions, in words a citizen
    reads, on the first screen; the page passes axe with the note shown."""
    browser, url = served
    with sized_page(browser, size) as page:
        page.goto(url)
        if size is PHONE:
            page.click(".ck-search-open")
        page.click("#ck-search-input")
        page.keyboard.type("giấy phép zqxw")
        page.wait_for_selector("#ck-search-results [role=option]")
        note = page.locator(".ck-search-closest")
        page.wait_for_function("document.querySelector('.ck-search-closest').textContent.includes('zqxw')")
        assert note.is_visible()
        assert note.inner_text() == "Không có từ “zqxw” trong dữ liệu; đây là các kết quả gần nhất."
        box = note.bounding_box()
        assert box["y"] + box["height"] <= size["height"] and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
        assert "zqxw" in page.locator("#ck-search-status").text_content()
        assert axe(page) == []
        page.keyboard.press("Escape")
        assert not note.is_visible()
