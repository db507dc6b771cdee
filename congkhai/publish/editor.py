"""The web editor (quản trị) at /quan-tri/, and the files generated from the model that the site publishes.

    write_generated(root)   # docs/quan-tri/config.yml, docs/quan-tri/index.html, docs/schema/*.schema.json
    stale(root)             # what differs from what write_generated would write (for the tests and CI)
    editor_problems(root)   # values in the content files that the editor would read otherwise than congkhai
    vendor(npm_package)     # updating the vendored editor (README.md, "Web editor")

The editor is Sveltia CMS (MIT), a single script vendored into docs/quan-tri/ (no CDN; see vendor() and
README.md "Web editor"). Its configuration is generated from the model (congkhai/content/model.py): one
collection per kind of content file, one editor field per model field in the model's order, labelled with the
field's Vietnamese title, its description as the hint, required as the model requires it, codes, dates, phone
numbers and amounts checked with the same patterns as the JSON Schema (congkhai/publish/schemas.py, which takes
them from the model), closed lists as selects. The backend (the GitHub repository the editor commits to) is
named in mkdocs.yml:

    extra:
      congkhai:
        editor:
          repo: owner/name          # the GitHub repository of the portal
          branch: main
          base_url: https://…       # an OAuth client (Sveltia CMS Authenticator); without it: token sign-in only

On http://127.0.0.1 or http://localhost (make editor) the editor also offers to work on the portal's folder on
this computer (Chromium, Edge: the File System Access API), with no GitHub and no network.
"""

from __future__ import annotations

import filecmp
import functools
import json
import re
import shutil
import sys
import types
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, BeforeValidator

from ..content import model as m
from ..content.vocab import Part, Vocab
from . import schemas

SVELTIA_VERSION = "0.221.1"  # @sveltia/cms on npm, vendored into docs/quan-tri/ (vendor() below)
FOLDER = "quan-tri"  # under docs/: the editor's address, /quan-tri/
SCRIPT = "sveltia-cms.js"
LICENSE = "sveltia-cms.LICENSE.txt"
LOCALE_SCRIPT = "sveltia-cms-vi.js"  # the editor's Vietnamese words, so that it fetches none from a CDN
VENDORED = (SCRIPT, LICENSE, LOCALE_SCRIPT, "sveltia-cms-version.json", "sveltia-cms-github-status.json",
            "fonts/source-sans-3-latin-wght-normal.woff2", "fonts/source-sans-3.LICENSE.txt",
            "fonts/noto-mono-latin-400-normal.woff2", "fonts/noto-mono.LICENSE.txt",
            "fonts/material-symbols-outlined-latin-wght-normal.woff2", "fonts/material-symbols-outlined.LICENSE.txt")
PLACEHOLDER_REPO = "ten-to-chuc/ten-kho"
COMMAND = "congkhai generate"  # what staff run after changing the model or mkdocs.yml's editor settings

# Texts written on several lines in the editor (a text area); every other text is one line.
LONG_TEXT = {"summary", "description", "conditions", "note", "content", "wording", "outputs", "rate", "exemptions",
             "payment", "fee_payment", "demo_notice", "receiving_address", "origin"}

