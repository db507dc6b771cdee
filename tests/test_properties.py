"""Property tests (Hypothesis): nothing a staff member types can crash the build or publish something wrong in
silence.

Generated content is written into a copy of the minimal fixture site the way staff write it (YAML front matter,
data files), read with `load_site` and rendered with the package's own renderer (congkhai.publish.render, as the MkDocs
adapter uses it, but without MkDocs so that thousands of examples stay fast):

- valid procedures, officials (with units), plans and statistics load, and every value a citizen should see is
  on the rendered page as text: escaped, never markup, in NFC however it was typed;
- a valid record with one field changed to anything, and raw front-matter text built from YAML-ish tokens, either
  load (then every page renders and the values read back are the ones written) or are refused with ContentError,
  whose problems name an existing file and a line inside it, in Vietnamese; never any other exception;
- `congkhai check` on such content exits with 0 or 1, and says which in Vietnamese.

How many examples each property runs depends on the Hypothesis profile (tests/conftest.py,
CONGKHAI_HYPOTHESIS_PROFILE; `make test` runs "thorough"); the counts actually run are printed at the end.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import functools
import html as html_module
import io
import random
import re
import time
import unicodedata
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, note, settings, strategies as st
from jinja2 import BytecodeCache

from congkhai.publish import search
from congkhai.cli import main
from congkhai.content.body import clean, render as render_markdown
from congkhai.common.problems import ContentError, Problem
from congkhai.publish.render import Renderer
from congkhai import load_site
from congkhai.content.vocab import (
    AnnouncementKind, Channel, DeskRole, FeeKind, Level, OnlineLevel, Outcome, ProcedureType, Status, TaskStatus,
    TimeUnit,
)
from conftest import read_front, report
from helpers import FIXTURES, REPO, copy_fixture

BUILD = dt.date(2026, 11, 21)  # helpers.BUILD_DATE
MINIMAL = FIXTURES / "minimal"
PROCEDURE = "procedures/atbx/sinh-thu.md"  # the generated procedure, beside the fixture's two
PLAN = "plans/sinh-thu.md"
PROFILE = settings.get_current_profile_name()

# Examples per property in the "thorough" profile: over 10,000 in all. Other profiles run their own
# max_examples for each property (the default profile: a quick run).
PROPERTY_EXAMPLES = {
    "valid procedure": 900,
    "valid officials and units": 600,
    "valid plan": 600,
    "valid statistics": 600,
    "one field changed": 2200,
    "raw front matter": 4700,
    "congkhai check": 400,
}
assert sum(PROPERTY_EXAMPLES.values()) >= 10_000


def examples(name: str) -> settings:
    if PROFILE == "thorough":
        return settings(max_examples=PROPERTY_EXAMPLES[name])
    return settings(max_examples=min(settings.default.max_examples, PROPERTY_EXAMPLES[name]))


# What the fixture holds, read with plain YAML so that the expectations do not come from congkhai.
def _fixture_list(rel: str) -> list[dict]:
    return yaml.load((MINIMAL / rel).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


FIELDS = {f["id"]: f["name"] for f in _fixture_list("data/fields.yml")}
UNITS = {u["id"]: u["name"] for u in _fixture_list("data/units.yml")}
OFFICIALS = {o["id"]: o for o in _fixture_list("data/officials.yml")}
LEGAL = [d["number"] for d in _fixture_list("data/legal.yml")]
FIXTURE_PROCEDURES = {front["code"]: dict(front, slug=path.stem)
                      for path in sorted((MINIMAL / "procedures").rglob("*.md")) for front in [read_front(path)]}
DESK = yaml.load((MINIMAL / "data/department.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["desk"]
# form files a generated dossier document may name, put next to the generated procedure
FORM_FILES = {"mau/don-de-nghi.docx": b"PK\x03\x04" + b"\0" * 3000, "mau/to-khai.pdf": b"%PDF-1.4\n" + b"\0" * 900}
FORM_KINDS = {".docx": "Word", ".pdf": "PDF"}

# --------------------------------------------------------------------------- counting what ran

COUNTS: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
SPAN: dict[str, list[float]] = {}  # property -> [start of its first example, end of its last]


@pytest.fixture(scope="module", autouse=True)
def _print_counts(request):
    yield
    lines = [f"Hypothesis profile: {PROFILE} (CONGKHAI_HYPOTHESIS_PROFILE)"]
    total = 0
    for name in PROPERTY_EXAMPLES:
        c = COUNTS.get(name)
        if not c:
            continue
        total += c["examples"]
        parts = [f"{c['loaded']} loaded", f"{c['refused']} refused ({c['problems']} messages)"]
        if c["pages"]:
            parts.append(f"{c['pages']} pages rendered")
        if c["exit 0"] or c["exit 1"]:
            parts.append(f"exit 0: {c['exit 0']}, exit 1: {c['exit 1']}")
        lines.append(f"{name}: {c['examples']} examples: " + ", ".join(parts)
                     + f"; {SPAN[name][1] - SPAN[name][0]:.0f} s ({c['ms'] / 1000:.0f} s in the test bodies)")
    lines.append(f"total: {total} examples")
    report(request.config, "Property run (Hypothesis)", lines)


@contextlib.contextmanager
def counted(name: str):
    start = time.perf_counter()
    SPAN.setdefault(name, [start, start])
    COUNTS[name]["examples"] += 1
    try:
        yield COUNTS[name]
    finally:
        SPAN[name][1] = time.perf_counter()
        COUNTS[name]["ms"] += round((SPAN[name][1] - start) * 1000)


# --------------------------------------------------------------------------- a site to write into


class Workspace:
    """A copy of the minimal fixture; each example writes its files, and the next one starts from the copy."""

    def __init__(self, root: Path):
        self.root = root
        self.originals = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
        self.touched: set[str] = set()

    def reset(self) -> None:
        for rel in self.touched:
            path = self.root / rel
            if rel in self.originals:
                path.write_bytes(self.originals[rel])
            else:
                path.unlink(missing_ok=True)
        self.touched.clear()

    def write(self, rel: str, content: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        self.touched.add(rel)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    made: dict[str, Workspace] = {}

    def get(name: str) -> Workspace:
        if name not in made:
            root = copy_fixture("minimal", tmp_path_factory.mktemp("prop") / "site")
            for rel, content in FORM_FILES.items():
                path = root / "procedures/atbx" / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            made[name] = Workspace(root)
        made[name].reset()
        return made[name]

    return get


class _Templates(BytecodeCache):
    """Compiled templates shared by the renderers of all examples (a Renderer compiles them again each time)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _Templates()


def renderer(site) -> Renderer:
    site.cache.setdefault("git_dates", {})  # the copy is not in git: skip asking git for the files' dates
    r = Renderer(site, [REPO / "overrides"])
    r.env.bytecode_cache = _TEMPLATES
    return r


def body_html(markdown_text: str) -> str:
    return clean(render_markdown(markdown_text))


# the pages that show each kind of record (besides the record's own page)
SHOWN_ON = {"procedure": ["home", "catalogue", "fee-schedule", "internal", "dashboard"],
            "plan": ["plans", "tracker", "dashboard"], "officials": ["directory"],
            "statistics": ["statistics", "dashboard"]}


def render_everything(site, kind: str | None = None) -> int:
    """Every page the MkDocs adapter renders from the content (or those that show one `kind` of record), and the
    search records: none may fail."""
    r = renderer(site)
    n = 0
    for entry in site.procedures if kind in (None, "procedure") else []:
        r.procedure(entry, body_html(entry.body), entry.url)
        n += 1
    for entry in site.plans if kind in (None, "plan") else []:
        r.plan(entry, body_html(entry.body), entry.url)
        n += 1
    for field_id in site.fields if kind in (None, "procedure") else []:
        r.field_page(field_id, f"thu-tuc/linh-vuc/{field_id}/")
        n += 1
    for unit_id in site.units if kind in (None, "plan", "officials") else []:
        r.unit(unit_id, f"don-vi/{unit_id}/")
        n += 1
    for page in Renderer.PAGES if kind is None else SHOWN_ON[kind]:
        r.page(page, f"{page}/")
        n += 1
    r.identity("")
    r.footer("")
    search.records(site)
    return n


# --------------------------------------------------------------------------- reading the outcome

_VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
# what a message from YAML, pydantic or Python says when it reaches staff untranslated
_ENGLISH = re.compile(r"\b(expected|found|mapping|could not|cannot|traceback|error|exception|input should|"
                      r"value error|while (scanning|parsing)|unacceptable|exceeds|invalid|object has no|"
                      r"is not|should be|must be|not allowed)\b", re.I)


def line_count(path: Path) -> int:
    """Lines as an editor shows them: ended by a line feed, a carriage return, or both."""
    return len(re.split(r"\r\n|\r|\n", path.read_bytes().decode("utf-8", "replace")))


