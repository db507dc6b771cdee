"""QR codes as inline SVG, made at build time by segno (https://pypi.org/project/segno/, pinned in requirements.txt):
nothing is fetched when a page is shown or printed.

    qr_svg("https://cong.example.vn/thu-tuc/abc/", "Mã QR: trang của thủ tục")   # Markup: <svg role="img" …>

The SVG has a viewBox and no size (CSS sizes it), black modules on white with the standard quiet zone of 4 modules,
error correction level M (15 %: a board's sheet gets scratched and faded). A phone can only open an absolute address:
without `site_url` the code holds the page's path from the site's root ("thu-tuc/abc/"), which the sheet prints
beside it, and the sheets' index page asks staff to set site_url before printing.
"""

from __future__ import annotations

import io

import segno
from markupsafe import Markup, escape


def qr_svg(data: str, label: str, css_class: str = "ck-qr") -> Markup:
    """`data` as a QR code, an inline <svg> named `label` for screen readers."""
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="svg", xmldecl=False, svgns=False, nl=False,
                                                  omitsize=True, border=4, svgclass=None, lineclass=None,
                                                  light="#fff", dark="#000")
    svg = out.getvalue().decode("ascii")
    assert svg.startswith("<svg "), svg[:40]
    return Markup('<svg role="img" focusable="false" class="{}" aria-label="{}" '.format(escape(css_class), escape(label))
                  + svg[len("<svg "):])
