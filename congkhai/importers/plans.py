"""Import a plan document's plain text (kế hoạch, or a quyết định issuing one) into a plan file.

Real documents come as text copied from Word or from a web page, with:
- a header: "Số: 73 /KH-SKHCN", "Gia Lai, ngày 18 tháng 11 năm 2019", sometimes with markup
  (**39**, *01A*) or, for a UBND decision, a two-column header flattened into lines ending in "|";
- numbered sections (I., 1., 1.1., a), -, +);
- task tables as tab-separated rows, with a first row of column numbers, the header row repeated
  after page breaks, section rows ("III CẢI CÁCH THỦ TỤC HÀNH CHÍNH"), cells holding <p> HTML, and
  rows broken by a page break and continued on the next line with an empty first cell;
- a signature block: "Nơi nhận:", the signing capacity (GIÁM ĐỐC, KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC), a name.

`import_plan(text)` returns the plan's front matter (as plain data), its Markdown body, and notes on
whatever could not be placed: that text is kept in the body, never dropped. The output depends only
on the input, so importing the same source again gives the same file.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from ..common.text import fold, slugify

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

COLUMNS = {
    "number": ("tt", "stt", "so tt"),
    "content": ("noi dung",),
    "lead": ("chu tri",),
    "coordinating": ("phoi hop",),
    "outputs": ("san pham", "ket qua"),
    "deadline": ("thoi gian", "thoi han", "tien do"),
}


@dataclass
class Imported:
    front: dict
    body: str
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The plan file: YAML front matter and Markdown body."""
        return "---\n" + dump_yaml(self.front) + "---\n" + self.body


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


def _symbol_issuer(number: str, place: str) -> tuple[str, str | None]:
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


def _header(cells: list[str]) -> _Table | None:
    keys = [fold(c) for c in cells]
    found: dict[str, int] = {}
    for i, key in enumerate(keys):
        for name, words in COLUMNS.items():
            if name not in found and any(key == w or key.startswith(w + " ") or (w in key and name != "number")
                                         for w in words):
                found[name] = i
                break
    if "content" in found and len(found) >= 3:
        return _Table(found, len(cells))
    return None


def _is_column_numbers(cells: list[str]) -> bool:
    return all(c.strip().isdigit() for c in cells) and [int(c) for c in cells] == list(range(1, len(cells) + 1))


def _section_row(cells: list[str]) -> str | None:
    """'III CẢI CÁCH THỦ TỤC HÀNH CHÍNH' in the first cell, or 'IV' then the title in the second."""
    first = cells[0].strip()
    rest = [c.strip() for c in cells[1:]]
    m = re.fullmatch(rf"({ROMAN_RE})\.?\s+(\S.*)", first)
    if m and m[1] and not any(rest):
        return f"{m[1]}. {m[2].strip()}"
    if re.fullmatch(ROMAN_RE, first) and first and rest and rest[0] and not any(rest[1:]) and rest[0].upper() == rest[0]:
        return f"{first}. {rest[0]}"
    return None


# --------------------------------------------------------------------------- the importer


