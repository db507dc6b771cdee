"""The portal's tables on a 360×740 phone (stacked cards) and on a desktop (they fit, or scroll by keyboard too).

On a phone every `.ck-table` row is a card whose cells are labelled by their column header: no cell squeezed to a
few letters, nothing cut off at the right edge, no word broken inside a syllable. On a desktop a table fits the
content column, or the wrapper it scrolls in can be focused and is named (axe: scrollable-region-focusable).
"""

from __future__ import annotations

import pytest

from browser import PHONE

# one page of every kind that shows a table (and a unit page, whose lists must not overflow either)
PAGES = [
    "thu-tuc/",
    "thu-tuc/linh-vuc/an-toan-buc-xa/",
    "bieu-phi/",
    "ke-hoach/theo-doi/",
    "ke-hoach/ke-hoach-kiem-soat-tthc-2026/",
    "thu-tuc/noi-bo/",
    "can-bo/",
    "thong-ke/",
    "don-vi/phong-an-toan-buc-xa/",
    "thu-tuc/cap-giay-phep-x-quang-chan-doan/",  # channels, checklist, fees with a table of cases, legal texts
    "thu-tuc/dang-ky-cong-bo-hop-quy/",  # a dossier per case
]


MIN_CELL = 120  # px: below this a Vietnamese phrase breaks into syllables, one per line

# Returns the problems on the page as text, each naming the cell and what is wrong with it. With minCell 0 (wider
# screens) only the words are checked.
TABLE_CHECKS = """(minCell) => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const shown = (el) => {
    if (el.closest("[hidden]")) return false;
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2;
  };
  const where = (cell) => {
    const table = cell.closest("table");
    const row = cell.closest("tr");
    const head = (row.querySelector("th, td") || row).textContent.trim().replace(/\\s+/g, " ").slice(0, 50);
    return `table.${table.className.split(" ").join(".")} row "${head}" cell ` +
           `"${cell.textContent.trim().replace(/\\s+/g, " ").slice(0, 60)}"`;
  };
  const cells = Array.from(document.querySelectorAll(".md-content table.ck-table td, .md-content table.ck-table th"))
    .filter((c) => !(c.closest("thead") && !shown(c.closest("thead"))) && shown(c));
  if (!document.querySelector(".md-content table.ck-table") && !document.querySelector(".ck-unit"))
    problems.push("no .ck-table on the page");
  // (1) no cell squeezed into a narrow column
  if (minCell) for (const cell of cells) {
    const w = cell.getBoundingClientRect().width;
    if (w < minCell) problems.push(`narrow cell (${Math.round(w)} px): ${where(cell)}`);
  }
  // (2) nothing wider than the screen, nothing cut off at its right edge
  const sw = document.documentElement.scrollWidth;
  if (minCell && sw > vw) problems.push(`page scrolls sideways: scrollWidth ${sw} > ${vw}`);
  if (minCell) for (const el of document.querySelectorAll(".md-content *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && r.right > vw + 0.5 && !el.closest("[hidden]"))
      problems.push(`beyond the right edge (right ${Math.round(r.right)} > ${vw}): <${el.tagName.toLowerCase()}` +
                    `${el.className ? " class=" + el.className : ""}> "${el.textContent.trim().slice(0, 50)}"`);
  }
  // (3) no word broken across lines
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // a nested table's cells are checked on their own
      if (node.parentElement.closest("td, th") !== cell) continue;
      // a word may break after its own hyphen ("X-|quang"), the one place a line may end inside it
      for (const m of node.data.matchAll(/[^\\s-]+-*|-+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        if (rects.length > 1) problems.push(`word "${m[0]}" broken over ${rects.length} lines: ${where(cell)}`);
      }
    }
  }
  return problems;
}"""

