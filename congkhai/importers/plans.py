"""Import a plan document's plain text (kế hoạch, or a quyết định issuing one) into a plan file.

Real documents come as text copied from Word or from a web page, with:
- a header: "Số: 73 /KH-SKHCN", "Gia Lai, ngày 18 tháng 11 năm 2019", sometimes with markup
  (**39**, *01A*) or, for a UBND decision, a two-column header flattened into lines ending in "|";
- numbered sections (I., 1., 1.1., a), -, +);
- task tables as tab-separated rows, with a first row of column numbers, the header row repeated
  after page breaks, section rows ("III CẢI CÁCH THỦ TỤC HÀNH CHÍNH"), cells holding <p> HTML, and
  rows broken by a page break and continued on the next line with an empty first cell;
- a signature block: "Nơi nhận:", the signing capacity (GIÁM ĐỐC, KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC), a name.

`import_plan(text, units=...)` returns the plan's front matter (as plain data), its Markdown body, and
the import report: every line it could not place (web-page leftovers: kept in the report, never put on
the public page), every deadline it could not read fully, every lead unit not found among `units`, a
number whose symbol does not match the header's body, and an appendix that names another document or
is referred to but missing. The output depends only on the input, so importing the same source again
gives the same file.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from ..common.text import fold, slugify
from ..content.deadline import parse_deadline
from ..content.model import single_year
from ..content.unit_names import UnitNames, split_units

ROMAN_RE = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_HEAD = re.compile(rf"^({ROMAN_RE})[.\s]\s*(\S.*)$")
_ARABIC_HEAD = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_SUB_HEAD = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_NUMBER_LINE = re.compile(r"^Số\s*:\s*(.*)$")
_DATE_LINE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<day>[\d…. ]*?)\s*tháng\s*(?P<month>[\d…. ]*?)\s*năm\s*(?P<year>\d{4})\s*$")
_NAME = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ][a-zđàáảãạâấầẩẫậăắằẳẵặèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]*\s?){2,5}$")
_CAPACITY_WORDS = ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "KT.", "TM.", "TL.", "Q.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "ỦY BAN NHÂN DÂN",
                   "CHÁNH VĂN PHÒNG", "TRƯỞNG")
# phrases of web pages that a copied document drags along
_WEB_CHROME = ("ý kiến bạn đọc", "nhấp vào nút", "màn hình hiện lên", "bạn cũng có thể dừng", "bản in", "chia sẻ bài viết",
               "gửi ý kiến", "tin liên quan", "lượt xem")

# a column's role, by the words of its header, in any order and wording; checked in this order
COLUMNS = {
    "number": ("tt", "stt", "so tt", "so thu tu"),
    "deadline": ("thoi gian", "thoi han", "tien do"),
    "coordinating": ("phoi hop",),
    "lead": ("chu tri", "don vi thuc hien", "co quan thuc hien", "don vi thuc hien chinh", "trach nhiem thuc hien"),
    "outputs": ("san pham", "ket qua"),
    "content": ("noi dung", "nhiem vu", "cong viec", "ten nhiem vu", "hoat dong"),
    "note": ("ghi chu",),
}
# the same roles in a prose plan's lines under an item: "Cơ quan chủ trì: …; phối hợp: …; thời gian: …"
FIELD_LINE = re.compile(r"^(?:[-+•]\s*)?(?P<key>(?:cơ quan |đơn vị |bộ phận )?(?:chủ trì(?:, tham mưu)?|phối hợp|"
                        r"thời gian(?: hoàn thành| thực hiện)?|thời hạn(?: hoàn thành)?|tiến độ(?: thực hiện)?|"
                        r"sản phẩm(?: đầu ra)?|kết quả(?: đầu ra)?))\s*:\s*(?P<value>.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One line of the import report."""

    line: int
    kind: str  # unplaced, deadline, unit, issuer, appendix, table, header, signer
    subject: str  # the words of the source it is about
    message: str

    def __str__(self) -> str:
        return f"dòng {self.line}: {self.message}"


@dataclass
class Imported:
    front: dict
    body: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return [str(p) for p in self.problems]

    def text(self) -> str:
        """The plan file: YAML front matter and Markdown body."""
        return "---\n" + dump_yaml(self.front) + "---\n" + self.body

    def report(self, source: str) -> str:
        """The import report as a text file kept beside the plan: what a person must read, and the lines
        that were not placed, word for word (they are not on the public page)."""
        out = [f"Báo cáo nhập kế hoạch từ {source}", ""]
        out += [f"- {p}" for p in self.problems]
        unplaced = [p for p in self.problems if p.kind == "unplaced"]
        if unplaced:
            out += ["", "Các dòng không đưa lên trang (nguyên văn):", ""]
            out += [f"{p.line}: {p.subject}" for p in unplaced]
        return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- YAML output


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when present: 20 times faster
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)


# --------------------------------------------------------------------------- cleaning


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").rstrip()
    line = re.sub(r"\s*\|\s*$", "", line)  # the right edge of a flattened two-column header
    line = re.sub(r"(\*\*|\*|__)(.+?)\1", r"\2", line)  # **39**, *01A*
    return line.replace("**", "").strip()  # bold that spans lines leaves lone markers


