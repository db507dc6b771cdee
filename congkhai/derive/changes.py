"""What changed and when: procedures announced, amended, replaced or abolished, and plan tasks completed.

    changes = recent_changes(site)     # newest first

Each procedure keeps its announcements (`announcement`, the one in force, and `earlier_announcements`);
each is a change on the day of its decision. A plan task marked done with its `completed_on` date is
a change on that day. The "Thay đổi gần đây" page and the Atom feed (congkhai/publish/feeds.py) list
them; neither invents a date: a task done without `completed_on` is not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..common.text import date as vdate
from ..content.site import Site
from ..content.vocab import AnnouncementKind, TaskStatus
from .listings import task_rows

# how each kind of announcement reads in a list of changes
KIND_WORDS = {
    AnnouncementKind.NEW: "Công bố mới",
    AnnouncementKind.AMENDED: "Sửa đổi, bổ sung",
    AnnouncementKind.REPLACING: "Thay thế",
    AnnouncementKind.ABOLISHED: "Bãi bỏ",
}
TASK_DONE = "Hoàn thành nhiệm vụ"


@dataclass(frozen=True)
class Change:
    date: dt.date
    kind: str  # the words above
    title: str  # the procedure's name, or the task's content
    url: str  # the page (from the site root), with an anchor for a task
    summary: str  # what changed, and the decision or plan it comes from
    key: str  # stable: the same change keeps it from build to build (the feed's entry id)
    code: str | None = None  # the procedure's code


def recent_changes(site: Site) -> list[Change]:
    """Every change the records date, newest first (same day: procedures by name, then tasks). Computed once per
    build: the page and the feed read it."""
    if "changes" in site.cache:
        return site.cache["changes"]
    out: list[Change] = []
    for entry in site.procedures:
        p = entry.record
        for a in p.announcements:
            decision = f"Quyết định số {a.number} ngày {vdate(a.date)}" + (f" của {a.issuer}" if a.issuer else "")
            summary = f"{a.changes} ({decision})" if a.changes else decision
            if a.kind is AnnouncementKind.ABOLISHED and p.replaced_by and p.replaced_by in site.by_code:
                summary += f". Thay bằng thủ tục {site.by_code[p.replaced_by].record.name} ({p.replaced_by})"
            out.append(Change(a.date, KIND_WORDS[a.kind], p.name, entry.url, summary,
                              f"thu-tuc/{p.code}/{a.number}/{a.date.isoformat()}", p.code))
    for row in task_rows(site):
        task = row.task
        if task.status is TaskStatus.DONE and task.completed_on:
            plan = row.plan.record
            where = f"{plan.kind} {plan.number}" + (f", nhiệm vụ {task.number}" if task.number else "")
            out.append(Change(task.completed_on, TASK_DONE, _first_sentence(task.content), row.url,
                              f"{where}: {plan.title}", f"ke-hoach/{row.plan.slug}/{row.anchor}"))
    order = {TASK_DONE: 1}
    out.sort(key=lambda c: (-c.date.toordinal(), order.get(c.kind, 0), c.title, c.key))
    site.cache["changes"] = out
    return out


def _first_sentence(text: str, limit: int = 160) -> str:
    """A task's content as a line: its first line, cut at a word before `limit` characters."""
    line = text.strip().split("\n")[0]
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "…"
