"""Load stage: read content files into plain data, remembering where each value sits.

Every YAML scalar is read as text (or None when empty): a code such as 1.000170 must
not become the float 1.00017, nor a phone number 0200... an integer. The typed model
decides what each text means. For every value we keep its line, so that an error can
name it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is much faster on thousands of files; marks are the same
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _TextLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose only implicit type is null: everything else stays text."""

    yaml_implicit_resolvers: dict = {}


for _first in ["~", "n", "N", ""]:
    _TextLoader.add_implicit_resolver("tag:yaml.org,2002:null", yaml.resolver.Resolver.yaml_implicit_resolvers["~"][0][1], [_first])

Path_ = tuple  # a location inside a document: ("channels", 0, "time")


@dataclass
class Source:
    """One content file: its data, its Markdown body and where each value stands."""

    path: Path
    rel: str  # path as staff know it, relative to the site root, with '/'
    data: Any
    body: str = ""
    lines: dict[tuple, int] = field(default_factory=dict)
    first_line: int = 1  # line of the data's opening
    body_line: int = 1  # line where the Markdown body starts

    def line(self, loc: tuple) -> int:
        """Line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), self.first_line)


def _walk(node: yaml.Node, loc: tuple, offset: int, lines: dict[tuple, int], seen: set[int]) -> Any:
    # A node met twice is a YAML alias (*name): refused, which also stops recursive aliases and
    # "billion laughs" bombs, whose expansion would grow without bound.
    if id(node) in seen:
        raise _Alias(node.start_mark.line + 1 + offset)
    seen.add(id(node))
    lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if isinstance(key_node, yaml.ScalarNode):
                key = key if key is not None else ""
            key = str(key)
            if id(value_node) in seen:  # an alias: name the line where it is used, not its anchor's
                raise _Alias(key_node.start_mark.line + 1 + offset)
            value = _walk(value_node, loc + (key,), offset, lines, seen)
            # the key's line is where staff look for the field
            lines[loc + (key,)] = key_node.start_mark.line + 1 + offset
            if key in out:
                raise _DuplicateKey(key, key_node.start_mark.line + 1 + offset)
            out[key] = value
        return out
    if isinstance(node, yaml.SequenceNode):
        out_list = []
        for i, item in enumerate(node.value):
            if id(item) in seen:  # an alias inside a list: name the list's line
                raise _Alias(node.start_mark.line + 1 + offset)
            out_list.append(_walk(item, loc + (i,), offset, lines, seen))
        return out_list
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if isinstance(node, yaml.ScalarNode):
        return unicodedata.normalize("NFC", node.value)
    raise _Unsupported(node.start_mark.line + 1)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _Alias(Exception):
    def __init__(self, line: int):
        self.line = line


class _Unsupported(Exception):
    def __init__(self, line: int):
        self.line = line


def parse_yaml(text: str, rel: str, offset: int = 0) -> tuple[Any, dict[tuple, int], list[Problem]]:
    """Parse YAML text into plain data and a line map. `offset` is added to every line."""
    try:
        loader = _TextLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        return None, {}, [Problem(rel, line, None, f"nội dung YAML viết sai cú pháp ({_yaml_reason(exc)}). "
                                  "Hãy kiểm tra dấu hai chấm sau tên mục, thụt lề bằng dấu cách và dấu ngoặc kép")]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(rel, None, None, f"nội dung YAML không đọc được ({exc})")]
    if node is None:
        return None, {(): 1 + offset}, []
    lines: dict[tuple, int] = {}
    try:
        data = _walk(node, (), offset, lines, set())
    except _DuplicateKey as dup:
        return None, {}, [Problem(rel, dup.line, dup.key, "mục này được viết hai lần; hãy giữ một lần")]
    except _Alias as alias:
        return None, {}, [Problem(rel, alias.line, None, "có bí danh YAML (dấu * trỏ tới một dấu &): cổng không dùng "
                                  "neo và bí danh; hãy viết giá trị ra đầy đủ, hoặc đặt giá trị có dấu * trong ngoặc kép")]
    except _Unsupported as bad:
        return None, {}, [Problem(rel, bad.line, None, "tên mục phải là chữ, không phải danh sách hay nhóm")]
    return data, lines, []


_YAML_REASONS = {
    "mapping values are not allowed": "có dấu hai chấm không đúng chỗ; nếu giá trị có dấu hai chấm, hãy đặt nó trong ngoặc kép",
    "could not find expected ':'": "thiếu dấu hai chấm sau tên mục",
    "found character '\\t' that cannot start any token": "có ký tự Tab; hãy thụt lề bằng dấu cách",
    "did not find expected key": "thụt lề không thẳng hàng",
    "did not find expected '-' indicator": "thụt lề của danh sách không thẳng hàng",
    "found unexpected end of stream": "thiếu dấu ngoặc kép đóng",
    "did not find expected ',' or ']'": "thiếu dấu \"]\" đóng danh sách, hoặc thiếu dấu phẩy giữa các phần tử",
    "did not find expected ',' or '}'": "thiếu dấu \"}\" đóng nhóm, hoặc thiếu dấu phẩy giữa các phần tử",
    "found unknown escape character": "có dấu \\ không hợp lệ trong chuỗi ngoặc kép",
    "found undefined alias": "có dấu * ở đầu giá trị; hãy đặt giá trị trong ngoặc kép",
    "found character that cannot start any token": "có ký tự không được đứng đầu giá trị (như @ hoặc `); hãy đặt giá trị trong ngoặc kép",
    "expected <block end>, but found": "thụt lề không thẳng hàng",
    "found duplicate anchor": "có dấu & ở đầu giá trị; hãy đặt giá trị trong ngoặc kép",
}


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for key, reason in _YAML_REASONS.items():
        if problem.startswith(key):
            return reason
    return "lỗi cú pháp: " + problem if problem else "lỗi cú pháp"


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "tệp không được lưu theo bảng mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8")]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")), []


def read_markdown(path: Path, rel: str) -> tuple[Source | None, list[Problem]]:
    """A Markdown file whose front matter (between '---' lines) holds the record."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [Problem(rel, 1, None, "tệp phải bắt đầu bằng một dòng '---', rồi các mục thông tin, rồi một dòng '---' nữa")]
    try:
        # only a '---' line at the start of a line closes it: "..." or an indented '---' inside a
        # "|" block is text
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        return None, [Problem(rel, 1, None, "không thấy dòng '---' đóng phần thông tin ở đầu tệp")]
    front = "\n".join(lines[1:end])
    data, line_map, problems = parse_yaml(front, rel, offset=1)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(rel, 2, None, "phần thông tin ở đầu tệp phải là các dòng 'tên mục: giá trị'")]
    body = "\n".join(lines[end + 1:])
    return Source(path, rel, data, body, line_map, first_line=2, body_line=end + 2), []


def read_page(path: Path, rel: str) -> tuple[Source | None, list[Problem]]:
    """A hand-written docs page: front matter is optional (MkDocs reads it the same way)."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    if text.split("\n", 1)[0].strip() == "---":
        return read_markdown(path, rel)
    return Source(path, rel, {}, text, {}, body_line=1), []


def read_yaml(path: Path, rel: str) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    data, line_map, problems = parse_yaml(text, rel)
    if problems:
        return None, problems
    return Source(path, rel, data, "", line_map), []
