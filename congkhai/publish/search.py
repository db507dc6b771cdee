"""Search: records to index, prepared for how Vietnamese is typed, and the index written for the browser.

Three engines (ENGINES), the first two chosen by the size of the site (BENCHMARKS.md has the
measurements):
- lunr (lunr.js 2.3.9 in the browser, the index prebuilt here with the Python lunr package) for
  a department's portal of a few hundred records: one small file, nothing else to load;
- shards, congkhai's own index (search_shards.py), for province-wide sites of thousands of
  procedures, where one lunr index would be a megabyte: the records' names in one file, each
  word's records and each result's details in small files a query fetches a few of;
- Pagefind, when asked for: its index is split into chunks too, but on a slow phone its
  WebAssembly start-up and a fetch per result miss the speed budget.

The Vietnamese rules are the same for all, here at build time and in
overrides/assets/congkhai/search.js at query time:

- text is NFC, and old and new tone placement are one form ("hoà" and "hòa" are "hòa");
- Pagefind folds marks but not đ: its records are written with d for đ ("đăng" as "dăng"),
  and search.js asks it for words so written; lunr's index is folded whole;
- a code is indexed whole and by its parts ("1.000173", "000173", "1000173");
- words are split at "/" as at spaces ("30a/2008/NQ-CP" is "30a 2008 NQ-CP");
- a record that writes an abbreviation ("doanh nghiệp KH&CN") is also found by its words
  ("khoa học công nghệ"): search_words.yml, and the portal's data/search_words.yml.

Beside the index goes search/words.json (write_words): the index's words without marks, most
frequent first (search.js splits run-together words and mends one-letter typos with it, and knows
a word the index lacks instead of letting the engine complete it to any word it starts with), the
abbreviations and old names, and the words a query may leave out (stop words, question words).

Records are indexed, not whole pages: the name, code, lĩnh vực, agency, keywords and fees of a
procedure; the number, title and tasks of a plan; the name, title and unit of an official. For
Pagefind, a record is a small page whose heading is its title and whose body holds its other words
once; what its result shows travels with it unindexed, and the index is cut into small chunks
(INDEX_CHUNK_ENTRIES) so that a query downloads little (BENCHMARKS.md).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from html import escape
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..derive.listings import field_url, fees_in_force
from ..common.text import fold as folded, strip_marks
from ..content.model import SearchWords
from ..content.site import Site
from ..content.vocab import DeskRole

# Old and new tone placement: "hoà"/"hòa", "khoẻ"/"khỏe", "thuỷ"/"thủy". In an open syllable
# ending in oa, oe or uy (not after q), the tone moves onto the first vowel: the form used in
# legal texts. The same table is in search.js; tests run both on the same words.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below
_OPEN = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\w\u0300-\u036f])")


# marks and đ stripped, case kept: lunr's folded field, the vocabulary, abbreviations' keys
# (foldText in search.js folds queries alike)
fold = strip_marks


def canonical_tones(text: str) -> str:
    """NFC text with tone marks placed the traditional way: 'hoà' -> 'hòa', 'uỷ ban' -> 'ủy ban'."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match) -> str:
        first, second, tone = m.group(1), m.group(2), m.group(3)
        if (first.lower(), second.lower()) not in (("o", "a"), ("o", "e"), ("u", "y")):
            return m.group(0)
        return first + tone + second

    return unicodedata.normalize("NFC", _OPEN.sub(move, decomposed))


def normalize(text: str) -> str:
    return canonical_tones(unicodedata.normalize("NFC", text))


def without_d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


# Words in almost every record that find nothing by themselves: left out of the index, which keeps
# the index chunks a phone downloads small, and never required of a record by a query (search.js
# gets them from words.json, and treats a word typed without marks that folds to one of them alike).
STOP_PHRASES = ("thủ tục", "đối với")
STOP_WORDS = frozenset("và của với tại các cho theo trong được về là có những từ này để khi hoặc do bị đã thì mà".split())

