"""The plan importer on plan texts written for congkhai's tests (tests/fixtures/plan_texts/): each laid out as
departments write them (tables in any column order, column-number rows, group rows, repeated merged
cells, prose with lead lines, headers of a province, a Sở, a commune, a district, a decision issuing a
plan, a plan with no task table, appendices, web-page leftovers), each with its expected import in
NN-name.expected.yml: the header fields, every task, and every line of the import report."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from congkhai.content.model import Plan
from congkhai.content.source import parse_yaml
from congkhai.importers.plans import import_plan

FOLDER = Path(__file__).parent / "fixtures" / "plan_texts"
CASES = sorted(p.name[: -len(".expected.yml")] for p in FOLDER.glob("*.expected.yml"))
TASK_KEYS = ("section", "number", "content", "lead", "coordinating", "outputs", "deadline")


def load(name: str):
    expected = yaml.safe_load((FOLDER / f"{name}.expected.yml").read_text(encoding="utf-8"))
    units = [SimpleNamespace(id=u["id"], name=u["name"]) for u in expected.get("units") or []] or None
    result = import_plan((FOLDER / f"{name}.txt").read_text(encoding="utf-8"), f"{name}.txt", units=units)
    return expected, result


def as_list(value) -> list:
    if value in (None, "", []):
        return []
    return [value] if isinstance(value, str) else list(value)


def test_the_corpus_covers_every_layout_the_issue_names():
    assert len(CASES) >= 12
    covered = set()
    for name in CASES:
        first = (FOLDER / f"{name}.expected.yml").read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# covers:"), name
        covered |= {c.strip() for c in first.split(":", 1)[1].split(",")}
    assert set("abcdefghijklm") <= covered, sorted(set("abcdefghijklm") - covered)


@pytest.mark.parametrize("name", CASES)
def test_header(name):
    expected, result = load(name)
    for key, value in (expected.get("front") or {}).items():
        assert result.front.get(key) == value, key
    if "parent_issuer" not in (expected.get("front") or {}):  # omitted: the header names no parent body
        assert "parent_issuer" not in result.front


@pytest.mark.parametrize("name", CASES)
def test_tasks(name):
    expected, result = load(name)
    got = [{k: (as_list(t.get(k)) if k in ("lead", "coordinating") else t.get(k)) for k in TASK_KEYS}
           for t in result.front["tasks"]]
    want = [{k: (as_list(t.get(k)) if k in ("lead", "coordinating") else
                 (str(t[k]) if t.get(k) is not None else None)) for k in TASK_KEYS} for t in expected.get("tasks") or []]
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"task {i + 1}"


@pytest.mark.parametrize("name", CASES)
def test_report(name):
    expected, result = load(name)
    want = sorted((r["kind"], r["subject"]) for r in expected.get("report") or [])
    got = sorted((p.kind, p.subject) for p in result.problems)
    assert [k for k, _ in got] == [k for k, _ in want], result.notes
    for (gk, gs), (wk, ws) in zip(got, want):
        assert ws in gs or gs in ws, (gk, gs, ws)


@pytest.mark.parametrize("name", CASES)
def test_body_and_a_valid_plan_file(name):
    expected, result = load(name)
    for words in expected.get("body_excludes") or []:
        assert words not in result.body and words not in result.text(), words
    for words in expected.get("body_includes") or []:
        assert words in result.body, words
    data, _, problems = parse_yaml(result.text().split("---\n", 2)[1], name)
    assert not problems
    Plan.model_validate(data)
