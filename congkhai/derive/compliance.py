"""Compliance: does the site meet each duty and target of its requirement register?

The register (data/requirements.yml) is data: each entry names a check from this module and
its parameters. A check reads the validated site and returns a Finding: met, not met or not
applicable, the numbers behind it ("7/12 = 58,3 %" against "≥ 60 %"), exactly what is missing
(with links), and the pages that show the duty is met.

    results = evaluate(site)     # one Result per requirement, in register order
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable

from ..common import text as vtext
from ..common.text import fold
from ..content.vocab import Channel, DeskRole, OnlineLevel, Outcome, Part, RequirementLevel
from ..content.model import Period
from .listings import current, evidence_target, fee_schedule, plan_years, procedure_counts

if TYPE_CHECKING:  # pragma: no cover
    from ..content.model import Requirement
    from ..content.site import Site

MET, NOT_MET, NOT_APPLICABLE = "đạt", "chưa đạt", "không áp dụng"


@dataclass
class Finding:
    status: str
    summary: str  # what was measured, in words and numbers
    target: str | None = None  # what the requirement asks for, when it is a number
    missing: list[tuple[str, str | None]] = field(default_factory=list)  # (what, page) that is not there
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (label, page) that shows it
    note: str | None = None


@dataclass
class Result:
    requirement: "Requirement"
    finding: Finding
    source_label: str
    source_url: str | None
    source_in_force: bool
    origin_label: str | None = None  # where the wording was taken from, when that is not the source itself

    @property
    def is_required(self) -> bool:
        return self.requirement.level is RequirementLevel.REQUIRED


# The dashboard's blocks, in the order a citizen needs them: what is not met first.
STATUS_BLOCKS = ((NOT_MET, "chua-dat", "Chưa đạt"), (MET, "dat", "Đạt"), (NOT_APPLICABLE, "khong-ap-dung", "Không áp dụng"))


@dataclass
class Tally:
    """The dashboard's numbers, counted once: requirements by level, and by status in STATUS_BLOCKS order
    (duties before targets inside each status)."""

    total: int
    required: int
    targets: int
    blocks: list[tuple[str, str, str, list[Result]]]  # (status, anchor, heading, results)


def tally(results: list[Result]) -> Tally:
    required = sum(r.is_required for r in results)
    blocks = [(status, anchor, heading, sorted((r for r in results if r.finding.status == status),
                                               key=lambda r: not r.is_required))
              for status, anchor, heading in STATUS_BLOCKS]
    return Tally(len(results), required, len(results) - required, blocks)


# --------------------------------------------------------------------------- parameters


def _percent(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", ".").rstrip("% ").strip())
    except InvalidOperation:
        raise ValueError(f'"{raw}" không phải là tỷ lệ phần trăm; cần một số, ví dụ 60') from None
    if not 0 <= value <= 100:
        raise ValueError(f'"{raw}" phải trong khoảng 0 đến 100')
    return value


def _levels(raw: Any) -> list[OnlineLevel]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        level = OnlineLevel.lookup(str(item))
        if level is None or level is OnlineLevel.NONE:
            raise ValueError(f'"{item}" không phải là mức độ dịch vụ công trực tuyến; cần "toàn trình" (mức độ 4) '
                             'hoặc "một phần" (mức độ 3)')
        out.append(level)
    return out


def _choice(*allowed: str):
    def parse(raw: Any) -> str:
        key = fold(str(raw))
        for a in allowed:
            if fold(a) == key:
                return a
        raise ValueError(f'"{raw}" không hợp lệ; cần một trong: ' + ", ".join(f'"{a}"' for a in allowed))
    return parse


def _days(raw: Any) -> int:
    if str(raw).isdigit():
        return int(raw)
    raise ValueError(f'"{raw}" không phải là số ngày')


@dataclass
class Check:
    name: str
    description: str
    params: dict[str, tuple[Callable[[Any], Any], Any]]  # name -> (parser, default; ... means required)
    run: Callable[["Site", dict, "Requirement"], Finding]


CHECKS: dict[str, Check] = {}


def check(name: str, description: str, **params):
    def register(fn):
        CHECKS[name] = Check(name, description, params, fn)
        return fn
    return register


def check_params(name: str, raw: dict) -> list[tuple[str, str]]:
    """Problems with a requirement's parameters, as (parameter, message)."""
    spec = CHECKS[name].params
    out = []
    for key in raw:
        if key not in spec:
            out.append((key, f'phép kiểm tra "{name}" không có tham số "{key}"; các tham số: '
                             + (", ".join(spec) or "không có")))
    for key, (parse, default) in spec.items():
        if key not in raw:
            if default is ...:
                out.append((key, f'phép kiểm tra "{name}" cần tham số "{key}"'))
            continue
        try:
            parse(raw[key])
        except ValueError as exc:
            out.append((key, str(exc)))
    return out


