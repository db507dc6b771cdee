"""Generate the search query set of the national records: benchmarks/national_queries.yml.

    python benchmarks/national_queries.py [--data PATH] [--out PATH]

Reads the 2,849 real national procedure records (../shared/data/tthc-national-2849.jsonl.gz) and
writes queries of thirteen classes, each made from records chosen with a fixed seed, spread over
the records' lĩnh vực (field). Every query carries the codes of the records that answer it equally
well, which a search must all rank in its top 5: for a query made from a whole name, the records
with the same name (compared folded: no marks, đ as d, lower case, punctuation and a leading
"Thủ tục" ignored, abbreviations written out); for a query made from part of a name, the records
whose names hold that word sequence. A query is kept only when 1 to 3 records answer it.

The output depends only on the data and the seed: records are read in code order and every random
choice comes from a generator seeded per class. Before it writes, the script checks each query
against what it claims (self_check): a fragment's words occur in every expected name and in no
other, a run-together string folds back to its fragment, a typo is one edit in one word, and so on.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "tthc-national-2849.jsonl.gz"
OUT = REPO / "benchmarks" / "national_queries.yml"
SEARCH_WORDS = REPO / "congkhai" / "publish" / "search_words.yml"
SEED = 2849

# class -> how many queries to make
PLAN = {
    "name_marked": 35, "name_unmarked": 35, "fragment": 30, "old_tones": 15, "nfd": 15,
    "code": 20, "code_partial": 10, "code_spaced": 10, "abbreviation": 45, "old_name": 10,
    "run_together": 20, "typo": 20, "question": 20,
}
LONG_NAMES = 4          # of name_marked, names of more than SHORT_NAME words
SHORT_NAME = 18         # words: longer names are rarely typed whole
ABBREVIATION_SHORT = 6  # of abbreviation, the abbreviation plus one or two name words only
QUESTION_FRAGMENTS = 4  # of question, around part of a name (the others: around a short name)

# words a query part neither starts nor ends with (they are dropped from queries by the search, or
# leave the part unfinished: "... của công dân đối")
EDGE_WORDS = frozenset("và của với tại các cho theo trong được về là có những từ này để khi hoặc do bị đã thì mà "
                       "đối một số hay như".split())
# more words that do not make a query by themselves ("nhưng chưa TTCP")
FUNCTION_WORDS = EDGE_WORDS | frozenset("nhưng chưa không đến đang nếu vào ra lên sau trước lại thêm nhau "
                                        "bằng lần đầu hai ba nhiều".split())
# An old name stands for the new one only where the new one is a thing's name: not "cá nhân không
# cư trú", "đối tượng cư trú của Việt Nam", "người nước ngoài cư trú tại Việt Nam" (residing).
OLD_NAME_NOT_AFTER = frozenset("không đang đã còn tượng tịch nhân".split())
OLD_NAME_NOT_BEFORE = frozenset("tại ở có của".split())
TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below
OPEN_SYLLABLE = re.compile(rf"^(.*?)([ou])([{TONES}]?)([aey])([{TONES}]?)$", re.IGNORECASE)
TONE_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}
WORD = re.compile(r"\w+")
TOKEN = re.compile(r"\w+(?:[&-]\w+)*")

# question forms: (with marks, without marks)
QUESTIONS = [
    ("làm {} ở đâu", "lam {} o dau"),
    ("thủ tục {} như thế nào", "thu tuc {} nhu the nao"),
    ("xin {} cần giấy tờ gì", "xin {} can giay to gi"),
    ("{} mất bao lâu", "{} mat bao lau"),
    ("{} hết bao nhiêu tiền", "{} het bao nhieu tien"),
    ("cách {}", "cach {}"),
    ("muốn {} thì làm sao", "muon {} thi lam sao"),
]
# Vietnamese regional mix-ups of a syllable's first consonant(s), and of its last (folded spelling)
INITIAL_MIXUPS = {"x": ["s"], "s": ["x"], "ch": ["tr"], "tr": ["ch"], "d": ["gi", "r"], "gi": ["d", "r"],
                  "r": ["d", "gi"], "l": ["n"], "n": ["l"]}
FINAL_MIXUPS = {"n": ["ng"], "ng": ["n"], "c": ["t"], "t": ["c"]}
VOWELS = set("aeiouy")
# Two syllables are taken for one word ("phát triển", "giấy phép"), which a query part never cuts,
# when the pair is much more frequent in the records' text than chance (pointwise mutual
# information, bits) or, seen at least BOND_MIN_COUNT times, one of them often comes with the other.
BOND_PMI = 4.9
BOND_SHARE = 0.3
BOND_MIN_COUNT = 3
# A query part cut from inside a name starts with two syllables that start a phrase (after
# punctuation or a function word) somewhere in the records' text at least PHRASE_EDGE times, and
# ends with two that end one: "giấy phép ..." and "... xây dựng" do, "... lưu" (of "lưu động") and
# "viên trong ..." (of "thành viên") do not.
PHRASE_EDGE = 2


# ---------------------------------------------------------------- text

def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """No marks, đ as d, lower case, NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return nfc(bare.replace("đ", "d").replace("Đ", "D").lower())


def clean_name(raw: str) -> str:
    """A name as published, NFC, whitespace normalised (names hold newlines), trailing period dropped."""
    return " ".join(nfc(raw).split()).rstrip(".").rstrip()


