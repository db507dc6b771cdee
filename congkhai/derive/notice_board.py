"""Derive stage, notice-board sheets (niêm yết): what the office posts on its board, from the same records the site
shows, so board and website cannot disagree (NĐ 63/2010 Đ17 as amended: publication at the receiving office by
niêm yết or electronic means; the feedback guidance posted with the procedures;
../shared/reference/vietnam-publication-law.md B-05 and B-20).

Two kinds of A4 sheet, each a page of the site that prints without the site's navigation:
- one per lĩnh vực: the procedures in force (name, code, processing time, fees, how and where to submit);
- one per procedure: the dossier checklist, time, fees, where to submit, the officials to call, the feedback
  channel and its address.
The facts come from `essentials` (the procedure page's first screen): time, fee lines and whom to call read the
same on the sheet as on the page. Which procedures: those of the catalogue (in force or pending, not internal).

    sheets = notice_board(site)                 # [FieldSheet]: one per lĩnh vực with procedures, each with theirs
    procedure_sheet_url(entry), field_sheet_url(field_id), SHEETS_URL
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import FieldOfWork, Official
from ..content.site import NOTICE_BOARD_URL, ProcedureEntry, Site, field_url
from ..content.vocab import Channel, OnlineLevel
from . import listings
from .essentials import Essentials, essentials

SHEETS_URL = NOTICE_BOARD_URL  # the page listing every sheet; content checks links to it


def field_sheet_url(field_id: str) -> str:
    return f"{SHEETS_URL}linh-vuc/{field_id}/"


def procedure_sheet_url(entry: ProcedureEntry) -> str:
    return f"{SHEETS_URL}thu-tuc/{entry.slug}/"


def how_to_submit(e: Essentials) -> str:
    """The ways to submit, short enough for a column of the lĩnh vực's list: "Trực tiếp, bưu chính, trực tuyến
    toàn trình" (the online level as the procedure page's badge states it)."""
    online = "trực tuyến" + {OnlineLevel.FULL: " toàn trình", OnlineLevel.PARTIAL: " một phần"}.get(e.online_level, "")
    words = [w for c, w in ((Channel.DIRECT, "trực tiếp"), (Channel.POSTAL, "bưu chính"), (Channel.ONLINE, online))
             if c in e.channels]
    text = ", ".join(words)
    return text[:1].upper() + text[1:]


@dataclass
class ProcedureSheet:
    """One procedure's sheet: the record, its first-screen facts and whom to call."""

    entry: ProcedureEntry
    e: Essentials
    field: FieldOfWork
    officials: list[Official]
    submit: str  # "Trực tiếp, bưu chính, trực tuyến toàn trình"
    own_address: bool  # submitted somewhere other than the one-stop desk (the field sheet says where)

    @property
    def url(self) -> str:
        return procedure_sheet_url(self.entry)

    @property
    def page(self) -> str:
        """The procedure's web page, where the sheet's QR code leads."""
        return self.entry.url


@dataclass
class FieldSheet:
    """One lĩnh vực's sheet: its procedures in force, in the catalogue's order."""

    field: FieldOfWork
    procedures: list[ProcedureSheet]

    @property
    def url(self) -> str:
        return field_sheet_url(self.field.id)

    @property
    def page(self) -> str:
        """The lĩnh vực's web page, where the sheet's QR code leads."""
        return field_url(self.field.id)


def procedure_sheet(site: Site, entry: ProcedureEntry) -> ProcedureSheet:
    e = essentials(site, entry)
    return ProcedureSheet(entry=entry, e=e, field=site.fields[entry.record.field],
                          officials=[site.officials[o] for o in entry.record.officials],
                          submit=how_to_submit(e), own_address=e.address != site.department.desk.address)


def notice_board(site: Site) -> list[FieldSheet]:
    """Every sheet: one per lĩnh vực that has procedures in force, each with its procedures' sheets. Computed once
    per build."""
    if "notice_board" not in site.cache:
        site.cache["notice_board"] = [
            FieldSheet(group.field, [procedure_sheet(site, entry) for entry in group.procedures])
            for group in listings.catalogue(site) if group.procedures]
    return site.cache["notice_board"]


def field_sheet(site: Site, field_id: str) -> FieldSheet:
    return _by_key(site)[field_id]


def sheet_of(site: Site, slug: str) -> ProcedureSheet:
    return _by_key(site)["thu-tuc/" + slug]


def _by_key(site: Site) -> dict:
    """Sheets by lĩnh vực id and by "thu-tuc/<slug>": each page finds its own at once, at any number of procedures."""
    if "notice_board_keys" not in site.cache:
        keys: dict = {}
        for sheet in notice_board(site):
            keys[sheet.field.id] = sheet
            keys.update(("thu-tuc/" + item.entry.slug, item) for item in sheet.procedures)
        site.cache["notice_board_keys"] = keys
    return site.cache["notice_board_keys"]
