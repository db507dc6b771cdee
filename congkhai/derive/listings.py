"""Derive stage: tables and groupings computed from the validated site.

Nothing here renders HTML; templates receive these plain structures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..content.model import Fee, FieldOfWork, LegalDocument, Official, Period, Task, Unit
from ..content.site import PlanEntry, ProcedureEntry, Site, field_url  # noqa: F401 - field_url is part of derive's API
from ..content.unit_names import UnitNames
from ..common.text import fold, percent, slugify
from ..content.vocab import Channel, DeskRole, OnlineLevel, TaskStatus


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


def current(site: Site, internal: bool = False) -> list[ProcedureEntry]:
    """Procedures in force, in file order: those for citizens and businesses (the catalogue), or with
    `internal` the TTHC nội bộ. The one definition that the catalogue, the counts and the checks share."""
    return [p for p in site.procedures if p.record.is_current and p.record.internal == internal]


def catalogue(site: Site) -> list[FieldGroup]:
    """Current procedures for citizens and businesses, grouped by lĩnh vực in the order of data/fields.yml.
    Internal procedures (TTHC nội bộ) have their own list. Computed once per build: every field page
    and the fee schedule read it."""
    if "catalogue" not in site.cache:
        groups: dict[str, list] = {f: [] for f in site.fields}
        for p in current(site):
            groups[p.record.field].append(p)
        site.cache["catalogue"] = [FieldGroup(f, groups[f.id]) for f in site.fields.values()]
    return site.cache["catalogue"]


def retired(site: Site) -> list[ProcedureEntry]:
    """Procedures that no longer apply (abolished or replaced), still published for reference."""
    return [p for p in site.procedures if not p.record.is_current and not p.record.internal]


@dataclass
class ProcedureCounts:
    """How many procedures of each kind the portal publishes, counted once per build; every page and
    check that states one of these numbers reads it here."""

    current: int  # thủ tục hành chính đang áp dụng (the catalogue)
    fields: int  # lĩnh vực that have at least one of them
    online: dict  # OnlineLevel -> how many of them
    retired: int  # no longer apply, still listed for reference
    internal_current: int  # thủ tục nội bộ đang áp dụng
    internal_retired: int  # thủ tục nội bộ đã bãi bỏ, thay thế

    @property
    def internal(self) -> int:
        return self.internal_current + self.internal_retired


def procedure_counts(site: Site) -> ProcedureCounts:
    if "procedure_counts" not in site.cache:
        groups = catalogue(site)
        inside = internal(site)
        site.cache["procedure_counts"] = ProcedureCounts(
            current=sum(g.count for g in groups), fields=sum(1 for g in groups if g.count),
            online=online_counts(site), retired=len(retired(site)),
            internal_current=sum(p.record.is_current for p in inside),
            internal_retired=sum(not p.record.is_current for p in inside))
    return site.cache["procedure_counts"]


def internal(site: Site) -> list[ProcedureEntry]:
    """TTHC nội bộ, current ones first."""
    return sorted((p for p in site.procedures if p.record.internal), key=lambda p: (not p.record.is_current, p.record.code))


def online_counts(site: Site) -> dict[OnlineLevel, int]:
    counts = {level: 0 for level in OnlineLevel}
    for p in current(site):
        if p.record.online_level is not None:  # not stated yet (listed in `missing`): counted in no level
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


def official_role(site: Site, official: Official) -> str:
    """An official's title with their unit named once: 'Chuyên viên Phòng Quản lý chuyên ngành (An toàn bức
    xạ và hạt nhân)', not the unit's name again in brackets after a title that already holds it."""
    unit = site.units.get(official.unit) if official.unit else None
    if unit is None:
        return official.title
    title, name = official.title, unit.name
    base = name.split(" (")[0]  # the unit's name without its bracketed qualifier
    if fold(name) in fold(title):
        return title
    if fold(title).endswith(fold(base)):  # "Trưởng phòng Quản lý chuyên ngành" + " (An toàn bức xạ …)"
        return title + name[len(base):]
    return f"{title}, {name}"


def channel_summary(entry: ProcedureEntry) -> list[Channel]:
    return [c.channel for c in entry.record.channels or []]


# --------------------------------------------------------------------------- plans and tasks


@dataclass
class TaskRow:
    """A task with what the tracker needs: its plan, its units resolved, its due date and state."""

    plan: "PlanEntry"
    task: "Task"
    index: int  # position in the plan's task list
    leads: list  # Unit or str (a name as the document wrote it)
    partners: list
    due: "dt.date | None"
    overdue: bool

    @property
    def anchor(self) -> str:
        return f"nv-{self.index + 1}"

    @property
    def url(self) -> str:
        return f"{self.plan.url}#{self.anchor}"

    @property
    def unit_keys(self) -> list[str]:
        """Filter keys of the lead units: a unit's id, or 'ten-' + the slug of a name as written."""
        return [unit_key(u) for u in self.leads]

    @property
    def period(self) -> str:
        """The tracker's period filter: the due year, or how the task recurs."""
        if self.due:
            return str(self.due.year)
        deadline = self.task.deadline
        if deadline is not None and deadline.kind == "yearly":
            return "hằng năm"
        if deadline is not None and deadline.kind == "ongoing":
            return "thường xuyên"
        return "không xác định"


