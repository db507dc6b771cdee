"""Load stage: read content files into plain data, remembering where each value sits.

Every YAML scalar is read as text (or None when empty): a code such as 1.000170 must
not become the float 1.00017, nor a phone number 0200... an integer. The typed model
decides what each text means. For every value we keep its line, so that an error can
name it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy
import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-1252 codec
import yaml

from ..common.problems import Problem, format_path

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
    if node.tag not in _PLAIN_TAGS:  # "!!python/object:…", "!foo": a tag asks the reader to make an object
        raise _Tag(node.start_mark.line + 1 + offset, node.tag)
    lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, offset)
            if isinstance(key_node, yaml.ScalarNode):
                key = key if key is not None else ""
            key = str(key)
            if id(value_node) in seen:  # an alias: name the line where it is used, not its anchor's
                raise _Alias(key_node.start_mark.line + 1 + offset)
            value = _walk(value_node, loc + (key,), offset, lines, seen)
            # the key's line is where staff look for the field
            lines[loc + (key,)] = key_node.start_mark.line + 1 + offset
            if key in out:
                raise _DuplicateKey(format_path(loc + (key,)), key_node.start_mark.line + 1 + offset)
            out[key] = value
        return out
    if isinstance(node, yaml.SequenceNode):
        out_list = []
        for i, item in enumerate(node.value):
            if id(item) in seen:  # an alias inside a list: name the list's line
                raise _Alias(node.start_mark.line + 1 + offset)
            out_list.append(_walk(item, loc + (i,), offset, lines, seen))
        return out_list
    return _scalar(node, offset)


_YAML_TAG = "tag:yaml.org,2002:"
# tags that only say what a value already is; the model reads every value from its text anyway
_PLAIN_TAGS = {_YAML_TAG + name for name in ("str", "null", "map", "seq", "int", "float", "bool", "timestamp")}


def _scalar(node: yaml.Node, offset: int) -> Any:
    if node.tag not in _PLAIN_TAGS:
        raise _Tag(node.start_mark.line + 1 + offset, node.tag)
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if isinstance(node, yaml.ScalarNode):
        return unicodedata.normalize("NFC", node.value)
    raise _Unsupported(node.start_mark.line + 1 + offset)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _Alias(Exception):
    def __init__(self, line: int):
        self.line = line


class _Tag(Exception):
    def __init__(self, line: int, tag: str):
        self.line = line
        self.tag = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


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
        if exc.context_mark is not None and (exc.problem or "").startswith(_OPENED_NOT_CLOSED):
            mark = exc.context_mark  # a bracket or quote never closed: point at where it opened
        # the reader may stop past the last line (a bracket never closed): name the last line then
        line = min(mark.line, text.count("\n")) + 1 + offset if mark else None
        column = f" ở cột {mark.column + 1}" if mark and mark.line <= text.count("\n") else " ở cuối"
        return None, {}, [Problem(rel, line, None, f"nội dung YAML viết sai cú pháp{column} ({yaml_reason(exc, text)}). "
                                  "Hãy kiểm tra dấu hai chấm sau tên mục, thụt lề bằng dấu cách và dấu ngoặc kép")]
    except yaml.reader.ReaderError as exc:  # a control character: the reader names no line, we count it
        # libyaml counts the position in UTF-8 bytes, PyYAML's own reader in characters
        before = text.encode("utf-8")[: exc.position] if _BaseLoader is not yaml.SafeLoader else text[: exc.position]
        line = before.count(b"\n" if isinstance(before, bytes) else "\n") + 1 + offset \
            if isinstance(exc.position, int) else None
        return None, {}, [Problem(rel, line, None, f"có ký tự điều khiển không nhìn thấy (U+{exc.character:04X}) "
                                  "trong nội dung; hãy xoá ký tự đó (thường do dán chữ từ tệp khác vào)"
                                  if isinstance(exc.character, int) else "có ký tự không đọc được trong nội dung")]
    except yaml.YAMLError:
        return None, {}, [Problem(rel, None, None, "nội dung YAML không đọc được; hãy kiểm tra lại cách viết của tệp")]
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
    except _Tag as tag:
        return None, {}, [Problem(rel, tag.line, None, f'có thẻ YAML "{tag.tag}" (dấu ! ở đầu giá trị): cổng không dùng thẻ; '
                                  'nếu giá trị bắt đầu bằng dấu "!", hãy đặt nó trong ngoặc kép')]
    return data, lines, []


_QUOTE = "hãy đặt giá trị trong ngoặc kép"
# where the reader started what it could not finish is where staff must look: the bracket or quote opened,
# the line whose name lacks its colon
_OPENED_NOT_CLOSED = ("did not find expected ',' or", "found unexpected end of stream", "could not find expected ':'")
# The reasons PyYAML and libyaml give (their "problem"), in the words staff need. Every reason the two
# readers produced on 200,000 random YAML-like texts is here; an unknown one gets a plain general reason.
_YAML_REASONS = {
    "mapping values are not allowed": f"có dấu hai chấm không đúng chỗ; nếu giá trị có dấu hai chấm, {_QUOTE}",
    "found unexpected ':'": f"có dấu hai chấm không đúng chỗ; nếu giá trị có dấu hai chấm, {_QUOTE}",
    "could not find expected ':'": "thiếu dấu hai chấm sau tên mục, hoặc một giá trị viết trên nhiều dòng mà không "
                                   "thụt lề",
    "found character '\\t' that cannot start any token": "có ký tự Tab; hãy thụt lề bằng dấu cách",
    "found a tab character": "có ký tự Tab; hãy thụt lề bằng dấu cách",
    "did not find expected key": "thụt lề không thẳng hàng",
    "did not find expected '-' indicator": "thụt lề của danh sách không thẳng hàng",
    "block sequence entries are not allowed": "dấu \"- \" của danh sách phải ở đầu một dòng mới, thụt vào dưới tên mục",
    "mapping keys are not allowed": "có tên mục không đúng chỗ (hoặc dấu ? ở đầu giá trị); hãy kiểm tra thụt lề",
    "did not find expected node content": "có chỗ cần một giá trị mà không thấy (thường do dấu phẩy, dấu \"-\" hoặc "
                                          f"dấu ngoặc đặt sai); nếu giá trị bắt đầu bằng dấu đó, {_QUOTE}",
    "did not find expected <document start>": "có dòng thừa hoặc thụt lề không thẳng hàng",
    "expected <block end>, but found": "thụt lề không thẳng hàng",
    "but found another document": "có dòng \"---\" hoặc \"...\" thừa; mỗi tệp chỉ có một phần thông tin",
    "found unexpected document indicator": "có dòng \"---\" hoặc \"...\" nằm trong một chuỗi ngoặc kép chưa đóng",
    "found unexpected end of stream": "thiếu dấu ngoặc kép đóng",
    "did not find expected ',' or ']'": "thiếu dấu \"]\" đóng danh sách, hoặc thiếu dấu phẩy giữa các phần tử",
    "did not find expected ',' or '}'": "thiếu dấu \"}\" đóng nhóm, hoặc thiếu dấu phẩy giữa các phần tử",
    "found unknown escape character": "có dấu \\ không hợp lệ trong chuỗi ngoặc kép; hãy viết \\\\ hoặc dùng ngoặc đơn",
    "did not find expected hexdecimal number": "có dấu \\x hoặc \\u không hợp lệ trong chuỗi ngoặc kép; hãy viết \\\\ "
                                               "hoặc dùng ngoặc đơn",
    "did not find expected comment or line break": "sau dấu | hoặc > phải xuống dòng ngay; nếu giá trị bắt đầu bằng "
                                                   f"dấu đó, {_QUOTE}",
    "found undefined alias": f"có dấu * ở đầu giá trị; {_QUOTE}",
    "did not find expected alphabetic or numeric character": f"có dấu * hoặc & ở đầu giá trị; {_QUOTE}",
    "found duplicate anchor": f"có dấu & ở đầu giá trị; {_QUOTE}",
    "second occurrence": f"có dấu & ở đầu giá trị; {_QUOTE}",
    "found character that cannot start any token": f"có ký tự không được đứng đầu giá trị (như @ hoặc `); {_QUOTE}",
    "did not find expected whitespace or line break": f"có dấu ! ở đầu giá trị; {_QUOTE}",
    "did not find URI escaped octet": f"có dấu ! ở đầu giá trị; {_QUOTE}",
    "did not find expected tag URI": f"có dấu ! ở đầu giá trị; {_QUOTE}",
    "found undefined tag handle": f"có dấu ! ở đầu giá trị; {_QUOTE}",
    "could not find expected directive name": f"có dòng bắt đầu bằng dấu %; {_QUOTE}",
    "found unexpected non-alphabetical character": f"có dòng bắt đầu bằng dấu %; {_QUOTE}",
    "found unknown directive name": f"có dòng bắt đầu bằng dấu %; {_QUOTE}",
}


def yaml_reason(exc: yaml.MarkedYAMLError, text: str = "") -> str:
    """Why a YAML text could not be read, in Vietnamese (PyYAML's own words are English)."""
    problem = exc.problem or ""
    mark = exc.problem_mark
    start = exc.context_mark
    lines = text.split("\n")
    for at in (start, mark):  # libyaml reads no name longer than 1024 characters; it then blames the colon
        line = lines[at.line] if at is not None and at.line < len(lines) else ""
        if ": " in line + " " and len(line.split(":")[0]) > 1000:
            return "tên mục quá dài (hơn 1.000 ký tự trước dấu hai chấm); tên mục là một từ ngắn như \"conditions\""
    if problem.startswith("found character") and mark is not None:
        # libyaml does not say which character: a Tab is the usual one and has its own advice
        lines = text.split("\n")
        if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            return "có ký tự Tab; hãy thụt lề bằng dấu cách"
    for key, reason in _YAML_REASONS.items():
        if problem.startswith(key) or key in problem:
            return reason
    return "cách viết không đúng quy tắc"


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """A content file as NFC text with '\\n' line ends. None when it is not UTF-8; problems also name
    lines whose letters were garbled by a wrong encoding on the way in (mojibake)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "tệp không được lưu theo bảng mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8")]
    text = text.replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text), mojibake(text, rel)


# Vietnamese letters whose UTF-8 bytes were read as Windows-1252 or Latin-1 leave these pairs behind:
# "áº"/"á»" (ạ…ỹ), "Æ°" (ư), "Ä‘" (đ), "Ã©" (é)... A pair that ordinary text also makes (capital Ã before
# a closing quote or a no-break space, as in "XÃ”") counts only on a line that has an unambiguous pair too.
_CLEAR = re.compile("á[º»]|Æ[¡¯°]|Ä[\u0090‘‚ƒ¨©]|Å[¨©]|Ã[\u0080-\u009f¡-¿€‚ƒ„†‡ˆ‰Š‹ŒŽšœžŸ›]")
_UNCLEAR = re.compile("Ã[\u00a0“”‘’–—…•]|Æ\u00a0")


def mojibake(text: str, rel: str, first_line: int = 1) -> list[Problem]:
    """Lines of `text` garbled by a wrong encoding ("Thá»§ tá»¥c" for "Thủ tục"), with the repaired words
    suggested when they can be recovered."""
    out = []
    for n, line in enumerate(text.split("\n"), first_line):
        if not _CLEAR.search(line):
            continue
        words = line.split(" ")  # not at U+00A0: it is the second byte of "à" garbled ("Ã\u00a0")
        garbled = [i for i, word in enumerate(words) if _CLEAR.search(word) or _UNCLEAR.search(word)]
        bad = " ".join(words[garbled[0]:garbled[-1] + 1]).strip()
        repaired = [_repair(words[i]) if i in garbled else words[i] for i in range(garbled[0], garbled[-1] + 1)]
        advice = ("hãy gõ hoặc dán lại đoạn chữ này từ bản gốc (lỗi thường do mở tệp với bảng mã khác UTF-8 rồi lưu "
                  "lại)")
        if all(repaired):
            out.append(Problem(rel, n, None, f'chữ bị lỗi bảng mã: "{bad}" có lẽ là "{" ".join(repaired).strip()}"; '
                               f"{advice}"))
        else:
            out.append(Problem(rel, n, None, f'chữ bị lỗi bảng mã: "{bad}"; {advice}'))
    return out


def _repair(word: str) -> str | None:
    """A word whose UTF-8 bytes were read as Windows-1252 or Latin-1, read back right; None if it was not
    garbled that way, or bytes were lost."""
    if word.isascii():
        return None
    for codec in ("sloppy-windows-1252", "latin-1"):
        try:
            fixed = word.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != word:
            return unicodedata.normalize("NFC", fixed)
    fixed = ftfy.fix_encoding(word)
    return unicodedata.normalize("NFC", fixed) if fixed != word and not _CLEAR.search(fixed) else None


def read_markdown(path: Path, rel: str) -> tuple[Source | None, list[Problem]]:
    """A Markdown file whose front matter (between '---' lines) holds the record."""
    text, garbled = read_text(path, rel)
    if text is None:
        return None, garbled
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
        return None, garbled + problems
    if not isinstance(data, dict):
        return None, garbled + [Problem(rel, 2, None, "phần thông tin ở đầu tệp phải là các dòng 'tên mục: giá trị'")]
    body = "\n".join(lines[end + 1:])
    return Source(path, rel, data, body, line_map, first_line=2, body_line=end + 2), garbled


def read_page(path: Path, rel: str) -> tuple[Source | None, list[Problem]]:
    """A hand-written docs page: front matter is optional (MkDocs reads it the same way)."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    if text.split("\n", 1)[0].strip() == "---":
        return read_markdown(path, rel)
    return Source(path, rel, {}, text, {}, body_line=1), problems


def read_yaml(path: Path, rel: str) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    data, line_map, found = parse_yaml(text, rel)
    if found:
        return None, problems + found
    return Source(path, rel, data, "", line_map), problems
