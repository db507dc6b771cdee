"""Open data: the portal's records as files under du-lieu/, each with its JSON Schema, and a catalogue for harvesters.

    data = open_data(site, site_url="")          # OpenData: the datasets and every file's bytes (once per build)
    write_open_data(site, site_dir, site_url)     # into the built site (the MkDocs adapter, on_post_build)

What is published, at addresses that never change (no date, no hash in a name):
- du-lieu/thu-tuc.jsonl: every procedure, the whole record, one JSON document a line; du-lieu/thu-tuc/<mã>.json the
  same record alone; du-lieu/thu-tuc.csv one line per procedure;
- du-lieu/phi-le-phi.{json,csv}: one row per fee with its procedure's code;
- du-lieu/can-bo, don-vi, linh-vuc, van-ban .{json,csv}: officials, units, lĩnh vực and legal texts, the records;
- du-lieu/ke-hoach.json the plans with their tasks (the records), ke-hoach.csv one line per plan, and
  du-lieu/nhiem-vu.{json,csv} one row per task with its due date and status as the tracker shows them;
- du-lieu/yeu-cau-cong-khai.{json,csv}: each requirement and its result, as the Công khai dashboard shows it;
- du-lieu/thong-ke.{json,csv}: dossier results, one row per period and procedure (or lĩnh vực);
- du-lieu/schema/<name>.schema.json: the JSON Schema of each kind of file;
- du-lieu/data.json: the catalogue in the Project Open Data (DCAT-US 1.1) "data.json" shape that data.gov, CKAN's
  and JKAN's harvesters read: each dataset's title, description, keywords, last update, publisher, contact,
  licence and its files (downloadURL, mediaType, describedBy: the schema).
The page du-lieu/ (docs/du-lieu.md, `congkhai: open-data`) lists them for people.

How the files follow the model (congkhai/content/model.py) without naming its fields:
- a record is dumped field by field (`plain`): a field added to the model appears in the files and the schemas
  with no change here, and loading a record back gives the same record (Procedure.model_validate(it) == it);
- a table has one column per field of its record, nested records flattened ("announcement_number", title
  "Quyết định công bố: Số quyết định công bố"), one-line values (a processing time, a period, a plan's date, a
  deadline) as their text, lists of records left to the JSON (a fee's table of cases excepted), then the columns
  the pages derive (a task's due date and whether it is overdue, a requirement's result);
- each table's schema is generated from a pydantic model made of those columns; each record's from the model
  itself, in pydantic's serialization mode: they describe the files as they are (ISO dates, numbers, objects),
  where /schema/ describes the content files staff write.

Formats: JSON in UTF-8 (Vietnamese letters as they are); CSV in UTF-8 with a byte order mark (Excel then reads
Vietnamese right), comma-separated, CRLF line ends, a header row of the field names; in a CSV a list is its items
joined by "; ", a nested record or a list of them is JSON, true/false is "có"/"không", and a text that starts like
an Excel formula (= + - @) is prefixed with ' so that Excel shows it rather than runs it (the JSON keeps it as is).
A file depends only on the records and the build date (its `modified` is the build date, or for a procedure's
record its `updated`, else the date of the last commit of its file): a rebuild gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import json
import posixpath
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, Optional, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import to_jsonable_python

from ..common.text import slugify
from .addresses import site_address
from ..content import model as m
from ..content.deadline import Deadline
from ..content.site import Site
from ..derive import listings
from ..content.vocab import Status
from ..derive.compliance import MET, NOT_APPLICABLE, NOT_MET, compliance
from ..derive.essentials import last_changed
from .schemas import DIALECT, STRING_MODELS

FOLDER = "du-lieu"
CATALOG = f"{FOLDER}/data.json"

# The licence (decided for every portal; README "Open data"): Creative Commons Attribution 4.0. The records are
# what the law makes the department publish (TTHC, phí, lệ phí, cán bộ, kết quả giải quyết hồ sơ) and legal and
# administrative texts are outside copyright (Luật Sở hữu trí tuệ, Điều 15); CC BY 4.0 states that in words every
# open-data portal and harvester knows (it conforms to the Open Definition), asks nothing but the source, so a
# copy can always be traced back to the department's own record.
LICENCE = {
    "name": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.vi",
    "uri": "https://creativecommons.org/licenses/by/4.0/",
    "line": "Dữ liệu mở: được tự do sao chép, dùng lại, kết hợp và phân phối, kể cả cho mục đích thương mại, "
            "với điều kiện ghi nguồn",
}

# types the model reads from one line of text and that a table shows as that text
TEXT_TYPES = (Deadline,)
_STRING_MODEL_TYPES = tuple(STRING_MODELS)


# --------------------------------------------------------------------------- values


def plain(value: Any) -> Any:
    """A record (or any value of one) as JSON data, field by field in the model's order: dates as yyyy-mm-dd,
    closed lists as their value, a deadline as the words the plan wrote (what the model reads back)."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, TEXT_TYPES):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return to_jsonable_python(value)


