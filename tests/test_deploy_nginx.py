"""Publishing, run for real: the intranet's nginx configuration and the GitHub Pages workflow.

Debian's nginx serves the built demo with deploy/nginx/congkhai.conf (only the address, the port and the
folder changed) on 127.0.0.1, and Chromium opens one page of every page template, a search typed into the
header box and a missing address: no page may break the Content-Security-Policy (no inline script, no style
attribute, nothing from elsewhere), and no request may fail. The headers (CSP, nosniff, Referrer-Policy,
caching, types, compression) are read as a browser gets them.

GitHub Pages serves a project site under /<repository>/: the site is built the way .github/workflows/portal.yml
builds it (its own build step, run on a copy of the demo) with a site_url under /congkhai/, served there, and
its 404 page, a page and the search are opened under that sub-path; with both search engines (lunr for a small
site, Pagefind, WebAssembly, for a large one). The 404 page is photographed into tests/screenshots/.

`make test` installs nginx (`make nginx`); without it these tests fail, they do not skip.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from browser import DESKTOP, PHONE, screenshot
from helpers import BUILD_DATE, REPO, site_config
from test_citizen_pages import PAGES

CONF = REPO / "deploy" / "nginx" / "congkhai.conf"
WORKFLOW = REPO / ".github" / "workflows" / "portal.yml"
SUB_PATH = "/congkhai/"  # as GitHub Pages serves a project site: /<repository>/
MISSING = "thu-tuc/khong-co-thu-tuc-nay/"


def nginx_binary() -> str:
    found = "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else shutil.which("nginx")
    assert found, ("nginx is not installed: `make test` installs Debian's nginx package (make nginx; or "
                   "`sudo apt-get install nginx`)")
    return found


# ------------------------------------------------------------------ nginx with the committed configuration

def _replace(text: str, pattern: str, new: str) -> str:
    """`pattern` (a regular expression) replaced once: the committed file must still have that line."""
    out, count = re.subn(pattern, lambda _: new, text, count=1, flags=re.M)
    assert count == 1, f"{CONF.relative_to(REPO)} no longer has a line matching {pattern!r}"
    return out


def server_conf(site: Path, port: int, sub_path: str = "/", empty: Path | None = None,
                without: tuple[str, ...] = ()) -> str:
    """deploy/nginx/congkhai.conf as IT staff would edit it: listening on 127.0.0.1:`port`, serving `site`,
    at the server's root or, as the file's comment says, under `sub_path` (then `empty` is the root). Lines
    naming a header in `without` are dropped (to see the checks fail)."""
    text = CONF.read_text(encoding="utf-8")
    text = _replace(text, r"^\s*listen 80;.*$", f"    listen 127.0.0.1:{port};")
    text = _replace(text, r"^\s*listen \[::\]:80;.*\n", "")
    if sub_path == "/":
        text = _replace(text, r"^\s*root /srv/congkhai/site;.*$", f"    root {site};")
    else:
        assert empty is not None
        text = _replace(text, r"^\s*root /srv/congkhai/site;.*$", f"    root {empty};")
        text = _replace(text, r"^\s*location / \{ \}$", f"    location {sub_path} {{ alias {site}/; }}")
        text = _replace(text, r"^\s*error_page 404 /404.html;$", f"    error_page 404 {sub_path}404.html;")
    for header in without:
        text = _replace(text, rf"^\s*add_header {re.escape(header)} .*\n", "")
    return text


MAIN_CONF = """\
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/congkhai.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """Debian's nginx in the foreground, as the current user, with its pid, logs and temporary files in `tmp`:
    Debian's nginx.conf with the portal's server block (the `http` block of /etc/nginx/nginx.conf, shortened)."""

    def __init__(self, tmp: Path, server: str, port: int):
        tmp.mkdir(parents=True, exist_ok=True)
        self.tmp, self.port = tmp, port
        (tmp / "congkhai.conf").write_text(server, encoding="utf-8")
        # nginx started by root runs its workers as "nobody", who cannot read pytest's folders
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.conf = tmp / "nginx.conf"
        self.conf.write_text(MAIN_CONF.format(tmp=tmp, user=user), encoding="utf-8")
        self.args = [nginx_binary(), "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(self.conf)]
        self.proc = None

    def __enter__(self) -> "Nginx":
        test = subprocess.run([*self.args, "-t"], capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        assert "[warn]" not in test.stderr and "[emerg]" not in test.stderr, test.stderr
        self.proc = subprocess.Popen([*self.args, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise AssertionError(f"nginx did not start: {self.errors()}")
                time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def errors(self) -> str:
        log = self.tmp / "error.log"
        return log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""


@dataclass
class Served:
    url: str      # ending in "/": http://127.0.0.1:<port>/ or http://127.0.0.1:<port>/congkhai/
    site: Path
    nginx: Nginx
    engine: str = "lunr"


@pytest.fixture(scope="module")
def at_root(demo, tmp_path_factory):
    """The demo as `make build` builds it, served with the committed configuration."""
    port = free_port()
    with Nginx(tmp_path_factory.mktemp("nginx-root"), server_conf(demo.site_dir, port), port) as nginx:
        yield Served(f"http://127.0.0.1:{port}/", demo.site_dir, nginx)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def build_step() -> dict:
    steps = workflow()["jobs"]["build"]["steps"]
    return next(step for step in steps if step.get("id") == "build")


@pytest.fixture(scope="module", params=["lunr", "shards", "pagefind"])
def under_sub_path(request, tmp_path_factory):
    """A copy of the demo built by the workflow's own build step with site_url http://127.0.0.1:<port>/congkhai/,
    served by nginx under /congkhai/ (an empty folder at the server's root), as GitHub Pages serves it."""
    engine = request.param
    tmp = tmp_path_factory.mktemp(f"pages-{engine}")
    root = tmp / "src"
    for folder in ("procedures", "data", "plans"):
        shutil.copytree(REPO / folder, root / folder)
    site_config(root)  # mkdocs.yml (with docs/) naming this repository's theme overrides and hooks
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    env = dict(os.environ, CONGKHAI_SITE_URL=base.rstrip("/"), CONGKHAI_SEARCH_ENGINE=engine,
               CONGKHAI_BUILD_DATE=BUILD_DATE, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               **workflow()["env"])
    built = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", build_step()["run"]],
                           cwd=root, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    site = root / "site"
    assert (site / {"pagefind": "pagefind/pagefind.js", "shards": "search/index.json", "lunr": "search/lunr.json"}[engine]).is_file()
    (tmp / "empty").mkdir()
    conf = server_conf(site, port, SUB_PATH, empty=tmp / "empty")
    with Nginx(tmp / "nginx", conf, port) as nginx:
        yield Served(base, site, nginx, engine)


# ------------------------------------------------------------------ what a browser meets

# Runs in every page before its own scripts: what the Content-Security-Policy refused, as the page saw it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective} refused ${e.blockedURI || "(inline)"} at ${e.sourceFile || e.documentURI}:${e.lineNumber}` +
  (e.sample ? ` "${e.sample}"` : "")));
"""


class Watched:
    """A Chromium page whose CSP violations, console errors and warnings, script errors, failed requests and
    error responses are all kept, to be told at the end."""

    def __init__(self, chromium, viewport=DESKTOP):
        self.page = chromium.new_page(viewport=viewport)
        self.page.add_init_script(CSP_LISTENER)
        self.seen: list[str] = []
        self.allowed_404: set[str] = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.seen.append(f"script error: {e}"))
        self.page.on("requestfailed", self._failed)
        self.navigating = False
        self.page.on("response", lambda r: r.status >= 400 and r.url not in self.allowed_404
                     and self.seen.append(f"HTTP {r.status}: {r.url}"))

    def _console(self, message) -> None:
        if message.type not in ("error", "warning"):
            return
        if message.text.startswith("Failed to load resource") and message.location.get("url") in self.allowed_404:
            return  # Chromium's line for the 404 page's own status, which is the point of that page
        self.seen.append(f"console {message.type}: {message.text}")

    def _failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED" and self.navigating:
            return  # the last page's late requests (its favicon), cut short by opening the next page
        self.seen.append(f"request failed: {request.url} ({request.failure})")

    def open(self, url: str, status: int = 200):
        if status == 404:
            self.allowed_404.add(url)
        self.navigating = True
        try:
            response = self.page.goto(url)
        finally:
            self.navigating = False
        assert response is not None and response.status == status, (url, response and response.status)
        self.page.wait_for_load_state("networkidle")
        return response

    def problems(self) -> list[str]:
        found = list(self.seen)
        try:
            found += ["CSP: " + v for v in self.page.evaluate("window.__cspViolations || []")]
        except Exception as exc:  # the page went away: what was seen so far stands
            found.append(f"could not read the page's CSP violations: {exc}")
        return found

    def close(self) -> None:
        self.page.close()


def type_a_search(watched: Watched, words: str = "giấy phép") -> list[str]:
    """Words typed into the header's search box; the addresses of the suggestions it shows."""
    page = watched.page
    if not page.locator("#ck-search-input").is_visible():
        page.click(".ck-search-open")  # phones: the magnifier opens the box
    page.fill("#ck-search-input", words)
    try:
        page.wait_for_selector("#ck-search-results [role=option]", state="visible", timeout=10000)
    except Exception:
        raise AssertionError(f"the header box suggested nothing for {words!r} on {page.url}:\n"
                             + "\n".join(watched.problems())) from None
    page.wait_for_load_state("networkidle")
    return page.eval_on_selector_all("#ck-search-results a[role=option]", "links => links.map(a => a.href)")


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def fetch(url: str, method: str = "GET", **headers):
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


# ------------------------------------------------------------------ every page template, under the CSP

TEMPLATES = {name: url for name, url in PAGES.items() if name != "not-found"}


def test_every_page_template_runs_under_the_content_security_policy(at_root, chromium):
    """One page of each template (test_citizen_pages.PAGES), a search typed into the header box on the
    results page, and a missing address: no CSP violation, no console error, no failed request."""
    watched = Watched(chromium)
    found = {}
    try:
        for name, url in TEMPLATES.items():
            watched.open(at_root.url + url)
            if name == "search":
                assert watched.page.locator(".ck-search-page-results li").count() > 0, "the results page found nothing"
                assert type_a_search(watched), "the header box suggested nothing"
            problems = watched.problems()
            if problems:
                found[name] = problems
            watched.seen.clear()
        watched.open(at_root.url + MISSING, status=404)
        assert watched.page.locator("h1").inner_text() == "Không tìm thấy trang"
        if watched.problems():
            found["not-found"] = watched.problems()
    finally:
        watched.close()
    assert not found, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)


def test_the_theme_and_congkhai_scripts_run_under_the_policy_when_used(at_root, chromium):
    """What the scripts do when a citizen uses a page (the theme's sidebars and back-to-top button, which set
    their styles through the DOM, the menu drawer, the tracker's filters, more results and a filter on the
    results page, a folded statistics period opened by its address and for printing) breaks nothing."""
    for viewport in (PHONE, DESKTOP):
        watched = Watched(chromium, viewport)
        try:
            page = watched.page
            watched.open(at_root.url + PAGES["procedure"])
            for _ in range(12):
                page.mouse.wheel(0, 500)
            page.mouse.wheel(0, -600)
            page.locator(".md-top").click()  # the back-to-top button, shown when scrolling up
            if viewport is PHONE:
                page.click("label.md-header__button[for=__drawer]")
                page.wait_for_selector(".md-nav--primary", state="visible")
            watched.open(at_root.url + PAGES["tracker"])
            page.select_option("select[name=status]", index=1)
            watched.open(at_root.url + "tim-kiem/?q=giay")
            page.wait_for_selector(".ck-search-page-results li")
            if page.locator(".ck-search-more").is_visible():
                page.click(".ck-search-more")
            page.evaluate("document.querySelector('.ck-search-filters').open = true")
            page.select_option("select[name=loai]", index=1)
            watched.open(at_root.url + "thong-ke/#2026-quy-1")
            assert page.evaluate("[...document.querySelectorAll('details.ck-period-details')].map(d => d.open)")[2]
            page.pdf()
            page.wait_for_load_state("networkidle")
            assert watched.problems() == [], viewport
        finally:
            watched.close()


def test_the_browser_checks_catch_an_inline_script_a_style_attribute_and_a_missing_header(demo, chromium,
                                                                                          tmp_path):
    """The checks above can fail: the demo with an inline script and a style attribute on its home page,
    served without X-Content-Type-Options."""
    site = tmp_path / "site"
    shutil.copytree(demo.site_dir, site)
    home = site / "index.html"
    html = home.read_text(encoding="utf-8")
    html = html.replace("</body>", "<script>window.ranInline = true</script></body>", 1)
    html = html.replace("<h1", '<h1 style="color: red"', 1)
    home.write_text(html, encoding="utf-8")
    port = free_port()
    with Nginx(tmp_path / "nginx", server_conf(site, port, without=("X-Content-Type-Options",)), port):
        url = f"http://127.0.0.1:{port}/"
        watched = Watched(chromium)
        try:
            watched.open(url)
            found = "\n".join(watched.problems())
            assert watched.page.evaluate("window.ranInline === undefined")
        finally:
            watched.close()
        assert "CSP: script-src-elem refused inline" in found, found
        assert "CSP: style-src-attr refused inline" in found, found
        assert "console error: Executing inline script violates" in found, found
        assert "X-Content-Type-Options: nosniff" in " ".join(header_problems(url)), header_problems(url)


def test_no_page_has_an_inline_script_a_style_or_an_event_handler(demo):
    """What the CSP would refuse, looked for in every published page (the browser test opens one per template)."""
    from bs4 import BeautifulSoup

    found = []
    for path in sorted(demo.site_dir.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        name = path.relative_to(demo.site_dir).as_posix()
        for script in page.find_all("script"):
            if not script.get("src") and script.get("type") not in ("application/json", "application/ld+json"):
                found.append(f"{name}: inline script {str(script)[:80]}")
        found += [f"{name}: <style> element" for _ in page.find_all("style")]
        for tag in page.find_all(True):
            found += [f"{name}: {attr}= on <{tag.name}>" for attr in tag.attrs if attr == "style" or attr.startswith("on")]
    assert not found, "\n".join(found[:20])


# ------------------------------------------------------------------ headers, caching, types, compression

def csp_directives(value: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in value.split(";")) if parts}


def header_problems(url: str) -> list[str]:
    """What is wrong with the security headers of the page at `url` (any status)."""
    _, headers, _ = fetch(url)
    problems = []
    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    expected = {"default-src": ["'self'"], "style-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"],
                "form-action": ["'self'"], "frame-ancestors": ["'none'"]}
    for directive, sources in expected.items():
        if csp.get(directive) != sources:
            problems.append(f"Content-Security-Policy: {directive} {csp.get(directive)}, expected {sources}")
    if set(csp.get("script-src", ["none"])) - {"'self'", "'wasm-unsafe-eval'"}:
        problems.append(f"Content-Security-Policy: script-src {csp.get('script-src')}")
    if any(s.startswith("'unsafe") for sources in csp.values() for s in sources):
        problems.append(f"Content-Security-Policy allows unsafe sources: {headers.get('Content-Security-Policy')}")
    for name, value in {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin",
                        "X-Frame-Options": "DENY", "Cache-Control": "no-cache"}.items():
        if headers.get(name) != value:
            problems.append(f"{name}: {value} expected, got {headers.get(name)!r}")
    if "camera=()" not in headers.get("Permissions-Policy", ""):
        problems.append(f"Permissions-Policy: {headers.get('Permissions-Policy')!r}")
    if headers.get("Content-Type") != "text/html; charset=utf-8":
        problems.append(f"Content-Type: {headers.get('Content-Type')!r}")
    if re.search(r"\d", headers.get("Server", "")):
        problems.append(f"Server: {headers.get('Server')} (tells the version)")
    return problems


