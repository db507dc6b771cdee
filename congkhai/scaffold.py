"""Scaffolding: new content files written from the model, and a fresh portal for another department.

    congkhai new procedure --code 1.000173 --name "…" --field an-toan-buc-xa
    congkhai new official --name "…" --title "…" --unit van-phong --phone "0200 3812 102"
    congkhai new unit --id van-phong --name "Văn phòng Sở"
    congkhai new field --id an-toan-buc-xa --name "An toàn bức xạ và hạt nhân"
    congkhai new plan --number 25/KH-SNN --title "…" --date 10/02/2026
    congkhai new-portal ../cong-so-y-te --name "Sở Y tế tỉnh …" --short-name "Sở Y tế …" --province "tỉnh …"
    congkhai update-portal ../cong-so-y-te

A new file is generated from the model (congkhai/content/model.py) when the command runs, never from
a kept template: every required field is written, each under a comment with its Vietnamese title, its
description and, for a closed list, the values allowed; optional fields are written as comments to
uncomment. What staff did not give is an example value that passes `congkhai check` and says it is
one: a text starts with "VÍ DỤ: ", another value carries the comment "# ← VÍ DỤ". `examples_left`
finds them, so that publishing can refuse a page still holding an example.

Officials, units and lĩnh vực are entries of list files (data/officials.yml…): the entry is appended
as text, leaving the file's content and comments as they were.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Callable, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from .common.problems import Problem
from .common.text import fold, slugify
from .content.model import Department, FieldOfWork, Fee, Official, Plan, Procedure, Unit
from .content.source import Source, parse_yaml, read_markdown, read_yaml
from .content.validate import check_record
from .content.vocab import Vocab

MARKER = "VÍ DỤ: "  # an example text starts with this
EXAMPLE_NOTE = "# ← VÍ DỤ: sửa giá trị này rồi xóa ghi chú này"  # beside an example that cannot say it in words
_NOTE_RE = re.compile(r"#\s*←\s*VÍ DỤ")
WIDTH = 100

# The tool's own files copied into a portal: hooks/ and overrides/ beside the package, the demo's mkdocs.yml,
# docs/ pages that carry a generated block, requirements.txt, and the demo's GitHub workflow.
WORKFLOW = Path(".github") / "workflows" / "portal.yml"


class ScaffoldError(Exception):
    """Something staff must fix before a file can be written; the message is for them, in Vietnamese."""


# --------------------------------------------------------------------------- the model, read at run time


def _strip(tp: Any) -> Any:
    """The type inside Annotated[...] and Optional[...]."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _shape(tp: Any) -> tuple[str, Any]:
    """("list", item type), ("model", class), ("vocab", class), ("dict", None) or ("scalar", type)."""
    bare = _strip(tp)
    origin = get_origin(bare)
    if origin is list:
        return "list", get_args(bare)[0]
    if origin is dict or bare is dict:
        return "dict", None
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return "model", bare
    if isinstance(bare, type) and issubclass(bare, Vocab):
        return "vocab", bare
    return "scalar", tp


def _field_type(info) -> Any:
    """The field's full type, validators included, for validating one value."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _adapter(tp: Any) -> TypeAdapter:
    return TypeAdapter(tp)


def _accepts(tp: Any, value: Any) -> bool:
    try:
        _adapter(tp).validate_python(value)
        return True
    except (ValidationError, TypeError, ValueError):
        return False


def _vocab_in(tp: Any) -> tuple[type[Vocab] | None, bool]:
    """The closed list a field takes its values from, and whether it takes several."""
    kind, inner = _shape(tp)
    if kind == "vocab":
        return inner, False
    if kind == "list":
        sub, _ = _vocab_in(inner)
        return sub, True
    return None, False


def models_in(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every model nested in it, each once (for tests: the whole form a file shows)."""
    out: list[type[BaseModel]] = []

    def walk(m: type[BaseModel]) -> None:
        if m in out:
            return
        out.append(m)
        for info in m.model_fields.values():
            kind, inner = _shape(info.annotation)
            if kind == "list":
                kind, inner = _shape(inner)
            if kind == "model":
                walk(inner)

    walk(model)
    return out


def _default_text(info) -> str | None:
    default = info.default
    if isinstance(default, Vocab):
        return default.value
    if isinstance(default, bool):
        return "có" if default else "không"
    if isinstance(default, (str, int)) and not isinstance(default, bool) and default != "":
        return str(default)
    return None


def _describe(name: str, info, required: bool) -> str:
    """One field's comment: its title, whether it is required, what to write and the values allowed."""
    words = f"{info.title or name} ({'bắt buộc' if required else 'không bắt buộc'})"
    if info.description:
        words += ": " + info.description.rstrip(".") + "."
    else:
        words += "."
    cls, several = _vocab_in(info.annotation)
    if cls is not None:
        choices = ", ".join(f'"{c}"' for c in cls.choices())
        words += (" Chọn một hoặc nhiều trong: " if several else " Chọn một trong: ") + choices + "."
    default = _default_text(info) if not required else None
    if default is not None:
        words += f' Nếu bỏ trống: "{default}".'
    kind, inner = _shape(info.annotation)
    if kind == "list":
        kind, inner = _shape(inner)
    titled = kind == "model" and all(i.title for i in inner.model_fields.values())
    if titled and not required:
        words += " Gồm: " + "; ".join(_part(n, i) for n, i in inner.model_fields.items()) + "."
    elif kind == "model":  # a value written as text ("10 ngày làm việc") whose parts come from closed lists
        for i in inner.model_fields.values():
            if (sub := _vocab_in(i.annotation)[0]) is not None:
                words += " Đơn vị: " + ", ".join(f'"{c}"' for c in sub.choices()) + "."
    return words


def _part(name: str, info) -> str:
    """A nested field named in its parent's comment: 'outcome (Kết quả rà soát, bắt buộc: "giữ nguyên", …)'."""
    words = f"{name} ({info.title or name}"
    words += ", bắt buộc" if info.is_required() else ""
    cls, _ = _vocab_in(info.annotation)
    if cls is not None:
        words += ": " + ", ".join(f'"{c}"' for c in cls.choices())
    return words + ")"


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [pad + "# " + line for line in textwrap.wrap(text, max(40, WIDTH - indent - 2), break_on_hyphens=False)]


# --------------------------------------------------------------------------- example values


class _Example(str):
    """An example value that cannot say so in its own words (a date, a code, a choice): written with
    EXAMPLE_NOTE beside it."""


@dataclass
class _Context:
    """What example values are made from: the portal's own department and legal texts."""

    department: str = "Sở"
    province: str = ""
    legal: list[str] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def date(self) -> str:
        return self.today.strftime("%d/%m/%Y")


def _law(ctx: _Context, preferred: str = "") -> str:
    if preferred in ctx.legal:
        return preferred
    if not ctx.legal:
        raise ScaffoldError("data/legal.yml chưa có văn bản nào, nên chưa ghi được căn cứ pháp lý cho thủ tục; hãy thêm "
                            "các văn bản mà thủ tục căn cứ vào data/legal.yml trước (số, ký hiệu; loại văn bản; trích yếu)")
    return ctx.legal[0]


def _fee_example(ctx: _Context) -> dict:
    fee = {"kind": _Example("lệ phí"),
           "name": MARKER + "Lệ phí cấp giấy phép"}
    if "rate" in Fee.model_fields:  # a rate in words says it is an example; a number cannot
        fee["rate"] = MARKER + "200.000 đồng/giấy phép"
    else:
        fee["amount"] = _Example("200.000")
    fee["legal_basis"] = [_Example(_law(ctx, "97/2015/QH13"))]
    return fee