def check_problem(root: Path, p: Problem) -> None:
    assert isinstance(p.file, str) and p.file, p
    assert (root / p.file).is_file(), f"the problem names a file that is not in the site: {p}"
    if p.line is not None:
        assert isinstance(p.line, int) and 1 <= p.line <= line_count(root / p.file), \
            f"line {p.line} is not in {p.file} ({line_count(root / p.file)} lines): {p}"
    assert isinstance(p.message, str) and p.message.strip(), p
    # what staff wrote is quoted; the rest is the tool's own words. A value may hold a quote itself ("83"<script>),
    # so a closing quote is one followed by a space, a mark or the end
    words = re.sub(r'"[^"]*"(?=[\s;:,.)]|$)', "", p.message)
    assert not _ENGLISH.search(words), f"message not in Vietnamese: {p}"
    assert _VIETNAMESE & set(words.lower()), f"message not in Vietnamese: {p}"
    assert '"None"' not in p.message, f"an empty value is quoted as Python's None: {p}"
    str(p)


def outcome(root: Path, tally: collections.Counter):
    """load_site's answer: the site, or None when refused; any exception but ContentError fails the test."""
    try:
        site = load_site(root, BUILD)
    except ContentError as exc:
        assert exc.problems, "ContentError without a problem"
        exc.report()
        for p in exc.problems:
            check_problem(root, p)
        tally["refused"] += 1
        tally["problems"] += len(exc.problems)
        note("refused:\n" + exc.report())
        return None
    tally["loaded"] += 1
    return site


def refusal(root: Path) -> str:
    try:
        load_site(root, BUILD)
    except ContentError as exc:
        return exc.report()
    return ""


def squash(text: str) -> str:
    return " ".join(text.split())


def shown(text: str) -> str:
    """How a value a staff member typed reads on the page."""
    return squash(unicodedata.normalize("NFC", text))


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def vdate(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    __slots__ = ("tag", "attrs", "start", "end", "opened", "closed", "page")

    def __init__(self, page, tag: str, attrs: dict, start: int, opened: int):
        self.page, self.tag, self.attrs, self.start, self.opened = page, tag, attrs, start, opened
        self.end, self.closed = start, opened

    @property
    def text(self) -> str:
        return shown(self.page.raw_text[self.start:self.end])

    def contains(self, other: "Element") -> bool:
        return self.opened < other.opened and other.closed <= self.closed


_TOKEN = re.compile(r"""<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|<""", re.S)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _read(page, html: str) -> tuple[str, list[Element]]:
    """One pass over the HTML: its text (entities decoded) and every element with its attributes and the part of
    the text inside it. Templates write well-formed HTML and escape what staff typed, so a tag is a "<" and a
    letter; a "<" that reached the page unescaped reads as a tag here too, and its text goes missing, as it
    would for a citizen. A tenth of BeautifulSoup's time with soupsieve's selection, which the thousands of pages
    of a thorough run cannot afford; a sample of pages is checked against BeautifulSoup's text."""
    parts: list[str] = []
    length = seq = 0
    opened: list[Element] = []
    elements: list[Element] = []
    pos = 0
    while pos < len(html):
        m = _TOKEN.match(html, pos)
        pos = m.end()
        if m[2] is None:
            if not m[0].startswith("<!--"):
                text = html_module.unescape(m[0])
                parts.append(text)
                length += len(text)
            continue
        tag = m[2].lower()
        seq += 1
        if m[1]:  # an end tag closes the innermost open element of that name, and what is open inside it
            for i in range(len(opened) - 1, -1, -1):
                if opened[i].tag == tag:
                    for el in opened[i:]:
                        el.end, el.closed = length, seq
                    del opened[i:]
                    break
            continue
        attrs = {a[0].lower(): html_module.unescape(a[1] or a[2] or a[3] or "") for a in _ATTRIBUTE.findall(m[3])
                 if a[0] != "/"}
        el = Element(page, tag, attrs, length, seq)
        elements.append(el)
        if tag in ("script", "style", "template"):  # not text a reader sees (nor in BeautifulSoup's get_text)
            close = html.lower().find(f"</{tag}", pos)
            pos = len(html) if close < 0 else html.index(">", close) + 1
            seq += 1
            el.closed = seq
        elif tag not in _VOID and not m[3].rstrip().endswith("/"):
            opened.append(el)
    return "".join(parts), elements


_COMPOUND = re.compile(r'([a-z0-9-]+)|\.([\w-]+)|#([\w-]+)|\[([\w-]+)(?:=(?:"([^"]*)"|([^\]\s]*)))?\]')


def _matches(el: Element, compound: str) -> bool:
    for tag, cls, ident, name, quoted, bare in _COMPOUND.findall(compound):
        if tag and el.tag != tag or cls and cls not in el.attrs.get("class", "").split() \
                or ident and el.attrs.get("id") != ident or name and name not in el.attrs \
                or name and (quoted or bare) and el.attrs[name] != (quoted or bare):
            return False
    return True


class Page:
    """A rendered HTML fragment, read as a citizen reads it: its text, and the text of the parts that CSS
    selectors name (tag, .class, #id, [attribute=value], compounds of them, and descendants: "a b")."""

    def __init__(self, html: str):
        self.html = html
        text, self.elements = _read(self, html)
        self.raw_text = unicodedata.normalize("NFC", text)
        self.text = shown(self.raw_text)
        self._selected: dict[str, list[Element]] = {}
        self._index: dict[str, list[Element]] = collections.defaultdict(list)  # "a", ".class", "#id", "[name]"
        for el in self.elements:
            self._index[el.tag].append(el)
            for name, value in el.attrs.items():
                self._index[f"[{name}]"].append(el)
                if name == "class":
                    for cls in value.split():
                        self._index["." + cls].append(el)
                elif name == "id":
                    self._index["#" + value].append(el)
        if zlib.crc32(html.encode()) % 25 == 0:  # the reader reads what BeautifulSoup reads
            assert self.text == shown(unicodedata.normalize("NFC", BeautifulSoup(html, "html.parser").get_text()))
        # what generated values try to inject must stay text
        assert "<script>alert(1)" not in html and "<ck-x" not in html, "generated markup reached the page"
        assert not self.select("ck-x") and not self.select("[onmouseover]"), "generated markup reached the page"

    def has(self, *values: str) -> None:
        for value in values:
            assert shown(value) in self.text, f"{shown(value)!r} is not on the page"

    def _candidates(self, compound: str) -> list[Element]:
        tag, cls, ident, name, _, _ = _COMPOUND.findall(compound)[0]
        key = tag or (cls and "." + cls) or (ident and "#" + ident) or f"[{name}]"
        return [el for el in self._index.get(key, []) if _matches(el, compound)]

    def select(self, selector: str) -> list[Element]:
        if selector not in self._selected:
            *outer, last = re.findall(r'(?:[^\s"]|"[^"]*")+', selector)
            found = self._candidates(last)
            for compound in outer:
                scopes = self._candidates(compound)
                found = [el for el in found if any(scope.contains(el) for scope in scopes)]
            self._selected[selector] = found
        return self._selected[selector]

    def texts_of(self, selector: str) -> list[str]:
        return [el.text for el in self.select(selector)]

    def cells(self, selector: str) -> list[str]:
        rows = self.select(selector)
        assert rows, f"nothing matches {selector}"
        return [el.text for el in self.elements if el.tag in ("th", "td") and rows[0].contains(el)]

    def within(self, selector: str) -> str:
        found = self.texts_of(selector)
        assert found, f"nothing matches {selector}"
        return found[0]


# --------------------------------------------------------------------------- values as staff type them

VI_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VI_UPPER = VI_LOWER.upper()
# characters and pieces that must reach the page as text: markup, entities, quotes, YAML indicators
MARKS = ["<", ">", "&", '"', "'", "<b>", "</td>", "<ck-x>", "<script>alert(1)</script>", '" onmouseover="alert(1)',
         "&amp;", "&lt;b&gt;", "&#34;", ",", ".", "(", ")", "-", ":", ";", "%", "#", "*", "!", "?", "[", "]", "{", "}",
         "|", "`", "@", "~", "\\", "0", "12", "2026", "- ", ": ", " #"]
# Strategies are built once and reused (cached): Hypothesis spends more time on a new strategy object than on a draw.


@functools.lru_cache(maxsize=4096)
def _choice(key: tuple) -> st.SearchStrategy:
    return st.sampled_from([option for _, option in key])


def choice(options) -> st.SearchStrategy:
    # keyed with the types too: closed-list values are str enums, equal to their text and to another list's
    # value with the same text (DeskRole.NONE == OnlineLevel.NONE == "không")
    return _choice(tuple((type(option), option) for option in options))


def _demo_words() -> list[str]:
    """Words of the demo portal's procedure names and summaries: realistic Vietnamese to mix with random letters."""
    found = set()
    for path in sorted((REPO / "procedures").rglob("*.md")):
        match = re.match(r"---\n(.*?)\n---", path.read_text(encoding="utf-8"), re.S)
        front = yaml.load(match.group(1), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader)) if match else None
        if isinstance(front, dict):
            for key in ("name", "summary", "conditions"):
                if isinstance(front.get(key), str):
                    found.update(w for w in re.findall(r"\w+", front[key]) if w.isalpha())
    return sorted(found) or ["thủ", "tục", "cấp", "giấy", "phép"]


DEMO_WORDS = _demo_words()
word = choice(DEMO_WORDS) | st.text(VI_LOWER + VI_UPPER, min_size=1, max_size=7)


