"""Write national records into a portal's folder, and compare the portal with them.

    report = import_procedures(root, records, force=False)   # congkhai import-procedures
    drift = compare(root, records)                            # congkhai compare

Import writes one procedure file per record (procedures/<lĩnh vực>/<name>.md), adds missing lĩnh vực to
data/fields.yml and missing legal texts to data/legal.yml (appended, existing text and comments kept), and
keeps what it wrote in data/national/<code>.yml. On the next import that copy tells a field staff edited
(the file differs from what was imported) from one the national side changed: an edited field is kept and
the difference shown, unless `force`. An import of the same records changes no file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..common import text as vtext
from ..common.text import fold, slugify
from ..content.source import parse_yaml, read_markdown
from ..content.vocab import Status
from .national import Converted, convert, one_line, ordered
from .plans import dump_yaml

SNAPSHOTS = Path("data") / "national"


@dataclass
class Difference:
    key: str
    local: Any
    national: Any


@dataclass
class RecordResult:
    code: str
    path: str
    action: str  # "tạo mới", "cập nhật", "không đổi"
    updated: list[str] = field(default_factory=list)  # fields taken from the national record
    kept: list[Difference] = field(default_factory=list)  # fields edited here and kept (not with --force)
    forced: list[Difference] = field(default_factory=list)  # fields edited here, replaced with --force
    unparsed: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    results: list[RecordResult]
    fields_added: list[str]
    legal_added: list[str]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.action] = out.get(r.action, 0) + 1
        return out

    def unparsed_counts(self) -> dict[str, int]:
        """National field -> how many records kept some of it as words."""
        out: dict[str, int] = {}
        for r in self.results:
            for key in r.unparsed:
                out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def _load(text: str) -> Any:
    """YAML read as congkhai reads content (every scalar as text), so that values compare as staff wrote them."""
    data, _, problems = parse_yaml(text, "")
    return data if not problems else None


def _canonical(front: dict) -> dict:
    """The front matter as it reads back from its own file: written, then read like staff's files."""
    return _load(dump_yaml(front)) or {}


def _front_of(path: Path, rel: str) -> tuple[dict | None, str]:
    """(front matter, body) of a procedure file, or (None, "") when it cannot be read."""
    source, _ = read_markdown(path, rel)
    if source is None or not isinstance(source.data, dict):
        return None, ""
    return source.data, source.body


def _local_procedures(root: Path) -> dict[str, tuple[Path, dict, str]]:
    """code -> (file, front matter, body) of each procedure file in the portal (read once)."""
    out = {}
    for path in sorted((root / "procedures").rglob("*.md")) if (root / "procedures").is_dir() else []:
        front, body = _front_of(path, path.relative_to(root).as_posix())
        if front and isinstance(front.get("code"), str):
            out.setdefault(front["code"].strip(), (path, front, body))
    return out


def _list_file(path: Path) -> list:
    if not path.is_file():
        return []
    data = _load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else []


def _append(path: Path, items: list[dict]) -> None:
    """Add entries to a YAML list file as text at its end: what is there, comments included, stays as it is."""
    if not items:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    if before.strip() in ("", "[]"):
        before = ""
    text = dump_yaml(items)
    path.write_text(before + ("" if not before or before.endswith("\n") else "\n") + text, encoding="utf-8")


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def _new_path(root: Path, front: dict, stems: set[str]) -> Path:
    """procedures/<lĩnh vực>/<name as a slug, cut at a word>.md; the file name is the page's address
    (thu-tuc/<name>/), so it must be unique across all folders: the code is added when it is not."""
    slug = slugify(front["name"])
    if len(slug) > 80:
        slug = slug[:81].rsplit("-", 1)[0]
    base = slug or front["code"].replace(".", "-")
    if base in stems:
        base = f"{base}-{front['code'].replace('.', '-')}"
    stems.add(base)
    return root / "procedures" / front["field"] / f"{base}.md"


