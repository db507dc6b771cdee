"""Procedures from the national procedure database (Cơ sở dữ liệu quốc gia về TTHC).

Input: records in the shape of the national portal's export, one per procedure, with the keys
`code, name, field, level, agency, processing_time, fees, documents, legal_basis, steps, methods,
applicants, result, conditions, source_url` (and optionally `status`), as JSON lines (.jsonl, .jsonl.gz),
CSV or XLSX (one row per record; list columns hold JSON, or one item per line).

    records = read_records(path)                       # raises NationalInputError (Vietnamese, with line)
    converted = convert(record, fields=..., legal=...)   # one record in the project's format

`convert` maps every field it can onto the procedure model and keeps what it cannot parse as text in the
record (a fee's words as `rate`, a legal text without a number in `legal_basis_text`, a channel's time
without a unit in its `note`), listing each such field in `Converted.unparsed`; a part the national record
leaves empty is listed in the procedure's `missing` (shown as "chưa có thông tin"). Nothing is dropped.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..common.text import fold, slugify
from ..content.model import Procedure
from ..content.vocab import Channel, FeeKind, Level, Status, TimeUnit

KEYS = ("code", "name", "field", "level", "agency", "processing_time", "fees", "documents", "legal_basis", "steps",
        "methods", "applicants", "result", "conditions", "source_url")
LIST_KEYS = ("documents", "legal_basis", "methods")

# the national record's field names in Vietnamese, for reports
FIELD_WORDS = {
    "name": "tên thủ tục", "level": "cấp thực hiện", "processing_time": "thời hạn giải quyết", "fees": "phí, lệ phí",
    "documents": "thành phần hồ sơ", "legal_basis": "căn cứ pháp lý", "methods": "cách thức thực hiện",
    "applicants": "đối tượng thực hiện", "result": "kết quả thực hiện", "conditions": "yêu cầu, điều kiện",
    "steps": "trình tự thực hiện", "agency": "cơ quan thực hiện", "source_url": "đường dẫn",
}


class NationalInputError(Exception):
    """The input file cannot be read as national records; `problems` are Vietnamese lines naming file and line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------- reading


def read_records(path: Path) -> list[dict]:
    """Every record of a national export: .jsonl / .jsonl.gz / .json (a list), .csv or .xlsx."""
    path = Path(path)
    if not path.is_file():
        raise NationalInputError([f"{path}: không tìm thấy tệp"])
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".json", ".json.gz")):
        records, problems = _read_json(path)
    elif name.endswith(".csv"):
        records, problems = _read_rows(path, _csv_rows(path))
    elif name.endswith(".xlsx"):
        records, problems = _read_rows(path, _xlsx_rows(path))
    else:
        raise NationalInputError([f"{path}: không đọc được loại tệp này; cần tệp .jsonl, .jsonl.gz, .json, .csv hoặc .xlsx"])
    for line, record in records:
        problems += [f"{path.name}:{line}: {p}" for p in _shape_problems(record)]
    if problems:
        raise NationalInputError(problems)
    return [r for _, r in records]


def _read_json(path: Path) -> tuple[list[tuple[int, dict]], list[str]]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        reason = "không phải UTF-8" if isinstance(exc, UnicodeDecodeError) else "không giải nén, đọc được"
        raise NationalInputError([f"{path}: tệp {reason}"]) from None
    if path.name.lower().endswith((".json", ".json.gz")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise NationalInputError([f"{path.name}:{exc.lineno}: không đọc được JSON (cột {exc.colno})"]) from None
        if not isinstance(data, list):
            raise NationalInputError([f"{path.name}:1: cần một danh sách các bản ghi thủ tục"])
        return [(1, r) for r in data], []
    records, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}:{number}: dòng này không phải một bản ghi JSON (lỗi ở cột {exc.colno})")
    return records, problems