def _cell(raw: str) -> str:
    """A table cell's text: <p> paragraphs become lines, other markup goes, entities are decoded."""
    text = raw.strip()
    text = re.sub(r"</p>\s*<p>", "\n", text)
    text = re.sub(r"</?p>", "", text)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n".join(" ".join(part.split()) for part in text.split("\n") if part.strip())


def _join(before: str, after: str) -> str:
    """Rejoin a cell that a page break split: the first piece of `after` continues the last line."""
    if not before:
        return after
    if not after:
        return before
    return before + " " + after


def _md(text: str) -> str:
    """Plain text as a Markdown paragraph: characters Markdown would read as markup are escaped."""
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
    text = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", text)  # "1. text" stays a numbered paragraph, not a list
    text = re.sub(r"^#", r"\\#", text)
    return text


# --------------------------------------------------------------------------- header

_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap", "---", "___", "***")
_PLACE_WORDS = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "TỈNH", "XÃ", "PHƯỜNG", "HUYỆN", "QUẬN")
# the generic word of a body's name, how it reads in a sentence, and its letters in a document symbol
_GENERIC = {"ỦY BAN NHÂN DÂN": ("Ủy ban nhân dân", "UBND"), "UỶ BAN NHÂN DÂN": ("Ủy ban nhân dân", "UBND"),
            "UBND": ("Ủy ban nhân dân", "UBND"), "HỘI ĐỒNG NHÂN DÂN": ("Hội đồng nhân dân", "HĐND"),
            "VĂN PHÒNG": ("Văn phòng", "VP"), "SỞ": ("Sở", "S"), "PHÒNG": ("Phòng", "P"), "BAN": ("Ban", "B"),
            "TRUNG TÂM": ("Trung tâm", "TT"), "CHI CỤC": ("Chi cục", "CC"), "THANH TRA": ("Thanh tra", "TTr"),
            "CỤC": ("Cục", "C"), "BỘ": ("Bộ", "B"), "KHO BẠC NHÀ NƯỚC": ("Kho bạc Nhà nước", "KBNN"),
            "CÔNG AN": ("Công an", "CA"), "BẢO HIỂM XÃ HỘI": ("Bảo hiểm xã hội", "BHXH")}
_UNSPLIT_HEADER = re.compile(r"\t+|\s*\|\s*|\s{3,}")


def _is_upper(text: str) -> bool:
    return text == text.upper() and bool(re.search(r"[A-ZĐÀ-Ỹ]", text))


def _starts_with(text: str, words) -> str | None:
    for w in sorted(words, key=len, reverse=True):
        if text == w or text.startswith(w + " "):
            return w
    return None


def _is_motto(part: str) -> bool:
    key = fold(part).replace("–", "-")
    return any(key.startswith(m) for m in _MOTTO) or bool(re.fullmatch(r"[-_*=.]{3,}", part.strip()))


def _is_agency(part: str) -> bool:
    return _is_upper(part) and _starts_with(part, list(_GENERIC) + list(_PLACE_WORDS)) is not None


def _is_header_line(raw: str) -> bool:
    """A line of a document's header: the issuing body and the national motto, side by side or alone."""
    parts = [_clean(p) for p in _UNSPLIT_HEADER.split(raw.replace("\u00a0", " ")) if _clean(p)]
    return bool(parts) and any(_is_motto(p) for p in parts) and all(_is_motto(p) or _is_agency(p) for p in parts)


def _title_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _place_case(words: list[str]) -> str:
    """"TỈNH LẠC HỒNG" -> "tỉnh Lạc Hồng"."""
    text = " ".join(words)
    kind = _starts_with(text, _PLACE_WORDS) or ""
    rest = text[len(kind):].split()
    return " ".join([kind.lower()] + [_title_word(w) if w != "-" else w for w in rest]).strip()


def _agency_case(line: str) -> str:
    """An agency's name written in capitals, as a sentence writes it: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH
    LẠC HỒNG" -> "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạc Hồng"."""
    line = " ".join(line.split())
    generic = _starts_with(line, _GENERIC)
    words = line[len(generic or ""):].split()
    place_at = next((i for i in range(len(words)) if _starts_with(" ".join(words[i:]), _PLACE_WORDS)), len(words))
    name, place = words[:place_at], words[place_at:]
    out: list[str] = [_GENERIC[generic][0]] if generic else []
    capital = True
    for word in name:
        if word in ("-", "–"):
            out.append(word)
            capital = True
            continue
        low = word.lower()
        if low == "và":
            out.append(low)
            capital = True
            continue
        out.append(_title_word(word) if capital else low)
        capital = word.endswith(",")
    if place:
        out.append(_place_case(place))
    return " ".join(out)


def _symbol_letters(line: str) -> set[str]:
    """What a body's document symbol may be: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" -> {"STTTT", "TTTT"}."""
    line = " ".join(line.split())
    place_at = next((m.start() for m in re.finditer(r"\S+", line) if _starts_with(line[m.start():], _PLACE_WORDS)
                     and m.start() > 0), len(line))
    line = line[:place_at].strip()
    generic = _starts_with(line, _GENERIC)
    name = [w for w in re.split(r"[\s,\-–]+", line[len(generic or ""):]) if w and w.upper() != "VÀ"]
    initials = "".join(w[0] for w in name)
    found = {initials} if initials else set()
    if generic:
        found.add(_GENERIC[generic][1] + initials)
    return {fold(x).upper().replace(" ", "") for x in found}


