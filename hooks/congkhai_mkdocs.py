"""MkDocs adapter for congkhai: thin event handlers that call the plain `congkhai` package.

Flow: on_pre_build loads and validates all content (before MkDocs cleans the site
folder, so a failed build leaves the last good site untouched); on_files adds one
generated page per procedure and per lĩnh vực, and the notice-board sheets (niem-yet/); on_page_content
replaces or extends page bodies with fragments rendered by congkhai.publish.render. `mkdocs build` writes into a
folder beside the site and swaps it in only when the build succeeded, MkDocs' own strict warnings included, so a
failed build never leaves a half-written or half-cleaned site.

Runs under MkDocs 1.6 and under ProperDocs (its maintained continuation), which serves these `mkdocs.*`
imports from its own package; tests/test_properdocs.py builds the demo with both and compares the sites.
"""

from __future__ import annotations

import html
import html as html_lib
import shutil
import logging
import os
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from congkhai import ContentError, PlanEntry, ProcedureEntry, Renderer, Site, compliance, load_site
from congkhai.content.body import clean as clean_body
from congkhai.content.site import build_date_from_text
from congkhai.derive.compliance import NOT_MET
from congkhai.derive.essentials import form_links
from congkhai.derive.listings import field_url
from congkhai.derive.notice_board import SHEETS_URL, notice_board
from congkhai.scaffold import examples_left
from congkhai.publish.search import (ENGINES, SearchIndexError, choose_engine, pagefind_binary, record_count, records, search_words,
                                     write_index, write_lunr, write_words)
from congkhai.publish.search_shards import write_shards
from congkhai.publish.feeds import write_feed
from congkhai.publish.open_data import write_open_data

log = logging.getLogger("mkdocs.hooks.congkhai")
# The framework's own logger: "mkdocs", or "properdocs" when ProperDocs runs the build (its `mkdocs` logger,
# this file's, is a child of "properdocs"): strict mode counts the warnings logged under it.
_FRAMEWORK_LOG = PluginError.__module__.partition(".")[0]

_state: dict = {}
_publish: dict = {}  # command, the real site folder, the folder being written, warnings counted


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


def on_startup(command, dirty) -> None:
    _publish.clear()
    _publish["command"] = command


def _write_beside(config) -> None:
    """Build into <site>.congkhai-new; on_post_build swaps it in (only for `mkdocs build`, not serve)."""
    if _publish.get("command") != "build":
        return
    real = Path(config.site_dir)
    new = real.with_name(real.name + ".congkhai-new")
    shutil.rmtree(new, ignore_errors=True)
    counter = _WarningCount()
    logging.getLogger(_FRAMEWORK_LOG).addHandler(counter)
    _publish.update(real=real, new=new, counter=counter)
    config.site_dir = str(new)


def _swap_in(config) -> None:
    """Replace the site with the new build, unless a strict build is about to fail on a warning."""
    if "new" not in _publish:
        return
    logging.getLogger(_FRAMEWORK_LOG).removeHandler(_publish["counter"])
    real, new = _publish["real"], _publish["new"]
    if config.strict and _publish["counter"].count:
        shutil.rmtree(new, ignore_errors=True)  # MkDocs now stops; the last good site stays as it was
        log.warning("congkhai: bản dựng có cảnh báo nên chưa thay trang web đang có (%s)", real)
        return
    old = real.with_name(real.name + ".congkhai-old")
    shutil.rmtree(old, ignore_errors=True)
    if real.exists():
        real.rename(old)
    new.rename(real)
    shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(real)
    _publish.clear()


def on_build_error(error) -> None:
    if "new" in _publish:
        logging.getLogger(_FRAMEWORK_LOG).removeHandler(_publish["counter"])
        shutil.rmtree(_publish["new"], ignore_errors=True)
        _publish.pop("new")


def _root(config) -> Path:
    return Path(config.config_file_path).parent


POLICIES = ("fail", "warn", "off")


