"""Deadlines as plans write them, and the machine dates they imply.

Real plans say "Tháng 01/2018", "Quý 1/2018", "trước ngày 31/01 năm thực hiện kế hoạch",
"Thường xuyên", "Hàng năm", "quý I trước ngày 05/3; 6 tháng trước ngày 05/6 …". The words
are kept as written; `parse_deadline` adds what can be computed from them:

- `due`: the last date by which the task must be done, when the words give a year;
- `yearly`: days of the year (day, month) it recurs on, when no year is given;
- `kind`: "date" (a due date), "yearly" (recurs every year), "ongoing" (thường xuyên),
  or "text" (nothing computable: "Theo kế hoạch", "Theo hướng dẫn của Sở Nội vụ").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from ..common.text import fold, pad_dates

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str = "text"
    due: dt.date | None = None
    yearly: tuple[tuple[int, int], ...] = field(default_factory=tuple)
    every: str = "Hằng năm"  # how a recurring task recurs, for display
    impossible: tuple[str, ...] = ()  # dates or periods in the words that do not exist ("31/02/2026", "quý 5/2026")

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
            return "Hằng năm: " + ", ".join(f"{d:02d}/{m:02d}" for d, m in self.yearly)
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


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_FULL_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_MONTH_YEAR = re.compile(r"thang (\d{1,2})/(\d{4})")
_QUARTER = re.compile(r"quy (\d|iv|iii|ii|i)\b\s*(?:/|nam)\s*(\d{4})")
_HALF = re.compile(r"6 thang (?:dau|cuoi) nam (\d{4})")
_PERIOD = re.compile(r"giai doan (\d{4})\s*[-–]\s*(\d{4})")
_YEAR = re.compile(r"(?:^|\s)nam (\d{4})")


def parse_deadline(text: str) -> Deadline:
    """Read the deadline words; see the module docstring for what is derived."""
    text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    key = fold(text)
    dates: list[dt.date] = []
    impossible: list[str] = []
    for d, m, y in _FULL_DATE.findall(key):
        try:
            dates.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            impossible.append(f"{d}/{m}/{y}")
    for m, y in _MONTH_YEAR.findall(key):
        if 1 <= int(m) <= 12:
            dates.append(_month_end(int(y), int(m)))
        else:
            impossible.append(f"tháng {m}/{y}")
    for q, y in _QUARTER.findall(key):
        n = int(q) if q.isdigit() else ROMAN[q]
        if 1 <= n <= 4:
            dates.append(_month_end(int(y), n * 3))
        else:
            impossible.append(f"quý {q}/{y}")
    if impossible:
        return Deadline(text, "text", impossible=tuple(impossible))
    for y in _HALF.findall(key):
        dates.append(dt.date(int(y), 6 if "dau" in key else 12, 30 if "dau" in key else 31))
    for _, y in _PERIOD.findall(key):
        dates.append(dt.date(int(y), 12, 31))
    if not dates:
        for y in _YEAR.findall(key):
            dates.append(dt.date(int(y), 12, 31))
    if dates:
        return Deadline(text, "date", max(dates))
    yearly = []
    for d, m in (_DAY_MONTH.findall(key) if "ngay" in key else []):
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            yearly.append((int(d), int(m)))
    if yearly:
        return Deadline(text, "yearly", None, tuple(sorted(set(yearly), key=lambda dm: (dm[1], dm[0]))))
    for words, every in (("hang quy", "Hằng quý"), ("hang thang", "Hằng tháng"), ("hang nam", "Hằng năm"),
                         ("dinh ky", "Định kỳ")):
        if re.search(rf"\b{words}\b", key):
            return Deadline(text, "yearly", every=every)
    if "thuong xuyen" in key:
        return Deadline(text, "ongoing")
    return Deadline(text, "text")