# What the editor tells staff when a value does not match its pattern, by the model's parser.
_PATTERN_MESSAGES = {
    m._date: 'Cần ngày dạng ngày/tháng/năm, ví dụ "15/05/2024".',  # noqa: SLF001
    m._money: 'Cần số đồng viết bằng chữ số, ví dụ "1.500.000" hoặc "1500000" (không ghi chữ "đồng").',  # noqa: SLF001
    m._percent: 'Cần tỷ lệ phần trăm, ví dụ "0,1" hoặc "75".',  # noqa: SLF001
    schemas.before_validator(m.Slug): 'Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ "van-phong".',
    schemas.before_validator(m.Code): 'Mã thủ tục quốc gia: một chữ số, dấu chấm, sáu chữ số, ví dụ "1.000173".',
    schemas.before_validator(m.LocalCode): 'Mã thủ tục địa phương, ví dụ "1.000173.000.00.00.H58".',
    schemas.before_validator(m.Email): 'Cần địa chỉ thư điện tử, ví dụ "ten@coquan.gov.vn".',
    schemas.before_validator(m.Url): 'Cần địa chỉ bắt đầu bằng "https://" hoặc "/".',
    schemas.before_validator(m.Phone): 'Cần số điện thoại Việt Nam, ví dụ "0200 3812 345" hoặc "0912 345 678".',
    schemas.before_validator(m.FormFile): 'Cần đường dẫn tệp mẫu tính từ thư mục của tệp thủ tục, ví dụ '
                                          '"mau/don-de-nghi.docx" (.docx, .doc, .odt, .pdf, .xlsx, .xls, .ods).',
}
_MODEL_MESSAGES = {
    m.Duration: 'Cần một số và đơn vị, ví dụ "10 ngày làm việc", hoặc "không quy định".',
    m.PartialDate: 'Cần ngày dạng ngày/tháng/năm, ví dụ "18/11/2019"; dự thảo chưa có ngày ghi "…/11/2022".',
    m.Period: 'Cần kỳ báo cáo, ví dụ "Quý 3/2026", "Tháng 09/2026" hoặc "Năm 2026".',
}
FLAG_OPTIONS = [{"label": "có", "value": "có"}, {"label": "không", "value": "không"}]
# Records the model also reads from their name alone, that the editor keeps that way (the form the importer
# and the demo write: "results: [Giấy phép …]"); their other fields (a result's code) are written in the file.
TEXT_RECORDS = (m.Result,)


class EditorConfigError(ValueError):
    """A field of the model that the editor cannot show: add it to _widget()."""


# --------------------------------------------------------------------------- settings (mkdocs.yml)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags (!ENV, !!python/name:…) that only MkDocs resolves: read them as nothing."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_settings(root: Path) -> dict:
    """mkdocs.yml's site_name and `extra: congkhai: editor:`."""
    path = Path(root) / "mkdocs.yml"
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) if path.is_file() else {}
    config = config or {}
    editor = ((config.get("extra") or {}).get("congkhai") or {}).get("editor") or {}
    return {"site_name": str(config.get("site_name") or "Cổng công khai"),
            "repo": str(editor.get("repo") or PLACEHOLDER_REPO), "branch": str(editor.get("branch") or "main"),
            "base_url": str(editor["base_url"]) if editor.get("base_url") else None}


# --------------------------------------------------------------------------- model fields -> editor fields


def _full_type(info) -> Any:
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _parser(tp: Any):
    """The BeforeValidator function of an Annotated type, or None."""
    if get_origin(tp) is Annotated:
        for meta in get_args(tp)[1:]:
            if isinstance(meta, BeforeValidator):
                return meta.func
    return None


def _optional(tp: Any) -> tuple[Any, bool]:
    """(the type inside Optional[...], whether it was optional)."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _vocab_of(func) -> type[Vocab] | None:
    if func is not None and func.__qualname__ == "vocab.<locals>.parse":
        return func.__closure__[func.__code__.co_freevars.index("cls")].cell_contents
    return None


def _options(vocab: type[Vocab]) -> list[dict]:
    return [{"label": member.label, "value": member.value} for member in vocab]


def _pattern(schema: dict) -> str:
    """The string pattern of a JSON Schema fragment (the string branch of an anyOf)."""
    for branch in [schema, *schema.get("anyOf", [])]:
        if branch.get("type") == "string" and "pattern" in branch:
            return branch["pattern"]
    raise EditorConfigError(f"no string pattern in {schema}")


def _widget(tp: Any, name: str) -> dict:
    """The editor's widget (and its options) for a value of type `tp`."""
    tp, _ = _optional(tp)
    func = _parser(tp)
    if func is None and get_origin(tp) is Annotated:  # constraints only (min_length): the type they constrain
        return _widget(get_args(tp)[0], name)
    if func is m._listify:  # noqa: SLF001 - ListOf(...)
        return _list_widget(get_args(get_args(tp)[0])[0], name)
    if (vocab := _vocab_of(func)) is not None:
        return {"widget": "select", "options": _options(vocab)}
    scalars = schemas.scalar_schemas()
    if func is m._text:  # noqa: SLF001
        return {"widget": "text" if name in LONG_TEXT else "string"}
    if func is m._count:  # noqa: SLF001
        return {"widget": "number", "value_type": "int", "min": 0}
    if func is m._bool:  # noqa: SLF001
        return {"widget": "select", "options": FLAG_OPTIONS}
    if func is m._deadline:  # noqa: SLF001
        return {"widget": "string"}
    if func in _PATTERN_MESSAGES:
        return {"widget": "string", "pattern": [_pattern(scalars[func]), _PATTERN_MESSAGES[func]]}
    if func is not None:
        raise EditorConfigError(f"the editor does not know the model parser {func.__qualname__} ({name})")
    if get_origin(tp) is list:
        return _list_widget(get_args(tp)[0], name)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp in _MODEL_MESSAGES:
            return {"widget": "string", "pattern": [schemas.STRING_MODELS[tp]["pattern"], _MODEL_MESSAGES[tp]]}
        return {"widget": "object", "fields": fields_of(tp)}
    raise EditorConfigError(f"the editor has no widget for {tp!r} ({name})")