def _settings(config) -> dict:
    """`extra: congkhai:` in mkdocs.yml: build_date, and what to do with unmet requirements."""
    raw = (config.extra or {}).get("congkhai") or {}
    compliance = raw.get("compliance") or {}
    out = {"build_date": raw.get("build_date"), "required": compliance.get("required", "fail"),
           "target": compliance.get("target", "warn"), "search": raw.get("search", True),
           "search_engine": os.environ.get("CONGKHAI_SEARCH_ENGINE") or raw.get("search_engine", "auto"),
           "notice_board": raw.get("notice_board", True)}
    if not isinstance(out["notice_board"], bool):
        raise PluginError(f'mkdocs.yml: extra.congkhai.notice_board là "{out["notice_board"]}"; cần true hoặc false')
    if out["search_engine"] not in ("auto", *ENGINES):
        raise PluginError(f'mkdocs.yml: extra.congkhai.search_engine là "{out["search_engine"]}"; cần "auto", '
                          + ", ".join(f'"{e}"' for e in ENGINES[:-1]) + f' hoặc "{ENGINES[-1]}"')
    for key in ("required", "target"):
        if out[key] not in POLICIES:
            raise PluginError(f'mkdocs.yml: extra.congkhai.compliance.{key} là "{out[key]}"; cần một trong: '
                              + ", ".join(POLICIES))
    return out


def _report_compliance(site: Site, settings: dict, strict: bool) -> None:
    """Unmet requirements: `fail` stops a strict build and names them (a plain build only warns,
    so staff can preview); `warn` notes them in the log; `off` says nothing. The dashboard always
    shows them."""

    failures = []
    for result in compliance(site):
        if result.finding.status != NOT_MET:
            continue
        policy = settings["required" if result.is_required else "target"]
        kind = "yêu cầu bắt buộc" if result.is_required else "chỉ tiêu"
        message = (f'congkhai: chưa đạt {kind} "{result.requirement.id}" ({result.source_label}): '
                   f"{result.finding.summary}" + (f", yêu cầu {result.finding.target}" if result.finding.target else ""))
        for what, _ in result.finding.missing[:10]:
            message += f"\n  - {what}"
        if policy == "fail":
            failures.append(message)
        elif policy == "warn":
            log.info("Cảnh báo: " + message)
    if failures and strict:
        raise PluginError("\n".join(failures))
    for message in failures:
        log.warning(message)


def on_pre_build(config) -> None:
    settings = _settings(config)
    try:
        # the environment (CONGKHAI_BUILD_DATE, SOURCE_DATE_EPOCH) wins over mkdocs.yml, so one
        # configuration can be rebuilt for any date
        from_config = settings["build_date"] and not os.environ.get("CONGKHAI_BUILD_DATE")
        date = build_date_from_text(settings["build_date"]) if from_config else None
        site: Site = load_site(_root(config), build_date=date)
    except ContentError as exc:
        raise PluginError(exc.report()) from None
    left = examples_left(_root(config))
    if left:  # `congkhai new` wrote them; valid values, but not the department's
        message = (f"congkhai: còn {len(left)} giá trị ví dụ chưa thay (ghi \"VÍ DỤ\"); hãy thay bằng thông tin thật:\n"
                   + "\n".join(f"  - {p}" for p in left[:20]))
        if config.strict:
            raise PluginError(message)
        log.warning(message)
    _report_compliance(site, settings, bool(config.strict))

    # hand-written pages are records too: about one per entry of the navigation
    settings["engine"] = choose_engine(settings["search_engine"], record_count(site) + len(config.nav or []))
    config.extra["congkhai_search_engine"] = settings["engine"]
    if settings["search"] and settings["engine"] == "pagefind":
        try:
            pagefind_binary()
        except SearchIndexError as exc:
            raise PluginError(f"Không tạo được chỉ mục tìm kiếm (Pagefind): {exc}") from None
    template_dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    _state.clear()
    renderer = Renderer(site, template_dirs)
    renderer.site_url = config.site_url or ""  # JSON-LD and open data: absolute addresses when known
    renderer.notice_board = settings["notice_board"]  # the notice-board sheets (niem-yet/), on unless switched off
    _state.update(site=site, renderer=renderer, pages={}, texts={}, settings=settings)
    # pages that are not MkDocs pages (404.html) get the header and footer as seen from the site root
    config.extra["congkhai_identity"] = renderer.identity("")
    config.extra["congkhai_footer"] = renderer.footer("")
    log.info("congkhai: %d thủ tục, %d cán bộ, ngày tạo %s", len(site.procedures), len(site.officials),
             site.build_date.strftime("%d/%m/%Y"))
    _write_beside(config)


