"""The plan importer on the layouts and words that broke it (issue 13), each with its exact expected import.

Small plan texts written for these tests; the whole-document corpus is in tests/fixtures/plan_texts/."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from congkhai.cli import main
from congkhai.content.model import Plan
from congkhai.content.source import parse_yaml
from congkhai.importers.plans import import_plan

HEAD = """UBND TỈNH LẠC HỒNG
SỞ KHOA HỌC VÀ CÔNG NGHỆ

Số: 12/KH-SKHCN

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Lạc Hồng, ngày 05 tháng 01 năm 2026

KẾ HOẠCH

Cải cách hành chính năm 2026

"""
SIGN = """
Nơi nhận:
- UBND tỉnh (b/c);
- Lưu: VT, VP.

GIÁM ĐỐC

Trần Văn Bình
"""
UNITS = [SimpleNamespace(id="van-phong", name="Văn phòng Sở"),
         SimpleNamespace(id="phong-quan-ly-khoa-hoc", name="Phòng Quản lý khoa học"),
         SimpleNamespace(id="phong-bcvt", name="Phòng Bưu chính, Viễn thông và Chuyển đổi số")]


def plan_of(result) -> Plan:
    data, _, problems = parse_yaml(result.text().split("---\n", 2)[1], "x")
    assert not problems
    return Plan.model_validate(data)


def tasks(result) -> list[dict]:
    return [{k: v for k, v in t.items()} for t in result.front["tasks"]]


def kinds(result) -> list[tuple[str, str]]:
    return [(p.kind, p.subject) for p in result.problems]


def test_a_row_numbering_the_columns_is_not_a_task():
    text = HEAD + "II. NHIỆM VỤ\n\nSTT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tSản phẩm\tThời gian\n" \
        "(1)\t(2)\t(3)\t(4)\t(5)\t(6)\n" \
        "1\tCập nhật danh mục thủ tục\tVăn phòng Sở\tCác phòng\tDanh mục\tQuý I/2026\n" + SIGN
    result = import_plan(text, units=UNITS)
    assert tasks(result) == [{"number": "1", "content": "Cập nhật danh mục thủ tục", "lead": "Văn phòng Sở",
                              "coordinating": "Các phòng", "outputs": "Danh mục", "deadline": "Quý I/2026"}]
    assert result.problems == []


def test_group_rows_are_sections_and_sub_numbers_are_kept():
    text = HEAD + "STT\tNội dung công việc\tThời hạn\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả\n" \
        "1\tCải cách thể chế\t\t\t\t\n" \
        "1.1\tRà soát văn bản\tQuý II/2026\tVăn phòng Sở\t\tBáo cáo\n" \
        "1.2\tLấy ý kiến dự thảo\tThường xuyên\tVăn phòng Sở\t\t\n" \
        "2. Cải cách thủ tục hành chính\t\t\t\t\t\n" \
        "a)\tCông khai thủ tục\tTháng 6 năm 2026\tPhòng Quản lý khoa học\tVăn phòng Sở\tTrang công khai\n" + SIGN
    result = import_plan(text, units=UNITS)
    assert tasks(result) == [
        {"section": "1. Cải cách thể chế", "number": "1.1", "content": "Rà soát văn bản", "lead": "Văn phòng Sở",
         "outputs": "Báo cáo", "deadline": "Quý II/2026"},
        {"section": "1. Cải cách thể chế", "number": "1.2", "content": "Lấy ý kiến dự thảo", "lead": "Văn phòng Sở",
         "deadline": "Thường xuyên"},
        {"section": "2. Cải cách thủ tục hành chính", "number": "a", "content": "Công khai thủ tục",
         "lead": "Phòng Quản lý khoa học", "coordinating": "Văn phòng Sở", "outputs": "Trang công khai",
         "deadline": "Tháng 6 năm 2026"},
    ]
    plan = plan_of(result)
    assert [t.due_date for t in plan.tasks] == [dt.date(2026, 6, 30), None, dt.date(2026, 6, 30)]


def test_prose_items_take_their_lead_partner_and_deadline_lines_as_fields():
    text = HEAD + "I. MỤC ĐÍCH\n\nNâng cao chất lượng phục vụ.\n\nII. NHIỆM VỤ CỤ THỂ\n\n" \
        "a) Rà soát quy trình nội bộ giải quyết thủ tục hành chính.\n\n" \
        "Cơ quan chủ trì: Văn phòng Sở; phối hợp: các phòng chuyên môn; thời gian: Quý III\n\n" \
        "b) Công khai số điện thoại của người chịu trách nhiệm.\n\n" \
        "- Đơn vị chủ trì: Phòng Quản lý khoa học\n- Thời gian hoàn thành: Trước ngày 15 tháng 12 hằng năm\n" \
        "- Sản phẩm: Danh sách công khai\n\nIII. TỔ CHỨC THỰC HIỆN\n\nCác phòng triển khai.\n" + SIGN
    result = import_plan(text, units=UNITS)
    assert tasks(result) == [
        {"section": "II. NHIỆM VỤ CỤ THỂ", "number": "a", "content": "Rà soát quy trình nội bộ giải quyết thủ tục hành chính.",
         "lead": "Văn phòng Sở", "coordinating": "các phòng chuyên môn", "deadline": "Quý III"},
        {"section": "II. NHIỆM VỤ CỤ THỂ", "number": "b", "content": "Công khai số điện thoại của người chịu trách nhiệm.",
         "lead": "Phòng Quản lý khoa học", "deadline": "Trước ngày 15 tháng 12 hằng năm", "outputs": "Danh sách công khai"},
    ]
    plan = plan_of(result)  # "Quý III" in a plan of 2026
    assert plan.tasks[0].deadline.due == dt.date(2026, 9, 30)
    assert plan.tasks[1].deadline.kind == "yearly" and plan.tasks[1].deadline.yearly == ((15, 12),)
    assert result.problems == []


def test_issuer_from_the_header_lines_and_a_symbol_that_does_not_match():
    text = HEAD.replace("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG").replace("12/KH-SKHCN", "12/KH-STTTT")
    result = import_plan(text + "I. MỤC ĐÍCH\n\nVăn bản.\n" + SIGN)
    assert (result.front["issuer"], result.front["parent_issuer"]) == ("Sở Thông tin và Truyền thông tỉnh Lạc Hồng",
                                                                       "UBND TỈNH LẠC HỒNG")
    assert result.problems == []
    wrong = import_plan(text.replace("12/KH-STTTT", "12/KH-SNV") + "I. MỤC ĐÍCH\n\nVăn bản.\n" + SIGN)
    assert kinds(wrong) == [("issuer", "12/KH-SNV")]
    assert wrong.front["issuer"] == "Sở Thông tin và Truyền thông tỉnh Lạc Hồng"


def test_commune_and_district_headers_are_not_read_as_a_province():
    commune = HEAD.replace("UBND TỈNH LẠC HỒNG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ", "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ") \
        .replace("12/KH-SKHCN", "12/KH-UBND").replace("Lạc Hồng, ngày", "An Phú, ngày")
    result = import_plan(commune + "I. MỤC ĐÍCH\n\nVăn bản.\n" + SIGN)
    assert result.front["issuer"] == "Ủy ban nhân dân xã An Phú" and "parent_issuer" not in result.front
    assert result.problems == []
    district = HEAD.replace("UBND TỈNH LẠC HỒNG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ", "UBND HUYỆN ĐỨC TRỌNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA "
                            "VIỆT NAM\nPHÒNG NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc").replace("12/KH-SKHCN", "12/KH-PNV")
    result = import_plan(district + "I. MỤC ĐÍCH\n\nVăn bản.\n" + SIGN)
    assert (result.front["issuer"], result.front["parent_issuer"]) == ("Phòng Nội vụ huyện Đức Trọng", "UBND HUYỆN ĐỨC TRỌNG")
    assert result.problems == []


def test_appendix_of_another_plan_and_a_missing_appendix_are_reported():
    body = "I. NỘI DUNG\n\n(Nhiệm vụ cụ thể tại Phụ lục kèm theo)\n" + SIGN
    missing = import_plan(HEAD + body)
    assert kinds(missing) == [("appendix", "Phụ lục kèm theo")]
    appendix = "\nPHỤ LỤC\nNHIỆM VỤ CỤ THỂ NĂM 2026\n(Kèm theo Kế hoạch số 1386/KH-SKHCN ngày 05/01/2026\ncủa Sở Khoa học và Công nghệ)\n\n" \
        "TT\tNội dung thực hiện\tĐơn vị chủ trì\tThời gian hoàn thành\n1\tRà soát\tVăn phòng Sở\tQuý I/2026\n"
    other = import_plan(HEAD + body + appendix)
    assert kinds(other) == [("appendix", "1386/KH-SKHCN")]
    # the appendix heading and its line stay together, after the signature (the page splits the body there)
    assert other.body.endswith("## PHỤ LỤC\n\n### NHIỆM VỤ CỤ THỂ NĂM 2026\n\n(Kèm theo Kế hoạch số 1386/KH-SKHCN ngày "
                               "05/01/2026 của Sở Khoa học và Công nghệ)\n\nCác nhiệm vụ cụ thể: xem [bảng nhiệm vụ](#nhiem-vu).\n")
    own = import_plan(HEAD + body + appendix.replace("1386/KH-SKHCN", "12/KH-SKHCN"))
    assert own.problems == []


def test_unread_deadlines_and_unknown_leads_are_reported_and_strict_fails(tmp_path):
    text = HEAD + "TT\tNội dung thực hiện\tĐơn vị chủ trì\tThời gian hoàn thành\n" \
        "1\tRà soát\tVăn phòng Sở, Thanh tra Sở\tĐầu năm 2026\n" \
        "2\tTập huấn\tPhòng Bưu chính, Viễn thông và Chuyển đổi số\tTháng 6 năm 2026\n" + SIGN
    result = import_plan(text, units=UNITS)
    assert tasks(result)[0]["lead"] == ["Văn phòng Sở", "Thanh tra Sở"]
    assert tasks(result)[1]["lead"] == "Phòng Bưu chính, Viễn thông và Chuyển đổi số"
    assert kinds(result) == [("deadline", "Đầu năm 2026"), ("unit", "Thanh tra Sở")]
    assert plan_of(result).tasks[0].deadline.due is None  # no date invented
    source = tmp_path / "ke-hoach.txt"
    source.write_text(text, encoding="utf-8")
    units = tmp_path / "units.yml"
    units.write_text("".join(f"- id: {u.id}\n  name: {u.name}\n" for u in UNITS), encoding="utf-8")
    out = tmp_path / "plans" / "ke-hoach.md"
    assert main(["import-plan", str(source), "-o", str(out), "--units", str(units), "--strict"]) == 1
    assert main(["import-plan", str(source), "-o", str(out), "--units", str(units)]) == 0
    report = (tmp_path / "plans" / "ke-hoach.bao-cao-nhap.txt").read_text(encoding="utf-8")
    assert "Đầu năm 2026" in report and "Thanh tra Sở" in report
    # mended, the report is empty: --strict passes and the old report file goes
    source.write_text(text.replace("Đầu năm 2026", "Quý I/2026").replace(", Thanh tra Sở", ""), encoding="utf-8")
    assert main(["import-plan", str(source), "-o", str(out), "--units", str(units), "--strict"]) == 0
    assert not (tmp_path / "plans" / "ke-hoach.bao-cao-nhap.txt").exists()