# Example values of particular fields, by (model, field). The fields, their order, comments and which are
# required come from the model; a required field not named here gets a value made from its type
# (`_make_example`), so a field added to the model is written without a change here.
EXAMPLES: dict[tuple[type[BaseModel], str], Callable[[_Context], Any]] = {
    (Procedure, "levels"): lambda c: [_Example("cấp tỉnh")],
    (Procedure, "announcement"): lambda c: {
        "number": MARKER + "1234/QĐ-UBND", "date": _Example(c.date),
        "issuer": MARKER + f"Ủy ban nhân dân {c.province}".strip()},
    (Procedure, "steps"): lambda c: [
        {"name": MARKER + "Nộp hồ sơ",
         "description": MARKER + "Tổ chức, cá nhân nộp hồ sơ tại Bộ phận Một cửa, qua dịch vụ bưu chính hoặc trực tuyến."},
        {"name": MARKER + "Giải quyết hồ sơ",
         "description": MARKER + "Cơ quan kiểm tra, thẩm định hồ sơ; nếu hồ sơ chưa đầy đủ, thông báo bằng văn bản để bổ sung."},
        {"name": MARKER + "Trả kết quả"}],
    (Procedure, "processing_time"): lambda c: _Example("10 ngày làm việc"),
    (Procedure, "channels"): lambda c: [{"channel": _Example("trực tiếp")}],
    (Procedure, "fees"): lambda c: [_fee_example(c)],
    (Procedure, "dossier"): lambda c: [{"documents": [
        {"name": MARKER + "Đơn đề nghị (theo mẫu)", "original": _Example("1"), "copies": _Example("0")}]}],
    (Procedure, "applicants"): lambda c: [MARKER + "Tổ chức, cá nhân"],
    (Procedure, "agencies"): lambda c: {"executing": MARKER + c.department},
    (Procedure, "results"): lambda c: [{"name": MARKER + "Giấy phép"}],
    (Procedure, "legal_basis"): lambda c: [_Example(_law(c))],
    (Procedure, "conditions"): lambda c: MARKER + "Không",
    (Procedure, "online_level"): lambda c: _Example("không"),
    (Plan, "tasks"): lambda c: [{
        "number": _Example("1"), "content": MARKER + "Rà soát, công khai đầy đủ thủ tục hành chính thuộc thẩm quyền của Sở",
        "lead": [MARKER + "Văn phòng Sở"], "deadline": _Example(f"Quý 4/{c.today.year}"),
        "status": _Example("chưa thực hiện")}],
    # a fresh portal's department: the details to fill in (data/department.yml)
    (Department, "address"): lambda c: MARKER + f"Số 1 đường …, {c.province}",
    (Department, "phone"): lambda c: _Example("0200 0000 000"),
    (Department, "email"): lambda c: _Example("lienhe@coquan.example"),
    (Department, "desk"): lambda c: {
        "name": "Bộ phận Một cửa",
        "address": MARKER + f"Trung tâm Phục vụ hành chính công {c.province}".strip(),
        "hours": MARKER + "Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, từ thứ Hai đến thứ Sáu (trừ ngày lễ, Tết)",
        "phone": _Example("0200 0000 001")},
    (Department, "feedback"): lambda c: {
        "agency": MARKER + f"Văn phòng {c.department}", "address": MARKER + f"Số 1 đường …, {c.province}",
        "postal_address": MARKER + f"Văn phòng {c.department}, Số 1 đường …, {c.province}",
        "phone": _Example("0200 0000 002"), "email": _Example("phananh@coquan.example"),
        "national_url": "https://dichvucong.gov.vn/p/phananhkiennghi/pakn-gui-pakn.html"},
    (Department, "fee_payment"): lambda c: MARKER + "Nộp trực tiếp tại Bộ phận Một cửa khi nộp hồ sơ hoặc chuyển khoản; "
                                           "người nộp được nhận biên lai thu phí, lệ phí.",
    (Department, "online_portal"): lambda c: "https://dichvucong.gov.vn",
}


def _make_example(tp: Any, title: str, ctx: _Context, model: type[BaseModel] | None = None, name: str = "") -> Any:
    """A value of type `tp` that the model accepts, saying it is an example where it can."""
    if model is not None and (example := _example_of(model, name)) is not None:
        return example(ctx)
    kind, inner = _shape(tp)
    if kind == "model":
        return _model_example(inner, ctx)
    if kind == "list":
        return [_make_example(inner, title, ctx)]
    if kind == "vocab":
        return _Example(inner.choices()[0])
    if kind == "dict":
        return {}
    for candidate in (MARKER + title, _Example(ctx.date), _Example("1"), _Example("có")):
        if _accepts(tp, str(candidate)):
            return candidate
    raise ScaffoldError(f'congkhai chưa có giá trị ví dụ cho mục "{name or title}"; hãy báo cho người phát triển')


def _example_of(model: type[BaseModel], name: str) -> Callable[[_Context], Any] | None:
    """The example EXAMPLES gives for the field, named on the model or a model it extends."""
    return next((EXAMPLES[(cls, name)] for cls in model.__mro__ if (cls, name) in EXAMPLES), None)


def _model_example(model: type[BaseModel], ctx: _Context) -> dict:
    return record_data(model, {}, ctx)


def record_data(model: type[BaseModel], given: dict, ctx: _Context) -> dict:
    """The record to write, in the model's order: what staff gave, and an example for every other required
    field (and for the optional fields EXAMPLES names: a processing time, a plan's first task)."""
    out = {}
    for name, info in model.model_fields.items():
        if name in given:
            out[name] = given[name]
        elif _example_of(model, name) is not None or info.is_required():
            out[name] = _make_example(_field_type(info), info.title or name, ctx, model, name)
    return out


# --------------------------------------------------------------------------- YAML text


_NUMBERLIKE = re.compile(r"[\d\s.,+()/:-]+")
_RESERVED = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"}


def yaml_scalar(value: str) -> str:
    """One value as YAML text: plain when it reads back as the same text, else in double quotes."""
    value = str(value)
    plain = (value and value == value.strip() and "\n" not in value and ": " not in value and " #" not in value
             and value[0] not in "-?:,[]{}#&*!|>'\"%@`" and not value.endswith(":") and "\t" not in value
             and not _NUMBERLIKE.fullmatch(value) and value.lower() not in _RESERVED
             and all(ch.isprintable() for ch in value))
    return value if plain else json.dumps(value, ensure_ascii=False)


def _render_value(key: str, value: Any, tp: Any, indent: int, comments: bool) -> list[str]:
    """`key: value` lines at `indent`."""
    pad = " " * indent
    kind, inner = _shape(tp)
    if isinstance(value, dict):
        sub = inner if kind == "model" else None
        lines = [f"{pad}{key}:"]
        lines += _render_mapping(sub, value, indent + 2, comments) if sub else \
            [f"{pad}  {k}: {yaml_scalar(v)}" for k, v in value.items()]
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        item_type = inner if kind == "list" else Any
        lines = [f"{pad}{key}:"]
        for i, item in enumerate(value):
            lines += _render_item(item, item_type, indent + 2, comments and i == 0)
        return lines
    return [_scalar_line(f"{pad}{key}: ", value)]


def _scalar_line(prefix: str, value: Any) -> str:
    line = prefix + yaml_scalar(value)
    return f"{line}  {EXAMPLE_NOTE}" if isinstance(value, _Example) else line


def _render_item(item: Any, tp: Any, indent: int, comments: bool) -> list[str]:
    """One list item: '- value', or a mapping whose first key follows the '- '."""
    pad = " " * indent
    kind, inner = _shape(tp)
    if not isinstance(item, dict):
        return [_scalar_line(f"{pad}- ", item)]
    model = inner if kind == "model" else None
    first = next(iter(item))
    lines = _render_mapping(model, item, indent + 2, comments, first=first)
    # the first key's own comment stays above the '- ' line; its key line takes the '- '
    at = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    head = [line[2:] if line.startswith(pad + "  #") else line for line in lines[:at]]
    return head + [pad + "- " + lines[at][indent + 2:]] + lines[at + 1:]


def _render_mapping(model: type[BaseModel] | None, data: dict, indent: int, comments: bool,
                    first: str | None = None) -> list[str]:
    """The fields of `model` in the model's order (`first` first), each under its comment; optional fields not
    given are written as comments."""
    pad = " " * indent
    if model is None:
        return [f"{pad}{k}: {yaml_scalar(v)}" for k, v in data.items()]
    names = list(model.model_fields)
    if first is not None:
        names.remove(first)
        names.insert(0, first)
    lines: list[str] = []
    for name in names:
        info = model.model_fields[name]
        required = info.is_required()
        if name in data:
            if comments:
                lines += _comment(_describe(name, info, required), indent)
            lines += _render_value(name, data[name], _field_type(info), indent, comments)
        elif comments:
            lines += _comment(_describe(name, info, required), indent)
            lines.append(f"{pad}# {name}:")
    return lines


def render_record(model: type[BaseModel], data: dict) -> str:
    """The record as commented YAML (no '---' lines)."""
    return "\n".join(_render_mapping(model, data, 0, True)) + "\n"


def render_entry(model: type[BaseModel], data: dict) -> str:
    """One entry of a list file, commented, starting with '- '."""
    return "\n".join(_render_item(data, model, 0, True)) + "\n"