# Words citizens put around what they look for ("xin giấy phép bưu chính ở đâu", "lam ho chieu o dau"):
# a query may leave them out. search.js gets these lists from words.json. Typed without marks, a word
# that folds to one of these or to a stop word ("cua": của or cửa, "co": có or cơ) is not required
# to match, but counts when a record's name holds it.
QUERY_FILLER_PHRASES = ("cách làm", "làm sao", "làm thế nào", "như thế nào", "ở đâu", "bao nhiêu", "thế nào",
                        "cho tôi", "muốn làm", "cần làm", "giấy tờ gì", "hồ sơ gì", "mất bao lâu", "bao lâu",
                        "bao nhiêu tiền", "hết bao nhiêu", "hết bao nhiêu tiền", "mất bao nhiêu", "mất bao nhiêu tiền",
                        "tốn bao nhiêu", "tốn bao nhiêu tiền", "bao nhiêu ngày", "mấy ngày", "thì làm sao", "phải làm gì",
                        "làm gì", "ở chỗ nào", "nộp ở đâu", "cần những gì", "cần gì")
# single words: not required, but they count when a name holds them ("thôi làm việc")
QUERY_FILLERS = frozenset("xin làm cách muốn cần ở đâu gì nào hỏi tôi mình thì nhiêu lâu phải".split())

BUILTIN_SEARCH_WORDS = Path(__file__).with_name("search_words.yml")


@functools.cache
def _builtin_search_words() -> dict:
    return yaml.safe_load(BUILTIN_SEARCH_WORDS.read_text(encoding="utf-8"))


def search_words(portal=None) -> dict[str, dict[str, str]]:
    """The abbreviations, old names and everyday words the search box applies: congkhai's reviewed
    list, then the portal's data/search_words.yml (`portal`: its SearchWords record, or None) over
    it; the parts are SearchWords' fields. Keys are folded ("đkkd" -> "dkkd"), as search.js looks
    them up; values are the words, NFC, lower case."""
    out = {}
    for part in SearchWords.model_fields:
        merged = dict(_builtin_search_words().get(part) or {})
        merged.update(getattr(portal, part, None) or {})
        out[part] = {folded(k): normalize(v).lower() for k, v in merged.items()}
    return out


def with_abbreviations(content: str, abbreviations: dict[str, str]) -> str:
    """`content` (index text) with the words of each abbreviation it writes added: a record saying
    "doanh nghiệp KH&CN" is also found by "khoa học công nghệ"."""
    extra = []
    for word in dict.fromkeys(folded(w) for w in content.split()):
        if word in abbreviations:
            extra.append(abbreviations[word])
    return content + (" " + index_text(*extra) if extra else "")


_LETTERS = re.compile(r"[a-z]+")


def vocabulary(items: list[Record]) -> list[str]:
    """The words of the index without marks, digits left out, most frequent first (then a-z): the
    syllables search.js splits run-together words into and mends typos with."""
    counts = Counter(w for item in items for w in _LETTERS.findall(folded(item.content)))
    return sorted(counts, key=lambda w: (-counts[w], w))


def write_words(items: list[Record], words: dict[str, dict[str, str]], output: Path) -> None:
    """search/words.json: what search.js needs besides the index (see the module's docstring)."""
    payload = {"words": " ".join(vocabulary(items)), **words,
               "stop_words": sorted(STOP_WORDS), "stop_phrases": list(STOP_PHRASES),
               "fillers": sorted(QUERY_FILLERS), "filler_phrases": sorted(QUERY_FILLER_PHRASES, key=lambda p: (-len(p), p))}
    output.mkdir(parents=True, exist_ok=True)
    (output / "words.json").write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


_EDGE = re.compile(r"^[^\w]+|[^\w]+$")  # punctuation at the edges of a word


def index_text(*parts: str) -> str:
    """Content for the index: the parts, normalised, without stop words and punctuation at word
    edges."""
    text = " " + normalize(" ".join(p for p in parts if p)).replace("/", " ") + " "
    lowered = text.lower()
    for phrase in STOP_PHRASES:
        start = lowered.find(" " + phrase + " ")
        while start != -1:
            text = text[:start] + " " + text[start + len(phrase) + 2:]
            lowered = text.lower()
            start = lowered.find(" " + phrase + " ")
    words = [w for w in (_EDGE.sub("", w) for w in text.split()) if w and w.lower() not in STOP_WORDS]
    return " ".join(words)