def import_procedures(root: Path, records: list[dict], force: bool = False,
                      today: dt.date | None = None) -> ImportReport:
    root = Path(root)
    fields_file = root / "data" / "fields.yml"
    legal_file = root / "data" / "legal.yml"
    fields = {str(f.get("id")): str(f.get("name")) for f in _list_file(fields_file) if isinstance(f, dict)}
    legal_numbers = {str(d.get("number")) for d in _list_file(legal_file) if isinstance(d, dict)}
    local = _local_procedures(root)
    new_fields: dict[str, str] = {}
    new_legal: dict[str, dict] = {}
    results = []
    stems = {path.stem for path in (root / "procedures").rglob("*.md")} if (root / "procedures").is_dir() else set()
    for record in records:
        converted = convert(record, {**fields, **new_fields})
        front = converted.front
        if front["field"] not in fields and front["field"] not in new_fields:
            new_fields[front["field"]] = converted.field_name
        for doc in converted.legal:
            if doc.number not in legal_numbers and doc.number not in new_legal:
                entry = {"number": doc.number, "kind": doc.kind, "title": doc.title}
                if doc.date:
                    entry["date"] = doc.date
                if doc.issuer:
                    entry["issuer"] = doc.issuer
                new_legal[doc.number] = entry
        results.append(_sync_one(root, converted, local.get(converted.code), force, stems))
    _append(fields_file, [{"id": k, "name": v} for k, v in new_fields.items()])
    _append(legal_file, list(new_legal.values()))
    return ImportReport(results, list(new_fields), list(new_legal))


def _sync_one(root: Path, converted: Converted, existing: tuple[Path, dict, str] | None, force: bool,
              stems: set[str]) -> RecordResult:
    written = dump_yaml(converted.front)
    national = _load(written) or {}
    snapshot_path = root / SNAPSHOTS / f"{converted.code}.yml"
    snapshot = _load(snapshot_path.read_text(encoding="utf-8")) if snapshot_path.is_file() else None
    if existing is None:
        path = _new_path(root, converted.front, stems)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + written + "---\n", encoding="utf-8")
        _write_if_changed(snapshot_path, written)
        return RecordResult(converted.code, path.relative_to(root).as_posix(), "tạo mới",
                            unparsed=converted.unparsed, notes=converted.notes)
    existing, local, body = existing
    rel = existing.relative_to(root).as_posix()
    result = RecordResult(converted.code, rel, "không đổi", unparsed=converted.unparsed, notes=converted.notes)
    merged = dict(local)
    for key in list(dict.fromkeys([*national, *local])):
        here, there = local.get(key), national.get(key)
        if here == there:
            continue
        edited = snapshot is None or here != snapshot.get(key)
        if not edited:
            result.updated.append(key)
        elif force:
            result.forced.append(Difference(key, here, there))
        else:
            result.kept.append(Difference(key, here, there))
            continue
        if there is None:
            merged.pop(key, None)
        else:
            merged[key] = converted.front[key]
    if result.updated or result.forced:
        result.action = "cập nhật"
        merged = ordered(merged)
        existing.write_text("---\n" + dump_yaml(merged) + "---\n" + body, encoding="utf-8")
    _write_if_changed(snapshot_path, written)
    return result


# --------------------------------------------------------------------------- drift


# What `compare` checks, with the words it uses; the policy (mkdocs.yml extra.congkhai.drift) says for each
# whether a difference stops CI ("fail") or is only reported ("warn").
DRIFT_KINDS = {
    "name": "tên thủ tục", "time": "thời hạn giải quyết", "fee": "phí, lệ phí", "documents": "thành phần hồ sơ",
    "legal_basis": "căn cứ pháp lý", "abolished": "đã bãi bỏ trên Cơ sở dữ liệu quốc gia",
    "missing_here": "có trên Cơ sở dữ liệu quốc gia, chưa có trên cổng",
    "missing_national": "có trên cổng, không có trong bản xuất quốc gia",
}
DEFAULT_POLICY = {"name": "fail", "time": "fail", "fee": "fail", "documents": "fail", "legal_basis": "warn",
                  "abolished": "fail", "missing_here": "warn", "missing_national": "warn"}


@dataclass
class Drift:
    kind: str  # a key of DRIFT_KINDS
    code: str
    path: str | None
    local: str = ""
    national: str = ""


def _times(front: dict) -> list[str]:
    general = front.get("processing_time")
    out = []
    for c in front.get("channels") or []:
        if isinstance(c, dict):
            out.append(f"{c.get('channel')}: {c.get('time') or general or 'chưa có'}")
    return sorted(out) or ([str(general)] if general else [])


def _fee_words(front: dict) -> list[str]:
    out = []
    for f in front.get("fees") or []:
        if not isinstance(f, dict) or f.get("valid_until"):
            continue
        rate = str(f.get("amount") or f.get("rate") or f.get("percent") or "theo trường hợp")
        digits = rate.replace(".", "")
        if digits.isdigit():
            rate = vtext.number(int(digits)) + " " + str(f.get("currency") or "đồng")
        channels = f.get("channels")
        channels = ", ".join(channels) if isinstance(channels, list) else channels
        out.append(rate + (f"/{f['unit']}" if f.get("unit") else "") + (f" ({channels})" if channels else ""))
    return sorted(out)


