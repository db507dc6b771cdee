"""Derive stage: tables and groupings computed from the validated site.

Nothing here renders HTML; templates receive these plain structures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Fee, FieldOfWork, LegalDocument, Official
from .site import ProcedureEntry, Site
from .vocab import Channel, DeskRole, OnlineLevel


@dataclass
class FieldGroup:
    field: FieldOfWork
    procedures: list[ProcedureEntry]

    @property
    def url(self) -> str:
        return field_url(self.field.id)

    @property
    def count(self) -> int:
        return len(self.procedures)


def field_url(field_id: str) -> str:
    return f"thu-tuc/linh-vuc/{field_id}/"


def catalogue(site: Site) -> list[FieldGroup]:
    """Current procedures grouped by lĩnh vực, in the order of data/fields.yml."""
    return [FieldGroup(f, [p for p in site.procedures_in(f.id) if p.record.is_current]) for f in site.fields.values()]


def retired(site: Site) -> list[ProcedureEntry]:
    """Procedures that no longer apply (abolished or replaced), still published for reference."""
    return [p for p in site.procedures if not p.record.is_current]


def online_counts(site: Site) -> dict[OnlineLevel, int]:
    counts = {level: 0 for level in OnlineLevel}
    for p in site.procedures:
        if p.record.is_current:
            counts[p.record.online_level] += 1
    return counts


@dataclass
class FeeRow:
    """One line of the fee schedule, with the columns Luật Phí và lệ phí 97/2015 Đ14 asks for."""

    procedure: ProcedureEntry
    fee: Fee
    index: int  # position of the fee in the procedure's list
    payer: str
    payment: str
    legal: list[LegalDocument]


def fees_in_force(site: Site, entry: ProcedureEntry) -> list[tuple[int, Fee]]:
    return [(i, f) for i, f in enumerate(entry.record.fees) if f.in_force(site.build_date)]


def fees_not_in_force(site: Site, entry: ProcedureEntry) -> list[tuple[int, Fee]]:
    return [(i, f) for i, f in enumerate(entry.record.fees) if not f.in_force(site.build_date)]


def fee_row(site: Site, entry: ProcedureEntry, index: int, fee: Fee) -> FeeRow:
    return FeeRow(
        procedure=entry,
        fee=fee,
        index=index,
        payer=fee.payer or "; ".join(entry.record.applicants),
        payment=fee.payment or site.department.fee_payment,
        legal=[site.legal[n] for n in fee.legal_basis],
    )


@dataclass
class FeeSection:
    field: FieldOfWork
    rows: list[FeeRow]
    free: list[ProcedureEntry]  # current procedures that charge nothing


def fee_schedule(site: Site) -> list[FeeSection]:
    """Fees in force on the build date, by lĩnh vực, for current procedures."""
    out = []
    for group in catalogue(site):
        rows, free = [], []
        for entry in group.procedures:
            found = fees_in_force(site, entry)
            rows += [fee_row(site, entry, i, f) for i, f in found]
            if not found:
                free.append(entry)
        out.append(FeeSection(group.field, rows, free))
    return out


@dataclass
class DirectoryGroup:
    field: FieldOfWork
    officials: list[Official] = field(default_factory=list)


def directory(site: Site) -> tuple[list[Official], list[DirectoryGroup]]:
    """The one-stop desk's head and deputies, then officials by lĩnh vực (NĐ 118/2025 Đ9 k8)."""
    leaders = site.desk_officials(DeskRole.HEAD) + site.desk_officials(DeskRole.DEPUTY)
    groups = []
    for f in site.fields.values():
        people = [o for o in site.officials.values() if f.id in o.fields]
        people.sort(key=lambda o: (o.desk_role is not DeskRole.STAFF, o.name))
        groups.append(DirectoryGroup(f, people))
    return leaders, groups


def channel_summary(entry: ProcedureEntry) -> list[Channel]:
    return [c.channel for c in entry.record.channels]
