"""The whole browser on a slow phone's CPU: every Chromium process and thread in one cgroup allowed a
share of one core.

    python benchmarks/cpu_limit.py [--share 0.25] [--runs 5]     # the self-check, printed

Chromium's own CPU throttling (CDP Emulation.setCPUThrottlingRate) slows the page's main thread
only: Pagefind searches in a Web Worker, which CDP refuses to throttle ("Operation is only supported
for pages, not workers"), so figures taken that way flatter the search itself. Here the browser is
started inside a cgroup (v1 cpu.cfs_quota_us / cpu.cfs_period_us, or v2 cpu.max) that lets all of
its processes and threads together use SHARE of one core, in short periods (2.5 ms of every 10 ms at
a quarter), so that no thread waits long for its turn (the default 100 ms period would give 25 ms
runs and 75 ms stalls). Playwright starts the browser through a small wrapper script that moves
itself into the cgroup and then execs Chromium, so every process Chromium starts is in it too.

A quarter of a core slows the page's main thread about 4x against the unlimited browser (what the
CDP x4 figures meant) and a dedicated worker as much: check_slowdown() times one fixed busy loop in
both, unlimited and limited, and the scripts print its factors.

    with limited_chromium(0.25) as executable:
        browser = playwright.chromium.launch(executable_path=str(executable), ...)
        ...
        executable.wait_idle()   # optional: the browser's start-up work done before timing anything

Needs root, or a cgroup delegated to the user; otherwise CpuLimitError says what was tried.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PERIOD_US = 10_000
SHARE = 0.25  # of one core: the page's main thread and a worker about 4x slower (check_slowdown)
V2_ROOT = Path("/sys/fs/cgroup")
V1_CPU = Path("/sys/fs/cgroup/cpu")
V1_CPUACCT = Path("/sys/fs/cgroup/cpuacct")


class CpuLimitError(RuntimeError):
    pass


class LimitedChromium(os.PathLike):
    """The wrapper executable (str() / os.fspath() give its path) and the cgroup it runs Chromium in."""

    def __init__(self, path: Path, group: Path, version: str, share: float, accounting: Path | None):
        self.path, self.group, self.version, self.share, self.accounting = path, group, version, share, accounting

    def __fspath__(self) -> str:
        return str(self.path)

    def __str__(self) -> str:
        return str(self.path)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the processes in the cgroup (from the cgroup's accounting when there
        is one; otherwise the live processes' own counters, at the kernel's tick resolution)."""
        if self.version == "v2":
            for line in (self.group / "cpu.stat").read_text().splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
        if self.accounting is not None:
            return int((self.accounting / "cpuacct.usage").read_text()) / 1e9
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in (self.group / "cgroup.procs").read_text().split():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = Path(f"/proc/{pid}/stat").read_text()
                fields = stat[stat.rindex(")") + 2:].split()
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def wait_idle(self, busy: float = 0.03, window: float = 0.5, timeout: float = 15.0) -> bool:
        """Waits until the browser uses under `busy` of one core over `window` seconds (start-up
        work, a spare renderer being made, done), at most `timeout` seconds; False if it never was."""
        end = time.monotonic() + timeout
        before = self.cpu_seconds()
        while time.monotonic() < end:
            time.sleep(window)
            now = self.cpu_seconds()
            if now - before < busy * window:
                return True
            before = now
        return False


def _v2_group(name: str, tried: list[str]) -> Path | None:
    controllers = V2_ROOT / "cgroup.controllers"
    if not controllers.is_file():
        tried.append(f"cgroup v2: {controllers} not there")
        return None
    if "cpu" not in controllers.read_text().split():
        tried.append(f"cgroup v2: no cpu controller in {controllers}")
        return None
    try:
        control = V2_ROOT / "cgroup.subtree_control"
        if "cpu" not in control.read_text().split():
            control.write_text("+cpu")
        group = V2_ROOT / name
        group.mkdir(exist_ok=True)
        return group
    except OSError as exc:
        tried.append(f"cgroup v2: {exc.filename or V2_ROOT}: {exc.strerror}")
        return None