def _plain(value: Any) -> Any:
    """Data as the content reader gives it back: text, lists and mappings of text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value)


def _round_trip(text: str, expected: Any, rel: str) -> None:
    """The written YAML must read back as exactly the data meant (a quoting slip would change a value)."""
    data, _, problems = parse_yaml(text, rel)
    if problems or data != _plain(expected):
        raise RuntimeError(f"congkhai: {rel} would not read back as written: {problems or data}")


# --------------------------------------------------------------------------- the portal's content, read raw


@dataclass
class Project:
    """What a portal folder already holds, read leniently (a broken file elsewhere does not stop `new`)."""

    root: Path
    department: dict
    fields: dict[str, str]  # id -> name
    units: dict[str, str]
    officials: dict[str, str]
    legal: list[str]
    codes: dict[str, str]  # procedure code -> file
    procedure_names: dict[str, str]  # file stem -> file
    plans: dict[str, str]  # plan number -> file
    plan_names: dict[str, str]

    @classmethod
    def read(cls, root: Path) -> "Project":
        root = Path(root)
        if not (root / "data").is_dir():
            raise ScaffoldError(f'không thấy thư mục data/ trong "{root}"; hãy chạy lệnh trong thư mục của cổng '
                                '(nơi có mkdocs.yml, data/, procedures/) hoặc ghi thư mục đó sau --folder')
        dep = _read_data(root, "department.yml")
        return cls(root, dep if isinstance(dep, dict) else {},
                   _names(root, "fields.yml"), _names(root, "units.yml"), _names(root, "officials.yml"),
                   [k for k in _names(root, "legal.yml", "number")],
                   *_markdown_keys(root, "procedures", "code"), *_markdown_keys(root, "plans", "number"))

    def context(self) -> _Context:
        return _Context(department=str(self.department.get("name") or "Sở"),
                        province=str(self.department.get("province") or ""), legal=self.legal)


def _read_data(root: Path, name: str) -> Any:
    path = root / "data" / name
    if not path.is_file():
        return None
    source, _ = read_yaml(path, f"data/{name}")
    return source.data if source is not None else None


def _names(root: Path, name: str, key: str = "id") -> dict[str, str]:
    data = _read_data(root, name)
    return {str(item[key]): str(item.get("name") or item.get("title") or "") for item in data or []
            if isinstance(item, dict) and isinstance(item.get(key), str)} if isinstance(data, list) else {}


def _markdown_keys(root: Path, folder: str, key: str) -> tuple[dict[str, str], dict[str, str]]:
    by_key, by_stem = {}, {}
    base = root / folder
    for path in sorted(base.rglob("*.md")) if base.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        by_stem.setdefault(path.stem, rel)
        source, _ = read_markdown(path, rel)
        value = source.data.get(key) if source is not None else None
        if isinstance(value, str):
            by_key.setdefault(value.strip(), rel)
    return by_key, by_stem


# --------------------------------------------------------------------------- checks before writing


def _suggest(value: str, known: dict[str, str]) -> str:
    """'; có phải ý bạn là "an-toan-buc-xa" (An toàn bức xạ và hạt nhân)?' from ids and names."""
    by_name = {fold(name): ident for ident, name in known.items() if name}
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    guess = close[0] if close else by_name.get(fold(value)) or (slugify(value) if slugify(value) in known else None)
    if guess is None:
        names = difflib.get_close_matches(fold(value), list(by_name), n=1, cutoff=0.6)
        guess = by_name[names[0]] if names else None
    if guess:
        return f'; có phải ý bạn là "{guess}"' + (f" ({known[guess]})" if known[guess] else "") + "?"
    if not known:
        return ""
    listed = ", ".join(f'"{k}"' for k in list(known)[:12]) + (", …" if len(known) > 12 else "")
    return f"; các mã hiện có: {listed}"


def _refer(kind: str, value: str, known: dict[str, str], where: str, add: str) -> str | None:
    if value in known:
        return None
    if not known:
        return f'không có {kind} mã "{value}": {where} chưa có {kind} nào; hãy thêm trước bằng lệnh "{add}"'
    return f'không có {kind} mã "{value}" trong {where}{_suggest(value, known)}'


def _validate(model: type[BaseModel], values: dict, options: dict[str, str]) -> list[str]:
    """Each value staff gave, checked by the model's own type: the model's Vietnamese words, the option named."""
    out = []
    for name, value in values.items():
        info = model.model_fields[name]
        try:
            _adapter(_field_type(info)).validate_python(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            message = err["msg"] if err["type"] == "congkhai" else "giá trị không hợp lệ" + (
                f"; {info.description}" if info.description else "")
            out.append(f"{options.get(name, '--' + name)} ({info.title}): {message}")
    return out


def _unused_id(wanted: str, known: dict[str, str]) -> str:
    n = 2
    while f"{wanted}-{n}" in known:
        n += 1
    return f"{wanted}-{n}"


# --------------------------------------------------------------------------- `congkhai new`


@dataclass
class Created:
    path: Path
    examples: int  # example values left for staff to replace
    message: str


def _header(lines: list[str]) -> list[str]:
    return [f"# {line}" if line else "#" for line in lines]


def _file_header(what: str, command: str, today: dt.date, examples: bool) -> list[str]:
    words = [f"{what}, tạo bằng lệnh \"congkhai {command}\" ngày {today:%d/%m/%Y}.",
             "Mỗi mục có dòng chú thích (bắt đầu bằng #) ở trên: tên mục, có bắt buộc không, cách ghi và các giá trị "
             "được chọn.",
             'Mục không bắt buộc được để dưới dạng chú thích: muốn ghi, xóa dấu "# " ở đầu dòng của mục đó rồi ghi giá '
             "trị sau dấu hai chấm (giữ đúng thụt lề)."]
    if examples:
        words.append(f'Giá trị bắt đầu bằng "{MARKER.strip()}" và giá trị có ghi chú "← VÍ DỤ" bên cạnh là ví dụ, chưa '
                     "phải thông tin thật: hãy thay bằng nội dung theo văn bản (quyết định công bố, Cơ sở dữ liệu quốc "
                     "gia về thủ tục hành chính) trước khi đăng lên cổng.")
    words.append("Kiểm tra sau khi sửa: congkhai check")
    out = []
    for paragraph in words:
        out += textwrap.wrap(paragraph, WIDTH - 2, break_on_hyphens=False)
    return _header(out)


def _count_examples(data: Any) -> int:
    if isinstance(data, dict):
        return sum(_count_examples(v) for v in data.values())
    if isinstance(data, list):
        return sum(_count_examples(v) for v in data)
    return int(isinstance(data, _Example) or (isinstance(data, str) and data.startswith(MARKER)))


def _slug_from_name(name: str) -> str:
    slug = slugify(re.sub(r"\([^)]*\)", " ", name))
    slug = re.sub(r"^thu-tuc-(hanh-chinh-)?", "", slug)
    if len(slug) > 60:
        slug = slug[:61].rsplit("-", 1)[0]
    return slug


def new_procedure(root: Path, *, code: str, name: str, field_id: str, levels: list[str] | None = None,
                  officials: list[str] | None = None, summary: str | None = None, slug: str | None = None,
                  today: dt.date | None = None) -> Created:
    """procedures/<field>/<slug>.md: the record's front matter with every required field."""
    project = Project.read(root)
    code, name, field_id = code.strip(), name.strip(), field_id.strip()
    given: dict[str, Any] = {"code": code, "name": name, "field": field_id}
    if summary:
        given["summary"] = summary
    if levels:
        given["levels"] = levels
    if officials:
        given["officials"] = officials
    unknown_field = _refer("lĩnh vực", field_id, project.fields, "data/fields.yml", "congkhai new field")
    problems = _validate(Procedure, {k: v for k, v in given.items() if not (k == "field" and unknown_field)},
                         {"code": "--code", "name": "--name", "field": "--field", "levels": "--level",
                          "officials": "--official", "summary": "--summary"})
    if code in project.codes:
        problems.append(f'--code: mã thủ tục "{code}" đã có ở {project.codes[code]}; mỗi thủ tục có một mã riêng (muốn '
                        "sửa thủ tục đó thì mở tệp này)")
    if unknown_field:
        problems.append("--field: " + unknown_field)
    for official in officials or []:
        if (message := _refer("cán bộ", official, project.officials, "data/officials.yml", "congkhai new official")):
            problems.append("--official: " + message)
    stem = slug or _slug_from_name(name)
    if slug is not None and slugify(slug) != slug:
        problems.append(f'--slug: "{slug}" không dùng được làm tên tệp; chỉ gồm chữ thường không dấu, số và dấu gạch '
                        f'ngang, ví dụ "{slugify(slug) or "cap-giay-phep"}"')
    elif stem in project.procedure_names:
        problems.append(f'tên tệp "{stem}.md" đã có ở {project.procedure_names[stem]} (tên tệp là địa chỉ trang); hãy '
                        'đặt tên khác bằng --slug, ví dụ --slug ' + _unused_id(stem, project.procedure_names))
    if problems:
        raise ScaffoldError("\n".join(problems))
    ctx = project.context()
    ctx.today = today or ctx.today
    data = record_data(Procedure, given, ctx)
    front = render_record(Procedure, data)
    _round_trip(front, data, "thủ tục mới")
    _check_new(Procedure, front)
    rel = Path("procedures") / field_id / f"{stem}.md"
    text = "---\n" + "\n".join(_file_header(f"Thủ tục hành chính: {name}", "new procedure", ctx.today, True)) + "\n" \
        + front + "---\n"
    _write_new(project.root / rel, text)
    n = _count_examples(data)
    return Created(rel, n, f"Đã tạo {rel.as_posix()}: thủ tục {code}, còn {n} giá trị ví dụ cần thay bằng nội dung "
                           f'thật (chữ "{MARKER.strip()}" và ghi chú "← VÍ DỤ"). Mở tệp, sửa, rồi chạy: congkhai check')


def _check_new(model: type[BaseModel], front: str) -> None:
    """The generated record passes the model and its consistency rules (a bug here must not reach staff)."""
    data, lines, problems = parse_yaml(front, "new", offset=0)
    record, problems = check_record(model, data, Source(Path("new"), "new", data, "", lines))
    if record is None or problems or (hasattr(record, "consistency") and record.consistency()):
        raise RuntimeError("congkhai: the generated record does not pass the model: "
                           + "; ".join(str(p) for p in problems) + str(getattr(record, "consistency", lambda: [])()))