def _front(meta: dict, body: str = "") -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def _generated_page(config, src: str, text: str) -> File:
    """A generated page: reached from the catalogue, the plans index and other pages, never from the nav,
    so MkDocs does not list it among the pages "not included in the nav" (3,000 lines at 3,000 procedures)."""
    return File.generated(config, src, content=text, inclusion=InclusionLevel.NOT_IN_NAV)


def on_files(files: Files, config) -> Files:
    site: Site = _state["site"]
    pages: dict = _state["pages"]
    for entry in site.procedures:
        src = entry.url.rstrip("/") + ".md"
        meta = {"title": entry.record.name, "description": entry.record.summary or entry.record.name}
        files.append(_generated_page(config, src, _front(meta, entry.body)))
        pages[src] = entry
        for form in form_links(site, entry).values():  # form files to download, next to the procedure's page
            files.append(File.generated(config, form.target, abs_src_path=str(form.source)))
    for field in site.fields.values():
        src = field_url(field.id).rstrip("/") + ".md"
        files.append(_generated_page(config, src, _front({"title": field.name})))
        pages[src] = ("field", field.id)
    for plan in site.plans:
        src = plan.url.rstrip("/") + ".md"
        title = f"{plan.record.kind} {plan.record.number}: {plan.record.title}"
        files.append(_generated_page(config, src, _front({"title": title}, plan.body)))
        pages[src] = plan
    for unit in site.units.values():
        src = f"don-vi/{unit.id}.md"
        files.append(_generated_page(config, src, _front({"title": unit.name})))
        pages[src] = ("unit", unit.id)
    # notice-board sheets (niêm yết): their index (kept when they are switched off: it says so), one per lĩnh vực, one
    # per procedure of the catalogue
    def sheet(src: str, title: str, target: tuple) -> None:
        files.append(_generated_page(config, src, _front({"title": title, "hide": ["toc"]})))
        pages[src] = target

    sheet(SHEETS_URL + "index.md", "Bản niêm yết thủ tục hành chính", ("sheets", ""))
    for field_sheet in notice_board(site) if _state["settings"]["notice_board"] else []:
        sheet(field_sheet.url.rstrip("/") + ".md", f"Niêm yết: {field_sheet.field.name}", ("field-sheet", field_sheet.field.id))
        for item in field_sheet.procedures:
            sheet(item.url.rstrip("/") + ".md", f"Niêm yết: {item.entry.record.name}", ("procedure-sheet", item.entry.slug))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    # The theme prints page.meta values unescaped (<title>, the description, the navigation): every page's
    # title and description, generated or hand-written, are escaped here, once.
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(unicodedata.normalize("NFC", page.meta[key]))
    # hand-written pages too are published in NFC, however the editor saved them
    return unicodedata.normalize("NFC", markdown)


def on_page_content(html: str, page, config, files) -> str:
    html = _page_content(html, page)
    # MkDocs checks links to anchors (`#nhiem-vu`, `../bieu-phi.md#...`) against the ids it saw in the Markdown;
    # the page publishes this HTML, with congkhai's blocks and templates around the body: check against its ids
    page.present_anchor_ids = _anchor_ids(html)
    return html


class _AnchorIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


def _anchor_ids(html_text: str) -> set[str]:
    """The anchors a page's content has (what MkDocs itself counts: every id, and <a name>)."""
    parser = _AnchorIds()
    parser.feed(html_text)
    parser.close()
    return parser.ids