def toggle_tone(word: str) -> str | None:
    """`word` (NFC) with its open oa/oe/uy syllable's tone on the other vowel ('hóa' <-> 'hoá',
    'ủy' <-> 'uỷ'), or None if it has no such syllable."""
    m = OPEN_SYLLABLE.match(unicodedata.normalize("NFD", word))
    if not m or m.group(1).lower().endswith("q") or (m.group(2).lower(), m.group(4).lower()) not in TONE_PAIRS:
        return None
    if bool(m.group(3)) == bool(m.group(5)):
        return None
    head, first, second = m.group(1), m.group(2), m.group(4)
    if m.group(3):  # traditional ("hóa") -> new ("hoá")
        return nfc(head + first + second + m.group(3))
    return nfc(head + first + m.group(5) + second)


def toggle_tones(text: str) -> str:
    return WORD.sub(lambda m: toggle_tone(m.group(0)) or m.group(0), text)


def traditional_tones(text: str) -> str:
    """Tones of open oa/oe/uy syllables on the first vowel, as 'hóa', 'ủy'."""
    def move(m: re.Match) -> str:
        w = m.group(0)
        t = toggle_tone(w)
        return t if t and OPEN_SYLLABLE.match(unicodedata.normalize("NFD", w)).group(5) else w
    return WORD.sub(move, text)


def damerau1(a: str, b: str) -> bool:
    """True when b is a with exactly one insert, delete, substitution or adjacent swap."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def mixup(a: str, b: str) -> bool:
    """True when b is a with its first consonants or its last swapped for a regional mix-up."""
    for table, at_start in ((INITIAL_MIXUPS, True), (FINAL_MIXUPS, False)):
        for x, ys in table.items():
            for y in ys:
                if at_start and a.startswith(x) and b == y + a[len(x):]:
                    return True
                if not at_start and a.endswith(x) and b == a[:len(a) - len(x)] + y:
                    return True
    return False


# ---------------------------------------------------------------- records and expectations

@dataclass
class Rec:
    code: str
    name: str                 # clean_name
    field: str
    spans: list               # (start, end) of each word in name
    words: list               # folded words of name (abbreviations as written)
    syllables: list           # words of name, lower case, tones placed the traditional way

    @property
    def n(self) -> int:
        return len(self.words)


@dataclass
class Query:
    q: str
    cls: str
    expect: list
    source: str               # the record's code the query was made from
    kind: str                 # name | fragment | chunks | code | suffix
    basis: object             # text (or list of texts) the expectation was computed from
    nfd: bool = False
    extra: dict = field(default_factory=dict)


def record_texts(r: dict):
    """The text of a record that counts for which syllables make words: name, documents, steps..."""
    yield r.get("name") or ""
    for key in ("result", "conditions", "steps", "applicants", "legal_basis"):
        value = r.get(key)
        for item in (value if isinstance(value, list) else [value]):
            if isinstance(item, str):
                yield item
    for d in r.get("documents") or []:
        if isinstance(d, dict) and isinstance(d.get("name"), str):
            yield d["name"]


@functools.lru_cache(maxsize=None)
def syllable(word: str) -> str:
    """A word compared for how words combine: lower case, tones placed the traditional way."""
    return traditional_tones(nfc(word).lower())


class Corpus:
    def __init__(self, rows: list[dict], abbreviations: dict[str, str]):
        self.abbreviations = abbreviations  # folded key -> folded words
        self.unigrams: Counter = Counter()
        self.bigrams: Counter = Counter()
        self.starts: Counter = Counter()
        self.ends: Counter = Counter()
        for r in rows:
            for text in record_texts(r):
                for run in re.split(r"[^\w\s]", nfc(text)):
                    words = [syllable(w) for w in run.split()]
                    self.unigrams.update(words)
                    self.bigrams.update(zip(words, words[1:]))
                    for k in range(len(words) - 1):
                        if k == 0 or words[k - 1] in EDGE_WORDS:
                            self.starts[(words[k], words[k + 1])] += 1
                        if k == len(words) - 2 or words[k + 2] in EDGE_WORDS:
                            self.ends[(words[k], words[k + 1])] += 1
        self.total = sum(self.unigrams.values())
        self._containing: dict[tuple, list[str]] = {}
        codes = Counter(r.get("code") for r in rows)
        self.repeated_codes = sorted(c for c, k in codes.items() if k > 1 or not c)
        self.recs: list[Rec] = []
        for r in sorted(rows, key=lambda r: r.get("code") or ""):
            if not r.get("code") or codes[r["code"]] > 1 or not r.get("name"):
                continue
            name = clean_name(r["name"])
            spans = [m.span() for m in WORD.finditer(name)]
            self.recs.append(Rec(r["code"], name, r.get("field") or "", spans, [fold(name[a:b]) for a, b in spans],
                                 [syllable(name[a:b]) for a, b in spans]))
        self.by_code = {r.code: r for r in self.recs}
        self.haystack = {r.code: " " + " ".join(self.expand(r.name)) + " " for r in self.recs}
        self.by_key: dict[tuple, list[str]] = defaultdict(list)
        for r in self.recs:
            self.by_key[self.key(r.name)].append(r.code)
        self.vocabulary = {w for r in self.recs for w in r.words}

    def expand(self, text: str) -> list[str]:
        """Folded words of `text`, each abbreviation written out ("UBND" -> uy ban nhan dan)."""
        out: list[str] = []
        for token in TOKEN.findall(fold(text)):
            out.extend(self.abbreviations.get(token) or WORD.findall(token))
        return out

    def key(self, text: str) -> tuple:
        words = self.expand(text)
        return tuple(words[2:] if words[:2] == ["thu", "tuc"] else words)

    def same_name(self, text: str) -> list[str]:
        return sorted(self.by_key.get(self.key(text), []))

    def containing(self, *texts: str) -> list[str]:
        needles = tuple(" " + " ".join(self.expand(t)) + " " for t in texts)
        if needles not in self._containing:
            self._containing[needles] = sorted(c for c, hay in self.haystack.items() if all(n in hay for n in needles))
        return self._containing[needles]

    def bonded(self, rec: Rec, k: int) -> bool:
        """True when words k-1 and k of rec's name are one word ("phát | triển")."""
        if not 0 < k < rec.n or rec.name[rec.spans[k - 1][1]:rec.spans[k][0]] != " ":
            return False
        a, b = rec.syllables[k - 1], rec.syllables[k]
        both, ua, ub = self.bigrams[(a, b)], self.unigrams[a], self.unigrams[b]
        if not both:
            return False
        return math.log2(both * self.total / (ua * ub)) >= BOND_PMI or \
            (both >= BOND_MIN_COUNT and max(both / ua, both / ub) >= BOND_SHARE)

    def whole(self, rec: Rec, i: int, j: int) -> bool:
        """True when words i..j-1 cut no word of the name at either end, and start and end as
        phrases do in the records' text."""
        return self.edge_score(rec, i, j) > 0

    def edge_score(self, rec: Rec, i: int, j: int) -> int:
        """How often the words i..j-1 start and end a phrase as they do (0: never, or they cut a
        word); a part starting or ending where the name or a clause of it does counts as often."""
        if self.bonded(rec, i) or self.bonded(rec, j):
            return 0
        words = rec.syllables[i:j]
        inside_left = i > 0 and rec.name[rec.spans[i - 1][1]:rec.spans[i][0]] == " " \
            and rec.syllables[i - 1] not in EDGE_WORDS
        inside_right = j < rec.n and rec.name[rec.spans[j - 1][1]:rec.spans[j][0]] == " " \
            and rec.syllables[j] not in EDGE_WORDS
        if len(words) < 2:
            starts = ends = 0 if (inside_left or inside_right) else PHRASE_EDGE
        else:
            starts = self.starts[tuple(words[:2])] if inside_left else 100
            ends = self.ends[tuple(words[-2:])] if inside_right else 100
        return min(starts, ends) if min(starts, ends) >= PHRASE_EDGE else 0

    def expected(self, kind: str, basis) -> list[str]:
        if kind == "name":
            return self.same_name(basis)
        if kind == "fragment":
            return self.containing(basis)
        if kind == "chunks":
            return self.containing(*basis)
        if kind == "code":
            return [basis] if basis in self.by_code else []
        if kind == "suffix":
            return sorted(c for c in self.by_code if "." in c and c.split(".", 1)[1] == basis)
        raise ValueError(kind)

    # parts of names ------------------------------------------------------------------------
    def part(self, rec: Rec, i: int, j: int) -> str | None:
        """Words i..j-1 of rec's name as published, if only spaces stand between them."""
        for k in range(i, j - 1):
            if rec.name[rec.spans[k][1]:rec.spans[k + 1][0]] != " ":
                return None
        return rec.name[rec.spans[i][0]:rec.spans[j - 1][1]]

    def fragments(self, rec: Rec, lengths, first: int = 1) -> list[tuple[int, int, str]]:
        """Distinctive runs of words of rec's name (1-3 names hold them): (i, j, text)."""
        out = []
        for length in lengths:
            for i in range(first, rec.n - length + 1):
                j = i + length
                text = self.part(rec, i, j)
                if not text or not plain_edges(text) or any(ch.isdigit() for ch in text):
                    continue
                if (i, j) == (0, rec.n) or not self.whole(rec, i, j):
                    continue
                codes = self.containing(text)
                if 1 <= len(codes) <= 3:
                    out.append((i, j, text))
        return out


