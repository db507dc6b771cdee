"""Load and validate a whole site: data files, procedures and the links between them.

    site = load_site(Path("."))      # raises ContentError listing every problem

Layout of a site folder:
    data/department.yml   the department, its one-stop desk and feedback channels
    data/fields.yml       lĩnh vực (list)
    data/units.yml        units of the department (list)
    data/officials.yml    officials and their phones (list)
    data/legal.yml        legal documents cited by procedures and fees (list)
    procedures/**/*.md    one procedure per file: record in front matter, guidance in the body
    plans/**/*.md         one plan per file: header and tasks in front matter, the text in the body
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .model import (
    form_file_ok, Department, FieldOfWork, LegalDocument, Official, Plan, Procedure, Requirement, SearchWords, Statistics,
    Unit,
)
from ..common.problems import ContentError, Problem, format_path
from .body import needs_rendering, problems as body_problems, render as render_body
from .links import link_problems
from .source import Source, read_markdown, read_page, read_yaml
from ..common.text import slugify
from .validate import check_list, check_record, label_for
from .vocab import DeskRole
from .vocab import Status


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


def field_url(field_id: str) -> str:
    """The address of a lĩnh vực's page."""
    return f"thu-tuc/linh-vuc/{field_id}/"


NOTICE_BOARD_URL = "niem-yet/"  # the notice-board sheets (niêm yết) and their index: congkhai/derive/notice_board.py


@dataclass
class PlanEntry:
    """A plan and where it came from."""

    record: Plan
    slug: str
    source: str
    body: str

    @property
    def url(self) -> str:
        return f"ke-hoach/{self.slug}/"


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
    plans: list[PlanEntry] = field(default_factory=list)
    statistics: list[Statistics] = field(default_factory=list)  # oldest period first
    requirements: list[Requirement] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # generated block ("fee-schedule") -> page address
    by_code: dict[str, ProcedureEntry] = field(default_factory=dict)
    replacing: dict[str, list[ProcedureEntry]] = field(default_factory=dict)  # code -> procedures it replaced
    by_slug: dict[str, ProcedureEntry] = field(default_factory=dict)
    cache: dict = field(default_factory=dict, repr=False)  # results derived once per build (congkhai.derive)
    search_words: SearchWords | None = None  # data/search_words.yml, if the portal has one

    def __post_init__(self) -> None:
        # indexes built once, so that rendering one page never walks the whole site
        self.by_code = {p.record.code: p for p in self.procedures}
        self.by_slug = {p.slug: p for p in self.procedures}
        for p in self.procedures:
            if p.record.replaced_by:
                self.replacing.setdefault(p.record.replaced_by, []).append(p)

    def procedures_in(self, field_id: str) -> list[ProcedureEntry]:
        return [p for p in self.procedures if p.record.field == field_id]

    def desk_officials(self, role: DeskRole) -> list[Official]:
        return [o for o in self.officials.values() if o.desk_role is role]


# A compliance check's parameter checker: the parameters written in data/requirements.yml -> (parameter, problem).
CheckParams = Callable[[dict], list[tuple[str, str]]]

_SLUG_FILE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.md")


def build_date_from_text(raw, where: str = "extra.congkhai.build_date") -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(str(raw), fmt).date()
        except ValueError:
            pass
    raise ContentError([Problem(where, None, None, f'"{raw}" không phải là ngày dạng ngày/tháng/năm')])