def unit_key(unit) -> str:
    return unit.id if isinstance(unit, Unit) else "ten-" + slugify(unit)


def unit_label(unit) -> str:
    return unit.name if isinstance(unit, Unit) else unit


def plan_years(plan) -> tuple[int, int]:
    """First and last year a plan covers: its period ("2022-2025", "2026") or its date's year."""
    found = [int(y) for y in re.findall(r"\d{4}", plan.record.period or "")]
    if not found:
        return plan.record.year, plan.record.year
    return min(found), max(found)


def _resolve(site: Site, names: list[str]) -> list:
    """Unit ids and names as a plan writes them -> Unit, or the name itself when no unit matches. Names are
    matched as `UnitNames` does: marks, case, a "Phòng"/"Văn phòng" prefix and a trailing "Sở" aside, a
    qualifier in brackets left out ("Phòng Quản lý chuyên ngành") when only one unit has that name."""
    matcher = site.cache.get("unit_names")
    if matcher is None:
        matcher = site.cache["unit_names"] = UnitNames(site.units.values())
    return [site.units.get(n) or matcher.find(n) or n for n in names]


def task_rows(site: Site, plan=None) -> list[TaskRow]:
    rows = []
    for entry in [plan] if plan is not None else site.plans:
        last_year = plan_years(entry)[1]
        for i, task in enumerate(entry.record.tasks):
            due = task.due_date
            if due is None and task.deadline is not None and task.deadline.kind == "yearly":
                due = task.deadline.due_in(last_year)
            open_ = task.status not in (TaskStatus.DONE, TaskStatus.CANCELLED)
            rows.append(TaskRow(entry, task, i, _resolve(site, task.lead), _resolve(site, task.coordinating), due,
                                overdue=bool(due and due < site.build_date and open_)))
    return rows


@dataclass
class Progress:
    total: int
    done: int
    in_progress: int
    not_started: int
    cancelled: int
    overdue: int

    @property
    def counted(self) -> int:
        """Tasks to be done: every task but those decided not to be done (không thực hiện)."""
        return self.total - self.cancelled

    @property
    def percent(self) -> str:
        """Share of the tasks to be done that are done, '46,7 %' ('–' when there are none)."""
        return percent(self.done, self.counted) if self.counted else "–"


def progress(rows: list[TaskRow]) -> Progress:
    status = [r.task.status for r in rows]
    return Progress(len(rows), status.count(TaskStatus.DONE), status.count(TaskStatus.IN_PROGRESS),
                    status.count(TaskStatus.NOT_STARTED), status.count(TaskStatus.CANCELLED),
                    sum(r.overdue for r in rows))


def plans_by_year(site: Site) -> list[tuple[int, list[tuple[str, list]]]]:
    """Plans grouped by year (newest first), then by issuing body."""
    years: dict[int, dict[str, list]] = {}
    for entry in site.plans:
        years.setdefault(entry.record.year, {}).setdefault(entry.record.issuer, []).append(entry)
    return [(y, sorted(years[y].items())) for y in sorted(years, reverse=True)]