def parse_params(name: str, raw: dict) -> dict:
    spec = CHECKS[name].params
    return {key: parse(raw[key]) if key in raw else default for key, (parse, default) in spec.items()}


# --------------------------------------------------------------------------- helpers


def share(part: int, whole: int, words: str = "") -> str:
    """'7/12 thủ tục … có hồ sơ trực tuyến: 58,3 %': the count, what it counts, then the share."""
    counted = f"{part}/{whole} {words}".rstrip()
    return counted if whole == 0 else f"{counted}: {vtext.percent(part, whole)}"


def _at_least(part: int, whole: int, minimum: Decimal) -> bool:
    return whole > 0 and Fraction(part, whole) * 100 >= Fraction(str(minimum))


def _target(minimum: Decimal) -> str:
    return f"≥ {vtext.percent_value(minimum)}"


def _ratio_finding(part: int, whole: int, minimum: Decimal, what: str, words: str, evidence=(), missing=()) -> Finding:
    """`what`: the things counted, for "nothing to count"; `words`: what part/whole counts, after the numbers."""
    if whole == 0:
        return Finding(NOT_APPLICABLE, f"Không có {what} để tính tỷ lệ", _target(minimum), evidence=list(evidence))
    status = MET if _at_least(part, whole, minimum) else NOT_MET
    return Finding(status, share(part, whole, words), _target(minimum), list(missing), list(evidence))


def _page(site: "Site", kind: str) -> str | None:
    return site.pages.get(kind)


def _current(site: "Site", internal: bool = False):
    """Procedures in force, as the catalogue (or the internal list) counts them."""
    return current(site, internal)


def _levels_words(levels) -> str:
    """'trực tuyến một phần, toàn trình' for the levels a target names."""
    names = {OnlineLevel.PARTIAL: "một phần", OnlineLevel.FULL: "toàn trình"}
    return "trực tuyến " + ", ".join(names[lv] for lv in sorted(levels, key=lambda lv: lv is OnlineLevel.FULL))


def _year_rows(site: "Site"):
    """Statistics of the build date's year, per procedure: {code: [rows]}, and whether any row was per field."""
    per_procedure: dict[str, list] = {}
    by_field = False
    periods = []
    for stats in site.statistics:
        if stats.period.year != site.build_date.year or stats.period.end > site.build_date:
            continue
        periods.append(stats.period)
        for row in stats.rows:
            if row.procedure:
                per_procedure.setdefault(row.procedure, []).append(row)
            else:
                by_field = True
    return per_procedure, by_field, periods


def _period_words(periods) -> str:
    if not periods:
        return ""
    return f"{min(p.start for p in periods):%d/%m/%Y} – {max(p.end for p in periods):%d/%m/%Y}"


def _stats_evidence(site: "Site") -> list[tuple[str, str]]:
    page = _page(site, "statistics")
    return [("Thống kê kết quả giải quyết hồ sơ", page)] if page else []


def _need_stats(site: "Site", minimum: Decimal, what: str) -> tuple[dict, list, Finding | None]:
    rows, by_field, periods = _year_rows(site)
    if not periods:
        return rows, periods, Finding(NOT_APPLICABLE, f"Chưa có số liệu giải quyết hồ sơ năm {site.build_date.year}",
                                      _target(minimum))
    if by_field and not rows:
        return rows, periods, Finding(NOT_APPLICABLE, f"Số liệu chỉ có theo lĩnh vực, không tính được {what}",
                                      _target(minimum), evidence=_stats_evidence(site))
    return rows, periods, None


# --------------------------------------------------------------------------- duties


