"""Problems found in content, and the error that carries all of them at once.

A problem names the file, the line where known, the field and what was expected,
in plain Vietnamese for department staff:

    procedures/x.md:14: mục "officials[0]" (Cán bộ chịu trách nhiệm): không có cán bộ mã "abc" ...
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# characters staff cannot see in a message, named so they can find and delete them
_INVISIBLE_NAMES = {
    "\u00a0": "dấu cách không ngắt", "\u200b": "dấu cách độ rộng 0", "\u200c": "ký tự nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0", "\u2060": "ký tự nối từ", "\ufeff": "dấu BOM", "\u00ad": "dấu gạch nối mềm",
    "\u202f": "dấu cách hẹp không ngắt", "\t": "ký tự Tab",
    **{ch: "ký tự điều khiển hướng chữ" for ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"},
}


def show_invisible(text: str) -> str:
    """'Cấp\u00a0phép' -> 'Cấp⟨U+00A0 dấu cách không ngắt⟩phép': what a message quotes is visible."""
    out = []
    for ch in text:
        name = _INVISIBLE_NAMES.get(ch)
        if name is None and unicodedata.category(ch) in ("Cf", "Zs", "Cc") and ch not in " \n":
            name = "ký tự không nhìn thấy"
        out.append(f"⟨U+{ord(ch):04X} {name}⟩" if name else ch)
    return "".join(out)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    label: str | None = None  # the field's Vietnamese name, when known

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        message = show_invisible(self.message)
        if self.field:
            named = f'mục "{self.field}"' + (f" ({self.label})" if self.label else "")
            return f"{where}: {named}: {message}"
        return f"{where}: {message}"


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
