"""Search at province scale: congkhai's search beside Material's built-in search and Pagefind's defaults.

    python benchmarks/search_bench.py [--count 3000] [--queries 6] [--demo]

Builds one site of COUNT procedures from the national records (benchmarks/national_site.py) three
ways, from one run:

- material:  Material for MkDocs' own search plugin (lunr in a web worker, whole pages);
- pagefind:  Pagefind with its defaults, indexing the built HTML pages;
- congkhai:  congkhai's search (records, Vietnamese normalisation; at this size its own index in
             shards, search/; CONGKHAI_SEARCH_ENGINE=pagefind for Pagefind over the records);

and, for the record, the size of a lunr index prebuilt with the Python lunr package over the same
records (the design card's first choice). Each engine is then queried in headless Chromium, pages
served gzip-compressed on loopback, a fresh browser profile per query. It prints, per engine: build
time, index size, bytes transferred before the first result, and the time from the last keystroke
(or the search call) to the first result. --demo measures the demo portal instead.

The CPU of a slow phone: the whole browser (every process and thread: the page, its Web Workers,
the network and GPU processes) runs in a cgroup allowed a quarter of one core, in 2.5 ms of every
10 ms (benchmarks/cpu_limit.py; a wrapper script joins the cgroup and execs Chromium). That slows
the page's main thread about 4x against the unlimited browser, what the earlier figures taken with
Chromium's CPU throttling (CDP Emulation.setCPUThrottlingRate 4) meant, and a Web Worker just as
much: CDP's throttling slowed the page only, never the worker Pagefind searches in, so those
figures flattered Pagefind. The self-check's factors (a fixed busy loop timed in the page and in
a worker, unlimited and limited) are printed with the results. Before the box is clicked, the
page waits until the browser is idle (its start-up work done), as a citizen's phone would be
when they start typing. Needs root or a delegated cgroup (cpu_limit.CpuLimitError otherwise).

In the page, a keystroke's time is when the browser took it in; the whole query's results are
shown when congkhai's box dispatches its ck-results event for the text the box holds (Material:
when its result list last changed); bytes count the search files only (congkhai: search.js,
lunr.min.js, search/, pagefind/).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import national_site  # noqa: E402
from cpu_limit import CpuLimitError, check_slowdown, describe, limited_chromium  # noqa: E402

CPU_SHARE = 0.25  # of one core, for the whole browser: a slow phone (cpu_limit.py)

QUERIES = ["hộ chiếu", "can cuoc", "dang ky ket hon", "giay phep xay dung", "1.000178", "thuế thu nhập",
           "khai sinh", "đăng ký thường trú", "giay phep lai xe", "chứng chỉ hành nghề", "bao hiem xa hoi",
           "xuất khẩu hàng hóa"]
DEMO_QUERIES = ["giay phep x quang", "chuyển giao công nghệ", "1.000173", "buu chinh", "do hai yen", "hoà"]
COMPRESSED = (".pf_index", ".pf_meta", ".pf_fragment", ".pf_filter", ".pagefind")
MKDOCS = Path(sys.executable).parent / "mkdocs"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed, as a web server would; Pagefind's own files are compressed already.
    HTTP/1.1, connections kept open between requests, as nginx and GitHub Pages keep them (HTTP/1.0, the
    default here until 29/11, opened a connection per file: on a slow phone's CPU that cost each file
    fetched tens of ms more than a real server does)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve(root: Path):
    import functools
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def build(config: Path, out: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CONGKHAI_BUILD_DATE="21/11/2026")
    start = time.perf_counter()
    subprocess.run([str(MKDOCS), "build", "-q", "-f", str(config), "-d", str(out)], check=True, env=env)
    return time.perf_counter() - start


def pagefind_default(site: Path) -> float:
    """Pagefind with its defaults over the built pages, into site/pagefind-default/."""
    import asyncio
    from pagefind.index import IndexConfig, PagefindIndex

    async def run():
        async with PagefindIndex(config=IndexConfig(output_path=str(site / "pagefind-default"))) as index:
            await index.add_directory(str(site))

    start = time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - start


def lunr_size(site_src: Path) -> tuple[float, int, int]:
    """A lunr index of the same records congkhai indexes, prebuilt in Python: (seconds, raw, gzip bytes)."""
    from lunr import lunr
    from congkhai.publish.search import records
    from congkhai import load_site

    items = records(load_site(site_src))
    docs = [{"id": str(i), "title": r.meta["title"], "body": r.content} for i, r in enumerate(items)]
    start = time.perf_counter()
    index = lunr(ref="id", fields=[{"field_name": "title", "boost": 10}, "body"], documents=docs)
    seconds = time.perf_counter() - start
    payload = json.dumps({"index": index.serialize(), "docs": [[d["title"], r.url] for d, r in zip(docs, items)]},
                         ensure_ascii=False, separators=(",", ":")).encode()
    return seconds, len(payload), len(gzip.compress(payload, 6))


def folder_size(path: Path) -> tuple[int, int]:
    raw = packed = 0
    for f in path.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            raw += len(data)
            packed += len(data) if f.suffix in COMPRESSED else len(gzip.compress(data, 6))
    return raw, packed


# --------------------------------------------------------------------------- measuring in Chromium

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]

# Marks, in the page, the last keystroke and when the results for the whole query were shown. A
# keystroke is its keydown, or its beforeinput for a letter with marks ("ú"), which Playwright types
# without a keydown; its time is when the browser took it in (the event's timeStamp), not when a
# busy page got round to running the listener.
OBSERVE = """(selector) => { window.__last = null; window.__shown = null;
  const key = (event) => { window.__last = Math.max(window.__last || 0, event.timeStamp); window.__shown = null; };
  document.addEventListener("keydown", key, true);
  document.addEventListener("beforeinput", key, true);
  new MutationObserver(() => { if (window.__last !== null && document.querySelector(selector)) {
      window.__shown = performance.now(); window.ckFirstResult(); } })
    .observe(document.body, { childList: true, subtree: true, characterData: true }); }"""


def measure_in(browser, engine: str, url: str, query: str, limited=None, timeout_ms: float = 60000) -> dict:
    """One query in a fresh context (cold cache) of `browser`: bytes of search files transferred
    (workers included) before the first result shows and until the whole query's results show, and
    the ms from the last keystroke to those results (NaN when none came in `timeout_ms`).
    `limited`: the LimitedChromium `browser` runs in; the page waits for the browser to be idle
    (its start-up work done) before the box is clicked."""
    context = browser.new_context()
    try:
        page = context.new_page()
        transferred: list[tuple[str, int]] = []

        def finished(request):
            sizes = request.sizes()
            transferred.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

        context.on("requestfinished", finished)
        first_any: list[int] = []
        done_at: list[int] = []
        page.expose_function("ckFirstResult", lambda: first_any.append(len(transferred)) if not first_any else None)
        page.expose_function("ckDone", lambda: done_at.append(len(transferred)) if not done_at else None)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        if limited is not None:
            limited.wait_idle()
        if engine in ("congkhai", "material"):
            if engine == "congkhai":
                selector, box = "#ck-search-results [role=option]", "#ck-search-input"
                page.evaluate("""(q) => { window.__done = null; document.querySelector("[data-ck-search]").addEventListener(
                  "ck-results", (e) => { if (e.detail.query === q && window.__done === null) {
                    window.__done = performance.now(); window.ckDone(); } }); }""", query)
            else:
                selector, box = ".md-search-result__item", ".md-search__input"
            page.evaluate(OBSERVE, selector)
            page.click(box)
            page.keyboard.type(query, delay=80)
            try:
                if engine == "congkhai":
                    page.wait_for_function("window.__done !== null", timeout=timeout_ms)
                    first = page.evaluate("window.__done - window.__last")
                else:
                    page.wait_for_function("window.__shown !== null", timeout=timeout_ms)
                    page.wait_for_timeout(1500)  # let the list settle: the last change is the whole query's results
                    first = page.evaluate("window.__shown - window.__last")
            except Exception:  # no results in time: reported as such
                first = float("nan")
        else:
            first = page.evaluate("""async (q) => { const pf = await import("/pagefind-default/pagefind.js");
              const start = performance.now(); const r = await pf.search(q);
              if (r.results.length) await r.results[0].data(); return performance.now() - start; }""", query)
        page.wait_for_timeout(300)
        marker = {"congkhai": ("/pagefind/", "assets/congkhai/search.js", "assets/congkhai/lunr.min.js", "/search/"),
                  "pagefind": ("/pagefind-default/",),
                  "material": ("search_index.json", "/workers/", "/lunr/", "lunr.")}[engine]
        search_files = [(u, size) if any(m in u for m in marker) else (u, 0) for u, size in transferred]
        upto_first = first_any[0] if first_any else len(transferred)
        upto_done = done_at[0] if done_at else len(transferred)
        return {"first_bytes": sum(size for _, size in search_files[:upto_first]),
                "bytes": sum(size for _, size in search_files[:upto_done]),
                "all_bytes": sum(size for _, size in search_files), "ms": first}
    finally:
        context.close()


def measure(engine: str, url: str, query: str, executable=None) -> dict:
    """measure_in, in a browser of its own: `executable` the browser to run (a LimitedChromium from
    cpu_limit.limited_chromium, for a slow phone's CPU); by default Chromium at full speed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable or shutil.which("chromium")), args=CHROMIUM_ARGS)
        try:
            return measure_in(browser, engine, url, query, executable if hasattr(executable, "wait_idle") else None)
        finally:
            browser.close()


def run(site_src: Path, out: Path, queries: list[str], engines: list[str]) -> None:
    ours = out / "ours"
    material = out / "material"
    times_file = out / "build-times.json"
    if times_file.is_file():  # --keep: the sites of an earlier run are measured again
        t_ours, t_material, t_default = json.loads(times_file.read_text())
    else:
        t_ours = build(national_site.config(site_src), ours)
        t_material = build(national_site.config(site_src, material_search=True), material) if "material" in engines else None
        t_default = pagefind_default(ours) if "pagefind" in engines else None
        times_file.write_text(json.dumps([t_ours, t_material, t_default]))
    t_lunr, lunr_raw, lunr_gz = lunr_size(site_src)
    # congkhai's index: search/ (its own shards, or lunr), and pagefind/ when the site was built with Pagefind
    ours_index = [folder_size(d) for d in (ours / "search", ours / "pagefind") if d.is_dir()]
    index_sizes = {"congkhai": (sum(r for r, _ in ours_index), sum(p for _, p in ours_index)),
                   "pagefind": folder_size(ours / "pagefind-default") if t_default else None,
                   "material": folder_size(material / "search") if t_material else None}
    results = {}
    slowdown = describe(check_slowdown(CPU_SHARE))
    with limited_chromium(CPU_SHARE) as slow:
        for engine, root in (("material", material), ("pagefind", ours), ("congkhai", ours)):
            if engine not in engines:
                continue
            httpd, url = serve(root)
            try:
                results[engine] = [measure(engine, url, q, slow) for q in queries]
            finally:
                httpd.shutdown()
    procedures = len(list(site_src.rglob("procedures/**/*.md")))
    print(f"\nSearch benchmark: {procedures} procedures, {len(queries)} queries, the whole browser on {CPU_SHARE:g} of one core, "
          "gzip, cold cache")
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")
    print(slowdown)
    print("KB first: transferred before the first result shows (while typing); KB query: until the results of "
          "the whole query show; ms: from the last keystroke to those results")
    print(f"{'engine':<10} {'build s':>8} {'index MB':>9} {'index gz MB':>12} {'KB first (med/max)':>20} "
          f"{'KB query (med/max)':>20} {'ms (med/max)':>16}")
    builds = {"congkhai": t_ours, "pagefind": (t_ours + t_default) if t_default else None,
              "material": t_material}
    for engine in ("material", "pagefind", "congkhai"):
        if engine not in results:
            continue
        kb = [r["bytes"] / 1024 for r in results[engine]]
        kb1 = [r["first_bytes"] / 1024 for r in results[engine]]
        ms = [r["ms"] for r in results[engine]]
        raw, packed = index_sizes[engine]
        print(f"{engine:<10} {builds[engine]:>8.1f} {raw / 2**20:>9.2f} {packed / 2**20:>12.2f} "
              f"{statistics.median(kb1):>12.0f} / {max(kb1):<5.0f} {statistics.median(kb):>12.0f} / {max(kb):<5.0f} "
              f"{statistics.median(ms):>8.0f} / {max(ms):<5.0f}")
    print(f"{'lunr (py)':<10} {t_lunr:>8.1f} {lunr_raw / 2**20:>9.2f} {lunr_gz / 2**20:>12.2f} "
          f"   (the whole index before any result: {round(lunr_gz / 1024)} KB; not measured in Chromium)")
    print("\nper query (KB, ms):")
    for i, q in enumerate(queries):
        cells = "  ".join(f"{e}: {results[e][i]['first_bytes'] / 1024:.0f}/{results[e][i]['bytes'] / 1024:.0f} KB, "
                          f"{results[e][i]['ms']:.0f} ms" for e in results)
        print(f"  {q!r:<24} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--demo", action="store_true", help="measure the demo portal (congkhai's engine only)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="congkhai-bench-"))
    try:
        if args.demo:
            demo_out = work / "demo"
            t = build(REPO / "mkdocs.yml", demo_out)
            httpd, url = serve(demo_out)
            try:
                with limited_chromium(CPU_SHARE) as slow:
                    res = [measure("congkhai", url, q, slow) for q in DEMO_QUERIES]
            finally:
                httpd.shutdown()
            kb = [r["bytes"] / 1024 for r in res]
            kb1 = [r["first_bytes"] / 1024 for r in res]
            ms = [r["ms"] for r in res]
            raw, packed = folder_size(demo_out / "search" if (demo_out / "search").exists() else demo_out / "pagefind")
            print(describe(check_slowdown(CPU_SHARE)))
            print(f"\nDemo portal: build {t:.1f} s, index {raw / 1024:.0f} KB ({packed / 1024:.0f} KB gzip)")
            print(f"KB before the first result: median {statistics.median(kb1):.0f}, max {max(kb1):.0f}; "
                  f"until the whole query's results: median {statistics.median(kb):.0f}, max {max(kb):.0f}; "
                  f"ms to first result: median {statistics.median(ms):.0f}, max {max(ms):.0f}")
            for q, r in zip(DEMO_QUERIES, res):
                print(f"  {q!r:<24} {r['bytes'] / 1024:.0f} KB, {r['ms']:.0f} ms")
            return
        site_src = work / "src"
        if not (work / "out" / "build-times.json").is_file():
            national_site.build(site_src, args.count)
        run(site_src, work / "out", QUERIES[: args.queries], ["material", "pagefind", "congkhai"])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except CpuLimitError as exc:
        raise SystemExit(f"search_bench: {exc}")