def _v1_group(name: str, tried: list[str]) -> Path | None:
    if not (V1_CPU / "cpu.cfs_quota_us").is_file():
        tried.append(f"cgroup v1: {V1_CPU / 'cpu.cfs_quota_us'} not there")
        return None
    group = V1_CPU / name
    try:
        group.mkdir(exist_ok=True)
        return group
    except OSError as exc:
        tried.append(f"cgroup v1: {group}: {exc.strerror}")
        return None


def _sweep() -> None:
    """Removes the empty cgroups left by earlier runs that were killed before they cleaned up
    (named congkhai-bench-PID-..., PID no longer running)."""
    for root in (V2_ROOT, V1_CPU, V1_CPUACCT):
        with contextlib.suppress(OSError):
            for group in root.glob("congkhai-bench-*"):
                pid = group.name.split("-")[2]
                if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                    with contextlib.suppress(OSError):
                        if not (group / "cgroup.procs").read_text().split():
                            group.rmdir()


def _remove(group: Path) -> None:
    """Removes a cgroup once its processes are gone (moving any left over to the parent)."""
    for _ in range(100):  # the browser's processes are gone shortly after it is closed
        try:
            group.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            with contextlib.suppress(OSError):
                for pid in (group / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        (group.parent / "cgroup.procs").write_text(pid)
            time.sleep(0.1)
    print(f"cpu_limit: could not remove {group}; remove it with: rmdir {group}")


def _exit_on_term(signum, frame):
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def limited_chromium(share: float = SHARE, period_us: int = PERIOD_US):
    """A LimitedChromium: an executable that runs Chromium with all its processes together limited
    to `share` of one core, in periods of `period_us`. The cgroup is removed afterwards."""
    _sweep()
    name = f"congkhai-bench-{os.getpid()}-{time.monotonic_ns()}"
    tried: list[str] = []
    group, version = _v2_group(name, tried), "v2"
    if group is None:
        group, version = _v1_group(name, tried), "v1"
    if group is None:
        raise CpuLimitError("cannot make a cgroup to limit the browser's CPU (run as root, or delegate a "
                            "cgroup to this user); tried " + "; ".join(tried))
    accounting = None
    work = None
    # killed with SIGTERM (a timeout), still clean up: the signal ends the run as SystemExit would
    terminate = None
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        terminate = signal.signal(signal.SIGTERM, _exit_on_term)
    try:
        quota = max(1000, int(share * period_us))  # the kernel's smallest quota is 1 ms
        try:
            if version == "v2":
                (group / "cpu.max").write_text(f"{quota} {period_us}")
            else:
                (group / "cpu.cfs_period_us").write_text(str(period_us))
                (group / "cpu.cfs_quota_us").write_text(str(quota))
        except OSError as exc:
            raise CpuLimitError(f"cannot set the CPU limit in {group}: {exc.strerror}") from None
        joins = [group]
        if version == "v1":
            if (group / "cpuacct.usage").is_file():  # cpu and cpuacct mounted together
                accounting = group
            elif (V1_CPUACCT / "cpuacct.usage").is_file():
                with contextlib.suppress(OSError):
                    (V1_CPUACCT / name).mkdir()
                    accounting = V1_CPUACCT / name
                    joins.append(accounting)
        work = Path(tempfile.mkdtemp(prefix="congkhai-cpu-"))
        wrapper = work / "chromium-limited"
        lines = ["#!/bin/sh"]
        for g in joins:
            lines.append(f'echo $$ > "{g}/cgroup.procs" || {{ echo "cpu_limit: cannot join {g}" >&2; exit 1; }}')
        wrapper.write_text("\n".join(lines + [f'exec "{CHROMIUM}" "$@"', ""]))
        wrapper.chmod(0o755)
        # the wrapper must really land in the cgroup: a browser silently at full speed would lie
        probe = subprocess.run([str(wrapper), "--version"], capture_output=True, text=True)
        if probe.returncode != 0:
            raise CpuLimitError(f"the browser cannot be put in {group}: {probe.stderr.strip()}")
        yield LimitedChromium(wrapper, group, version, share, accounting)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        _remove(group)
        if accounting is not None and accounting != group:
            _remove(accounting)
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)


