"""Unit names as plans write them: several in one cell, and matched to the department's units.

A plan's "Đơn vị chủ trì" cell may name several units ("Văn phòng Sở, Thanh tra Sở"; "Phòng Quản lý khoa
học; Phòng Kế hoạch - Tài chính") while one unit's own name may hold a comma or "và" ("Phòng Bưu chính,
Viễn thông và Chuyển đổi số", "Các phòng, đơn vị thuộc Sở"). `split_units` cuts only where the next part
starts like a unit of its own; `UnitNames` finds the department's unit a name means, ignoring marks and
case, a "Phòng"/"Văn phòng"/"Thanh tra" prefix written or left out, and a trailing "Sở"/"tỉnh".
"""

from __future__ import annotations

import re
from typing import Iterable, Protocol

from ..common.text import fold

# words a unit's name starts with (marks kept: "Viện" is a unit, "Viễn thông" is not): a part of a cell
# starting so is a unit of its own
UNIT_WORDS = ("phòng", "văn phòng", "thanh tra", "chi cục", "trung tâm", "ban", "bộ phận", "sở", "ubnd", "ủy ban",
              "uỷ ban", "công an", "đài", "báo", "tổ", "hội đồng", "các", "lãnh đạo", "giám đốc", "phó giám đốc",
              "chánh", "phó chánh", "trưởng", "phó trưởng", "đội", "cục", "viện", "kho bạc", "bảo hiểm", "đoàn",
              "công đoàn", "hội", "tất cả", "đồng chí", "đ/c", "thủ trưởng", "chi bộ", "đảng ủy", "ngân hàng",
              "bưu điện", "người đứng đầu", "quỹ", "tập thể", "bộ")
_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+và\s+|\s+với\s+", re.IGNORECASE)
_PREFIXES = ("van phong ", "phong ", "thanh tra ")
_SUFFIXES = (" so", " tinh", " thuoc so", " truc thuoc so")


class _Named(Protocol):
    id: str
    name: str


def _starts_a_unit(part: str) -> bool:
    if not part or not part[0].isupper():
        return False
    key = " ".join(part.lower().split())
    if key.startswith("sở hữu"):  # "Phòng Quản lý công nghệ và Sở hữu trí tuệ": intellectual property, not a Sở
        return False
    return any(key == w or key.startswith(w + " ") for w in UNIT_WORDS)


def split_units(text: str, known: Iterable[str] = ()) -> list[str]:
    """The units a cell names, as written: cut at ",", ";", " và ", " với " where the next part starts
    like a unit of its own, never inside a name in `known` (the department's unit names)."""
    text = " ".join(str(text).split())
    if not text:
        return []
    known_keys = {_key(k) for k in known}
    pieces: list[tuple[str, str]] = []  # (piece, the separator after it)
    last = 0
    for m in _SEPARATOR.finditer(text):
        pieces.append((text[last:m.start()], m.group()))
        last = m.end()
    pieces.append((text[last:], ""))

    def joined(run: list[tuple[str, str]]) -> str:
        return "".join(piece + sep for piece, sep in run[:-1]) + run[-1][0]

    units: list[str] = []
    i = 0
    while i < len(pieces):
        # the longest run of pieces from here that is one of the department's units
        for j in range(len(pieces), i, -1):
            if j - i > 1 and known_keys and _key(joined(pieces[i:j])) in known_keys:
                units.append(joined(pieces[i:j]))
                i = j
                break
        else:
            if units and not _starts_a_unit(pieces[i][0]) and not (known_keys and _key(units[-1]) in known_keys):
                units[-1] += pieces[i - 1][1] + pieces[i][0]  # "Các phòng, đơn vị": one name
            else:
                units.append(pieces[i][0])
            i += 1
    return [u.strip() for u in units if u.strip()]


def _key(name: str) -> str:
    """A unit name for matching: no marks, no case, no "Phòng"/"Văn phòng"/"Thanh tra" prefix, no "Sở"."""
    key = fold(name).replace("–", "-").replace(" - ", "-")
    key = re.sub(r"\s*\(.*?\)\s*", " ", key).strip()  # "(An toàn bức xạ và hạt nhân)"
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key != suffix.strip():
            key = key[: -len(suffix)]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
            break
    return key.strip()


class UnitNames:
    """The department's units, found by a name as a plan writes it."""

    def __init__(self, units: Iterable[_Named]):
        self.units = list(units)
        self._by_key: dict[str, list] = {}
        for unit in self.units:
            for key in {fold(unit.name), _key(unit.name), _key(unit.name.split(" (")[0]), fold(unit.id).replace("-", " ")}:
                self._by_key.setdefault(key, []).append(unit)
        self.names = [u.name for u in self.units]

    def find(self, name: str):
        """The one unit `name` means, or None (no unit, or several that the name could mean)."""
        for key in (fold(name), _key(name)):
            found = {id(u): u for u in self._by_key.get(key, [])}
            if len(found) == 1:
                return next(iter(found.values()))
        by_id = [u for u in self.units if u.id == name]
        return by_id[0] if by_id else None
