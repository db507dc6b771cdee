"""The deadline reader on phrases as plans write them (tests/data/deadline_phrases.yml): each phrase with
the date or recurrence it must give, or unsure when it cannot read every date-like word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from congkhai.content.deadline import parse_deadline

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "deadline_phrases.yml").read_text(encoding="utf-8"))


def test_the_table_holds_at_least_80_phrases_of_every_kind():
    assert len(TABLE) >= 80
    assert {row["kind"] for row in TABLE} == {"date", "yearly", "ongoing", "text"}
    assert sum(1 for row in TABLE if row.get("unsure")) >= 5
    assert sum(1 for row in TABLE if row.get("plan_year")) >= 10


@pytest.mark.parametrize("row", TABLE, ids=[f"{i:03d}-{r['text'][:40]}" for i, r in enumerate(TABLE)])
def test_phrase(row):
    found = parse_deadline(row["text"], plan_year=row.get("plan_year"))
    due = dt.datetime.strptime(row["due"], "%d/%m/%Y").date() if row.get("due") else None
    yearly = tuple((int(d), int(m)) for d, m in (x.split("/") for x in row.get("yearly", [])))
    want = (row["kind"], due, yearly, row.get("every", "Hằng năm") if row["kind"] == "yearly" else None,
            bool(row.get("unsure")))
    got = (found.kind, found.due, found.yearly, found.every if found.kind == "yearly" else None, bool(found.unsure))
    assert got == want, row.get("why")
    assert found.text == " ".join(row["text"].split()) or "\n" in row["text"]  # the words are kept as written