def build_date_from_env() -> dt.date:
    """The build date: CONGKHAI_BUILD_DATE (dd/mm/yyyy or yyyy-mm-dd), SOURCE_DATE_EPOCH, or today.
    (mkdocs.yml `extra: congkhai: build_date:` is read by the adapter and passed to load_site.)"""
    raw = os.environ.get("CONGKHAI_BUILD_DATE")
    if raw:
        return build_date_from_text(raw, "CONGKHAI_BUILD_DATE")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_list(root: Path, name: str, model, problems: list[Problem], key: str = "id", unread: list | None = None):
    """A data file holding a list of records, by `key`. A file that cannot be read, or is not a list, is noted in
    `unread` as (file, None); a record whose own key is wrong as (file, the key it was meant to be)."""
    path = root / "data" / name
    rel = f"data/{name}"
    if not path.is_file():
        problems.append(Problem(rel, None, None, "không tìm thấy tệp này; site cần nó để tạo trang"))
        return {}, None, set()
    source, found = read_yaml(path, rel)
    problems += found
    if source is None or not isinstance(source.data, list):
        if unread is not None:
            unread.append((rel, None))
        if source is None:
            return {}, None, set()
    # every key written in the file, valid record or not: a reference to a record that has
    # its own problem is not reported again
    declared = {item.get(key) for item in source.data if isinstance(item, dict) and isinstance(item.get(key), str)} \
        if isinstance(source.data, list) else set()
    records, found = check_list(model, source)
    problems += found
    valid_keys = {getattr(record, key) for record, _ in records}
    if unread is not None:  # "can-bo-atbx\u200b", "An-toan": references to the key meant wait for its fix
        unread += [(rel, slugify(k)) for k in declared - valid_keys if slugify(k)]
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
    # never suggest a key that is itself wrong ("can-bo-atbx\u200b"): ids must be their own slug
    ids_only = where in ("data/fields.yml", "data/units.yml", "data/officials.yml")
    candidates = [k for k in known if k == slugify(k)] if ids_only else [k for k in known if _CODE.fullmatch(k)] \
        if where == "procedures/" else list(known)
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    hint = f'; có phải ý bạn là "{close[0]}"?' if close else ""
    return f'không có {kind} mã "{value}" trong {where}{hint}'