def test_pages_and_the_404_page_carry_the_security_headers(at_root):
    for url in ("", "thu-tuc/", PAGES["procedure"], "tim-kiem/?q=x", MISSING):
        assert header_problems(at_root.url + url) == [], url
    status, _, body = fetch(at_root.url + MISSING)
    assert status == 404 and "Không tìm thấy trang" in body.decode("utf-8")


HASHED = re.compile(r"(^|/)assets/(javascripts|stylesheets)/(workers/)?[^/]+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$"
                    r"|(^|/)pagefind/(.+/)?[^/]+\.pf_(fragment|index|filter|meta)$")
IMMUTABLE = "public, max-age=31536000, immutable"
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "application/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".map": "application/json; charset=utf-8", ".xml": "text/xml; charset=utf-8", ".gz": "application/gzip",
         ".txt": "text/plain; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml; charset=utf-8",
         ".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
         ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
         ".pf_filter": "application/octet-stream", ".yml": "text/yaml; charset=utf-8", ".woff2": "font/woff2",
         ".csv": "text/csv; charset=utf-8", ".jsonl": "application/jsonl; charset=utf-8"}


def file_problems(served: Served) -> tuple[list[str], list[str]]:
    """Every file of the site fetched (HEAD): its type must be the one named for its kind, and only files with a
    content hash in their name may be kept for a year. Returns (problems, the immutable files)."""
    problems, immutable = [], []
    for path in sorted(p for p in served.site.rglob("*") if p.is_file()):
        name = path.relative_to(served.site).as_posix()
        status, headers, _ = fetch(served.url + name, method="HEAD")
        kind = TYPES.get(path.suffix)
        if status != 200:
            problems.append(f"{name}: HTTP {status}")
        elif kind is None:
            problems.append(f"{name}: a kind of file the test does not know ({headers.get('Content-Type')}): "
                            "name its type in deploy/nginx/congkhai.conf and in TYPES here")
        elif headers.get("Content-Type") != kind:
            problems.append(f"{name}: Content-Type {headers.get('Content-Type')}, expected {kind}")
        cache = headers.get("Cache-Control")
        if cache != (IMMUTABLE if HASHED.search(name) else "no-cache"):
            problems.append(f"{name}: Cache-Control {cache}")
        if cache == IMMUTABLE:
            immutable.append(name)
        if headers.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{name}: no nosniff")
    return problems, immutable