def _summary(model: type[BaseModel]) -> str | None:
    """What a folded list item shows: its name, else the first of these fields the record has."""
    keys = [k for k in ("name", "case", "channel", "content", "period", "procedure", "number", "id") if k in
            model.model_fields]
    return "{{fields." + keys[0] + "}}" if keys else None


def _list_widget(item: Any, name: str) -> dict:
    item, _ = _optional(item)
    vocab = _vocab_of(_parser(item))
    if vocab is not None:
        return {"widget": "select", "multiple": True, "options": _options(vocab)}
    if item in TEXT_RECORDS:  # kept as their names alone, one line each
        named = item.model_fields["name"]
        return {"widget": "list", "field": {"name": "name", "label": named.title or "name", "widget": "string"}}
    if isinstance(item, type) and issubclass(item, BaseModel) and item not in _MODEL_MESSAGES:
        out = {"widget": "list", "collapsed": True}
        if summary := _summary(item):
            out["summary"] = summary
        out["fields"] = fields_of(item)
        return out
    return {"widget": "list", "field": {"name": "item", "label": "Mục", **_widget(item, name)}}


def _default_words(info) -> str | None:
    """What the model takes when an optional field is left empty, in words for the hint (the editor writes no
    default into the file: a field left empty stays out of it, as in the files staff write by hand)."""
    default = info.default
    if isinstance(default, Vocab):
        return default.label
    if isinstance(default, bool):
        return "có" if default else "không"
    if isinstance(default, (str, int)):
        return str(default)
    return None


def _field(model: type[BaseModel], name: str, info) -> dict:
    widget = _widget(_full_type(info), name)
    out: dict[str, Any] = {"name": name, "label": info.title or name}
    hint = info.description or ""
    required = info.is_required()
    _, nullable = _optional(info.annotation)
    if model is m.Procedure and name in {p.value for p in Part} and required:
        # Procedure._unstated_parts: a part may be left out when `missing` names it
        required = False
        hint = (hint + " " if hint else "") + ("Bắt buộc, trừ khi mục này được ghi trong "
                                               "“Bộ phận chưa có thông tin”.")
    if hint:
        out["hint"] = hint
    out.update(widget)
    min_length = next((getattr(meta, "min_length", None) for meta in info.metadata
                       if getattr(meta, "min_length", None) is not None), None)
    if min_length and widget["widget"] in ("list", "select") and ("multiple" in widget or widget["widget"] == "list"):
        out["min"] = min_length
    out["required"] = bool(required)
    if not required and (default := _default_words(info)) is not None:
        out["hint"] = (out.get("hint", "") + " " if out.get("hint") else "") + f"Bỏ trống: “{default}”."
    return out


def fields_of(model: type[BaseModel]) -> list[dict]:
    """The editor's fields for one record, in the model's order."""
    return [_field(model, name, info) for name, info in model.model_fields.items()]