def load_site(root: Path, build_date: dt.date | None = None, *, checks: Mapping[str, CheckParams]) -> Site:
    """Read and check every content file under `root`; raise ContentError with all problems.

    `checks` names the compliance checks a requirement (data/requirements.yml) may ask for, each with
    the function that finds problems in its parameters. The checks belong to a later stage
    (congkhai.derive.compliance); `congkhai.load_site` passes them in."""
    root = Path(root)
    problems: list[Problem] = []
    ids = _Known(fields=set(), units=set(), officials=set(), legal=set())

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

    unread = ids.unread
    fields, _, field_ids = _read_list(root, "fields.yml", FieldOfWork, problems, unread=unread.setdefault("lĩnh vực", []))
    units, _, unit_ids = _read_list(root, "units.yml", Unit, problems, unread=unread.setdefault("đơn vị", []))
    officials, officials_src, official_ids = _read_list(root, "officials.yml", Official, problems,
                                                        unread=unread.setdefault("cán bộ", []))
    legal, _, legal_ids = _read_list(root, "legal.yml", LegalDocument, problems, key="number",
                                     unread=unread.setdefault("văn bản", []))
    ids.fields, ids.units, ids.officials, ids.legal = field_ids, unit_ids, official_ids, legal_ids

    if officials_src is not None:
        for i, official in enumerate(officials.values()):
            loc = _loc_of(officials_src, "id", official.id)
            here = f"data/officials.yml:{officials_src.line(loc)}"
            if official.unit not in unit_ids and not ids.defer("đơn vị", official.unit, here):
                problems.append(Problem("data/officials.yml", officials_src.line(loc + ("unit",)), f"[{loc[0]}].unit",
                                        _unknown("đơn vị", official.unit, units, "data/units.yml"), "Đơn vị"))
            for j, f in enumerate(official.fields):
                if f not in field_ids and not ids.defer("lĩnh vực", f, here):
                    problems.append(Problem("data/officials.yml", officials_src.line(loc + ("fields", j)),
                                            f"[{loc[0]}].fields[{j}]", _unknown("lĩnh vực", f, fields, "data/fields.yml"),
                                            "Lĩnh vực công tác"))

    procedures = _read_folder(root, "procedures", Procedure, ProcedureEntry, problems, ids, "thủ tục", "code")
    # codes and numbers as written, when written as text (a list there is the model's to report)
    ids.codes = {c for _, src in procedures.all if isinstance(c := src.data.get("code"), str)}
    valid_codes = {entry.record.code for entry, _ in procedures.valid}
    for _, src in procedures.all:  # a code written wrong ("\u202e1.000173", "１.000173"): references wait for its fix
        code = src.data.get("code")
        if code is not None and not (isinstance(code, str) and code in valid_codes):
            # the code this file meant, when it can be told; else any unknown code may be this file's
            meant = _meant_code(code) if isinstance(code, str) else None
            ids.unread.setdefault("thủ tục", []).append((src.rel, meant))
    ids.procedure_slugs = procedures.names
    plans = _read_folder(root, "plans", Plan, PlanEntry, problems, ids, "kế hoạch", "number")
    ids.plan_slugs = plans.names
    ids.docs = root / "docs"
    ids.root = root
    for _, src in procedures.all:
        problems += _procedure_references(src, ids)
    problems += _replacement_chains(procedures.valid)
    for entry, src in procedures.valid:
        problems += _consistency(entry.record, src, Procedure)
        for i, fee in enumerate(entry.record.fees):
            if fee.channels and not set(fee.channels) <= {c.channel for c in entry.record.channels}:
                loc = ("fees", i, "channels")
                problems.append(Problem(src.rel, src.line(loc), format_path(loc),
                                        'khoản thu áp dụng cho hình thức nộp mà thủ tục không có trong "channels"',
                                        label_for(Procedure, loc)))
    for _, src in plans.all:
        problems += _plan_references(src, ids)
    for entry, src in plans.valid:
        problems += _consistency(entry.record, src, Plan)

    ids.plan_numbers = {n for _, src in plans.all if isinstance(n := src.data.get("number"), str)}
    statistics = _read_statistics(root, ids, problems)
    requirements = _read_requirements(root, ids, checks, problems)
    search_words = _read_search_words(root, problems)

    block_pages, docs_sources = _read_docs(root, problems)
    problems += _bodies(root, procedures, plans, docs_sources, fields, units)
    for rel, places in ids.deferred.items():
        more = f" và {len(places) - 1} chỗ khác" if len(places) > 1 else ""
        first = min((p.line for p in problems if p.file == rel and p.line), default=None)
        problems.append(Problem(rel, first, None, f"vì lỗi ở đây, chỗ dẫn tới tệp này ({places[0]}{more}) chưa được kiểm tra; "
                                "các chỗ đó không báo lỗi riêng: hãy sửa lỗi ở tệp này trước, rồi chạy lại"))
    if problems or department is None:
        raise ContentError(problems)
    procedure_list = [e for e, _ in procedures.valid]
    procedure_list.sort(key=lambda e: (list(fields).index(e.record.field), e.record.name))
    plan_list = [e for e, _ in plans.valid]
    plan_list.sort(key=lambda e: (-e.record.year, e.record.issuer, e.record.number))
    return Site(root, build_date or build_date_from_env(), department, fields, units, officials, legal,
                procedure_list, plan_list, statistics, requirements, block_pages, search_words=search_words)


@dataclass
class _Folder:
    all: list  # (record or None, source) for every file that could be read
    valid: list  # (entry, source) for every file that passed the model
    names: set = field(default_factory=set)  # page names of every file, readable or not


@dataclass
class _Known:
    """Identifiers that references may point to, taken from the raw files."""

    fields: set
    units: set
    officials: set
    legal: set
    codes: set = field(default_factory=set)
    procedure_slugs: set = field(default_factory=set)
    plan_slugs: set = field(default_factory=set)
    plan_numbers: set = field(default_factory=set)
    docs: Path | None = None
    root: Path | None = None
    code_owner: dict = field(default_factory=dict)  # code -> first file that used it
    local_owner: dict = field(default_factory=dict)
    # files that could not be read, by kind of record: [(file, the id written in it if it could be found)]
    unread: dict = field(default_factory=dict)
    deferred: dict = field(default_factory=dict)  # unreadable file -> places whose reference to it was not checked

    def defer(self, kind: str, value: str, where: str) -> bool:
        """True when `value` may be a record of a file that could not be read: its own error is what staff must
        fix first, so the reference is noted against that file instead of reported as unknown (the file's
        problems say "xem lỗi của tệp")."""
        for rel, written in self.unread.get(kind, []):
            if written is None or written == value:
                self.deferred.setdefault(rel, []).append(where)
                return True
        return False