def _csv_rows(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise NationalInputError([f"{path}: tệp CSV không phải UTF-8; hãy lưu lại với mã hóa UTF-8"]) from None
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        yield reader.line_num, row


def _xlsx_rows(path: Path):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise NationalInputError([f"{path}: không mở được tệp Excel (.xlsx)"]) from None
    sheet = book.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        yield number, ["" if v is None else str(v) for v in row]


def _read_rows(path: Path, rows) -> tuple[list[tuple[int, dict]], list[str]]:
    """A table with the national keys as its header row; list columns hold JSON or one item per line."""
    rows = iter(rows)
    try:
        _, header = next(rows)
    except StopIteration:
        raise NationalInputError([f"{path.name}: tệp trống"]) from None
    header = [h.strip() for h in header]
    unknown = [h for h in header if h and h not in KEYS and h != "status"]
    problems = []
    if "code" not in header or "name" not in header:
        problems.append(f"{path.name}:1: dòng đầu cần tên các cột như bản xuất quốc gia (ít nhất code và name); "
                        f"đang có: {', '.join(header)}")
    if unknown:
        problems.append(f"{path.name}:1: cột không có trong bản xuất quốc gia: {', '.join(unknown)}; các cột: "
                        + ", ".join(KEYS))
    if problems:
        raise NationalInputError(problems)
    records = []
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        record: dict[str, Any] = {k: None for k in KEYS}
        for key, cell in zip(header, row):
            cell = cell.strip()
            if not key or not cell:
                continue
            if key in LIST_KEYS:
                if cell.startswith("["):
                    try:
                        record[key] = json.loads(cell)
                    except json.JSONDecodeError as exc:
                        problems.append(f"{path.name}:{number}: cột {key}: không đọc được danh sách JSON (cột {exc.colno})")
                        continue
                elif key == "legal_basis":
                    record[key] = [line.strip() for line in cell.splitlines() if line.strip()]
                else:
                    problems.append(f'{path.name}:{number}: cột {key} cần một danh sách JSON, ví dụ [{{"name": "…"}}]')
            else:
                record[key] = cell
        records.append((number, record))
    return records, problems


def _shape_problems(record: Any) -> list[str]:
    if not isinstance(record, dict):
        return ["cần một bản ghi (một nhóm tên: giá trị)"]
    out = []
    code = record.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"[1-9]\.\d{6}", code.strip()):
        out.append(f'mã thủ tục "{code}" không đúng dạng mã quốc gia (ví dụ "1.000173")')
    if not isinstance(record.get("name"), str) or not record["name"].strip():
        out.append("bản ghi không có tên thủ tục (name)")
    for key in LIST_KEYS:
        if record.get(key) is not None and not isinstance(record[key], list):
            out.append(f"mục {key} cần một danh sách")
    for key in ("documents", "methods"):
        for item in record.get(key) or []:
            if not isinstance(item, dict):
                out.append(f"mỗi phần tử của {key} cần là một nhóm tên: giá trị")
                break
    return out


def select(records: list[dict], codes=(), fields=(), agencies=()) -> list[dict]:
    """Records whose code is listed, or whose lĩnh vực or agency matches (Vietnamese folding; an agency
    matches when the name given is part of it). No criterion: no record."""
    codes = {c.strip() for c in codes}
    fields = {fold(f) for f in fields}
    agencies = [fold(a) for a in agencies]
    out = []
    for r in records:
        if r["code"].strip() in codes or fold(r.get("field") or "") in fields \
                or any(a and a in fold(r.get("agency") or "") for a in agencies):
            out.append(r)
    return out


# --------------------------------------------------------------------------- cleaning


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069"
                        "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: Any) -> str:
    """NFC, no invisible characters, single spaces; line breaks kept."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]  # tabs and runs of spaces: one space
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def one_line(text: Any) -> str:
    return " ".join(clean(text).split())


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at `sep` outside brackets: "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân" -> 2 items."""
    out, depth, part = [], 0, []
    for ch in text:
        depth += ch in "([" and 1 or 0
        depth -= ch in ")]" and 1 or 0
        depth = max(depth, 0)
        if ch == sep and depth == 0:
            out.append("".join(part))
            part = []
        else:
            part.append(ch)
    out.append("".join(part))
    return [p.strip() for p in out if p.strip()]


