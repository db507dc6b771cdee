"""The body policy: what the Markdown text under a record's front matter (or a docs page) may publish.

Staff write Markdown; raw HTML in it passes through Markdown untouched, so every body is checked and
cleaned here:

- `problems(...)` reports, as Problems naming file and line, each thing the policy refuses: scripts,
  event handlers, style, frames, objects, forms, `javascript:`/`data:` addresses, and any image, audio,
  video, style or frame fetched from outside the site (the portal must work on an intranet and make
  visitors' browsers call no other host). `check` and the strict build fail on them.
- `clean(html)` passes the rendered HTML through an allow-list sanitizer (nh3, Ammonia) before it is
  published, whatever `problems` said: a second line of defence, not the first.

Links to other sites are allowed; the stylesheet marks them as leaving the site.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import nh3

from ..common.problems import Problem
from ..common.text import BIDI_CONTROLS

# Python-Markdown extensions the portal's bodies are written with (mkdocs.yml markdown_extensions)
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# tags whose content is dropped with them (a script's text is not for citizens either)
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "frame", "frameset"}
# attributes that fetch something when the page loads
FETCHING = {"src", "srcset", "poster", "data", "background", "formaction", "xlink:href"}
_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.I)

_NAMES = {"script": "mã lệnh <script>", "style": "định dạng <style>", "iframe": "khung nhúng <iframe>",
          "object": "đối tượng nhúng <object>", "embed": "đối tượng nhúng <embed>", "form": "biểu mẫu <form>",
          "input": "ô nhập <input>", "button": "nút <button>", "link": "liên kết tài nguyên <link>",
          "meta": "thẻ <meta>", "base": "thẻ <base>", "svg": "hình vẽ <svg>", "math": "công thức <math>"}


# table alignment as an attribute, not a style (mkdocs.yml says the same)
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}
_MAY_HOLD_HTML = re.compile(r"<|\]\(|\{|\]:")


def render(markdown_text: str) -> str:
    """A body as the site renders it (the same extensions as mkdocs.yml)."""
    return markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


class _Finder(HTMLParser):
    """Walks rendered HTML and notes what the policy refuses: (what, a text to find it by in the source)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.found.append((f'{_NAMES.get(tag, f"thẻ <{tag}>")} không được dùng trong nội dung', f"<{tag}"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((f'thuộc tính "{name}" (chạy mã lệnh) không được dùng', name))
            elif name == "style":
                self.found.append(('thuộc tính "style" không được dùng; định dạng do giao diện của cổng quyết định',
                                   "style"))
            elif name in ("href", "src", "action", "formaction", "xlink:href") and _BAD_SCHEME.match(value):
                scheme = value.strip().split(":", 1)[0].lower()
                self.found.append((f'địa chỉ "{scheme}:" không được dùng (chỉ dùng https://, mailto:, tel: hoặc '
                                   "trang trong cổng)", value.strip()[:40]))
            elif name in FETCHING and _EXTERNAL.match(value):
                self.found.append((f'"{value.strip()}" là tệp trên máy chủ khác: trình duyệt của người xem sẽ tải nó từ '
                                   "bên ngoài cổng; hãy chép tệp vào kho nội dung và dẫn tới bản chép",
                                   value.strip()))

    handle_startendtag = handle_starttag


def needs_rendering(markdown_text: str) -> bool:
    """Whether a body may hold HTML or links at all (plain text and Markdown marks need no rendering to check)."""
    return bool(_MAY_HOLD_HTML.search(markdown_text))


def problems(markdown_text: str, rel: str, first_line: int, rendered: str | None = None) -> list[Problem]:
    """What the body policy refuses in a Markdown body that starts at `first_line` of file `rel` (`rendered`: the
    body already rendered, when the caller has it)."""
    out = [Problem(rel, first_line + i, None, f"phần nội dung: có ký tự điều khiển hướng chữ (U+{ord(m[0]):04X}) làm chữ "
                   "hiện ngược hoặc đổi chỗ trên trang; hãy xoá ký tự đó")
           for i, text in enumerate(markdown_text.split("\n")) for m in [BIDI_CONTROLS.search(text)] if m]
    if not needs_rendering(markdown_text):  # plain text and Markdown marks: nothing more to refuse
        return out
    finder = _Finder()
    finder.feed(rendered if rendered is not None else render(markdown_text))
    finder.close()
    lines = markdown_text.split("\n")
    # the source as written, and with character references read ("javascript&#58;" is "javascript:")
    readable = [(text.lower(), html.unescape(text).lower()) for text in lines]
    for what, needle in finder.found:
        needle = needle.lower()
        line = next((first_line + i for i, (raw, read) in enumerate(readable) if needle in raw or needle in read), None)
        out.append(Problem(rel, line, None, "phần nội dung: " + what))
    return out


def clean(html: str) -> str:
    """Rendered body HTML with only what the allow-list permits."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     clean_content_tags=DROPPED_WITH_CONTENT, link_rel=None,
                     attribute_filter=_no_external_fetch)


def _no_external_fetch(tag: str, attribute: str, value: str) -> str | None:
    if attribute in FETCHING and _EXTERNAL.match(value):
        return None
    return value