def plain_edges(text: str) -> bool:
    """True when a part neither starts nor ends with a function word, nor starts with 'Thủ tục'."""
    words = text.lower().split()
    if words[:2] == ["thủ", "tục"]:
        return False
    return words[0] not in EDGE_WORDS and words[-1] not in EDGE_WORDS \
        and all(len(fold(w)) > 1 or w.isdigit() for w in words)


def short_name(text: str) -> str:
    """A name without its leading 'Thủ tục' (the search ignores it; people do not type it)."""
    return re.sub(r"^thủ tục\s+", "", text, flags=re.IGNORECASE)


# ---------------------------------------------------------------- generation

class Generator:
    def __init__(self, corpus: Corpus, search_words: dict):
        self.c = corpus
        self.search_words = search_words
        self.used: set[str] = set()
        self.seen_q: set[tuple] = set()
        self.queries: list[Query] = []

    def rng(self, cls: str) -> random.Random:
        return random.Random(f"{SEED}-{cls}")

    def spread(self, rng: random.Random, recs: list[Rec], group=lambda r: r.field):
        """Records in an order that goes round the groups (fields), each group and the groups'
        order shuffled; records not used by an earlier class first."""
        def round_robin(pool):
            groups: dict[str, list[Rec]] = defaultdict(list)
            for r in pool:
                groups[group(r)].append(r)
            names = sorted(groups)
            rng.shuffle(names)
            for g in names:
                rng.shuffle(groups[g])
            out = []
            while any(groups.values()):
                for g in names:
                    if groups[g]:
                        out.append(groups[g].pop())
            return out
        return round_robin([r for r in recs if r.code not in self.used]) + \
            round_robin([r for r in recs if r.code in self.used])

    def add(self, query: Query) -> bool:
        ident = (query.q, query.nfd)
        if ident in self.seen_q or not 1 <= len(query.expect) <= 3 or query.source not in query.expect:
            return False
        if any(c in self.c.repeated_codes for c in query.expect):
            return False
        self.seen_q.add(ident)
        self.used.add(query.source)
        self.queries.append(query)
        return True

    def fill(self, cls: str, count: int, make, recs=None, group=lambda r: r.field, rng=None) -> int:
        rng = rng or self.rng(cls)
        made = 0
        for rec in self.spread(rng, recs if recs is not None else self.c.recs, group):
            if made >= count:
                break
            query = make(rec, rng)
            if query and self.add(query):
                made += 1
        return made

    def best(self, rng: random.Random, rec: Rec, options: list, top: int = 4):
        """One of the `top` options (i, j, text) whose ends are most often a phrase's ends."""
        ranked = sorted(options, key=lambda o: (-min(self.c.edge_score(rec, o[0], o[1]), 50), o[0], o[1]))
        return rng.choice(ranked[:top])

    def name_query(self, cls, rec, text, **kw) -> Query:
        return Query(text, cls, self.c.expected("name", rec.name), rec.code, "name", rec.name, **kw)

    def fragment_query(self, cls, rec, q, basis, **kw) -> Query:
        return Query(q, cls, self.c.expected("fragment", basis), rec.code, "fragment", basis, **kw)

    # classes --------------------------------------------------------------------------------
    def names(self):
        short = [r for r in self.c.recs if r.n <= SHORT_NAME]
        long_ = [r for r in self.c.recs if SHORT_NAME < r.n <= 45]
        rng = self.rng("name_marked")
        self.fill("name_marked", LONG_NAMES, lambda r, _: self.name_query("name_marked", r, r.name), long_, rng=rng)
        self.fill("name_marked", PLAN["name_marked"] - LONG_NAMES,
                  lambda r, _: self.name_query("name_marked", r, r.name), short, rng=rng)
        self.fill("name_unmarked", PLAN["name_unmarked"],
                  lambda r, _: self.name_query("name_unmarked", r, fold(r.name)), short)

    def fragment(self):
        def make(rec, rng):
            options = self.c.fragments(rec, range(3, 7))
            if not options:
                return None
            i, j, text = self.best(rng, rec, options)
            q = text.lower() if rng.random() < 0.5 else fold(text)
            return self.fragment_query("fragment", rec, q, text)
        self.fill("fragment", PLAN["fragment"], make)

    def old_tones(self):
        def toned(rec):
            return sorted({toggle_tone(rec.name[a:b]) and rec.name[a:b].lower() for a, b in rec.spans} - {None})
        candidates = [r for r in self.c.recs if toned(r)]
        # spread over the toned words ("hóa", "thuỷ", "ủy", ...) rather than over fields
        def make(rec, rng):
            i_words = [k for k, (a, b) in enumerate(rec.spans) if toggle_tone(rec.name[a:b])]
            if rec.n <= 10 and not re.search(r"[\d()]", rec.name) and rng.random() < 0.4:
                text = short_name(rec.name)
                if self.c.key(text) != self.c.key(rec.name):
                    return None
                q = toggle_tones(text if rng.random() < 0.5 else text.lower())
                return Query(q, "old_tones", self.c.expected("name", rec.name), rec.code, "name", rec.name)
            k = rng.choice(i_words)
            options = [(i, j, t) for i, j, t in self.c.fragments(rec, range(2, 6), first=0) if i <= k < j]
            if not options:
                return None
            i, j, text = self.best(rng, rec, options)
            return self.fragment_query("old_tones", rec, toggle_tones(text.lower()), text)
        self.fill("old_tones", PLAN["old_tones"], make, candidates, group=lambda r: toned(r)[0])

    def nfd(self):
        def make(rec, rng):
            if fold(rec.name) == rec.name.lower():
                return None  # no marks to decompose
            if rec.n <= 12 and not re.search(r"[\d()]", rec.name) and rng.random() < 0.5:
                q = rec.name if rng.random() < 0.5 else rec.name.lower()
                query = self.name_query("nfd", rec, q, nfd=True)
            else:
                options = [o for o in self.c.fragments(rec, range(3, 7)) if fold(o[2]) != o[2].lower()]
                if not options:
                    return None
                text = self.best(rng, rec, options)[2]
                query = self.fragment_query("nfd", rec, text.lower(), text, nfd=True)
            return query if fold(query.q) != query.q else None
        self.fill("nfd", PLAN["nfd"], make)

    def codes(self):
        with_dot = [r for r in self.c.recs if re.fullmatch(r"\d+\.\d+", r.code)]
        self.fill("code", PLAN["code"],
                  lambda r, _: Query(r.code, "code", self.c.expected("code", r.code), r.code, "code", r.code), with_dot)

        def partial(r, _):
            suffix = r.code.split(".", 1)[1]
            return Query(suffix, "code_partial", self.c.expected("suffix", suffix), r.code, "suffix", suffix)
        self.fill("code_partial", PLAN["code_partial"], partial, with_dot)

        def spaced(r, _):
            head, tail = r.code.split(".", 1)
            return Query(f"{head}. {tail}", "code_spaced", self.c.expected("code", r.code), r.code, "code", r.code)
        self.fill("code_spaced", PLAN["code_spaced"], spaced, with_dot)

    def abbreviation(self):
        rng = self.rng("abbreviation")
        abbreviations = self.search_words["abbreviations"]  # typed (NFC, lower) -> words (NFC)
        made = 0

        def render(text: str, start: int, end: int, abbr: str, marked: bool, upper: bool) -> str:
            typed = abbr.upper() if upper else abbr
            if not marked:
                typed = fold(typed).upper() if upper else fold(typed)
            before, after = text[:start], text[end:]
            if marked:
                return (before.lower() if upper or rng.random() < 0.6 else before) + typed + after.lower()
            return fold(before) + typed + fold(after)

        cache: dict[str, list] = {}

        def sources(abbr):
            if abbr in cache:
                return cache[abbr]
            words = fold(abbreviations[abbr]).split()
            out = []
            for rec in self.c.recs:
                for i in range(rec.n - len(words) + 1):
                    if rec.words[i:i + len(words)] == words and self.c.part(rec, i, i + len(words)):
                        out.append((rec, i, i + len(words)))
                        break
            cache[abbr] = out
            return out

        keys = sorted(abbreviations)
        rng.shuffle(keys)
        usable = [k for k in keys if sources(k)]
        for round_ in range(3):
            for abbr in usable:
                if made >= PLAN["abbreviation"] - ABBREVIATION_SHORT:
                    break
                if round_ and len(sources(abbr)) < 3 * (round_ + 1):
                    continue  # later rounds: only abbreviations many names spell out
                for rec in self.spread(rng, [s[0] for s in sources(abbr)]):
                    i, j = next((a, b) for r, a, b in sources(abbr) if r is rec)
                    marked, upper = rng.random() < 0.5, rng.random() < 0.6
                    if rec.n <= 14 and rng.random() < 0.5:
                        text = short_name(rec.name)
                        shift = len(rec.name) - len(text)
                        start, end = rec.spans[i][0] - shift, rec.spans[j - 1][1] - shift
                        if start < 0:
                            continue
                        q = render(text, start, end, abbr, marked, upper)
                        query = Query(q, "abbreviation", self.c.expected("name", rec.name), rec.code, "name", q,
                                      extra={"abbr": abbr})
                    else:
                        options = []
                        for a in range(max(0, i - 3), i + 1):
                            for b in range(j, min(rec.n, j + 3) + 1):
                                if (b - a) - (j - i) >= 2 and 3 <= b - a <= 9 and (a, b) != (0, rec.n) \
                                        and self.c.whole(rec, a, b):
                                    text = self.c.part(rec, a, b)
                                    if text and plain_edges(text) and not any(ch.isdigit() for ch in text):
                                        options.append((a, b, text))
                        options = [o for o in options if 1 <= len(self.c.containing(o[2])) <= 3]
                        if not options:
                            continue
                        a, b, text = self.best(rng, rec, options)
                        start, end = rec.spans[i][0] - rec.spans[a][0], rec.spans[j - 1][1] - rec.spans[a][0]
                        q = render(text, start, end, abbr, marked, upper)
                        query = Query(q, "abbreviation", self.c.expected("fragment", q), rec.code, "fragment", q,
                                      extra={"abbr": abbr})
                    if self.add(query):
                        made += 1
                        break
        # the abbreviation and one or two words of the name only ("đổi gplx quốc tế")
        short_made = 0
        for abbr in usable:
            if short_made >= ABBREVIATION_SHORT:
                break
            for rec, i, j in sorted(sources(abbr), key=lambda s: (rng.random(), s[0].code)):
                others = [(a, b) for a in range(rec.n) for b in (a + 2,)
                          if b <= rec.n and (b <= i or a >= j) and self.c.part(rec, a, b)
                          and plain_edges(self.c.part(rec, a, b)) and self.c.whole(rec, a, b)
                          and not set(self.c.part(rec, a, b).lower().split()) & FUNCTION_WORDS
                          and self.c.bonded(rec, a + 1)
                          and not any(ch.isdigit() for ch in self.c.part(rec, a, b))]
                # the most distinctive words first (held by fewest names)
                others.sort(key=lambda ab: (len(self.c.containing(self.c.part(rec, *ab))), ab))
                found = None
                for a, b in others:
                    text = self.c.part(rec, a, b)
                    expect = self.c.containing(abbreviations[abbr], text)
                    if 1 <= len(expect) <= 3:
                        found = (a, b, text)
                        break
                if not found:
                    continue
                a, b, text = found
                typed = abbr if rng.random() < 0.5 else fold(abbr)
                word = text.lower() if rng.random() < 0.5 else fold(text)
                q = f"{typed} {word}" if a >= j else f"{word} {typed}"
                basis = [abbreviations[abbr], text]
                query = Query(q, "abbreviation", self.c.expected("chunks", basis), rec.code, "chunks", basis,
                              extra={"abbr": abbr})
                if self.add(query):
                    short_made += 1
                    break

    def old_name(self):
        rng = self.rng("old_name")
        old_names = self.search_words["old_names"]  # old (NFC lower) -> new
        by_new: dict[str, list[str]] = defaultdict(list)
        for old in old_names:
            by_new[old_names[old]].append(old)
        # first one old name per new name, then the others
        order = [olds[k] for k in range(max(map(len, by_new.values()))) for olds in by_new.values() if k < len(olds)]
        made = 0
        for old in order:
            if made >= PLAN["old_name"]:
                break
            new_words = fold(old_names[old]).split()
            old_words = fold(old).split()
            # a name may already hold the start of the old name ("đăng ký kết hôn" for "giấy đăng ký kết hôn")
            cands = []
            for rec in self.c.recs:
                for i in range(rec.n - len(new_words) + 1):
                    if rec.words[i:i + len(new_words)] == new_words:
                        lead = 0
                        ends_with_new = old_words[len(old_words) - len(new_words):] == new_words
                        for k in range(len(old_words) - len(new_words) if ends_with_new else 0, 0, -1):
                            prefix = old_words[len(old_words) - len(new_words) - k:len(old_words) - len(new_words)]
                            if i - k >= 0 and rec.words[i - k:i] == prefix:
                                lead = k
                                break
                        j = i + len(new_words)
                        before = rec.syllables[i - 1] if i else ""
                        after = rec.syllables[j] if j < rec.n else ""
                        if before in OLD_NAME_NOT_AFTER or after in OLD_NAME_NOT_BEFORE:
                            continue
                        cands.append((rec, i - lead, j))
                        break
            for rec, i, j in sorted(cands, key=lambda c: (c[0].n > 12, rng.random(), c[0].code)):
                options = []
                for a in range(max(0, i - 3), i + 1):
                    for b in range(j, min(rec.n, j + 4) + 1):
                        text = self.c.part(rec, a, b)
                        if text and 2 <= b - a <= 8 and (b - a > j - i) and plain_edges(text) \
                                and self.c.whole(rec, a, b) and not any(ch.isdigit() for ch in text):
                            options.append((a, b, text))
                rng.shuffle(options)
                options.sort(key=lambda o: -min(self.c.edge_score(rec, o[0], o[1]), 50))
                query = None
                for a, b, text in options:
                    start, end = rec.spans[i][0] - rec.spans[a][0], rec.spans[j - 1][1] - rec.spans[a][0]
                    marked = rng.random() < 0.6
                    shown = text.lower() if marked else fold(text)
                    q = shown[:start] + (old if marked else fold(old)) + shown[end:]
                    mapped = replace_words(q, old, old_names[old])
                    expect = self.c.expected("fragment", mapped)
                    if not 1 <= len(expect) <= 3 or rec.code not in expect:
                        continue
                    if set(self.c.containing(q)) - set(expect):
                        continue  # other names hold the old words themselves
                    query = Query(q, "old_name", expect, rec.code, "fragment", mapped, extra={"old": old})
                    break
                if query and self.add(query):
                    made += 1
                    break

    def run_together(self):
        def make(rec, rng):
            two = rng.random() < 0.35
            options = self.c.fragments(rec, range(4, 7) if two else range(2, 5), first=0)
            options = [o for o in options if all(not w.isdigit() for w in fold(o[2]).split())]
            if not options:
                return None
            i, j, text = self.best(rng, rec, options)
            words = fold(text).split()
            if two:
                cuts = [k for k in range(2, len(words) - 1)
                        if k <= 4 and len(words) - k <= 4 and not self.c.bonded(rec, i + k)]
                if not cuts:
                    return None
                cut = rng.choice(cuts)
                q = "".join(words[:cut]) + " " + "".join(words[cut:])
            else:
                q = "".join(words)
            return Query(q, "run_together", self.c.expected("fragment", text), rec.code, "fragment", text,
                         extra={"words": words})
        self.fill("run_together", PLAN["run_together"], make)

    def typo(self):
        def edits(word: str, original: str, marked: bool, rng) -> list[str]:
            """Misspellings of one word (lower case; `original`: with its marks): regional mix-ups,
            then a dropped, swapped or doubled letter."""
            f = fold(word)
            out = []
            for x, ys in INITIAL_MIXUPS.items():
                if f.startswith(x) and len(f) > len(x) and f[len(x)] in VOWELS and not original.startswith("đ") \
                        and not (x == "n" and f[1] in "gh"):
                    out += [y + word[len(x):] for y in ys]
            for x, ys in FINAL_MIXUPS.items():
                if f.endswith(x) and len(f) > len(x) and f[-len(x) - 1] in VOWELS:
                    out += [word[:len(word) - len(x)] + y for y in ys]
            letters = list(word)
            ascii_ = [k for k, ch in enumerate(letters) if "a" <= ch <= "z"]
            consonants = [k for k in ascii_ if letters[k] not in VOWELS]
            for k in range(1, len(letters)):  # a dropped letter, never the first
                if not marked or k in consonants:
                    out.append(word[:k] + word[k + 1:])
            for k in range(len(letters) - 1):  # two letters swapped
                if letters[k] != letters[k + 1] and (not marked or (k in ascii_ and k + 1 in ascii_)):
                    out.append(word[:k] + word[k + 1] + word[k] + word[k + 2:])
            for k in range(1, len(letters)):  # a doubled letter
                if not marked or k in consonants:
                    out.append(word[:k + 1] + word[k] + word[k + 1:])
            out = [w for w in dict.fromkeys(out) if w != word and fold(w) not in self.c.vocabulary]
            mix = [w for w in out if mixup(f, fold(w))]
            rest = [w for w in out if w not in mix]
            rng.shuffle(mix)
            rng.shuffle(rest)
            return (mix + rest) if rng.random() < 0.6 else (rest + mix)

        def make(rec, rng):
            if rec.n <= 6 and not re.search(r"[\d()]", rec.name) and rng.random() < 0.4:
                text, kind = short_name(rec.name), "name"
                if self.c.key(text) != self.c.key(rec.name):
                    return None
            else:
                options = self.c.fragments(rec, range(3, 6))
                if not options:
                    return None
                text, kind = self.best(rng, rec, options)[2], "fragment"
            marked = rng.random() < 0.3
            shown = text.lower() if marked else fold(text)
            words = shown.split()
            long_words = [k for k, w in enumerate(words) if len(fold(w)) >= 4 and w.isalpha()]
            if not long_words:
                return None
            k = rng.choice(long_words)
            misspelt = edits(words[k], text.lower().split()[k], marked, rng)
            if not misspelt:
                return None
            q = " ".join(words[:k] + [misspelt[0]] + words[k + 1:])
            basis = rec.name if kind == "name" else text
            return Query(q, "typo", self.c.expected(kind, basis), rec.code, kind, basis,
                         extra={"shown": shown, "word": k})
        self.fill("typo", PLAN["typo"], make)

    def question(self):
        def plain_short(rec):
            text = short_name(rec.name)
            return len(text.split()) <= 10 and not re.search(r"[\d()/;:,“”]", text) \
                and self.c.key(text) == self.c.key(rec.name)

        def make(rec, rng):
            if plain_short(rec):
                text, kind, basis = short_name(rec.name), "name", rec.name
            else:
                options = self.c.fragments(rec, range(4, 7))
                if not options:
                    return None
                text = self.best(rng, rec, options)[2]
                kind, basis = "fragment", text
            marked = rng.random() < 0.55
            # around part of a name, only the forms that read well around any words
            forms = QUESTIONS if kind == "name" else [QUESTIONS[k] for k in (1, 3, 4)]
            form = rng.choice(forms)[0 if marked else 1]
            inner = text.lower() if marked else fold(text)
            q = form.format(inner)
            return Query(q, "question", self.c.expected(kind, basis), rec.code, kind, basis,
                         extra={"form": form, "inner": inner})
        rng = self.rng("question")
        self.fill("question", PLAN["question"] - QUESTION_FRAGMENTS, make,
                  [r for r in self.c.recs if plain_short(r)], rng=rng)
        self.fill("question", QUESTION_FRAGMENTS, make, [r for r in self.c.recs if not plain_short(r)], rng=rng)

    def run(self) -> list[Query]:
        # the classes that can use few records first, so that they get records no class used yet
        self.old_name()
        self.abbreviation()
        self.old_tones()
        self.names()
        self.fragment()
        self.nfd()
        self.run_together()
        self.typo()
        self.question()
        self.codes()
        order = list(PLAN)
        return sorted(self.queries, key=lambda q: order.index(q.cls))  # stable: the order made within a class