class _Importer:
    def __init__(self, text: str, source: str | None):
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").lstrip("\ufeff"))
        self.raw = text.split("\n")
        self.lines = [_clean(l) for l in self.raw]
        self.source = source
        self.front: dict = {}
        self.body: list[str] = []
        self.tasks: list[dict] = []
        self.notes: list[str] = []
        self.unplaced: list[tuple[int, str]] = []

    # helpers ------------------------------------------------------------------
    def note(self, line_no: int, message: str) -> None:
        self.notes.append(f"dòng {line_no}: {message}")

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
        front = self.front
        if self.source:
            front["source"] = self.source
        front["tasks"] = self.tasks
        body = "\n".join(self.body).strip("\n") + "\n"
        if self.unplaced:
            first, last = self.unplaced[0][0], self.unplaced[-1][0]
            self.note(first, f"các dòng {first}–{last} không thuộc phần nào của văn bản (có vẻ là phần thừa của trang "
                             "web); đã giữ nguyên ở cuối phần nội dung, trong mục \"Phần chưa xác định khi nhập\"")
            body += "\n## Phần chưa xác định khi nhập\n\n" + "\n\n".join(_md(t) for _, t in self.unplaced) + "\n"
        return Imported(front, body, self.notes)

    def read_header(self) -> int:
        """Number, place and date, issuer; returns the index of the line after the header."""
        lines = self.lines
        number = place = None
        date_text = None
        kind = "Kế hoạch"
        end = 0
        for i, line in enumerate(lines[:40]):
            m = _NUMBER_LINE.match(line)
            if m and number is None:
                number = re.sub(r"\s+", "", m[1])
                end = i + 1
                continue
            m = _DATE_LINE.match(line)
            if m and date_text is None:
                place = m["place"].strip()
                date_text = _date_text(m["day"], m["month"], m["year"])
                end = i + 1
                continue
        if number is None:
            self.note(1, 'không thấy dòng "Số: ..."; số, ký hiệu để trống, cần bổ sung trước khi đăng')
            number = "/"
        if date_text is None:
            self.note(1, 'không thấy dòng "..., ngày ... tháng ... năm ..."; ngày, địa danh cần bổ sung')
        if "QĐ" in number.upper():
            kind = "Quyết định"
        issuer, parent = _symbol_issuer(number, place or "")
        self.front.update(kind=kind, number=number, date=date_text or "", place=place or "", issuer=issuer)
        if parent and kind == "Kế hoạch":
            self.front["parent_issuer"] = parent
        return end

    def read_title(self, i: int) -> int:
        lines = self.lines
        n = len(lines)
        implements: list[str] = []
        # the header's leftovers: the flattened two-column header of a decision
        while i < n and not lines[i].strip():
            i += 1
        if self.front["kind"] == "Kế hoạch":
            while i < n and fold(lines[i]) != "ke hoach":
                if lines[i].strip():
                    self.note(i + 1, f"dòng đầu văn bản không xác định được: \"{lines[i].strip()}\"; đã giữ trong phần nội dung")
                    self.para(_md(lines[i].strip()))
                i += 1
            i += 1
            while i < n and not lines[i].strip():
                i += 1
            title = []
            while i < n and lines[i].strip():
                title.append(lines[i].strip())
                i += 1
            title_text = " ".join(title)
        else:
            title_text = lines[i].strip()
            i += 1
            # the issuing authority's name heads a decision's preamble
            while i < n and (not lines[i].strip() or re.fullmatch(r"(ỦY BAN NHÂN DÂN|UBND|SỞ|BỘ)\b[^a-zđ]*", lines[i].strip())):
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
        blank_before = False
        recipients: list[str] = []
        capacity: list[str] = []
        group = ""
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
            if "\t" in raw:
                cells = raw.split("\t")
                header = _header(cells)
                if header:
                    if table is None:
                        self.para("Các nhiệm vụ cụ thể: xem [bảng nhiệm vụ](#nhiem-vu).")
                    table = header
                elif table is None:
                    self.note(i + 1, "dòng có dấu Tab nhưng không thuộc bảng nào; đã giữ trong phần nội dung")
                    self.para(_md(" ".join(c.strip() for c in cells if c.strip())))
                elif _is_column_numbers(cells):
                    pass
                elif (title := _section_row(cells)) is not None:
                    section = title
                else:
                    self.table_row(table, cells, section, blank_before, i + 1)
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
                    recipients.append(f"{group} {item}".strip() if group else item)
                    last_structured = i
                    i += 1
                    continue
                if line.endswith(":") and len(line) < 40:
                    group = line
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
                state = "body"  # the block ended without a name: an attached document follows
            if state == "after" and fold(line) == "phu luc":
                state = "body"
            # ---- web page leftovers at the end
            if any(fold(line).startswith(fold(w)) for w in _WEB_CHROME):
                self.unplaced.extend((j + 1, lines[j].strip()) for j in range(i, n) if lines[j].strip())
                break
            # ---- body text
            self.body_line(line)
            last_structured = i
            blank_before = False
            i += 1
        if capacity:
            self.front["signer_capacity"] = "\n".join(capacity)
        if recipients:
            self.front["recipients"] = recipients
        if "signer" not in self.front:
            self.note(last_structured + 1, "không thấy tên người ký; mục \"signer\" để trống")

    def body_line(self, line: str) -> None:
        last = self.body[-1] if self.body else ""
        if (last and not last.startswith("#") and not last.rstrip().endswith((".", ";", ":", "!", "?", ")"))
                and line[0].islower()):
            self.body[-1] = last + " " + _md(line)  # a paragraph that a page break split
            return
        m = _ROMAN_HEAD.match(line)
        if m and m[1] and len(line) < 120 and line.upper() == line:
            self.para(f"## {_md(line)}")
            return
        if fold(line) == "phu luc" or (line.upper() == line and len(line) < 160 and re.search(r"[A-ZĐ]", line)
                                       and not line.startswith(("-", "+"))):
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
            self.note(line_no, f"hàng bảng có {len(cells)} ô, bảng có {table.width} cột; đã đọc theo thứ tự cột")
        values = {name: _cell(cells[idx]) if idx < len(cells) else "" for name, idx in cols.items()}
        number = values.get("number", "")
        previous = self.tasks[-1] if self.tasks else None
        same_section = previous is not None and previous.get("section") == section
        if not number and after_break and same_section:
            # the rest of a row that a page break split: merge it back into its task
            for name, value in values.items():
                if name == "number" or not value:
                    continue
                key = name
                if key in ("lead", "coordinating"):
                    previous[key] = _join(previous.get(key, ""), value)
                else:
                    previous[key] = _join(previous.get(key, ""), value)
            return
        if not values.get("content"):
            self.note(line_no, "hàng bảng không có nội dung nhiệm vụ; đã giữ nguyên trong phần nội dung")
            self.para(_md(" · ".join(v for v in values.values() if v)))
            return
        task: dict = {}
        if section:
            task["section"] = section
        if number:
            task["number"] = number
        for name in ("content", "lead", "coordinating", "outputs", "deadline"):
            if values.get(name):
                task[name] = values[name]
        self.tasks.append(task)

    def prose_tasks(self) -> None:
        """Plans without a task table: the numbered items of their tasks section are the tasks."""
        blocks = _blocks(self.body)
        start = None
        for k, (kind, label, text) in enumerate(blocks):
            if kind == "roman" and re.search(r"NHIỆM VỤ|NỘI DUNG", text.upper()):
                start = k
                break
        if start is None:
            return
        section_title = blocks[start][2]
        items = []
        subsection = None
        last_arabic = 0
        for kind, label, text in blocks[start + 1:]:
            if kind == "roman":
                break
            if kind == "arabic":
                if int(label) <= last_arabic:
                    break  # numbering restarts: the next section, whose heading the document lost
                last_arabic = int(label)
                subsection = f"{label}. {text}"
                items.append(["arabic", label, text, section_title])
            elif kind == "letter":
                items.append(["letter", label, text, subsection or section_title])
            elif items:
                items[-1][2] += "\n" + text
        letters = [it for it in items if it[0] == "letter"]
        chosen = letters if letters else items
        for kind, label, text, sec in chosen:
            self.tasks.append({"section": sec, "number": label, "content": text})


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


def import_plan(text: str, source: str | None = None) -> Imported:
    return _Importer(text, source).run()


def suggested_name(imported: Imported) -> str:
    """A file name for the plan: 'ke-hoach-73-kh-skhcn-2019.md', 'ke-hoach-du-thao-kh-khcn-2022.md'."""
    front = imported.front
    number = front.get("number", "")
    kind = slugify(front.get("kind", "ke hoach"))
    year = front.get("date", "")[-4:]
    stem = slugify(number) if re.match(r"\d", number) else "du-thao-" + slugify(number)
    return f"{kind}-{stem}-{year}.md".replace("--", "-")
