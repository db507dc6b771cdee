"""The Atom feed of recent changes (RFC 4287), beside the "Thay đổi gần đây" page: thay-doi/atom.xml.

Feed readers and other agencies' systems follow it instead of re-reading the site. Entries are the
newest changes of congkhai/derive/changes.py. Links are relative to the feed (a reader resolves them
against the feed's own address) unless the site's address is known (mkdocs.yml `site_url`); ids are
`urn:` names built from the department and the change, so they do not change when the site moves.
The file depends only on the records and the build date: a rebuild gives the same bytes.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

from ..common.text import slugify
from ..content.site import Site
from ..derive.changes import Change, recent_changes

FEED_PATH = "thay-doi/atom.xml"
ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50


def _stamp(day) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"


def _href(target: str, site_url: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/" + target
    return posixpath.relpath(target or ".", posixpath.dirname(FEED_PATH)) + ("/" if target.endswith("/") else "")


def atom_feed(site: Site, site_url: str = "", changes: list[Change] | None = None) -> bytes:
    changes = (recent_changes(site) if changes is None else changes)[:LIMIT]
    department = site.department
    name = slugify(department.name)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(feed, "title", f"Thay đổi gần đây: {department.name}")
    sub(feed, "subtitle", "Thủ tục hành chính được công bố mới, sửa đổi, bổ sung, thay thế, bãi bỏ và nhiệm vụ kế hoạch "
                          "đã hoàn thành")
    sub(feed, "id", f"urn:congkhai:{name}:thay-doi")
    sub(feed, "updated", _stamp(max([c.date for c in changes], default=site.build_date)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=_href(FEED_PATH, site_url))
    sub(feed, "link", rel="alternate", type="text/html", href=_href("thay-doi/", site_url))
    author = sub(feed, "author")
    sub(author, "name", department.name)
    sub(author, "email", department.email)
    for change in changes:
        entry = sub(feed, "entry")
        sub(entry, "title", f"{change.kind}: {change.title}")
        sub(entry, "id", f"urn:congkhai:{name}:{change.key}")
        sub(entry, "updated", _stamp(change.date))
        sub(entry, "link", rel="alternate", type="text/html", href=_href(change.url, site_url))
        sub(entry, "category", term=slugify(change.kind), label=change.kind)
        sub(entry, "summary", change.summary)
    ET.indent(feed, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def write_feed(site: Site, site_dir: Path, site_url: str = "") -> Path:
    path = site_dir / FEED_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(atom_feed(site, site_url))
    return path