def _read_folder(root: Path, folder: str, model, entry_type, problems: list[Problem], ids: _Known, kind: str,
                 key: str) -> _Folder:
    """Every Markdown file under `folder`, checked against `model`; file names must be page addresses.
    A file that cannot be read is remembered in `ids.unread[kind]` with its `key` read from the raw text."""
    out = _Folder([], [])
    base = root / folder
    seen: dict[str, str] = {}
    for path in sorted(base.rglob("*.md")) if base.is_dir() else []:
        rel = _rel(root, path)
        out.names.add(slugify(path.stem))
        if not _SLUG_FILE.fullmatch(path.name):
            suggestion = slugify(path.stem) or "ten-tep"
            problems.append(Problem(rel, None, None, "tên tệp chỉ được gồm chữ thường không dấu, số và dấu gạch ngang "
                                    f'(tên tệp là địa chỉ trang); hãy đổi tên thành "{suggestion}.md"'))
            ids.unread.setdefault(kind, []).append((rel, _raw_value(path, key)))
            continue
        if path.stem in seen:
            problems.append(Problem(rel, None, None, f"trùng tên tệp với {seen[path.stem]}; hai trang sẽ cùng một "
                                    "địa chỉ, hãy đổi tên một tệp"))
            continue
        seen[path.stem] = rel
        source, found = read_markdown(path, rel)
        problems += found
        if source is None:
            ids.unread.setdefault(kind, []).append((rel, _raw_value(path, key)))
            continue
        out.all.append((None, source))
        record, found = check_record(model, source.data, source)
        problems += found
        if record is not None:
            out.valid.append((entry_type(record, path.stem, rel, source.body), source))
    return out


_CODE = re.compile(r"[1-9]\.\d{6}")


def _meant_code(raw: str) -> str | None:
    """The national code a wrongly written one stands for: invisible characters dropped, digits made 0-9."""
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in raw
                   if unicodedata.category(ch) not in ("Cf", "Zs", "Cc", "Pi", "Pf"))
    return text if _CODE.fullmatch(text.strip()) and text != raw else None