def replace_words(text: str, old: str, new: str) -> str:
    """`text` folded with the words `old` (folded, whole words) replaced by `new` (folded)."""
    return re.sub(rf"(?<!\w){re.escape(fold(old))}(?!\w)", fold(new), fold(text))


# ---------------------------------------------------------------- checks and output

def self_check(corpus: Corpus, queries: list[Query], search_words: dict) -> None:
    """Assert what each query claims, recomputing it from the query's text where the class allows."""
    abbreviations = search_words["abbreviations"]
    names = [(r.code, " " + " ".join(corpus.expand(r.name)) + " ") for r in corpus.recs]
    seen = set()
    for qu in queries:
        q, where = qu.q, f"{qu.cls}: {qu.q!r}"
        assert q == nfc(q) and q == q.strip() and "  " not in q and "\n" not in q and q, where
        assert qu.cls in PLAN and qu.nfd == (qu.cls == "nfd"), where
        assert (q, qu.nfd) not in seen, where
        seen.add((q, qu.nfd))
        assert 1 <= len(qu.expect) <= 3 and len(set(qu.expect)) == len(qu.expect), where
        assert qu.source in qu.expect and all(c in corpus.by_code for c in qu.expect), where
        assert qu.expect == corpus.expected(qu.kind, qu.basis), where
        if qu.kind == "name":  # every expected name is the name the query was made from, and no other name is
            assert all(corpus.key(corpus.by_code[c].name) == corpus.key(qu.basis) for c in qu.expect), where
        if qu.kind == "fragment":  # the words occur in each expected name and in no other
            needle = " " + " ".join(corpus.expand(qu.basis)) + " "
            holders = [code for code, words in names if needle in words]
            assert holders == qu.expect, where
        cls = qu.cls
        if cls in ("name_marked", "name_unmarked"):
            assert qu.kind == "name" and corpus.key(q) == corpus.key(qu.basis), where
            assert (q == corpus.by_code[qu.source].name) if cls == "name_marked" else (q == fold(q)), where
        elif cls == "fragment":
            assert 3 <= len(q.split()) <= 6 and fold(q) == fold(qu.basis), where
            rec = corpus.by_code[qu.source]  # not from the name's first word
            assert " " + " ".join(WORD.findall(fold(q))) + " " in " " + " ".join(rec.words[1:]) + " ", where
        elif cls == "old_tones":
            assert q != q.lower() or toggle_tones(q) != q, where
            assert fold(q) == fold(qu.basis if qu.kind == "fragment" else short_name(qu.basis)), where
            record_text = qu.basis if qu.kind == "fragment" else short_name(qu.basis)
            assert toggle_tones(q).lower() == record_text.lower(), where
            assert traditional_tones(q).lower() == traditional_tones(record_text).lower(), where
        elif cls == "nfd":
            assert fold(q) != q and fold(q) == fold(qu.basis), where
        elif cls == "code":
            assert q == qu.source and re.fullmatch(r"\d+\.\d+", q), where
        elif cls == "code_partial":
            assert q == qu.source.split(".", 1)[1] and qu.expect == corpus.expected("suffix", q), where
        elif cls == "code_spaced":
            assert q.replace(". ", ".", 1) == qu.source and ". " in q, where
        elif cls == "abbreviation":
            abbr = qu.extra["abbr"]
            tokens = TOKEN.findall(fold(q))
            assert fold(abbr) in tokens, where
            assert fold(abbreviations[abbr]) not in " ".join(tokens), where
            basis = " ".join(qu.basis) if qu.kind == "chunks" else qu.basis
            assert qu.kind == "chunks" or basis == q, where
            source = corpus.by_code[qu.source]
            for chunk in (qu.basis if qu.kind == "chunks" else [q]):
                assert " " + " ".join(corpus.expand(chunk)) + " " in " " + " ".join(source.words) + " " or \
                    " " + " ".join(corpus.expand(chunk)) + " " in corpus.haystack[source.code], where
        elif cls == "old_name":
            old = qu.extra["old"]
            assert re.search(rf"(?<!\w){re.escape(fold(old))}(?!\w)", fold(q)), where
            assert replace_words(q, old, search_words["old_names"][old]) == qu.basis, where
            assert set(corpus.containing(q)) <= set(qu.expect), where
        elif cls == "run_together":
            runs = q.split(" ")
            assert 1 <= len(runs) <= 2 and q == fold(q), where
            assert "".join(runs) == "".join(fold(qu.basis).split()) == "".join(qu.extra["words"]), where
            words, k = qu.extra["words"], 0
            for run in runs:  # each run is 2-4 whole words
                for n in (2, 3, 4):
                    if "".join(words[k:k + n]) == run and k + n <= len(words):
                        k += n
                        break
                else:
                    raise AssertionError(where)
            assert k == len(words), where
        elif cls == "typo":
            shown = qu.extra["shown"].split()
            typed = q.split()
            assert len(shown) == len(typed), where
            diff = [k for k in range(len(shown)) if shown[k] != typed[k]]
            assert diff == [qu.extra["word"]], where
            a, b = shown[diff[0]], typed[diff[0]]
            assert len(fold(a)) >= 4 and (damerau1(a, b) or mixup(fold(a), fold(b))), where
            assert fold(b) not in corpus.vocabulary, where
            assert fold(qu.extra["shown"]) == fold(qu.basis if qu.kind == "fragment" else short_name(qu.basis)), where
        elif cls == "question":
            form, inner = qu.extra["form"], qu.extra["inner"]
            assert q == form.format(inner) and fold(inner) == fold(
                qu.basis if qu.kind == "fragment" else short_name(qu.basis)), where