def _table_value(value: Any) -> Any:
    if isinstance(value, _STRING_MODEL_TYPES + TEXT_TYPES):
        return str(value)
    if isinstance(value, list):
        return [_table_value(v) for v in value]
    return plain(value)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One value of a table as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


# --------------------------------------------------------------------------- columns and row models


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    type: Any  # the type of its value, for the schema
    get: Callable[[Any], Any]  # the row's source -> the value (a model value; made plain when written)
    description: Optional[str] = None


def _unwrap(annotation: Any) -> tuple[bool, Any]:
    """(a list?, the item's type) of a field's type, without Optional and Annotated."""
    is_list = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType) and len([a for a in get_args(annotation) if a is not type(None)]) == 1:
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        elif origin is list and not is_list:
            is_list, annotation = True, get_args(annotation)[0]
        else:
            return is_list, annotation


def _attr(obj: Any, name: str) -> Any:
    return None if obj is None else getattr(obj, name)


def record_columns(model: type[BaseModel], get: Callable[[Any], Any] = lambda row: row, *, exclude: tuple = (),
                   keep_lists: bool = False, prefix: str = "", title_prefix: str = "") -> list[Column]:
    """One column per field of `model` (the record `get` finds in a row's source), in the model's order: a nested
    record flattened into its fields, a list of records left out (or, with keep_lists, one column of them)."""
    out = []
    for name, info in model.model_fields.items():
        if name in exclude:
            continue
        key, title = prefix + name, title_prefix + (info.title or name)
        getter = (lambda row, name=name, get=get: _attr(get(row), name))
        is_list, inner = _unwrap(info.annotation)
        nested = isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in STRING_MODELS
        if nested and not is_list:
            out += record_columns(inner, getter, keep_lists=keep_lists, prefix=key + "_", title_prefix=title + ": ")
            continue
        if nested and not keep_lists:
            continue
        if inner in STRING_MODELS or inner in TEXT_TYPES:
            kind: Any = list[str] if is_list else str
        else:
            kind = info.annotation
        out.append(Column(key, title, Optional[kind], getter, info.description))
    return out


def is_flat(model: type[BaseModel]) -> bool:
    """Every field of the record is a plain value or a list of them: its table is the record itself."""
    for info in model.model_fields.values():
        inner = _unwrap(info.annotation)[1]
        if inner in TEXT_TYPES or isinstance(inner, type) and issubclass(inner, BaseModel):
            return False
    return True


def column(key: str, title: str, kind: Any, get: Callable[[Any], Any], description: Optional[str] = None) -> Column:
    return Column(key, title, Optional[kind], get, description)


def row_model(name: str, columns: list[Column]) -> type[BaseModel]:
    """The pydantic model of a table's row: its schema is the table's."""
    keys = [c.key for c in columns]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"{name}: columns named twice: {', '.join(twice)}")
    fields = {c.key: (c.type, Field(title=c.title, description=c.description)) for c in columns}
    return create_model(name, __config__=ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True),
                        **fields)


def rows_of(columns: list[Column], sources: list) -> list[dict]:
    return [{c.key: _table_value(c.get(s)) for c in columns} for s in sources]


# --------------------------------------------------------------------------- schemas


class _Generator(GenerateJsonSchema):
    """pydantic's serialization schema, with a deadline as the text the files hold and without the classes'
    docstrings (English notes for developers)."""

    def dataclass_schema(self, schema):
        if schema.get("cls") in TEXT_TYPES:
            return {"type": "string"}
        return super().dataclass_schema(schema)

    def model_schema(self, schema):
        return _no_docstring(super().model_schema(schema), schema["cls"])

    def enum_schema(self, schema):
        return _no_docstring(super().enum_schema(schema), schema["cls"])


