"""Render stage: HTML fragments from Jinja templates (overrides/congkhai/), always escaped.

The fragments are page bodies; the MkDocs adapter (hooks/congkhai_mkdocs.py) places them
inside the theme. Links inside fragments are relative to the page, so the site
works from any folder, on GitHub Pages or an intranet server.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..derive import listings as derive
from ..common import text as vtext
from ..content.site import ProcedureEntry, Site
from ..derive.essentials import essentials, last_changed
from ..content.vocab import Channel, DeskRole, OnlineLevel, Status, TaskStatus
from ..content.vocab import Level
from ..derive.compliance import compliance, tally
from ..derive.changes import recent_changes
from .feeds import FEED_PATH
from . import jsonld
from . import open_data as opendata
from ..derive import notice_board as board
from .addresses import relative_root, site_address
from .qr import qr_svg

CHANGES_SHOWN = 200  # the page lists the newest; the feed the newest 50

TEMPLATE_DIR = "congkhai"  # sub-folder of the theme's custom_dir


# Sections of the full record, in the national order (NĐ 63/2010 Đ8 and the
# national database's "nội dung cụ thể"). (anchor id, heading)
RECORD_SECTIONS = [
    ("trinh-tu", "Trình tự thực hiện"),
    ("cach-thuc", "Cách thức thực hiện"),
    ("ho-so", "Thành phần, số lượng hồ sơ"),
    ("thoi-han", "Thời hạn giải quyết"),
    ("doi-tuong", "Đối tượng thực hiện"),
    ("co-quan", "Cơ quan thực hiện"),
    ("ket-qua", "Kết quả thực hiện"),
    ("phi-le-phi", "Phí, lệ phí"),
    ("mau-don", "Mẫu đơn, tờ khai"),
    ("dieu-kien", "Yêu cầu, điều kiện thực hiện"),
    ("can-cu", "Căn cứ pháp lý"),
]


class Renderer:
    site_url = ""  # mkdocs.yml `site_url` (set by the adapter): JSON-LD and open data addresses are absolute under it
    notice_board = True  # the notice-board sheets are published (mkdocs.yml extra.congkhai.notice_board)

    def __init__(self, site: Site, template_dirs: list[Path]):
        self.site = site
        self._fragments: dict[tuple[str, str], str] = {}
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            extensions=["jinja2.ext.do"],
        )
        self.env.filters.update(money=vtext.money, vdate=vtext.date, tel=vtext.tel_uri, number=vtext.number,
                                vdates=vtext.pad_dates)
        self.env.globals.update(pct=vtext.percent)
        self.env.globals.update(procedure_sheet_url=board.procedure_sheet_url, field_sheet_url=board.field_sheet_url,
                                notice_board_on=lambda: self.notice_board)
        self.env.globals.update(
            site=site, department=site.department, DeskRole=DeskRole, OnlineLevel=OnlineLevel, Status=Status,
            Channel=Channel,
            RECORD_SECTIONS=RECORD_SECTIONS, field_url=derive.field_url, build_date=site.build_date,
            evidence_target=lambda value: derive.evidence_target(site, value),
            official_role=lambda official: derive.official_role(site, official),
        )

    def _render(self, name: str, page_url: str, **context) -> str:
        root = relative_root(page_url)

        def link(target: str) -> str:
            return root + target

        return self.env.get_template(f"{TEMPLATE_DIR}/{name}").render(link=link, **context)

    # one page each ------------------------------------------------------------
    def procedure(self, entry: ProcedureEntry, body_html: str, page_url: str) -> str:
        site = self.site
        p = entry.record
        return self._render(
            "procedure.html", page_url,
            entry=entry, p=p, body=Markup(body_html),
            field=site.fields[p.field],
            officials=[site.officials[o] for o in p.officials],
            units=site.units,
            legal=[site.legal[n] for n in p.legal_basis or []],
            fees=[derive.fee_row(site, entry, i, f) for i, f in derive.fees_in_force(site, entry)],
            other_fees=[derive.fee_row(site, entry, i, f) for i, f in derive.fees_not_in_force(site, entry)],
            forms=[d for case in p.dossier or [] for d in case.documents if d.form or d.form_file or d.form_url],
            e=essentials(site, entry),
            replacement=site.by_code.get(p.replaced_by) if p.replaced_by else None,
            replaces=site.replacing.get(p.code, []),
            related=[site.by_code.get(code) for code in p.related],
            related_codes=p.related,
            address=p.receiving_address or site.department.desk.address,
        ) + jsonld.procedure_script(site, entry, page_url, self.site_url)

    def identity(self, page_url: str) -> str:
        """The department's name for the header."""
        return self._shared("identity.html", page_url)

    def footer(self, page_url: str) -> str:
        """The footer of every page: the department, its one-stop desk, where to send feedback."""
        return self._shared("footer.html", page_url)

    def _shared(self, name: str, page_url: str) -> str:
        """A fragment that is the same on every page but for its links' depth: rendered once per depth,
        not once per page."""
        key = (name, relative_root(page_url))
        if key not in self._fragments:
            self._fragments[key] = self._render(name, page_url)
        return self._fragments[key]

    def toc(self, entry: ProcedureEntry) -> list[tuple[str, str]]:
        """(anchor, title) of the procedure page's sections, for the theme's table of contents."""
        return [("tom-tat", "Thông tin chính")] + RECORD_SECTIONS + [("thong-tin-cong-bo", "Thông tin công bố"),
                                                                     ("phan-anh", "Phản ánh, kiến nghị")]

    def field_page(self, field_id: str, page_url: str) -> str:
        group = next(g for g in derive.catalogue(self.site) if g.field.id == field_id)
        retired = [p for p in derive.retired(self.site) if p.record.field == field_id]
        return self._render("field.html", page_url, group=group, retired=retired)

    def catalogue(self, page_url: str) -> str:
        groups = derive.catalogue(self.site)
        return self._render("catalogue.html", page_url, groups=groups, retired=derive.retired(self.site),
                            counts=derive.procedure_counts(self.site), internal_page=self.site.pages.get("internal"))

    def home(self, page_url: str) -> str:
        return self._render("home.html", page_url, groups=derive.catalogue(self.site),
                            counts=derive.procedure_counts(self.site)) + jsonld.home_script(self.site, page_url,
                                                                                           self.site_url)

    def fee_schedule(self, page_url: str) -> str:
        return self._render("fees.html", page_url, sections=derive.fee_schedule(self.site))

    def directory(self, page_url: str) -> str:
        leaders, groups = derive.directory(self.site)
        return self._render("directory.html", page_url, leaders=leaders, groups=groups, units=self.site.units)

    def feedback(self, page_url: str) -> str:
        return self._render("feedback.html", page_url)

    def notice(self, page_url: str) -> str:
        return self._render("notice.html", page_url)

    def open_data(self, page_url: str) -> str:
        """Dữ liệu mở: every file under du-lieu/ with its fields, size, licence and last update."""
        data = opendata.open_data(self.site, self.site_url)
        return self._render("open_data.html", page_url, datasets=data.datasets, catalog=data.catalog,
                            licence=opendata.LICENCE)

    # notice-board sheets (niêm yết): A4 pages that print without the site's navigation -------------------
    def sheets(self, page_url: str) -> str:
        """The page listing every sheet, for the staff who print them."""
        return self._render("sheets.html", page_url, sheets=board.notice_board(self.site) if self.notice_board else [],
                            site_url=self.site_url)

    def field_sheet(self, field_id: str, page_url: str) -> str:
        sheet = board.field_sheet(self.site, field_id)
        return self._render("sheet_field.html", page_url, sheet=sheet, **self._qr(sheet.page, "lĩnh vực"))

    def procedure_sheet(self, slug: str, page_url: str) -> str:
        sheet = board.sheet_of(self.site, slug)
        p = sheet.entry.record
        return self._render("sheet_procedure.html", page_url, sheet=sheet, p=p, e=sheet.e,
                            fees=[derive.fee_row(self.site, sheet.entry, i, f)
                                  for i, f in derive.fees_in_force(self.site, sheet.entry)],
                            **self._qr(sheet.page, "thủ tục"))

    def _qr(self, target: str, what: str) -> dict:
        """The QR code of a sheet, to its page's address (absolute under site_url), and that address in words."""
        address = site_address(self.site_url, target)
        return {"qr": qr_svg(address, f"Mã QR dẫn đến trang của {what} trên cổng: {address}"), "address": address}

    def plan(self, entry, body_html: str, page_url: str) -> str:
        rows = derive.task_rows(self.site, entry)
        body, appendix = split_appendix(body_html)
        return self._render("plan.html", page_url, entry=entry, p=entry.record, body=Markup(body),
                            appendix=Markup(appendix), rows=rows, pg=derive.progress(rows),
                            updated=last_changed(self.site).get(entry.source))

    def plans(self, page_url: str) -> str:
        progress = {e.slug: derive.progress(derive.task_rows(self.site, e)) for e in self.site.plans}
        return self._render("plans.html", page_url, years=derive.plans_by_year(self.site), progress=progress)

    def tracker(self, page_url: str) -> str:
        rows = derive.task_rows(self.site)
        units, periods = derive.tracker_filters(rows)
        return self._render("tracker.html", page_url, rows=rows, units=units, periods=periods,
                            statuses=list(TaskStatus), total=derive.progress(rows), plan_count=len(self.site.plans))

    def unit(self, unit_id: str, page_url: str) -> str:
        lead, part = derive.unit_tasks(self.site, unit_id)
        people = [o for o in self.site.officials.values() if o.unit == unit_id]
        return self._render("unit.html", page_url, unit=self.site.units[unit_id], lead=lead, part=part,
                            lead_progress=derive.progress(lead), people=people, units=self.site.units)

    def dashboard(self, page_url: str) -> str:
        return self._render("dashboard.html", page_url, tally=tally(compliance(self.site)))

    def statistics(self, page_url: str) -> str:
        reports = derive.statistics(self.site)
        oldest_first = list(reversed(reports))
        return self._render("statistics.html", page_url, reports=reports,
                            charts=[_trend_chart(oldest_first, **layout) for layout in CHART_LAYOUTS])

    def internal(self, page_url: str) -> str:
        procedures = derive.internal(self.site)
        return self._render("internal.html", page_url, procedures=procedures,
                            current=[p for p in procedures if p.record.is_current],
                            retired=[p for p in procedures if not p.record.is_current])

    def changes(self, page_url: str) -> str:
        """Thay đổi gần đây: procedures announced, amended, replaced, abolished; plan tasks completed."""
        changes = recent_changes(self.site)
        return self._render("changes.html", page_url, changes=changes[:CHANGES_SHOWN], total=len(changes),
                            feed=FEED_PATH)

    def leaders(self, page_url: str) -> str:
        """Lãnh đạo Sở, with the department's functions and history (NĐ 224/2026 Điều 9)."""
        return self._render("leaders.html", page_url)

    def english(self, page_url: str) -> str:
        """The organisation and its contacts in English."""
        return self._render("english.html", page_url, units=self.site.units,
                            head=self.site.desk_officials(DeskRole.HEAD) + self.site.desk_officials(DeskRole.DEPUTY))

    def search_page(self, page_url: str) -> str:
        used_levels = {lv for p in self.site.procedures for lv in p.record.levels}
        return self._render("search_page.html", page_url,
                            kinds=["Thủ tục hành chính", "Thủ tục nội bộ", "Kế hoạch", "Cán bộ", "Đơn vị", "Trang"],
                            levels=[lv.label for lv in Level if lv in used_levels],
                            online=[lv.label for lv in OnlineLevel])

    PAGES = {"home": "home", "catalogue": "catalogue", "fee-schedule": "fee_schedule", "directory": "directory", "feedback": "feedback",
             "notice": "notice", "plans": "plans", "tracker": "tracker", "dashboard": "dashboard",
             "statistics": "statistics", "internal": "internal", "search": "search_page", "changes": "changes",
             "leaders": "leaders", "english": "english", "open-data": "open_data"}

    def page(self, kind: str, page_url: str) -> str:
        """A generated block for a hand-written page whose front matter says `congkhai: <kind>`."""
        method = self.PAGES.get(kind)
        if method is None:
            raise KeyError(kind)
        return getattr(self, method)(page_url)


