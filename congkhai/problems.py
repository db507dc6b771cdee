"""Problems found in content, and the error that carries all of them at once.

A problem names the file, the line where known, the field and what was expected,
in plain Vietnamese for department staff:

    procedures/x.md:14: mục "officials[0]" (Cán bộ chịu trách nhiệm): không có cán bộ mã "abc" ...
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    label: str | None = None  # the field's Vietnamese name, when known

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            named = f'mục "{self.field}"' + (f" ({self.label})" if self.label else "")
            return f"{where}: {named}: {self.message}"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Raised when content has problems; the site is not built."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"Nội dung có {n} lỗi; trang web chưa được tạo. Hãy sửa {'lỗi' if n == 1 else 'các lỗi'} sau rồi chạy lại:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def format_path(loc: tuple) -> str:
    """('channels', 0, 'time') -> 'channels[0].time'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
