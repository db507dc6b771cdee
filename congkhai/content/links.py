"""Links inside Markdown bodies, checked before any page is built and in the words staff read.

The strict MkDocs build refuses a page whose links MkDocs cannot resolve (mkdocs.yml `validation`):
a relative link to a page file that is not there ("not found"), a relative link that names no file
("unrecognized", such as `../bieu-phi/`), and a link starting with "/" ("absolute"). Its warning is in
English and names the generated page. This module applies the same rules to every body, so that
`congkhai check` refuses the same links with the staff's own file and line, and a suggestion.

A body is published at its page's place on the site, not where its file sits in the content folders:
a procedure at `thu-tuc/<file name>.md`, a plan at `ke-hoach/<file name>.md`, a docs page where it is
under `docs/`. Links are written from there, as MkDocs reads them.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .body import render
from ..common.problems import Problem


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        key = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == key and value is not None:
                self.urls.append(value)

    handle_startendtag = handle_starttag


def _target(page: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path).lstrip("/"))


def _guesses(page: str, path: str) -> list[str]:
    """Page files a link may have meant (as MkDocs guesses them: a folder's index, the .md of a page address)."""
    base = _target(page, path)
    out = [base]
    for stem in (base, _target(page.removesuffix(".md") + "/", path)):
        stem = stem.rstrip("/")
        out += [stem + ".md", stem + "/index.md", stem.removesuffix(".html") + ".md"]
    return out


def _same_name(path: str, known: set[str]) -> str | None:
    """The one site file whose last part is the link's ("../../docs/can-bo.md" meant "can-bo.md")."""
    name = posixpath.basename(path.rstrip("/"))
    matches = [k for k in known if posixpath.basename(k) in (name, name + ".md")] if name not in ("", "..") else []
    if len(matches) > 1:  # several pages share the name: the one the link spells out from docs/, if any
        tail = re.sub(r"^(\.\.?/)+", "", path.rstrip("/"))
        tail = tail.removeprefix("docs/")
        matches = [k for k in matches if k in (tail, tail + ".md")]
    return matches[0] if len(matches) == 1 else None


def _address(page: str) -> str:
    """'thu-tuc/x.md' -> '"thu-tuc/x/"'; 'index.md' -> 'trang chủ'."""
    url = page.removesuffix(".md").removesuffix("index")
    url = url if not url or url.endswith("/") else url + "/"
    return f'"{url}"' if url else "trang chủ"


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def link_problems(markdown_text: str, rel: str, first_line: int, page: str, known: set[str],
                  rendered: str | None = None) -> list[Problem]:
    """Links in a body (file `rel`, starting at `first_line`, published as page file `page`) that the strict
    build would refuse; `known` holds every file of the site as MkDocs lists them ("bieu-phi.md", "thu-tuc/x.md")."""
    if "](" not in markdown_text and "href" not in markdown_text and "src" not in markdown_text \
            and "]:" not in markdown_text:
        return []
    finder = _Links()
    finder.feed(rendered if rendered is not None else render(markdown_text))
    finder.close()
    lines = markdown_text.split("\n")
    where = f"trang này ở {_address(page)} trên cổng"
    out = []
    for url in finder.urls:
        scheme, netloc, path, _query, _anchor = urlsplit(url)
        if scheme or netloc or "\x02" in url:  # another site, mailto:, tel:
            continue
        message = None
        if url.startswith(("/", "\\")):
            guess = next((g for g in _guesses("index.md", url.lstrip("/\\")) if g in known), None)
            example = f'"{_relative(guess, page)}"' if guess else 'tới tệp .md của trang'
            message = (f'liên kết "{url}" bắt đầu bằng dấu "/" nên sẽ hỏng khi cổng đặt trong một thư mục con; hãy viết '
                       f"đường dẫn tương đối, ví dụ {example} ({where})")
        elif path:
            path = unquote(path)
            if _target(page, path) in known:
                continue
            guess = next((g for g in _guesses(page, path)[1:] if g in known), None) or _same_name(path, known)
            hint = f'; có phải ý bạn là "{_relative(guess, page)}"?' if guess else ""
            if not posixpath.splitext(path)[1]:
                message = (f'liên kết "{url}" không dẫn tới tệp nào của cổng; liên kết tới một trang hãy viết tên tệp '
                           f".md của trang đó, tính từ {where}{hint}")
            else:
                message = f'liên kết "{url}" dẫn tới "{_target(page, path)}", không có trên cổng ({where}){hint}'
        if message:
            line = next((first_line + i for i, text in enumerate(lines) if url in text), None)
            out.append(Problem(rel, line, None, "phần nội dung: " + message))
    return out