def _raw_value(path: Path, key: str) -> str | None:
    """`key: value` read from a file's raw lines, for a file whose YAML cannot be read."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    match = re.search(rf"^{key}:[ \t]*([^#\n]*)", text, re.M)
    return match.group(1).strip(" \t\"'[]{}") or None if match else None


def _consistency(record, src: Source, model) -> list[Problem]:
    return [Problem(src.rel, src.line(loc), format_path(loc), message, label_for(model, loc))
            for loc, message in record.consistency()]


def _replacement_chains(valid: list) -> list[Problem]:
    """`replaced_by` must lead a citizen to a procedure that applies: no loop of procedures that replace one
    another (each page would send them to the other), no replacement that is itself abolished."""

    by_code = {entry.record.code: (entry, src) for entry, src in valid}
    out = []
    for entry, src in valid:
        start = entry.record
        if not start.replaced_by or start.replaced_by not in by_code:
            continue
        path, code = [start.code], start.replaced_by
        while code in by_code and code not in path:
            path.append(code)
            code = by_code[code][0].record.replaced_by
        loc = ("replaced_by",)
        if code in path:
            loop = " → ".join(path[path.index(code):] + [code])
            out.append(Problem(src.rel, src.line(loc), "replaced_by", f"các thủ tục thay thế nhau thành vòng ({loop}): "
                               "người dân sẽ bị chuyển qua lại mãi; hãy ghi mã của thủ tục đang áp dụng",
                               label_for(Procedure, loc)))
            continue
        last = by_code[path[-1]][0].record
        if last.status is Status.ABOLISHED:
            out.append(Problem(src.rel, src.line(loc), "replaced_by", f'thủ tục thay thế (mã {path[-1]}) đã bãi bỏ; '
                               "hãy ghi mã của thủ tục đang áp dụng, hoặc ghi thủ tục này là \"đã bãi bỏ\"",
                               label_for(Procedure, loc)))
    return out


def _claim(owner: dict, value: str, rel: str) -> str | None:
    """Record that `rel` uses `value`; the file that used it first, if another one did."""
    first = owner.setdefault(value, rel)
    return first if first != rel else None


def _procedure_references(src: Source, ids: _Known) -> list[Problem]:
    """Links from one procedure file to other records, read from its raw data so that a file with
    other problems is still checked: every problem of the build is reported at once."""
    data, out = src.data, []

    def report(loc: tuple, message: str) -> None:
        out.append(Problem(src.rel, src.line(loc), format_path(loc), message, label_for(Procedure, loc)))

    def unknown(kind: str, value: str, known: set, loc: tuple) -> bool:
        if kind in ("lĩnh vực", "cán bộ", "đơn vị") and value != slugify(value):
            return False  # not an id at all: the model says so, with the id it was meant to be
        return value not in known and not ids.defer(kind, value, f"{src.rel}:{src.line(loc)}")

    code = data.get("code")
    if isinstance(code, str) and (first := _claim(ids.code_owner, code, src.rel)):
        report(("code",), f'mã thủ tục "{code}" đã dùng cho {first}; mỗi thủ tục có một mã riêng')
    local = data.get("local_code")
    if isinstance(local, str):
        if first := _claim(ids.local_owner, local, src.rel):
            report(("local_code",), f'mã "{local}" đã dùng cho {first}')
        if isinstance(code, str) and not local.startswith(code + "."):
            report(("local_code",), f'mã địa phương phải bắt đầu bằng mã thủ tục "{code}."')
    field_id = data.get("field")
    if isinstance(field_id, str) and unknown("lĩnh vực", field_id, ids.fields, ("field",)):
        report(("field",), _unknown("lĩnh vực", field_id, ids.fields, "data/fields.yml"))
    for loc, value in _items(data, "officials"):
        if unknown("cán bộ", value, ids.officials, loc):
            report(loc, _unknown("cán bộ", value, ids.officials, "data/officials.yml"))
    legal_refs = list(_items(data, "legal_basis"))
    fees = data.get("fees")
    for i, fee in enumerate(fees if isinstance(fees, list) else []):
        if isinstance(fee, dict):
            legal_refs += list(_items(fee, "legal_basis", ("fees", i)))
    for loc, value in legal_refs:
        if unknown("văn bản", value, ids.legal, loc):
            message = _unknown("văn bản", value, ids.legal, "data/legal.yml")
            report(loc, message.replace("; có phải ý bạn là", ". Có phải ý bạn là") if "?" in message else
                   message + "; hãy thêm văn bản vào data/legal.yml hoặc sửa số, ký hiệu")
    for loc, value in _form_files(data):
        if ids.root is None or not form_file_ok(value):  # a bad name is reported by the model
            continue
        folder = (ids.root / src.rel).parent
        path = folder / value
        shown = (Path(src.rel).parent / value).as_posix()
        if not path.is_file():
            report(loc, f'không tìm thấy tệp mẫu "{shown}"; hãy đặt tệp vào đúng chỗ đó (cạnh tệp thủ tục) '
                        "hoặc sửa tên tệp")
        elif path.stat().st_size > MAX_FORM_BYTES:
            report(loc, f'tệp mẫu "{shown}" nặng {path.stat().st_size // (1024 * 1024)} MB; tệp mẫu cần nhỏ hơn '
                        f"{MAX_FORM_BYTES // (1024 * 1024)} MB để người dân tải được trên điện thoại")
    replaced_by = data.get("replaced_by")
    if isinstance(replaced_by, str) and unknown("thủ tục", replaced_by, ids.codes, ("replaced_by",)):
        report(("replaced_by",), f'không có thủ tục mã "{replaced_by}" trên trang; "replaced_by" phải là mã của '
               "một thủ tục có trong thư mục procedures/")
    return out


_UNIT_REF = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+|[a-z0-9]+")


def _plan_references(src: Source, ids: _Known) -> list[Problem]:
    """A plan's tasks name units by id (van-phong) or by name as written; ids must exist.
    Evidence must lead to a page of the site, a procedure code, or an https:// address."""
    data, out = src.data, []
    tasks = data.get("tasks")
    for i, task in enumerate(tasks if isinstance(tasks, list) else []):
        if not isinstance(task, dict):
            continue
        for key in ("lead", "coordinating"):
            for loc, value in _items(task, key, ("tasks", i)):
                meant = slugify(value)
                if value[:1].islower() and not _UNIT_REF.fullmatch(value) and meant in ids.units:  # "van phong"
                    out.append(Problem(src.rel, src.line(loc), format_path(loc),
                                       f'không có đơn vị mã "{value}" trong data/units.yml; có phải ý bạn là "{meant}"?',
                                       label_for(Plan, loc)))
                elif value[:1].islower() and not _UNIT_REF.fullmatch(value):
                    out.append(Problem(src.rel, src.line(loc), format_path(loc),
                                       f'"{value}" có vẻ là nửa sau của một tên đơn vị bị tách ở dấu phẩy; hãy đặt cả '
                                       'tên trong ngoặc kép, ví dụ ["Các phòng, đơn vị thuộc Sở"]', label_for(Plan, loc)))
                elif _UNIT_REF.fullmatch(value) and value not in ids.units \
                        and not ids.defer("đơn vị", value, f"{src.rel}:{src.line(loc)}"):
                    out.append(Problem(src.rel, src.line(loc), format_path(loc),
                                       _unknown("đơn vị", value, ids.units, "data/units.yml")
                                       + "; tên đơn vị viết như văn bản thì cần có chữ hoa hoặc dấu cách",
                                       label_for(Plan, loc)))
        for loc, value in _items(task, "evidence", ("tasks", i)):
            if not evidence_exists(value, ids) and not _defer_evidence(value, ids, f"{src.rel}:{src.line(loc)}"):
                out.append(Problem(src.rel, src.line(loc), format_path(loc),
                                   f'không tìm thấy "{value}" trên cổng; cần mã thủ tục (ví dụ "1.000173"), địa chỉ một '
                                   'trang của cổng (ví dụ "bieu-phi/", "can-bo/", "thu-tuc/") hoặc đường dẫn https://',
                                   label_for(Plan, loc)))
    return out


