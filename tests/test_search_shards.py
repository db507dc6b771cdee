"""congkhai's own search index in shards (congkhai/publish/search_shards.py): what it writes, read back
here the way search.js reads it, and the same files searched in Chromium."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from browser import SiteServer
from congkhai.common.text import fold
from congkhai.publish.search import Record, code_variants, search_words, write_words
from congkhai.publish.search_shards import PROCEDURES, _deltas, index_tokens, plain_slug, record_order, write_shards
from helpers import REPO


def undeltas(text: str) -> list[int]:
    """search.js's `mark`, in Python: base-36 steps back to record numbers."""
    out, last = [], -1
    for step in text.split(","):
        last += int(step, 36) + 1
        out.append(last)
    return out


@given(st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, unique=True))
def test_record_numbers_survive_their_writing(ids):
    ids = sorted(ids)
    assert undeltas(_deltas(ids)) == ids


def read(folder: Path) -> dict:
    """The index as search.js reads it: the shards, and each record's details (`meta` in search.js)."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    shards = [json.loads((folder / "p" / f"{k}.json").read_text(encoding="utf-8")) for k in range(len(index["shards"]))]
    keys, values = index["keys"], index["values"]
    details = []
    for row in index["records"]:
        meta = {key: values[key][row[k]] if key in values else row[k] for k, key in enumerate(keys)}
        meta = {key: value for key, value in meta.items() if value}
        address = row[len(keys)]
        meta["url"] = (index["procedures"] + plain_slug(meta["title"])[:address[0]] + address[1]
                       if isinstance(address, list) else address)
        details.append(meta)
    return {"index": index, "shards": shards, "details": details,
            "filters": json.loads((folder / "filters.json").read_text(encoding="utf-8"))}


def shard_of(firsts: list[str], word: str) -> int:
    """search.js's binary search: the last shard whose first word is not after `word` (JavaScript's
    string order, UTF-16 code units)."""
    key = word.encode("utf-16-be")
    return max(k for k, first in enumerate(firsts) if first.encode("utf-16-be") <= key or k == 0)


@pytest.fixture(scope="module")
def demo_index(demo):
    return read(demo_shards(demo))


def demo_shards(demo) -> Path:
    """The demo's records written as shards (the demo itself is small enough for lunr)."""
    from congkhai import load_site
    from congkhai.publish.search import records
    out = demo.site_dir.parent / "shards-only"
    if not (out / "index.json").is_file():
        write_shards(records(load_site(REPO)), out, shard_postings=200)
    return out


def demo_records():
    from congkhai import load_site
    from congkhai.publish.search import records
    return record_order(records(load_site(REPO)))


def test_every_word_of_every_record_finds_it_in_the_shard_search_js_looks_in(demo, demo_index):
    index, shards = demo_index["index"], demo_index["shards"]
    items = demo_records()
    assert index["count"] == len(items) == len(demo_index["details"]) and len(shards) > 3
    assert [r.meta["title"] for r in items] == [d["title"] for d in demo_index["details"]]
    firsts = index["shards"]
    assert firsts == sorted(firsts, key=lambda w: w.encode("utf-16-be"))
    checked = 0
    for n, item in enumerate(items):
        for token in index_tokens(item.content):
            forms = shards[shard_of(firsts, fold(token))].get(fold(token))
            assert forms and n in undeltas(forms[token]), (item.meta["title"], token)
            checked += 1
    assert checked > 1000
    # and nothing else: a record is listed under a word only if it holds it
    for shard in shards:
        for word, forms in shard.items():
            for form, ids in forms.items():
                for n in undeltas(ids):
                    held = index_tokens(items[n].content) if form else [fold(v) for v in code_variants(items[n].meta["code"]).split()]
                    assert (form or word) in held, (word, form, items[n].meta["title"])


def test_a_code_lists_its_own_record_apart_from_those_that_mention_it(demo_index):
    items = demo_records()
    firsts, shards = demo_index["index"]["shards"], demo_index["shards"]
    procedures = [(n, r) for n, r in enumerate(items) if r.meta.get("kind") == "Thủ tục hành chính"]
    assert len(procedures) > 20
    for n, record in procedures:
        for variant in code_variants(record.meta["code"]).split():
            assert undeltas(shards[shard_of(firsts, variant)][variant][""]) == [n], variant