def _symbol_issuer(number: str, place: str) -> tuple[str, str | None]:
    """The issuer when the header names no body: read from the number's symbol ("73/KH-SKHCN")."""
    symbol = number.split("/", 1)[1] if "/" in number else ""
    body = symbol.split("-", 1)[1] if "-" in symbol else symbol
    where = f"tỉnh {place}" if place else ""
    if body in ("SKHCN", "KHCN"):
        return f"Sở Khoa học và Công nghệ {where}".strip(), f"UBND {where.upper()}".strip() if where else None
    if body == "UBND":
        return f"Ủy ban nhân dân {where}".strip(), None
    return body or "Chưa xác định", None


def _period(title: str, year: int) -> str:
    m = re.search(r"giai doan\s*(\d{4})\s*[-–]\s*(\d{4})", fold(title))
    if m:
        return f"{m[1]}-{m[2]}"
    m = re.search(r"nam\s+(\d{4})", fold(title))
    return m[1] if m else str(year)


def _date_text(day: str, month: str, year: str) -> str:
    day, month = day.strip(" .…"), month.strip(" .…")
    if day.isdigit() and month.isdigit():
        return f"{int(day):02d}/{int(month):02d}/{year}"
    if month.isdigit():
        return f"…/{int(month):02d}/{year}"
    return year


# --------------------------------------------------------------------------- tables


@dataclass
class _Table:
    columns: dict[str, int]
    width: int
    unknown: list[str] = field(default_factory=list)


def _header(cells: list[str]) -> _Table | None:
    if any(len(c.split()) > 10 for c in cells):
        return None  # a header names its columns in a few words; a task's cells are longer
    keys = [fold(c) for c in cells]
    found: dict[str, int] = {}
    unknown: list[str] = []
    for i, key in enumerate(keys):
        for name, words in COLUMNS.items():
            if name not in found and any(key == w or key.startswith(w + " ") or (w in key and name != "number")
                                         for w in words):
                found[name] = i
                break
        else:
            if key:
                unknown.append(cells[i].strip())
    if "content" in found and len(found) >= 3:
        return _Table(found, len(cells), unknown)
    return None


def _is_column_numbers(cells: list[str]) -> bool:
    """A row that numbers the columns: "1 2 3 4 5 6" or "(1) (2) (3) …"."""
    values = [c.strip().strip("()") for c in cells if c.strip()]
    return len(values) >= 3 and all(v.isdigit() for v in values) and [int(v) for v in values] == \
        list(range(1, len(values) + 1))


def _section_row(cells: list[str]) -> str | None:
    """'III CẢI CÁCH THỦ TỤC HÀNH CHÍNH' in the first cell, or 'IV' then the title in the second."""
    first = cells[0].strip()
    rest = [c.strip() for c in cells[1:]]
    m = re.fullmatch(rf"({ROMAN_RE})\.?\s+(\S.*)", first)
    if m and m[1] and not any(rest):
        return f"{m[1]}. {m[2].strip()}"
    if re.fullmatch(ROMAN_RE, first.rstrip(".")) and first and rest and rest[0] and not any(rest[1:]) \
            and rest[0].upper() == rest[0]:
        return f"{first.rstrip('.')}. {rest[0]}"
    return None


def _group_row(cells: list[str], table: _Table) -> tuple[str, str] | None:
    """'1. Cải cách thể chế' spanning the row, or '1' then the title with every other cell empty:
    (its number, the section title), when it is a group of tasks rather than a task."""
    cols = table.columns
    values = {name: _cell(cells[i]) if i < len(cells) else "" for name, i in cols.items()}
    others = [v for name, v in values.items() if name not in ("number", "content")]
    others += [_cell(c) for i, c in enumerate(cells) if i not in cols.values()]
    if any(others):
        return None
    number, content = values.get("number", ""), values.get("content", "")
    if not number and (m := re.fullmatch(r"(\d{1,2})\.\s+(\S.*)", content)):
        number, content = m[1], m[2]
    if not content and (m := re.fullmatch(r"(\d{1,2})\.?\s+(\S.*)", number)):  # "2. Cải cách …" in the first cell
        number, content = m[1], m[2]
    if re.fullmatch(r"\d{1,2}\.?", number) and content:
        return number.rstrip("."), f"{number.rstrip('.')}. {content}"
    return None


def _number(text: str) -> str:
    """A task's number as written, without its trailing dot or bracket: "1.", "a)", "(2)" -> "1", "a", "2"."""
    text = text.strip()
    if text in ("-", "+", "•", "–"):
        return ""
    return text.strip("()").rstrip(".").strip()


