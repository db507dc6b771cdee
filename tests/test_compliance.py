"""The requirement register, dossier statistics and the "Công khai, minh bạch" dashboard.

Each check is run on a fixture site that meets it and on one that does not, with the exact numbers
and the exact list of what is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from congkhai.derive.compliance import evaluate
from congkhai.common.problems import ContentError
from congkhai import load_site
from helpers import FIXTURES, REPO, copy_fixture, edit, mkdocs_build, site_config

DATE = dt.date(2026, 11, 21)
P = "procedures/atbx/chung-chi.md"
K = "procedures/atbx/khai-bao.md"
STATS = "data/statistics/2026-quy-3.yml"
ONLINE_PROCEDURES = "{} thủ tục trực tuyến một phần, toàn trình đang áp dụng có hồ sơ nộp trực tuyến: {}\u00a0%"


@pytest.fixture
def root(tmp_path) -> Path:
    root = copy_fixture("minimal", tmp_path / "site-src")
    shutil.copytree(FIXTURES / "compliance", root, dirs_exist_ok=True)
    (root / "README.md").unlink()
    shutil.copytree(REPO / "docs", root / "docs")
    return root


def findings(root: Path, date: dt.date = DATE) -> dict:
    return {r.requirement.id: r.finding for r in evaluate(load_site(root, date))}


def test_fixture_meets_every_duty(root):
    got = findings(root)
    assert {k: f.status for k, f in got.items()} == {
        "thanh-phan": "đạt", "bieu-phi": "đạt", "dien-thoai": "đạt", "mot-cua": "đạt", "phan-anh": "đạt",
        "ket-qua": "đạt", "xin-loi": "đạt", "noi-bo": "đạt", "ra-soat": "đạt", "chi-phi": "đạt",
        "truc-tuyen": "chưa đạt", "buu-chinh": "chưa đạt", "ho-so-toan-trinh": "đạt", "ho-so-mot-phan": "chưa đạt",
        "toan-trinh-tren-tong-so": "đạt", "thu-tuc-buu-chinh": "đạt", "nhan-buu-chinh": "chưa đạt", "dung-han": "đạt",
        "cat-giam": "chưa đạt"}
    # every figure says what it counts; percentages have a no-break space before "%"
    assert got["chi-phi"].summary == ("10.000.000 đồng → 7.500.000 đồng mỗi năm, giảm 25,0\u00a0% "
                                      "(1 thủ tục nội bộ có số liệu)")
    assert got["buu-chinh"].summary == "1/13 hồ sơ đã giải quyết được trả kết quả qua bưu chính công ích: 7,7\u00a0%"
    assert got["buu-chinh"].target == "≥ 15\u00a0%"


@pytest.mark.parametrize("requirement,summary", [
    # online dossiers of toàn trình procedures / their dossiers
    ("ho-so-toan-trinh", "6/10 hồ sơ của thủ tục trực tuyến toàn trình được nộp trực tuyến: 60,0\u00a0%"),
    ("ho-so-mot-phan", "0/4 hồ sơ của thủ tục trực tuyến một phần được nộp trực tuyến: 0,0\u00a0%"),
    # … over every dossier received
    ("toan-trinh-tren-tong-so", "6/14 hồ sơ tiếp nhận (mọi thủ tục) được nộp trực tuyến toàn trình: 42,9\u00a0%"),
    # only one procedure takes dossiers by post
    ("thu-tuc-buu-chinh", "1/1 thủ tục nhận hồ sơ qua bưu chính đã có hồ sơ nhận hoặc trả kết quả qua bưu chính: "
                          "100,0\u00a0%"),
    ("nhan-buu-chinh", "1/14 hồ sơ tiếp nhận qua bưu chính công ích: 7,1\u00a0%"),
    ("dung-han", "12/13 hồ sơ đã giải quyết đúng hạn: 92,3\u00a0%"),
    ("cat-giam", "0/1 thủ tục nội bộ được bãi bỏ sau rà soát: 0,0\u00a0%"),
])
def test_target_numbers(root, requirement, summary):
    assert findings(root)[requirement].summary.startswith(summary)


def _online_procedures(root: Path, count: int, with_dossiers: int) -> None:
    """Add `count` more online procedures, `with_dossiers` of which received online dossiers in Q3/2026."""
    template = (root / P).read_text(encoding="utf-8")
    rows = []
    for n in range(count):
        code = f"1.9{n:05d}"
        text = template.replace('code: "1.000173"', f'code: "{code}"').replace(
            "name: Cấp chứng chỉ nhân viên bức xạ", f"name: Thủ tục trực tuyến số {n + 1:02d}")
        (root / f"procedures/atbx/truc-tuyen-{n + 1:02d}.md").write_text(text, encoding="utf-8")
        if n < with_dossiers:
            rows.append(f'  - procedure: "{code}"\n    received: 2\n    on_time: 2\n    online: 1\n')
    with open(root / STATS, "a", encoding="utf-8") as fh:
        fh.write("".join(rows))


def test_online_share_seven_of_twelve_is_not_met(root):
    # the fixture has 2 online procedures (1 with online dossiers); 10 more, 6 of them used: 7/12
    _online_procedures(root, 10, 6)
    f = findings(root)["truc-tuyen"]
    assert (f.status, f.summary, f.target) == ("chưa đạt", ONLINE_PROCEDURES.format("7/12", "58,3"), "≥ 60\u00a0%")
    assert [what for what, _ in f.missing] == [
        "Khai báo thiết bị X-quang (2.002385): chưa có hồ sơ trực tuyến"] + [
        f"Thủ tục trực tuyến số {n:02d} (1.9{n - 1:05d}): chưa có hồ sơ trực tuyến" for n in range(7, 11)]


def test_online_share_eight_of_twelve_is_met(root):
    _online_procedures(root, 10, 7)
    f = findings(root)["truc-tuyen"]
    assert (f.status, f.summary) == ("đạt", ONLINE_PROCEDURES.format("8/12", "66,7"))


def test_postal_share_counts_results_returned_by_post(root):
    edit(root / STATS, "    on_time: 8\n", "    on_time: 8\n    postal_returned: 1\n")
    f = findings(root)["buu-chinh"]
    assert (f.status, f.summary, f.note) == (
        "đạt", "2/13 hồ sơ đã giải quyết được trả kết quả qua bưu chính công ích: 15,4\u00a0%",
        "Số liệu 01/07/2026 – 30/09/2026")


def test_each_duty_not_met_names_what_is_missing(root):
    edit(root / K, "      - name: Tờ khai\n", "      - name: Tờ khai\n        original: 0\n")
    edit(root / P, "    legal_basis: 287/2016/TT-BTC\n", "    legal_basis: []\n")
    edit(root / K, "officials: [can-bo-atbx]\n", "")
    edit(root / "data/officials.yml", "  desk_role: công chức tiếp nhận\n", "")
    (root / "docs/phan-anh-kien-nghi.md").unlink()
    edit(root / STATS, "    apologies: 1\n", "")
    (root / "procedures/noi-bo/giao-nhiem-vu.md").unlink()
    got = findings(root)
    assert {k: f.status for k, f in got.items() if f.status != "đạt"} == {
        "thanh-phan": "chưa đạt", "bieu-phi": "chưa đạt", "dien-thoai": "chưa đạt", "mot-cua": "chưa đạt",
        "phan-anh": "chưa đạt", "xin-loi": "chưa đạt", "noi-bo": "chưa đạt", "ra-soat": "không áp dụng",
        "chi-phi": "không áp dụng", "truc-tuyen": "chưa đạt", "buu-chinh": "chưa đạt", "ho-so-mot-phan": "chưa đạt",
        "nhan-buu-chinh": "chưa đạt", "cat-giam": "không áp dụng"}
    assert got["thanh-phan"].missing == [('Khai báo thiết bị X-quang (2.002385): thiếu số lượng của giấy tờ "Tờ khai"',
                                          "thu-tuc/khai-bao/")]
    assert got["bieu-phi"].missing == [("Lệ phí cấp chứng chỉ (1.000173): chưa ghi văn bản quy định", "thu-tuc/chung-chi/")]
    assert got["dien-thoai"].summary == "1 thủ tục hành chính đang áp dụng chưa có số điện thoại người chịu trách nhiệm"
    assert got["dien-thoai"].missing == [("Khai báo thiết bị X-quang (2.002385)", "thu-tuc/khai-bao/")]
    assert got["mot-cua"].missing == [
        ("Lĩnh vực An toàn bức xạ và hạt nhân: chưa có công chức tiếp nhận tại Bộ phận Một cửa", "can-bo/")]
    assert got["phan-anh"].missing == [('Chưa có trang phản ánh, kiến nghị (trang có "congkhai: feedback")', None)]
    assert got["xin-loi"].summary == "0/1 hồ sơ quá hạn có văn bản xin lỗi"
    assert got["xin-loi"].missing == [
        ("Quý 3/2026 – Cấp chứng chỉ nhân viên bức xạ: 1 hồ sơ quá hạn, 0 văn bản xin lỗi", "thu-tuc/chung-chi/")]
    assert [w for w, _ in got["noi-bo"].missing] == ['Chưa có thủ tục hành chính nội bộ nào (thủ tục có "internal: có")']


def test_results_of_the_latest_quarter_must_be_published(root):
    assert findings(root, dt.date(2026, 11, 21))["ket-qua"].status == "đạt"
    edit(root / STATS, "period: Quý 3/2026", "period: Quý 2/2026")
    f = findings(root)["ket-qua"]  # on 21/11/2026, Q3 ended more than 30 days ago
    assert (f.status, f.summary, f.missing) == ("chưa đạt", "Chưa công khai số liệu Quý 3/2026",
                                                [("Số liệu Quý 3/2026", None)])
    assert findings(root, dt.date(2026, 10, 20))["ket-qua"].status == "đạt"  # Q3 had ended only 20 days before


def test_simplification_targets_count_reviews_and_costs(root):
    edit(root / "procedures/noi-bo/giao-nhiem-vu.md", "  cost_after: 7.500.000", "  cost_after: 8.500.000")
    got = findings(root)
    assert (got["chi-phi"].status, got["chi-phi"].summary) == (
        "chưa đạt", "10.000.000 đồng → 8.500.000 đồng mỗi năm, giảm 15,0\u00a0% (1 thủ tục nội bộ có số liệu)")
    second = (root / "procedures/noi-bo/giao-nhiem-vu.md").read_text(encoding="utf-8")
    second = second.replace('"6.900101"', '"6.900102"').replace("simplification:\n  reviewed_on: 10/10/2024\n"
                                                                "  outcome: đơn giản hóa\n  cost_before: 10.000.000\n"
                                                                "  cost_after: 8.500.000\n", "")
    (root / "procedures/noi-bo/chua-ra-soat.md").write_text(second, encoding="utf-8")
    got = findings(root)
    assert (got["ra-soat"].status, got["ra-soat"].summary) == (
        "chưa đạt", "1/2 thủ tục nội bộ đã được rà soát đến 01/01/2025: 50,0\u00a0%")
    assert [w for w, _ in got["ra-soat"].missing] == ["Giao nhiệm vụ thử nghiệm (6.900102): chưa rà soát đến 01/01/2025"]


def test_requirements_not_due_or_from_texts_no_longer_in_force_do_not_apply(root):
    before = findings(root, dt.date(2024, 12, 31))["ra-soat"]
    assert (before.status, before.summary) == ("không áp dụng", "Chưa đến thời hạn 01/01/2025")
    edit(root / "data/legal.yml", "  issuer: Quốc hội\n", "  issuer: Quốc hội\n  in_force: không\n")
    gone = findings(root)["thanh-phan"]
    assert (gone.status, gone.summary) == ("không áp dụng", "Văn bản nguồn không còn hiệu lực")


def test_every_requirement_must_cite_a_source(root):
    edit(root / "data/requirements.yml", "  source: {ref: 18/2008/QH12, clause: Điều 1}\n", "")
    edit(root / "data/requirements.yml", "{ref: 18/2008/QH12, clause: Điều 2}", "{ref: 99/2099/QH99, clause: Điều 2}")
    with pytest.raises(ContentError) as exc:
        load_site(root, DATE)
    assert [str(p) for p in exc.value.problems] == [
        'data/requirements.yml:1: mục "[0].source" (Nguồn): thiếu mục bắt buộc này',
        'data/requirements.yml:9: mục "[1].source.ref" (Văn bản): không có văn bản "99/2099/QH99" trong data/legal.yml, '
        'cũng không có kế hoạch số "99/2099/QH99" trong plans/; mỗi yêu cầu phải dẫn một văn bản có trên cổng',
    ]


def test_register_checks_and_parameters_are_validated(root):
    edit(root / "data/requirements.yml", "  check: apologies", "  check: apology")
    edit(root / "data/requirements.yml", "  params: {min: 100}", "  params: {min: nhiều, max: 5}")
    with pytest.raises(ContentError) as exc:
        load_site(root, DATE)
    assert [str(p) for p in exc.value.problems] == [
        'data/requirements.yml:42: mục "[6].check" (Cách kiểm tra): không có phép kiểm tra "apology"; có phải ý bạn là '
        '"apologies"?',
        'data/requirements.yml:55: mục "[8].params.max" (Tham số kiểm tra): phép kiểm tra "simplification-reviewed" không '
        'có tham số "max"; các tham số: min, scope',
        'data/requirements.yml:55: mục "[8].params.min" (Tham số kiểm tra): "nhiều" không phải là tỷ lệ phần trăm; cần '
        'một số, ví dụ 60',
    ]


def test_statistics_are_validated(root):
    edit(root / STATS, "    on_time: 8\n", "    on_time: 9\n")
    edit(root / STATS, 'procedure: "2.002385"', 'procedure: "2.999999"')
    with pytest.raises(ContentError) as exc:
        load_site(root, DATE)
    assert [str(p) for p in exc.value.problems] == [
        'data/statistics/2026-quy-3.yml:4: mục "rows[0]" (Số liệu): số liệu không khớp: đúng hạn + quá hạn + đang giải '
        'quyết = 11, nhưng tiếp nhận + kỳ trước chuyển sang = 10',
        'data/statistics/2026-quy-3.yml:11: mục "rows[1].procedure" (Mã thủ tục): không có thủ tục mã "2.999999" trong '
        'procedures/',
    ]


def test_dashboard_and_strict_build_policy(root, tmp_path):
    config = site_config(root)
    site_dir = tmp_path / "site"
    ok = mkdocs_build(config, site_dir)
    assert ok.returncode == 0, ok.stderr  # unmet targets are only noted
    page = BeautifulSoup((site_dir / "cong-khai" / "index.html").read_text(encoding="utf-8"), "html.parser")
    online = page.select_one("#yc-truc-tuyen")
    assert online["data-status"] == "chưa đạt"
    assert " ".join(online.select_one(".ck-req-summary").get_text(" ").split()) == (
        ONLINE_PROCEDURES.format("1/2", "50,0").replace("\u00a0", " ") + " (yêu cầu ≥ 60 %) Số liệu 01/07/2026 – 30/09/2026")
    assert [" ".join(li.get_text(" ").split()) for li in online.select(".ck-missing li")] == [
        "Khai báo thiết bị X-quang (2.002385): chưa có hồ sơ trực tuyến"]
    assert "Kế hoạch 5/KH-SKHCN, nhiệm vụ 3" in online.get_text()
    assert page.select_one("#yc-dien-thoai")["data-status"] == "đạt"
    assert "Tính đến ngày 21/11/2026" in page.get_text()
    proc = BeautifulSoup((site_dir / "thu-tuc" / "giao-nhiem-vu" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert " ".join(proc.select_one(".ck-compliance-cost").get_text(" ").split()) == (
        "10.000.000 đồng/năm trước rà soát → 7.500.000 đồng/năm sau: giảm 25,0 %")
    internal = BeautifulSoup((site_dir / "thu-tuc" / "noi-bo" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [r["data-code"] for r in internal.select("table.ck-internal-list tr[data-code]")] == ["6.900101"]
    catalogue = BeautifulSoup((site_dir / "thu-tuc" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert catalogue.select_one(".ck-total").get_text() == "2"  # internal procedures have their own list
    stats = BeautifulSoup((site_dir / "thong-ke" / "index.html").read_text(encoding="utf-8"), "html.parser")
    row = stats.select_one('table.ck-period[data-period="2026-quy-3"] tfoot tr')
    assert [" ".join(td.get_text().split()) for td in row.find_all("td")] == [
        "0", "14", "12", "1", "1", "92,3 %", "1", "6", "1 / 1"]
    assert stats.select_one("figure.ck-chart svg title").get_text() == "Hồ sơ tiếp nhận theo kỳ và theo hình thức nộp"

    edit(root / K, "officials: [can-bo-atbx]\n", "")
    failed = mkdocs_build(config, tmp_path / "site2")
    assert failed.returncode != 0
    assert 'chưa đạt yêu cầu bắt buộc "dien-thoai" (Kế hoạch 5/KH-SKHCN, nhiệm vụ 1)' in failed.stderr
    assert "Khai báo thiết bị X-quang (2.002385)" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_a_review_after_the_due_date_does_not_count_for_it(root):
    edit(root / "procedures/noi-bo/giao-nhiem-vu.md", "reviewed_on: 10/10/2024", "reviewed_on: 10/03/2025")
    f = findings(root)["ra-soat"]  # due 01/01/2025
    assert (f.status, f.summary) == ("chưa đạt", "0/1 thủ tục nội bộ đã được rà soát đến 01/01/2025: 0,0\u00a0%")


def test_a_portal_with_no_procedure_is_not_said_to_publish_them_all(root):
    """0/0 is not "đạt": a fresh portal (congkhai new-portal) has published nothing yet."""
    for path in (root / "procedures").rglob("*.md"):
        path.unlink()
    for path in (root / "data" / "statistics").glob("*.yml"):
        path.unlink()
    plan = root / "plans" / "ke-hoach-thu.md"  # its evidence names a procedure
    plan.write_text(plan.read_text(encoding="utf-8").replace('    evidence: [thu-tuc/khai-bao/, "1.000173"]\n', ""),
                    encoding="utf-8")
    got = findings(root)
    for duty in ("thanh-phan", "bieu-phi", "dien-thoai"):
        assert got[duty].status == "không áp dụng", (duty, got[duty])
        assert got[duty].summary == "Cổng chưa có thủ tục hành chính nào đang áp dụng"