def body_text(title: str, content: str) -> str:
    """The words of `content` that are not in `title`, each once (in its first spelling).

    For Pagefind, whose index keeps a position for every occurrence of a word: the record's title
    is its heading, so its words need not come again in the body, and a word that occurs five times
    in a record's few lines finds nothing more than one occurrence does. Fewer positions make the
    index chunks a phone downloads smaller."""
    seen = {w.lower() for w in title.split()}
    words = []
    for word in content.split():
        if word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    return " ".join(words)


def code_variants(code: str) -> str:
    """'1.000173' -> '1.000173 000173 1000173'."""
    head, _, tail = code.partition(".")
    return " ".join(dict.fromkeys([code, tail, head + tail] if tail else [code]))


SHOWN = "_"  # prefix of the filter names that carry what a result shows (search.js reads them back)


@dataclass
class Record:
    url: str  # relative to the site root
    content: str  # everything the record is found by, title included
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)

    def html(self) -> str:
        """The record as a small page for Pagefind. The title is the heading (Pagefind ranks it
        above the body); the body holds the other words. What a result shows (name, code, time,
        fee, address...) rides along as filter values inside an ignored element: Pagefind returns
        them with the result but does not index them as words, so "ngày" or "phí" in a result's
        details does not make every record match, and adds nothing to the index chunks."""
        # Pagefind folds marks, not đ: the words are written with d, as search.js asks for them
        title = without_d(index_text(self.meta["title"]))
        shown = dict(self.meta, url=self.url)
        carried = "".join(f'<span data-pagefind-filter="{SHOWN}{escape(k)}">{escape(v)}</span>' for k, v in shown.items())
        filters = "".join(f'<span data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
                          for k, values in self.filters.items() for v in values)
        return (f'<html lang="vi"><head></head><body><main data-pagefind-body>'
                f'<h1 data-pagefind-weight="{title_weight(title)}">{escape(title)}</h1>'
                f'<p>{escape(body_text(title, without_d(self.content)))}</p><div data-pagefind-ignore>{carried}{filters}</div>'
                "</main></body></html>")


def title_weight(title: str) -> float:
    """How much a word of the title counts against one of the body (Pagefind's default for a heading
    is 7): more in a short title than in a long one. A query that is most of a title finds that
    record first: "bưu chính" finds "Cấp giấy phép bưu chính" before "Cấp lại giấy phép bưu chính
    khi bị mất hoặc hư hỏng không sử dụng được", whose title mentions it among many other things."""
    return round(min(10.0, max(3.5, 60 / max(1, len(title.split())))), 1)


def _online_label(p) -> str:
    return p.online_level.label if p.online_level is not None else "Chưa có thông tin"


def _time_text(p) -> str:
    channels = p.channels or []
    times = list(dict.fromkeys(str(p.time_for(c)) for c in channels))
    if not times:
        return str(p.processing_time) if p.processing_time else "Chưa có thông tin"
    return times[0] if len(times) == 1 else "; ".join(f"{c.channel.label}: {p.time_for(c)}" for c in channels)


def _fee_text(site: Site, entry) -> str:
    fees = [f for _, f in fees_in_force(site, entry)]
    if not fees:
        return "Không thu phí, lệ phí"
    return "; ".join(("theo trường hợp" if f.cases else f.rate_text()) for f in fees)


def record_count(site: Site) -> int:
    """How many records records() makes from the site, hand-written pages aside."""
    return len(site.procedures) + len(site.plans) + len(site.officials) + len(site.units) + len(site.fields)


def _opening(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]