def write(queries: list[Query], out: Path, data: Path) -> None:
    counts = Counter(q.cls for q in queries)
    header = f"""\
# Search queries on a site of all 2,849 national procedure records, for recall@5 and mean reciprocal rank.
# Generated, do not edit: python benchmarks/national_queries.py   (from {data.name}, seed {SEED}; the
# script checks every query before it writes this file). {len(queries)} queries, one a line.
#
# q:      the query as typed, NFC. nfd: true: the runner types it decomposed (NFD).
# class:  what the query tests:
#   name_marked / name_unmarked  a whole name as published / without marks, lower case, đ as d;
#   fragment      3-6 words from inside a name (with or without marks);
#   old_tones     oà/oá/uỷ... written with the other tone placement than the record's ("hoá" for "hóa");
#   nfd           a name or fragment with marks, typed decomposed;
#   code / code_partial / code_spaced   "1.000894" / "000894" / "1. 000894";
#   abbreviation  words of the name replaced by their abbreviation (search_words.yml), or the
#                 abbreviation with one or two words of the name ("gplx quoc te");
#   old_name      the name's words replaced by their old name (search_words.yml old_names);
#   run_together  words without marks typed without spaces ("dangkykethon");
#   typo          one misspelling in one word (a regional mix-up x/s, ch/tr, d/gi/r, l/n, n/ng, c/t,
#                 or a letter dropped, doubled or swapped with the next);
#   question      a name or part of it inside a citizen's question ("... ở đâu", "cach ...").
# expect: the codes of the records that answer the query equally well; ALL must be in the top 5.
#   Made from a whole name: the records with the same name (compared without marks, case and
#   punctuation, a leading "Thủ tục" ignored, abbreviations written out). Made from part of a name:
#   every record whose name holds those words in that order (old_name: with the new name in place
#   of the old; abbreviation with name words only: every name holding both). code_partial: every
#   record whose code has those digits after the dot. Only queries with 1-3 such records are kept.
# Counts: {", ".join(f"{c} {counts[c]}" for c in PLAN)}.
"""
    lines = [header]
    for qu in queries:
        parts = [f"q: {json.dumps(qu.q, ensure_ascii=False)}", f"class: {qu.cls}"]
        if qu.nfd:
            parts.append("nfd: true")
        parts.append("expect: [" + ", ".join(json.dumps(c) for c in qu.expect) + "]")
        lines.append("- {" + ", ".join(parts) + "}\n")
    text = "".join(lines)
    loaded = yaml.safe_load(text)
    assert [(d["q"], d["class"], d.get("nfd", False), d["expect"]) for d in loaded] == \
        [(q.q, q.cls, q.nfd, q.expect) for q in queries]
    out.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in gzip.open(args.data, "rt", encoding="utf-8") if line.strip()]
    words = yaml.safe_load(SEARCH_WORDS.read_text(encoding="utf-8"))
    search_words = {part: {nfc(k).lower(): nfc(v).lower() for k, v in (words.get(part) or {}).items()}
                    for part in ("abbreviations", "old_names")}
    corpus = Corpus(rows, {fold(k): fold(v).split() for k, v in search_words["abbreviations"].items()})
    shapes = Counter(re.sub(r"\d", "9", r.get("code") or "(none)") for r in rows)
    print(f"{len(rows)} records; code shapes: {dict(shapes)}; repeated or missing codes: "
          f"{corpus.repeated_codes or 'none'} (records skipped)")
    queries = Generator(corpus, search_words).run()
    self_check(corpus, queries, search_words)
    write(queries, args.out, args.data)
    counts = Counter(q.cls for q in queries)
    for cls in PLAN:
        print(f"{cls:15} {counts[cls]:4}" + ("" if counts[cls] >= PLAN[cls] else f"   (planned {PLAN[cls]})"))
    print(f"{'total':15} {len(queries):4}  -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
