"""The Atom feed of recent changes (RFC 4287), beside the "Thay đổi gần đây" page: thay-doi/atom.xml.

Feed readers and other agencies' systems follow it instead of re-reading the site. Entries are the
newest changes of congkhai/derive/changes.py. Links are relative to the feed (a reader resolves them
against the feed's own address) unless the site's address is known (mkdocs.yml `site_url`); ids are
`urn:` names built from the department and the change, so they do not change when the site moves.
The file depends only on the records and the build date: a rebuild gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..common.text import slugify
from ..content.site import Site
from ..derive.changes import recent_changes
from .addresses import site_address

FEED_PATH = "thay-doi/atom.xml"
ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50


def _stamp(day) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"


def atom_feed(site: Site, site_url: str = "") -> bytes:
    changes = recent_changes(site)[:LIMIT]
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
    sub(feed, "link", rel="self", type="application/atom+xml", href=site_address(site_url, FEED_PATH, FEED_PATH))
    sub(feed, "link", rel="alternate", type="text/html", href=site_address(site_url, "thay-doi/", FEED_PATH))
    author = sub(feed, "author")
    sub(author, "name", department.name)
    sub(author, "email", department.email)
    for change in changes:
        entry = sub(feed, "entry")
        sub(entry, "title", f"{change.kind}: {change.title}")
        sub(entry, "id", f"urn:congkhai:{name}:{change.key}")
        sub(entry, "updated", _stamp(change.date))
        sub(entry, "link", rel="alternate", type="text/html", href=site_address(site_url, change.url, FEED_PATH))
        sub(entry, "category", term=slugify(change.kind), label=change.kind)
        sub(entry, "summary", change.summary)
    ET.indent(feed, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def write_feed(site: Site, site_dir: Path, site_url: str = "") -> Path:
    path = site_dir / FEED_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(atom_feed(site, site_url))
    return path