def _documents(front: dict) -> list[str]:
    names = []
    for case in front.get("dossier") or []:
        for d in (case.get("documents") if isinstance(case, dict) else None) or []:
            if isinstance(d, dict) and d.get("name"):
                names.append(" ".join(str(d["name"]).split()))
    return sorted(set(names))


def _folded(values: list[str] | str) -> list[str] | str:
    return [fold(v) for v in values] if isinstance(values, list) else fold(values)


def _show(values: list[str] | str) -> str:
    return "; ".join(values) if isinstance(values, list) else values


def compare(root: Path, records: list[dict], scope: list[dict] | None = None) -> list[Drift]:
    """Each local procedure against the national record of its code: name, time, fee, documents, legal basis;
    abolished nationally; codes missing on either side. `scope`: the national records this portal should
    hold (its selection), for "missing here" — default: those of its lĩnh vực by name."""
    root = Path(root)
    by_code = {r["code"].strip(): r for r in records}
    fields = {str(f.get("id")): str(f.get("name")) for f in _list_file(root / "data" / "fields.yml") if isinstance(f, dict)}
    local = _local_procedures(root)
    out: list[Drift] = []
    for code, (path, front, _) in sorted(local.items()):
        rel = path.relative_to(root).as_posix()
        record = by_code.get(code)
        if record is None:
            out.append(Drift("missing_national", code, rel))
            continue
        national = _canonical(convert(record, fields).front)
        status = Status.lookup(one_line(record.get("status"))) if record.get("status") else None
        if status in (Status.ABOLISHED, Status.REPLACED) and Status.lookup(str(front.get("status") or "")) not in (
                Status.ABOLISHED, Status.REPLACED):
            out.append(Drift("abolished", code, rel, str(front.get("status") or "đang áp dụng"), status.value))
        pairs = (("name", lambda f: " ".join(str(f.get("name") or "").split())),
                 ("time", _times), ("fee", _fee_words), ("documents", _documents),
                 ("legal_basis", lambda f: sorted(str(x) for x in (f.get("legal_basis") or []))))
        for kind, read in pairs:
            here, there = read(front), read(national)
            if _folded(here) != _folded(there):  # letter case and tone placement are not a difference
                if kind == "documents":
                    same = set(_folded(here)) & set(_folded(there))
                    extra = [x for x in here if fold(x) not in same]
                    lacking = [x for x in there if fold(x) not in same]
                    here, there = ([f"thêm: {x}" for x in extra] or ["—"]), ([f"thiếu: {x}" for x in lacking] or ["—"])
                out.append(Drift(kind, code, rel, _show(here), _show(there)))
    wanted = scope if scope is not None else [r for r in records if fold(r.get("field") or "") in {fold(n) for n in fields.values()}]
    for r in wanted:
        if r["code"].strip() not in local:
            out.append(Drift("missing_here", r["code"].strip(), None, "", one_line(r.get("name"))))
    return out


def drift_policy(root: Path) -> tuple[dict[str, str], list[str]]:
    """mkdocs.yml extra.congkhai.drift: kind -> "fail" or "warn" (DEFAULT_POLICY for what it does not say)."""
    policy = dict(DEFAULT_POLICY)
    config = Path(root) / "mkdocs.yml"
    if not config.is_file():
        return policy, []

    class _Loose(yaml.SafeLoader):  # mkdocs.yml may carry !ENV and !!python tags: read past them
        pass

    _Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loose) or {}
    except yaml.YAMLError:
        return policy, ["mkdocs.yml: không đọc được; dùng chính sách mặc định"]
    given = ((data.get("extra") or {}).get("congkhai") or {}).get("drift") or {}
    problems = []
    for key, value in given.items() if isinstance(given, dict) else []:
        if key not in DRIFT_KINDS:
            problems.append(f'mkdocs.yml: extra.congkhai.drift.{key}: không có loại khác biệt này; các loại: '
                            + ", ".join(DRIFT_KINDS))
        elif value not in ("fail", "warn"):
            problems.append(f'mkdocs.yml: extra.congkhai.drift.{key} là "{value}"; cần "fail" hoặc "warn"')
        else:
            policy[key] = value
    return policy, problems