def _page_content(html: str, page) -> str:
    # what staff wrote goes through the allow-list (load_site already refused what the policy forbids)
    html = clean_body(html)
    renderer: Renderer = _state["renderer"]
    target = _state["pages"].get(page.file.src_uri)
    if isinstance(target, ProcedureEntry):
        page.toc = get_toc([{"level": 2, "id": anchor, "name": title, "children": []}
                            for anchor, title in renderer.toc(target)])
        return renderer.procedure(target, html, page.url)
    if isinstance(target, PlanEntry):
        return renderer.plan(target, html, page.url)
    if isinstance(target, tuple):
        kind, ident = target
        if kind == "sheets":
            return renderer.sheets(page.url)
        if kind in ("field-sheet", "procedure-sheet"):
            return (renderer.field_sheet if kind == "field-sheet" else renderer.procedure_sheet)(ident, page.url)
        return renderer.field_page(ident, page.url) if kind == "field" else renderer.unit(ident, page.url)
    kind = page.meta.get("congkhai")
    # hand-written pages are found by their words too, unless their front matter says `search: {exclude: true}`
    # (Material's word for it): the staff guide (docs/huong-dan/) would crowd citizens' results for "phí", "cán bộ"
    excluded = isinstance(page.meta.get("search"), dict) and page.meta["search"].get("exclude") is True
    if kind != "search" and not excluded:
        _state["texts"][page.url] = (html_lib.unescape(page.title or ""), _plain_text(html))
    if kind:
        try:
            block = renderer.page(kind, page.url)
        except KeyError:
            raise PluginError(f'{page.file.src_uri}: mục "congkhai: {kind}" không hợp lệ; cần một trong: '
                              + ", ".join(Renderer.PAGES)) from None
        return html + block if page.meta.get("congkhai_position") != "top" else block + html
    return html


def on_page_context(context, page, config, nav):
    """The header's department name and the footer, rendered (escaped) by congkhai with links
    relative to this page."""
    renderer: Renderer = _state["renderer"]
    context["congkhai_identity"] = renderer.identity(page.url)
    context["congkhai_footer"] = renderer.footer(page.url)
    return context


def _plain_text(html_text: str) -> str:
    import re
    text = re.sub(r"<[^>]+>", " ", html_text)
    return " ".join(html.unescape(text).split())


def on_post_build(config) -> None:
    """The search index and a reproducible sitemap, then the new site takes the old one's place."""
    _reproducible_sitemap(Path(config.site_dir), _state["site"].build_date)
    _write_search(config)
    write_feed(_state["site"], Path(config.site_dir), config.site_url or "")  # thay-doi/atom.xml
    write_open_data(_state["site"], Path(config.site_dir), config.site_url or "")  # du-lieu/
    _swap_in(config)


def _write_search(config) -> None:
    """The search index (lunr, congkhai's own shards or Pagefind), written into the built site."""

    settings = _state["settings"]
    if not settings["search"]:
        return
    items = records(_state["site"], _state["texts"])
    write_words(items, search_words(_state["site"].search_words), Path(config.site_dir) / "search")
    if settings["engine"] == "lunr":
        write_lunr(items, Path(config.site_dir) / "search")
    elif settings["engine"] == "shards":
        write_shards(items, Path(config.site_dir) / "search")
    else:
        try:
            write_index(items, Path(config.site_dir) / "pagefind")
        except SearchIndexError as exc:
            raise PluginError(f"Không tạo được chỉ mục tìm kiếm (Pagefind): {exc}") from None


def _reproducible_sitemap(site_dir: Path, build_date) -> None:
    """MkDocs stamps sitemap.xml.gz with the day it ran; stamp it with the build date instead, so that a
    rebuild of the same content for the same date is byte-identical on any day."""
    import calendar
    import gzip

    plain = site_dir / "sitemap.xml"
    if not plain.is_file():
        return
    stamp = calendar.timegm(build_date.timetuple())
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                                           mtime=stamp) as out:
        out.write(plain.read_bytes())