@check("procedure-components", "Mỗi thủ tục đang áp dụng công khai đủ các bộ phận (Điều 8 Nghị định 63/2010/NĐ-CP).")
def _components(site: "Site", params: dict, req) -> Finding:
    missing = []
    public, internal = _current(site), _current(site, True)
    procedures = public + internal
    if not procedures:  # nothing published is not "đạt"
        return Finding(NOT_APPLICABLE, "Cổng chưa có thủ tục hành chính nào đang áp dụng")
    for entry in procedures:
        p = entry.record
        gaps = []
        for part in p.missing:
            gaps.append(f"{part.label} (chưa có thông tin)")
        for case in p.dossier or []:
            for doc in case.documents:
                if doc.original + doc.copies == 0:
                    gaps.append(f"số lượng của giấy tờ \"{doc.name}\"")
        if any(c.time is None and p.processing_time is None for c in p.channels or []) and Part.PROCESSING_TIME not in p.missing:
            gaps.append("thời hạn giải quyết")
        if not p.results and Part.RESULTS not in p.missing:
            gaps.append("kết quả thực hiện")
        if not p.legal_basis and Part.LEGAL_BASIS not in p.missing:
            gaps.append("căn cứ pháp lý")
        if gaps:
            missing.append((f"{p.name} ({p.code}): thiếu " + "; ".join(gaps), entry.url))
    incomplete = {url for _, url in missing}
    done = [sum(e.url not in incomplete for e in group) for group in (public, internal)]
    summary = f"{done[0]}/{len(public)} thủ tục hành chính đang áp dụng"
    if internal:
        summary += f" và {done[1]}/{len(internal)} thủ tục nội bộ đang áp dụng"
    evidence = [("Danh mục thủ tục hành chính", _page(site, "catalogue"))] if _page(site, "catalogue") else []
    return Finding(MET if not missing else NOT_MET, summary + " công khai đủ các bộ phận",
                   missing=missing, evidence=evidence)


@check("fee-schedule", "Biểu phí, lệ phí được công khai với đủ các cột Điều 14 Luật Phí và lệ phí.")
def _fees(site: "Site", params: dict, req) -> Finding:
    page = _page(site, "fee-schedule")
    if not _current(site) and not _current(site, True):
        return Finding(NOT_APPLICABLE, "Cổng chưa có thủ tục hành chính nào đang áp dụng")
    missing = [] if page else [("Chưa có trang biểu phí, lệ phí (trang có \"congkhai: fee-schedule\")", None)]
    rows = [r for section in fee_schedule(site) for r in section.rows]
    for r in rows:
        if not r.legal:
            missing.append((f"{r.fee.name} ({r.procedure.record.code}): chưa ghi văn bản quy định", r.procedure.url))
    evidence = [("Biểu phí, lệ phí", page)] if page else []
    summary = f"{len(rows)} khoản phí, lệ phí đang áp dụng; {len(rows) - len([m for m in missing if m[1]])} ghi đủ các cột"
    return Finding(MET if not missing else NOT_MET, summary, missing=missing, evidence=evidence)


@check("procedure-officials", "Mỗi thủ tục có họ tên và số điện thoại người chịu trách nhiệm giải quyết.")
def _officials(site: "Site", params: dict, req) -> Finding:
    procedures = _current(site)
    if not procedures:
        return Finding(NOT_APPLICABLE, "Cổng chưa có thủ tục hành chính nào đang áp dụng")
    missing = [(f"{e.record.name} ({e.record.code})", e.url) for e in procedures if not e.record.officials]
    summary = (f"{len(procedures) - len(missing)}/{len(procedures)} thủ tục hành chính đang áp dụng có số điện thoại "
               "người chịu trách nhiệm")
    if missing:
        summary = f"{len(missing)} thủ tục hành chính đang áp dụng chưa có số điện thoại người chịu trách nhiệm"
    return Finding(MET if not missing else NOT_MET, summary, missing=missing,
                   evidence=[("Danh mục thủ tục hành chính", _page(site, "catalogue"))] if _page(site, "catalogue") else [])


