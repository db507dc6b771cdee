"""Search quality on all 2,849 national records: recall@5 and mean reciprocal rank per engine, and
optionally the cost of each query on a slow phone's CPU.

    python benchmarks/search_quality.py [--queries benchmarks/national_queries.yml] [--keep DIR] [--rebuild]
                                        [--engines lunr,shards,pagefind] [--classes a,b] [--limit N] [--quick]
                                        [--commit REV] [--fresh-page] [--json PATH]
                                        [--timing [--timing-sample N] [--no-quality]]

The queries (benchmarks/national_queries.yml, made by benchmarks/national_queries.py) are a YAML list
of {q, class, expect: [codes], nfd: true?}: q is NFC and is typed decomposed (NFD) when nfd is true;
every code in expect must be in the top 5.

Builds, in a work folder, a site of every national record (benchmarks/national_site.py) once, and
from it the built site once per engine (CONGKHAI_SEARCH_ENGINE=lunr / shards / pagefind). --keep DIR works in
DIR and keeps it: the next run reuses the sites, unless --rebuild (needed whenever the search code
changes: the built site holds its own copy of search.js; a warning says when it differs). --commit
REV builds them with the code of a commit instead of the working tree (git archive into the work
folder), for a baseline: the sites are rebuilt whenever the code asked for is not theirs.

Quality pass, per engine: one page of the site served gzip on loopback, Chromium at full speed
(--fresh-page: a new page per query; Pagefind matches a word only in the index chunks loaded so
far, so its answers can depend on the searches made before in the same page). For each query the
header box is focused and cleared, the query typed through the keyboard, and its suggestions read when the box dispatches its ck-results event for what it holds (20 s at most: then
it counts as no results, and is logged). The box shows six suggestions (and "Xem tất cả N kết quả",
not a result); a result's link is mapped to its procedure code with congkhai's own loader. Per
query: the rank of each expected record among the six (beyond six: not shown), pass (all expected
in the top 5), recall@5 (the share of expected in the top 5) and the reciprocal rank of the first
expected shown (0 if none). Printed per engine and per class, then the failing queries; everything
per query goes to a JSON file (--json; by default search_quality.json in the work folder, or in the
current folder without --keep), for diffs between runs.

Timing pass (--timing), per engine: each query (or --timing-sample N of them, every k-th so that
about N are taken across the classes) in a fresh browser context (cold cache), the whole browser on
a quarter of one core (benchmarks/cpu_limit.py; its self-check is printed), typed 80 ms a key as in
benchmarks/search_bench.py, whose measure_in takes the figures: KB of search files transferred
before the first result shows, KB until the whole query's results show, and ms from the last
keystroke to those results. Printed: median, p90 and max per engine, and medians per class.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import national_site  # noqa: E402
import search_bench  # noqa: E402
from cpu_limit import SHARE, CpuLimitError, check_slowdown, describe, limited_chromium  # noqa: E402

RECORDS = 2849
ENGINES = ("lunr", "shards", "pagefind")
WHOLE_NAMES = {"name_marked", "name_unmarked"}
TOP = 5
SHOWN = 6  # suggestions the box shows (search.js MAX_SUGGESTIONS)
WAIT_MS = 20_000  # a query with no ck-results by then counts as no results
QUICK_PER_CLASS = 3
# what a built site's search depends on: a change here means the sites must be rebuilt
SEARCH_CODE = ("overrides/assets/congkhai/search.js", "overrides/partials/congkhai-search.html",
               "congkhai/publish/search.py", "congkhai/publish/search_words.yml")


# --------------------------------------------------------------------------- queries and sites

def load_queries(path: Path, classes: list[str] | None, limit: int | None, quick: bool) -> list[dict]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    per_class: dict[str, int] = defaultdict(int)
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "q" not in item:
            raise SystemExit(f"search_quality: {path}: item {i + 1} is not a query ({item!r})")
        q = {"q": unicodedata.normalize("NFC", str(item["q"])), "class": item.get("class") or "other",
             "expect": [str(c) for c in item.get("expect") or []], "nfd": bool(item.get("nfd"))}
        if classes and q["class"] not in classes:
            continue
        if quick and per_class[q["class"]] >= QUICK_PER_CLASS:
            continue
        per_class[q["class"]] += 1
        q["index"] = i
        out.append(q)
    return out[:limit] if limit else out


def typed(query: dict) -> str:
    return unicodedata.normalize("NFD", query["q"]) if query["nfd"] else query["q"]


def search_code_hash(root: Path = REPO) -> str:
    h = hashlib.sha256()
    for name in SEARCH_CODE:
        path = root / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return h.hexdigest()[:16]


def code_tree(work: Path, rev: str) -> tuple[str, Path]:
    """congkhai as of commit `rev` (git archive), in the work folder: (the commit's hash, the folder)."""
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", rev + "^{commit}"], capture_output=True,
                         text=True).stdout.strip()
    if not sha:
        raise SystemExit(f"search_quality: no commit {rev!r}")
    dest = work / f"code-{sha[:12]}"
    if not (dest / "hooks").is_dir():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return sha, dest