def _fields(line: str) -> dict[str, str] | None:
    """A prose plan's line of fields: "Cơ quan chủ trì: Văn phòng Sở; phối hợp: các phòng; thời gian: Quý III"."""
    parts = re.split(r"(?:\s*;\s*|(?<!cơ quan)(?<!đơn vị)(?<!bộ phận)\s+)(?=(?:cơ quan |đơn vị |bộ phận )?(?:chủ trì|phối hợp|thời gian|thời hạn|tiến độ|sản phẩm|"
                     r"kết quả)[^:]{0,20}:)", re.sub(r"^[-+•]\s*", "", line.strip()), flags=re.IGNORECASE)
    out: dict[str, str] = {}
    for part in parts:
        m = FIELD_LINE.match(part.strip())
        if not m:
            return None
        key = fold(m["key"])
        name = ("lead" if "chu tri" in key else "coordinating" if "phoi hop" in key else
                "outputs" if ("san pham" in key or "ket qua" in key) else "deadline")
        value = m["value"].strip().rstrip(".;").strip()
        if value:
            out[name] = value
    return out


# --------------------------------------------------------------------------- the importer

_APPENDIX_REF = re.compile(r"\b(?:tại|trong|theo|ở)\s+(phụ lục(?:\s+(?:số\s+)?[IVX\d]+)?(?:\s+kèm theo)?)", re.IGNORECASE)
_ATTACHED = re.compile(r"\((?:ban hành\s+)?kèm theo\s+(kế hoạch|quyết định)\s+(?:số\s*)?([^\s,()]*(?:\s*/\s*[^\s,()]+)?)",
                       re.IGNORECASE)