def test_each_file_has_its_type_and_only_hashed_names_are_cached_for_a_year(at_root):
    problems, immutable = file_problems(at_root)
    assert not problems, "\n".join(problems[:30])
    # the theme's bundle, style sheets and search worker, with their maps; congkhai's own files are not hashed
    assert {re.sub(r"\.[0-9a-f]{8}\.", ".<hash>.", name) for name in immutable} == {
        "assets/javascripts/bundle.<hash>.min.js", "assets/javascripts/bundle.<hash>.min.js.map",
        "assets/javascripts/workers/search.<hash>.min.js", "assets/javascripts/workers/search.<hash>.min.js.map",
        "assets/stylesheets/main.<hash>.min.css", "assets/stylesheets/main.<hash>.min.css.map",
        "assets/stylesheets/palette.<hash>.min.css", "assets/stylesheets/palette.<hash>.min.css.map"}


def test_text_is_compressed_and_compressed_data_is_not(at_root):
    for name in ("assets/stylesheets/" + next(p.name for p in (at_root.site / "assets/stylesheets").glob("main.*.css")),
                 "assets/congkhai/search.js", "search/lunr.json", PAGES["catalogue"]):
        status, headers, body = fetch(at_root.url + name, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", name
        assert "Accept-Encoding" in headers.get("Vary", ""), name
        gzip.decompress(body)
    status, headers, _ = fetch(at_root.url + "sitemap.xml.gz", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") is None


# ------------------------------------------------------------------ under a sub-path, as on GitHub Pages

def test_the_site_under_a_sub_path_has_its_types_and_caching(under_sub_path):
    problems, immutable = file_problems(under_sub_path)
    assert not problems, "\n".join(problems[:30])
    if (under_sub_path.site / "pagefind").is_dir():
        pieces = [p for p in (under_sub_path.site / "pagefind").rglob("*.pf_*")]
        assert len(pieces) > 10 and all(p.relative_to(under_sub_path.site).as_posix() in immutable for p in pieces)


STYLE_PROBE = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  return {header: style(".md-header").backgroundColor, font: style("body").fontFamily, size: style(".md-typeset").fontSize,
          footer: style(".md-footer-meta").backgroundColor, columns: style(".ck-footer-columns").display,
          name: [style(".ck-identity-short").display, style(".ck-identity-long").display]};
}"""


def test_the_404_page_under_a_sub_path_is_styled_and_its_links_lead_to_pages(under_sub_path, chromium):
    base = under_sub_path.url
    for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        watched = Watched(chromium, viewport)
        try:
            watched.open(base)
            page = watched.page
            home = page.evaluate(STYLE_PROBE)
            watched.open(base + MISSING, status=404)
            assert page.locator("h1").inner_text() == "Không tìm thấy trang"
            # the theme's and congkhai's style sheets are applied as on the home page: the header's colour, the
            # text's font, the footer's columns, the department's name (short on phones, whole on screens)
            sheets = page.evaluate("[...document.styleSheets].map(s => s.href)")
            assert len(sheets) == 3 and all(s.startswith(base) for s in sheets), sheets
            assert page.evaluate(STYLE_PROBE) == home
            assert home["header"] not in ("", "rgba(0, 0, 0, 0)") and home["columns"] in ("grid", "flex")
            short, long_ = page.locator(".ck-identity-short"), page.locator(".ck-identity-long")
            assert (short.is_visible(), long_.is_visible()) == ((True, False) if viewport_name == "phone" else (False, True))
            if viewport_name == "phone":
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            screenshot(page, f"deploy-404-sub-path-{under_sub_path.engine}-{viewport_name}")
            # every link and the search form lead to a page of the site, under the sub-path
            links = page.evaluate("""() => [...new Set([...document.querySelectorAll('a[href]')].map(a => a.href.split('#')[0])
                .concat([...document.forms].map(f => f.action)).concat([...document.querySelectorAll('link[href], script[src]')]
                .map(e => e.href || e.src)))]""")
            ours = [link for link in links if link.startswith("http://127.0.0.1")]
            assert len(ours) > 15, links
            assert [link for link in ours if not link.startswith(base)] == []
            assert {link: status_of(link) for link in ours if status_of(link) != 200} == {}
            # the header box searches from here too, and its suggestions are pages of the site
            suggestions = type_a_search(watched)
            assert suggestions and all(s.startswith(base) and status_of(s) == 200 for s in suggestions), suggestions
            assert watched.problems() == []
        finally:
            watched.close()


def test_a_page_and_the_search_work_under_a_sub_path(under_sub_path, chromium):
    base = under_sub_path.url
    watched = Watched(chromium, PHONE)
    try:
        watched.open(base + PAGES["procedure"])
        suggestions = type_a_search(watched, "x quang")
        assert suggestions and all(s.startswith(base) and status_of(s) == 200 for s in suggestions), suggestions
        watched.page.press("#ck-search-input", "Enter")  # nothing chosen: the results page for the words typed
        watched.page.wait_for_url(base + "tim-kiem/?q=x+quang")
        watched.page.wait_for_selector(".ck-search-page-results li a")
        watched.page.wait_for_load_state("networkidle")
        results = watched.page.eval_on_selector_all(".ck-search-page-results li a", "links => links.map(a => a.href)")
        assert len(results) > 3 and all(r.startswith(base) for r in results), results
        assert status_of(results[0]) == 200
        watched.page.click(".ck-search-page-results li a >> nth=0")
        watched.page.wait_for_load_state("networkidle")
        assert watched.page.url == results[0]
        assert watched.problems() == []
    finally:
        watched.close()


# ------------------------------------------------------------------ the workflow

def test_the_workflow_checks_builds_tests_and_publishes_to_pages():
    data = workflow()
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    assert data["env"]["NO_MKDOCS_2_WARNING"] == "1"
    jobs = data["jobs"]
    assert set(jobs) == {"build", "test", "deploy"}

    # every action is an official one, pinned to a major version
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
    uses = {step["uses"].split("@")[0]: step for job in jobs.values() for step in job["steps"] if "uses" in step}
    assert {"actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)
    assert str(uses["actions/setup-python"]["with"]["python-version"]) == "3.11"

    # the build job runs the README's commands for staff, with the files and modules they name
    build = jobs["build"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert "python -m pip install -r requirements.txt -e ." in runs
    assert (REPO / "requirements.txt").is_file() and (REPO / "pyproject.toml").is_file()
    assert "python -m congkhai check" in runs and (REPO / "congkhai" / "__main__.py").is_file()
    script = build_step()["run"]
    assert re.search(r"^mkdocs build --strict -f mkdocs.pages.yml -d site$", script, re.M)  # never -q: it hides warnings
    assert "INHERIT: mkdocs.yml" in script and "steps.pages.outputs.base_url" in build_step()["env"]["CONGKHAI_SITE_URL"]
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert uses["actions/upload-pages-artifact"]["if"] == "steps.pages.outcome == 'success'"
    assert uses["actions/configure-pages"]["id"] == "pages"
    assert all(step.get("with", {}).get("fetch-depth") == 0 for step in build["steps"] + jobs["test"]["steps"]
               if step.get("uses", "").startswith("actions/checkout"))

    # the whole suite, `make test` (which installs Debian's chromium and nginx as root), in Debian with Python 3.11
    test = jobs["test"]
    assert [step["run"] for step in test["steps"] if "run" in step] == ["make test"]
    assert re.match(r"python:3\.11-bookworm$", test["container"])
    assert re.search(r"^test: .*\bbrowser nginx\b", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)

    # publishing: only from main, after both jobs, with the Pages permissions, one at a time
    deploy = jobs["deploy"]
    assert deploy["needs"] == ["build", "test"]
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert uses["actions/configure-pages"]["if"] == deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert data["permissions"] == {"contents": "read"}