# --------------------------------------------------------------------------- the configuration


def _slug_pattern() -> list[str]:
    return [schemas.ecma(schemas.checked_pattern(m.Slug)),
            "Tên tệp (địa chỉ trang) chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ \"cap-giay-phep\"."]


def _body(label: str, hint: str) -> dict:
    # no editor components: no image or file is inserted from the editor (the body policy refuses files
    # fetched from elsewhere, and an absolute path would break the strict build)
    return {"name": "body", "label": label, "hint": hint, "widget": "markdown", "required": False,
            "editor_components": []}


def config(root: Path | str = ".") -> dict:
    """The editor's configuration (docs/quan-tri/config.yml) for the portal in `root`."""
    settings = site_settings(Path(root))
    backend: dict[str, Any] = {"name": "github", "repo": settings["repo"], "branch": settings["branch"]}
    if settings["base_url"]:
        backend["base_url"] = settings["base_url"]
    else:  # no OAuth client: signing in with a personal access token (or the local folder) only
        backend["auth_methods"] = ["token"]
    return {
        "backend": backend,
        "app_title": f"Quản trị nội dung – {settings['site_name']}",
        # forms and other files are put next to the procedure in the repository; the editor uploads none
        "media_folder": "docs/tep-tai-len",
        "public_folder": "/tep-tai-len",
        "slug": {"encoding": "ascii", "clean_accents": True, "maxlength": 80},
        "output": {"omit_empty_optional_fields": True},
        "collections": [
            {"name": "thu-tuc", "label": "Thủ tục hành chính", "label_singular": "thủ tục",
             "description": "Mỗi thủ tục là một tệp procedures/<thư mục>/<tên>.md.",
             "folder": "procedures", "extension": "md", "format": "yaml-frontmatter",
             "nested": {"subfolders": False}, "meta": {"path": {"widget": "string", "label": "Thư mục"}},
             "identifier_field": "name", "summary": "{{code}} – {{name}}",
             "slug": {"template": "{{name}}", "pattern": _slug_pattern()},
             "sortable_fields": ["code", "name", "field"],
             "view_groups": [{"label": "Lĩnh vực", "field": "field"}],
             "fields": [*fields_of(m.Procedure),
                        _body("Hướng dẫn cho người dân", "Phần chữ dưới phần thông tin, viết bằng Markdown.")]},
            {"name": "ke-hoach", "label": "Kế hoạch", "label_singular": "kế hoạch",
             "description": "Mỗi kế hoạch là một tệp plans/<tên>.md.", "folder": "plans", "extension": "md",
             "format": "yaml-frontmatter", "identifier_field": "title", "summary": "{{number}} – {{title}}",
             "slug": {"template": "{{title}}", "pattern": _slug_pattern()},
             "fields": [*fields_of(m.Plan), _body("Nội dung kế hoạch", "Văn bản của kế hoạch, viết bằng Markdown.")]},
            {"name": "thong-ke", "label": "Kết quả giải quyết hồ sơ", "label_singular": "kỳ báo cáo",
             "description": "Mỗi kỳ báo cáo là một tệp data/statistics/<kỳ>.yml.", "folder": "data/statistics", "extension": "yml",
             "format": "yaml", "identifier_field": "period", "summary": "{{period}}",
             "slug": {"template": "{{period}}", "pattern": _slug_pattern()},
             "fields": fields_of(m.Statistics)},
            {"name": "danh-muc", "label": "Cơ quan, cán bộ, danh mục", "description": "Các tệp trong data/.",
             "files": [
                 {"name": "co-quan", "label": "Thông tin cơ quan", "file": "data/department.yml", "format": "yaml",
                  "fields": fields_of(m.Department)},
                 _list_file("can-bo", "Cán bộ", "data/officials.yml", m.Official),
                 _list_file("don-vi", "Đơn vị", "data/units.yml", m.Unit),
                 _list_file("linh-vuc", "Lĩnh vực", "data/fields.yml", m.FieldOfWork),
                 _list_file("van-ban", "Văn bản pháp luật", "data/legal.yml", m.LegalDocument),
             ]},
        ],
    }