# --------------------------------------------------------------------------- times


_TIME = re.compile(r"(\d+)\s*(ngày làm việc|ngày|giờ làm việc|giờ|tháng)\.?", re.I)
_BARE_NUMBER = re.compile(r"\d+")


def parse_time(raw: Any) -> tuple[str | None, str | None]:
    """("10 ngày làm việc", None), or (None, the words kept) when the text is not one time with its unit.
    "Không quy định" is a time ("không quy định"); a bare "30" has no unit and is kept as words."""
    text = one_line(raw)
    if not text:
        return None, None
    if fold(text).rstrip(".") in ("khong quy dinh", "khong"):
        return "không quy định", None
    m = _TIME.fullmatch(text)
    if m and int(m[1]) > 0:
        unit = TimeUnit.lookup(m[2])
        return f"{int(m[1])} {unit.value}", None
    return None, text


def _split_by_channel(raw: str) -> list[tuple[Channel | None, str]]:
    """'Trực tuyến: 10 Ngày; Trực tiếp: 15 Ngày' -> [(ONLINE, '10 Ngày'), (DIRECT, '15 Ngày')]."""
    parts = []
    for piece in split_top(raw, ";"):
        label, sep, rest = piece.partition(":")
        channel = Channel.lookup(label) if sep else None
        parts.append((channel, rest.strip()) if channel else (None, piece))
    return parts


# --------------------------------------------------------------------------- fees


_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(Việt Nam Đồng|VNĐ|VND|đồng|Đồng|đ|USD|EUR)\b\.?", re.I)
_KIND_PREFIX = re.compile(r"^(Lệ phí|Phí)\s*:\s*", re.I)
_FREE_WORDS = {"", "khong", "khong co", "khong quy dinh", "chua quy dinh", "khong thu", "mien phi", "khong co thong tin"}


@dataclass
class FeeText:
    """One channel's fee as the national record writes it, read: free, an amount, or words."""

    free: bool = False
    kind: FeeKind = FeeKind.UNSPECIFIED
    amount: int | None = None
    currency: str = "đồng"
    unit: str | None = None
    note: str | None = None
    rate: str | None = None  # the words, when they are not an amount

    def key(self) -> tuple:
        return (self.free, self.kind, self.amount, self.currency, self.unit, self.note, self.rate)


def _unit_from(note: str, amount: int) -> tuple[str | None, str | None]:
    """The parenthesis after an amount: "/hồ sơ" or "1.200.000 đồng/thẻ ABTC." give the unit; anything else is
    a note. Returns (unit, note)."""
    text = note.strip().rstrip(".").strip()
    m = re.fullmatch(r"(?:(?:\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|đ|VNĐ|USD|EUR)?\s*)?/\s*([^/;()\d]{1,40})", text, re.I)
    if m:
        if text[:1].isdigit():
            said = int(re.sub(r"[.,]", "", re.match(r"[\d.,]+", text)[0]))
            if said != amount:
                return None, note.strip()
        return m[1].strip(), None
    return None, note.strip() or None