def test_each_record_comes_back_as_its_result_shows_it(demo_index):
    items = demo_records()
    assert demo_index["details"] == [{**{k: v for k, v in r.meta.items() if v}, "url": r.url} for r in items]
    rows = demo_index["index"]["records"]
    # values that repeat are written once; a procedure's address mostly as its name's slug
    assert {"kind", "online"} <= set(demo_index["index"]["values"])
    written_against_name = [r for r in rows if isinstance(r[-1], list)]
    assert len(written_against_name) > 10 and all(r.url.startswith(PROCEDURES) for r in items if r.meta.get("kind") == "Thủ tục hành chính")
    # records of one lĩnh vực are numbered together (their postings are then small)
    fields = [r.meta.get("field") for r in items if r.meta.get("kind") == "Thủ tục hành chính"]
    assert sum(1 for a, b in zip(fields, fields[1:]) if a != b) == len(set(fields)) - 1


def test_plain_slug_is_written_only_when_search_js_makes_the_same():
    assert plain_slug("Cấp giấy phép X-quang (y tế)") == "cap-giay-phep-x-quang-y-te"
    assert plain_slug("Đăng ký  hoạt động KH&CN") == "dang-ky-hoat-dong-kh-cn"
    assert plain_slug("Cấp phép ① – “ﬁ” İ") == "cap-phep-i"  # anything else but ASCII letters and digits: a hyphen
    from congkhai.publish.search_shards import _address
    assert _address("thu-tuc/cap-giay-phep-x-quang/", "Cấp giấy phép X-quang") == [21, "/"]
    assert _address("thu-tuc/cap-giay-phep-2/", "Cấp giấy phép X-quang") == [14, "2/"]
    assert _address("can-bo/#cb-an", "Nguyễn An") == "can-bo/#cb-an"
    assert _address("thu-tuc/x/", "Cấp phép") == "thu-tuc/x/"  # nothing in common


def test_filters_list_exactly_the_records_holding_each_value(demo_index):
    items = demo_records()
    filters = demo_index["filters"]
    assert set(filters) == {"loai", "linh_vuc", "cap", "truc_tuyen"}
    for name, values in filters.items():
        for value, ids in values.items():
            assert undeltas(ids) == [n for n, r in enumerate(items) if value in r.filters.get(name, [])], (name, value)


def test_a_second_write_replaces_the_index_whole(tmp_path):
    one = [Record("a/", "Cấp giấy phép", {"title": "Cấp giấy phép", "kind": "Trang"}),
           Record("b/", "Gia hạn chứng chỉ", {"title": "Gia hạn chứng chỉ", "kind": "Trang"})]
    write_shards(one * 20, tmp_path, shard_postings=2)
    assert len(list((tmp_path / "p").glob("*.json"))) > 2
    write_shards(one[:1], tmp_path)
    assert sorted(p.name for p in (tmp_path / "p").glob("*")) == ["0.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filters.json", "index.json", "p"]


SEARCH = """async (q) => {
  const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
  const found = await m.search(q);
  return Promise.all(found.results.map(async (r) => { const d = await r.data(); return [d.meta.title, d.meta.url]; }));
}"""