# --------------------------------------------------------------------------- the self-check

# A fixed piece of work (about 0.15 s on one core of a 2020s laptop), timed in the page's main thread
# and in a dedicated Web Worker, started once and warmed up, so both run the same optimised code.
_WORK = "let x = 0; for (let i = 0; i < 3e7; i++) { x = (x + i * 7) % 1000003; } return x;"
_SETUP = """(work) => {
  window.__work = new Function(work);
  const source = `const run = new Function(${JSON.stringify(work)});
    onmessage = () => { const t0 = performance.now(); run(); postMessage(performance.now() - t0); };`;
  window.__worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
}"""
_PAGE = "() => { const t0 = performance.now(); window.__work(); return performance.now() - t0; }"
_WORKER = """() => new Promise((resolve) => {
  window.__worker.onmessage = (e) => resolve(e.data); window.__worker.postMessage(0); })"""


def _open(playwright, executable, args: list[str]):
    browser = playwright.chromium.launch(executable_path=str(executable), args=args)
    page = browser.new_page()
    page.goto("data:text/html,<title>cpu</title>")
    page.evaluate(_SETUP, _WORK)
    for _ in range(2):  # warm up the JIT in both
        page.evaluate(_PAGE)
        page.evaluate(_WORKER)
    return browser, page


def check_slowdown(share: float = SHARE, runs: int = 7, args: list[str] | None = None) -> dict[str, float]:
    """How much slower the page's main thread and a dedicated Web Worker run in the limited browser
    than in the unlimited one: the best of `runs` timings each (other load on the machine only ever
    adds time, to the unlimited browser most), the two browsers open side by side and timed in turn.
    `noisy`: the unlimited timings varied by more than a fifth (a busy machine; run it again)."""
    from playwright.sync_api import sync_playwright

    args = args or ["--no-sandbox", "--disable-gpu"]
    times: dict[str, list[float]] = {"free_page": [], "free_worker": [], "slow_page": [], "slow_worker": []}
    with sync_playwright() as p, limited_chromium(share) as executable:
        free, free_page = _open(p, CHROMIUM, args)
        slow, slow_page = _open(p, executable, args)
        try:
            executable.wait_idle()
            for _ in range(runs):
                times["free_page"].append(free_page.evaluate(_PAGE))
                times["slow_page"].append(slow_page.evaluate(_PAGE))
                times["free_worker"].append(free_page.evaluate(_WORKER))
                times["slow_worker"].append(slow_page.evaluate(_WORKER))
        finally:
            free.close()
            slow.close()
    m = {k: min(v) for k, v in times.items()}
    noisy = any(statistics.median(times[k]) > 1.2 * m[k] for k in ("free_page", "free_worker"))
    return {"page": m["slow_page"] / m["free_page"], "worker": m["slow_worker"] / m["free_worker"],
            "share": share, "intended": 1 / share, "noisy": noisy, **{k + "_ms": v for k, v in m.items()}}


def describe(f: dict[str, float]) -> str:
    """One line for the self-check's figures."""
    return (f"CPU limit self-check: the whole browser on {f['share']:g} of one core (intended {f['intended']:.1f}x slower): "
            f"page's main thread {f['page']:.1f}x ({f['free_page_ms']:.0f} -> {f['slow_page_ms']:.0f} ms), "
            f"dedicated Web Worker {f['worker']:.1f}x ({f['free_worker_ms']:.0f} -> {f['slow_worker_ms']:.0f} ms)"
            + (" [the machine was busy: the unlimited timings varied]" if f["noisy"] else ""))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=SHARE, help="of one core (default %(default)s)")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    try:
        print(describe(check_slowdown(options.share, options.runs)))
    except CpuLimitError as exc:
        raise SystemExit(f"cpu_limit: {exc}")