def parse_fee(raw: Any) -> FeeText | None:
    """One channel's fee text: "Miễn phí", "Phí : 300.000 Đồng", "2.000.000 Việt Nam Đồng (/hồ sơ)",
    "10 USD (/lần)", else kept as words. None when there is no text."""
    text = one_line(raw)
    if not text:
        return None
    kind = FeeKind.UNSPECIFIED
    m = _KIND_PREFIX.match(text)
    if m:
        kind = FeeKind.lookup(m[1]) or FeeKind.UNSPECIFIED
        text = text[m.end():]
    head, paren = text, ""
    pm = re.match(r"^([^()]*?)\s*\((.*)\)\s*$", text)
    if pm:
        head, paren = pm[1], pm[2]
    folded = fold(head).strip(" .")
    if folded.startswith("mien phi"):
        if fold(paren).strip(" .") in _FREE_WORDS:
            return FeeText(free=True, kind=kind)
        return FeeText(kind=kind, rate=text)  # "Miễn phí (Mức lệ phí cụ thể do HĐND tỉnh quy định)": kept as said
    am = _AMOUNT.fullmatch(head.strip())
    if am:
        amount = int(re.sub(r"[.,]", "", am[1]))
        currency = {"usd": "USD", "eur": "EUR"}.get(am[2].lower(), "đồng")
        if amount == 0 and not paren:
            return FeeText(free=True, kind=kind)
        unit, note = _unit_from(paren, amount) if paren else (None, None)
        if kind is FeeKind.UNSPECIFIED and note:
            words = fold(note)
            kind = FeeKind.CHARGE if "le phi" in words and "phi " not in words.replace("le phi", "") else kind
        return FeeText(kind=kind, amount=amount, currency=currency, unit=unit, note=note)
    return FeeText(kind=kind, rate=text)


# --------------------------------------------------------------------------- legal texts


NUMBER = re.compile(r"\b\d+[a-zđ]?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")
_KINDS = (("thông tư liên tịch", "Thông tư liên tịch"), ("nghị quyết liên tịch", "Nghị quyết liên tịch"),
          ("bộ luật", "Bộ luật"), ("luật", "Luật"), ("pháp lệnh", "Pháp lệnh"), ("nghị định", "Nghị định"),
          ("nghị quyết", "Nghị quyết"), ("thông tư", "Thông tư"), ("quyết định", "Quyết định"),
          ("văn bản hợp nhất", "Văn bản hợp nhất"), ("công văn", "Công văn"), ("chỉ thị", "Chỉ thị"))
_KIND_BY_SYMBOL = (("TTLT", "Thông tư liên tịch"), ("NQLT", "Nghị quyết liên tịch"), ("VBHN", "Văn bản hợp nhất"),
                   ("NĐ", "Nghị định"), ("ND", "Nghị định"), ("NQ", "Nghị quyết"), ("TT", "Thông tư"),
                   ("QĐ", "Quyết định"), ("QD", "Quyết định"), ("PL", "Pháp lệnh"), ("CT", "Chỉ thị"))
ISSUERS = {
    "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "TT": "Thủ tướng Chính phủ", "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội", "BCA": "Bộ Công an", "BTC": "Bộ Tài chính", "BQP": "Bộ Quốc phòng",
    "BTP": "Bộ Tư pháp", "NHNN": "Ngân hàng Nhà nước Việt Nam", "BXD": "Bộ Xây dựng",
    "BNNMT": "Bộ Nông nghiệp và Môi trường", "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTNMT": "Bộ Tài nguyên và Môi trường", "BGTVT": "Bộ Giao thông vận tải", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BYT": "Bộ Y tế", "BCT": "Bộ Công Thương",
    "BKHCN": "Bộ Khoa học và Công nghệ", "BTTTT": "Bộ Thông tin và Truyền thông", "BNV": "Bộ Nội vụ",
    "BGDĐT": "Bộ Giáo dục và Đào tạo", "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BNG": "Bộ Ngoại giao",
    "VPCP": "Văn phòng Chính phủ", "BHXH": "Bảo hiểm xã hội Việt Nam", "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao", "KTNN": "Kiểm toán nhà nước", "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân", "TTCP": "Thanh tra Chính phủ", "UBDT": "Ủy ban Dân tộc",
}


