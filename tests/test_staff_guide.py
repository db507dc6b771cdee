"""The staff guide (docs/huong-dan/): its examples are the real tool's output, its samples pass `check`, and its
pages are portal pages like any other (in the nav, NFC, accessible, no sideways scrolling on a phone), kept out
of the citizens' search.

The generated blocks and how to rewrite them: tests/guide_examples.py.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
import yaml

import guide_examples as guide
from browser import DESKTOP, PHONE, axe_violations, screenshot
from helpers import REPO

PAGES = [p.name for p in guide.pages()]
STALE_HINT = f"\n\nViết lại các khối bằng: {guide.UPDATE_COMMAND}  (rồi xem lại thay đổi trong git diff)"


@pytest.fixture(scope="module")
def made():
    """Every generated block, made once for the module by running the tool (about 20 s)."""
    names = {name for text in guide.page_texts().values() for name, _ in guide.blocks_in(text)}
    return guide.make_all(names & set(guide.MAKERS))


def test_the_guide_has_its_pages():
    assert {"index.md", "thu-tuc.md", "phi-le-phi.md", "can-bo.md", "ke-hoach.md", "co-so-du-lieu-quoc-gia.md",
            "thong-bao-loi.md", "trinh-soan-thao.md", "xuat-ban.md"} <= set(PAGES)


def test_every_generated_block_is_the_real_output(made):
    """Each block between `<!-- tu-dong: … -->` and `<!-- het tu-dong -->` is what the tool answers today."""
    problems = guide.stale(made=made)
    assert not problems, "\n\n".join(problems) + STALE_HINT


def test_a_block_changed_by_one_character_is_caught(made):
    """The comparison can fail: one character changed inside a block's message is reported, with that block named."""
    texts = guide.page_texts()
    page = "thong-bao-loi.md"
    start = texts[page].index("<!-- tu-dong: so-tien -->")
    at = texts[page].index("không phải là số tiền", start)
    texts[page] = texts[page][:at] + "K" + texts[page][at + 1:]
    problems = guide.stale(texts, made=made)
    assert len(problems) == 1 and 'khối "so-tien"' in problems[0] and "+" in problems[0], problems
    # and a block nobody makes any more, or one the pages lost, is reported too
    texts = guide.page_texts()
    texts["index.md"] += "\n<!-- tu-dong: khong-co -->\n<!-- het tu-dong -->\n"
    texts[page] = texts[page].replace("<!-- tu-dong: ngay -->", "<!-- ngay -->")
    problems = "\n".join(guide.stale(texts, made=made))
    assert '"khong-co" không có trong' in problems and 'khối "ngay" (tests/guide_examples.py) không được dùng' in problems


def test_every_mistake_shows_an_error_with_its_file_and_line(made):
    """The examples teach what they say: each mistake's block names its file and a line, as `check` prints it."""
    for name in guide.MISTAKES:
        assert re.search(r"^  - [\w./-]+\.(md|yml):\d+: ", made[name], re.M), (name, made[name])


def test_the_samples_staff_copy_pass_check():
    """Each hand-written YAML sample (`<!-- mau: … -->`), put into the demo where SAMPLES says, is accepted by
    `congkhai check` as it is, with no example value left."""
    found = [(page, name, sample) for page, text in guide.page_texts().items() for name, sample in guide.samples_in(text)]
    assert {name for _, name, _ in found} == set(guide.SAMPLES), "SAMPLES and the pages' <!-- mau: --> markers differ"
    with guide.Workspace() as ws:
        for page, name, sample in found:
            code, output = guide.check_sample(ws, name, sample)
            assert code == 0 and "giá trị ví dụ" not in output, f"docs/huong-dan/{page}, mẫu {name}:\n{sample}\n{output}"


def test_a_wrong_sample_is_refused():
    """The sample check can fail: a sample with an amount written "200.000 đồng" is refused."""
    with guide.Workspace() as ws:
        sample = dict(guide.samples_in(guide.page_texts()["phi-le-phi.md"]))["phi-cach-ghi"]
        code, output = guide.check_sample(ws, "phi-cach-ghi", sample.replace('amount: "200.000"', 'amount: "200.000 đồng"'))
    assert code == 1 and "không phải là số tiền" in output


def test_pages_are_in_the_nav_in_nfc_and_out_of_search():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    section = [item for item in config["nav"] if isinstance(item, dict) and "Hướng dẫn cán bộ" in item]
    assert section and config["nav"][-1] == section[0], "the guide is the nav's last section"
    listed = {v if isinstance(v, str) else next(iter(v.values())) for v in section[0]["Hướng dẫn cán bộ"]}
    assert listed == {f"huong-dan/{name}" for name in PAGES}
    for name, text in guide.page_texts().items():
        assert unicodedata.is_normalized("NFC", text), name
        front = yaml.safe_load(text.split("---\n", 2)[1])
        assert front["search"]["exclude"] is True, name
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), f"{name}: a date not written dd/mm/yyyy"


def test_the_built_search_index_leaves_the_guide_out(demo):
    index = json.loads((demo.site_dir / "search" / "lunr.json").read_text(encoding="utf-8"))
    urls = [doc["url"] for doc in index["docs"]]
    assert urls and not [u for u in urls if u.startswith("huong-dan/")]
    assert "bieu-phi/" in urls  # other hand-written pages are still found
    assert (demo.site_dir / "huong-dan" / "thong-bao-loi" / "index.html").is_file()


# a code block whose lines are wider than the screen makes the reader scroll it sideways
PRE_OVERFLOW = """() => Array.from(document.querySelectorAll('.md-content pre > code'))
  .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.split('\\n')[0].slice(0, 60))"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_guide_pages_pass_axe_and_fit_the_screen(served, name, viewport):
    chromium, url = served
    size = PHONE if viewport == "phone" else DESKTOP
    page = chromium.new_page(viewport=size)
    try:
        slug = "" if name == "index.md" else name.removesuffix(".md") + "/"
        page.goto(url + "huong-dan/" + slug)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"huong-dan-{name.removesuffix('.md')}-{viewport}")
        problems = axe_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            problems.append(f"the page is {width} px wide on a {size['width']} px screen")
        problems += [f"a code block scrolls sideways: {line!r}" for line in page.evaluate(PRE_OVERFLOW)]
        assert not problems, f"huong-dan/{slug} at {viewport}:\n" + "\n".join(problems)
    finally:
        page.close()