def _write_new(path: Path, text: str) -> None:
    if path.exists():
        raise ScaffoldError(f"tệp {path} đã có; không ghi đè")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def new_plan(root: Path, *, number: str, title: str, date: str, place: str | None = None, issuer: str | None = None,
             signer: str | None = None, today: dt.date | None = None) -> Created:
    """plans/ke-hoach-<number>-<year>.md: the document's header and one example task to replace."""
    project = Project.read(root)
    dep = project.department
    province = str(dep.get("province") or "")
    given = {"number": number, "date": date, "title": title,
             "place": place or re.sub(r"^(tỉnh|thành phố)\s+", "", province, flags=re.I) or None,
             "issuer": issuer or dep.get("name")}
    if signer:
        given["signer"] = signer
    missing = [f"--{k}" for k in ("place", "issuer") if not given[k]]
    if missing:
        raise ScaffoldError(f"data/department.yml chưa có tên cơ quan, tỉnh; hãy ghi {' và '.join(missing)}")
    problems = _validate(Plan, given, {k: f"--{k}" for k in given})
    if not problems:
        try:
            problems += ["--number: " + message for _, message in Plan.model_validate(given).consistency()]
        except ValidationError as exc:
            problems += [e["msg"] for e in exc.errors()]
    number = number.strip()
    if number in project.plans:
        problems.append(f'--number: kế hoạch số "{number}" đã có ở {project.plans[number]}')
    year = m[1] if (m := re.search(r"(\d{4})\s*$", date)) else ""
    numbered = slugify(number) if re.match(r"\d", number) else "du-thao-" + slugify(number)
    stem = re.sub(r"-+", "-", f"ke-hoach-{numbered}-{year}").strip("-")
    if stem in project.plan_names and not problems:
        problems.append(f'tên tệp "{stem}.md" đã có ở {project.plan_names[stem]}')
    if problems:
        raise ScaffoldError("\n".join(problems))
    ctx = project.context()
    ctx.today = today or ctx.today
    data = record_data(Plan, given, ctx)
    front = render_record(Plan, data)
    _round_trip(front, data, "kế hoạch mới")
    _check_new(Plan, front)
    rel = Path("plans") / f"{stem}.md"
    header = _file_header(f"Kế hoạch {number}", "new plan", ctx.today, True) + _header(textwrap.wrap(
        "Nội dung văn bản (các mục I, II…) ghi dưới dòng --- cuối cùng, bằng Markdown. Có sẵn văn bản (Word, trang "
        "web)? Dùng lệnh congkhai import-plan để nhập cả nhiệm vụ.", WIDTH - 2))
    _write_new(project.root / rel, "---\n" + "\n".join(header) + "\n" + front + "---\n")
    n = _count_examples(data)
    return Created(rel, n, f"Đã tạo {rel.as_posix()}: kế hoạch {number}, còn {n} giá trị ví dụ (nhiệm vụ mẫu). Ghi các "
                           "nhiệm vụ (tasks) và nội dung của kế hoạch, rồi chạy: congkhai check")


@dataclass
class _ListKind:
    model: type[BaseModel]
    file: str
    what: str  # "cán bộ"
    command: str


LIST_KINDS = {
    "official": _ListKind(Official, "officials.yml", "cán bộ", "new official"),
    "unit": _ListKind(Unit, "units.yml", "đơn vị", "new unit"),
    "field": _ListKind(FieldOfWork, "fields.yml", "lĩnh vực", "new field"),
}


def new_entry(root: Path, kind: str, values: dict[str, Any], options: dict[str, str],
              today: dt.date | None = None) -> Created:
    """Append one entry to data/<file> as text: what the file held, comments included, stays as it was."""
    spec = LIST_KINDS[kind]
    project = Project.read(root)
    values = {k: v for k, v in values.items() if v not in (None, [], "")}
    existing = {"official": project.officials, "unit": project.units, "field": project.fields}[kind]
    problems = _validate(spec.model, values, options)
    ident = values.get("id")
    if ident in existing:
        derived = " (lấy từ họ tên)" if options.get("id_derived") else ""
        problems.append(f'--id: mã {spec.what} "{ident}"{derived} đã có trong data/{spec.file} '
                        f"({existing[ident] or 'không tên'}); nếu là {spec.what} khác, hãy ghi mã khác, ví dụ "
                        f"--id {_unused_id(ident, existing)}")
    if kind == "official":
        if isinstance(values.get("unit"), str) and \
                (message := _refer("đơn vị", values["unit"], project.units, "data/units.yml", "congkhai new unit")):
            problems.append("--unit: " + message)
        for f in values.get("fields", []):
            if (message := _refer("lĩnh vực", f, project.fields, "data/fields.yml", "congkhai new field")):
                problems.append("--field: " + message)
    if not problems:
        try:
            spec.model.model_validate(values)
        except ValidationError as exc:
            problems += [e["msg"] for e in exc.errors()]
    if problems:
        raise ScaffoldError("\n".join(problems))
    path = project.root / "data" / spec.file
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    data = {k: values[k] for k in spec.model.model_fields if k in values}
    entry = render_entry(spec.model, data)
    _round_trip(entry, [data], f"data/{spec.file}")
    # an empty list written as "[]" gives way to the first entry
    kept = re.sub(r"(?m)^\[\]\s*$\n?", "", old) if re.search(r"(?m)^\[\]\s*$", old) else old
    if kept and not kept.endswith("\n"):
        kept += "\n"
    stamp = f"# Thêm bằng lệnh \"congkhai {spec.command}\" ngày {(today or dt.date.today()):%d/%m/%Y}.\n"
    text = kept + ("\n" if kept.strip() else "") + stamp + entry
    parsed, _, found = parse_yaml(text, f"data/{spec.file}")
    if found or not isinstance(parsed, list) or parsed[-1] != _plain(data):
        raise ScaffoldError(f"data/{spec.file} đang có lỗi cách viết nên chưa thêm được {spec.what}; hãy chạy congkhai "
                            "check, sửa tệp đó rồi chạy lại lệnh này")
    tmp = path.with_name(path.name + ".congkhai-new")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    rel = Path("data") / spec.file
    return Created(rel, 0, f'Đã thêm {spec.what} "{ident}" vào cuối {rel.as_posix()}. Kiểm tra: congkhai check')


# --------------------------------------------------------------------------- example values left


def examples_left(root: Path | str) -> list[Problem]:
    """Example values that `congkhai new` wrote and staff have not replaced yet, one Problem each, in
    procedures/, plans/ and data/ lists. data/department.yml counts too, unless its `demo_notice` is set:
    a fresh portal says on every page that its details are examples until the department fills them in.

    `congkhai check` accepts an example (it is a valid value); publishing should not: the MkDocs adapter
    (hooks/congkhai_mkdocs.py) is where a strict build can refuse while any is left."""
    root = Path(root)
    out: list[Problem] = []
    files = [p for folder in ("procedures", "plans") if (root / folder).is_dir()
             for p in sorted((root / folder).rglob("*.md"))]
    files += sorted((root / "data").glob("*.yml")) if (root / "data").is_dir() else []
    for path in files:
        if MARKER.split(":")[0] not in path.read_text(encoding="utf-8", errors="replace"):
            continue  # no example in it: not parsed again (load_site has read every file already)
        rel = path.relative_to(root).as_posix()
        source, _ = (read_markdown if path.suffix == ".md" else read_yaml)(path, rel)
        if source is None:
            continue  # `check` reports a file that cannot be read
        if rel == "data/department.yml" and isinstance(source.data, dict) and source.data.get("demo_notice"):
            continue
        found = {}
        for loc, value in _strings(source.data, ()):
            if value.startswith(MARKER.strip()):
                found[source.line(loc)] = Problem(rel, source.line(loc), _loc_text(loc),
                                                  f'"{value}" là giá trị ví dụ; hãy thay bằng nội dung thật')
        text = path.read_text(encoding="utf-8", errors="replace").split("\n")
        for i, line in enumerate(text, 1):
            if _NOTE_RE.search(line) and i not in found and not line.lstrip().startswith("#"):
                written = line.split("#", 1)[0].strip().removeprefix("- ")
                key, _, value = written.rpartition(": ")
                found[i] = Problem(rel, i, key or None, f'{value} là giá trị ví dụ (ghi chú "← VÍ DỤ" bên cạnh); hãy '
                                   "sửa giá trị nếu cần, rồi xóa ghi chú đó")
        out += [found[line] for line in sorted(found)]
    return out


def _strings(data: Any, loc: tuple):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, loc + (i,))
    elif isinstance(data, str):
        yield loc, data


def _loc_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


# --------------------------------------------------------------------------- `congkhai new-portal`


