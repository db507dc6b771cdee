"""Headless Chromium for the tests that need a real browser (Debian's chromium package)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is not installed: `make test` installs Debian's chromium package (apt-get install chromium)"
    return found


def dump_dom(url: str) -> str:
    """The page's DOM after its scripts ran."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
                                 "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def file_url(path: Path, query: str = "") -> str:
    return path.resolve().as_uri() + (("?" + query) if query else "")


class SiteServer:
    """A built site served on 127.0.0.1 (a free port), for as long as the `with` block runs."""

    def __init__(self, root: Path):
        import functools
        import http.server
        import threading

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium(), args=FLAGS[1:])


# --------------------------------------------------------------------------- looking at pages

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # ignored by git: for a person to look at
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now, one readable line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (tags) => {
      const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
      return r.violations.map(v => [v.id, v.help, v.nodes.length,
        v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\\n").slice(1, 2).join(" "))]);
    }""", WCAG21_AA)
    return [f"{rule} ({count}×) {help_}: " + " | ".join(nodes) for rule, help_, count, nodes in found]


def screenshot(page, name: str) -> Path:
    """The first screen and the whole page, saved under tests/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"), full_page=True)
    return path