# Desktop: every table fits its scroll container, or that container can be focused and is named.
DESKTOP_CHECKS = """() => {
  const problems = [];
  for (const table of document.querySelectorAll(".md-content table.ck-table")) {
    if (table.parentElement.closest("table")) continue;  // nested: part of its cell
    let box = table.parentElement;
    while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const name = "table." + table.className.split(" ").join(".");
    if (box && box.scrollWidth > box.clientWidth + 1) {
      const label = box.getAttribute("aria-label") || "";
      if (box.getAttribute("tabindex") !== "0" || box.getAttribute("role") !== "region" || !label.trim())
        problems.push(`${name} scrolls (${box.scrollWidth} > ${box.clientWidth} px) in a container that cannot be ` +
                      `focused or has no name: <${box.tagName.toLowerCase()} class=${box.className}>`);
    } else if (!box) {
      const column = document.querySelector(".md-content__inner").getBoundingClientRect();
      const r = table.getBoundingClientRect();
      if (r.right > column.right + 1)
        problems.push(`${name} is wider than the content column (${Math.round(r.right)} > ${Math.round(column.right)})`);
    }
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def phone(served):
    browser, url = served
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page, url
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_tables_read_on_a_phone(phone, path):
    page, url = phone
    page.goto(url + path)
    problems = page.evaluate(TABLE_CHECKS, MIN_CELL)
    assert not problems, f"{path} at 360×740:\n  " + "\n  ".join(problems[:40]) + (
        f"\n  … and {len(problems) - 40} more" if len(problems) > 40 else "")


@pytest.mark.parametrize("viewport", [(1280, 800), (768, 1024), (640, 360)], ids=["1280x800", "768x1024", "640x360"])
@pytest.mark.parametrize("path", PAGES)
def test_tables_fit_or_scroll_by_keyboard_on_wider_screens(served, path, viewport):
    browser, url = served
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page.goto(url + path)
        problems = page.evaluate(DESKTOP_CHECKS) + page.evaluate(TABLE_CHECKS, 0)
    finally:
        page.close()
    assert not problems, f"{path} at {viewport[0]}×{viewport[1]}:\n  " + "\n  ".join(problems)


def test_every_phone_card_cell_is_labelled_by_its_column(phone):
    """The card labels are the column headers, so the card says what the table says."""
    page, url = phone
    for path in PAGES:
        page.goto(url + path)
        problems = page.evaluate("""() => {
          const problems = [];
          for (const table of document.querySelectorAll(".md-content table.ck-table")) {
            const heads = Array.from(table.querySelectorAll(":scope > thead > tr > th")).map((th) => th.textContent.trim());
            for (const row of table.querySelectorAll(":scope > tbody > tr, :scope > tfoot > tr")) {
              let col = 0;
              const bare = Array.from(row.children).filter((c) => !c.hasAttribute("data-label"));
              if (bare.length > 1)  // only the row's title may go without a label
                problems.push(`${bare.length} cells without data-label in a row of ${table.className}: ` +
                              `"${row.textContent.trim().replace(/\\s+/g, " ").slice(0, 60)}"`);
              for (const cell of row.children) {
                const label = cell.getAttribute("data-label");
                if (label !== null && label !== heads[col])
                  problems.push(`"${label}" is not the header "${heads[col]}" of column ${col + 1} in ${table.className}`);
                col += cell.colSpan;
              }
            }
          }
          return problems;
        }""")
        assert not problems, f"{path}: " + "; ".join(problems[:10])


def test_tracker_filters_still_hide_cards(phone):
    """tracker.js hides filtered rows with `hidden`; a card's display must not bring them back."""
    page, url = phone
    page.goto(url + "ke-hoach/theo-doi/?status=" + "hoàn thành")
    heights = page.evaluate("""() => Array.from(document.querySelectorAll("table.ck-tracker-table tbody tr"))
      .map((tr) => [tr.hidden, tr.getBoundingClientRect().height])""")
    hidden = [h for is_hidden, h in heights if is_hidden]
    assert hidden and len(hidden) < len(heights), "the filter should hide some rows and keep others"
    assert all(h == 0 for h in hidden), f"{sum(1 for h in hidden if h)} filtered rows are still shown"
