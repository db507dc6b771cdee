"""Validate stage: typed records from loaded sources, with every problem in plain words.

`check_record` turns one source into a model instance, translating pydantic's
errors into Problems that name file, line, field and what was expected.
Cross-reference checks between files live in site.py.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from ..common.problems import Problem, format_path
from .source import Source

M = TypeVar("M", bound=BaseModel)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as Optional[list[Fee]]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _walk_fields(model: type[BaseModel], loc: tuple):
    """Yield (model, name, FieldInfo) for each named part of `loc` that the model declares."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if current is not None else None
        if info is None:
            return
        yield current, part, info
        current = _model_in(info.annotation)


def field_info(model: type[BaseModel], loc: tuple):
    """(model, field name, FieldInfo) of the last declared part of `loc`, or None."""
    found = None
    for found in _walk_fields(model, loc):
        pass
    return found


def label_for(model: type[BaseModel], loc: tuple) -> str | None:
    found = field_info(model, loc)
    return found[2].title if found else None


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that holds the fields under `loc` (the root model for an empty loc)."""
    named = [p for p in loc if not isinstance(p, int)]
    walked = list(_walk_fields(model, loc))
    if len(walked) != len(named):
        return None
    return _model_in(walked[-1][2].annotation) if walked else model


def _message(model: type[BaseModel], err: dict) -> str:
    kind = err["type"]
    loc = tuple(err["loc"])
    if kind == "congkhai":
        return err["msg"]
    if err.get("input", "") is None and kind != "missing":
        found = field_info(model, loc)
        if found and found[2].is_required():  # say what the field holds, e.g. 'ghi "fees: []" nếu không thu'
            return "mục này đang để trống; cần ghi giá trị" + (f" ({found[2].description})" if found[2].description else "")
        return "mục này đang để trống; cần ghi giá trị (hoặc xóa dòng nếu mục không bắt buộc)"
    if kind == "missing":
        found = field_info(model, loc)
        hint = f" ({found[2].description})" if found and found[2].description else ""
        return "thiếu mục bắt buộc này" + hint
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f'; có phải ý bạn là "{close[0]}"?' if close else f"; các mục được phép: {', '.join(known)}"
        return "mục này không có trong mẫu" + hint
    if kind == "list_type":
        return "cần một danh sách: mỗi phần tử viết trên một dòng riêng, bắt đầu bằng \"- \""
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "cần một nhóm mục con, mỗi dòng dạng \"tên mục: giá trị\", thụt lề vào trong"
    if kind == "too_short":
        return f"cần ít nhất {err.get('ctx', {}).get('min_length', 1)} phần tử"
    if kind in ("string_type", "str_type"):
        return "cần một đoạn chữ, không phải danh sách hay nhóm mục"
    found = field_info(model, loc)  # a case the schema's own messages do not cover: say what is expected
    return "giá trị không hợp lệ" + (f"; {found[2].description}" if found and found[2].description else "")


def problems_from(exc: ValidationError, model: type[BaseModel], source: Source, prefix: tuple = ()) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        out.append(Problem(
            file=source.rel,
            line=source.line(prefix + loc),
            field=format_path(loc) or None,
            label=label_for(model, loc),
            message=_message(model, err),
        ))
    return out


def check_record(model: type[M], data: Any, source: Source, prefix: tuple = ()) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `prefix` inside `source`) as `model`."""
    if not isinstance(data, dict):
        return None, [Problem(source.rel, source.line(prefix), format_path(prefix) or None,
                              "cần một nhóm mục, mỗi dòng dạng \"tên mục: giá trị\"")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, model, source, prefix)


def check_list(model: type[M], source: Source) -> tuple[list[tuple[M, tuple]], list[Problem]]:
    """Validate a data file that holds a list of records; returns (record, loc) pairs."""
    if not isinstance(source.data, list):
        return [], [Problem(source.rel, source.first_line, None,
                            "tệp này cần là một danh sách; mỗi mục bắt đầu bằng một dòng \"- \"")]
    records, problems = [], []
    for i, item in enumerate(source.data):
        record, found = check_record(model, item, source, (i,))
        problems += [_prefixed(p, i) for p in found]
        if record is not None:
            records.append((record, (i,)))
    return records, problems


def _prefixed(problem: Problem, index: int) -> Problem:
    field = f"[{index}]" + ("." + problem.field if problem.field and not problem.field.startswith("[") else (problem.field or ""))
    return Problem(problem.file, problem.line, field, problem.message, problem.label)