class _Importer:
    def __init__(self, text: str, source: str | None, units=None):
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").lstrip("\ufeff"))
        self.raw = text.split("\n")
        self.lines = [_clean(l) for l in self.raw]
        self.source = source
        self.units = UnitNames(units) if units is not None else None
        self.front: dict = {}
        self.body: list[str] = []
        self.tasks: list[dict] = []
        self.task_lines: list[int] = []
        self.problems: list[Problem] = []
        self.header_body: str | None = None
        self.appendices: list[str] = []  # the heading of each appendix or attached plan
        self.references: list[tuple[int, str]] = []  # (line, words) of "tại Phụ lục kèm theo"

    # helpers ------------------------------------------------------------------
    def problem(self, line_no: int, kind: str, subject: str, message: str) -> None:
        self.problems.append(Problem(line_no, kind, subject, message))

    def unplaced(self, line_no: int, text: str, why: str) -> None:
        self.problem(line_no, "unplaced", text, f"\"{text}\" {why}; không đưa lên trang, giữ trong báo cáo nhập")

    def para(self, text: str) -> None:
        if self.body and self.body[-1] != "":
            self.body.append("")
        self.body.append(text)

    # stages -------------------------------------------------------------------
    def run(self) -> Imported:
        i = self.read_header()
        i = self.read_title(i)
        self.read_rest(i)
        if not self.tasks:
            self.prose_tasks()
        self.check_tasks()
        self.check_appendices()
        front = self.front
        if self.source:
            front["source"] = self.source
        front["tasks"] = self.tasks
        body = "\n".join(self.body).strip("\n") + "\n"
        problems = sorted(self.problems, key=lambda p: p.line)
        return Imported(front, body, problems)

    def read_header(self) -> int:
        """Number, place and date, issuer; returns the index of the line after the header."""
        number = place = None
        number_at = 0
        date_text = None
        kind = "Kế hoạch"
        end = 0
        for i, raw in enumerate(self.raw[:40]):
            # a two-column header flattened: "Số: 20/KH-STTTT <Tab> Lạc Hồng, ngày 04 tháng 3 năm 2024"
            for part in _UNSPLIT_HEADER.split(raw.replace("\u00a0", " ")):
                part = _clean(part)
                m = _NUMBER_LINE.match(part)
                if m and number is None:
                    number = re.sub(r"\s+", "", m[1])
                    number_at = end = i + 1
                    continue
                m = _DATE_LINE.match(part)
                if m and date_text is None:
                    place = m["place"].strip()
                    date_text = _date_text(m["day"], m["month"], m["year"])
                    end = i + 1
        if number is None:
            self.problem(1, "header", "Số:", 'không thấy dòng "Số: ..."; số, ký hiệu để trống, cần bổ sung trước khi đăng')
            number = "/"
        if date_text is None:
            self.problem(1, "header", "ngày … tháng … năm …",
                         'không thấy dòng "..., ngày ... tháng ... năm ..."; ngày, địa danh cần bổ sung')
        if "QĐ" in number.upper():
            kind = "Quyết định"
        bodies = self.header_bodies(end)
        if bodies:
            body_line = bodies[-1]
            parent = bodies[0] if len(bodies) > 1 else None
            issuer = _agency_case(body_line)
            if not _starts_with(" ".join(body_line.split()[1:]), _PLACE_WORDS) and not any(
                    f" {w} " in f" {body_line} " for w in _PLACE_WORDS):
                if parent and (at := next((m.start() for m in re.finditer(r"\S+", parent)
                                           if _starts_with(parent[m.start():], _PLACE_WORDS)), None)) is not None:
                    issuer += " " + _place_case(parent[at:].split())
                elif place:
                    issuer += f" tỉnh {place}"
            self.header_body = body_line
            symbol = number.split("/", 1)[1] if "/" in number else ""
            parts = [fold(x).upper() for x in symbol.split("-")[1:]]
            if parts and not set(parts) & _symbol_letters(body_line):
                self.problem(number_at or 1, "issuer", number,
                             f"ký hiệu \"{number}\" không khớp với cơ quan ban hành ở đầu văn bản (\"{' '.join(body_line.split())}\"); "
                             "cơ quan ban hành lấy theo đầu văn bản, cần kiểm tra lại số, ký hiệu")
        else:
            issuer, parent = _symbol_issuer(number, place or "")
        self.front.update(kind=kind, number=number, date=date_text or "", place=place or "", issuer=issuer)
        if parent and (kind == "Kế hoạch" or bodies):
            self.front["parent_issuer"] = " ".join(parent.split())
        return end

    def header_bodies(self, end: int) -> list[str]:
        """The issuing body's lines of the header ("UBND TỈNH LẠC HỒNG", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), from
        lines before the end of the number and date; the national motto is skipped, anything else is
        reported as not placed."""
        parts: list[tuple[int, str]] = []
        for i in range(end):
            raw = self.raw[i].replace("\u00a0", " ")
            for part in _UNSPLIT_HEADER.split(raw):
                part = _clean(part)
                if part and not _NUMBER_LINE.match(part) and not _DATE_LINE.match(part):
                    parts.append((i + 1, part))
        # fragments of a line that a copy broke ("ỦY" / "BAN NHÂN DÂN", "CỘNG" / "HÒA XÃ HỘI …")
        joined: list[tuple[int, str]] = []
        for line_no, part in parts:
            if joined and _is_upper(part) and _is_upper(joined[-1][1]) and not _is_agency(joined[-1][1]) \
                    and not _is_motto(joined[-1][1]) and (_is_agency(joined[-1][1] + " " + part)
                                                         or _is_motto(joined[-1][1] + " " + part)):
                joined[-1] = (joined[-1][0], joined[-1][1] + " " + part)
            else:
                joined.append((line_no, part))
        bodies: list[str] = []
        for line_no, part in joined:
            if _is_motto(part):
                continue
            if _is_agency(part):
                generic_only = bodies and _starts_with(bodies[-1], _GENERIC) and \
                    bodies[-1].strip() in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN")
                if _starts_with(part, _PLACE_WORDS) and bodies and (generic_only or len(bodies) == 1):
                    bodies[-1] += " " + part  # "ỦY BAN NHÂN DÂN" / "XÃ AN PHÚ"
                else:
                    bodies.append(part)
                continue
            self.unplaced(line_no, part, "ở đầu văn bản không phải số, ngày hay cơ quan ban hành")
        return bodies[-2:]

    def read_title(self, i: int) -> int:
        lines = self.lines
        n = len(lines)
        implements: list[str] = []
        while i < n and not lines[i].strip():
            i += 1
        if self.front["kind"] == "Kế hoạch":
            start = i
            while i < n and fold(lines[i]) != "ke hoach":
                i += 1
            if i >= n:  # no "KẾ HOẠCH" line: the title is the first line after the header
                i = start - 1
            for j in range(start, max(i, start)):
                if lines[j].strip() and not _is_motto(lines[j]):
                    self.unplaced(j + 1, lines[j].strip(), "đứng trước chữ \"KẾ HOẠCH\", không thuộc đầu văn bản")
            i += 1
            while i < n and not lines[i].strip():
                i += 1
            title = []
            while i < n and lines[i].strip():
                title.append(lines[i].strip())
                i += 1
            title_text = " ".join(title)
        else:
            while i < n and (not lines[i].strip() or _is_motto(lines[i]) or fold(lines[i]) == "quyet dinh"):
                i += 1
            title = [lines[i].strip()] if i < n else []
            i += 1
            # a decision's title runs on until a blank line or the issuing authority's name
            while i < n and lines[i].strip() and not re.match(r"^(ỦY BAN NHÂN DÂN|UBND|SỞ|BỘ|CHỦ TỊCH|GIÁM ĐỐC|Căn cứ)\b",
                                                              lines[i].strip()) and not re.match(r"^\d+\.|^[IVX]+\.", lines[i]):
                title.append(lines[i].strip())
                i += 1
            title_text = " ".join(title)
            # the issuing authority's name heads a decision's preamble
            while i < n and (not lines[i].strip() or re.fullmatch(r"(ỦY BAN NHÂN DÂN|UBND|SỞ|BỘ|CHỦ TỊCH|GIÁM ĐỐC)\b[^a-zđ]*",
                                                                  lines[i].strip())):
                i += 1
        # "Thực hiện ...", "Căn cứ ..." paragraphs before the first section
        while i < n:
            line = lines[i].strip()
            if not line:
                i += 1
                continue
            if re.match(r"^(Thực hiện|Căn cứ)\b", line):
                implements.append(line)
                i += 1
                continue
            break
        if not implements and re.match(r"^(Thực hiện|Căn cứ)\b", title_text):
            implements.append(title_text)
        self.front["title"] = title_text
        if implements:
            self.front["implements"] = implements
        year = int(self.front["date"][-4:]) if self.front["date"] else 0
        self.front["period"] = _period(title_text, year)
        return i

    def read_rest(self, i: int) -> None:
        lines = self.lines
        n = len(lines)
        table: _Table | None = None
        section: str | None = None
        group: str | None = None  # the group row ("1. Cải cách thể chế") the next rows belong to
        blank_before = False
        recipients: list[str] = []
        capacity: list[str] = []
        recipient_group = ""
        state = "body"
        last_structured = i
        while i < n:
            line = lines[i].strip()
            raw = self.raw[i]
            if not line:
                blank_before = True
                i += 1
                continue
            # ---- tables
            if table is None and _is_header_line(raw):
                i += 1  # the header again, over the plan a decision issues: its body and the national motto
                continue
            if "\t" in raw:
                cells = raw.split("\t")
                header = _header(cells)
                if header:
                    if table is None:
                        self.para("Các nhiệm vụ cụ thể: xem [bảng nhiệm vụ](#nhiem-vu).")
                        for name in header.unknown:
                            self.problem(i + 1, "table", name, f"cột \"{name}\" của bảng nhiệm vụ không xác định được là "
                                                                 "nội dung, chủ trì, phối hợp, sản phẩm hay thời gian; "
                                                                 "nội dung cột này không được nhập")
                    table = header
                elif table is None:
                    self.problem(i + 1, "table", line, "dòng có dấu Tab nhưng không thuộc bảng nào; đã giữ trong phần nội dung")
                    self.para(_md(" ".join(c.strip() for c in cells if c.strip())))
                elif _is_column_numbers(cells):
                    pass
                elif (title := _section_row(cells)) is not None:
                    section, group = title, None
                elif (found := _group_row(cells, table)) is not None and self.starts_group(i, found[0]):
                    group = found[1]
                else:
                    self.table_row(table, cells, group or section, blank_before, i + 1)
                last_structured = i
                blank_before = False
                i += 1
                continue
            table = None if state == "body" and not raw.startswith("\t") else table
            # ---- signature block and recipients
            if re.match(r"^Nơi nhận\s*:?", line):
                state = "sign"
                rest = line.split(":", 1)[1].strip() if ":" in line else ""
                if rest:
                    recipients.append(rest)
                last_structured = i
                i += 1
                continue
            if state == "sign":
                if line.startswith(("-", "+", "•")):
                    item = line.lstrip("-+• ").strip()
                    recipients.append(f"{recipient_group} {item}".strip() if recipient_group else item)
                    last_structured = i
                    i += 1
                    continue
                if line.endswith(":") and len(line) < 40:
                    recipient_group = line
                    last_structured = i
                    i += 1
                    continue
                if line.upper() == line and any(w in line for w in _CAPACITY_WORDS):
                    capacity.append(line)
                    last_structured = i
                    i += 1
                    continue
                if _NAME.match(line):
                    self.front["signer"] = line
                    state = "after"
                    last_structured = i
                    i += 1
                    continue
                state = "attached"  # the block ended without a name: an attached document follows
            # ---- web page leftovers at the end
            if any(fold(line).startswith(fold(w)) for w in _WEB_CHROME):
                for j in range(i, n):
                    if lines[j].strip():
                        self.unplaced(j + 1, lines[j].strip(), "có vẻ là phần thừa của trang web, không thuộc văn bản")
                break
            # ---- an appendix, or the plan a decision issues, after the signature
            if fold(line).startswith("phu luc") and _is_upper(line) and len(line) < 40:
                i = self.appendix_heading(i)
                state = "body"
                last_structured = i - 1
                continue
            if state in ("after", "attached") and self.front["kind"] == "Quyết định":
                i = self.attached_plan_heading(i)
                state = "body"
                last_structured = i - 1
                continue
            # ---- body text
            for m in _APPENDIX_REF.finditer(line):
                self.references.append((i + 1, m[1]))
            self.body_line(line)
            last_structured = i
            blank_before = False
            i += 1
        if capacity:
            self.front["signer_capacity"] = "\n".join(capacity)
        if recipients:
            self.front["recipients"] = recipients
        if "signer" not in self.front:
            self.problem(last_structured + 1, "signer", "", "không thấy tên người ký; mục \"signer\" để trống")

    def starts_group(self, i: int, number: str) -> bool:
        """A row "1 | Cải cách thể chế" with nothing else is a group when the next row is numbered inside it
        ("1.1", "a)", "-") or is another group."""
        for j in range(i + 1, min(i + 4, len(self.raw))):
            if not self.raw[j].strip():
                continue
            first = self.raw[j].split("\t")[0].strip()
            return bool(first.startswith(number + ".") and len(first) > len(number) + 1
                        or re.fullmatch(r"[a-zđ][).]?|[-+•–]", first) or "\t" not in self.raw[j])
        return False

    def appendix_heading(self, i: int) -> int:
        """"PHỤ LỤC [I]", its title lines in capitals and "(Kèm theo Kế hoạch số … ngày …)" -> one heading, one
        title and one line; returns the index after them."""
        return self.attachment(i + 1, self.lines[i].strip(), any_case=False)

    def attached_plan_heading(self, i: int) -> int:
        """The plan a decision issues, after the decision's signature: "KẾ HOẠCH", its title, "(Ban hành kèm
        theo Quyết định số …)" -> a heading "KẾ HOẠCH" that the page shows after the signature. Its title: the
        lines after "KẾ HOẠCH", or, when a copy lost that line, the lines in capitals."""
        named = fold(self.lines[i]) == "ke hoach"
        if named:
            i += 1
            while i < len(self.lines) and not self.lines[i].strip():
                i += 1
        return self.attachment(i, "KẾ HOẠCH", any_case=named)

    def attachment(self, i: int, heading: str, any_case: bool) -> int:
        """What follows the signature: `heading` (## on the page, where the page puts the signature before it),
        the title lines from line `i` (### , in capitals unless `any_case`), then the "(Kèm theo …)" line."""
        lines = self.lines
        self.appendices.append(heading)
        self.para(f"## {_md(heading)}")
        title: list[str] = []
        while i < len(lines) and (line := lines[i].strip()) and "\t" not in self.raw[i] and not line.startswith("(") \
                and (any_case or _is_upper(line)) and not _ROMAN_HEAD.match(line):
            title.append(line)
            i += 1
        if title:
            self.para(f"### {_md(' '.join(title))}")
        return self.attachment_line(i)

    def attachment_line(self, i: int) -> int:
        """"(Kèm theo Kế hoạch số 73/KH-SKHCN ngày …)" over one or more lines: one paragraph; the number it
        names is checked against the plan's."""
        lines = self.lines
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines) or not lines[i].strip().startswith("("):
            return i
        start = i
        words = []
        while i < len(lines) and lines[i].strip():
            words.append(lines[i].strip())
            i += 1
            if words[-1].endswith(")"):
                break
        text = " ".join(words)
        self.para(_md(text))
        m = _ATTACHED.search(text)
        if m:
            named = re.sub(r"\s+", "", m[2])
            own = self.front.get("number", "")
            if named and own and named != own and named.split("/")[0] != own.split("/")[0]:
                self.problem(start + 1, "appendix", named,
                             f"phụ lục ghi kèm theo {m[1].lower()} số {named}, nhưng văn bản này là số {own}; "
                             "cần kiểm tra phụ lục có đúng của văn bản này không")
        return i

    def body_line(self, line: str) -> None:
        last = self.body[-1] if self.body else ""
        if (last and not last.startswith("#") and not last.rstrip().endswith((".", ";", ":", "!", "?", ")"))
                and line[0].islower() and not _LETTER.match(line) and not FIELD_LINE.match(line)):
            self.body[-1] = last + " " + _md(line)  # a paragraph that a page break split
            return
        m = _ROMAN_HEAD.match(line)
        if m and m[1] and len(line) < 120 and line.upper() == line:
            self.para(f"## {_md(line)}")
            return
        if line.upper() == line and len(line) < 160 and re.search(r"[A-ZĐ]", line) and not line.startswith(("-", "+")):
            self.para(f"### {_md(line)}")
            return
        m = _SUB_HEAD.match(line) or _ARABIC_HEAD.match(line)
        if m and len(line) <= 90 and not line.rstrip().endswith((".", ";")):
            level = "####" if "." in m[1] else "###"
            self.para(f"{level} {_md(line)}")
            return
        self.para(_md(line))

    def table_row(self, table: _Table, cells: list[str], section: str | None, after_break: bool, line_no: int) -> None:
        cols = table.columns
        if len(cells) != table.width:
            self.problem(line_no, "table", " ".join(c.strip() for c in cells if c.strip())[:80],
                         f"hàng bảng có {len(cells)} ô, bảng có {table.width} cột; đã đọc theo thứ tự cột")
        values = {name: _cell(cells[idx]) if idx < len(cells) else "" for name, idx in cols.items()}
        number = _number(values.get("number", ""))
        previous = self.tasks[-1] if self.tasks else None
        same_section = previous is not None and previous.get("section") == section
        if not values.get("number", "").strip() and after_break and same_section:
            # the rest of a row that a page break split: merge it back into its task
            for name, value in values.items():
                if name == "number" or not value:
                    continue
                previous[name] = _join(previous.get(name, ""), value)
            return
        if not values.get("content"):
            self.problem(line_no, "table", " · ".join(v for v in values.values() if v)[:80],
                         "hàng bảng không có nội dung nhiệm vụ; đã giữ nguyên trong phần nội dung")
            self.para(_md(" · ".join(v for v in values.values() if v)))
            return
        task: dict = {}
        if section:
            task["section"] = section
        if number:
            task["number"] = number
        for name in ("content", "lead", "coordinating", "outputs", "deadline", "note"):
            if values.get(name):
                task[name] = values[name]
        self.tasks.append(task)
        self.task_lines.append(line_no)

    def prose_tasks(self) -> None:
        """Plans without a task table: the numbered items of their tasks section are the tasks; the lines
        under an item that name its lead, partners, deadline or output ("Cơ quan chủ trì: …; thời gian: …")
        become its fields."""
        blocks = _blocks(self.body)
        start = None
        for k, (kind, label, text) in enumerate(blocks):
            if kind == "roman" and re.search(r"NHIỆM VỤ|NỘI DUNG", text.upper()):
                start = k
                break
        if start is None:
            return
        section_title = blocks[start][2]
        items: list[dict] = []
        subsection = None
        last_arabic = 0
        for kind, label, text in blocks[start + 1:]:
            if kind == "roman":
                break
            fields = _fields(text) if kind == "text" else None
            if fields is not None and items:
                for name, value in fields.items():
                    items[-1]["fields"][name] = value
                continue
            if kind == "arabic":
                if int(label) <= last_arabic:
                    break  # numbering restarts: the next section, whose heading the document lost
                last_arabic = int(label)
                subsection = f"{label}. {text}"
                items.append({"kind": "arabic", "number": label, "content": text, "section": section_title, "fields": {}})
            elif kind == "letter":
                items.append({"kind": "letter", "number": label, "content": text, "section": subsection or section_title,
                              "fields": {}})
            elif items:
                items[-1]["content"] += "\n" + text
        letters = [it for it in items if it["kind"] == "letter"]
        for item in letters if letters else items:
            task = {"section": item["section"], "number": item["number"], "content": item["content"]}
            task.update(item["fields"])
            self.tasks.append(task)
            self.task_lines.append(0)

    def check_tasks(self) -> None:
        """Split joint leads into units, match them to the department's units, read every deadline."""
        known = self.units.names if self.units else ()
        plan_year = single_year(self.front.get("period", ""))
        unknown: dict[str, list] = {}  # a lead not among the units -> [its words, first line, task labels]
        for task, line_no in zip(self.tasks, self.task_lines):
            for name in ("lead", "coordinating"):
                if name in task:
                    found = split_units(task[name], known)
                    task[name] = found[0] if len(found) == 1 else found
            leads = task.get("lead", [])
            for unit in [leads] if isinstance(leads, str) else leads:
                if self.units is not None and self.units.find(unit) is None and not re.match(r"^(Các|Tất cả|Toàn thể)\b", unit):
                    unknown.setdefault(fold(unit), [unit, line_no, []])[2].append(self.label(task))
            if "deadline" in task:
                found = parse_deadline(task["deadline"], plan_year=plan_year)
                if found.unsure or found.impossible:
                    words = ", ".join(f"\"{w}\"" for w in found.unsure + found.impossible)
                    self.problem(line_no, "deadline", task["deadline"],
                                 f"chưa đọc được thời gian hoàn thành \"{task['deadline']}\" (nhiệm vụ {self.label(task)}): "
                                 f"{words} không xác định được ngày; giữ nguyên lời văn, không tính hạn")

        for unit, line_no, labels in unknown.values():
            self.problem(line_no, "unit", unit, f"đơn vị chủ trì \"{unit}\" (nhiệm vụ {', '.join(labels)}) không có trong "
                                                "danh sách đơn vị (data/units.yml); cần sửa tên cho đúng danh sách "
                                                "hoặc thêm đơn vị vào danh sách")

    @staticmethod
    def label(task: dict) -> str:
        where = task.get("section", "")
        number = task.get("number", "")
        where = where.split(" ")[0].rstrip(".") if where else ""
        return ".".join(x for x in (where, number) if x) or f"\"{task['content'][:40]}…\""

    def check_appendices(self) -> None:
        """A reference to an appendix ("tại Phụ lục kèm theo") with no appendix in the text."""
        has_appendix = any(head != "KẾ HOẠCH" for head in self.appendices)
        if has_appendix:
            return
        seen: set[str] = set()
        for line_no, words in self.references:
            if fold(words) in seen:
                continue
            seen.add(fold(words))
            self.problem(line_no, "appendix", words, f"văn bản nhắc đến \"{words}\" nhưng không có phụ lục trong văn bản đã "
                                                      "nhập; cần chép thêm phụ lục (thường là bảng nhiệm vụ) rồi nhập lại")