def records(site: Site, pages: dict[str, tuple[str, str]] | None = None) -> list[Record]:
    """Everything the search box finds. `pages`: hand-written pages as url -> (title, text)."""
    out: list[Record] = []
    for entry in site.procedures:
        p = entry.record
        fld = site.fields[p.field]
        fee_words = " ".join(f"{f.kind.label} {f.name} {f.rate_text()}" for f in p.fees)
        kind = "Thủ tục nội bộ" if p.internal else "Thủ tục hành chính"
        content = index_text(p.name, code_variants(p.code), p.local_code or "", fld.name, p.agencies.executing if p.agencies else "",
                             (p.agencies.deciding or "") if p.agencies else "", " ".join(p.keywords), p.summary or "", fee_words,
                             "" if p.is_current else p.status.label)
        meta = {"title": normalize(p.name), "kind": kind, "code": p.code, "field": fld.name, "time": _time_text(p),
                "fee": _fee_text(site, entry), "online": _online_label(p)}
        if not p.is_current:
            meta["status"] = p.status.label
        out.append(Record(entry.url, content, meta, {
            "loai": [kind], "linh_vuc": [fld.name], "cap": [lv.label for lv in p.levels],
            "truc_tuyen": [_online_label(p)]}))
    for plan in site.plans:
        r = plan.record
        tasks = " ".join(t.content for t in r.tasks)
        out.append(Record(plan.url, index_text(r.kind, r.number, r.title, r.issuer, r.period or "", tasks),
                          {"title": normalize(f"{r.kind} {r.number}: {r.title}"), "kind": r.kind,
                           "code": r.number, "field": r.issuer, "time": str(r.date)},
                          {"loai": ["Kế hoạch"]}))
    directory = site.pages.get("directory")
    for official in site.officials.values():
        unit = site.units.get(official.unit)
        fields = " ".join(site.fields[f].name for f in official.fields if f in site.fields)
        role = "" if official.desk_role is DeskRole.NONE else official.desk_role.label
        out.append(Record(f"{directory or 'don-vi/' + official.unit + '/'}#cb-{official.id}",
                          index_text(official.name, official.title, unit.name if unit else "", fields, role,
                                     official.phone, official.phone.replace(" ", "")),
                          {"title": normalize(official.name), "kind": "Cán bộ", "field": official.title,
                           "phone": official.phone}, {"loai": ["Cán bộ"]}))
    for unit in site.units.values():
        out.append(Record(f"don-vi/{unit.id}/", index_text(unit.name, unit.phone or ""),
                          {"title": normalize(unit.name), "kind": "Đơn vị"}, {"loai": ["Đơn vị"]}))
    for fld in site.fields.values():
        out.append(Record(field_url(fld.id), index_text("Lĩnh vực", fld.name, fld.description or ""),
                          {"title": normalize(f"Lĩnh vực {fld.name}"), "kind": "Lĩnh vực"}, {"loai": ["Trang"]}))
    for url, (title, text) in (pages or {}).items():
        # a hand-written page is found by its title and its opening words; what it lists (procedures,
        # fees, officials) is found through those records themselves
        out.append(Record(url, index_text(title, _opening(text)), {"title": normalize(title), "kind": "Trang"},
                          {"loai": ["Trang"]}))
    abbreviations = search_words(site.search_words)["abbreviations"]
    for item in out:
        item.content = with_abbreviations(item.content, abbreviations)
    return out


LUNR_MAX_RECORDS = 800  # above this many records, one lunr index is too big to load for a query (BENCHMARKS.md)
ENGINES = ("lunr", "shards", "pagefind")


def choose_engine(setting: str, count: int) -> str:
    """The engine for `count` records; `setting` is 'auto' or one of ENGINES. 'auto': lunr up to
    LUNR_MAX_RECORDS, above that congkhai's own index cut into shards (search_shards.py), which a
    phone searches faster than Pagefind (BENCHMARKS.md); Pagefind only when asked for."""
    if setting in ENGINES:
        return setting
    return "lunr" if count <= LUNR_MAX_RECORDS else "shards"


def lunr_token(token, i=None, tokens=None):
    """The lunr pipeline function 'congkhaiVi' (the same in search.js): lower case, punctuation at
    the edges off. Unicode-aware, unlike lunr's own trimmer, which would cut 'đ' off 'đăng'."""
    return token.update(lambda text, meta=None: _EDGE.sub("", text.lower()))