@check("desk-contacts", "Bộ phận Một cửa công khai Trưởng, Phó Trưởng bộ phận và công chức tiếp nhận theo từng lĩnh vực.")
def _desk(site: "Site", params: dict, req) -> Finding:
    missing = []
    page = _page(site, "directory")
    if not page:
        missing.append(("Chưa có trang danh bạ cán bộ (trang có \"congkhai: directory\")", None))
    if not site.desk_officials(DeskRole.HEAD):
        missing.append(("Chưa công khai Trưởng Bộ phận Một cửa", page))
    fields_in_use = {e.record.field for e in _current(site)}
    covered = {f for o in site.desk_officials(DeskRole.STAFF) for f in o.fields}
    for field_id, fld in site.fields.items():
        if field_id in fields_in_use and field_id not in covered:
            missing.append((f"Lĩnh vực {fld.name}: chưa có công chức tiếp nhận tại Bộ phận Một cửa", page))
    n = len([f for f in site.fields if f in fields_in_use])
    summary = (f"{n - len([m for m in missing if m[0].startswith('Lĩnh vực')])}/{n} lĩnh vực có thủ tục hành chính "
               "đang áp dụng có công chức tiếp nhận tại Bộ phận Một cửa")
    return Finding(MET if not missing else NOT_MET, summary, missing=missing,
                   evidence=[("Cán bộ, Bộ phận Một cửa", page)] if page else [])


@check("feedback-channel", "Công khai địa chỉ, địa chỉ thư, số điện thoại chuyên dùng, thư điện tử tiếp nhận phản ánh, kiến nghị.")
def _feedback(site: "Site", params: dict, req) -> Finding:
    page = _page(site, "feedback")
    fb = site.department.feedback
    missing = [] if page else [("Chưa có trang phản ánh, kiến nghị (trang có \"congkhai: feedback\")", None)]
    return Finding(MET if not missing else NOT_MET,
                   f"Địa chỉ, địa chỉ thư, điện thoại {fb.phone}, thư điện tử {fb.email}", missing=missing,
                   evidence=[("Phản ánh, kiến nghị", page)] if page else [])


@check("results-published", "Công khai kết quả giải quyết hồ sơ của kỳ báo cáo gần nhất.",
       period=(_choice("quý", "tháng", "năm"), "quý"), within_days=(_days, 30))
def _results(site: "Site", params: dict, req) -> Finding:
    kind = {"quý": "quarter", "tháng": "month", "năm": "year"}[params["period"]]
    latest = _latest_period(site.build_date, kind, params["within_days"])
    have = {s.period for s in site.statistics}
    if latest is None:
        return Finding(NOT_APPLICABLE, "Chưa có kỳ báo cáo nào phải công khai")
    wanted = Period.model_validate({"kind": kind, "year": latest[0], "number": latest[1]})
    evidence = _stats_evidence(site)
    if wanted in have:
        return Finding(MET, f"Đã công khai số liệu {wanted}", evidence=evidence)
    return Finding(NOT_MET, f"Chưa công khai số liệu {wanted}", missing=[(f"Số liệu {wanted}", None)], evidence=evidence)