def _no_docstring(out: dict, cls: type) -> dict:
    if out.get("description") and out["description"] == inspect.cleandoc(cls.__doc__ or ""):
        out.pop("description")
    return out


def schema_of(model: type[BaseModel], title: str, description: str, many: bool) -> dict:
    record = model.model_json_schema(mode="serialization", schema_generator=_Generator)
    defs = record.pop("$defs", {})
    record.pop("description", None)
    out: dict = {"$schema": DIALECT, "title": title, "description": description}
    if many:
        record.pop("title", None)
        defs[model.__name__] = record
        out.update({"type": "array", "items": {"$ref": f"#/$defs/{model.__name__}"}})
    else:
        record.pop("title", None)
        out.update(record)
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def schema_fields(schema: dict) -> list[tuple[str, str, str]]:
    """(key, title, kind of value in words) of each field of the schema's record (or row), in order."""
    defs = schema.get("$defs", {})
    item = schema
    if schema.get("type") == "array":
        item = defs[schema["items"]["$ref"].rsplit("/", 1)[1]]
    return [(key, prop.get("title", key), value_kind(prop, defs)) for key, prop in item["properties"].items()]


def value_kind(prop: dict, defs: dict) -> str:
    """What a schema's value is, in Vietnamese words, as the page lists it ("ngày", "danh sách chữ")."""
    if "$ref" in prop:
        return value_kind(defs[prop["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in prop:
        kinds = [value_kind(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " hoặc ".join(dict.fromkeys(kinds)) or "trống"
    if "enum" in prop:
        return "một trong: " + ", ".join(f"“{v}”" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        item = value_kind(prop.get("items", {}), defs)
        return "danh sách, mỗi mục là " + item if item.startswith("một trong") else "danh sách " + item
    if kind == "string":
        if prop.get("format") == "date":
            return "ngày (năm-tháng-ngày)"
        return "số thập phân (viết như chữ, ví dụ “0.1”)" if "\\d*\\.?\\d*" in prop.get("pattern", "") else "chữ"
    return {"integer": "số nguyên", "number": "số", "boolean": "có hoặc không (true, false)",
            "object": "nhóm thông tin"}.get(kind, "giá trị")


# --------------------------------------------------------------------------- files


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _jsonl(records: list) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records).encode("utf-8")


def _csv(keys: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([csv_cell(row[k]) for k in keys])
    return out.getvalue().encode("utf-8-sig")


def size_text(n: int) -> str:
    """A file's size as the pages say it: "12 KB", "1,4 MB"."""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    tenths = round(n * 10 / (1024 * 1024))
    return f"{tenths // 10},{tenths % 10} MB" if tenths % 10 else f"{tenths // 10} MB"


FORMATS = {"json": ("JSON", "application/json"), "jsonl": ("JSON Lines", "application/jsonl"),
           "csv": ("CSV", "text/csv"), "schema": ("JSON Schema", "application/schema+json")}


@dataclass
class DataFile:
    path: str  # in the site: du-lieu/can-bo.csv
    data: bytes
    kind: str  # a key of FORMATS
    title: str  # what it holds, in a few words
    modified: dt.date
    schema: Optional[str] = None  # the path of its schema
    records: int = 0

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    @property
    def format(self) -> str:
        return FORMATS[self.kind][0]

    @property
    def media_type(self) -> str:
        return FORMATS[self.kind][1]

    @property
    def size(self) -> str:
        return size_text(len(self.data))


@dataclass
class SchemaFile:
    file: DataFile
    label: str  # "một thủ tục", "một dòng của thu-tuc.csv"
    fields: list[tuple[str, str, Optional[str]]]


@dataclass
class Dataset:
    name: str  # the anchor on the page, and the catalogue's identifier
    title: str
    description: str
    keywords: list[str]
    files: list[DataFile]
    schemas: list[SchemaFile]
    records: list[DataFile] = field(default_factory=list)  # one file per record (procedures)
    count: int = 0  # how many records or rows
    unit: str = "bản ghi"  # what is counted: "thủ tục", "khoản phí, lệ phí"

    @property
    def modified(self) -> dt.date:
        return max(f.modified for f in self.files + self.records)

    @property
    def every_file(self) -> list[DataFile]:
        return self.files + self.records


@dataclass
class OpenData:
    datasets: list[Dataset]
    catalog: DataFile

    @property
    def files(self) -> dict[str, bytes]:
        """Every file to write: site path -> bytes."""
        out = {self.catalog.path: self.catalog.data}
        for d in self.datasets:
            for f in d.every_file + [s.file for s in d.schemas]:
                out[f.path] = f.data
        return out


class _Builder:
    """Collects the files of one dataset."""

    def __init__(self, site: Site, name: str, title: str, description: str, keywords: list[str], unit: str):
        self.site = site
        self.dataset = Dataset(name, title, description, keywords, [], [], unit=unit)
        self._schemas: dict[str, DataFile] = {}

    def schema(self, name: str, schema: dict, label: str) -> str:
        path = f"{FOLDER}/schema/{name}.schema.json"
        if path not in self._schemas:
            file = DataFile(path, _json(schema), "schema", f"Lược đồ JSON Schema của {label}", self.site.build_date)
            self._schemas[path] = file
            self.dataset.schemas.append(SchemaFile(file, label, schema_fields(schema)))
        return path

    def table(self, name: str, title: str, columns: list[Column], sources: list, *, json_too: bool = True,
              schema_name: Optional[str] = None) -> list[dict]:
        """A table as CSV (and as JSON, unless the dataset's JSON is its records), with the schema of its rows."""
        model = row_model("".join(part.capitalize() for part in name.split("-")) + "Row", columns)
        label = f"một dòng của {name}.csv" if not json_too else f"một dòng của {name}.json và {name}.csv"
        schema = schema_of(model, f"{self.dataset.title}: {title}", _schema_note(self.site, f"{FOLDER}/{name}.csv"),
                           many=True)
        path = self.schema(schema_name or name, schema, label)
        rows = rows_of(columns, sources)
        if json_too:
            self.add(DataFile(f"{FOLDER}/{name}.json", _json(rows), "json", title, self.site.build_date, path,
                              len(rows)))
        self.add(DataFile(f"{FOLDER}/{name}.csv", _csv([c.key for c in columns], rows), "csv", title,
                          self.site.build_date, path, len(rows)))
        self.dataset.count = self.dataset.count or len(rows)
        return rows

    def records(self, name: str, title: str, model: type[BaseModel], records: list, label: str) -> None:
        """A list of records as JSON (each loads back into `model`), and as CSV when the record is flat."""
        schema = schema_of(model, f"{self.dataset.title}: {title}",
                           _schema_note(self.site, f"{FOLDER}/{name}.json"), many=True)
        columns = record_columns(model)
        flat = is_flat(model)
        path = self.schema(name, schema, label + (f" ({name}.json và {name}.csv)" if flat else f" ({name}.json)"))
        self.add(DataFile(f"{FOLDER}/{name}.json", _json([plain(r) for r in records]), "json", title,
                          self.site.build_date, path, len(records)))
        if flat:
            self.add(DataFile(f"{FOLDER}/{name}.csv", _csv([c.key for c in columns], rows_of(columns, records)), "csv",
                              title, self.site.build_date, path, len(records)))
        self.dataset.count = len(records)

    def add(self, file: DataFile) -> None:
        self.dataset.files.append(file)


def _schema_note(site: Site, path: str) -> str:
    return (f"Tệp {path} trên cổng của {site.department.name}. Tạo từ congkhai/content/model.py mỗi khi cổng được "
            f"cập nhật. {LICENCE['line']}.")


# --------------------------------------------------------------------------- the datasets


def _procedures(site: Site, site_url: str) -> Dataset:
    b = _Builder(site, "thu-tuc", "Thủ tục hành chính",
                 f"Các thủ tục hành chính do {site.department.name} công khai (kể cả thủ tục nội bộ và thủ tục đã bãi "
                 "bỏ, thay thế): toàn bộ thông tin của từng thủ tục theo Điều 8 Nghị định 63/2010/NĐ-CP (trình tự, cách "
                 "thức, hồ sơ, thời hạn, đối tượng, cơ quan, kết quả, phí, lệ phí, mẫu đơn, điều kiện, căn cứ pháp lý).",
                 ["thủ tục hành chính", "TTHC", "dịch vụ công", "phí, lệ phí", site.department.province], "thủ tục")
    entries = sorted(site.procedures, key=lambda e: e.record.code)
    dates = last_changed(site)
    records = [plain(e.record) for e in entries]
    schema = schema_of(m.Procedure, "Thủ tục hành chính: một thủ tục",
                       _schema_note(site, f"{FOLDER}/thu-tuc/<mã thủ tục>.json và {FOLDER}/thu-tuc.jsonl"), many=False)
    path = b.schema("thu-tuc", schema, "một thủ tục (thu-tuc.jsonl, thu-tuc/<mã>.json)")
    modified = [e.record.updated or dates.get(e.source) or site.build_date for e in entries]
    b.add(DataFile(f"{FOLDER}/thu-tuc.jsonl", _jsonl(records), "jsonl", "Mọi thủ tục, mỗi dòng một thủ tục",
                   max(modified, default=site.build_date), path, len(records)))
    for entry, record, day in zip(entries, records, modified):
        b.dataset.records.append(DataFile(f"{FOLDER}/thu-tuc/{entry.record.code}.json", _json(record), "json",
                                          entry.record.name, day, path, 1))

    def fee_lines(e):
        return [f"{f.name}: {f.short_rate()}" for _, f in listings.fees_in_force(site, e)]

    columns = record_columns(m.Procedure, lambda e: e.record) + [
        column("field_name", "Tên lĩnh vực", str, lambda e: site.fields[e.record.field].name),
        column("channel_names", "Hình thức nộp", list[str], lambda e: [c.channel.value for c in e.record.channels or []]),
        column("fees_in_force", f"Phí, lệ phí áp dụng ngày {site.build_date:%d/%m/%Y}", list[str], fee_lines,
               "Tên và mức thu của từng khoản; chi tiết trong phi-le-phi.csv."),
        column("result_names", "Kết quả thực hiện", list[str], lambda e: [r.name for r in e.record.results or []]),
        column("url", "Trang thủ tục", str, lambda e: site_address(site_url, e.url)),
    ]
    b.table("thu-tuc", "Danh sách thủ tục, mỗi dòng một thủ tục", columns, entries, json_too=False,
            schema_name="thu-tuc-bang")
    b.dataset.count = len(entries)
    return b.dataset


def _fees(site: Site, site_url: str) -> Dataset:
    b = _Builder(site, "phi-le-phi", "Phí, lệ phí",
                 "Mọi khoản phí, lệ phí của các thủ tục hành chính, mỗi dòng một khoản với mã thủ tục, mức thu, đối "
                 "tượng nộp, miễn giảm, văn bản quy định (các cột Điều 14 Luật Phí và lệ phí) và cho biết khoản đó có "
                 f"đang áp dụng ngày {site.build_date:%d/%m/%Y} không.",
                 ["phí", "lệ phí", "biểu phí", "thủ tục hành chính", site.department.province], "khoản phí, lệ phí")
    sources = [(e, i, f) for e in sorted(site.procedures, key=lambda e: e.record.code)
               for i, f in enumerate(e.record.fees)]
    row = listings.fee_row
    columns = [
        column("procedure_code", "Mã thủ tục", str, lambda s: s[0].record.code),
        column("procedure_name", "Tên thủ tục", str, lambda s: s[0].record.name),
        column("procedure_field", "Lĩnh vực", str, lambda s: s[0].record.field),
        column("procedure_status", "Tình trạng thủ tục", Status, lambda s: s[0].record.status),
        column("fee_number", "Thứ tự khoản trong thủ tục", int, lambda s: s[1] + 1),
    ] + record_columns(m.Fee, lambda s: s[2], keep_lists=True) + [
        column("rate_text", "Mức thu (như trang ghi)", str, lambda s: s[2].rate_text()),
        column("payer_applied", "Đối tượng nộp (áp dụng)", str, lambda s: row(site, s[0], s[1], s[2]).payer,
               "Đối tượng nộp ghi riêng cho khoản này, hoặc đối tượng thực hiện thủ tục."),
        column("payment_applied", "Phương thức thu (áp dụng)", str, lambda s: row(site, s[0], s[1], s[2]).payment,
               "Phương thức thu ghi riêng cho khoản này, hoặc phương thức thu chung của Sở."),
        column("in_force", f"Đang áp dụng ngày {site.build_date:%d/%m/%Y}", bool,
               lambda s: s[0].record.is_current and s[2].in_force(site.build_date),
               "Có khi thủ tục đang áp dụng và khoản thu có hiệu lực vào ngày cổng được cập nhật."),
        column("url", "Trang thủ tục", str, lambda s: site_address(site_url, s[0].url + "#phi-le-phi")),
    ]
    b.table("phi-le-phi", "Các khoản phí, lệ phí, mỗi dòng một khoản", columns, sources)
    return b.dataset


def _records(site: Site, name: str, title: str, description: str, keywords: list[str], model: type[BaseModel],
             records: list, label: str, unit: str) -> Dataset:
    b = _Builder(site, name, title, description, keywords, unit)
    b.records(name, title, model, records, label)
    return b.dataset


def _plans(site: Site, site_url: str) -> Dataset:
    b = _Builder(site, "ke-hoach", "Kế hoạch",
                 f"Các kế hoạch của {site.department.name} (và văn bản ban hành kế hoạch): số, ngày, cơ quan ban hành, "
                 "trích yếu, người ký, nơi nhận và các nhiệm vụ của từng kế hoạch như văn bản ghi.",
                 ["kế hoạch", "nhiệm vụ", "cải cách hành chính", site.department.province], "kế hoạch")
    b.records("ke-hoach", "Các kế hoạch, mỗi kế hoạch một bản ghi (cả nhiệm vụ)", m.Plan,
              [e.record for e in site.plans], "một kế hoạch")
    progress = {e.slug: listings.progress(listings.task_rows(site, e)) for e in site.plans}
    columns = record_columns(m.Plan, lambda e: e.record) + [
        column("tasks_total", "Số nhiệm vụ", int, lambda e: progress[e.slug].total),
        column("tasks_done", "Số nhiệm vụ hoàn thành", int, lambda e: progress[e.slug].done),
        column("tasks_overdue", f"Số nhiệm vụ quá hạn ngày {site.build_date:%d/%m/%Y}", int,
               lambda e: progress[e.slug].overdue),
        column("url", "Trang kế hoạch", str, lambda e: site_address(site_url, e.url)),
    ]
    b.table("ke-hoach", "Danh sách kế hoạch, mỗi dòng một kế hoạch", columns, list(site.plans), json_too=False,
            schema_name="ke-hoach-bang")
    b.dataset.count = len(site.plans)
    return b.dataset


def _tasks(site: Site, site_url: str) -> Dataset:
    b = _Builder(site, "nhiem-vu", "Nhiệm vụ của các kế hoạch",
                 "Mỗi dòng một nhiệm vụ: nội dung, đơn vị chủ trì và phối hợp, thời gian hoàn thành như văn bản ghi, "
                 f"hạn tính được, tình trạng và có quá hạn vào ngày {site.build_date:%d/%m/%Y} không, như trang Theo "
                 "dõi nhiệm vụ.", ["nhiệm vụ", "kế hoạch", "tiến độ", site.department.province], "nhiệm vụ")
    rows = listings.task_rows(site)
    columns = [
        column("plan_number", "Số, ký hiệu kế hoạch", str, lambda r: r.plan.record.number),
        column("plan_title", "Trích yếu kế hoạch", str, lambda r: r.plan.record.title),
        column("task_number", "Thứ tự nhiệm vụ trong kế hoạch", int, lambda r: r.index + 1),
    ] + record_columns(m.Task, lambda r: r.task) + [
        column("lead_names", "Đơn vị chủ trì (tên)", list[str], lambda r: [listings.unit_label(u) for u in r.leads]),
        column("coordinating_names", "Đơn vị phối hợp (tên)", list[str],
               lambda r: [listings.unit_label(u) for u in r.partners]),
        column("due_date", "Hạn hoàn thành (tính được)", dt.date, lambda r: r.due,
               "Ngày hạn tính từ thời gian hoàn thành (với nhiệm vụ hằng năm: hạn trong năm cuối của kế hoạch)."),
        column("period", "Kỳ (như bộ lọc của trang Theo dõi)", str, lambda r: r.period),
        column("overdue", f"Quá hạn ngày {site.build_date:%d/%m/%Y}", bool, lambda r: r.overdue,
               "Có khi nhiệm vụ chưa hoàn thành (và không bị dừng) mà hạn đã qua."),
        column("url", "Trang nhiệm vụ", str, lambda r: site_address(site_url, r.url)),
    ]
    b.table("nhiem-vu", "Các nhiệm vụ, mỗi dòng một nhiệm vụ", columns, rows)
    return b.dataset


def _requirements(site: Site, site_url: str) -> Dataset:
    b = _Builder(site, "yeu-cau-cong-khai", "Kết quả thực hiện yêu cầu công khai",
                 "Mỗi dòng một yêu cầu công khai (bắt buộc) hoặc chỉ tiêu, nguồn của nó và kết quả kiểm tra vào ngày "
                 f"{site.build_date:%d/%m/%Y} (đạt, chưa đạt, không áp dụng), với số liệu và những gì còn thiếu, như "
                 "trang Công khai, minh bạch.", ["công khai", "minh bạch", "cải cách hành chính", site.department.province], "yêu cầu")

    def evidence(r):
        return [f"{label}: {site_address(site_url, href) if not href.startswith(('http://', 'https://')) else href}"
                for label, href in r.finding.evidence]

    columns = record_columns(m.Requirement, lambda r: r.requirement) + [
        column("result_status", f"Kết quả ngày {site.build_date:%d/%m/%Y}", Literal[MET, NOT_MET, NOT_APPLICABLE],
               lambda r: r.finding.status),
        column("result_summary", "Số liệu", str, lambda r: r.finding.summary),
        column("result_target", "Mức yêu cầu", str, lambda r: r.finding.target),
        column("result_missing", "Còn thiếu", list[str], lambda r: [what for what, _ in r.finding.missing]),
        column("result_evidence", "Minh chứng", list[str], evidence),
        column("result_note", "Ghi chú", str, lambda r: r.finding.note),
        column("source_label", "Nguồn (như trang ghi)", str, lambda r: r.source_label),
        column("source_in_force", "Văn bản nguồn còn hiệu lực", bool, lambda r: r.source_in_force),
        column("origin_label", "Xuất xứ (như trang ghi)", str, lambda r: r.origin_label),
    ]
    b.table("yeu-cau-cong-khai", "Các yêu cầu và kết quả, mỗi dòng một yêu cầu", columns, compliance(site))
    return b.dataset


def _statistics(site: Site, site_url: str) -> Dataset:
    b = _Builder(site, "thong-ke", "Kết quả giải quyết hồ sơ",
                 "Số hồ sơ tiếp nhận, giải quyết đúng hạn, quá hạn, đang giải quyết, trực tuyến và qua bưu chính công "
                 "ích của từng kỳ báo cáo, mỗi dòng một thủ tục (hoặc một lĩnh vực) trong một kỳ.",
                 ["thống kê", "hồ sơ", "kết quả giải quyết", site.department.province], "dòng số liệu")
    sources = [(stats, row) for stats in site.statistics for row in stats.rows]

    def field_id(s):
        row = s[1]
        return row.field or (site.by_code[row.procedure].record.field if row.procedure in site.by_code else None)

    columns = record_columns(m.Statistics, lambda s: s[0], exclude=("rows",)) + [
        column("period_start", "Từ ngày", dt.date, lambda s: s[0].period.start),
        column("period_end", "Đến ngày", dt.date, lambda s: s[0].period.end),
    ] + record_columns(m.DossierFigures, lambda s: s[1]) + [
        column("procedure_name", "Tên thủ tục", str,
               lambda s: site.by_code[s[1].procedure].record.name if s[1].procedure in site.by_code else None),
        column("field_id", "Mã lĩnh vực (của dòng hoặc của thủ tục)", str, field_id),
        column("field_name", "Tên lĩnh vực", str, lambda s: site.fields[field_id(s)].name if field_id(s) else None),
        column("resolved", "Đã giải quyết", int, lambda s: s[1].resolved, "Đúng hạn cộng quá hạn."),
    ]
    b.table("thong-ke", "Số liệu, mỗi dòng một thủ tục hoặc lĩnh vực trong một kỳ", columns, sources)
    return b.dataset


def datasets(site: Site, site_url: str = "") -> list[Dataset]:
    d = site.department
    return [
        _procedures(site, site_url),
        _fees(site, site_url),
        _records(site, "can-bo", "Cán bộ, công chức", f"Cán bộ, công chức của {d.name} chịu trách nhiệm giải quyết "
                 "thủ tục hành chính và làm việc tại Bộ phận Một cửa: họ tên, chức vụ, đơn vị, lĩnh vực, điện thoại, thư "
                 "điện tử.", ["cán bộ", "danh bạ", "Bộ phận Một cửa", d.province], m.Official,
                 list(site.officials.values()), "một cán bộ", "cán bộ"),
        _records(site, "don-vi", "Đơn vị", f"Các đơn vị thuộc {d.name}: tên, địa chỉ, điện thoại, thư điện tử.",
                 ["đơn vị", "cơ cấu tổ chức", d.province], m.Unit, list(site.units.values()), "một đơn vị", "đơn vị"),
        _records(site, "linh-vuc", "Lĩnh vực", "Các lĩnh vực mà thủ tục và cán bộ được xếp vào (mã dùng trong các tệp "
                 "khác).", ["lĩnh vực", "thủ tục hành chính"], m.FieldOfWork, list(site.fields.values()), "một lĩnh vực",
                 "lĩnh vực"),
        _records(site, "van-ban", "Văn bản pháp luật được dẫn", "Các văn bản là căn cứ pháp lý của thủ tục, phí, lệ phí "
                 "và yêu cầu công khai: số, ký hiệu, loại, trích yếu, ngày ban hành, cơ quan ban hành, còn hiệu lực.",
                 ["văn bản pháp luật", "căn cứ pháp lý"], m.LegalDocument, list(site.legal.values()), "một văn bản",
                 "văn bản"),
        _plans(site, site_url),
        _tasks(site, site_url),
        _requirements(site, site_url),
        _statistics(site, site_url),
    ]


# --------------------------------------------------------------------------- the catalogue (data.json)


def catalog(site: Site, sets: list[Dataset], site_url: str = "") -> dict:
    """The Project Open Data (DCAT-US 1.1) catalogue of the datasets."""
    d = site.department
    publisher: dict = {"@type": "org:Organization", "name": d.name}
    if d.parent:
        publisher["subOrganizationOf"] = {"@type": "org:Organization", "name": d.parent}
    contact = {"@type": "vcard:Contact", "fn": d.name, "hasEmail": f"mailto:{d.email}"}
    page = f"{FOLDER}/"
    out = []
    for ds in sets:
        distributions = []
        for f in ds.every_file:
            distributions.append({"@type": "dcat:Distribution", "title": f"{f.name}: {f.title}",
                                  "downloadURL": site_address(site_url, f.path, CATALOG), "mediaType": f.media_type, "format": f.format,
                                  "describedBy": site_address(site_url, f.schema, CATALOG), "describedByType": "application/schema+json"})
        out.append({
            "@type": "dcat:Dataset",
            "title": ds.title,
            "description": ds.description,
            "keyword": ds.keywords,
            "modified": ds.modified.isoformat(),
            "publisher": publisher,
            "contactPoint": contact,
            "identifier": f"urn:congkhai:{slugify(d.name)}:{FOLDER}:{ds.name}",
            "accessLevel": "public",
            "license": LICENCE["uri"],
            "rights": f"{LICENCE['line']} {d.name}.",
            "spatial": d.province,
            "language": ["vi"],
            "accrualPeriodicity": "irregular",
            "landingPage": site_address(site_url, page, CATALOG) + f"#{ds.name}",
            "distribution": distributions,
        })
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": out,
    }


def open_data(site: Site, site_url: str = "") -> OpenData:
    """Every dataset and file, made once per build (the page needs their sizes, on_post_build their bytes)."""
    key = ("open_data", site_url)
    if key not in site.cache:
        sets = datasets(site, site_url)
        data = _json(catalog(site, sets, site_url))
        site.cache[key] = OpenData(sets, DataFile(CATALOG, data, "json", "Danh mục dữ liệu (DCAT-US 1.1)",
                                                  max(ds.modified for ds in sets)))
    return site.cache[key]


def write_open_data(site: Site, site_dir: Path, site_url: str = "") -> list[Path]:
    """Write every file under du-lieu/ into the built site."""
    written = []
    for path, data in sorted(open_data(site, site_url).files.items()):
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


__all__ = ["CATALOG", "FOLDER", "LICENCE", "DataFile", "Dataset", "OpenData", "catalog", "csv_cell", "datasets",
           "open_data", "plain", "record_columns", "row_model", "schema_of", "size_text", "write_open_data"]