def _list_file(name: str, label: str, file: str, model: type[BaseModel]) -> dict:
    """A data file holding a list of records: the list is the file itself (root)."""
    item = _list_widget(model, name)
    return {"name": name, "label": label, "file": file, "format": "yaml",
            "fields": [{"name": "items", "label": label, "root": True, **item, "collapsed": True}]}


HEADER = ("# Cấu hình trang quản trị (Sveltia CMS), tạo từ congkhai/content/model.py và mkdocs.yml\n"
          "# (extra.congkhai.editor). Đừng sửa tay: sửa mkdocs.yml rồi chạy \"{command}\".\n")


class _Dumper(yaml.SafeDumper):
    """Every value written out in full: no YAML anchors and aliases (&id001, *id001) for repeated options."""

    def ignore_aliases(self, data) -> bool:
        return True


def config_text(root: Path | str = ".") -> str:
    return HEADER.format(command=COMMAND) + yaml.dump(config(root), Dumper=_Dumper, allow_unicode=True,
                                                      sort_keys=False, width=120, default_flow_style=False)


def index_html(root: Path | str = ".") -> str:
    """The editor's page: no inline script or style (the site's Content-Security-Policy), scripts by relative
    paths (no CDN), not for search engines."""
    title = f"Quản trị nội dung – {site_settings(Path(root))['site_name']}"
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{_escape(title)}</title>
<link href="config.yml" type="application/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Trang quản trị nội dung cần bật JavaScript.</noscript>
<script src="{LOCALE_SCRIPT}"></script>
<script src="{SCRIPT}"></script>
</body>
</html>
"""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# --------------------------------------------------------------------------- generated files


def generated_files(root: Path | str = ".") -> dict[str, str]:
    """Path under docs/ -> text: the editor's page and configuration, and the JSON Schemas."""
    out = {f"{FOLDER}/config.yml": config_text(root), f"{FOLDER}/index.html": index_html(root)}
    out.update(schemas.schema_files())
    return out


def write_generated(root: Path | str = ".") -> list[Path]:
    """Write every generated file under `root`/docs (and the vendored editor, when the portal has none: a portal
    made from this one gets it from the tool's own docs/quan-tri/). Returns the files written or changed."""
    root = Path(root)
    written = []
    for rel, text in generated_files(root).items():
        path = root / "docs" / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    source = Path(__file__).resolve().parents[2] / "docs" / FOLDER
    for name in VENDORED:
        target = root / "docs" / FOLDER / name
        if (source / name).is_file() and not (target.is_file() and filecmp.cmp(source / name, target, shallow=False)):
            if target.resolve() != (source / name).resolve():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / name, target)
                written.append(target)
    return written


def stale(root: Path | str = ".") -> list[str]:
    """The generated files under `root`/docs that are missing or differ from what write_generated writes, each
    with what to run; empty when all are up to date."""
    root = Path(root)
    out = []
    for rel, text in generated_files(root).items():
        path = root / "docs" / rel
        if not path.is_file():
            out.append(f"docs/{rel}: thiếu tệp; hãy chạy \"{COMMAND}\"")
        elif path.read_bytes() != text.encode("utf-8"):
            out.append(f"docs/{rel}: đã cũ (khác với mô hình nội dung hoặc mkdocs.yml); hãy chạy \"{COMMAND}\"")
    known = set(generated_files(root))
    for folder in ("schema",):
        for path in sorted((root / "docs" / folder).glob("*.schema.json")):
            rel = path.relative_to(root / "docs").as_posix()
            if rel not in known:
                out.append(f"docs/{rel}: không còn loại nội dung này; hãy xóa tệp")
    for name in VENDORED:
        if not (root / "docs" / FOLDER / name).is_file():
            out.append(f"docs/{FOLDER}/{name}: thiếu tệp của trình soạn thảo; hãy chạy \"{COMMAND}\"")
    return out


# --------------------------------------------------------------------------- values other YAML readers misread


