"""Derive stage, procedure pages: what a citizen needs on the first screen.

GOV.UK's "start page" pattern in the national record's words: how long, how much, where to
submit (and the online button), what to bring, whom to call; plus the form files to download
and the date the record last changed. Computed here once, so the template only places them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Optional

from ..content.model import FORM_FILE_TYPES, DossierDocument, Fee, Official
from ..content.site import ProcedureEntry, Site
from ..content.vocab import Channel, OnlineLevel

PREPARE_SHOWN = 3  # documents listed on the first screen; the full list follows below


@dataclass
class FormLink:
    """A form file kept next to the procedure, as published: where it goes in the site and what it is."""

    document: DossierDocument
    source: Path  # the file in the content folder
    target: str  # site path, e.g. "thu-tuc/<slug>/mau/don-de-nghi.docx"
    kind: str  # "Word", "PDF", "Excel"...
    size: str  # "24 KB"

    def href(self, page_url: str) -> str:
        """Link from the procedure page (its address ends in the procedure's folder)."""
        return PurePosixPath(self.target).relative_to(page_url.rstrip("/")).as_posix()


@dataclass
class OnlineAction:
    """The online button: a link to this procedure on a service portal, or the portal with the code to search."""

    url: str
    deep: bool  # True when the link leads to this very procedure
    code: str


@dataclass
class Essentials:
    time: str
    times: list[tuple[str, str]]  # (channel label, time) when they differ by channel
    fees: list[str]  # one short line per fee in force
    fee_cases: bool  # some fee depends on the case: the table is below
    channels: list[Channel]
    address: str
    online_level: Optional[OnlineLevel]  # None: not stated (the record lists it in `missing`)
    online: Optional[OnlineAction]
    prepare: list[DossierDocument]  # the first documents to bring
    prepare_total: int
    prepare_case: Optional[str]  # the dossier case shown, when documents differ by case
    cases: int
    contact: Optional[Official]
    forms: dict[str, FormLink] = field(default_factory=dict)  # a document's form_file -> its published copy
    updated: Optional[dt.date] = None


def _fee_line(fee: Fee, label: str) -> str:
    """'Phí: 2.000.000 – 16.000.000 đồng, tùy trường hợp' (the full names are in the fee table)."""
    return f"{label}: {fee.short_rate()}"


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    tenths = round(n * 10 / (1024 * 1024))
    return f"{tenths // 10},{tenths % 10} MB" if tenths % 10 else f"{tenths // 10} MB"


def form_links(site: Site, entry: ProcedureEntry) -> dict[str, FormLink]:
    """Every form file a procedure names (form_file -> its site path, kind and size; files were checked on
    load). Read once per build: the adapter copies them, the page links them."""
    cache = site.cache.setdefault("form_links", {})
    if entry.slug not in cache:
        folder = (site.root / entry.source).parent
        found = {}
        for case in entry.record.dossier or []:
            for doc in case.documents:
                if doc.form_file and doc.form_file not in found:
                    path = folder / doc.form_file
                    found[doc.form_file] = FormLink(doc, path, f"{entry.url}{doc.form_file}",
                                                    FORM_FILE_TYPES[path.suffix.lower()], _size(path.stat().st_size))
        cache[entry.slug] = found
    return cache[entry.slug]


def last_changed(site: Site) -> dict[str, dt.date]:
    """Date of the last commit that touched each content file (path relative to the site root), from
    one `git log`; empty when the site is not in git. Read once per build."""
    if "git_dates" in site.cache:
        return site.cache["git_dates"]
    dates: dict[str, dt.date] = {}
    try:
        out = subprocess.run(["git", "-C", str(site.root), "log", "--relative", "--format=%x00%cs", "--name-only",
                              "--no-renames", "--", "procedures", "plans"],
                             capture_output=True, text=True, timeout=60, encoding="utf-8")
        current = None
        for line in out.stdout.splitlines() if out.returncode == 0 else []:
            if line.startswith("\x00"):
                current = dt.date.fromisoformat(line[1:].strip())
            elif line.strip() and current:
                dates.setdefault(line.strip(), current)  # newest first: keep the first date seen
    except (OSError, subprocess.SubprocessError, ValueError):
        dates = {}
    site.cache["git_dates"] = dates
    return dates


def essentials(site: Site, entry: ProcedureEntry) -> Essentials:
    p = entry.record
    channels = p.channels or []
    times = [(c.channel.label, str(p.time_for(c))) for c in channels]
    distinct = list(dict.fromkeys(t for _, t in times))
    fees = [f for f in p.fees if f.in_force(site.build_date)]
    dossier = p.dossier or []
    first_case = dossier[0] if dossier else None
    online = None
    offers_online = p.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL) or \
        (p.online_level is None and any(c.channel is Channel.ONLINE for c in channels))
    if p.is_current and offers_online:
        if p.online_url:
            online = OnlineAction(p.online_url, True, p.code)
        elif site.department.online_portal:
            online = OnlineAction(site.department.online_portal, False, p.code)
    contact = site.officials[p.officials[0]] if p.officials else None
    updated = p.updated or last_changed(site).get(entry.source)
    return Essentials(
        time=distinct[0] if len(distinct) == 1 else "" if distinct else
        (str(p.processing_time) if p.processing_time else "Chưa có thông tin"),
        times=times if len(distinct) > 1 else [],
        # the kind ("Phí", "Lệ phí") names a fee well enough unless two fees share it
        fees=[_fee_line(f, f.kind.label if [g.kind for g in fees].count(f.kind) == 1 else f.name) for f in fees],
        fee_cases=any(f.cases for f in fees),
        channels=[c.channel for c in channels],
        address=p.receiving_address or site.department.desk.address,
        online_level=p.online_level,
        online=online,
        prepare=first_case.documents[:PREPARE_SHOWN] if first_case else [],
        prepare_total=len(first_case.documents) if first_case else 0,
        prepare_case=first_case.case if len(dossier) > 1 else None,
        cases=len(dossier),
        contact=contact,
        forms=form_links(site, entry),
        updated=updated,
    )