def legal_kind(number: str, words: str) -> str:
    lowered = words.lower()
    for word, kind in _KINDS:
        if lowered.startswith(word):
            return kind
    symbol = number.split("/")[-1]
    if re.fullmatch(r"QH\d+", symbol):
        return "Luật"
    for prefix, kind in _KIND_BY_SYMBOL:
        if symbol.split("-")[0] == prefix:
            return kind
    for word, kind in _KINDS:
        if word in lowered:
            return kind
    return "Văn bản"


def legal_issuer(number: str) -> str | None:
    parts = number.split("/")[-1].split("-")
    if len(parts) == 1:
        m = re.fullmatch(r"(QH|UBTVQH)\d+", parts[0])
        return ISSUERS[m[1]] if m else None
    names = [ISSUERS.get(re.sub(r"\d+$", "", p)) for p in parts[1:]]
    return ", ".join(n for n in names if n) or None if all(names) else None


_DATE = re.compile(r"ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})\s*(?:/|-|năm)\s*(\d{4})", re.I)


@dataclass
class LegalText:
    number: str
    kind: str
    title: str
    issuer: str | None
    date: str | None


def split_legal(items: list[str]) -> list[str]:
    """Items split in the wrong place ("… Thông tư số", "ngày 01/7/2025 của …") joined back: an item that
    starts with a lower-case letter continues the one before."""
    out: list[str] = []
    for item in (one_line(i) for i in items or []):
        if not item:
            continue
        if out and (item[:1].islower() or not NUMBER.search(out[-1]) and out[-1].rstrip().endswith(("số", "số:", "("))):
            out[-1] = f"{out[-1]} {item}"
        else:
            out.append(item)
    return out


def parse_legal(item: str) -> LegalText | None:
    """One legal-basis item: its number (the one in the closing parenthesis, else the first), kind, title,
    issuer from the symbol, date when written next to the number. None when it has no number."""
    item = one_line(item)
    closing = re.search(r"\((" + NUMBER.pattern + r")\)\s*\.?$", item)
    found = closing[1] if closing else (NUMBER.search(item)[0] if NUMBER.search(item) else None)
    if not found:
        return None
    title = item[: closing.start()].strip(" :.-") if closing else item
    title = re.sub(r"\s+", " ", title).strip() or item
    date = None
    after = item[item.find(found) + len(found):]
    dm = _DATE.match(after.strip(" ,"))
    if dm:
        date = f"{int(dm[1]):02d}/{int(dm[2]):02d}/{dm[3]}"
    kind = legal_kind(found, title)
    if title == found:
        title = f"{kind} {found}"
    return LegalText(found, kind, title[:500], legal_issuer(found), date)


# --------------------------------------------------------------------------- documents and steps


_QTY = re.compile(r"(?:(\d+)\s*bản chính)?\s*,?\s*(?:(\d+)\s*bản sao)?", re.I)
_QTY_LABELLED = re.compile(r"bản chính\s*:\s*(\d+)\s*,?\s*bản sao\s*:\s*(\d+)", re.I)
_FORM_GLUED = re.compile(r"^(.*?\S)\s*([\w .,()-]{1,80}\.(?:docx?|pdf|xlsx?|odt))$", re.I)


def parse_quantity(raw: Any) -> tuple[int, int] | None:
    text = one_line(raw)
    if not text:
        return None
    m = _QTY_LABELLED.search(text)
    if m:
        return int(m[1]), int(m[2])
    m = _QTY.fullmatch(text)
    if m and (m[1] or m[2]):
        return int(m[1] or 0), int(m[2] or 0)
    return None