def _defer_evidence(value: str, ids: _Known, where: str) -> bool:
    """Evidence naming a procedure code, unit or lĩnh vực kept in a file that could not be read."""
    parts = value.strip("/").split("#")[0].split("/")
    if re.fullmatch(r"\d\.\d{6}", value):
        return ids.defer("thủ tục", value, where)
    if parts[0] == "don-vi" and len(parts) == 2:
        return ids.defer("đơn vị", parts[1], where)
    if parts[:2] == ["thu-tuc", "linh-vuc"] and len(parts) == 3:
        return ids.defer("lĩnh vực", parts[2], where)
    return False


def evidence_exists(value: str, ids: _Known) -> bool:
    if re.match(r"https?://", value):
        return True
    if value in ids.codes:
        return True
    path = value.strip("/").split("#")[0]
    if path == NOTICE_BOARD_URL.strip("/"):
        return True
    if path in ("", "thu-tuc", "ke-hoach", "ke-hoach/theo-doi"):
        return path == "" or (ids.docs is not None and _doc_exists(ids.docs, path))
    parts = path.split("/")
    if parts[0] == "thu-tuc" and len(parts) == 2:
        return parts[1] in ids.procedure_slugs
    if parts[0] == "thu-tuc" and len(parts) == 3 and parts[1] == "linh-vuc":
        return parts[2] in ids.fields
    if parts[0] == "don-vi" and len(parts) == 2:
        return parts[1] in ids.units
    if parts[0] == "ke-hoach" and len(parts) == 2 and parts[1] in ids.plan_slugs:
        return True
    return ids.docs is not None and _doc_exists(ids.docs, path)