def write_lunr(items: list[Record], output: Path) -> None:
    """One prebuilt lunr index with three fields: `folded` (what every query word must match),
    `exact` (diacritics kept, to rank exact matches first) and `title` (folded, to rank matches in
    the name first); and the records' metadata, to show results without loading pages."""
    from lunr.builder import Builder
    from lunr.pipeline import Pipeline

    Pipeline.register_function(lunr_token, "congkhaiVi")
    builder = Builder()
    builder.pipeline.add(lunr_token)
    builder.search_pipeline.add(lunr_token)
    builder.ref("id")
    builder.field("folded")
    builder.field("exact")
    builder.field("title", boost=5)
    for i, item in enumerate(items):
        title = index_text(item.meta["title"])
        builder.add({"id": str(i), "folded": fold(item.content), "exact": item.content, "title": fold(title)})
    index = builder.build().serialize()
    # `exact` only decides which records match with their marks; their order comes from `folded`
    # and `title`. Its scoring vectors (a third of the file) are left out: lunr then scores it 0.
    index["fieldVectors"] = [[ref, [] if ref.startswith("exact/") else vector] for ref, vector in index["fieldVectors"]]
    payload = {"engine": "lunr", "index": index,
               "docs": [dict(item.meta, url=item.url, filters=item.filters) for item in items]}
    output.mkdir(parents=True, exist_ok=True)
    (output / "lunr.json").write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# Pagefind splits its word index into chunks of about this many entries (a page holding a word, or
# one more position of it) and a query downloads, for each of its words, the one chunk that holds
# the word. Pagefind's default, 20,000, gave 14–94 KB chunks at 3,000 procedures (21/11); 1,000 gave
# chunks of up to 24 KB, most of a word's download being other words that share its chunk. 120 (28/11,
# 2,849 records: 294 chunks, the metadata 3 KB larger) cut the median query from about 180 KB to 148 KB
# (BENCHMARKS.md). Set through Pagefind's PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE.
INDEX_CHUNK_ENTRIES = 120


class SearchIndexError(RuntimeError):
    """Pagefind failed to write the index: its own message, for the build log."""


def pagefind_binary() -> Path:
    """The Pagefind program, or SearchIndexError if it cannot be run: checked before a build writes
    anything, so that a machine without it keeps its last site."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None or not os.access(binary, os.X_OK):
        raise SearchIndexError(f"không tìm thấy chương trình Pagefind ({binary or 'pagefind'}); "
                               "hãy cài lại các gói: pip install -r requirements.txt")
    return binary


def write_index(items: list[Record], output: Path, chunk_entries: int = INDEX_CHUNK_ENTRIES) -> None:
    """Write the Pagefind index of `items` into `output` (the site's pagefind/ folder).

    The records are written as small HTML files into a temporary folder and indexed in one run of
    the Pagefind binary (its Python API answers one added record per tenth of a second, too slow
    for thousands). Each record carries its page address (`url`) with what its result shows.
    """
    binary = pagefind_binary()
    with tempfile.TemporaryDirectory(prefix="congkhai-search-") as tmp:
        pages, written = Path(tmp) / "records", Path(tmp) / "pagefind"
        pages.mkdir()
        for i, item in enumerate(items):
            (pages / f"r{i:06d}.html").write_text(item.html(), encoding="utf-8")
        env = dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=str(chunk_entries))
        done = subprocess.run([str(binary), "--site", str(pages), "--output-path", str(written), "--silent"],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0 or not (written / "pagefind.js").is_file():
            # the index of the last build stays in place
            raise SearchIndexError((done.stderr or done.stdout).strip() or f"Pagefind dừng với mã lỗi {done.returncode}")
        # Pagefind also writes its own user interfaces; congkhai has its own, so they are not published
        for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                     "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
            (written / name).unlink(missing_ok=True)
        if output.exists():
            shutil.rmtree(output)
        shutil.move(str(written), str(output))