_YAML12_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_YAML12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def _number_text(text: str) -> str:
    """How a YAML 1.2 reader (the editor's) writes back the number it reads from `text`."""
    if _YAML12_INT.fullmatch(text):
        base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
        return str(int(text[2:] if base != 10 else text, base))
    number = float(text)
    return str(int(number)) if number.is_integer() and abs(number) < 1e21 else repr(number)


def misread_values(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Values written without quotes that a YAML 1.2 reader (the web editor, most tools) takes for a number whose
    digits differ from what congkhai reads: "200.000" (two hundred thousand đồng) is the number 200 there, a phone
    number "0912345678" is 912345678. (line, value) for each; quoting the value ("200.000") makes it safe."""
    try:
        # libyaml: 20 times faster; it marks a plain scalar with style "" where PyYAML says None
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # congkhai check reports it
    out: list[tuple[int, str]] = []

    def walk(n) -> None:
        if isinstance(n, yaml.ScalarNode):
            if not n.style and (_YAML12_INT.fullmatch(n.value) or _YAML12_FLOAT.fullmatch(n.value)) \
                    and _number_text(n.value) != n.value:
                out.append((n.start_mark.line + first_line, n.value))
        elif isinstance(n, yaml.MappingNode):
            for _, value in n.value:
                walk(value)
        elif isinstance(n, yaml.SequenceNode):
            for value in n.value:
                walk(value)

    if node is not None:
        walk(node)
    return out


def _shape(tp: Any) -> tuple[str, Any]:
    """("list", item type), ("record", model) or ("value", type): Optional and constraints removed."""
    while True:
        tp, _ = _optional(tp)
        func = _parser(tp)
        if func is None and get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
            continue
        break
    if func is m._listify:  # noqa: SLF001
        return "list", get_args(get_args(tp)[0])[0]
    if func is None and get_origin(tp) is list:
        return "list", get_args(tp)[0]
    if func is None and isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in _MODEL_MESSAGES:
        return "record", tp
    return "value", tp


@functools.cache
def _field_shapes(model: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(name, kind, inner type) of each field, worked out once per model (not once per record)."""
    return tuple((name, *_shape(_full_type(info))) for name, info in model.model_fields.items())


def _unreadable(model: type[BaseModel], data: Any, loc: tuple) -> list[tuple[tuple, str]]:
    """Values that the model reads in a short form the editor does not show: a lone value where a list is
    expected, a record written as its name where the editor shows its fields, and the reverse."""
    out: list[tuple[tuple, str]] = []
    if not isinstance(data, dict):
        return out
    for name, kind, inner in _field_shapes(model):
        value = data.get(name)
        if value is None:
            continue
        if kind == "record":
            out += _unreadable(inner, value, loc + (name,))
        elif kind == "list" and not isinstance(value, list):
            written = f'["{value}"]' if isinstance(value, str) and re.search(r"[,:#\[\]{}]", value) else f"[{value}]"
            out.append((loc + (name,), "trình soạn thảo trên web cần một danh sách ở mục này (kể cả khi chỉ có một "
                        f"mục); hãy viết {written}"))
        elif kind == "list":
            item_kind, item = _shape(inner)
            for i, element in enumerate(value):
                if item in TEXT_RECORDS and isinstance(element, dict):
                    out.append((loc + (name, i), "trình soạn thảo trên web ghi mục này bằng tên của nó: "
                                f'"- {element.get("name", "…")}"'))
                elif item_kind == "record" and item not in TEXT_RECORDS and isinstance(element, str):
                    out.append((loc + (name, i), f'trình soạn thảo trên web cần dạng đầy đủ: "- name: {element}"'))
                elif item_kind == "record" and item not in TEXT_RECORDS:
                    out += _unreadable(item, element, loc + (name, i))
    return out


def editor_problems(root: Path | str = ".") -> list[str]:
    """What in the portal's content files the web editor would show wrong (and could write back wrong), as
    'file:line: …' lines in Vietnamese: values other YAML readers misread (misread_values), and short forms the
    model accepts but the editor does not show (a lone value for a list). Empty when every file is safe to edit."""
    from ..content.source import read_markdown, read_yaml

    root = Path(root)
    out = []
    for kind in schemas.KINDS.values():
        for path in sorted(root.glob(kind.files)):
            rel = path.relative_to(root).as_posix()
            source, _ = (read_markdown if path.suffix == ".md" else read_yaml)(path, rel)
            if source is None:
                continue  # congkhai check reports it
            text, first = path.read_text(encoding="utf-8"), 1
            if path.suffix == ".md":
                lines = text.split("\n")
                end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
                text, first = "\n".join(lines[1:end]), 2
            found = [(line, f'{value} được trình soạn thảo trên web (và nhiều công cụ YAML) đọc thành số khác; hãy '
                            f'viết trong ngoặc kép: "{value}"') for line, value in misread_values(text, first)]
            records = enumerate(source.data) if kind.many and isinstance(source.data, list) else [((), source.data)]
            for index, record in records:
                prefix = (index,) if kind.many else ()
                found += [(source.line(loc), message) for loc, message in _unreadable(kind.model, record, prefix)]
            out += [f"{rel}:{line}: {message}" for line, message in sorted(found)]
    return out


# --------------------------------------------------------------------------- vendoring the editor

# The fonts the editor's style sheet names, from fontsource's CDN: the same files from fontsource's npm packages,
# vendored into docs/quan-tri/fonts/ (Source Sans 3 and Noto Mono for text, Material Symbols for its icons).
_FONT_URL = re.compile(r"https://cdn\.jsdelivr\.net/fontsource/fonts/(?P<font>[a-z0-9-]+)(?P<vf>:vf)?@(?P<version>[0-9.]+)/"
                       r"(?P<file>[a-z0-9-]+)\.woff2")
# Addresses outside the site that the editor would ask before anyone signs in, and what replaces them: its
# "new version available" check (unpkg) and GitHub's status page. Both answer from files beside the editor.
_LOCAL_ANSWERS = {
    "`${iP}/package.json`": ("`sveltia-cms-version.json`", "sveltia-cms-version.json",
                             json.dumps({"version": SVELTIA_VERSION}) + "\n"),
    "`https://www.githubstatus.com/api/v2/status.json`": ("`sveltia-cms-github-status.json`",
                                                          "sveltia-cms-github-status.json",
                                                          json.dumps({"status": {"indicator": "none"}}) + "\n"),
}


def vendor(package: Path | str, root: Path | str = ".") -> list[Path]:
    """Copy Sveltia CMS from an installed npm package (node_modules/@sveltia/cms, of version SVELTIA_VERSION)
    into docs/quan-tri/ of `root`, so that the editor's page asks nothing from another server before sign-in:

    - dist/sveltia-cms.js and its licence; in the script, the three fontsource CDN addresses of its fonts are
      made relative (fonts/<name>.woff2), and its update check and GitHub status check read files beside it;
    - the fonts, from the fontsource packages of the versions the script names, installed beside it
      (node_modules/@fontsource-variable/<font> or node_modules/@fontsource/<font>), with their licences;
    - its Vietnamese words (locales/vi.json), as a script that stores them where the editor looks first.
    Every rewrite must find its address exactly once: a new version that changed them stops here."""
    package, target = Path(package), Path(root) / "docs" / FOLDER
    modules = package.parent.parent  # node_modules/
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    if meta.get("name") != "@sveltia/cms" or meta.get("version") != SVELTIA_VERSION:
        raise ValueError(f"{package} holds {meta.get('name')} {meta.get('version')}; expected @sveltia/cms "
                         f"{SVELTIA_VERSION} (change SVELTIA_VERSION in congkhai/publish/editor.py to update)")
    script = (package / "dist" / "sveltia-cms.js").read_text(encoding="utf-8")
    fonts = []
    for found in dict.fromkeys(mm.group(0) for mm in _FONT_URL.finditer(script)):
        parts = _FONT_URL.fullmatch(found)
        font_package = modules / ("@fontsource-variable" if parts["vf"] else "@fontsource") / parts["font"]
        version = json.loads((font_package / "package.json").read_text(encoding="utf-8"))["version"]
        if version != parts["version"]:
            raise ValueError(f"the editor uses {parts['font']} {parts['version']}; {font_package} is {version}: "
                             f"npm install {font_package.relative_to(modules)}@{parts['version']}")
        name = f"{parts['font']}-{parts['file']}.woff2"
        if script.count(found) != 1:
            raise ValueError(f"{found} is named {script.count(found)} times in the editor's script")
        script = script.replace(found, f"fonts/{name}")
        fonts.append((font_package / "files" / name, font_package / "LICENSE", parts["font"]))
    if len(fonts) != 3:
        raise ValueError(f"expected the editor's three fonts, found {len(fonts)}: look at its style sheet")
    answers = {}
    for address, (local, file_name, text) in _LOCAL_ANSWERS.items():
        if script.count(address) != 1:
            raise ValueError(f"{address} is named {script.count(address)} times in the editor's script")
        script = script.replace(address, local)
        answers[file_name] = text
    header = (f"/* Sveltia CMS {SVELTIA_VERSION} (MIT, see {LICENSE}), vendored by congkhai/publish/editor.py "
              "vendor(): the addresses of its fonts, of its update check and of GitHub's status page are "
              "files beside it. */\n")
    target.mkdir(parents=True, exist_ok=True)
    (target / "fonts").mkdir(exist_ok=True)
    written = [target / SCRIPT, target / LICENSE, target / LOCALE_SCRIPT]
    (target / SCRIPT).write_text(header + script, encoding="utf-8")
    shutil.copyfile(package / "LICENSE.txt", target / LICENSE)
    words = json.loads((package / "locales" / "vi.json").read_text(encoding="utf-8"))
    (target / LOCALE_SCRIPT).write_text(locale_script(words), encoding="utf-8")
    for name, text in answers.items():
        (target / name).write_text(text, encoding="utf-8")
        written.append(target / name)
    for font, licence, family in fonts:
        shutil.copyfile(font, target / "fonts" / font.name)
        shutil.copyfile(licence, target / "fonts" / f"{family}.LICENSE.txt")
        written += [target / "fonts" / font.name, target / "fonts" / f"{family}.LICENSE.txt"]
    return written


def locale_script(words: dict) -> str:
    """A script run before the editor's: its Vietnamese words (locales/vi.json of the same version) stored where
    the editor keeps its downloaded translation, and Vietnamese chosen unless the user chose a language."""
    return f"""// Sveltia CMS {SVELTIA_VERSION}: Vietnamese words (locales/vi.json, MIT, Kohei Yoshino), written by
// congkhai/publish/editor.py vendor(). The editor reads its translation from localStorage before it would
// download it from a CDN: storing it here keeps the page from making that request.
(function () {{
  var version = {json.dumps(SVELTIA_VERSION)};
  var words = {json.dumps(words, ensure_ascii=False, sort_keys=True)};
  try {{
    var cached = JSON.parse(localStorage.getItem("sveltia-cms.locale") || "null");
    if (!cached || cached._locale !== "vi" || cached._version !== version) {{
      words._locale = "vi";
      words._version = version;
      localStorage.setItem("sveltia-cms.locale", JSON.stringify(words));
    }}
    var prefs = JSON.parse(localStorage.getItem("sveltia-cms.prefs") || "{{}}");
    if (!prefs.locale) {{
      prefs.locale = "vi";
      localStorage.setItem("sveltia-cms.prefs", JSON.stringify(prefs));
    }}
  }} catch (e) {{
    // no localStorage (private window): the editor shows English
  }}
}})();
"""


def main(argv: list[str] | None = None) -> int:
    """`python -m congkhai.publish.editor vendor node_modules/@sveltia/cms` (updating the editor); otherwise
    write the generated files of the portal in the current folder."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["vendor"] and len(argv) == 2:
        for path in vendor(argv[1]):
            print(path)
        return 0
    for path in write_generated(Path(argv[0]) if argv else Path(".")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["COMMAND", "SVELTIA_VERSION", "config", "config_text", "generated_files", "index_html", "editor_problems",
           "misread_values", "stale", "vendor", "write_generated"]