def _doc_exists(docs: Path, path: str) -> bool:
    return (docs / f"{path}.md").is_file() or (docs / path / "index.md").is_file()




def _bodies(root: Path, procedures: _Folder, plans: _Folder, docs: list[Source], fields, units) -> list[Problem]:
    """Every body (procedures, plans, docs pages) under the body policy, and its links checked against every file
    the site will have, as the strict build checks them; each body rendered once for both."""
    known = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*") if p.is_file()} \
        if (root / "docs").is_dir() else set()
    known |= {f"thu-tuc/{slug}.md" for slug in procedures.names} | {f"ke-hoach/{slug}.md" for slug in plans.names}
    known |= {field_url(f).rstrip("/") + ".md" for f in fields} | {f"don-vi/{u}.md" for u in units}
    known.add(NOTICE_BOARD_URL + "index.md")
    for _, src in procedures.all:
        known |= {f"thu-tuc/{src.path.stem}/{value}" for _, value in _form_files(src.data)}
    pages = [(src, f"{kind}/{src.path.stem}.md") for folder, kind in ((procedures, "thu-tuc"), (plans, "ke-hoach"))
             for _, src in folder.all] + [(src, src.path.relative_to(root / "docs").as_posix()) for src in docs]
    out = []
    for src, page in pages:
        rendered = render_body(src.body) if needs_rendering(src.body) else None
        out += body_problems(src.body, src.rel, src.body_line, rendered)
        out += _links(src, page, known, rendered)
    return out


def _links(src: Source, page: str, known: set[str], rendered: str | None) -> list[Problem]:
    return link_problems(src.body, src.rel, src.body_line, page, known, rendered)


def _read_docs(root: Path, problems: list[Problem]) -> tuple[dict[str, str], list[Source]]:
    """Hand-written pages (docs/): read like content files (encoding checked); returns which page carries which generated block (front matter `congkhai: fee-schedule`), and
    the pages read."""
    out: dict[str, str] = {}
    sources: list[Source] = []
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        rel = _rel(root, path)
        source, found = read_page(path, rel)
        problems.extend(found)
        if source is None:
            continue
        sources.append(source)
        block = source.data.get("congkhai") if isinstance(source.data, dict) else None
        if isinstance(block, str):
            page = path.relative_to(docs).with_suffix("").as_posix()
            url = "" if page == "index" else (page[: -len("/index")] if page.endswith("/index") else page) + "/"
            out.setdefault(block, url)
    return out, sources


def _read_statistics(root: Path, ids: _Known, problems: list[Problem]) -> list[Statistics]:
    """data/statistics/*.yml: one file per reporting period."""
    out: list[tuple[Statistics, str]] = []
    folder = root / "data" / "statistics"
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        rel = _rel(root, path)
        source, found = read_yaml(path, rel)
        problems.extend(found)
        if source is None:
            continue
        rows = source.data.get("rows") if isinstance(source.data, dict) else None
        seen: dict[str, int] = {}
        for i, row in enumerate(rows if isinstance(rows, list) else []):
            if not isinstance(row, dict):
                continue
            for key, known, where, kind in (("procedure", ids.codes, "procedures/", "thủ tục"),
                                            ("field", ids.fields, "data/fields.yml", "lĩnh vực")):
                value = row.get(key)
                if isinstance(value, str):
                    loc = ("rows", i, key)
                    if value not in known:
                        if not ids.defer(kind, value, f"{rel}:{source.line(loc)}"):
                            problems.append(Problem(rel, source.line(loc), format_path(loc),
                                                    _unknown(kind, value, known, where), label_for(Statistics, loc)))
                    elif value in seen:
                        problems.append(Problem(rel, source.line(loc), format_path(loc),
                                                f'"{value}" đã có số liệu ở dòng {seen[value]} của tệp này; mỗi thủ tục, '
                                                "lĩnh vực chỉ ghi một dòng trong một kỳ", label_for(Statistics, loc)))
                    else:
                        seen[value] = source.line(loc)
        record, found = check_record(Statistics, source.data, source)
        problems.extend(found)
        if record is not None:
            out.append((record, rel, source.line(("period",))))
    periods: dict = {}
    for record, rel, line in out:
        if record.period in periods:
            problems.append(Problem(rel, line, "period", f'kỳ "{record.period}" đã có số liệu trong {periods[record.period]}; '
                                    "mỗi kỳ chỉ một tệp", label_for(Statistics, ("period",))))
        periods.setdefault(record.period, rel)
    return sorted((r for r, _, _ in out), key=lambda r: (r.period.end, r.period.start))