def tool_root() -> Path:
    """The folder that holds the congkhai package and its hooks/ and overrides/ (a source checkout)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "hooks" / "congkhai_mkdocs.py").is_file() or not (root / "overrides").is_dir():
        raise ScaffoldError(f"không tìm thấy hooks/ và overrides/ của congkhai cạnh gói congkhai ({root}); lệnh này cần "
                            "bản mã nguồn của congkhai: tải mã nguồn (git clone), cài bằng \"pip install -e .\" trong "
                            "thư mục đó rồi chạy lại")
    return root


def _copy_tree(src: Path, dest: Path) -> list[Path]:
    """Copy the files of `src` into `dest` (compiled Python left behind); the files written."""
    out = []
    for path in sorted(src.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
            continue
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != path.read_bytes():
            shutil.copy2(path, target)
            out.append(target)
    return out


def portal_workflow(root: Path) -> str | None:
    """The tool's GitHub workflow (.github/workflows/portal.yml), read when a portal is made so that the two
    never drift apart, as a portal runs it: a portal has no package to install (`pip install -e .`) and no
    test suite (a job that runs `make`). None when there is no workflow or it no longer reads as expected."""
    path = root / WORKFLOW
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    try:
        jobs = (yaml.safe_load(text) or {}).get("jobs") or {}
    except yaml.YAMLError:
        return None
    tool_only = [name for name, job in jobs.items()
                 if any(re.search(r"(^|\s)make(\s|$)", str(step.get("run", ""))) for step in job.get("steps") or [])]
    for name in tool_only:  # the job's block: from "  name:" to the next job or the end
        text = re.sub(rf"(?ms)^  {re.escape(name)}:\n.*?(?=^  \S|\Z)", "", text)
    text = re.sub(r"(?m)^(\s*(?:run:\s*)?python -m pip install [^\n#]*?) -e \.(?=\s|$)", r"\1", text)
    text = re.sub(r"needs:\s*\[([^\]]*)\]", lambda m: "needs: [" + ", ".join(
        x.strip() for x in m[1].split(",") if x.strip() not in tool_only) + "]", text)
    text = text.replace(" and the whole test suite (`make test`)", "").replace('"Publishing"', '"Đăng lên GitHub Pages"')
    try:  # what a portal can run: every job it needs is there, nothing installs or runs the tool's own tree
        jobs = yaml.safe_load(text)["jobs"]
        runs = [str(step.get("run", "")) for job in jobs.values() for step in job.get("steps") or []]
        needs = [n for job in jobs.values() for n in ([job["needs"]] if isinstance(job.get("needs"), str)
                                                      else job.get("needs") or [])]
    except (yaml.YAMLError, KeyError, TypeError, AttributeError):
        return None
    if not jobs or any(n not in jobs for n in needs) or any(re.search(r"-e \.|(^|\s)make(\s|$)", r) for r in runs):
        return None
    return text.rstrip("\n") + "\n"


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def default_source(root: Path) -> tuple[str, bool]:
    """How a portal installs congkhai: from the source's git remote at its current commit, else from the
    folder itself (which only works on this computer). (requirement line, works elsewhere)"""
    url, commit = _git(root, "remote", "get-url", "origin"), _git(root, "rev-parse", "HEAD")
    if url and commit:
        url = re.sub(r"^git@([^:]+):", r"https://\1/", url)
        return f"congkhai @ git+{url}@{commit}", True
    return f"congkhai @ {root.as_uri()}", False


CONGKHAI_LINE_NOTE = "# Cài congkhai"  # opens the portal's own lines of requirements.txt: update-portal keeps them


def _requirements(root: Path, source: str, local: bool) -> str:
    pins = (root / "requirements.txt").read_text(encoding="utf-8").rstrip("\n")
    note = (f"{CONGKHAI_LINE_NOTE}, đúng phiên bản có hooks/ và overrides/ mà cổng đang giữ." if not local else
            f"{CONGKHAI_LINE_NOTE}. Dòng dưới cài từ một thư mục trên máy đã tạo cổng: để chạy trên GitHub Actions,\n"
            "# hãy thay bằng kho mã nguồn congkhai ở một thẻ (tag) hoặc commit cố định, ví dụ\n"
            "#   congkhai @ git+https://github.com/<tổ-chức>/congkhai@v0.1.0")
    return f"{pins}\n{note}\n{source}\n"


def _block_pages(root: Path) -> dict[str, str]:
    """docs/ pages of the tool's portal that carry a generated block (front matter `congkhai: …`): page -> text."""
    out = {}
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")):
        source, _ = read_markdown(path, path.name)
        if source is not None and isinstance(source.data.get("congkhai"), str):
            out[path.relative_to(docs).as_posix()] = path.read_text(encoding="utf-8")
    return out


def _filter_nav(nav: Any, pages: set[str]) -> Any:
    """The demo's navigation with only the pages the new portal has."""
    if isinstance(nav, str):
        return nav if nav in pages else None
    if isinstance(nav, list):
        kept = [x for x in (_filter_nav(item, pages) for item in nav) if x is not None]
        return kept or None
    if isinstance(nav, dict):
        kept = {k: v for k, v in ((k, _filter_nav(v, pages)) for k, v in nav.items()) if v is not None}
        return kept or None
    return None


_MKDOCS_NOTES = {
    "site_name": "Tên cổng, hiện ở tiêu đề trang và thẻ trình duyệt.",
    "site_url": "Địa chỉ cổng khi đã đăng, ví dụ https://congkhai.soyte.example.gov.vn/ (để trống: trang dùng "
                "đường dẫn tương đối, chạy được ở bất kỳ thư mục nào).",
    "theme": "Giao diện Material; custom_dir là các mẫu trang của congkhai (thư mục overrides/, cập nhật bằng "
             "congkhai update-portal).",
    "hooks": "Cầu nối giữa MkDocs và congkhai (thư mục hooks/, cập nhật bằng congkhai update-portal).",
    "watch": "mkdocs serve tạo lại trang khi các thư mục này thay đổi.",
    "plugins": "Công cụ tìm kiếm của giao diện được thay bằng tìm kiếm của congkhai (tiếng Việt, gõ không dấu).",
    "extra": "build_date: ngày tính các hạn (mặc định: ngày tạo trang). compliance: yêu cầu bắt buộc chưa đạt thì "
             "dừng bản dựng (fail); chỉ tiêu chưa đạt thì chỉ ghi nhắc (warn).",
    "nav": "Thanh điều hướng: các trang trong docs/. Trang thủ tục, lĩnh vực, đơn vị, kế hoạch do congkhai tạo.",
}


def _mkdocs_yml(root: Path, name: str, pages: set[str]) -> str:
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = name
    config["site_description"] = f"Công khai thủ tục hành chính, phí, lệ phí và cán bộ chịu trách nhiệm của {name}."
    config["copyright"] = name
    config["nav"] = _filter_nav(config.get("nav"), pages) or ["index.md"]
    config.pop("site_url", None)
    editor = ((config.get("extra") or {}).get("congkhai") or {}).get("editor")
    if isinstance(editor, dict):  # the demo's repository is not the new portal's: IT staff write theirs
        editor.clear()
        editor.update({"repo": "ten-to-chuc/ten-kho", "branch": "main"})
    out = _header(textwrap.wrap(f"Cổng công khai thủ tục hành chính của {name}, tạo bằng congkhai new-portal. "
                                "Nội dung: data/ (cơ quan, lĩnh vực, đơn vị, cán bộ, văn bản), procedures/ (mỗi thủ tục "
                                "một tệp), plans/ (kế hoạch), docs/ (các trang). Xem README.md.", WIDTH - 2))
    for key, value in [("site_name", config.pop("site_name")), ("site_url", "")] + list(config.items()):
        if key in _MKDOCS_NOTES:
            out += _comment(_MKDOCS_NOTES[key], 0)
        out.append(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10000).rstrip("\n"))
    return "\n".join(out) + "\n"


def _home_page(text: str, name: str) -> str:
    """The demo's home page with the department's name as its heading and the demo's words left out."""
    front = text.split("\n---\n", 1)[0] + "\n---\n" if text.startswith("---\n") else "---\ncongkhai: home\n---\n"
    return (front + f"# {name}\n\nThủ tục hành chính của {name}: cần giấy tờ gì, nộp ở đâu, mất bao lâu, tốn bao "
            "nhiêu tiền, hỏi ai.\n")


def _legal_entries(root: Path, numbers: list[str]) -> list[dict]:
    data = yaml.safe_load((root / "data" / "legal.yml").read_text(encoding="utf-8")) or []
    by_number = {str(item["number"]): item for item in data if isinstance(item, dict) and "number" in item}
    return [by_number[n] for n in numbers if n in by_number]


def _duties(root: Path) -> list[dict]:
    """The demo register's legal duties that apply to any department: "bắt buộc", sourced from a legal text in
    force, in the register's own words (not a sample borrowed from another body's plan)."""
    data = yaml.safe_load((root / "data" / "requirements.yml").read_text(encoding="utf-8")) or []
    legal = {str(item.get("number")): item for item in yaml.safe_load(
        (root / "data" / "legal.yml").read_text(encoding="utf-8")) or [] if isinstance(item, dict)}
    out = []
    for item in data:
        ref = str((item.get("source") or {}).get("ref"))
        doc = legal.get(ref)
        if fold(str(item.get("level"))) == "bat buoc" and doc is not None and not item.get("origin") \
                and fold(str(doc.get("in_force", "có"))) not in ("khong", "false"):
            out.append({k: v for k, v in item.items() if k not in ("evidence",)})
    return out