def test_words_spread_over_many_shards_are_found_in_chromium(tmp_path, chromium):
    """Tiny shards: a word's records and an unfinished word's completions each come from shards of
    their own, as at province scale; addresses come back whole."""
    names = ["Cấp giấy phép tiến hành công việc bức xạ", "Cấp chứng chỉ nhân viên bức xạ – “①” İ", "Gia hạn giấy phép",
             "Cập nhật thông tin doanh nghiệp", "Cáp quang và viễn thông", "Đăng ký hợp đồng chuyển giao công nghệ"]
    items = [Record(f"thu-tuc/{plain_slug(name)[:12]}-{i}/", name, {"title": name, "kind": "Trang"}, {"loai": ["Trang"]})
             for i, name in enumerate(names)]
    site = tmp_path / "site"
    (site / "assets" / "congkhai").mkdir(parents=True)
    shutil.copy(REPO / "overrides" / "assets" / "congkhai" / "search.js", site / "assets" / "congkhai" / "search.js")
    (site / "index.html").write_text('<html lang="vi"><body><form data-ck-search="none" data-engine="shards"></form></body></html>',
                                     encoding="utf-8")
    write_words(items, search_words(), site / "search")
    write_shards(items, site / "search", shard_postings=1)
    assert len(json.loads((site / "search" / "index.json").read_text())["shards"]) > 20
    with SiteServer(site) as server:
        page = chromium.new_page()
        page.goto(server.url)
        assert sorted(page.evaluate(SEARCH, "buc xa")) == [[names[1], "thu-tuc/cap-chung-ch-1/"], [names[0], "thu-tuc/cap-giay-phe-0/"]]
        # typed with marks, the word so written first; every completion of an unfinished word
        assert page.evaluate(SEARCH, "cập")[0][0] == "Cập nhật thông tin doanh nghiệp"
        assert {t for t, _ in page.evaluate(SEARCH, "giay ph")} == {names[0], names[2]}
        assert page.evaluate(SEARCH, "dang ky hop dong") == [[names[5], "thu-tuc/dang-ky-hop--5/"]]
        # the slug search.js makes is the one the addresses were written against
        assert page.evaluate("""async (names) => { const m = await import(new URL("assets/congkhai/search.js", document.baseURI).href);
          return names.map(m.plainSlug); }""", names) == [plain_slug(n) for n in names]
        page.close()


def test_a_slow_search_for_words_typed_past_never_replaces_the_box_results(demo, chromium, tmp_path):
    """The header box starts a search at each change without waiting for the one before; a search for
    words typed past that ends last (its postings came late) must not replace what the box shows."""
    from congkhai import load_site
    from congkhai.publish.search import records
    site = tmp_path / "site"
    shutil.copytree(demo.site_dir, site)
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace('data-engine="lunr"', 'data-engine="shards"'), encoding="utf-8")
    write_shards(records(load_site(REPO)), site / "search", shard_postings=20)
    firsts = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))["shards"]
    slow = sorted({f"p/{shard_of(firsts, w)}.json" for w in ("buu", "chinh")})
    fast = {f"p/{shard_of(firsts, w)}.json" for w in ("x", "quang", "quan", "qu")}
    assert not set(slow) & fast, (slow, fast)
    with SiteServer(site) as server:
        page = chromium.new_page()
        page.add_init_script("""window.__slow = []; window.__shown = [];
          const plain = window.fetch;
          window.fetch = async (url, ...rest) => {
            if (window.__slow.some((s) => String(url).endsWith("/search/" + s))) await new Promise((r) => setTimeout(r, 1500));
            return plain(url, ...rest);
          };""")
        page.goto(server.url)
        page.evaluate("""(slow) => { window.__slow = slow; document.querySelector("[data-ck-search=header]")
          .addEventListener("ck-results", (e) => window.__shown.push(e.detail.query)); }""", slow)
        box = page.locator("#ck-search-input")
        box.click()
        box.press_sequentially("buu chinh", delay=10)
        box.fill("")
        box.press_sequentially("x quang", delay=10)
        page.wait_for_function("() => window.__shown.includes('x quang')")
        page.wait_for_timeout(2500)  # the searches for "buu chinh" end now
        assert page.evaluate("window.__shown")[-1] == "x quang"
        titles = page.locator("#ck-search-results [role=option] .ck-result-title").all_inner_texts()
        assert titles and all("X-quang" in t for t in titles), titles
        page.close()


def test_an_index_of_no_records_answers_no_results_without_an_error(tmp_path, chromium):
    site = tmp_path / "site"
    (site / "assets" / "congkhai").mkdir(parents=True)
    shutil.copy(REPO / "overrides" / "assets" / "congkhai" / "search.js", site / "assets" / "congkhai" / "search.js")
    (site / "index.html").write_text('<html lang="vi"><body><form data-ck-search="none" data-engine="shards"></form></body></html>',
                                     encoding="utf-8")
    write_words([], search_words(), site / "search")
    write_shards([], site / "search")
    assert json.loads((site / "search" / "index.json").read_text())["shards"] == []
    with SiteServer(site) as server:
        page = chromium.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url)
        assert page.evaluate(SEARCH, "giay phep") == []
        assert errors == []
        page.close()