def _corpus(max_words: int, capital: bool, marks: bool, size: int = 3000) -> list[str]:
    """Lines of Vietnamese as staff type them: words of the demo portal and random syllables with diacritics,
    markup and punctuation (when `marks`) glued on or spaced, NFC or NFD (one in three). Made once from a fixed
    seed; the simplest line comes first, where Hypothesis shrinks to."""
    rng = random.Random(f"congkhai {max_words} {capital} {marks}")

    def a_word() -> str:
        if rng.random() < 0.6:
            return rng.choice(DEMO_WORDS)
        return "".join(rng.choice(VI_LOWER + VI_UPPER) for _ in range(rng.randint(1, 7)))

    out = ["A", "Ấ"]
    while len(out) < size:
        first = a_word()
        if capital:
            first = rng.choice(VI_UPPER) + first[1:]
        pieces = [first]
        for _ in range(rng.randint(0, max_words - 1)):
            if marks and rng.random() < 0.3:
                pieces.append(rng.choice(["", " "]) + rng.choice(MARKS))
            else:
                pieces.append(" " + a_word())
        out.append(unicodedata.normalize("NFD" if rng.random() < 1 / 3 else "NFC", "".join(pieces)))
    return out


@functools.lru_cache(maxsize=None)
def texts(max_words: int = 5, capital: bool = False, marks: bool = True) -> st.SearchStrategy[str]:
    """A line of Vietnamese as staff type it, from a large corpus: one draw, where building it word by word took
    a dozen (the record's structure, dates, amounts, codes and phones are drawn by Hypothesis)."""
    return choice(_corpus(max_words, capital, marks))


def spellings(member) -> list[str]:
    """The ways a closed-list value may be written (value, label, alias), in some letter case, NFC or NFD."""
    forms = {member.value, member.label, *member.aliases}
    return sorted({unicodedata.normalize(nf, case(f)) for f in forms for nf in ("NFC", "NFD")
                   for case in (str, str.lower, str.upper, str.capitalize)})


def spelling(member) -> st.SearchStrategy[str]:
    return _spelling(type(member), member.name)


@functools.lru_cache(maxsize=None)
def _spelling(vocab: type, name: str) -> st.SearchStrategy[str]:
    return choice(spellings(vocab[name]))


def _date_forms(t) -> tuple[str, dt.date]:
    day, form = t
    return [f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}", day.isoformat()][form], day


@functools.lru_cache(maxsize=None)
def dates(low=dt.date(2000, 1, 1), high=dt.date(2035, 12, 31), iso: bool = True) -> st.SearchStrategy:
    """(as written, the date): dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd."""
    return st.tuples(st.dates(low, high), st.integers(0, 1 + iso)).map(_date_forms)


def _amount_forms(t) -> tuple[str, int]:
    n, form = t
    return [str(n), f"{n:,}".replace(",", "."), f"{n:,}".replace(",", " ")][form], n


@functools.lru_cache(maxsize=None)
def amounts(low: int = 0, high: int = 10**12) -> st.SearchStrategy:
    """(as written, the number of đồng): 1500000, 1.500.000 or 1 500 000."""
    return st.tuples(st.integers(low, high), st.integers(0, 2)).map(_amount_forms)


def _duration(t) -> tuple[str, str]:
    n, (unit, written_unit) = t
    text = f"{n:02d} {unit.value}" if n < 10 else f"{n} {unit.value}"
    return f"{n} {written_unit}", text + (" (kể cả ngày nghỉ)" if unit is TimeUnit.DAY else "")


# (as written, as shown): "10 ngày làm việc" -> "10 ngày làm việc", "5 NGÀY" -> "05 ngày (kể cả ngày nghỉ)"
durations = st.tuples(st.integers(1, 400), choice([(u, w) for u in TimeUnit for w in spellings(u)])).map(_duration)
codes = st.tuples(st.integers(1, 9), st.integers(0, 999_999)).map(lambda t: f"{t[0]}.{t[1]:06d}").filter(
    lambda c: c not in FIXTURE_PROCEDURES)


@st.composite
def phones(draw) -> tuple[str, str]:
    """A Vietnamese phone number in one of its written forms, and the tel: link it must get."""
    kind = draw(choice(["mobile", "landline", "hotline"]))
    digits_of = lambda n: draw(st.text("0123456789", min_size=n, max_size=n))  # noqa: E731
    if kind == "mobile":
        digits = "0" + draw(choice("35789")) + digits_of(8)
    elif kind == "landline":
        digits = "02" + digits_of(9)
    else:
        digits = draw(choice(["1800", "1900"])) + digits_of(draw(choice([4, 6])))
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=4)))
    chunks = [digits[i:j] for i, j in zip([0, *cuts], [*cuts, len(digits)])]
    sep = draw(choice([" ", ".", "-", " "]))
    written = sep.join(chunks)
    if kind != "hotline" and draw(st.booleans()):
        written = "+84 " + written[1:].lstrip(" .-")
    tel = "tel:+84" + digits[1:] if kind != "hotline" else "tel:" + digits
    return written, tel


slugs = st.lists(st.text("abcdefghiklmnopqrstuvxy0123456789", min_size=1, max_size=6), min_size=1,
                 max_size=3).map("-".join)
emails = st.tuples(st.text("abcdefghiklmnopqrstuvxy0123456789", min_size=1, max_size=8),
                   st.text("abcdefghiklmnopqrstuvxy", min_size=2, max_size=8)).map(lambda t: f"{t[0]}@{t[1]}.gov.vn")


def one_or_list(items: list, draw):
    """A list of one may be written as the lone value."""
    return items[0] if len(items) == 1 and draw(st.booleans()) else items


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: the same text, ten times faster


def dump_yaml(data, flow) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=10**6)


def front_matter(data, body: str, flow) -> str:
    return "---\n" + dump_yaml(data, flow) + "---\n" + body


flows = choice([False, None])  # block style, or short lists in [brackets] as staff often write them


# --------------------------------------------------------------------------- valid procedures


