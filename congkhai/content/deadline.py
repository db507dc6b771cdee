"""Deadlines as plans write them, and the machine dates they imply.

Real plans say "Tháng 01/2018", "Quý 1/2018", "Trước ngày 15 tháng 12 năm 2019", "trước ngày 31/01 năm
thực hiện kế hoạch", "Thường xuyên", "Hàng năm", "quý I trước ngày 05/3; 6 tháng trước ngày 05/6 …". The
words are kept as written; `parse_deadline` adds what can be computed from them, and says when it could
not read them all:

- `due`: the last date by which the task must be done, when the words give a year (or the plan does);
- `yearly`: days of the year (day, month) it recurs on, when the words say it recurs;
- `kind`: "date" (a due date), "yearly" (recurs), "ongoing" (thường xuyên), or "text" (nothing
  computable: "Theo kế hoạch", "Theo hướng dẫn của Sở Nội vụ");
- `unsure`: the words that look like a date but could not be placed ("Đầu năm 2026", "Quý III" in a
  plan of several years). An unsure deadline gets no date at all: a wrong date on a tracker is worse
  than none, and the importer lists it for a person to read.

How the words are read, clause by clause (clauses end at ";", a new line or " - "):
- a day ("ngày 15 tháng 12 năm 2019", "15/12/2019", "ngày 15/12"), a month ("tháng 6 năm 2024",
  "tháng 6/2024"), a quarter ("quý III/2026", "quý 3 năm 2026"), a half ("6 tháng đầu năm"), "cuối
  năm", a year ("năm 2026"), a period ("giai đoạn 2021-2025"): the last day each names;
- a period without its year takes the next year written in its clause ("tháng 3 và tháng 9 năm 2026");
- when a clause names a day, its months and quarters are what is reported on, not when
  ("báo cáo quý I trước ngày 05/3"): the day is the deadline;
- a day, month or quarter with no year recurs when the words say so ("hằng năm", "năm thực hiện kế
  hoạch", "năm trước liền kề", "định kỳ"), else falls in the plan's own year when the plan covers
  one year (`plan_year`), else is unsure;
- several clauses: the latest date; "thường xuyên" only when no date is named.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from ..common.text import pad_dates, strip_marks

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4}


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str = "text"
    due: dt.date | None = None
    yearly: tuple[tuple[int, int], ...] = field(default_factory=tuple)
    every: str = "Hằng năm"  # how a recurring task recurs, for display
    impossible: tuple[str, ...] = ()  # dates or periods in the words that do not exist ("31/02/2026", "quý 5/2026")
    unsure: tuple[str, ...] = ()  # words that look like a date but could not be placed, as written

    def __str__(self) -> str:
        return self.text

    @property
    def display(self) -> str:
        """The words as written, with their dates in dd/mm/yyyy ('30/6/2026' -> '30/06/2026'; in a yearly
        deadline '05/3' -> '05/03'), for citizens. `text` itself stays as the plan wrote it."""
        return pad_dates(self.text, day_month=self.kind == "yearly" and bool(self.yearly))

    @property
    def computed(self) -> str:
        """What was derived, in Vietnamese, for display next to the original words."""
        if self.kind == "date" and self.due:
            return "Hạn: " + self.due.strftime("%d/%m/%Y")
        if self.kind == "yearly" and self.yearly:
            return f"{self.every}: " + ", ".join(f"{d:02d}/{m:02d}" for d, m in self.yearly)
        if self.kind == "yearly":
            return self.every
        if self.kind == "ongoing":
            return "Thường xuyên"
        return ""

    def due_in(self, year: int) -> dt.date | None:
        """The last yearly date in `year`, for recurring deadlines."""
        if not self.yearly:
            return None
        return max(_safe_date(year, m, d) for d, m in self.yearly)


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(month: int) -> tuple[int, int]:
    return (31 if month in (1, 3, 5, 7, 8, 10, 12) else 30 if month != 2 else 28), month


# --------------------------------------------------------------------------- the words read

_Y = r"((?:19|20)\d{2})"
_YEAR_AFTER = rf"(?:\s*(?:/|-|,)?\s*(?:(?:cua\s+)?nam\s+)?{_Y}(?![\d/]))?"
_Q = r"(iv|iii|ii|i|v|mot|hai|ba|tu|bon|\d+)"

# (name, pattern); earlier patterns take their words first
_PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(p)) for name, p in [
    # "15/12/2019", "15-12-2019", "15.12.2019"
    ("day", rf"(?<![\d/])(\d{{1,2}})\s*([/.-])\s*(\d{{1,2}})\s*\2\s*{_Y}(?![\d/])"),
    # "ngày 15 tháng 12 năm 2019", "ngày 15 tháng 12", "15 tháng 12 năm 2019"
    ("day", rf"(?:ngay\s+)?(?<![\d/])(\d{{1,2}})()\s+thang\s+(\d{{1,2}})(?![\d/]){_YEAR_AFTER}"),
    # "15/12", "ngày 05/3 năm 2020"
    ("day", rf"(?<![\d/.])(\d{{1,2}})(/)(\d{{1,2}})(?![\d/]){_YEAR_AFTER}"),
    # "giai đoạn 2021-2025", "2021 - 2025"
    ("span", rf"(?<![\d/]){_Y}\s*[-–]\s*{_Y}(?![\d/])"),
    # "ngày 20 hằng tháng": a day of every month
    ("monthday", r"ngay\s+\d{1,2}(?=\s+(?:cua\s+)?(?:hang|moi)\s+thang)"),
    # "6 tháng đầu năm 2026", "nửa cuối năm"
    ("half", rf"(?:6\s+thang|nua)\s+(dau|cuoi)\s+nam{_YEAR_AFTER}"),
    # "quý III/2026", "cuối quý 2 năm 2026", "đầu quý I"
    ("quarter", rf"(?:(cuoi|het|dau|giua)\s+)?quy\s+{_Q}(?![a-z\d]){_YEAR_AFTER}"),
    # "tháng 6 năm 2024", "tháng 6/2024", "cuối tháng 3"
    ("month", rf"(?:(cuoi|het|dau|giua|tuan\s+(?:dau|cuoi|thu\s+\w+)(?:\s+cua)?)\s+)?thang\s+(\d{{1,2}})(?!\d|/\d{{1,2}}(?!\d)){_YEAR_AFTER}"),
    # "T6/2024"
    ("month", rf"\b()t(\d{{1,2}})\s*/\s*{_Y}(?![\d/])"),
    # relative durations: "trong vòng 30 ngày", "6 tháng kể từ", "sau 2 năm"
    ("relative", r"(?<![\d/])(?<!thang\s)(?<!quy\s)(?<!ngay\s)\d+\s+(?:ngay|thang|nam|tuan|quy)(?:\s+lam\s+viec)?(?!\s+(?:dau|cuoi)\s+nam)"),
    # "cuối năm 2026", "đầu năm"
    ("yearpart", rf"(cuoi|het|dau|giua)\s+nam(?!\s+(?:thuc\s+hien|truoc|sau|lien))(?:\s*{_Y}(?![\d/]))?"),
    ("recur", r"(?:dinh\s+ky\s+)?(?:hang|moi)\s+(nam|quy|thang|tuan)"),
    ("recur", r"(nam)\s+(?:thuc\s+hien(?:\s+ke\s+hoach)?|(?:truoc|sau)(?:\s+lien\s+ke)?|lien\s+ke|danh\s+gia)"),
    ("recur", r"dinh\s+ky"),
    ("ongoing", r"thuong\s+xuyen|lien\s+tuc"),
    ("year", rf"(?<![\d/]){_Y}(?![\d/])"),
]]
# what is left in a clause after every pattern took its words: still looks like a date
_LEFT = re.compile(r"(?<![\d/.])\d{1,2}/\d{1,2}(?![\d/])|\b(?:ngay|thang|quy)\s+\d|\b(?:dau|giua)\s+(?:nam|quy|thang)\b")
_CLAUSE = re.compile(r";|\n|\s[-–]\s|(?<=\.)\s+(?=\d{1,2}[.)]\s)")


@dataclass
class _Word:
    name: str
    start: int
    end: int
    groups: tuple
    year: int | None = None  # written with it, or taken from later in its clause
    clause: int = 0


def _read(key: str) -> list[_Word]:
    """Every date-like word group of the folded text, in order, each taken by the first pattern that fits."""
    taken = [False] * len(key)
    found: list[_Word] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(key):
            if any(taken[m.start():m.end()]):
                continue
            found.append(_Word(name, m.start(), m.end(), m.groups()))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    found.sort(key=lambda w: w.start)
    return found


def parse_deadline(text: str, plan_year: int | None = None) -> Deadline:
    """Read the deadline words; see the module docstring for what is derived. `plan_year`: the year of a
    plan that covers one year, for periods written without one ("Quý III")."""
    text = "\n".join(" ".join(line.split()) for line in str(text).splitlines() if line.strip())
    key = "".join((strip_marks(ch).lower() or ch)[:1] for ch in text)  # one folded letter per letter of `text`
    words = _read(key)
    bounds = [m.end() for m in _CLAUSE.finditer(key)]
    for w in words:
        w.clause = sum(1 for b in bounds if b <= w.start)
    recurs = any(w.name == "recur" for w in words)
    every = _every(words)
    impossible: list[str] = []
    unsure: list[str] = []
    dates: list[dt.date] = []
    days: set[tuple[int, int]] = set()
    undated: list[tuple[_Word, tuple[int, int]]] = []

    def written(w: _Word) -> str:
        return text[w.start:w.end].strip(" ,.;")

    # a period without its year takes the next year written in its clause
    for i, w in enumerate(words):
        y = _own_year(w)
        if y is None and w.name in ("day", "month", "quarter", "half", "yearpart"):
            for later in words[i + 1:]:
                if later.clause != w.clause:
                    break
                if (ly := _own_year(later)) is not None and later.name != "span":
                    y = ly
                    break
        w.year = y
    clauses_with_day = {w.clause for w in words if w.name == "day"}

    for w in words:
        if w.name in ("recur", "ongoing", "relative", "monthday"):
            continue
        if w.name == "day" and w.groups[1] == "/" and w.year is None and not re.search(
                r"\b(?:ngay|truoc|han|den|het)\b", key[(bounds[w.clause - 1] if w.clause else 0):w.start]):
            continue  # "1/2" in a sentence may be a fraction: a day only after "ngày", "trước", "hạn"
        if w.clause in clauses_with_day and w.name in ("month", "quarter", "half", "yearpart"):
            continue  # "báo cáo quý I trước ngày 05/3": the quarter is reported on, the day is the deadline
        day_month, problem = _day_month(w)
        if problem == "impossible":
            impossible.append(written(w))
            continue
        if problem == "unsure":
            unsure.append(written(w))
            continue
        if w.name in ("year", "span"):
            if w.name == "year" and any(x.name not in ("year", "recur", "ongoing", "relative") for x in words):
                continue  # a bare year counts only when nothing more precise is named
            dates.append(dt.date(int(w.groups[-1]), 12, 31))
            continue
        if w.year is None:
            undated.append((w, day_month))
            continue
        if found := _date_in(w, day_month, w.year):
            dates.append(found)
        else:
            impossible.append(written(w))

    for w, day_month in undated:
        if recurs:
            days.add(day_month)
        elif plan_year is not None:
            if found := _date_in(w, day_month, plan_year):
                dates.append(found)
            else:
                impossible.append(written(w))
        else:
            unsure.append(written(w))
    for m in _LEFT.finditer(_masked(key, words)):
        unsure.append(text[m.start():m.end()])

    if impossible:
        return Deadline(text, "text", impossible=tuple(impossible))
    if unsure:
        return Deadline(text, "text", unsure=tuple(unsure))
    if dates:
        return Deadline(text, "date", max(dates))
    if days:
        return Deadline(text, "yearly", None, tuple(sorted(days, key=lambda dm: (dm[1], dm[0]))),
                        every="Hằng năm" if every == "Định kỳ" else every)
    if any(w.name == "ongoing" for w in words):
        return Deadline(text, "ongoing")
    if recurs:
        return Deadline(text, "yearly", every=every)
    return Deadline(text, "text")


def _date_in(w: _Word, day_month: tuple[int, int], year: int) -> dt.date | None:
    """The date `w` names in `year` (a month or quarter: its last day, 29/02 in a leap year); None if none."""
    try:
        return dt.date(year, day_month[1], day_month[0]) if w.name == "day" else _safe_date(year, day_month[1], 31)
    except ValueError:
        return None


def _own_year(w: _Word) -> int | None:
    last = w.groups[-1] if w.groups else None
    if w.name in ("day", "month", "quarter", "half", "yearpart", "year", "span") and last and last.isdigit() \
            and len(last) == 4:
        return int(last)
    return None


def _day_month(w: _Word) -> tuple[tuple[int, int], str]:
    """(day, month) a word names, and "impossible" / "unsure" / "" for what it is."""
    g = w.groups
    if w.name == "day":
        d, m = int(g[0]), int(g[2])
        if not (1 <= m <= 12 and 1 <= d <= 31):
            return (0, 0), "impossible"
        if d > _month_end(m)[0] + (m == 2):
            return (0, 0), "impossible"
        return (d, m), ""
    if w.name == "month":
        edge, m = g[0], int(g[1])
        if not 1 <= m <= 12:
            return (0, 0), "impossible"
        if edge and edge not in ("cuoi", "het"):
            return (0, 0), "unsure"
        return _month_end(m), ""
    if w.name == "quarter":
        edge, q = g[0], g[1]
        n = int(q) if q.isdigit() else ROMAN[q]
        if not 1 <= n <= 4:
            return (0, 0), "impossible"
        if edge in ("dau", "giua"):
            return (0, 0), "unsure"
        return _month_end(3 * n), ""
    if w.name == "half":
        return ((30, 6) if g[0] == "dau" else (31, 12)), ""
    if w.name == "yearpart":
        return ((31, 12), "") if g[0] in ("cuoi", "het") else ((0, 0), "unsure")
    return (31, 12), ""


def _every(words: list[_Word]) -> str:
    """How a recurring deadline recurs: "Hằng quý", "Hằng tháng", "Hằng tuần", "Hằng năm"; "Định kỳ" when
    the words say only that."""
    units = {w.groups[0] for w in words if w.name == "recur" and w.groups}
    for unit, label in (("quy", "Hằng quý"), ("thang", "Hằng tháng"), ("tuan", "Hằng tuần"), ("nam", "Hằng năm")):
        if unit in units:
            return label
    recur = [w for w in words if w.name == "recur"]
    return "Định kỳ" if recur and all(not w.groups for w in recur) else "Hằng năm"


def _masked(key: str, words: list[_Word]) -> str:
    chars = list(key)
    for w in words:
        chars[w.start:w.end] = " " * (w.end - w.start)
    return "".join(chars)
