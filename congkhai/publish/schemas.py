"""JSON Schema of every kind of content file, generated from the model (congkhai/content/model.py).

    schema_for(KINDS["procedure"])     # a dict, written as docs/schema/procedure.schema.json

The schemas are pydantic's `model_json_schema(mode="validation")` of the model's classes, with their Vietnamese
field titles and descriptions, except where pydantic would describe its own types rather than the file: the
model reads every value as text (congkhai/content/source.py keeps YAML scalars as text) and its small parsers
turn "10 ngày làm việc", "15/05/2024", "1.500.000" or "có" into numbers, dates and flags. So a date is described
as a string "dd/mm/yyyy" (or yyyy-mm-dd), an amount as a string "1.500.000" (or a whole number), a code with the
very regular expression the model checks it with, a closed list as its spellings, a processing time as
"<số> <đơn vị>" or "không quy định", a list that may be written as one value as either. Each of the model's
parsers (the BeforeValidator functions and the "before" model validators) has its description below; one that
has none stops the generation, so that a new type cannot leave the schema describing pydantic's internals.

A schema is a little stricter than the model where the model forgives (a vocabulary's spelling in other
letter cases, spaces inside an amount): what it accepts the model accepts (tests/test_editor_and_schema.py).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, get_args

from pydantic import BaseModel, BeforeValidator
from pydantic.json_schema import GenerateJsonSchema

from ..content import model as m
from ..content.vocab import Part, TimeUnit, Vocab

DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Kind:
    """A kind of content file: which files, which model, one record or a list of them."""

    name: str  # the schema's file name: docs/schema/<name>.schema.json
    model: type[BaseModel]
    files: str  # where the files are, as staff know it
    title: str
    many: bool = False  # the file holds a list of records
    front_matter: bool = False  # the record is a Markdown file's front matter


KINDS = {kind.name: kind for kind in (
    Kind("procedure", m.Procedure, "procedures/**/*.md",
         "Thủ tục hành chính: phần thông tin ở đầu tệp procedures/<lĩnh vực>/<tên>.md"),
    Kind("plan", m.Plan, "plans/**/*.md", "Kế hoạch: phần thông tin ở đầu tệp plans/<tên>.md"),
    Kind("department", m.Department, "data/department.yml", "Thông tin cơ quan (data/department.yml)"),
    Kind("fields", m.FieldOfWork, "data/fields.yml", "Danh sách lĩnh vực (data/fields.yml)", many=True),
    Kind("units", m.Unit, "data/units.yml", "Danh sách đơn vị (data/units.yml)", many=True),
    Kind("officials", m.Official, "data/officials.yml", "Danh sách cán bộ (data/officials.yml)", many=True),
    Kind("legal", m.LegalDocument, "data/legal.yml", "Văn bản pháp luật được dẫn (data/legal.yml)", many=True),
    Kind("requirements", m.Requirement, "data/requirements.yml",
         "Yêu cầu công khai và chỉ tiêu (data/requirements.yml)", many=True),
    Kind("statistics", m.Statistics, "data/statistics/*.yml",
         "Kết quả giải quyết hồ sơ của một kỳ (data/statistics/<kỳ>.yml)"),
    Kind("search_words", m.SearchWords, "data/search_words.yml",
         "Chữ viết tắt và tên cũ cho ô tìm kiếm (data/search_words.yml)"),
)}


# --------------------------------------------------------------------------- patterns, from the model's own


def ecma(pattern: str) -> str:
    """A Python regular expression as a JSON Schema (ECMA-262) pattern matching the whole value: digits are
    0-9 (the model refuses other digits before it matches), and the pattern is anchored (the model uses
    fullmatch; JSON Schema's "pattern" searches)."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            pair = pattern[i:i + 2]
            out.append("0-9" if pair == r"\d" and in_class else "[0-9]" if pair == r"\d" else pair)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "^(?:" + "".join(out) + ")$"


def before_validator(annotated: Any) -> Callable:
    """The parsing function of one of the model's annotated types (Code, VDate...)."""
    for meta in get_args(annotated)[1:]:
        if isinstance(meta, BeforeValidator):
            return meta.func
    raise TypeError(f"{annotated!r} has no BeforeValidator")


def _closure(func: Callable, name: str) -> Any:
    return func.__closure__[func.__code__.co_freevars.index(name)].cell_contents


def checked_pattern(annotated: Any) -> str:
    """The regular expression a text type made by model._checked(re.compile(...).fullmatch, ...) accepts."""
    accept = _closure(before_validator(annotated), "accept")
    compiled = getattr(accept, "__self__", None)
    if not isinstance(compiled, re.Pattern):
        raise TypeError(f"{annotated!r} is not checked by a regular expression")
    return compiled.pattern


def _ci(word: str) -> str:
    """`word` in any letter case, as a pattern (JSON Schema patterns take no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def _phone_pattern() -> str:
    """congkhai.common.text.phone_digits as one pattern over the text as written: separators (space . - ( ))
    anywhere, +84 for the leading 0; landlines 02 + 9 digits, mobiles 03/05/07/08/09 + 8, hotlines 1800/1900
    + 4 or 6. tests/test_editor_and_schema.py checks it against phone_digits."""
    s = r"[\s.()-]*"

    def digits(n: int) -> str:
        return f"(?:{s}[0-9]){{{n}}}"

    national = rf"(?:0|\+{s}8{s}4){s}(?:2{digits(9)}|[35789]{digits(8)})"
    hotline = rf"1{s}[89]{s}0{s}0{digits(4)}(?:{digits(2)})?"
    return rf"^{s}(?:{national}|{hotline}){s}$"


def _form_file_pattern() -> str:
    """model.form_file_ok: a path inside the procedure's folder, ending in one of the form file types."""
    suffixes = "|".join(_ci(suffix[1:]) for suffix in m.FORM_FILE_TYPES)
    path = ecma(m._FORM_PATH.pattern)[1:-1]  # noqa: SLF001 - the model's own pattern, reused
    return rf"^(?={path}$).*\.(?:{suffixes})$"


TEXT = {"type": "string", "pattern": r"\S"}
FLAG_WORDS = ["có", "không", "Có", "Không", "true", "false", "yes", "no", "đúng", "sai", "1", "0"]
# a processing time: "<số> <đơn vị>" or "không quy định" (model.Duration)
_UNITS = "|".join(re.escape(spelling) for unit in TimeUnit for spelling in dict.fromkeys((unit.value, unit.label,
                                                                                         *unit.aliases)))
DURATION = {"type": "string", "pattern": rf"^0*[1-9][0-9]*\s+(?:{_UNITS})$|^(?:{_ci('không quy định')}|"
                                         rf"{_ci('không')})$",
            "examples": ["10 ngày làm việc", "không quy định"]}


@functools.lru_cache(maxsize=None)
def scalar_schemas() -> dict[Callable, dict]:
    """The file form of each of the model's scalar types, by its parsing function."""
    return {
        m._text: TEXT,  # noqa: SLF001
        m._date: {"type": "string", "pattern": f"{ecma(m.DATE_DMY.pattern)}|{ecma(m.DATE_ISO.pattern)}",
                  "examples": ["15/05/2024"]},
        m._money: {"anyOf": [{"type": "string", "pattern": ecma(m.MONEY_TEXT.pattern), "examples": ["1.500.000"]},
                             {"type": "integer", "minimum": 0}]},
        m._count: {"anyOf": [{"type": "string", "pattern": r"^[0-9]{1,9}$"}, {"type": "integer", "minimum": 0}]},
        m._percent: {"anyOf": [{"type": "string", "pattern": r"^(?:100(?:[.,]0+)?|[1-9][0-9]?(?:[.,][0-9]+)?"
                                                             r"|0[.,][0-9]*[1-9][0-9]*)\s*%?$", "examples": ["0,1"]},
                               {"type": "number", "exclusiveMinimum": 0, "maximum": 100}]},
        m._bool: {"anyOf": [{"type": "boolean"}, {"enum": FLAG_WORDS}]},
        m._deadline: {"type": "string", "pattern": r"\S", "examples": ["Quý 1/2026", "Thường xuyên"]},
        m._listify: None,  # a list, or its one item: see _Generator.function_before_schema
        before_validator(m.Slug): {"type": "string", "pattern": ecma(checked_pattern(m.Slug))},
        before_validator(m.Code): {"type": "string", "pattern": ecma(checked_pattern(m.Code)), "examples": ["1.000173"]},
        before_validator(m.LocalCode): {"type": "string", "pattern": ecma(checked_pattern(m.LocalCode))},
        before_validator(m.Email): {"type": "string", "pattern": ecma(checked_pattern(m.Email))},
        before_validator(m.Url): {"type": "string", "pattern": ecma(checked_pattern(m.Url))},
        before_validator(m.Phone): {"type": "string", "pattern": _phone_pattern(), "examples": ["0200 3812 345"]},
        before_validator(m.FormFile): {"type": "string", "pattern": _form_file_pattern()},
    }


# records the model also reads from one line of text
STRING_MODELS = {
    m.Duration: DURATION,
    m.PartialDate: {"type": "string", "pattern": r"^(?:(?:0?[1-9]|[12][0-9]|3[01]|…|\.\.\.)/)?(?:0?[1-9]|1[0-2])/[0-9]{4}$"
                                                 r"|^[0-9]{4}$",
                    "examples": ["18/11/2019", "…/11/2022"]},
    m.Period: {"type": "string",
               "pattern": rf"^{_ci('quý')}\s+(?:[1-4]|I|II|III|IV|i|ii|iii|iv)\s*/\s*[0-9]{{4}}$"
                          rf"|^{_ci('tháng')}\s+[0-9]{{1,2}}\s*/\s*[0-9]{{4}}$|^{_ci('năm')}\s+[0-9]{{4}}$",
               "examples": ["Quý 3/2026", "Tháng 09/2026", "Năm 2026"]},
}
# "before" model validators that let a record be written as its name alone ("- Nộp hồ sơ" for a step)
_FROM_TEXT = {m.Step._from_text.__func__, m.Result._from_text.__func__}  # noqa: SLF001
# Procedure._unstated_parts: a part listed in `missing` may be left out (its effect: _unstated_parts below)
_PROCEDURE_PARTS = m.Procedure._unstated_parts.__func__  # noqa: SLF001


def vocab_words(vocab: type[Vocab]) -> list[str]:
    """Every spelling of a closed list that the model reads, as written: values first."""
    words = [member.value for member in vocab]
    for member in vocab:
        words += [w for w in (member.label, *member.aliases) if w not in words]
    return words


class _Generator(GenerateJsonSchema):
    """pydantic's JSON Schema of a model, with the model's parsers described as the text they read."""

    def model_schema(self, schema):
        cls = schema["cls"]
        if cls in STRING_MODELS:
            return dict(STRING_MODELS[cls])
        inner = schema["schema"]
        validator = inner["function"]["function"] if inner["type"] == "function-before" else None
        validator = getattr(validator, "__func__", validator)
        if validator in _FROM_TEXT or validator is _PROCEDURE_PARTS:
            schema = {**schema, "schema": inner["schema"]}  # the record's own fields, described below
        out = super().model_schema(schema)
        out.pop("description", None)  # the class's docstring: English notes for developers
        if validator in _FROM_TEXT:
            return {"anyOf": [out, TEXT]}
        return out

    def enum_schema(self, schema):
        cls = schema.get("cls")
        if isinstance(cls, type) and issubclass(cls, Vocab):
            return {"enum": vocab_words(cls), "description": "Một trong: " + ", ".join(cls.choices())}
        return super().enum_schema(schema)

    def function_before_schema(self, schema):
        func = schema["function"]["function"]
        inner = getattr(func, "__func__", func)
        if inner is m._listify:  # noqa: SLF001 - ListOf: a list, or its one item, or nothing
            listed = self.generate_inner(schema["schema"])
            item = listed.get("items", {})
            return {"anyOf": [listed, item]} if item else listed
        scalars = scalar_schemas()
        if inner in scalars and scalars[inner] is not None:
            return dict(scalars[inner])
        if _is_vocab_parser(inner):
            return self.generate_inner(schema["schema"])  # the enum: enum_schema
        raise TypeError(f"congkhai/publish/schemas.py does not know how the model parser {func.__qualname__} reads "
                        "a file's text: describe it in scalar_schemas() or STRING_MODELS")


def _is_vocab_parser(func: Callable) -> bool:
    return func.__qualname__ == "vocab.<locals>.parse" and issubclass(_closure(func, "cls"), Vocab)


def _unstated_parts(schema: dict) -> None:
    """A procedure may leave out a part that its `missing` lists (Procedure._unstated_parts): such a part is
    required only when `missing` does not name it."""
    required = schema.get("required", [])
    conditions = []
    for part in Part:
        if part is Part.PROCESSING_TIME or part.value not in required:
            continue
        required.remove(part.value)
        spellings = [w for w in vocab_words(Part) if Part.lookup(w) is part]
        names = {"enum": spellings}
        conditions.append({
            "if": {"required": ["missing"],
                   "properties": {"missing": {"anyOf": [names, {"type": "array", "contains": names}]}}},
            "else": {"required": [part.value]},
        })
    if conditions:
        schema["allOf"] = conditions


def schema_for(kind: Kind) -> dict:
    """The JSON Schema of one kind of file (a dict, ready for json.dumps)."""
    record = kind.model.model_json_schema(mode="validation", schema_generator=_Generator)
    if kind.model is m.Procedure:
        _unstated_parts(record)
    defs = record.pop("$defs", {})
    record.pop("title", None)
    if kind.many:
        defs[kind.model.__name__] = record
        body: dict[str, Any] = {"type": "array", "items": {"$ref": f"#/$defs/{kind.model.__name__}"}}
    else:
        body = record
    out = {"$schema": DIALECT, "title": kind.title,
           "description": f"Tệp: {kind.files}. Tạo từ congkhai/content/model.py bằng lệnh \"congkhai generate\"; "
                          "đừng sửa tay."}
    out.update(body)
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def schema_text(kind: Kind) -> str:
    """The schema as it is published: UTF-8 JSON, Vietnamese letters as they are, keys in the model's order."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """Published path under docs/ -> text, for every kind."""
    return {f"schema/{kind.name}.schema.json": schema_text(kind) for kind in KINDS.values()}


__all__ = ["DIALECT", "KINDS", "STRING_MODELS", "Kind", "before_validator", "checked_pattern", "ecma",
           "scalar_schemas", "schema_files", "schema_for", "schema_text", "vocab_words"]