class Expect:
    """What the rendered page must show: texts anywhere, texts within a part of the page."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.parts: list[tuple[str, str]] = []
        self.absent: list[tuple[str, str]] = []

    def text(self, *values) -> None:
        self.texts += [v for v in values if v is not None]

    def part(self, selector: str, *values) -> None:
        self.parts += [(selector, v) for v in values if v is not None]

    def check(self, page: Page) -> None:
        page.has(*self.texts)
        for selector, value in self.parts:
            found = page.texts_of(selector)
            assert found, f"nothing matches {selector}"
            assert any(shown(value) in text for text in found), f"{shown(value)!r} not in {selector}: {found}"
        for selector, value in self.absent:
            assert all(shown(value) not in text for text in page.texts_of(selector)), f"{value!r} in {selector}"


@functools.lru_cache(maxsize=None)
def fees(channels: tuple) -> st.SearchStrategy:
    return _fees(channels)


@st.composite
def _fees(draw, channels: tuple) -> tuple[dict, list[str], bool]:
    """A fee as the national record writes it (an amount, a percent or a table of cases), what its "Mức thu"
    cell must show, and whether it is in force on the build date."""
    kind = draw(choice(list(FeeKind)))
    fee = {"kind": draw(spelling(kind)), "name": draw(texts())}
    rate = draw(choice(["amount", "amount", "percent", "cases"]))
    lines = []  # what the fee's "Mức thu" cell shows
    if rate == "amount":
        written, n = draw(amounts())
        fee["amount"] = written
        if n and draw(st.booleans()):
            fee["unit"] = draw(texts(2, marks=False))
            lines.append(money(n) + "/" + fee["unit"])
        else:
            lines.append(money(n))
    elif rate == "percent":
        hundredths = draw(st.integers(1, 10_000))
        whole, frac = divmod(hundredths, 100)
        frac_text = f"{frac:02d}".rstrip("0")
        sep = draw(choice([",", "."]))
        written = f"{whole}{sep}{frac:02d}" if frac else str(whole)
        fee["percent"] = written + draw(choice(["", "%", " %"]))
        fee["of"] = draw(texts(3))
        lines.append(f"{whole}" + (f",{frac_text}" if frac else "") + " % " + shown(fee["of"]))
        low = high = None
        if draw(st.booleans()):
            written, low = draw(amounts(0, 10**9))
            fee["minimum"] = written
            lines.append("tối thiểu " + money(low))
        if draw(st.booleans()):
            written, high = draw(amounts(low or 0, 10**10))
            fee["maximum"] = written
            lines.append("tối đa " + money(high))
    else:
        fee["cases"] = []
        for _ in range(draw(st.integers(1, 4))):
            written, n = draw(amounts())
            fee["cases"].append({"case": draw(texts(3)), "amount": written})
            lines += [fee["cases"][-1]["case"], money(n)]
    fee["legal_basis"] = one_or_list(draw(st.lists(choice(LEGAL), min_size=1, unique=True)), draw)
    for key in ("payer", "payment", "exemptions", "collector", "note"):
        if draw(st.booleans()):
            fee[key] = draw(texts(4))
    if draw(st.booleans()):
        fee["channels"] = [draw(spelling(c)) for c in draw(st.lists(choice(channels), min_size=1, unique=True))]
    start = end = None
    if draw(st.integers(0, 3)) == 0:
        written, start = draw(dates(dt.date(2020, 1, 1), dt.date(2028, 12, 31)))
        fee["valid_from"] = written
    if draw(st.integers(0, 3)) == 0:
        written, end = draw(dates(start or dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
        fee["valid_until"] = written
    in_force = (start is None or start <= BUILD) and (end is None or BUILD <= end)
    return fee, lines, in_force


@st.composite
def procedures(draw):
    """A valid procedure file: (front matter data, Markdown body, expectations of its page)."""
    e = Expect()
    code = draw(codes)
    p = {"code": code}
    e.text(code)
    if draw(st.booleans()):
        p["local_code"] = code + draw(choice([".000.00.00.H", ".H"])) + f"{draw(st.integers(0, 99)):02d}"
        e.text(p["local_code"])
    p["name"] = draw(texts(6, capital=draw(st.booleans())))
    e.part("h1", p["name"])
    if draw(st.booleans()):
        p["summary"] = draw(texts(8))
        e.part(".ck-lead", p["summary"])
    field_id = draw(choice(sorted(FIELDS)))
    p["field"] = field_id
    e.text(FIELDS[field_id])
    if draw(st.booleans()):
        internal = draw(st.booleans())
        p["internal"] = draw(choice(["có", "Có", "true", "1"] if internal else ["không", "Không", "false", "0"]))
        if internal:
            e.text("Thủ tục hành chính nội bộ")
    levels = draw(st.lists(choice(list(Level)), min_size=1, max_size=3, unique=True))
    p["levels"] = one_or_list([draw(spelling(lv)) for lv in levels], draw)
    e.text(", ".join(lv.label for lv in levels))
    if draw(st.booleans()):
        kind = draw(choice(list(ProcedureType)))
        p["type"] = draw(spelling(kind))
        e.text(kind.label)
    announced, day = draw(dates())
    p["announcement"] = {"number": draw(texts(2)), "date": announced}
    a_kind = AnnouncementKind.NEW
    if draw(st.booleans()):
        p["announcement"]["issuer"] = draw(texts(4))
    if draw(st.booleans()):
        a_kind = draw(choice(list(AnnouncementKind)))
        p["announcement"]["kind"] = draw(spelling(a_kind))
    e.part(".ck-record", "Quyết định số " + shown(p["announcement"]["number"]) + " ngày " + vdate(day))
    e.part(".ck-record", p["announcement"].get("issuer"), f"({a_kind.value})")

    status = draw(choice([Status.ACTIVE, Status.ACTIVE, Status.PENDING, Status.ABOLISHED, Status.REPLACED]))
    replaced_by = None
    if status is not Status.ACTIVE or draw(st.booleans()):
        p["status"] = draw(spelling(status))
    e.part(".ck-record", status.label)
    if status is Status.PENDING and draw(st.booleans()):
        written, day = draw(dates())
        p["effective_from"] = written
        e.part(".ck-status", vdate(day))
    if status in (Status.ABOLISHED, Status.REPLACED):
        written, day = draw(dates())
        p["abolished_on"] = written
        e.part(".ck-status", status.label, "từ ngày " + vdate(day))
    if status is Status.REPLACED:
        replaced_by = draw(choice(sorted(FIXTURE_PROCEDURES)))
        p["replaced_by"] = replaced_by
        e.part(".ck-status", FIXTURE_PROCEDURES[replaced_by]["name"], f"(mã {replaced_by})")

    p["steps"] = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(texts(4))
        if draw(st.booleans()):
            p["steps"].append(name)
            e.part(".ck-steps", name)
        else:
            step = {"name": name, "description": draw(texts(8))}
            p["steps"].append(step)
            e.part(".ck-steps", name, step["description"])

    general = None
    if draw(st.booleans()):
        p["processing_time"], general = draw(durations)
        e.part('[aria-labelledby="thoi-han"]', general)
    channels = draw(st.lists(choice(list(Channel)), min_size=1, max_size=3, unique=True))
    p["channels"] = []
    for channel in channels:
        entry = {"channel": draw(spelling(channel))}
        time_text = general
        if general is None or draw(st.booleans()):
            entry["time"], time_text = draw(durations)
        if draw(st.booleans()):
            entry["note"] = draw(texts(5))
        p["channels"].append(entry)
        e.part(".ck-channels", channel.label, time_text, entry.get("note"))
        e.part(".ck-facts", time_text)

    p["fees"] = []
    for i in range(draw(st.integers(0, 2))):
        fee, lines, in_force = draw(fees(tuple(channels)))
        p["fees"].append(fee)
        if in_force:
            e.part(f'tr[data-fee="{i}"]', fee["name"], *lines)
            e.part(f'tr[data-fee="{i}"]', fee.get("payer"), fee.get("payment"), fee.get("exemptions"),
                   fee.get("collector"), fee.get("note"))
            for number in ([fee["legal_basis"]] if isinstance(fee["legal_basis"], str) else fee["legal_basis"]):
                e.part(f'tr[data-fee="{i}"]', number)
        else:
            e.text(fee["name"])  # in "Mức thu ở các thời kỳ khác"
    if not p["fees"]:
        e.text("Không thu phí, lệ phí")

    p["dossier"] = []
    n_cases = draw(st.integers(1, 2))
    for _ in range(n_cases):
        case = {}
        if n_cases > 1 or draw(st.booleans()):
            case["case"] = draw(texts(4, capital=True))
            e.text(case["case"])
        case["documents"] = []
        for _ in range(draw(st.integers(1, 3))):
            doc = {"name": draw(texts(6))}
            e.part(".ck-checklist", doc["name"])
            for key in ("original", "copies"):
                if draw(st.booleans()):
                    n = draw(st.integers(0, 20))
                    doc[key] = str(n)
                    e.part(".ck-checklist", ("Bản chính: " if key == "original" else "Bản sao: ") + str(n))
            if draw(st.booleans()):
                doc["form"] = draw(texts(4))
                e.part(".ck-checklist", doc["form"])
            form_kind = draw(choice([None, None, "file", "url"]))
            if form_kind == "file":
                doc["form_file"] = draw(choice(sorted(FORM_FILES)))
                e.part(f'.ck-checklist a[href="{doc["form_file"]}"]', doc.get("form", "Tải mẫu"))
                e.part(".ck-checklist", f"({FORM_KINDS[Path(doc['form_file']).suffix]}, ")  # "(Word, 3 KB)"
            elif form_kind == "url":
                doc["form_url"] = f"https://csdl.dichvucong.gov.vn/mau/{draw(slugs)}.docx"
                e.part(f'.ck-checklist a[href="{doc["form_url"]}"]', doc.get("form", "Tải mẫu"))
            if draw(st.booleans()):
                doc["note"] = draw(texts(4))
                e.part(".ck-checklist", doc["note"])
            case["documents"].append(doc)
        if draw(st.booleans()):
            sets = draw(st.integers(1, 30))
            case["sets"] = str(sets)
            e.text(f"Số lượng hồ sơ: {sets:02d} bộ")
        p["dossier"].append(case)

    applicants = draw(st.lists(texts(4, capital=True), min_size=1, max_size=3))
    p["applicants"] = one_or_list(applicants, draw)
    e.text(*applicants)
    p["agencies"] = {"deciding": draw(texts(5)), "executing": draw(texts(5))}
    if draw(st.booleans()):
        p["agencies"]["delegated"] = draw(texts(5))
    if draw(st.booleans()):
        p["agencies"]["coordinating"] = draw(st.lists(texts(4), min_size=1, max_size=3))
    e.text(*[v for v in p["agencies"].values() if isinstance(v, str)], *p["agencies"].get("coordinating", []))
    if draw(st.booleans()):
        p["receiving_address"] = draw(texts(6))
        e.text(p["receiving_address"])
    else:
        e.text(DESK["address"])
    results = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            results.append(draw(texts(4)))
            e.text(results[-1])
        else:
            results.append({"name": draw(texts(4)), "code": f"KQ.G01.{draw(st.integers(0, 99999)):05d}"})
            e.text(results[-1]["name"], "(mã " + results[-1]["code"] + ")")
    # a lone name may stand for a list of one, not a lone group of name and code
    p["results"] = one_or_list(results, draw) if isinstance(results[0], str) else results
    legal = draw(st.lists(choice(LEGAL), min_size=1, unique=True))
    p["legal_basis"] = one_or_list(legal, draw)
    e.part(".ck-legal", *legal)
    p["conditions"] = draw(texts(8))
    e.text(p["conditions"])
    level = draw(choice(list(OnlineLevel)))
    p["online_level"] = draw(spelling(level))
    e.text({OnlineLevel.FULL: "Trực tuyến toàn trình", OnlineLevel.PARTIAL: "Trực tuyến một phần",
            OnlineLevel.NONE: "Chưa có dịch vụ trực tuyến"}[level])
    if draw(st.booleans()):
        p["online_url"] = f"https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma_thu_tuc={code}"
        if level is not OnlineLevel.NONE and status in (Status.ACTIVE, Status.PENDING):
            e.part(f'a.ck-online-button[href="{p["online_url"]}"]', "Nộp hồ sơ trực tuyến")
    officials = draw(st.lists(choice(sorted(OFFICIALS)), max_size=2, unique=True))
    if officials:
        p["officials"] = one_or_list(officials, draw)
        for ident in officials:
            e.part(".ck-officials", OFFICIALS[ident]["name"], OFFICIALS[ident]["phone"])
        e.part('[data-fact="contact"]', OFFICIALS[officials[0]]["phone"])
    else:
        e.part('[data-fact="contact"]', DESK["phone"])
    if draw(st.booleans()):
        p["keywords"] = draw(st.lists(texts(2), min_size=1, max_size=4))
        e.text(", ".join(shown(k) for k in p["keywords"]))
    if draw(st.booleans()):
        related = draw(st.lists((choice(sorted(FIXTURE_PROCEDURES)) | codes).filter(lambda c: c != code),
                                min_size=1, max_size=3, unique=True))
        p["related"] = related
        for c in related:
            e.text(f"{FIXTURE_PROCEDURES[c]['name']} ({c})" if c in FIXTURE_PROCEDURES else f"Mã {c}")
    if draw(st.booleans()):
        written, day = draw(dates())
        p["updated"] = written
        e.text("Cập nhật lần cuối " + vdate(day))
    if draw(st.booleans()):
        written, day = draw(dates())
        outcome_ = draw(choice(list(Outcome)))
        p["simplification"] = {"reviewed_on": written, "outcome": draw(spelling(outcome_))}
        e.part(".ck-simplification", vdate(day), outcome_.label)
        if draw(st.booleans()):
            before, b = draw(amounts(0, 10**10))
            after, a = draw(amounts(0, 10**10))
            p["simplification"].update(cost_before=before, cost_after=after)
            e.part(".ck-simplification", money(b) + "/năm", money(a) + "/năm")
        for key in ("decision", "note"):
            if draw(st.booleans()):
                p["simplification"][key] = draw(texts(4))
                e.part(".ck-simplification", p["simplification"][key])
    body = ""
    if draw(st.booleans()):
        body = "\n\n".join(draw(st.lists(texts(8, marks=False), min_size=1, max_size=3))) + "\n"
        e.part(".ck-guidance", *body.split("\n\n"))
    return p, body, e, replaced_by


@examples("valid procedure")
@given(case=procedures(), flow=flows)
def test_valid_procedure_loads_and_its_page_shows_every_field(workspace, case, flow):
    data, body, expect, replaced_by = case
    ws = workspace("procedure")
    with counted("valid procedure") as tally:
        ws.write(PROCEDURE, front_matter(data, body, flow))
        site = outcome(ws.root, tally)
        assert site is not None, refusal(ws.root)
        entry = site.by_slug["sinh-thu"]
        assert entry.record.code == data["code"]
        r = renderer(site)
        page = Page(r.procedure(entry, body_html(entry.body), entry.url))
        tally["pages"] += 1
        expect.check(page)
        if replaced_by:  # the procedure it replaced names it
            old = site.by_code[replaced_by]
            Page(r.procedure(old, "", old.url)).has(data["name"], data["code"])
            tally["pages"] += 1
        ws.reset()


# --------------------------------------------------------------------------- valid officials and units


@st.composite
def officials_and_units(draw):
    units = [{"id": ident, "name": name} for ident, name in UNITS.items()]
    taken = set(UNITS)
    for _ in range(draw(st.integers(0, 3))):
        ident = draw(slugs.filter(lambda s: s not in taken))
        taken.add(ident)
        unit = {"id": ident, "name": draw(texts(5, capital=True))}
        if draw(st.booleans()):
            unit["address"] = draw(texts(6))
        if draw(st.booleans()):
            unit["phone"], unit["_tel"] = draw(phones())
        if draw(st.booleans()):
            unit["email"] = draw(emails)
        units.append(unit)
    people = copy.deepcopy(list(OFFICIALS.values()))  # the fixture's procedures name them
    taken = set(OFFICIALS)
    for _ in range(draw(st.integers(1, 5))):
        ident = draw(slugs.filter(lambda s: s not in taken))
        taken.add(ident)
        person = {"id": ident, "name": draw(texts(4, capital=True)), "title": draw(texts(5, capital=True)),
                  "unit": draw(choice([u["id"] for u in units]))}
        role = DeskRole.NONE
        if draw(st.booleans()):
            role = draw(choice(list(DeskRole)))
            person["desk_role"] = draw(spelling(role))
        person["_role"] = role
        fields = draw(st.lists(choice(sorted(FIELDS)), max_size=2, unique=True))
        if fields:
            person["fields"] = one_or_list(fields, draw)
        person["_fields"] = fields
        person["phone"], person["_tel"] = draw(phones())
        if draw(st.booleans()):
            person["email"] = draw(emails)
        people.append(person)
    return units, people


def _public(record: dict) -> dict:
    return {k: v for k, v in record.items() if not k.startswith("_")}


@examples("valid officials and units")
@given(case=officials_and_units(), flow=flows)
def test_valid_officials_are_listed_with_their_phones(workspace, case, flow):
    units, people = case
    ws = workspace("officials")
    with counted("valid officials and units") as tally:
        ws.write("data/units.yml", dump_yaml([_public(u) for u in units], flow))
        ws.write("data/officials.yml", dump_yaml([_public(o) for o in people], flow))
        site = outcome(ws.root, tally)
        assert site is not None, refusal(ws.root)
        r = renderer(site)
        directory = Page(r.directory("can-bo/"))
        tally["pages"] += 1
        for unit in units:
            directory.has(unit["name"], unit.get("address") or "", unit.get("phone") or "", unit.get("email") or "")
        for person in people[len(OFFICIALS):]:
            row_texts = [person["name"], person["phone"], person.get("email") or ""]
            if person["_role"] in (DeskRole.HEAD, DeskRole.DEPUTY):  # the desk's leaders, in the first table
                leaders = directory.select(".ck-people")[0]  # the first table, after "Trưởng và Phó Trưởng…"
                row = next(el.text for el in directory.select(f'[data-official="{person["id"]}"]')
                           if leaders.contains(el))
                for value in row_texts + [person["title"]]:
                    assert shown(value) in row
            for field_id in person["_fields"]:
                row = directory.within(f'table[data-field="{field_id}"] tr[data-official="{person["id"]}"]')
                for value in row_texts + [person["title"]]:
                    assert shown(value) in row
        unit_pages = [Page(r.unit(unit["id"], f"don-vi/{unit['id']}/")) for unit in units]
        tally["pages"] += len(unit_pages)
        for unit, page in zip(units, unit_pages):
            page.has(unit["name"])
            for person in people:
                if person["unit"] == unit["id"]:
                    page.has(person["name"], person["title"], person["phone"])
        for page in [directory] + unit_pages:
            for link in page.select("a.ck-tel"):  # every phone calls the number it shows
                tel = next((x["_tel"] for x in people + units if "_tel" in x and shown(x["phone"]) == link.text), None)
                if tel is not None:
                    assert link.attrs["href"] == tel, (link.text, link.attrs, tel)
        ws.reset()


# --------------------------------------------------------------------------- valid plans


@functools.lru_cache(maxsize=None)
def deadlines(last_year: int) -> st.SearchStrategy:
    return _deadlines(last_year)


@functools.lru_cache(maxsize=None)
def days(low: dt.date, high: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(low, high)


@st.composite
def _deadlines(draw, last_year: int) -> tuple[str, str, dt.date | None]:
    """(as written, as displayed, due date) in the forms plans use."""
    form = draw(choice(["quarter", "roman", "month", "before", "yearly", "ongoing", "every", "year", "half",
                        "period", "text"]))
    y = draw(st.integers(2018, 2032))
    if form in ("quarter", "roman"):
        q = draw(st.integers(1, 4))
        label = str(q) if form == "quarter" else ["I", "II", "III", "IV"][q - 1]
        text = f"{draw(choice(['Quý', 'quý', 'QUÝ']))} {label}/{y}"
        month = 3 * q
        return text, text, dt.date(y, month, [31, 30, 30, 31][q - 1])
    if form == "month":
        m = draw(st.integers(1, 12))
        text = f"Tháng {draw(choice([str(m), f'{m:02d}']))}/{y}"
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return text, text, nxt - dt.timedelta(days=1)
    if form == "before":
        day = draw(days(dt.date(2018, 1, 1), dt.date(2032, 12, 31)))
        return f"trước ngày {day.day}/{day.month}/{day.year}", f"trước ngày {vdate(day)}", day
    if form == "yearly":
        day = draw(days(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))  # not a leap year: no 29/02
        every = draw(choice(["hằng năm", "hàng năm"]))
        return f"trước ngày {day.day}/{day.month} {every}", f"trước ngày {day.day:02d}/{day.month:02d} {every}", \
            dt.date(last_year, day.month, day.day)
    if form == "ongoing":
        text = draw(choice(["Thường xuyên", "thường xuyên", "Thực hiện thường xuyên"]))
        return text, text, None
    if form == "every":
        text = draw(choice(["Hằng quý", "Hằng tháng", "Định kỳ"]))
        return text, text, None
    if form == "year":
        return f"Năm {y}", f"Năm {y}", dt.date(y, 12, 31)
    if form == "half":
        first = draw(st.booleans())
        text = f"6 tháng {'đầu' if first else 'cuối'} năm {y}"
        return text, text, dt.date(y, 6, 30) if first else dt.date(y, 12, 31)
    if form == "period":
        text = f"Giai đoạn {y}-{y + 4}"
        return text, text, dt.date(y + 4, 12, 31)
    text = draw(choice(["Theo kế hoạch", "Theo hướng dẫn của Sở Nội vụ", "Khi có yêu cầu"]))
    return text, text, None


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


EVIDENCE = {"1.000173": "Thủ tục 1.000173", "thu-tuc/khai-bao/": "Thủ tục 2.002385",
            "don-vi/van-phong/": UNITS["van-phong"], "thu-tuc/linh-vuc/buu-chinh/": "Lĩnh vực " + FIELDS["buu-chinh"],
            "https://vanban.chinhphu.vn/?docid=1": "https://vanban.chinhphu.vn/?docid=1"}


PLAN_KINDS = choice(["Kế hoạch", "Quyết định"]) | texts(2, capital=True)
UNIT_NAMES = choice(["van-phong", UNITS["van-phong"]]) | texts(3, capital=True)  # an id, or a name as written


@st.composite
def plans(draw):
    e = Expect()
    plan = {}
    if draw(st.booleans()):
        plan["kind"] = draw(PLAN_KINDS)
    e.part("h1", _upper(plan.get("kind", "Kế hoạch")))
    draft_number = draw(st.integers(0, 5)) == 0
    suffix = draw(choice(["KH-SKHCN", "KH-UBND", "QĐ-SKHCN", "KH-VP.SKHCN"]))
    plan["number"] = f"/{suffix}" if draft_number else f"{draw(st.integers(1, 999))}/{suffix}"
    e.text("Số: " + plan["number"])
    if draw(st.integers(0, 5)) == 0:
        month, year = draw(st.integers(1, 12)), draw(st.integers(2018, 2030))
        plan["date"] = f"…/{month:02d}/{year}"
        e.text(f"ngày … tháng {month:02d} năm {year}")
        draft, plan_year = True, year
    else:
        # a plan's date is day/month/year only (yyyy-mm-dd is refused there, unlike every other date)
        written, day = draw(dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31), iso=False))
        plan["date"] = written
        e.text(f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
        draft, plan_year = draft_number, day.year
    if draft:
        e.part(".admonition-title", "Dự thảo")
    else:
        e.absent.append((".admonition-title", "Dự thảo"))
    plan["place"] = draw(texts(2, capital=True))
    plan["issuer"] = draw(texts(6, capital=True))
    e.text(shown(plan["place"]) + ", ngày", _upper(plan["issuer"]))
    if draw(st.booleans()):
        plan["parent_issuer"] = draw(texts(4, capital=True))
        e.text(_upper(plan["parent_issuer"]))
    plan["title"] = draw(texts(8))
    e.part("h1", plan["title"])
    last_year = plan_year
    if draw(st.booleans()):
        first = draw(st.integers(2018, 2030))
        last_year = first + draw(st.integers(0, 5))
        plan["period"] = str(first) if first == last_year else f"{first}-{last_year}"
    for key in ("implements", "recipients"):
        if draw(st.booleans()):
            plan[key] = draw(st.lists(texts(6), min_size=1, max_size=3))
            e.text(*plan[key])
    for key in ("signer", "signer_capacity"):
        if draw(st.booleans()):
            plan[key] = draw(texts(3, capital=True))
            e.text(plan[key])
    tasks, rows = [], []
    for i in range(draw(st.integers(0, 6))):
        task = {}
        if draw(st.booleans()):
            task["section"] = draw(texts(4, capital=True))
        if draw(st.booleans()):
            task["number"] = draw(choice(["1", "2", "a", "b", "3.2", "IV"]))
        task["content"] = draw(texts(5))
        shown_units = []  # a unit's id is shown as its name
        for key in ("lead", "coordinating"):
            if draw(st.booleans()):
                names = draw(st.lists(UNIT_NAMES, min_size=1, max_size=3))
                task[key] = one_or_list(names, draw)
                shown_units += [UNITS["van-phong"] if n == "van-phong" else n for n in names]
        if draw(st.booleans()):
            task["outputs"] = draw(texts(4))
        due = None
        display = None
        if draw(st.integers(0, 4)):
            task["deadline"], display, due = draw(deadlines(last_year))
        if draw(st.integers(0, 6)) == 0:
            written, due = draw(dates(dt.date(2018, 1, 1), dt.date(2032, 12, 31)))
            task["due"] = written
        status = TaskStatus.NOT_STARTED
        if draw(st.booleans()):
            status = draw(choice(list(TaskStatus)))
            task["status"] = draw(spelling(status))
        completed = None
        if status is TaskStatus.DONE and draw(st.booleans()):
            task["completed_on"], completed = draw(dates(dt.date(2018, 1, 1), BUILD))
        if draw(st.booleans()):
            task["evidence"] = one_or_list(draw(st.lists(choice(sorted(EVIDENCE)), min_size=1, max_size=3,
                                                         unique=True)), draw)
        if draw(st.booleans()):
            task["note"] = draw(texts(5))
        tasks.append(task)
        overdue = bool(due and due < BUILD and status not in (TaskStatus.DONE, TaskStatus.CANCELLED))
        rows.append((i, task, status, display, due, completed, overdue, shown_units))
    if tasks:
        plan["tasks"] = tasks
    body = ""
    if draw(st.booleans()):
        body = "## I. MỤC ĐÍCH\n\n" + draw(texts(10, marks=False)) + "\n"
    return plan, body, e, rows


@examples("valid plan")
@given(case=plans(), flow=flows)
def test_valid_plan_loads_and_shows_every_task(workspace, case, flow):
    data, body, expect, rows = case
    ws = workspace("plan")
    with counted("valid plan") as tally:
        ws.write(PLAN, front_matter(data, body, flow))
        site = outcome(ws.root, tally)
        assert site is not None, refusal(ws.root)
        entry = next(p for p in site.plans if p.slug == "sinh-thu")
        assert entry.record.number == data["number"]
        r = renderer(site)
        page = Page(r.plan(entry, body_html(entry.body), entry.url))
        tracker = Page(r.tracker("ke-hoach/theo-doi/"))
        tally["pages"] += 2
        expect.check(page)
        for i, task, status, display, due, completed, overdue, units in rows:
            row = page.within(f"tr#nv-{i + 1}")
            for value in [task["content"], task.get("outputs"), task.get("note"), task.get("number"), status.label,
                          display, *units]:
                if value:
                    assert shown(value) in row, (value, row)
            if task.get("section"):
                page.has(task["section"])
            if due:
                assert "Hạn: " + vdate(due) in row, (due, row)
            if completed:
                assert vdate(completed) in row
            assert bool(page.texts_of(f"tr#nv-{i + 1} .ck-overdue")) == overdue, (due, status, row)
            for ev in ([task["evidence"]] if isinstance(task.get("evidence"), str) else task.get("evidence", [])):
                assert shown(EVIDENCE[ev]) in row
            tracked = f'tr[data-plan="sinh-thu"][data-index="{i}"]'
            assert shown(task["content"]) in tracker.within(tracked) and data["number"] in tracker.within(tracked)
            assert bool(tracker.texts_of(tracked + " .ck-overdue")) == overdue
        ws.reset()


# --------------------------------------------------------------------------- valid statistics

PROCEDURE_FIELD = {code: front["field"] for code, front in FIXTURE_PROCEDURES.items()}
FIGURES = ("carried_over", "received", "on_time", "late", "pending", "apologies", "online", "postal_received",
           "postal_returned")


def _rate(part: int, whole: int) -> str:
    if not whole:
        return "–"
    tenths = (part * 1000 * 2 + whole) // (2 * whole)  # rounded half up
    return f"{tenths // 10},{tenths % 10} %"


@st.composite
def figures(draw) -> dict[str, int]:
    received, carried = draw(st.integers(0, 5000)), draw(st.integers(0, 500))
    late = draw(st.integers(0, received + carried))
    pending = draw(st.integers(0, received + carried - late))
    on_time = received + carried - late - pending
    online = draw(st.integers(0, received))
    postal = draw(st.integers(0, received - online))
    return dict(carried_over=carried, received=received, on_time=on_time, late=late, pending=pending,
                apologies=draw(st.integers(0, 50)), online=online, postal_received=postal,
                postal_returned=draw(st.integers(0, on_time + late)))


@st.composite
def periods(draw) -> tuple[str, str, str, tuple]:
    """(as written, as shown, page anchor, sort key)."""
    kind = draw(choice(["quarter", "month", "year"]))
    y = draw(st.integers(2015, 2030))
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        label = draw(choice([str(q), ["I", "II", "III", "IV"][q - 1]]))
        written = f"{draw(choice(['Quý', 'quý', 'QUÝ']))}{draw(choice([' ', '  ']))}{label}/{y}"
        return written, f"Quý {q}/{y}", f"{y}-quy-{q}", (y, 3 * q, 3 * q - 2)
    if kind == "month":
        m = draw(st.integers(1, 12))
        return f"Tháng {draw(choice([str(m), f'{m:02d}']))}/{y}", f"Tháng {m:02d}/{y}", f"{y}-thang-{m:02d}", \
            (y, m, m)
    return f"{draw(choice(['Năm', 'năm']))} {y}", f"Năm {y}", str(y), (y, 12, 1)


@st.composite
def statistics(draw):
    reports = []
    used = set()
    for _ in range(draw(st.integers(1, 3))):
        written, label, slug, key = draw(periods().filter(lambda p: p[2] not in used))
        used.add(slug)
        # each lĩnh vực is given either as one row of its own or by its procedures' rows
        targets = []
        for field_id in FIELDS:
            codes_here = [c for c, f in PROCEDURE_FIELD.items() if f == field_id]
            given_as = draw(choice(["none", "field", "procedures"] if codes_here else ["none", "field"]))
            if given_as == "field":
                targets.append(("field", field_id, field_id))
            elif given_as == "procedures":
                targets += [("procedure", c, field_id)
                            for c in draw(st.lists(choice(codes_here), min_size=1, unique=True))]
        if not targets:
            targets = [("field", sorted(FIELDS)[0], sorted(FIELDS)[0])]
        rows = []
        for what, ident, field_id in draw(st.permutations(targets)):
            numbers = draw(figures())
            row = {what: ident}
            for k, v in numbers.items():
                if v or k in ("received", "on_time") or draw(st.booleans()):
                    row[k] = str(v)
            rows.append((row, numbers, field_id))
        data = {"period": written}
        if draw(st.booleans()):
            data["source"] = draw(texts(6))
        data["rows"] = [r for r, _, _ in rows]
        reports.append((data, label, slug, key, rows))
    return reports


@examples("valid statistics")
@given(case=statistics(), flow=flows)
def test_valid_statistics_add_up_on_the_page(workspace, case, flow):
    ws = workspace("statistics")
    with counted("valid statistics") as tally:
        for data, _, slug, _, _ in case:
            ws.write(f"data/statistics/{slug}.yml", dump_yaml(data, flow))
        site = outcome(ws.root, tally)
        assert site is not None, refusal(ws.root)
        page = Page(renderer(site).statistics("thong-ke/"))
        tally["pages"] += 1
        for data, label, slug, key, rows in case:
            total = {k: sum(n[k] for _, n, _ in rows) for k in FIGURES}
            resolved = total["on_time"] + total["late"]
            assert page.cells(f'.ck-trend tr[data-period="{slug}"]') == [
                label, str(total["received"]), str(resolved), str(total["on_time"]), str(total["late"]),
                _rate(total["on_time"], resolved), f"{total['online']} ({_rate(total['online'], total['received'])})",
                f"{total['postal_received']} / {total['postal_returned']}"], (label, total)
            for field_id in FIELDS:
                mine = [n for _, n, f in rows if f == field_id]
                selector = f'.ck-period[data-period="{slug}"] tr[data-field="{field_id}"]'
                if not mine:
                    assert not page.select(selector)
                    continue
                sums = {k: sum(n[k] for n in mine) for k in FIGURES}
                cells = page.cells(selector)[1:]
                assert cells == [str(sums["carried_over"]), str(sums["received"]), str(sums["on_time"]),
                                 str(sums["late"]), str(sums["pending"]),
                                 _rate(sums["on_time"], sums["on_time"] + sums["late"]), str(sums["apologies"]),
                                 str(sums["online"]), f"{sums['postal_received']} / {sums['postal_returned']}"], \
                    (label, field_id, cells, sums)
            if data.get("source"):
                page.has(data["source"])
        ws.reset()


# --------------------------------------------------------------------------- anything staff may type

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CONTROL = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029]]
INVISIBLE = ["\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202f", "\u202e", "\t"]
NASTY_TEXT = [
    "", " ", "  \t ", "~", "null", "Null", "NULL", "yes", "no", "on", "off", "true", "1e3", "0x1F", "0o17", ".inf",
    "-.inf", ".nan", "NaN", "nan", "inf", "-0", "00", "1_000", "+1", "-1", "1.000173", "1.00017", "１.０００１７３",
    "٠١٢٣", "31/02/2026", "29/02/2025", "00/00/0000", "0/0/0", "2026-13-01", "2026-02-30", "12/09/99999", "1/1/0001",
    "32/01/2026", "12/9/26", "Quý 5/2026", "Quý 0/2026", "Tháng 13/2026", "Tháng 0/2026", "trước ngày 31/02/2026",
    "tháng 13/2026", "0 ngày làm việc", "10 tuần", "10", "ngày", "-5 ngày", "1.500.000 đồng", "1,500,000", "1.50",
    "1.5000", "-200", "0,0", "101", "0", "100,5 %", "%", "0912 345", "+84", "02", "1800", "ab@cd", "@", "https://",
    "javascript:alert(1)", "/../../etc/passwd", "../x.docx", "mau/.an.docx", "mau/x.exe", "C:\\mau\\x.docx",
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "${x}", "%s%s%n", "\\", '"', "'", "- a", "[a, b", "{a: b",
    "&a", "*a", "!a", "| ", "> ", "? a", "--- a", "...", "#", "a # b", "a: b", "\ufeff", "Ａ", "ǅ", "İ", "ß", "ﬁ",
    "\u0301", "a\u0301\u0301\u0301", "\U0001f600", "\U0010ffff", "\ue000", "x" * 300, "Ạ" * 5000, "9" * 400,
    "9" * 4400, "1" + "0" * 5000, "1." + "0" * 5000, "9" * 30 + " ngày làm việc", "Quý 1/" + "9" * 30,
    "trước ngày 1/1/" + "9" * 30, "Năm " + "9" * 5000,
]


NESTED_KEYS = st.text(max_size=8) | choice(["name", "code", "case"])


scalars = (choice(NASTY_TEXT) | st.text(max_size=40) | st.integers().map(str) | st.floats().map(str)
           | texts().map(lambda s: s.translate(FULLWIDTH))
           | st.tuples(texts(), choice(CONTROL + INVISIBLE), st.integers(0, 3)).map(
               lambda t: t[0][:t[2]] + t[1] + t[0][t[2]:]))
nasty = st.recursive(
    scalars | st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(NESTED_KEYS, children, max_size=3),
    max_leaves=8)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, prefix + (i,))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


@st.composite
def valid_file(draw):
    """(file, kind, data, body, flow) of one valid record of any kind, before any change."""
    kind = draw(choice(["procedure", "procedure", "plan", "officials", "statistics"]))
    flow = draw(flows)
    if kind == "procedure":
        data, body, _, _ = draw(procedures())
        return PROCEDURE, kind, data, body, flow
    if kind == "plan":
        data, body, _, _ = draw(plans())
        return PLAN, kind, data, body, flow
    if kind == "officials":
        _, people = draw(officials_and_units())
        return "data/officials.yml", kind, [_public(o) for o in people], "", flow
    data, _, slug, _, _ = draw(statistics())[0]
    return f"data/statistics/{slug}.yml", kind, data, "", flow


def serialise(rel: str, data, body: str, flow) -> str:
    return front_matter(data, body, flow) if rel.endswith(".md") else dump_yaml(data, flow)


def check_loaded(site, rel: str, kind: str, data, tally) -> None:
    """A site that loaded: the values read back are the ones written, and every page renders."""
    def same(written, read) -> None:
        if isinstance(written, str):
            assert read == unicodedata.normalize("NFC", written).strip(), (written, read)

    if kind == "procedure" and isinstance(data, dict):
        entry = site.by_slug["sinh-thu"]
        for key in ("code", "name", "conditions", "summary", "local_code", "receiving_address"):
            same(data.get(key), getattr(entry.record, key))
    elif kind == "plan" and isinstance(data, dict):
        entry = next(p for p in site.plans if p.slug == "sinh-thu")
        for key in ("number", "title", "issuer", "place"):
            same(data.get(key), getattr(entry.record, key))
    elif kind == "officials" and isinstance(data, list):
        for person in data:
            if isinstance(person, dict) and isinstance(person.get("id"), str) and person["id"] in site.officials:
                record = site.officials[person["id"]]
                for key in ("name", "title", "phone"):
                    same(person.get(key), getattr(record, key))
    tally["pages"] += render_everything(site, kind)


NEW_KEYS = st.text(min_size=1, max_size=12) | choice(["Name", "code ", "ten", "tên", "nam", "<<"])
MUTATIONS = ["replace", "replace", "replace", "empty", "empty", "delete", "rename", "add", "wrap", "unwrap"]


@examples("one field changed")
@given(case=valid_file(), data=st.data())
def test_one_field_changed_to_anything_gives_messages_not_tracebacks(workspace, case, data):
    rel, kind, record, body, flow = copy.deepcopy(case)
    ws = workspace("mutation")
    path = data.draw(choice(list(_paths(record))[1:]), label="field")
    how = data.draw(choice(MUTATIONS), label="change")
    parent, last = _get(record, path[:-1]), path[-1]
    if how == "replace":
        parent[last] = data.draw(nasty, label="value")
    elif how == "empty":  # the commonest slip: a field left blank
        value = data.draw(choice([None, None, "", " ", "~", "[]", "{}"]), label="value")
        parent[last] = {"[]": [], "{}": {}}.get(value, value)
    elif how == "delete":
        del parent[last]
    elif how == "rename" and isinstance(last, str):
        parent[data.draw(NEW_KEYS, label="key")] = parent.pop(last)
    elif how == "add":
        target = parent if isinstance(parent, dict) else record if isinstance(record, dict) else None
        if target is not None:
            target[data.draw(st.text(min_size=1, max_size=12), label="key")] = data.draw(nasty, label="value")
        else:
            parent.append(data.draw(nasty, label="value"))
    elif how == "wrap":
        parent[last] = [parent[last]] if data.draw(st.booleans()) else {"name": parent[last]}
    elif how == "unwrap" and isinstance(parent[last], (list, dict)):
        values = list(parent[last].values() if isinstance(parent[last], dict) else parent[last])
        parent[last] = ", ".join(str(v) for v in values) if data.draw(st.booleans()) else (values[0] if values else "")
    with counted("one field changed") as tally:
        ws.write(rel, serialise(rel, record, body, flow))
        site = outcome(ws.root, tally)
        if site is not None:
            check_loaded(site, rel, kind, record, tally)
        ws.reset()


# raw front matter: lines built from YAML-ish tokens and random characters

KEYS = ["code", "local_code", "name", "summary", "field", "levels", "announcement", "number", "date", "steps",
        "channels", "channel", "time", "fees", "kind", "amount", "percent", "cases", "case", "dossier", "documents",
        "form_file", "applicants", "agencies", "deciding", "executing", "results", "legal_basis", "conditions",
        "online_level", "officials", "status", "replaced_by", "abolished_on", "tasks", "content", "lead", "deadline",
        "evidence", "period", "rows", "procedure", "received", "on_time", "id", "phone", "unit", "title", "issuer",
        "place", "tên", "Name", "", " ", "<<", "?", "-", "1", "null", "~", "true"]
VALUE_TOKENS = ["'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!str ", "!!int ", "!!binary ",
                "!!python/name:os.system ", "!x ", "%", "@", "`", "|", ">", "|-", ">+", "|2", "#", " # ", "...", "---",
                "- ", "? ", ": ", ":", "\\", '\\"', "\\x4", "\\u12", "\\U0010ffff", "\t", "  ", "~", "1.000173",
                "0912 345 678", "31/02/2026", "10 ngày", "Quý 3/2026", "Không", "trực tuyến", "１", "<script>", "{{x}}",
                "\u00a0", "\ufeff", "\u200b", "\u202e", "\x00", "\x07", "\x1b[31m", "\r", "\x85", "\u2028", "<<: *a",
                "&a [1]", "*a*"]
BODY_TOKENS = ["<script>alert(1)</script>", "<img src=http://x/y.png>", "[a](javascript:alert(1))", "[a](../x.md)",
               "[a](/bieu-phi/)", "[a](thu-tuc/khong-co/)", "<iframe src=x>", '<a href="x" onclick="y">', "<style>",
               "{: style=x }", "<b>đậm</b>", "[^1]", "```", "<!--", "-->", "\u200b", "---", "...", "# Tiêu đề"]


# where random characters come from: ASCII, Latin-1, Vietnamese, combining marks, controls, other scripts,
# private use, emoji, the last planes
_CHARACTER_RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x1EA0, 0x1EF9), (0x300, 0x36F), (0x0, 0x1F), (0x7F, 0x9F),
                     (0x2000, 0x206F), (0x400, 0x4FF), (0x4E00, 0x4E80), (0xE000, 0xE010), (0x1F600, 0x1F64F),
                     (0xFFF0, 0xFFFF), (0x10FFF0, 0x10FFFF)]


def _yaml_line_corpus(size: int = 6000) -> list[str]:
    """Lines of YAML-ish text: an indent, a key (a field name, or random characters), a colon or what passes
    for one, and a value of YAML tokens, words and random characters. Made once from a fixed seed (a line is then
    one draw; which lines, how many, in what order and how they are edited is drawn by Hypothesis)."""
    rng = random.Random("congkhai yaml lines")

    def chars() -> str:
        low, high = rng.choice(_CHARACTER_RANGES)
        return "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(1, 5)))

    out = ["code: 1", "- ", ""]
    while len(out) < size:
        indent = rng.choice(["", "", "  ", "    ", " ", "\t", "  - ", "- ", "   "])
        key = rng.choice(KEYS) if rng.random() < 0.8 else chars()
        colon = rng.choice([": ", ": ", ": ", ":", " : ", "", ":\t", "：", ": |", ": >"])
        value = "".join(rng.choice([rng.choice(VALUE_TOKENS), rng.choice(DEMO_WORDS), chars()])
                        for _ in range(rng.randint(0, 5)))
        out.append(indent + key + colon + value)
    return out


_LINES = _yaml_line_corpus()
YAML_LINES = choice(_LINES)
# a few lines at a time, and bodies, from the same kind of corpus: fewer draws per file
YAML_BLOCKS = choice([tuple(random.Random(i).sample(_LINES, 1 + i % 4)) for i in range(4000)])
BODIES = choice([""] + ["".join(random.Random(f"body {i}").choice(BODY_TOKENS + DEMO_WORDS[:200] + [" ", "\n"])
                                for _ in range(1 + i % 8)) for i in range(2000)])


@st.composite
def raw_front(draw):
    """(file, text or bytes) of a content file with a front matter (or a data file) as nobody should write it."""
    target = draw(choice([PROCEDURE, PROCEDURE, PROCEDURE, "procedures/atbx/chung-chi.md", PLAN, PLAN,
                          "plans/ke-hoach-thu.md", "data/officials.yml", "data/statistics/2026-quy-3.yml",
                          "data/units.yml"]))
    source = draw(choice(["grammar", "grammar", "grammar", "grammar", "edited"]))
    if source == "grammar":
        lines = [line for block in draw(st.lists(YAML_BLOCKS, max_size=4)) for line in block]
    else:  # a valid file with a few line-level edits: the usual slip of a hand editing YAML
        target, kind, record, body, flow = draw(valid_file())
        text = dump_yaml(record, flow)
        lines = text.split("\n")
        for _ in range(draw(st.integers(1, 4))):
            if not lines:
                break
            i = draw(st.integers(0, len(lines) - 1))
            edit = draw(choice(["delete", "duplicate", "indent", "dedent", "insert", "tokens", "tab", "blank"]))
            if edit == "delete":
                del lines[i]
            elif edit == "duplicate":
                lines.insert(i, lines[i])
            elif edit == "indent":
                lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
            elif edit == "dedent":
                lines[i] = lines[i].lstrip()
            elif edit == "tab":
                lines[i] = "\t" + lines[i]
            elif edit == "blank":  # the value deleted, the key left
                lines[i] = lines[i].split(":")[0] + ":" + draw(choice(["", " ", "\t"]))
            elif edit == "insert":
                lines.insert(i, draw(YAML_LINES))
            else:
                at = draw(st.integers(0, len(lines[i])))
                lines[i] = lines[i][:at] + "".join(draw(st.lists(choice(VALUE_TOKENS), min_size=1,
                                                                  max_size=3))) + lines[i][at:]
    newline = draw(choice(["\n", "\n", "\r\n", "\r"]))
    front = newline.join(lines)
    if target.endswith(".md"):
        opening = draw(choice(["---", "---", "---", "--- ", "", "----", "\ufeff---", "  ---"]))
        closing = draw(choice(["---", "---", "---", "...", "", "--- x", " ---"]))
        body = draw(BODIES)
        text = newline.join([opening, front, closing, body])
    else:
        text = front
    encoding = draw(choice(["utf-8"] * 8 + ["utf-16", "cp1258", "latin-1", "bad-bytes", "surrogate"]))
    if encoding == "bad-bytes":
        at = draw(st.integers(0, len(text)))
        return target, text[:at].encode("utf-8") + draw(choice([b"\xff", b"\xc3", b"\xe1\xba", b"\x80\x80"])) \
            + text[at:].encode("utf-8")
    if encoding == "surrogate":
        return target, (text + "\ud800").encode("utf-8", "surrogatepass")
    try:
        return target, text.encode(encoding)
    except UnicodeEncodeError:
        return target, text.encode("utf-8")


@examples("raw front matter")
@given(case=raw_front())
def test_raw_front_matter_gives_messages_not_tracebacks(workspace, case):
    rel, content = case
    ws = workspace("raw")
    with counted("raw front matter") as tally:
        ws.write(rel, content)
        site = outcome(ws.root, tally)
        if site is not None:
            kind = "procedure" if rel.startswith("procedures/") else "plan" if rel.startswith("plans/") \
                else "statistics" if "statistics" in rel else "officials"
            tally["pages"] += render_everything(site, kind)
        ws.reset()


@examples("congkhai check")
@given(case=raw_front() | valid_file().map(lambda c: (c[0], serialise(c[0], c[2], c[3], c[4]))))
def test_congkhai_check_exits_0_or_1(workspace, case):
    rel, content = case
    ws = workspace("cli")
    with counted("congkhai check") as tally:
        ws.write(rel, content)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(ws.root)])
        assert code in (0, 1)
        tally[f"exit {code}"] += 1
        if code == 0:
            assert out.getvalue().startswith("Nội dung hợp lệ"), out.getvalue()
            tally["loaded"] += 1
        else:
            assert err.getvalue().startswith("Nội dung có "), err.getvalue()
            tally["refused"] += 1
            tally["problems"] += err.getvalue().count("\n  - ")
        assert "Traceback" not in out.getvalue() + err.getvalue()
        ws.reset()