def parse_steps(raw: Any) -> list[dict]:
    """'Bước 1: Nộp hồ sơ\\n…\\nBước 2: …' -> one step per "Bước N" (name: its first line when short)."""
    text = clean(raw)
    if not text:
        return []
    pieces = re.split(r"(?im)^\s*-?\s*(?=bước\s*\d+\s*[:.\-–])", text)
    pieces = [p.strip() for p in pieces if p.strip()]
    steps = []
    for piece in pieces:
        m = re.match(r"(?i)bước\s*(\d+)\s*[:.\-–]\s*(.*)", piece, re.S)
        if m:
            first, _, rest = m[2].strip().partition("\n")
            if first and len(first) <= 150:
                steps.append({"name": first.strip().rstrip(".:").strip(), **({"description": rest.strip()} if rest.strip() else {})})
            else:
                steps.append({"name": f"Bước {m[1]}", **({"description": m[2].strip()} if m[2].strip() else {})})
        else:
            steps.append({"name": "Các bước thực hiện" if len(pieces) == 1 else "Trước khi thực hiện", "description": piece})
    return steps


# --------------------------------------------------------------------------- one record


@dataclass
class Converted:
    code: str
    front: dict  # the procedure's front matter, in the project's format
    field_name: str
    legal: list[LegalText]
    unparsed: dict[str, list[str]] = field(default_factory=dict)  # national key -> texts kept as words
    notes: list[str] = field(default_factory=list)

    def keep(self, key: str, text: str) -> None:
        self.unparsed.setdefault(key, []).append(text)


def field_id(name: str, known: dict[str, str]) -> str:
    """The lĩnh vực's id: the portal's own when the name matches one in data/fields.yml, else a slug."""
    for fid, fname in known.items():
        if fold(fname) == fold(name):
            return fid
    return slugify(name)[:60].strip("-") or "khac"


def convert(record: dict, fields: dict[str, str] | None = None) -> Converted:
    """One national record in the project's format. `fields`: the portal's lĩnh vực (id -> name)."""
    r = record
    code = r["code"].strip()
    field_name = one_line(r.get("field")) or "Khác"
    out = Converted(code, {}, field_name, [])
    front: dict[str, Any] = {"code": code, "name": one_line(r["name"]), "field": field_id(field_name, fields or {})}
    missing: list[str] = []

    # levels
    levels = []
    for piece in split_top(one_line(r.get("level")), ","):
        level = Level.lookup(piece)
        if level:
            levels.append(level.value)
        else:
            out.keep("level", piece)
    front["levels"] = list(dict.fromkeys(levels)) or [Level.OTHER.value]
    if not levels:
        out.notes.append('cấp thực hiện không đọc được; đã ghi "cơ quan khác"')
    if r.get("status"):
        status = Status.lookup(one_line(r["status"]))
        if status:
            front["status"] = status.value
        else:
            out.keep("status", one_line(r["status"]))

    # steps (the national record always has them; a missing one is said)
    steps = parse_steps(r.get("steps"))
    front["steps"] = steps or [{"name": "Trình tự thực hiện", "description": "Chưa có thông tin"}]
    if not steps:
        out.notes.append("bản ghi quốc gia không có trình tự thực hiện")

    # channels: each with its own time and fee
    channels, fees_by_channel = _channels(r, out)
    if channels:
        front["channels"] = channels
    else:
        missing.append("channels")
    times = {c.get("time") for c in channels}
    if channels and len(times) == 1 and None not in times and len(channels) > 1:
        front["processing_time"] = channels[0]["time"]  # one time for every channel: said once
        for c in channels:
            del c["time"]
    elif not channels:
        general, words = parse_time(r.get("processing_time"))
        if general:
            front["processing_time"] = general
        elif words:
            out.keep("processing_time", words)
    if any("time" not in c for c in channels) and "processing_time" not in front:
        missing.append("processing_time")

    front["fees"] = _fees(fees_by_channel, [c["channel"] for c in channels], r.get("fees"), out)

    # dossier, grouped by case
    dossier = _dossier(r.get("documents") or [], out)
    if dossier:
        front["dossier"] = dossier
    else:
        missing.append("dossier")

    applicants = _applicants(one_line(r.get("applicants")))
    front["applicants"] = applicants or ["Chưa có thông tin"]
    if not applicants:
        out.notes.append("bản ghi quốc gia không có đối tượng thực hiện")

    agency = one_line(r.get("agency"))
    if agency:
        front["agencies"] = {"executing": agency}
    else:
        missing.append("agencies")

    results = [x for x in (one_line(x) for x in split_top(clean(r.get("result")).replace("\n", "; "), ";")) if x]
    if results:
        front["results"] = results
    else:
        missing.append("results")

    numbers, words = [], []
    for item in split_legal(r.get("legal_basis") or []):
        parsed = parse_legal(item)
        if parsed is None:
            words.append(item)
            out.keep("legal_basis", item)
        elif parsed.number not in numbers:
            numbers.append(parsed.number)
            out.legal.append(parsed)
    if numbers:
        front["legal_basis"] = numbers
    elif not words:
        missing.append("legal_basis")
    if words:
        front["legal_basis_text"] = words
        if not numbers:
            missing.append("legal_basis")

    conditions = clean(r.get("conditions"))
    if conditions:
        front["conditions"] = conditions
    else:
        missing.append("conditions")

    if channels and not any(c["channel"] == Channel.ONLINE.value for c in channels):
        front["online_level"] = "không"  # no online channel: no online service
    else:
        missing.append("online_level")  # toàn trình or một phần (or no channel at all): the record does not say
    missing.insert(0, "announcement")
    url = one_line(r.get("source_url"))
    if url:
        if re.fullmatch(r"https?://[^\s<>\"]+", url):
            front["national_url"] = url
        else:
            out.keep("source_url", url)
    front["missing"] = list(dict.fromkeys(missing))
    out.front = ordered(front)
    return out