def _latest_period(on: dt.date, kind: str, within_days: int) -> tuple[int, int] | None:
    """The last period of `kind` that ended at least `within_days` before `on`."""
    cutoff = on - dt.timedelta(days=within_days)
    year, number = cutoff.year, {"quarter": (cutoff.month - 1) // 3 + 1, "month": cutoff.month, "year": 0}[kind]
    # step back one period: the period containing the cutoff has not ended yet
    if kind == "year":
        return (year - 1, 0)
    if kind == "quarter":
        return (year, number - 1) if number > 1 else (year - 1, 4)
    return (year, number - 1) if number > 1 else (year - 1, 12)


@check("apologies", "Gửi văn bản xin lỗi cho mỗi hồ sơ giải quyết quá hạn.")
def _apologies(site: "Site", params: dict, req) -> Finding:
    missing, late, sent = [], 0, 0
    periods = [s for s in site.statistics if s.period.year == site.build_date.year]
    for stats in periods:
        for row in stats.rows:
            late += row.late
            sent += min(row.apologies, row.late)
            if row.apologies < row.late:
                what = site.by_code[row.procedure].record.name if row.procedure else site.fields[row.field].name
                url = site.by_code[row.procedure].url if row.procedure else None
                missing.append((f"{stats.period} – {what}: {row.late} hồ sơ quá hạn, {row.apologies} văn bản xin lỗi", url))
    if not periods:
        return Finding(NOT_APPLICABLE, f"Chưa có số liệu năm {site.build_date.year}")
    if late == 0:
        return Finding(MET, "Không có hồ sơ giải quyết quá hạn", evidence=_stats_evidence(site))
    return Finding(MET if not missing else NOT_MET, f"{sent}/{late} hồ sơ quá hạn có văn bản xin lỗi", missing=missing,
                   evidence=_stats_evidence(site))


@check("internal-published", "Thống kê, công bố, công khai thủ tục hành chính nội bộ.")
def _internal(site: "Site", params: dict, req) -> Finding:
    page = _page(site, "internal")
    internal = _current(site, True)
    missing = []
    if not internal:
        missing.append(("Chưa có thủ tục hành chính nội bộ nào (thủ tục có \"internal: có\")", None))
    if not page:
        missing.append(("Chưa có trang danh mục thủ tục nội bộ (trang có \"congkhai: internal\")", None))
    gone = procedure_counts(site).internal_retired
    summary = f"{len(internal)} thủ tục hành chính nội bộ đang áp dụng được công khai"
    summary += f" (cùng {gone} thủ tục nội bộ không còn áp dụng)" if gone else ""
    return Finding(MET if not missing else NOT_MET, summary,
                   missing=missing, evidence=[("Thủ tục hành chính nội bộ", page)] if page else [])


@check("announcements-published", "Mỗi thủ tục (kể cả thủ tục đã bãi bỏ, bị thay thế) ghi quyết định công bố; trang "
       "Thay đổi gần đây liệt kê thủ tục công bố mới, sửa đổi, thay thế, bãi bỏ.")
def _announcements(site: "Site", params: dict, req) -> Finding:
    page = _page(site, "changes")
    missing = [] if page else [("Chưa có trang Thay đổi gần đây (trang có \"congkhai: changes\")", None)]
    missing += [(f"{e.record.name} ({e.record.code}): chưa ghi quyết định công bố", e.url)
                for e in site.procedures if not e.record.announcement]
    done = len(site.procedures) - len([m for m in missing if m[1]])
    return Finding(MET if not missing else NOT_MET,
                   f"{done}/{len(site.procedures)} thủ tục ghi quyết định công bố", missing=missing,
                   evidence=[("Thay đổi gần đây", page)] if page else [])


@check("leaders-published", "Công khai nhiệm vụ, tiểu sử tóm tắt, điện thoại của lãnh đạo cơ quan.")
def _leaders(site: "Site", params: dict, req) -> Finding:
    page = _page(site, "leaders")
    leaders = site.department.leaders
    missing = [] if page else [("Chưa có trang lãnh đạo (trang có \"congkhai: leaders\")", None)]
    if not leaders:
        missing.append(("data/department.yml chưa ghi lãnh đạo (leaders)", page))
    missing += [(f"{l.title} {l.name}: chưa có tiểu sử tóm tắt", page) for l in leaders if not l.biography]
    return Finding(MET if not missing else NOT_MET, f"{len(leaders)} lãnh đạo được giới thiệu, "
                   f"{len([l for l in leaders if l.biography])} có tiểu sử tóm tắt", missing=missing,
                   evidence=[("Giới thiệu Sở, lãnh đạo Sở", page)] if page else [])


@check("partial-online-reasons", "Mỗi dịch vụ công trực tuyến một phần công khai lý do chưa cung cấp toàn trình và căn cứ "
       "pháp lý.")
def _partial(site: "Site", params: dict, req) -> Finding:
    partial = [e for e in _current(site) if e.record.online_level is OnlineLevel.PARTIAL]
    if not partial:
        return Finding(NOT_APPLICABLE, "Không có thủ tục nào đang áp dụng cung cấp dịch vụ trực tuyến một phần")
    missing = [(f"{e.record.name} ({e.record.code}): chưa ghi "
                + " và ".join(w for w, v in (("lý do", e.record.partial_reason), ("căn cứ pháp lý", e.record.partial_basis))
                              if not v), e.url)
               for e in partial if not (e.record.partial_reason and e.record.partial_basis)]
    return Finding(MET if not missing else NOT_MET,
                   share(len(partial) - len(missing), len(partial), "thủ tục trực tuyến một phần ghi lý do và căn cứ"),
                   missing=missing, evidence=[(f"{e.record.name}", e.url + "#cach-thuc") for e in partial[:3]])


@check("satisfaction-rating", "Người xem đánh giá được mức độ hài lòng với thông tin trên cổng, không cần ghi danh.")
def _rating(site: "Site", params: dict, req) -> Finding:
    url = site.department.rating_url
    if not url:
        return Finding(NOT_MET, "Chưa có nơi nhận đánh giá", missing=[(
            "data/department.yml chưa ghi rating_url (địa chỉ dịch vụ ghi nhận đánh giá của Sở)", None)])
    first = next(iter(_current(site)), None)
    return Finding(MET, f"Mỗi trang thủ tục hỏi \"Thông tin này có hữu ích không?\"; câu trả lời gửi về {url}",
                   evidence=[(first.record.name, first.url + "#danh-gia-h")] if first else [])


@check("open-data", "Thông tin trên cổng có ở dạng dữ liệu máy đọc được (JSON, CSV, lược đồ, danh mục dữ liệu) để tìm "
       "kiếm, trao đổi.")
def _open_data(site: "Site", params: dict, req) -> Finding:
    page = _page(site, "open-data")
    if not page:
        return Finding(NOT_MET, "Chưa có trang Dữ liệu mở", missing=[
            ("Chưa có trang Dữ liệu mở (trang có \"congkhai: open-data\")", None)])
    return Finding(MET, f"{len(site.procedures)} thủ tục, phí, lệ phí, cán bộ, kế hoạch và kết quả công khai có ở dạng "
                   "JSON, CSV, kèm lược đồ và danh mục data.json", evidence=[("Dữ liệu mở", page)])


# --------------------------------------------------------------------------- targets


def _scope(site: "Site", scope: str):
    """Procedures a simplification target counts: internal ones, or all, abolished ones included."""
    return [p for p in site.procedures if scope == "tất cả" or p.record.internal]


def _scope_words(scope: str) -> str:
    return "thủ tục nội bộ" if scope == "nội bộ" else "thủ tục"


def _scope_note(procedures) -> str | None:
    """What a simplification target's whole counts: abolished procedures too, as they were reviewed."""
    gone = sum(not p.record.is_current for p in procedures)
    if not gone:
        return None
    return f"Tính trên {len(procedures)} thủ tục: {len(procedures) - gone} đang áp dụng, {gone} không còn áp dụng"


def _reviewed_by(entry, site: "Site", req) -> bool:
    """Reviewed on or before the requirement's due date (or the build date when it has none)."""
    s = entry.record.simplification
    return s is not None and s.reviewed_on <= (req.due or site.build_date)


_SCOPE = (_choice("nội bộ", "tất cả"), "nội bộ")


@check("simplification-reviewed", "Tỷ lệ thủ tục đã được rà soát, đánh giá.", min=(_percent, ...), scope=_SCOPE)
def _reviewed(site: "Site", params: dict, req) -> Finding:
    scope = _scope(site, params["scope"])
    done = [p for p in scope if _reviewed_by(p, site, req)]
    when = f" đến {vtext.date(req.due)}" if req.due else ""
    missing = [(f"{p.record.name} ({p.record.code}): chưa rà soát{when}", p.url) for p in scope if p not in done]
    finding = _ratio_finding(len(done), len(scope), params["min"], "thủ tục",
                             f"{_scope_words(params['scope'])} đã được rà soát{when}", _internal_evidence(site), missing)
    finding.note = _scope_note(scope) if scope else None
    return finding


@check("simplification-cut", "Tỷ lệ thủ tục được cắt giảm (bãi bỏ) sau rà soát.", min=(_percent, ...), scope=_SCOPE)
def _cut(site: "Site", params: dict, req) -> Finding:
    scope = _scope(site, params["scope"])
    cut = [p for p in scope if _reviewed_by(p, site, req) and p.record.simplification.outcome is Outcome.ABOLISHED]
    finding = _ratio_finding(len(cut), len(scope), params["min"], "thủ tục",
                             f"{_scope_words(params['scope'])} được bãi bỏ sau rà soát", _internal_evidence(site))
    finding.note = _scope_note(scope) if scope else None
    return finding


@check("compliance-cost-cut", "Tỷ lệ chi phí tuân thủ được cắt giảm.", min=(_percent, ...), scope=_SCOPE)
def _cost(site: "Site", params: dict, req) -> Finding:
    scope = [p for p in _scope(site, params["scope"]) if _reviewed_by(p, site, req)
             and p.record.simplification.cost_before is not None]
    before = sum(p.record.simplification.cost_before for p in scope)
    after = sum(p.record.simplification.cost_after for p in scope)
    if before == 0:
        return Finding(NOT_APPLICABLE, "Chưa có số liệu chi phí tuân thủ", _target(params["min"]))
    cut = before - after
    status = MET if Fraction(cut, before) * 100 >= Fraction(str(params["min"])) else NOT_MET
    return Finding(status, f"{vtext.money(before)} → {vtext.money(after)} mỗi năm, giảm "
                           f"{vtext.percent(cut, before)} ({len(scope)} {_scope_words(params['scope'])} có số liệu)",
                   _target(params["min"]), evidence=_internal_evidence(site))


def _internal_evidence(site: "Site") -> list[tuple[str, str]]:
    page = _page(site, "internal")
    return [("Thủ tục hành chính nội bộ", page)] if page else []


_LEVELS = (_levels, [OnlineLevel.PARTIAL, OnlineLevel.FULL])


@check("online-procedures-share", "Tỷ lệ thủ tục có dịch vụ công trực tuyến phát sinh hồ sơ trực tuyến trong năm.",
       min=(_percent, ...), levels=_LEVELS)
def _online_procedures(site: "Site", params: dict, req) -> Finding:
    rows, periods, early = _need_stats(site, params["min"], "tỷ lệ thủ tục")
    if early:
        return early
    scope = [p for p in _current(site) if p.record.online_level in params["levels"]]
    used = [p for p in scope if sum(r.online for r in rows.get(p.record.code, [])) > 0]
    missing = [(f"{p.record.name} ({p.record.code}): chưa có hồ sơ trực tuyến", p.url) for p in scope if p not in used]
    finding = _ratio_finding(len(used), len(scope), params["min"], "thủ tục trực tuyến",
                             f"thủ tục {_levels_words(params['levels'])} đang áp dụng có hồ sơ nộp trực tuyến",
                             _stats_evidence(site), missing)
    finding.note = f"Số liệu {_period_words(periods)}"
    return finding


@check("online-dossiers-share", "Tỷ lệ hồ sơ được tiếp nhận, xử lý trực tuyến.",
       min=(_percent, ...), levels=_LEVELS, of=(_choice("thủ tục cùng mức", "tất cả"), "thủ tục cùng mức"))
def _online_dossiers(site: "Site", params: dict, req) -> Finding:
    rows, periods, early = _need_stats(site, params["min"], "tỷ lệ hồ sơ trực tuyến theo mức độ")
    if early:
        return early
    levels = params["levels"]
    online = received = 0
    for p in site.procedures:
        figures = rows.get(p.record.code, [])
        if p.record.online_level in levels:
            online += sum(r.online for r in figures)
        if params["of"] == "tất cả" or p.record.online_level in levels:
            received += sum(r.received for r in figures)
    kind = _levels_words(levels)
    words = (f"hồ sơ tiếp nhận (mọi thủ tục) được nộp {kind}" if params["of"] == "tất cả"
             else f"hồ sơ của thủ tục {kind} được nộp trực tuyến")
    finding = _ratio_finding(online, received, params["min"], "hồ sơ", words, _stats_evidence(site))
    finding.note = f"Số liệu {_period_words(periods)}"
    return finding


@check("postal-procedures-share", "Tỷ lệ thủ tục có hồ sơ tiếp nhận hoặc trả kết quả qua dịch vụ bưu chính công ích.",
       min=(_percent, ...))
def _postal_procedures(site: "Site", params: dict, req) -> Finding:
    rows, periods, early = _need_stats(site, params["min"], "tỷ lệ thủ tục")
    if early:
        return early
    scope = [p for p in _current(site) if any(c.channel is Channel.POSTAL for c in p.record.channels or [])]
    used = [p for p in scope if sum(r.postal_received + r.postal_returned for r in rows.get(p.record.code, [])) > 0]
    missing = [(f"{p.record.name} ({p.record.code}): chưa có hồ sơ qua bưu chính", p.url) for p in scope if p not in used]
    finding = _ratio_finding(len(used), len(scope), params["min"], "thủ tục nhận hồ sơ qua bưu chính",
                             "thủ tục nhận hồ sơ qua bưu chính đã có hồ sơ nhận hoặc trả kết quả qua bưu chính",
                             _stats_evidence(site), missing)
    finding.note = f"Số liệu {_period_words(periods)}"
    return finding


@check("postal-received-share", "Tỷ lệ hồ sơ được tiếp nhận qua dịch vụ bưu chính công ích.", min=(_percent, ...))
def _postal_received(site: "Site", params: dict, req) -> Finding:
    return _dossier_ratio(site, params, lambda r: r.postal_received, lambda r: r.received, "hồ sơ tiếp nhận",
                          "hồ sơ tiếp nhận qua bưu chính công ích")


@check("postal-returned-share", "Tỷ lệ kết quả được trả qua dịch vụ bưu chính công ích.", min=(_percent, ...))
def _postal_returned(site: "Site", params: dict, req) -> Finding:
    return _dossier_ratio(site, params, lambda r: r.postal_returned, lambda r: r.resolved, "kết quả đã giải quyết",
                          "hồ sơ đã giải quyết được trả kết quả qua bưu chính công ích")


@check("on-time-share", "Tỷ lệ hồ sơ được giải quyết đúng hạn.", min=(_percent, ...))
def _on_time(site: "Site", params: dict, req) -> Finding:
    return _dossier_ratio(site, params, lambda r: r.on_time, lambda r: r.resolved, "hồ sơ đã giải quyết",
                          "hồ sơ đã giải quyết đúng hạn")


def _dossier_ratio(site: "Site", params: dict, part, whole, what: str, words: str) -> Finding:
    periods = [s for s in site.statistics if s.period.year == site.build_date.year and s.period.end <= site.build_date]
    if not periods:
        return Finding(NOT_APPLICABLE, f"Chưa có số liệu giải quyết hồ sơ năm {site.build_date.year}",
                       _target(params["min"]))
    rows = [r for s in periods for r in s.rows]
    finding = _ratio_finding(sum(part(r) for r in rows), sum(whole(r) for r in rows), params["min"], what, words,
                             _stats_evidence(site))
    finding.note = f"Số liệu {_period_words([s.period for s in periods])}"
    return finding


# --------------------------------------------------------------------------- evaluation


def source_of(site: "Site", req) -> tuple[str, str | None, bool]:
    """(label, page, in force) of a requirement's source document."""
    ref = req.source.ref
    if ref in site.legal:
        doc = site.legal[ref]
        return f"{doc.kind} {doc.number}, {req.source.clause}", None, doc.in_force
    for plan in site.plans:
        if plan.record.number == ref:
            in_force = plan_years(plan)[1] >= site.build_date.year
            return f"{plan.record.kind} {plan.record.number}, {req.source.clause}", plan.url, in_force
    return f"{ref}, {req.source.clause}", None, False


def origin_of(req) -> str | None:
    """The requirement's origin in words: a sample taken from another body's document is named as such,
    so that it is not read as this department's own text."""
    if not req.origin:
        return None
    if req.origin_sample:
        return f"Lời văn lấy từ {req.origin} (văn bản mẫu của cơ quan khác, không phải văn bản của Sở)"
    return f"Xuất xứ: {req.origin}"


def parameter_checks() -> dict[str, Callable[[dict], list[tuple[str, str]]]]:
    """Each check's name with the function that finds problems in its parameters: what the content
    stage needs to check data/requirements.yml (congkhai.content.site.load_site(checks=...))."""
    return {name: (lambda raw, name=name: check_params(name, raw)) for name in CHECKS}


def compliance(site: "Site") -> list[Result]:
    """The requirement register evaluated, once per build (kept in site.cache): the build policy and
    the dashboard read the same results."""
    if "compliance" not in site.cache:
        site.cache["compliance"] = evaluate(site)
    return site.cache["compliance"]


def evaluate(site: "Site") -> list[Result]:
    results = []
    for req in site.requirements:
        label, url, in_force = source_of(site, req)
        if not in_force:
            finding = Finding(NOT_APPLICABLE, "Văn bản nguồn không còn hiệu lực")
        elif req.due and site.build_date < req.due:
            finding = Finding(NOT_APPLICABLE, f"Chưa đến thời hạn {vtext.date(req.due)}")
        else:
            spec = CHECKS[req.check]
            finding = spec.run(site, parse_params(req.check, req.params), req)
        for target in req.evidence:
            href, text = evidence_target(site, target)
            if (text, href) not in finding.evidence:
                finding.evidence.append((text, href))
        results.append(Result(req, finding, label, url, in_force, origin_of(req)))
    return results
