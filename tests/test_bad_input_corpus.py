"""The bad-input corpus: what careless or hostile staff put in content files, and what `congkhai check` must do.

Each case of tests/bad_inputs/cases.yml changes one thing (sometimes two) in a fresh copy of the valid fixture
site tests/fixtures/minimal, runs `congkhai check` in-process and checks the outcome:

- `refused`: check exits 1 and one message starts with `expect` (file, line, field, what was expected, in
  Vietnamese), and none holds a `not_expect` fragment (a misleading follow-on error);
- `accepted`: check exits 0 and the value is read as meant (`then`, evaluated on congkhai.content.site.load_site).

A case marked `known_gap` is one the tool handles wrongly today; it runs as xfail(strict=True), so that it fails
as soon as the tool is fixed and the mark must be removed. The end of the run prints how many cases ran, how
many were handled right, and the count by outcome (section "Bad-input corpus").

Edits (on the case itself for `file`, and in `also:` for other files, applied first):
    replace: [old, new]   the first `old` in the file becomes `new` (`old` must be there)
    write: text           the whole file (created if missing)
    append: text          added at the end of the file
    repeat: [piece, n]    every "{repeat}" in the texts above stands for `piece` n times (long lines)
    encoding: name        the result is saved in this encoding ("utf-8-sig" for a BOM, "cp1258", "utf-16"...)
    newline: "\\r\\n"       the result is saved with these line ends
    bytes_hex: hex        the file's exact bytes, nothing else applied
`then:` names one record and an attribute path, and one or more checks:
    {procedure: code | plan: file name | official: id | unit: id | field: id | legal: number |
     statistics: "Quý 1/2026" | requirement: id | department: true,
     attr: "fees[0].amount", equals: value | contains: value | startswith: text | length: n}
Values are compared plainly: a choice as its text, a date as dd/mm/yyyy, a decimal as text ("0.5"), other objects
as str() ("10 ngày làm việc"). A procedure's attribute is looked up on its record, then on its entry ("body").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import traceback
from collections import Counter
from decimal import Decimal
from enum import Enum
from pathlib import Path

import pytest
import yaml

from conftest import report
from congkhai.cli import main
from congkhai import load_site
from helpers import copy_fixture

CASES_FILE = Path(__file__).resolve().parent / "bad_inputs" / "cases.yml"
CASES: list[dict] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
FIXTURE = "minimal"
MIN_CASES = 100

EDIT_KEYS = {"replace", "write", "append", "repeat", "encoding", "newline", "bytes_hex"}
CASE_KEYS = {"id", "what", "file", "also", "outcome", "expect", "not_expect", "then", "known_gap"} | EDIT_KEYS
OUTCOMES = ("refused", "accepted")
THEN_TARGETS = ("procedure", "plan", "official", "unit", "field", "legal", "statistics", "requirement", "department")
THEN_CHECKS = ("equals", "contains", "startswith", "length")

# case id -> (expected outcome, file, what check did, status); filled by each case as it runs
RESULTS: dict[str, tuple[str, str, str, str]] = {}


# --------------------------------------------------------------------------- doing a case


def apply_edit(root: Path, edit: dict) -> None:
    path = root / edit["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if "bytes_hex" in edit:
        path.write_bytes(bytes.fromhex(edit["bytes_hex"]))
        return

    def grown(text: str) -> str:
        if "repeat" not in edit:
            return text
        piece, times = edit["repeat"]
        return text.replace("{repeat}", piece * times)

    if "write" in edit:
        text = grown(edit["write"])
    else:
        text = path.read_text(encoding="utf-8")
        if "replace" in edit:
            old, new = edit["replace"]
            assert old in text, f"{old!r} is not in {edit['file']} of the fixture: update the case"
            text = text.replace(old, grown(new), 1)
        text += grown(edit.get("append", ""))
    text = text.replace("\n", edit.get("newline", "\n"))
    path.write_bytes(text.encode(edit.get("encoding", "utf-8"), errors="replace"))


def prepare(case: dict, dest: Path) -> Path:
    root = copy_fixture(FIXTURE, dest)
    for edit in case.get("also", []):
        apply_edit(root, edit)
    apply_edit(root, case)
    return root


def run_check(root: Path) -> tuple[int | None, list[str], str]:
    """(exit code, the messages printed, a traceback if check stopped with an error)."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(["check", str(root)])
        except Exception:  # noqa: BLE001 - a traceback is an outcome to report, not to raise
            return None, [], traceback.format_exc()
    return code, [line[4:] for line in err.getvalue().splitlines() if line.startswith("  - ")], ""