# The trend chart in two layouts: wide screens and print, and phones (CSS shows one). An SVG scales
# with its width, so the phone layout is drawn about as wide as a phone shows it, with bigger type,
# the on-time rate on two lines and at most the last four periods (the table below has them all):
# its labels read at about 13 px on a 360 px screen, where the wide one's fell to 6 px.
CHART_LAYOUTS = [
    dict(layout="wide", width=640, height=280, left=20, font=12, limit=8, split_rate=False),
    dict(layout="narrow", width=320, height=300, left=6, font=13, limit=4, split_rate=True),
]


def _trend_chart(reports: list, layout: str = "wide", width: int = 640, height: int = 280, left: int = 20,
                 font: int = 12, limit: int = 8, split_rate: bool = False) -> dict:
    """Geometry of the stacked bar chart of dossiers received per period (oldest first), the last `limit`."""
    shown = reports[-limit:]
    line = round(font * 1.35)  # baseline to baseline of the labels under the bars
    top, bottom = 2 * line, 6 + line * (3 if split_rate else 2)
    base = height - bottom
    n = max(len(shown), 1)
    slot = (width - left - 10) / n
    bar = min(72, slot * 0.6)
    peak = max([r.total.received for r in reports] + [1])
    scale = (base - top) / peak
    bars = []
    for i, r in enumerate(shown):
        t = r.total
        postal = t.postal_received
        direct = max(t.received - t.online - postal, 0)
        x = left + i * slot + (slot - bar) / 2
        h_online, h_postal, h_direct = t.online * scale, postal * scale, direct * scale
        y_online = base - h_online
        y_postal = y_online - h_postal
        y_direct = y_postal - h_direct
        bars.append(dict(label=str(r.period), total=t.received, online=t.online, postal=postal, x=round(x, 1),
                         h_online=round(h_online, 1), h_postal=round(h_postal, 1), h_direct=round(h_direct, 1),
                         y_online=round(y_online, 1), y_postal=round(y_postal, 1), y_direct=round(y_direct, 1),
                         on_time=t.rate("on_time", "resolved")))
    rate_lines = [["đúng hạn", b["on_time"]] if split_rate else ["đúng hạn " + b["on_time"]] for b in bars]
    for b, lines in zip(bars, rate_lines):
        b["rate_lines"] = [(base + line * (k + 2), text) for k, text in enumerate(lines)]
    return dict(layout=layout, width=width, height=height, left=left, base=base, bar=round(bar, 1), bars=bars,
                font=font, rate_font=font if split_rate else font - 1, label_y=base + line,
                left_out=len(reports) - len(shown))


_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)


def split_appendix(body_html: str) -> tuple[str, str]:
    """A plan's text before its signature, and what comes after it: from the first heading "Phụ lục …", or
    "Kế hoạch" (the plan a decision issues), on. The signature block sits between them, as on paper."""
    for m in _H2.finditer(body_html):
        words = vtext.fold(re.sub(r"<[^>]+>", "", m[1]))
        if words.startswith("phu luc") or words == "ke hoach":
            return body_html[:m.start()], body_html[m.start():]
    return body_html, ""
