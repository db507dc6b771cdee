"""Addresses of the site's pages and files, as the published site writes them.

    relative_root("thu-tuc/abc/")                          # "../../": from a page back to the site's root
    site_address(site_url, "thu-tuc/abc/")                 # absolute under mkdocs.yml `site_url`, else from the root
    site_address(site_url, "thu-tuc/abc/", "thay-doi/atom.xml")   # … else relative to that page or file

One rule for every place that writes an address outside the HTML links (QR codes, JSON-LD, the Atom feed,
the open-data catalogue and tables): absolute when the site's address is known, else as relative as the
reader can resolve (a feed reader resolves against the feed, JSON-LD against its page, a catalogue against
data.json).
"""

from __future__ import annotations

import posixpath


def relative_root(page_url: str) -> str:
    """Relative path from a page (MkDocs URL such as 'thu-tuc/abc/') to the site root, ending in '/'."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    rel = posixpath.relpath(".", folder or ".")
    return "" if rel == "." else rel + "/"


def site_address(site_url: str, target: str, base: str | None = None) -> str:
    """`target` (a path from the site's root; "" for the home page): absolute under `site_url`; else relative to
    `base` (a page's URL "thay-doi/" or a file's path "du-lieu/data.json"), or from the root when no base."""
    if site_url:
        return site_url.rstrip("/") + "/" + target
    if base is None:
        return target
    folder = base if base.endswith("/") or not base else posixpath.dirname(base)
    rel = posixpath.relpath(target or ".", folder or ".")
    return "./" if rel == "." else rel + ("/" if target.endswith("/") or not target else "")