def _dump_list(items: list[dict], comment: list[str]) -> str:
    body = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=10000) if items else "[]\n"
    return "\n".join(_header(comment)) + "\n" + body


def _readme(name: str, source: str, local: bool, due: list[tuple[str, str]], workflow: bool) -> str:
    install = source.split(" @ ", 1)[-1]
    due_words = "".join(f"\n- `{ident}`: {words}" for ident, words in due)
    local_note = ("\n> **Lưu ý cho bộ phận CNTT:** dòng cuối của `requirements.txt` đang cài congkhai từ một thư mục trên "
                  "máy đã tạo cổng. Trước khi dùng GitHub Actions, hãy thay bằng kho mã nguồn congkhai ở một phiên bản "
                  "cố định, ví dụ `congkhai @ git+https://github.com/<tổ-chức>/congkhai@v0.1.0`.\n") if local else ""
    publish = ("Tệp `.github/workflows/portal.yml` (GitHub Actions) kiểm tra nội dung và tạo trang với `--strict` mỗi khi "
               "có thay đổi, mỗi ngày một lần (để các hạn, mức phí tính theo đúng ngày) và khi bấm chạy; trên nhánh "
               "`main`, trang được đăng lên GitHub Pages. Cần bật một lần: Settings → Pages → Source: \"GitHub Actions\"."
               if workflow else "Cổng chưa có tệp GitHub Actions: bộ phận CNTT cần tạo `.github/workflows/portal.yml` "
               "chạy `pip install -r requirements.txt`, `congkhai check` và `mkdocs build --strict`.")
    return f"""# Cổng công khai thủ tục hành chính – {name}

Cổng này công khai thủ tục hành chính, phí, lệ phí, cán bộ chịu trách nhiệm và nơi tiếp nhận phản ánh,
kiến nghị của {name}. Trang web được tạo từ các tệp trong thư mục này bằng
congkhai (MkDocs + Material for MkDocs); không cần máy chủ cơ sở dữ liệu.

## Việc cần làm đầu tiên

1. Mở `data/department.yml`, thay mọi giá trị bắt đầu bằng `VÍ DỤ:` và mọi giá trị có ghi chú `← VÍ DỤ`
   (địa chỉ, số điện thoại, thư điện tử, Bộ phận Một cửa, nơi nhận phản ánh) bằng thông tin thật.
   Khi xong, **xóa dòng `demo_notice`**: dòng đó làm cuối mọi trang ghi cổng đang được xây dựng, thông tin là ví dụ.
2. Thêm lĩnh vực, đơn vị, cán bộ (mỗi lệnh thêm một mục vào cuối tệp trong `data/`):

   ```sh
   congkhai new field --id an-toan-thuc-pham --name "An toàn thực phẩm"
   congkhai new unit --id phong-nghiep-vu --name "Phòng Nghiệp vụ"
   congkhai new official --name "Nguyễn Văn A" --title "Trưởng Bộ phận Một cửa" --unit van-phong --phone "0200 3xxx xxx" --desk-role "trưởng bộ phận"
   ```
3. Thêm thủ tục (một tệp trong `procedures/`) và kế hoạch (một tệp trong `plans/`):

   ```sh
   congkhai new procedure --code 1.000173 --name "Tên thủ tục như trên Cơ sở dữ liệu quốc gia" --field an-toan-thuc-pham
   congkhai new plan --number 12/KH-SYT --title "Kiểm soát thủ tục hành chính năm 2027" --date 15/01/2027
   ```
   Tệp mới có đủ các mục bắt buộc, mỗi mục có chú thích tiếng Việt (tên mục, cách ghi, các giá trị được chọn).
   Giá trị nào bạn chưa cho biết được ghi là ví dụ (`VÍ DỤ: …` hoặc ghi chú `← VÍ DỤ`): hãy thay bằng nội dung
   thật theo quyết định công bố thủ tục.
4. Kiểm tra: `congkhai check`. Mọi lỗi được liệt kê cùng lúc, có tên tệp, dòng, mục và cách sửa.

Các yêu cầu công khai (`data/requirements.yml`) được trang "Công khai, minh bạch" (`cong-khai/`) tính lại mỗi
lần tạo trang. Yêu cầu bắt buộc chưa đạt thì bản dựng dừng và nêu rõ còn thiếu gì. Khi tạo cổng, các yêu cầu
sau chưa đạt nên được cho thời hạn (mục `due`), đến ngày đó mới tính:{due_words or " không có."}

## Cài đặt và tạo trang (bộ phận CNTT)

Cần Python 3.11 trở lên.

```sh
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt     # MkDocs, Material và congkhai ({install})
.venv/bin/congkhai check                       # kiểm tra nội dung
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs serve --strict   # xem thử ở http://127.0.0.1:8000
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict   # tạo trang vào thư mục site/
```

`mkdocs build --strict` không tạo trang khi nội dung còn lỗi, và giữ nguyên trang đã tạo lần trước.
Trang tạo ra là các tệp tĩnh trong `site/`: đặt lên bất kỳ máy chủ web nào (kể cả mạng nội bộ, không cần
Internet).
{local_note}
## Đăng lên GitHub Pages

{publish}
Dòng cài congkhai cuối `requirements.txt` phải tải được từ GitHub (một kho git ở phiên bản cố định).

## Cập nhật congkhai

`requirements.txt` ghi phiên bản congkhai mà cổng dùng; `hooks/` và `overrides/` là bản sao của phiên bản đó
(cầu nối với MkDocs và các mẫu trang). Không sửa hai thư mục này: chúng được thay khi cập nhật. Khi nâng cấp:

1. Lấy mã nguồn congkhai phiên bản mới (`git clone` hoặc `git pull`), cài vào môi trường: `pip install -e <thư mục congkhai>`.
2. Trong thư mục congkhai mới, chạy `congkhai update-portal <thư mục cổng này>`: lệnh chép lại `hooks/`,
   `overrides/`, các phiên bản trong `requirements.txt` và tệp GitHub Actions; không đụng tới nội dung
   (`data/`, `procedures/`, `plans/`, `docs/`, `mkdocs.yml`).
3. Sửa dòng congkhai cuối `requirements.txt` sang phiên bản mới, chạy `congkhai check` và
   `mkdocs build --strict`, xem lại thay đổi (`git diff`) rồi mới lưu.

## Các thư mục

| Thư mục | Nội dung |
|---|---|
| `data/` | `department.yml` (cơ quan, Bộ phận Một cửa, nơi nhận phản ánh), `fields.yml` (lĩnh vực), `units.yml` (đơn vị), `officials.yml` (cán bộ), `legal.yml` (văn bản được dẫn), `requirements.yml` (yêu cầu công khai) |
| `procedures/` | mỗi thủ tục một tệp Markdown: thông tin ở đầu tệp, hướng dẫn thêm cho người dân ở dưới |
| `plans/` | mỗi kế hoạch một tệp |
| `docs/` | các trang; trang có `congkhai: home`, `catalogue`, `fee-schedule`, `directory`, `feedback`… ở đầu được congkhai điền nội dung |
| `hooks/`, `overrides/` | của congkhai, không sửa (xem "Cập nhật congkhai") |
"""


@dataclass
class Portal:
    path: Path
    files: list[Path]
    notes: list[str]