def ordered(front: dict) -> dict:
    """Front matter in the model's field order (the order staff read in every procedure file)."""
    rank = {name: i for i, name in enumerate(Procedure.model_fields)}
    return {k: front[k] for k in sorted(front, key=lambda k: rank.get(k, len(rank)))}


def _channels(r: dict, out: Converted) -> tuple[list[dict], dict[str, FeeText | None]]:
    entries: dict[str, dict] = {}
    fees: dict[str, list[FeeText | None]] = {}
    general_time = r.get("processing_time")
    by_channel = dict((c.value, t) for c, t in _split_by_channel(one_line(general_time)) if c) if general_time else {}
    for m in r.get("methods") or []:
        channel = Channel.lookup(one_line(m.get("method")))
        if channel is None:
            if one_line(m.get("method")):
                out.keep("methods", one_line(m.get("method")))
            continue
        raw_time = m.get("processing_time") or by_channel.get(channel.value)
        if raw_time is None and not by_channel and general_time and ":" not in str(general_time):
            raw_time = general_time
        time, kept = parse_time(raw_time)
        entry = entries.setdefault(channel.value, {"channel": channel.value, "_times": [], "_notes": []})
        entry["_times"].append((time, kept))
        description = one_line(m.get("description"))
        if description and description not in entry["_notes"]:
            entry["_notes"].append(description)
        fees.setdefault(channel.value, []).append(parse_fee(m.get("fee")))
    channels = []
    for entry in entries.values():
        pairs = list(dict.fromkeys(p for p in entry.pop("_times") if p != (None, None)))
        times = [time or kept for time, kept in pairs]
        notes = entry.pop("_notes")
        if len(pairs) == 1 and pairs[0][0]:
            entry["time"] = pairs[0][0]
        elif times:
            # several times for one channel (by case), or a time without its unit: kept as the national words
            notes.insert(0, "Thời hạn theo Cơ sở dữ liệu quốc gia: " + "; ".join(times))
            out.keep("processing_time", f"{entry['channel']}: " + "; ".join(times))
        if notes:
            entry["note"] = " ".join(notes)
        channels.append(entry)
    merged: dict[str, FeeText | None] = {}
    for channel, items in fees.items():
        distinct = {f.key(): f for f in items if f is not None}
        if len(distinct) > 1:
            texts = [f.rate or (f"{f.amount} {f.currency}" if f.amount is not None else "Miễn phí") for f in distinct.values()]
            merged[channel] = FeeText(rate="; ".join(texts))
            out.keep("fees", f"{channel}: " + "; ".join(texts))
        else:
            merged[channel] = next(iter(distinct.values()), None)
    return channels, merged