def _read_search_words(root: Path, problems: list[Problem]) -> SearchWords | None:
    """data/search_words.yml (optional): the portal's own abbreviations and old names for the search box."""
    path = root / "data" / "search_words.yml"
    if not path.is_file():
        return None
    source, found = read_yaml(path, "data/search_words.yml")
    problems.extend(found)
    if source is None:
        return None
    record, found = check_record(SearchWords, source.data, source)
    problems.extend(found)
    return record


def _read_requirements(root: Path, ids: _Known, checks: Mapping[str, CheckParams],
                       problems: list[Problem]) -> list[Requirement]:
    """data/requirements.yml: the register of publication duties and targets (optional)."""
    path = root / "data" / "requirements.yml"
    if not path.is_file():
        return []
    requirements, source, _ = _read_list(root, "requirements.yml", Requirement, problems)
    for i, item in enumerate(source.data if source is not None and isinstance(source.data, list) else []):
        if not isinstance(item, dict):
            continue

        def report(loc: tuple, message: str) -> None:
            problems.append(Problem("data/requirements.yml", source.line((i,) + loc), f"[{i}]." + format_path(loc),
                                    message, label_for(Requirement, loc)))

        ref = item.get("source", {}).get("ref") if isinstance(item.get("source"), dict) else None
        if isinstance(ref, str) and ref not in ids.legal and ref not in ids.plan_numbers \
                and not ids.defer("văn bản", ref, f"data/requirements.yml:{source.line((i, 'source', 'ref'))}") \
                and not ids.defer("kế hoạch", ref, f"data/requirements.yml:{source.line((i, 'source', 'ref'))}"):
            report(("source", "ref"), f'không có văn bản "{ref}" trong data/legal.yml, cũng không có kế hoạch số "{ref}" '
                   "trong plans/; mỗi yêu cầu phải dẫn một văn bản có trên cổng")
        check = item.get("check")
        if isinstance(check, str):
            if check not in checks:
                close = difflib.get_close_matches(check, list(checks), n=1)
                report(("check",), f'không có phép kiểm tra "{check}"' + (f'; có phải ý bạn là "{close[0]}"?' if close
                       else "; các phép kiểm tra có sẵn: " + ", ".join(sorted(checks))))
            elif isinstance(item.get("params", {}), dict):
                for key, message in checks[check](item.get("params") or {}):
                    report(("params", key), message)
        for loc, value in _items(item, "evidence"):
            if not evidence_exists(value, ids) and not _defer_evidence(value, ids, f"data/requirements.yml:"
                                                                                 f"{source.line((i,) + loc)}"):
                report(loc, f'không tìm thấy trang "{value}" trên cổng')
    return list(requirements.values())


MAX_FORM_BYTES = 10 * 1024 * 1024


def _form_files(data: dict):
    """(location, path) of each dossier document's form file, read from raw data."""
    dossier = data.get("dossier")
    for i, case in enumerate(dossier if isinstance(dossier, list) else []):
        documents = case.get("documents") if isinstance(case, dict) else None
        for j, doc in enumerate(documents if isinstance(documents, list) else []):
            value = doc.get("form_file") if isinstance(doc, dict) else None
            if isinstance(value, str) and value.strip():
                yield ("dossier", i, "documents", j, "form_file"), value.strip()


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