def _blocks(body: list[str]) -> list[tuple[str, str, str]]:
    """The body's paragraphs as (kind, label, text) with Markdown escapes undone."""
    out = []
    for para in body:
        if not para:
            continue
        text = re.sub(r"^#+\s*", "", para)
        text = re.sub(r"\\(.)", r"\1", text)
        if m := _ROMAN_HEAD.match(text):
            if m[1] and text.upper() == text:
                out.append(("roman", m[1], text))
                continue
        if (m := _ARABIC_HEAD.match(text)) and not _SUB_HEAD.match(text):
            out.append(("arabic", m[1], m[2]))
            continue
        if m := _LETTER.match(text):
            out.append(("letter", m[1], m[2]))
            continue
        if text.startswith("Các nhiệm vụ cụ thể: xem"):
            continue
        out.append(("text", "", text))
    return out


def import_plan(text: str, source: str | None = None, units=None) -> Imported:
    """Import a plan's text; `units`: the department's units (with .id and .name) the leads are matched to."""
    return _Importer(text, source, units).run()


def suggested_name(imported: Imported) -> str:
    """A file name for the plan: 'ke-hoach-73-kh-skhcn-2019.md', 'ke-hoach-du-thao-kh-khcn-2022.md'."""
    front = imported.front
    number = front.get("number", "")
    kind = slugify(front.get("kind", "ke hoach"))
    year = front.get("date", "")[-4:]
    stem = slugify(number) if re.match(r"\d", number) else "du-thao-" + slugify(number)
    return f"{kind}-{stem}-{year}.md".replace("--", "-")