def new_portal(dest: Path, *, name: str, short_name: str, province: str, parent: str | None = None,
               source: str | None = None, today: dt.date | None = None) -> Portal:
    """A fresh portal for another department in the empty folder `dest`, that builds with --strict at once."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ScaffoldError(f'thư mục "{dest}" đã có nội dung; congkhai không ghi vào đó. Hãy chọn một thư mục mới '
                            "(lệnh tự tạo) hoặc một thư mục trống")
    problems = _validate(Department, {"name": name, "short_name": short_name, "province": province},
                         {"name": "--name", "short_name": "--short-name", "province": "--province"})
    if problems:
        raise ScaffoldError("\n".join(problems))
    root = tool_root()
    today = today or dt.date.today()
    if source is None:
        source, works_elsewhere = default_source(root)
    else:
        works_elsewhere = True
    local = not works_elsewhere
    notes = []
    dest.mkdir(parents=True, exist_ok=True)

    def write(rel: str, text: str) -> None:
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    # data/: the department from the model, with the details to fill in marked as examples
    ctx = _Context(department=name.strip(), province=province.strip(), today=today)
    given = {"name": name.strip(), "short_name": short_name.strip(),
             "parent": (parent or f"Ủy ban nhân dân {province.strip()}").strip(), "province": province.strip(),
             "demo_notice": f"Cổng thông tin đang được xây dựng: địa chỉ, số điện thoại, thư điện tử và các thông tin "
                            f"khác trên trang là ví dụ, chưa phải thông tin chính thức của {name.strip()}."}
    data = record_data(Department, given, ctx)
    front = render_record(Department, data)
    _round_trip(front, data, "data/department.yml")
    _check_new(Department, front)
    write("data/department.yml", "\n".join(_header(textwrap.wrap(
        f"Thông tin của {name.strip()}: hiện ở đầu và cuối mọi trang, trang Bộ phận Một cửa, trang phản ánh, kiến "
        f'nghị. Thay các giá trị "{MARKER.strip()}" và "← VÍ DỤ" bằng thông tin thật, rồi xóa dòng demo_notice.',
        WIDTH - 2))) + "\n" + front)
    write("data/fields.yml", "\n".join(_header([
        "Lĩnh vực (mỗi lĩnh vực nhóm các thủ tục và cán bộ), theo thứ tự hiện trên trang.",
        'Thêm: congkhai new field --id an-toan-thuc-pham --name "An toàn thực phẩm"'])) + "\n[]\n")
    write("data/units.yml", "\n".join(_header([
        "Các đơn vị của Sở. Thêm: congkhai new unit --id phong-nghiep-vu --name \"Phòng Nghiệp vụ\""])) + "\n"
        + render_entry(Unit, {"id": "van-phong", "name": "Văn phòng Sở"}))
    write("data/officials.yml", "\n".join(_header([
        "Cán bộ chịu trách nhiệm giải quyết thủ tục và cán bộ Bộ phận Một cửa (Điều 9 Nghị định 118/2025/NĐ-CP).",
        'Thêm: congkhai new official --name "…" --title "…" --unit van-phong --phone "…"'])) + "\n[]\n")
    duties = _duties(root)
    numbers = list(dict.fromkeys([str(d["source"]["ref"]) for d in duties] + ["97/2015/QH13"]))
    write("data/legal.yml", _dump_list(_legal_entries(root, numbers), [
        "Văn bản pháp luật được dẫn (căn cứ pháp lý của thủ tục, văn bản quy định phí, lệ phí, nguồn của yêu cầu công "
        "khai).", "Thủ tục dẫn văn bản bằng số, ký hiệu: hãy thêm văn bản vào đây trước khi dẫn."]))
    # docs/: the pages that carry a generated block, the home page with the department's name
    pages = _block_pages(root)
    for rel, text in pages.items():
        write(f"docs/{rel}", _home_page(text, name.strip()) if rel == "index.md" else text)
    write("mkdocs.yml", _mkdocs_yml(root, name.strip(), set(pages)))
    write("procedures/.gitkeep", "")
    write("plans/.gitkeep", "")
    _copy_tree(root / "hooks", dest / "hooks")
    _copy_tree(root / "overrides", dest / "overrides")
    write("requirements.txt", _requirements(root, source, local))
    write(".gitignore", "site/\n.venv/\n__pycache__/\n")
    workflow = portal_workflow(root)
    if workflow is not None:
        write(WORKFLOW.as_posix(), workflow)
    else:
        notes.append(f"chưa chép được tệp GitHub Actions ({WORKFLOW.as_posix()}) của congkhai sang cổng mới; bộ phận CNTT "
                     "cần tự tạo tệp này (xem README.md, mục Đăng lên GitHub Pages)")
    # the register of duties last: what a fresh portal does not meet yet gets a month (`due`), said so
    due = _register(dest, duties, today)
    write("README.md", _readme(name.strip(), source, local, due, workflow is not None))
    if local:
        notes.append("requirements.txt cài congkhai từ thư mục trên máy này; trước khi dùng GitHub Actions, hãy thay "
                     "bằng kho mã nguồn congkhai (xem README.md)")
    files = sorted(p for p in dest.rglob("*") if p.is_file())
    return Portal(dest, files, notes)


GRACE_DAYS = 30


def _register(dest: Path, duties: list[dict], today: dt.date) -> list[tuple[str, str]]:
    """data/requirements.yml: each duty, and for a duty the fresh portal cannot meet yet (no officials at the
    one-stop desk) a due date a month away; the dashboard says "chưa đến thời hạn" until then."""
    from .content.site import load_site
    from .derive.compliance import NOT_MET, compliance, parameter_checks

    path = dest / "data" / "requirements.yml"
    comment = ["Các yêu cầu công khai mà cổng phải đáp ứng (bắt buộc) và chỉ tiêu Sở tự đặt ra (chỉ tiêu); trang",
               "Công khai, minh bạch (cong-khai/) tính lại ở mỗi lần tạo trang. Mỗi yêu cầu dẫn văn bản nguồn",
               "(data/legal.yml) và phép kiểm tra của congkhai (check). Mục due: chưa tính trước ngày đó."]
    path.write_text(_dump_list(duties, comment), encoding="utf-8")
    site = load_site(dest, today, checks=parameter_checks())
    unmet = {r.requirement.id: r for r in compliance(site) if r.finding.status == NOT_MET}
    if not unmet:
        return []
    due = today + dt.timedelta(days=GRACE_DAYS)
    out = []
    for duty in duties:
        if duty["id"] in unmet:
            duty["due"] = due.strftime("%d/%m/%Y")
            finding = unmet[duty["id"]].finding
            what = "; ".join(w for w, _ in finding.missing) or finding.summary
            out.append((duty["id"], f"{what}; thời hạn {duty['due']}"))
    comment += textwrap.wrap(f"Khi tạo cổng ({today:%d/%m/%Y}), các yêu cầu có due chưa đạt vì chưa có dữ liệu: hãy nhập "
                             "trước ngày đó; sau ngày đó, bản dựng dừng nếu vẫn chưa đạt.", WIDTH - 2)
    path.write_text(_dump_list(duties, comment), encoding="utf-8")
    return out


def update_portal(dest: Path) -> list[Path]:
    """Bring a portal's copies of congkhai's files up to this version: hooks/, overrides/, the pins of
    requirements.txt (its congkhai line kept) and the GitHub workflow. Content is not touched."""
    dest = Path(dest)
    if not (dest / "mkdocs.yml").is_file() or not (dest / "data").is_dir():
        raise ScaffoldError(f'"{dest}" không phải thư mục của một cổng congkhai (không thấy mkdocs.yml và data/)')
    root = tool_root()
    if dest.resolve() == root.resolve():
        raise ScaffoldError("đây là chính thư mục mã nguồn của congkhai; hãy ghi thư mục của cổng cần cập nhật")
    changed = _copy_tree(root / "hooks", dest / "hooks") + _copy_tree(root / "overrides", dest / "overrides")
    req = dest / "requirements.txt"
    old = req.read_text(encoding="utf-8") if req.is_file() else ""
    if CONGKHAI_LINE_NOTE in old:  # the pins are congkhai's; how the portal installs congkhai stays its own
        new = (root / "requirements.txt").read_text(encoding="utf-8").rstrip("\n") + "\n" \
            + old[old.index(CONGKHAI_LINE_NOTE):]
    else:
        source, elsewhere = default_source(root)
        new = _requirements(root, source, not elsewhere)
    if new != old:
        req.write_text(new, encoding="utf-8")
        changed.append(req)
    text = portal_workflow(root)
    if text is not None:
        target = dest / WORKFLOW
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


# --------------------------------------------------------------------------- command line


class _Parser(argparse.ArgumentParser):
    """Errors in Vietnamese for the `new` sub-commands (argparse's own words are English)."""

    def error(self, message: str):  # noqa: D401 - argparse's interface
        message = re.sub(r"unrecognized arguments: (.*)", r'không hiểu "\1"', message)
        message = re.sub(r"argument (\S+): expected one argument", r'sau \1 cần ghi một giá trị', message)
        message = re.sub(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
                         r"\1: không có lựa chọn \2; chọn một trong: \3", message)
        message = re.sub(r"the following arguments are required: (.*)", r"thiếu \1", message)
        self.print_usage(sys.stderr)
        print(f"{self.prog}: lỗi: {message}. Xem hướng dẫn: {self.prog} -h", file=sys.stderr)
        sys.exit(2)


_FOLDER_HELP = "thư mục của cổng (mặc định: thư mục hiện tại)"

# (option, field, help, repeatable)
_OPTIONS = {
    "procedure": [("--code", "code", 'mã thủ tục quốc gia, ví dụ 1.000173 (bắt buộc)', False),
                  ("--name", "name", "tên thủ tục như trên Cơ sở dữ liệu quốc gia (bắt buộc)", False),
                  ("--field", "field", "mã lĩnh vực có trong data/fields.yml, ví dụ an-toan-buc-xa (bắt buộc)", False),
                  ("--level", "levels", 'cấp thực hiện, ví dụ "cấp tỉnh"; ghi nhiều lần nếu nhiều cấp', True),
                  ("--official", "officials", "mã cán bộ chịu trách nhiệm (data/officials.yml); ghi nhiều lần nếu "
                                              "nhiều người", True),
                  ("--summary", "summary", "thủ tục này để làm gì, một hai câu cho người dân", False),
                  ("--slug", "slug", "tên tệp (địa chỉ trang), ví dụ cap-giay-phep-x-quang; mặc định: lấy từ tên thủ "
                                     "tục", False)],
    "official": [("--name", "name", "họ và tên (bắt buộc)", False),
                 ("--title", "title", "chức vụ, ví dụ \"Chuyên viên Phòng Nghiệp vụ\" (bắt buộc)", False),
                 ("--unit", "unit", "mã đơn vị có trong data/units.yml (bắt buộc)", False),
                 ("--phone", "phone", 'số điện thoại, ví dụ "0200 3812 345" (bắt buộc)', False),
                 ("--id", "id", "mã cán bộ dùng trong thủ tục; mặc định: họ tên không dấu, ví dụ tran-thi-mai", False),
                 ("--email", "email", "thư điện tử", False),
                 ("--field", "fields", "mã lĩnh vực công tác; ghi nhiều lần nếu nhiều lĩnh vực", True),
                 ("--desk-role", "desk_role", 'vai trò tại Bộ phận Một cửa, ví dụ "công chức tiếp nhận"', False)],
    "unit": [("--id", "id", "mã đơn vị, chữ thường không dấu, ví dụ phong-nghiep-vu (bắt buộc)", False),
             ("--name", "name", "tên đơn vị (bắt buộc)", False),
             ("--phone", "phone", "số điện thoại", False), ("--email", "email", "thư điện tử", False),
             ("--address", "address", "địa chỉ, nếu khác trụ sở Sở", False)],
    "field": [("--id", "id", "mã lĩnh vực, chữ thường không dấu, ví dụ an-toan-thuc-pham (bắt buộc)", False),
              ("--name", "name", "tên lĩnh vực (bắt buộc)", False),
              ("--description", "description", "giới thiệu ngắn: lĩnh vực gồm những thủ tục gì", False)],
    "plan": [("--number", "number", 'số, ký hiệu, ví dụ "25/KH-SYT" (bắt buộc)', False),
             ("--title", "title", "trích yếu (bắt buộc)", False),
             ("--date", "date", "ngày ban hành dạng ngày/tháng/năm, ví dụ 10/02/2026 (bắt buộc)", False),
             ("--place", "place", "địa danh; mặc định: tỉnh trong data/department.yml", False),
             ("--issuer", "issuer", "cơ quan ban hành; mặc định: tên cơ quan trong data/department.yml", False),
             ("--signer", "signer", "người ký", False)],
}
_REQUIRED = {"procedure": ["code", "name", "field"], "official": ["name", "title", "unit", "phone"],
             "unit": ["id", "name"], "field": ["id", "name"], "plan": ["number", "title", "date"]}
_KIND_HELP = {"procedure": ("thu-tuc", "thủ tục hành chính mới: một tệp trong procedures/"),
              "official": ("can-bo", "thêm một cán bộ vào cuối data/officials.yml"),
              "unit": ("don-vi", "thêm một đơn vị vào cuối data/units.yml"),
              "field": ("linh-vuc", "thêm một lĩnh vực vào cuối data/fields.yml"),
              "plan": ("ke-hoach", "kế hoạch mới: một tệp trong plans/ (có văn bản sẵn thì dùng import-plan)")}


def add_parsers(sub) -> None:
    """The `new`, `new-portal` and `update-portal` commands, on the CLI's sub-command parsers."""
    new = sub.add_parser("new", help="tạo thủ tục, kế hoạch mới, hoặc thêm cán bộ, đơn vị, lĩnh vực (có chú thích "
                                     "tiếng Việt cho từng mục)",
                         description="Tạo tệp nội dung mới theo mẫu dữ liệu của congkhai.")
    kinds = new.add_subparsers(dest="kind", metavar="LOẠI", parser_class=_Parser,
                               title="loại nội dung", description="procedure, official, unit, field, plan")
    for kind, options in _OPTIONS.items():
        alias, words = _KIND_HELP[kind]
        p = kinds.add_parser(kind, aliases=[alias], help=words, description=words)
        p.set_defaults(kind=kind)
        for flag, dest, words_, many in options:
            p.add_argument(flag, dest=dest, help=words_, action="append" if many else "store")
        p.add_argument("--folder", default=".", help=_FOLDER_HELP)
    portal = sub.add_parser("new-portal", help="tạo cổng mới cho một cơ quan khác trong một thư mục trống",
                            description="Tạo cổng công khai mới (mkdocs.yml, data/, docs/, hooks/, overrides/, "
                                        "GitHub Actions, README) cho một Sở khác; tạo được trang ngay.")
    portal.add_argument("dir", metavar="THƯ_MỤC", help="thư mục mới (hoặc trống) cho cổng")
    portal.add_argument("--name", help='tên cơ quan, ví dụ "Sở Y tế tỉnh Hòa Bình" (bắt buộc)')
    portal.add_argument("--short-name", dest="short_name", help='tên ngắn hiện trên điện thoại, ví dụ "Sở Y tế Hòa Bình" '
                                                                "(bắt buộc)")
    portal.add_argument("--province", help='tỉnh, thành phố, ví dụ "tỉnh Hòa Bình" (bắt buộc)')
    portal.add_argument("--parent", help='cơ quan chủ quản; mặc định "Ủy ban nhân dân <tỉnh>"')
    portal.add_argument("--congkhai-source", dest="congkhai_source",
                        help="dòng cài congkhai trong requirements.txt, ví dụ "
                             '"congkhai @ git+https://github.com/<tổ-chức>/congkhai@v0.1.0"; mặc định: kho git của bản '
                             "congkhai đang chạy, ở đúng phiên bản này")
    update = sub.add_parser("update-portal", help="chép hooks/, overrides/ và phiên bản thư viện của bản congkhai này "
                                                  "sang một cổng đã có",
                            description="Cập nhật các tệp của congkhai trong một cổng (không đụng tới nội dung).")
    update.add_argument("dir", metavar="THƯ_MỤC", help="thư mục của cổng")


def run(args) -> int:
    """Run `new`, `new-portal` or `update-portal`; messages in Vietnamese; 0 when done, 1 when refused."""
    try:
        if args.command == "new":
            return _run_new(args)
        if args.command == "new-portal":
            return _run_portal(args)
        if args.command == "update-portal":
            changed = update_portal(Path(args.dir))
            print(f"Đã cập nhật {len(changed)} tệp" + (":\n" + "\n".join(f"  {p}" for p in changed) if changed else "")
                  + "\nHãy sửa dòng congkhai cuối requirements.txt sang phiên bản mới, chạy congkhai check và mkdocs build "
                    "--strict, rồi xem lại thay đổi trước khi lưu.")
            return 0
    except ScaffoldError as exc:
        lines = str(exc).split("\n")
        print("Chưa tạo được:" + ("\n" + "\n".join(f"  - {x}" for x in lines) if len(lines) > 1 else " " + lines[0]),
              file=sys.stderr)
        return 1
    raise ValueError(f"scaffold.run: unknown command {args.command!r}")


def _missing(args, kind: str, names: dict[str, tuple[str, str]]) -> list[str]:
    return [f"thiếu {flag} ({words})" for dest, (flag, words) in names.items() if not getattr(args, dest, None)]


def _run_new(args) -> int:
    kind = getattr(args, "kind", None)
    if kind is None:
        raise ScaffoldError("cần ghi loại nội dung: congkhai new procedure | official | unit | field | plan "
                            "(xem: congkhai new -h)")
    options = {dest: (flag, words.replace(" (bắt buộc)", "")) for flag, dest, words, _ in _OPTIONS[kind]}
    missing = _missing(args, kind, {d: options[d] for d in _REQUIRED[kind]})
    if missing:
        raise ScaffoldError("\n".join(missing))
    root = Path(args.folder)
    if kind == "procedure":
        created = new_procedure(root, code=args.code, name=args.name, field_id=args.field, levels=args.levels,
                                officials=args.officials, summary=args.summary, slug=args.slug)
    elif kind == "plan":
        created = new_plan(root, number=args.number, title=args.title, date=args.date, place=args.place,
                           issuer=args.issuer, signer=args.signer)
    else:
        values = {dest: getattr(args, dest) for _, dest, _, _ in _OPTIONS[kind]}
        flags = {d: f for d, (f, _) in options.items()}
        if kind == "official" and not values.get("id"):
            values["id"], flags["id_derived"] = slugify(args.name), "yes"
        created = new_entry(root, kind, values, flags)
    print(created.message)
    return 0


def _run_portal(args) -> int:
    missing = [f"thiếu {flag} ({words})" for flag, value, words in (
        ("--name", args.name, 'tên cơ quan, ví dụ "Sở Y tế tỉnh Hòa Bình"'),
        ("--short-name", args.short_name, 'tên ngắn, ví dụ "Sở Y tế Hòa Bình"'),
        ("--province", args.province, 'tỉnh, thành phố, ví dụ "tỉnh Hòa Bình"')) if not value]
    if missing:
        raise ScaffoldError("\n".join(missing))
    portal = new_portal(Path(args.dir), name=args.name, short_name=args.short_name, province=args.province,
                        parent=args.parent, source=args.congkhai_source)
    print(f"Đã tạo cổng mới ở {portal.path} ({len(portal.files)} tệp). Việc tiếp theo: xem {portal.path / 'README.md'}")
    for note in portal.notes:
        print(f"Lưu ý: {note}")
    return 0