def plain(value):
    """A loaded value as the table writes it."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def _record(site, then: dict):
    target = next(t for t in THEN_TARGETS if t in then)
    key = then[target]
    if target == "procedure":
        entry = site.by_code.get(key)
        return (entry.record, entry) if entry else None
    found = {
        "plan": lambda: next((p for p in site.plans if p.slug == key), None),
        "official": lambda: site.officials.get(key),
        "unit": lambda: site.units.get(key),
        "field": lambda: site.fields.get(key),
        "legal": lambda: site.legal.get(key),
        "statistics": lambda: next((s for s in site.statistics if str(s.period) == key), None),
        "requirement": lambda: next((r for r in site.requirements if r.id == key), None),
        "department": lambda: site.department,
    }[target]()
    if target == "plan" and found is not None:
        return (found.record, found)
    return None if found is None else (found,)


def read_then(root: Path, then: dict) -> tuple[object, str | None]:
    """(the value `then` names, or None and why it could not be read)."""
    site = load_site(root)
    holders = _record(site, then)
    if holders is None:
        target = next(t for t in THEN_TARGETS if t in then)
        return None, f"no {target} {then[target]!r} on the loaded site"
    parts = re.findall(r"([^.\[\]]+)|\[(\d+)\]", then["attr"])
    for holder in holders:
        value, ok = holder, True
        for name, index in parts:
            if index:
                value = value[int(index)]
            elif hasattr(value, name):
                value = getattr(value, name)
            else:
                ok = False
                break
        if ok:
            return plain(value), None
    return None, f"no attribute {then['attr']!r}"


def check_then(root: Path, then: dict) -> str | None:
    value, missing = read_then(root, then)
    if missing:
        return missing
    wrong = []
    if "equals" in then and value != then["equals"]:
        wrong.append(f"equals {then['equals']!r}")
    if "contains" in then and not (isinstance(value, (str, list)) and then["contains"] in value):
        wrong.append(f"contains {then['contains']!r}")
    if "startswith" in then and not (isinstance(value, str) and value.startswith(then["startswith"])):
        wrong.append(f"starts with {then['startswith']!r}")
    if "length" in then and not (hasattr(value, "__len__") and len(value) == then["length"]):
        wrong.append(f"has length {then['length']}")
    if wrong:
        shown = repr(value) if len(repr(value)) < 300 else repr(value)[:300] + "…"
        return f"{then['attr']} is {shown}; expected it " + " and ".join(wrong)
    return None


def evaluate(case: dict, root: Path) -> tuple[str, str | None]:
    """(what check did: "refused", "accepted" or "crashed"; None if that is what the case expects, else why not)."""
    code, lines, crash = run_check(root)
    if crash:
        return "crashed", "check stopped with a traceback:\n" + crash
    did = {0: "accepted", 1: "refused"}.get(code, f"exit {code}")
    shown = "\n".join(lines) or "(no message)"
    if case["outcome"] == "refused":
        if code != 1:
            return did, f"check exited {code}, expected 1 (refused)\n{shown}"
        if not any(line.startswith(case["expect"]) for line in lines):
            return did, f"no message starts with:\n{case['expect']}\nmessages:\n{shown}"
        misleading = [line for line in lines for fragment in case.get("not_expect", []) if fragment in line]
        if misleading:
            return did, "misleading message(s):\n" + "\n".join(misleading)
        return did, None
    if code != 0:
        return did, f"check exited {code}, expected 0 (accepted)\n{shown}"
    if "then" in case:
        return did, check_then(root, case["then"])
    return did, None


# --------------------------------------------------------------------------- the summary


def _kind(file: str) -> str:
    return file.split("/", 1)[0] if file.split("/", 1)[0] in ("procedures", "plans", "docs") else "data"


def summary() -> list[str]:
    statuses = Counter(status for *_, status in RESULTS.values())
    expected = Counter(outcome for outcome, *_ in RESULTS.values())
    did = Counter(done for _, _, done, _ in RESULTS.values())
    kinds = Counter(_kind(file) for _, file, *_ in RESULTS.values())
    head = f"cases: {len(RESULTS)}, handled: {statuses['handled']}, known gaps: {statuses['known gap']}"
    if statuses["failing"]:
        head += f", failing: {statuses['failing']}"
    if statuses["gap fixed"]:
        head += f", known gaps now handled: {statuses['gap fixed']}"
    lines = [head,
             "by outcome: " + ", ".join(f"{o} {expected[o]}" for o in OUTCOMES),
             "what check did: " + ", ".join(f"{d} {n}" for d, n in sorted(did.items(), key=lambda x: -x[1])),
             "by content: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda x: -x[1]))]
    for status, title in (("failing", "failing"), ("gap fixed", "known gaps now handled (remove known_gap)")):
        ids = sorted(i for i, (*_, s) in RESULTS.items() if s == status)
        if ids:
            lines.append(f"{title}: " + ", ".join(ids))
    return lines


# --------------------------------------------------------------------------- the tests


def _param(case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=case["known_gap"])] if case.get("known_gap") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case, tmp_path, request):
    root = prepare(case, tmp_path / "site")
    did, wrong = evaluate(case, root)
    gap = bool(case.get("known_gap"))
    status = ("gap fixed" if gap else "handled") if wrong is None else ("known gap" if gap else "failing")
    RESULTS[case["id"]] = (case["outcome"], case["file"], did, status)
    report(request.config, "Bad-input corpus", summary())
    assert wrong is None, f"{case['id']} ({case['what']}): {wrong}"


def test_the_fixture_itself_is_valid(tmp_path):
    code, lines, crash = run_check(copy_fixture(FIXTURE, tmp_path))
    assert (code, lines, crash) == (0, [], "")


def _edit_problems(where: str, edit: dict) -> list[str]:
    out = []
    kinds = [k for k in ("replace", "write", "bytes_hex") if k in edit]
    if len(kinds) > 1:
        out.append(f"{where}: only one of replace, write, bytes_hex")
    if not EDIT_KEYS & set(edit):
        out.append(f"{where}: no edit")
    if "bytes_hex" in edit and len(EDIT_KEYS & set(edit)) > 1:
        out.append(f"{where}: bytes_hex takes no other edit")
    if "replace" in edit and not (isinstance(edit["replace"], list) and len(edit["replace"]) == 2
                                  and all(isinstance(t, str) for t in edit["replace"])):
        out.append(f"{where}: replace must be [old, new]")
    if "repeat" in edit and not (isinstance(edit["repeat"], list) and len(edit["repeat"]) == 2
                                 and isinstance(edit["repeat"][1], int)):
        out.append(f"{where}: repeat must be [piece, times]")
    if not isinstance(edit.get("file"), str) or edit["file"].startswith("/") or ".." in edit["file"]:
        out.append(f"{where}: file must be a path inside the fixture site")
    return out


def test_the_corpus_table_is_well_formed(tmp_path):
    assert isinstance(CASES, list) and len(CASES) >= MIN_CASES, f"the corpus needs at least {MIN_CASES} cases"
    problems = []
    ids = [c.get("id") for c in CASES]
    problems += [f"id {i!r} is used {ids.count(i)} times" for i in sorted(set(ids), key=str) if ids.count(i) > 1]
    for n, case in enumerate(CASES):
        where, before = f"case {case.get('id') or n}", len(problems)
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(case.get("id"))):
            problems.append(f"{where}: id must be kebab-case")
        if set(case) - CASE_KEYS:
            problems.append(f"{where}: unknown keys {sorted(set(case) - CASE_KEYS)}")
        for key in ("what", "known_gap"):
            if key in case and not (isinstance(case[key], str) and case[key].strip() and "\n" not in case[key]):
                problems.append(f"{where}: {key} must be one line of text")
        if "what" not in case:
            problems.append(f"{where}: no 'what'")
        problems += _edit_problems(where, case)
        for edit in case.get("also", []):
            problems += _edit_problems(f"{where} (also)", edit)
        outcome = case.get("outcome")
        if outcome not in OUTCOMES:
            problems.append(f"{where}: outcome must be one of {OUTCOMES}")
        if outcome == "refused":
            expect = case.get("expect")
            if not (isinstance(expect, str) and re.match(re.escape(str(case.get("file"))) + r":\d+: \S", expect)):
                problems.append(f"{where}: expect must start with its file, a line number and the message")
            if "then" in case:
                problems.append(f"{where}: a refused case has no 'then'")
        if outcome == "accepted":
            if "expect" in case or "not_expect" in case:
                problems.append(f"{where}: an accepted case has no expect/not_expect")
            then = case.get("then")
            if then is None and not str(case.get("file")).startswith("docs/"):
                problems.append(f"{where}: an accepted case says with 'then' how the value is read")
            if then is not None and not (isinstance(then, dict) and sum(t in then for t in THEN_TARGETS) == 1
                                         and isinstance(then.get("attr"), str) and any(k in then for k in THEN_CHECKS)
                                         and not set(then) - {*THEN_TARGETS, *THEN_CHECKS, "attr"}):
                problems.append(f"{where}: then needs one record ({', '.join(THEN_TARGETS)}), attr, and a check "
                                f"({', '.join(THEN_CHECKS)})")
        if "not_expect" in case and not (isinstance(case["not_expect"], list)
                                         and all(isinstance(f, str) and f for f in case["not_expect"])):
            problems.append(f"{where}: not_expect must be a list of text fragments")
        if len(problems) == before:
            try:  # the edit still finds its text in the fixture (a known gap would otherwise hide a stale case)
                prepare(case, tmp_path / f"case-{n}")
            except (AssertionError, OSError, ValueError, LookupError) as exc:
                problems.append(f"{where}: cannot be applied to the fixture: {exc}")
    assert not problems, "\n".join(problems)
