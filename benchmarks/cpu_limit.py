"""The whole browser on a slow phone's CPU: every Chromium process and thread in one cgroup allowed a
share of one core.

Chromium's own CPU throttling (CDP Emulation.setCPUThrottlingRate) slows the page's main thread
only: Pagefind searches in a Web Worker, which CDP refuses to throttle ("Operation is only supported
for pages, not workers"), so figures taken that way flatter the search itself. Here the browser is
started inside a cgroup (v1 cpu.cfs_quota_us / cpu.cfs_period_us, or v2 cpu.max) that lets all of
its processes together use SHARE of one core, in short periods (2.5 ms of every 10 ms at a quarter),
so that no thread waits long for its turn. A quarter of a core slows the page's main thread about
4x (what the CDP figures meant) and the worker as much: check_slowdown() measures both.

    with limited_chromium(0.25) as executable:
        browser = playwright.chromium.launch(executable_path=str(executable), ...)

Needs root, or a cgroup delegated to the user; otherwise CpuLimitError says what was tried.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PERIOD_US = 10_000


class CpuLimitError(RuntimeError):
    pass


def _group(name: str) -> tuple[Path, str]:
    """A new cgroup and its version ("v1" or "v2")."""
    tried = []
    for root, version in ((Path("/sys/fs/cgroup"), "v2"), (Path("/sys/fs/cgroup/cpu"), "v1")):
        marker = root / ("cgroup.controllers" if version == "v2" else "cpu.cfs_quota_us")
        if not marker.is_file():
            tried.append(f"{marker}: not there")
            continue
        group = root / name
        try:
            group.mkdir(exist_ok=True)
            return group, version
        except OSError as exc:
            tried.append(f"{group}: {exc.strerror}")
    raise CpuLimitError("cannot make a cgroup to limit the browser's CPU (run as root, or delegate a cgroup): "
                        + "; ".join(tried))


@contextlib.contextmanager
def limited_chromium(share: float, period_us: int = PERIOD_US):
    """The path of an executable that runs Chromium with all its processes limited to `share` of one core."""
    group, version = _group(f"congkhai-bench-{os.getpid()}")
    quota = max(1000, int(share * period_us))
    try:
        if version == "v2":
            (group / "cpu.max").write_text(f"{quota} {period_us}")
        else:
            (group / "cpu.cfs_period_us").write_text(str(period_us))
            (group / "cpu.cfs_quota_us").write_text(str(quota))
    except OSError as exc:
        group.rmdir()
        raise CpuLimitError(f"cannot set the CPU limit in {group}: {exc.strerror}") from None
    work = Path(tempfile.mkdtemp(prefix="congkhai-cpu-"))
    wrapper = work / "chromium-limited"
    wrapper.write_text(f'#!/bin/sh\necho $$ > "{group}/cgroup.procs"\nexec "{CHROMIUM}" "$@"\n')
    wrapper.chmod(0o755)
    try:
        yield wrapper
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for _ in range(50):  # the browser's processes are gone shortly after it is closed
            try:
                group.rmdir()
                break
            except OSError:
                for pid in (group / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        (group.parent / "cgroup.procs").write_text(pid)
                time.sleep(0.1)


# A fixed piece of work, timed in the page's main thread and in a dedicated worker.
_WORK = "let x = 0; for (let i = 0; i < 3e7; i++) { x = (x + i * 7) % 1000003; }"
_TIME = """async (work) => {
  const run = new Function(work);
  const t0 = performance.now(); run(); const page = performance.now() - t0;
  const source = `onmessage = () => { const t0 = performance.now(); ${work}; postMessage(performance.now() - t0); };`;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  const inWorker = await new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage(0); });
  worker.terminate();
  return [page, inWorker];
}"""


def _timings(playwright, executable: str, args: list[str]) -> tuple[float, float]:
    browser = playwright.chromium.launch(executable_path=executable, args=args)
    try:
        page = browser.new_page()
        page.goto("data:text/html,<title>t</title>")
        page.evaluate(_TIME, _WORK)  # warm up the JIT
        runs = [page.evaluate(_TIME, _WORK) for _ in range(3)]
    finally:
        browser.close()
    return min(r[0] for r in runs), min(r[1] for r in runs)


def check_slowdown(share: float, args: list[str] | None = None) -> dict[str, float]:
    """How much slower the page's main thread and a Web Worker run under the limit than without it."""
    from playwright.sync_api import sync_playwright

    args = args or ["--no-sandbox", "--disable-gpu"]
    with sync_playwright() as p:
        free = _timings(p, CHROMIUM, args)
        with limited_chromium(share) as executable:
            slow = _timings(p, str(executable), args)
    return {"page": slow[0] / free[0], "worker": slow[1] / free[1], "page_ms": slow[0], "worker_ms": slow[1]}


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.25)
    share = parser.parse_args().share
    try:
        f = check_slowdown(share)
    except CpuLimitError as exc:
        raise SystemExit(f"cpu_limit: {exc}")
    print(f"{share:g} of one core: page's main thread {f['page']:.1f}x slower, Web Worker {f['worker']:.1f}x slower")