def build_site(src: Path, out: Path, engine: str, code: Path = REPO) -> float:
    """The built site of `src` with one engine, with congkhai's code in `code` (hooks, theme, package)."""
    config = src / "mkdocs.yml"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CONGKHAI_BUILD_DATE="21/11/2026", CONGKHAI_SEARCH_ENGINE=engine)
    if code != REPO:  # the same site with another commit's code: its hooks, its overrides, its package first
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data["hooks"] = [str(code / "hooks" / "congkhai_mkdocs.py")]
        data["theme"]["custom_dir"] = str(code / "overrides")
        config = src / f"mkdocs-{code.name}.yml"
        config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    start = time.perf_counter()
    result = subprocess.run([str(search_bench.MKDOCS), "build", "-q", "-f", str(config), "-d", str(out)],
                            env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"search_quality: building the {engine} site failed:\n{result.stderr[-3000:]}")
    html = (out / "index.html").read_text(encoding="utf-8")
    if f'data-engine="{engine}"' not in html:
        raise SystemExit(f"search_quality: the site built in {out} does not use {engine}")
    shipped = out / "assets" / "congkhai" / "search.js"
    if shipped.read_bytes() != (code / "overrides" / "assets" / "congkhai" / "search.js").read_bytes():
        raise SystemExit(f"search_quality: {shipped} is not the search.js of {code}")
    return time.perf_counter() - start


def prepare(work: Path, engines: list[str], rebuild: bool, rev: str | None) -> dict:
    """The source site and the built sites in `work`, built when missing, when they were built with
    other code than asked for (`rev`: a commit; None: the working tree), or all with `rebuild`."""
    src = work / "src"
    stamp_file = work / "sites.json"
    stamp = json.loads(stamp_file.read_text()) if stamp_file.is_file() else {}
    if not (src / "mkdocs.yml").is_file() or stamp.get("records") != RECORDS:
        start = time.perf_counter()
        national_site.build(src, RECORDS)
        national_site.config(src)
        stamp = {"records": RECORDS, "src_s": round(time.perf_counter() - start, 1), "sites": {}}
        rebuild = True
        print(f"site source of {RECORDS} records: {stamp['src_s']} s", flush=True)
    sha, code = code_tree(work, rev) if rev else ("working tree", REPO)
    now = search_code_hash(code)
    for engine in engines:
        out = work / f"site-{engine}"
        built = stamp["sites"].get(engine)
        if rebuild or not built or built.get("code") != sha or not (out / "index.html").is_file():
            seconds = build_site(src, out, engine, code)
            stamp["sites"][engine] = {"seconds": round(seconds, 1), "code": sha, "search_code": now,
                                      "built": time.strftime("%Y-%m-%d %H:%M:%S")}
            print(f"{engine} site built with the code of {sha[:12]}: {seconds:.0f} s", flush=True)
        elif built["search_code"] != now:
            print(f"WARNING: the search code changed since the {engine} site was built ({built['built']}); "
                  "these figures are the old code's: --rebuild", flush=True)
        stamp_file.write_text(json.dumps(stamp, indent=1))
    return stamp


def procedure_index(src: Path) -> dict[str, tuple[str, str]]:
    """A site path ('thu-tuc/<slug>/') -> (code, name), from congkhai's own loader."""
    from congkhai import load_site

    site = load_site(src)
    return {p.url: (p.record.code, p.record.name) for p in site.procedures}


def site_path(href: str) -> str:
    return unquote(urlsplit(href).path).lstrip("/")


# --------------------------------------------------------------------------- the quality pass

LISTEN = """() => { window.__ck = [];
  document.querySelector("[data-ck-search=header]").addEventListener("ck-results", (e) => window.__ck.push(e.detail)); }"""
