"""Load and validate a whole site: data files, procedures and the links between them.

    site = load_site(Path("."))      # raises ContentError listing every problem

Layout of a site folder:
    data/department.yml   the department, its one-stop desk and feedback channels
    data/fields.yml       lĩnh vực (list)
    data/units.yml        units of the department (list)
    data/officials.yml    officials and their phones (list)
    data/legal.yml        legal documents cited by procedures and fees (list)
    procedures/**/*.md    one procedure per file: record in front matter, guidance in the body
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import Department, FieldOfWork, LegalDocument, Official, Procedure, Unit
from .problems import ContentError, Problem, format_path
from .source import Source, read_markdown, read_yaml
from .text import slugify
from .validate import check_list, check_record, label_for
from .vocab import DeskRole


@dataclass
class ProcedureEntry:
    """A procedure and where it came from."""

    record: Procedure
    slug: str
    source: str  # path relative to the site root
    body: str  # Markdown guidance under the front matter

    @property
    def url(self) -> str:
        return f"thu-tuc/{self.slug}/"


@dataclass
class Site:
    root: Path
    build_date: dt.date
    department: Department
    fields: dict[str, FieldOfWork]
    units: dict[str, Unit]
    officials: dict[str, Official]
    legal: dict[str, LegalDocument]
    procedures: list[ProcedureEntry]
    by_code: dict[str, ProcedureEntry] = field(default_factory=dict)
    replacing: dict[str, list[ProcedureEntry]] = field(default_factory=dict)  # code -> procedures it replaced

    def __post_init__(self) -> None:
        # indexes built once, so that rendering one page never walks the whole site
        self.by_code = {p.record.code: p for p in self.procedures}
        for p in self.procedures:
            if p.record.replaced_by:
                self.replacing.setdefault(p.record.replaced_by, []).append(p)

    def procedures_in(self, field_id: str) -> list[ProcedureEntry]:
        return [p for p in self.procedures if p.record.field == field_id]

    def desk_officials(self, role: DeskRole) -> list[Official]:
        return [o for o in self.officials.values() if o.desk_role is role]


_SLUG_FILE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.md")


def build_date_from_env() -> dt.date:
    """The build date: CONGKHAI_BUILD_DATE (dd/mm/yyyy or yyyy-mm-dd), SOURCE_DATE_EPOCH, or today."""
    raw = os.environ.get("CONGKHAI_BUILD_DATE")
    if raw:
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(raw, fmt).date()
            except ValueError:
                pass
        raise ContentError([Problem("CONGKHAI_BUILD_DATE", None, None, f'"{raw}" không phải là ngày dạng ngày/tháng/năm')])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_list(root: Path, name: str, model, problems: list[Problem], key: str = "id"):
    path = root / "data" / name
    rel = f"data/{name}"
    if not path.is_file():
        problems.append(Problem(rel, None, None, "không tìm thấy tệp này; site cần nó để tạo trang"))
        return {}, None, set()
    source, found = read_yaml(path, rel)
    problems += found
    if source is None:
        return {}, None, set()
    # every key written in the file, valid record or not: a reference to a record that has
    # its own problem is not reported again
    declared = {item.get(key) for item in source.data if isinstance(item, dict) and isinstance(item.get(key), str)} \
        if isinstance(source.data, list) else set()
    records, found = check_list(model, source)
    problems += found
    out: dict = {}
    for record, loc in records:
        ident = getattr(record, key)
        if ident in out:
            problems.append(Problem(rel, source.line(loc + (key,)), f"[{loc[0]}].{key}", label=label_for(model, (key,)),
                                    message=f'mã "{ident}" đã được dùng cho một mục khác trong tệp này; mỗi mã chỉ dùng một lần'))
        else:
            out[ident] = record
    return out, source, declared


def _unknown(kind: str, value: str, known, where: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f'; có phải ý bạn là "{close[0]}"?' if close else ""
    return f'không có {kind} mã "{value}" trong {where}{hint}'


def load_site(root: Path, build_date: dt.date | None = None) -> Site:
    """Read and check every content file under `root`; raise ContentError with all problems."""
    root = Path(root)
    problems: list[Problem] = []

    department = None
    dep_path = root / "data" / "department.yml"
    if dep_path.is_file():
        source, found = read_yaml(dep_path, "data/department.yml")
        problems += found
        if source is not None:
            department, found = check_record(Department, source.data, source)
            problems += found
    else:
        problems.append(Problem("data/department.yml", None, None, "không tìm thấy tệp thông tin cơ quan"))

    fields, _, field_ids = _read_list(root, "fields.yml", FieldOfWork, problems)
    units, _, unit_ids = _read_list(root, "units.yml", Unit, problems)
    officials, officials_src, official_ids = _read_list(root, "officials.yml", Official, problems)
    legal, _, legal_ids = _read_list(root, "legal.yml", LegalDocument, problems, key="number")

    if officials_src is not None:
        for i, official in enumerate(officials.values()):
            loc = _loc_of(officials_src, "id", official.id)
            if official.unit not in unit_ids:
                problems.append(Problem("data/officials.yml", officials_src.line(loc + ("unit",)), f"[{loc[0]}].unit",
                                        _unknown("đơn vị", official.unit, units, "data/units.yml"), "Đơn vị"))
            for j, f in enumerate(official.fields):
                if f not in field_ids:
                    problems.append(Problem("data/officials.yml", officials_src.line(loc + ("fields", j)),
                                            f"[{loc[0]}].fields[{j}]", _unknown("lĩnh vực", f, fields, "data/fields.yml"),
                                            "Lĩnh vực công tác"))

    procedures: list[ProcedureEntry] = []
    sources: dict[str, Source] = {}
    all_sources: list[Source] = []
    proc_dir = root / "procedures"
    paths = sorted(proc_dir.rglob("*.md")) if proc_dir.is_dir() else []
    for path in paths:
        rel = _rel(root, path)
        if not _SLUG_FILE.fullmatch(path.name):
            suggestion = slugify(path.stem) or "ten-thu-tuc"
            problems.append(Problem(rel, None, None, "tên tệp chỉ được gồm chữ thường không dấu, số và dấu gạch ngang "
                                    f'(tên tệp là địa chỉ trang); hãy đổi tên thành "{suggestion}.md"'))
            continue
        source, found = read_markdown(path, rel)
        problems += found
        if source is None:
            continue
        all_sources.append(source)
        record, found = check_record(Procedure, source.data, source)
        problems += found
        if record is None:
            continue
        sources[rel] = source
        procedures.append(ProcedureEntry(record, path.stem, rel, source.body))

    # cross-references, read from the raw data so that a file with other problems is
    # still checked: every problem of the build is reported at once ------------------
    seen_slug: dict[str, str] = {}
    seen_code: dict[str, str] = {}
    seen_local: dict[str, str] = {}
    codes = {src.data.get("code") for src in all_sources}
    for src in all_sources:
        data = src.data

        def report(loc: tuple, message: str, src: Source = src) -> None:
            problems.append(Problem(src.rel, src.line(loc), format_path(loc), message, label_for(Procedure, loc)))

        slug = src.path.stem
        if slug in seen_slug:
            problems.append(Problem(src.rel, None, None, f"trùng tên tệp với {seen_slug[slug]}; "
                                    "hai thủ tục sẽ cùng một địa chỉ trang, hãy đổi tên một tệp"))
        seen_slug.setdefault(slug, src.rel)
        code = data.get("code")
        if isinstance(code, str):
            if code in seen_code:
                report(("code",), f'mã thủ tục "{code}" đã dùng cho {seen_code[code]}; mỗi thủ tục có một mã riêng')
            seen_code.setdefault(code, src.rel)
        local = data.get("local_code")
        if isinstance(local, str):
            if local in seen_local:
                report(("local_code",), f'mã "{local}" đã dùng cho {seen_local[local]}')
            seen_local.setdefault(local, src.rel)
            if isinstance(code, str) and not local.startswith(code + "."):
                report(("local_code",), f'mã địa phương phải bắt đầu bằng mã thủ tục "{code}."')
        field_id = data.get("field")
        if isinstance(field_id, str) and field_id not in field_ids:
            report(("field",), _unknown("lĩnh vực", field_id, field_ids, "data/fields.yml"))
        for loc, value in _items(data, "officials"):
            if value not in official_ids:
                report(loc, _unknown("cán bộ", value, official_ids, "data/officials.yml"))
        for loc, value in _items(data, "legal_basis"):
            if value not in legal_ids:
                report(loc, _unknown("văn bản", value, legal_ids, "data/legal.yml")
                       + "; hãy thêm văn bản vào data/legal.yml hoặc sửa số, ký hiệu")
        fees = data.get("fees")
        for i, fee in enumerate(fees if isinstance(fees, list) else []):
            if isinstance(fee, dict):
                for loc, value in _items(fee, "legal_basis", ("fees", i)):
                    if value not in legal_ids:
                        report(loc, _unknown("văn bản", value, legal_ids, "data/legal.yml")
                               + "; hãy thêm văn bản vào data/legal.yml hoặc sửa số, ký hiệu")
        replaced_by = data.get("replaced_by")
        if isinstance(replaced_by, str) and replaced_by not in codes:
            report(("replaced_by",), f'không có thủ tục mã "{replaced_by}" trên trang; "replaced_by" phải là mã của '
                   "một thủ tục có trong thư mục procedures/")

    # rules between fields of one valid record
    for entry in procedures:
        p, src = entry.record, sources[entry.source]
        for loc, message in p.consistency():
            problems.append(Problem(src.rel, src.line(loc), format_path(loc), message, label_for(Procedure, loc)))
        for i, fee in enumerate(p.fees):
            if fee.channels and not set(fee.channels) <= {c.channel for c in p.channels}:
                loc = ("fees", i, "channels")
                problems.append(Problem(src.rel, src.line(loc), format_path(loc),
                                        'khoản thu áp dụng cho hình thức nộp mà thủ tục không có trong "channels"',
                                        label_for(Procedure, loc)))

    if problems or department is None:
        raise ContentError(problems)
    procedures.sort(key=lambda e: (list(fields).index(e.record.field), e.record.name))
    return Site(root, build_date or build_date_from_env(), department, fields, units, officials, legal, procedures)


def _items(data: dict, key: str, prefix: tuple = ()):
    """(location, text) of each reference under `key`, which may hold one text or a list of texts."""
    value = data.get(key)
    if isinstance(value, str):
        yield prefix + (key,), value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield prefix + (key, i), item


def _loc_of(source: Source, key: str, value: str) -> tuple:
    for i, item in enumerate(source.data):
        if isinstance(item, dict) and item.get(key) == value:
            return (i,)
    return ()
