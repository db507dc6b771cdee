"""congkhai's own search index for province-scale sites: one file of records, small files of postings.

Written into the site's search/ folder beside words.json, read by the `shards` engine in
overrides/assets/congkhai/search.js:

- index.json: every record as its result shows it (name with marks, address, kind, code, lĩnh
  vực, time, fee...), in record order, values that repeat (kinds, lĩnh vực, times) written once
  in `values` and referred to by number, an address under thu-tuc/ written as how much of the
  name's plain slug it keeps and what follows (`plain_slug`); and where each word's postings are
  (the first word of every postings shard). Loaded when the search box gets focus: every record
  holding the query's words is then ranked by its name, and shown, without a fetch per record.
  On a slow phone a fetch costs more than the bytes it saves (BENCHMARKS.md).
- p/N.json: postings, the words of the index in sorted order cut into shards of about
  SHARD_POSTINGS ids: for each folded word, for each way it is written with marks ("cấp",
  "cập"), the records holding it, as differences between record numbers in base 36; under the
  empty form, the records whose own code it is ("1.000173", "000173", "1000173": a code typed
  finds its procedure before the records that mention it). A query fetches the shard of each of
  its words: a few KB, most while it is typed.
- filters.json: for each filter of the results page, its values and the records holding each;
  fetched only when a filter is chosen.

The words are those lunr indexes (the same `Record.content`, split at spaces and hyphens as lunr
splits, punctuation at word edges off), so both engines find the same records.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

from ..common.text import fold as folded
from .search import code_variants

SHARD_POSTINGS = 3000  # record ids per postings shard (a word holding more has a shard of its own)
PROCEDURES = "thu-tuc/"  # where procedures' pages are: their addresses are written against their names

_SPLIT = re.compile(r"[\s\-]+")  # lunr's separator
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def index_tokens(content: str) -> list[str]:
    """The words of `content` as the index holds them: lower case, punctuation at the edges off,
    each once, in order."""
    out = (_EDGE.sub("", t.lower()) for t in _SPLIT.split(content))
    return list(dict.fromkeys(t for t in out if t))


def _js_order(word: str) -> bytes:
    """Sort key matching JavaScript's string comparison (UTF-16 code units), which search.js uses to
    find a word's shard."""
    return word.encode("utf-16-be")


def _deltas(ids: list[int]) -> str:
    """Sorted record numbers as base-36 differences: [3, 4, 40] -> '3,0,z' (each minus the last, minus 1)."""
    out, last = [], -1
    for n in ids:
        out.append(_base36(n - last - 1))
        last = n
    return ",".join(out)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        n, r = divmod(n, 36)
        text = digits[r] + text
        if not n:
            return text


_MARKS = re.compile("[\u0300-\u036f]")


def plain_slug(text: str) -> str:
    """'Cấp giấy phép X-quang' -> 'cap-giay-phep-x-quang', exactly as search.js's plainSlug makes it:
    đ as d, marks off (NFD, U+0300–U+036F), every run of anything but an ASCII letter or digit one
    hyphen, lower case."""
    bare = _MARKS.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))
    return re.sub(r"[^A-Za-z0-9]+", "-", bare).lower().strip("-")


def _address(url: str, title: str):
    """A record's address, short: [k, rest] for PROCEDURES + the first k letters of the name's plain
    slug + rest; the address itself otherwise."""
    slug = plain_slug(title)
    if not url.startswith(PROCEDURES):
        return url
    tail = url[len(PROCEDURES):]
    k = 0
    while k < min(len(slug), len(tail)) and slug[k] == tail[k]:
        k += 1
    return [k, tail[k:]] if k else url


def _shown(ordered) -> tuple[list[str], dict[str, list[str]], list[list]]:
    """What results show, compactly: (keys, values, rows). A row holds, for each key, the value's
    number in values[key] (for keys whose values repeat: kind, lĩnh vực, time...), or the value
    itself, "" when the record has none; then the address (_address)."""
    keys = sorted({k for item in ordered for k in item.meta} - {"title"})
    keys.insert(0, "title")
    distinct = {k: sorted({item.meta.get(k, "") for item in ordered}) for k in keys}
    coded = {k for k in keys if k != "title" and len(distinct[k]) * 4 <= len(ordered)}
    values = {k: distinct[k] for k in keys if k in coded}
    number = {k: {v: n for n, v in enumerate(values[k])} for k in coded}
    rows = [[number[k][item.meta.get(k, "")] if k in coded else item.meta.get(k, "") for k in keys]
            + [_address(item.url, item.meta["title"])] for item in ordered]
    return keys, values, rows


def record_order(items) -> list:
    """The records in the order they are numbered: by kind, lĩnh vực and name."""
    return sorted(items, key=lambda r: (r.meta.get("kind", ""), r.meta.get("field", ""), r.meta["title"], r.url))


def _dump(path: Path, payload) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_shards(items, output: Path, *, shard_postings: int = SHARD_POSTINGS) -> None:
    """Write the index of `items` (search.Record) into `output` (the site's search/ folder), beside
    words.json. The folder p/ is replaced whole; everything is written first into a temporary folder,
    so a failure leaves the last index in place."""
    ordered = record_order(items)
    postings: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for n, item in enumerate(ordered):
        for token in index_tokens(item.content):
            postings[folded(token)][token].append(n)
        for variant in dict.fromkeys(folded(v) for v in code_variants(item.meta.get("code") or "").split()):
            postings[variant][""].append(n)
    words = sorted(postings, key=_js_order)

    shards: list[dict] = []
    firsts: list[str] = []
    size = 0
    for word in words:
        count = sum(len(ids) for ids in postings[word].values())
        if not shards or size + count > shard_postings:
            shards.append({})
            firsts.append(word)
            size = 0
        shards[-1][word] = {form: _deltas(ids) for form, ids in sorted(postings[word].items())}
        size += count

    filters: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for n, item in enumerate(ordered):
        for name, chosen in item.filters.items():
            for value in chosen:
                filters[name][value].append(n)

    keys, values, rows = _shown(ordered)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="congkhai-shards-", dir=output) as tmp:
        work = Path(tmp)
        (work / "p").mkdir()
        for k, shard in enumerate(shards):
            _dump(work / "p" / f"{k}.json", shard)
        _dump(work / "filters.json", {name: {value: _deltas(ids) for value, ids in sorted(held.items())}
                                      for name, held in sorted(filters.items())})
        _dump(work / "index.json", {"engine": "shards", "count": len(ordered), "shards": firsts, "procedures": PROCEDURES,
                                    "keys": keys, "values": values, "records": rows})
        if (output / "p").exists():
            shutil.rmtree(output / "p")
        shutil.move(str(work / "p"), str(output / "p"))
        for name in ("filters.json", "index.json"):
            shutil.move(str(work / name), str(output / name))