CLEARED = """() => { const list = document.querySelector("#ck-search-results");
  return list.children.length === 0 && document.querySelector(".ck-search-none").hidden; }"""
SHOWN_FOR_BOX = """() => { const v = document.querySelector("#ck-search-input").value;
  return window.__ck.some((d) => d.query === v); }"""
READ = """() => {
  const v = document.querySelector("#ck-search-input").value;
  const detail = window.__ck.filter((d) => d.query === v).pop();
  const options = Array.from(document.querySelectorAll("#ck-search-results [role=option]"))
    .filter((a) => a.id !== "ck-opt-all")
    .map((a) => [a.href, (a.querySelector(".ck-result-title") || a).textContent.replace(/\s+/g, " ").trim()]);
  const note = document.querySelector(".ck-search-closest");
  return { total: detail.total, options, note: note ? note.textContent.trim() : "" };
}"""


def score(query: dict, shown: list[str | None]) -> dict:
    """Ranks of the expected codes among the suggestions shown, pass, recall@5, reciprocal rank."""
    ranks = {code: (shown.index(code) + 1 if code in shown else None) for code in query["expect"]}
    in_top = [c for c, r in ranks.items() if r is not None and r <= TOP]
    found = [r for r in ranks.values() if r is not None]
    return {"ranks": ranks, "pass": len(in_top) == len(ranks), "recall5": len(in_top) / len(ranks) if ranks else 0.0,
            "rr": 1 / min(found) if found else 0.0}


def quality_pass(engine: str, root: Path, queries: list[dict], paths: dict[str, tuple[str, str]],
                 fresh: bool = False) -> list[dict]:
    """Each query typed in the box of one page (or, `fresh`, of a new page each: Pagefind's answers
    can depend on the index chunks earlier searches in the page loaded)."""
    from playwright.sync_api import sync_playwright

    httpd, url = search_bench.serve(root)
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=search_bench.CHROMIUM_ARGS)
            page = None
            for n, query in enumerate(queries, 1):
                if page is None or fresh:
                    if page is not None:
                        page.close()
                    page = browser.new_page()
                    page.goto(url, wait_until="load")
                    page.evaluate(LISTEN)
                    box = page.locator("#ck-search-input")
                text = typed(query)
                box.focus()
                box.fill("")  # the box shows nothing for an empty query: then the query is typed anew
                try:
                    page.wait_for_function(CLEARED, timeout=WAIT_MS)
                except Exception:
                    pass
                page.evaluate("() => { window.__ck = []; }")
                start = time.perf_counter()
                page.keyboard.type(text, delay=2)
                try:
                    page.wait_for_function(SHOWN_FOR_BOX, timeout=WAIT_MS, polling=20)
                    seen = page.evaluate(READ)
                    timed_out = False
                except Exception:
                    seen, timed_out = {"total": 0, "options": [], "note": ""}, True
                    print(f"  [{engine}] no results event in {WAIT_MS / 1000:.0f} s: {query['q']!r} "
                          f"(box holds {box.input_value()!r})", flush=True)
                shown = []
                titles = []
                for href, title in seen["options"]:
                    code, _ = paths.get(site_path(href), (None, None))
                    shown.append(code)
                    titles.append(title)
                row = {"index": query["index"], "q": query["q"], "class": query["class"], "nfd": query["nfd"],
                       "expect": query["expect"], "total": seen["total"], "timed_out": timed_out,
                       "top": [c or site_path(h) for c, (h, _) in zip(shown, seen["options"])],
                       "titles": titles, "note": seen["note"], "ms": round((time.perf_counter() - start) * 1000),
                       **score(query, shown)}
                out.append(row)
                if n % 50 == 0:
                    print(f"  [{engine}] {n}/{len(queries)}", flush=True)
            browser.close()
    finally:
        httpd.shutdown()
    return out


def summarise(rows: list[dict]) -> dict:
    n = len(rows)
    zero = [r for r in rows if not r["total"]]
    return {"n": n, "recall5": sum(r["recall5"] for r in rows) / n if n else 0.0,
            "pass": sum(r["pass"] for r in rows) / n if n else 0.0,
            "mrr": sum(r["rr"] for r in rows) / n if n else 0.0,
            "zero": len(zero), "zero_whole_names": sum(r["class"] in WHOLE_NAMES for r in zero),
            "timed_out": sum(r["timed_out"] for r in rows)}