def _fees(by_channel: dict[str, FeeText | None], channels: list[str], general: Any, out: Converted) -> list[dict]:
    """Fees in the project's format: one per distinct charge, with the channels it applies to when it does not
    apply to all. The record-level text is read when no channel states a fee."""
    if not any(by_channel.values()) and one_line(general):
        pieces = _split_by_channel(one_line(general))
        if all(c is not None for c, _ in pieces):
            by_channel = {}
            for c, text in pieces:
                fee = parse_fee(text)
                prev = by_channel.get(c.value)
                if prev is not None and fee is not None and prev.key() != fee.key():
                    by_channel[c.value] = FeeText(rate=f"{prev.rate or prev.amount}; {fee.rate or fee.amount}")
                else:
                    by_channel[c.value] = fee
        else:
            fee = parse_fee(one_line(general))
            by_channel = {c: fee for c in channels} or {"": fee}
    groups: dict[tuple, tuple[FeeText, list[str]]] = {}
    for channel, fee in by_channel.items():
        if fee is None or fee.free:
            continue
        groups.setdefault(fee.key(), (fee, []))[1].append(channel)
    result = []
    for fee, applies in groups.values():
        item: dict[str, Any] = {"kind": fee.kind.value, "name": fee.kind.label}
        if fee.amount is not None:
            item["amount"] = fee.amount
            if fee.currency != "đồng":
                item["currency"] = fee.currency
            if fee.unit:
                item["unit"] = fee.unit
        else:
            item["rate"] = fee.rate
            out.keep("fees", fee.rate)
        item["legal_basis"] = []
        for number in dict.fromkeys(NUMBER.findall(" ".join(x for x in (fee.note, fee.rate) if x))):
            # "(… theo quy định tại Thông tư số 85/2019/TT-BTC …)": the text that sets the fee
            found = parse_legal(number)
            item["legal_basis"].append(number)
            if found and all(d.number != number for d in out.legal):
                out.legal.append(LegalText(number, found.kind, found.title, found.issuer, None))
        if set(applies) != set(channels) and all(applies):
            item["channels"] = applies
        if fee.note:
            item["note"] = fee.note
        result.append(item)
    return result


def _dossier(documents: list[dict], out: Converted) -> list[dict]:
    cases: dict[str | None, list[dict]] = {}
    for d in documents:
        name = one_line(d.get("name"))
        if not name:
            continue
        form = one_line(d.get("form")) or None
        glued = _FORM_GLUED.match(name)
        if glued and not form:
            name, form = glued[1].strip(), glued[2].strip()
        doc: dict[str, Any] = {"name": name}
        quantity = parse_quantity(d.get("quantity"))
        if quantity is None:
            doc["original"], doc["copies"] = 0, 0
            if one_line(d.get("quantity")):
                doc["note"] = f"Số lượng theo Cơ sở dữ liệu quốc gia: {one_line(d.get('quantity'))}"
                out.keep("documents", one_line(d.get("quantity")))
        else:
            doc["original"], doc["copies"] = quantity
        if form:
            doc["form"] = form
        case = one_line(d.get("case")).lstrip("*").strip() or None
        documents_in_case = cases.setdefault(case, [])
        if doc not in documents_in_case:
            documents_in_case.append(doc)
    return [{**({"case": case} if case else {}), "documents": docs} for case, docs in cases.items()]


def _applicants(text: str) -> list[str]:
    out: list[str] = []
    for part in split_top(text, ","):
        if out and part[:1].islower():  # "Cán bộ, công chức, viên chức" is one applicant
            out[-1] += ", " + part
        else:
            out.append(part)
    return list(dict.fromkeys(out))