def unit_tasks(site: Site, unit_id: str) -> tuple[list[TaskRow], list[TaskRow]]:
    """Tasks a unit leads, and tasks it takes part in."""
    rows = site.cache.get("task_rows")
    if rows is None:  # once per build, not once per unit page
        rows = site.cache["task_rows"] = task_rows(site)
    lead = [r for r in rows if any(isinstance(u, Unit) and u.id == unit_id for u in r.leads)]
    part = [r for r in rows if r not in lead and any(isinstance(u, Unit) and u.id == unit_id for u in r.partners)]
    return lead, part


def tracker_filters(rows: list[TaskRow]) -> tuple[list[tuple[str, str]], list[str]]:
    """The tracker's choices: lead units (key, name) and periods, in a stable order."""
    units: dict[str, str] = {}
    for r in rows:
        for u in r.leads:
            units.setdefault(unit_key(u), unit_label(u))
    order = {"hằng năm": 1, "thường xuyên": 2, "không xác định": 3}
    periods = sorted({r.period for r in rows}, key=lambda p: (order.get(p, 0), -int(p) if p.isdigit() else 0))
    return sorted(units.items(), key=lambda kv: (kv[0].startswith("ten-"), fold(kv[1]))), periods


def evidence_target(site: Site, value: str) -> tuple[str, str]:
    """(address relative to the site root or absolute, label) of a task's evidence."""
    if value.startswith(("http://", "https://")):
        return value, value
    entry = site.by_code.get(value)
    if entry is not None:
        return entry.url, f"Thủ tục {entry.record.code}"
    path = value.strip("/")
    parts = path.split("/")
    if parts[0] == "thu-tuc" and len(parts) == 2:
        entry = site.by_slug.get(parts[1])
        return path + "/", f"Thủ tục {entry.record.code}" if entry else path
    if parts[0] == "don-vi" and len(parts) == 2 and parts[1] in site.units:
        return path + "/", site.units[parts[1]].name
    if parts[0] == "thu-tuc" and len(parts) == 3 and parts[2] in site.fields:
        return path + "/", "Lĩnh vực " + site.fields[parts[2]].name
    return (path + "/" if path else ""), _doc_title(site, path) or path


def _doc_title(site: Site, path: str) -> str | None:
    """The first heading of a hand-written page, read once per build however often it is linked."""
    titles = site.cache.setdefault("doc_titles", {})
    if path not in titles:
        titles[path] = None
        docs = site.root / "docs"
        for candidate in (docs / f"{path}.md", docs / path / "index.md"):
            if candidate.is_file():
                titles[path] = next((line[2:].strip() for line in candidate.read_text(encoding="utf-8").splitlines()
                                     if line.startswith("# ")), None)
                break
    return titles[path]



# --------------------------------------------------------------------------- dossier statistics


@dataclass
class Totals:
    """Dossier figures added up (for a lĩnh vực, or a whole period)."""

    received: int = 0
    carried_over: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0
    apologies: int = 0
    online: int = 0
    postal_received: int = 0
    postal_returned: int = 0

    def add(self, row) -> None:
        for key in self.__dataclass_fields__:
            setattr(self, key, getattr(self, key) + getattr(row, key))

    @property
    def resolved(self) -> int:
        return self.on_time + self.late

    def rate(self, part: str, whole: str) -> str:
        """A share in Vietnamese, '96,4 %', or '–' when there is nothing to divide."""
        w = getattr(self, whole)
        return percent(getattr(self, part), w) if w else "–"

    def ratio(self, part: str, whole: str) -> float | None:
        w = getattr(self, whole)
        return getattr(self, part) / w if w else None


@dataclass
class PeriodReport:
    period: "Period"
    source: str | None
    total: Totals
    by_field: list[tuple[FieldOfWork, Totals]]


def statistics(site: Site) -> list[PeriodReport]:
    """Each period's figures by lĩnh vực, newest period first."""
    reports = []
    for stats in reversed(site.statistics):
        per_field: dict[str, Totals] = {}
        total = Totals()
        for row in stats.rows:
            field_id = row.field or site.by_code[row.procedure].record.field
            per_field.setdefault(field_id, Totals()).add(row)
            total.add(row)
        ordered = [(site.fields[f], per_field[f]) for f in site.fields if f in per_field]
        reports.append(PeriodReport(stats.period, stats.source, total, ordered))
    return reports