def short(title: str, width: int = 48) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def print_quality(engine: str, rows: list[dict], seconds: float, names: dict[str, str]) -> dict:
    overall = summarise(rows)
    print(f"\n== {engine}: {overall['n']} queries, quality pass {seconds:.0f} s")
    print(f"overall: recall@5 {overall['recall5']:.3f}, pass {overall['pass']:.1%}, MRR {overall['mrr']:.3f}, "
          f"zero results {overall['zero']} (whole-name classes {overall['zero_whole_names']}), "
          f"no answer in {WAIT_MS // 1000} s {overall['timed_out']}")
    by_class: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_class[r["class"]].append(r)
    print(f"  {'class':<16} {'n':>4} {'recall@5':>9} {'pass':>7} {'MRR':>6} {'zero':>5}")
    classes = {}
    for name, group in by_class.items():
        s = classes[name] = summarise(group)
        print(f"  {name:<16} {s['n']:>4} {s['recall5']:>9.3f} {s['pass']:>7.1%} {s['mrr']:>6.3f} {s['zero']:>5}")
    failing = [r for r in rows if not r["pass"]]
    print(f"failing ({len(failing)}):")
    for r in failing:
        ranks = ", ".join(f"{c} {'#' + str(k) if k else 'not shown'}" for c, k in r["ranks"].items())
        print(f"  [{r['class']}] {r['q']!r}{' (NFD)' if r['nfd'] else ''} -> total {r['total']}; expected {ranks}"
              + (f"; note: {r['note']}" if r["note"] else ""))
        for code, title in list(zip(r["top"], r["titles"]))[:TOP]:
            print(f"      {code:<10} {short(title, 90)}")
        for code in r["expect"]:
            if r["ranks"][code] is None or r["ranks"][code] > TOP:
                print(f"      wanted {code}: {short(names.get(code, '?'), 90)}")
    return {"overall": overall, "classes": classes}


# --------------------------------------------------------------------------- the timing pass

def sample(queries: list[dict], size: int | None) -> list[dict]:
    if not size or size >= len(queries):
        return queries
    step = len(queries) / size
    return [queries[int(i * step)] for i in range(size)]


def timing_pass(engine: str, root: Path, queries: list[dict], limited) -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd, url = search_bench.serve(root)
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(limited), args=search_bench.CHROMIUM_ARGS)
            try:
                for n, query in enumerate(queries, 1):
                    m = search_bench.measure_in(browser, "congkhai", url, typed(query), limited, timeout_ms=60_000)
                    out.append({"index": query["index"], "q": query["q"], "class": query["class"], **m})
                    if math.isnan(m["ms"]):
                        print(f"  [{engine}] no results in 60 s: {query['q']!r}", flush=True)
                    if n % 10 == 0:
                        print(f"  [{engine}] timed {n}/{len(queries)}", flush=True)
            finally:
                browser.close()
    finally:
        httpd.shutdown()
    return out


def p90(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(0.9 * len(values)) - 1)]


def print_timing(engine: str, rows: list[dict], seconds: float) -> dict:
    ok = [r for r in rows if not math.isnan(r["ms"])]
    print(f"\n== {engine}: {len(rows)} queries timed ({len(rows) - len(ok)} without results in 60 s), "
          f"timing pass {seconds:.0f} s")
    print(f"  {'':<28} {'median':>8} {'p90':>8} {'max':>8}")
    summary = {}
    for key, label, scale in (("first_bytes", "KB before the first result", 1024), ("bytes", "KB until the query's results", 1024),
                              ("ms", "ms, last key to results", 1)):
        values = [r[key] / scale for r in ok]
        if not values:
            continue
        summary[key] = {"median": statistics.median(values), "p90": p90(values), "max": max(values)}
        print(f"  {label:<28} {statistics.median(values):>8.0f} {p90(values):>8.0f} {max(values):>8.0f}")
    by_class: dict[str, list[dict]] = defaultdict(list)
    for r in ok:
        by_class[r["class"]].append(r)
    print(f"  per class (medians)   {'n':>3} {'KB first':>9} {'KB query':>9} {'ms':>7}")
    for name, group in by_class.items():
        print(f"  {name:<21} {len(group):>3} {statistics.median(r['first_bytes'] for r in group) / 1024:>9.0f} "
              f"{statistics.median(r['bytes'] for r in group) / 1024:>9.0f} {statistics.median(r['ms'] for r in group):>7.0f}")
    return summary


# --------------------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=REPO / "benchmarks" / "national_queries.yml")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it (its sites are reused)")
    parser.add_argument("--rebuild", action="store_true", help="build the sites anew (after a change to the search code)")
    parser.add_argument("--commit", metavar="REV", help="build the sites with the code of this commit (git archive), "
                        "not the working tree: a baseline to compare with")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--classes", help="only these query classes, comma-separated")
    parser.add_argument("--limit", type=int, help="only the first N queries")
    parser.add_argument("--quick", action="store_true", help=f"only the first {QUICK_PER_CLASS} queries of each class")
    parser.add_argument("--json", type=Path, help="per-query results (default: search_quality.json in the work folder)")
    parser.add_argument("--timing", action="store_true", help="also time the queries on a slow phone's CPU")
    parser.add_argument("--timing-sample", type=int, metavar="N", help="time about N queries (every k-th), not all")
    parser.add_argument("--fresh-page", action="store_true",
                        help="each query in a new page (by default all in one page, one after another)")
    parser.add_argument("--no-quality", action="store_true", help="skip the quality pass (with --timing)")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if not engines or any(e not in ENGINES for e in engines):
        raise SystemExit(f"search_quality: --engines takes {', '.join(ENGINES)}")
    if not args.queries.is_file():
        raise SystemExit(f"search_quality: no query file {args.queries}")
    queries = load_queries(args.queries, args.classes.split(",") if args.classes else None, args.limit, args.quick)
    if not queries:
        raise SystemExit("search_quality: no queries left to run")
    work = args.keep or Path(tempfile.mkdtemp(prefix="congkhai-quality-"))
    work.mkdir(parents=True, exist_ok=True)
    json_path = args.json or (work if args.keep else Path.cwd()) / "search_quality.json"
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", args.commit or "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        dirty = not args.commit and bool(subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", *SEARCH_CODE],
                                                        capture_output=True, text=True).stdout.strip())
        started = time.perf_counter()
        stamp = prepare(work, engines, args.rebuild, args.commit)
        print(f"sites ready in {time.perf_counter() - started:.0f} s", flush=True)
        paths = procedure_index(work / "src")
        names = {code: name for code, name in paths.values()}
        missing = sorted({c for q in queries for c in q["expect"] if c not in names})
        if missing:
            print(f"WARNING: expected codes not in the site: {', '.join(missing[:20])}")
        report = {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "commit": commit, "search_code_changed": dirty,
                  "search_code": stamp["sites"][engines[0]]["search_code"], "queries_file": str(args.queries), "records": RECORDS,
                  "fresh_page": args.fresh_page,
                  "sites": stamp["sites"], "quality": {}, "summary": {}, "timing": {}, "timing_summary": {}}
        print(f"\nSearch quality: {len(queries)} queries ({args.queries.name}), {RECORDS} national records, "
              f"commit {commit}{' + uncommitted search changes' if dirty else ''}; top {TOP} of the {SHOWN} suggestions; "
              + ("a new page per query" if args.fresh_page else "all queries in one page, in the file's order"))
        if not args.no_quality:
            for engine in engines:
                start = time.perf_counter()
                rows = quality_pass(engine, work / f"site-{engine}", queries, paths, args.fresh_page)
                seconds = time.perf_counter() - start
                report["quality"][engine] = rows
                report["summary"][engine] = {"seconds": round(seconds), **print_quality(engine, rows, seconds, names)}
                json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
            if len(report["summary"]) > 1:
                print("\nside by side (recall@5 / pass / MRR / zero):")
                for engine, s in report["summary"].items():
                    o = s["overall"]
                    print(f"  {engine:<9} {o['recall5']:.3f} / {o['pass']:.1%} / {o['mrr']:.3f} / {o['zero']}")
        if args.timing:
            timed = sample(queries, args.timing_sample)
            check = check_slowdown(SHARE)
            report["cpu_check"] = check
            print("\n" + describe(check))
            print(f"Timing: {len(timed)} queries, each in a fresh context (cold cache), typed 80 ms a key, "
                  "gzip on loopback")
            with limited_chromium(SHARE) as limited:
                for engine in engines:
                    start = time.perf_counter()
                    rows = timing_pass(engine, work / f"site-{engine}", timed, limited)
                    seconds = time.perf_counter() - start
                    report["timing"][engine] = rows
                    report["timing_summary"][engine] = {"seconds": round(seconds), **print_timing(engine, rows, seconds)}
                    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nper-query results: {json_path}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except CpuLimitError as exc:
        raise SystemExit(f"search_quality: {exc}")
