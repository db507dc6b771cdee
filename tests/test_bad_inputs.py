"""Bad content gets one clear message per problem, naming file, line, field and what was expected.

Each case changes one thing in a valid fixture site and checks the exact message staff would see.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from congkhai.__main__ import main
from helpers import copy_fixture, edit, mkdocs_build, site_config

P = "procedures/atbx/chung-chi.md"
K = "procedures/atbx/khai-bao.md"
O = "data/officials.yml"
PL = "plans/ke-hoach-thu.md"

# (case, file, text to replace, replacement, expected message)
CASES = [
    ("yaml-syntax", P, "levels: [cấp tỉnh]", "levels: [cấp tỉnh",
     'procedures/atbx/chung-chi.md:7: nội dung YAML viết sai cú pháp (thiếu dấu "]" đóng danh sách, hoặc thiếu dấu '
     'phẩy giữa các phần tử). Hãy kiểm tra dấu hai chấm sau tên mục, thụt lề bằng dấu cách và dấu ngoặc kép'),
    ("no-front-matter", P, "---\ncode", "code",
     "procedures/atbx/chung-chi.md:1: tệp phải bắt đầu bằng một dòng '---', rồi các mục thông tin, rồi một dòng '---' nữa"),
    ("missing-field", P, "conditions: Không\n", "",
     'procedures/atbx/chung-chi.md:2: mục "conditions" (Yêu cầu, điều kiện thực hiện): thiếu mục bắt buộc này '
     '(Ghi "Không" nếu không có.)'),
    ("unknown-field", P, "summary:", "sumary:",
     'procedures/atbx/chung-chi.md:4: mục "sumary": mục này không có trong mẫu; có phải ý bạn là "summary"?'),
    ("list-expected", K, "applicants: [Tổ chức, Cá nhân]", "applicants:\n  loai: Tổ chức",
     'procedures/atbx/khai-bao.md:19: mục "applicants" (Đối tượng thực hiện): cần một danh sách: mỗi phần tử viết '
     'trên một dòng riêng, bắt đầu bằng "- "'),
    ("bad-choice", P, "channel: trực tuyến", "channel: qua mạng",
     'procedures/atbx/chung-chi.md:17: mục "channels[1].channel" (Hình thức nộp): "qua mạng" không có trong danh sách; '
     'cần một trong các giá trị: "trực tiếp", "trực tuyến", "dịch vụ bưu chính"'),
    ("code-as-number", P, 'code: "1.000173"', "code: 1.00017",
     'procedures/atbx/chung-chi.md:2: mục "code" (Mã thủ tục): "1.00017" không phải là mã thủ tục quốc gia; cần dạng '
     'một chữ số, dấu chấm, sáu chữ số, ví dụ "1.000173" (viết trong ngoặc kép)'),
    ("duplicate-code", K, 'code: "2.002385"', 'code: "1.000173"',
     'procedures/atbx/khai-bao.md:2: mục "code" (Mã thủ tục): mã thủ tục "1.000173" đã dùng cho '
     'procedures/atbx/chung-chi.md; mỗi thủ tục có một mã riêng'),
    ("unknown-official", P, "officials: [can-bo-atbx]", "officials: [can-bo-atbx, nguyen-van-x]",
     'procedures/atbx/chung-chi.md:35: mục "officials[1]" (Cán bộ chịu trách nhiệm): không có cán bộ mã '
     '"nguyen-van-x" trong data/officials.yml'),
    ("replaced-by-nowhere", P, "online_level: toàn trình",
     'online_level: toàn trình\nstatus: đã thay thế\nabolished_on: 01/01/2025\nreplaced_by: "1.999999"',
     'procedures/atbx/chung-chi.md:37: mục "replaced_by" (Được thay thế bởi): không có thủ tục mã "1.999999" trên '
     'trang; "replaced_by" phải là mã của một thủ tục có trong thư mục procedures/'),
    ("replaced-without-code", P, "online_level: toàn trình", "online_level: toàn trình\nstatus: đã thay thế\nabolished_on: 01/01/2025",
     'procedures/atbx/chung-chi.md:35: mục "status" (Tình trạng): thủ tục "đã thay thế" cần ghi thêm mục '
     '"replaced_by": mã thủ tục thay thế nó'),
    ("phone", O, '"0912 000 111"', '"091 2000"',
     'data/officials.yml:13: mục "[1].phone" (Điện thoại): "091 2000" không phải là số điện thoại Việt Nam; cần số cố '
     'định 11 chữ số bắt đầu bằng 02 (ví dụ "0200 3812 345"), số di động 10 chữ số (ví dụ "0912 345 678") hoặc đường '
     'dây nóng 1800/1900'),
    ("amount-not-number", P, "amount: 200.000", "amount: 200.000 đồng",
     'procedures/atbx/chung-chi.md:21: mục "fees[0].amount" (Mức thu (đồng)): "200.000 đồng" không phải là số tiền; '
     'cần số đồng viết bằng chữ số, ví dụ "1.500.000" hoặc "1500000" (không ghi chữ "đồng", không dùng dấu phẩy)'),
    ("impossible-date", P, "date: 01/02/2024", "date: 31/02/2024",
     'procedures/atbx/chung-chi.md:9: mục "announcement.date" (Ngày quyết định công bố): "31/02/2024" không phải là '
     'một ngày có thật; hãy kiểm tra ngày và tháng'),
    ("date-format", P, "date: 01/02/2024", "date: tháng 2/2024",
     'procedures/atbx/chung-chi.md:9: mục "announcement.date" (Ngày quyết định công bố): "tháng 2/2024" không phải '
     'là ngày; cần dạng ngày/tháng/năm, ví dụ "12/09/2023"'),
    ("unknown-field-of-work", P, "field: an-toan-buc-xa", "field: an-toan-buc-xaa",
     'procedures/atbx/chung-chi.md:5: mục "field" (Lĩnh vực): không có lĩnh vực mã "an-toan-buc-xaa" trong '
     'data/fields.yml; có phải ý bạn là "an-toan-buc-xa"?'),
    ("unknown-legal-text", P, "legal_basis: [18/2008/QH12]", "legal_basis: [18/2008/QH12, 99/2099/QH99]",
     'procedures/atbx/chung-chi.md:32: mục "legal_basis[1]" (Căn cứ pháp lý): không có văn bản mã "99/2099/QH99" '
     'trong data/legal.yml; hãy thêm văn bản vào data/legal.yml hoặc sửa số, ký hiệu'),
    ("processing-time", P, "processing_time: 10 ngày làm việc", "processing_time: mười ngày",
     'procedures/atbx/chung-chi.md:14: mục "processing_time" (Thời hạn giải quyết): "mười ngày" không phải là thời '
     'hạn; cần một số và đơn vị ("ngày làm việc", "ngày", "giờ làm việc", "giờ", "tháng"), ví dụ "10 ngày làm việc", '
     'hoặc "không quy định"'),
    ("no-processing-time", K, "    time: 7 ngày làm việc\n", "",
     'procedures/atbx/khai-bao.md:13: mục "channels[1].time" (Thời hạn giải quyết): thiếu thời hạn giải quyết; hãy '
     'ghi "time" cho hình thức nộp này, hoặc "processing_time" chung cho cả thủ tục'),
    ("two-rates", P, "amount: 200.000", 'amount: 200.000\n    percent: "0,1"',
     'procedures/atbx/chung-chi.md:19: mục "fees[0]" (Phí, lệ phí): cần đúng một cách ghi mức thu: "amount" (số tiền '
     'cố định), "percent" (tỷ lệ) hoặc "cases" (bảng theo trường hợp); đang có: amount, percent'),
    ("email", O, "bucxa@thunghiem.example.vn", "bucxa-at-thunghiem",
     'data/officials.yml:14: mục "[1].email" (Thư điện tử): "bucxa-at-thunghiem" không phải là địa chỉ thư điện tử; '
     'cần dạng "ten@coquan.gov.vn"'),
    ("duplicate-official-id", O, "- id: can-bo-atbx\n", "- id: truong-bo-phan\n",
     'data/officials.yml:7: mục "[1].id" (Mã cán bộ): mã "truong-bo-phan" đã được dùng cho một mục khác trong tệp '
     'này; mỗi mã chỉ dùng một lần'),
    ("unknown-unit", O, "unit: van-phong\n  desk_role: công chức", "unit: phong-x\n  desk_role: công chức",
     'data/officials.yml:10: mục "[1].unit" (Đơn vị): không có đơn vị mã "phong-x" trong data/units.yml; có phải ý '
     'bạn là "van-phong"?'),
    ("plan-without-number", PL, "number: 5/KH-SKHCN\n", "",
     'plans/ke-hoach-thu.md:2: mục "number" (Số, ký hiệu): thiếu mục bắt buộc này (Ví dụ "73/KH-SKHCN"; dự thảo chưa '
     'có số ghi "/KH-SKHCN".)'),
    ("plan-number-not-a-number", PL, "number: 5/KH-SKHCN", "number: năm",
     'plans/ke-hoach-thu.md:2: mục "number" (Số, ký hiệu): "năm" không phải là số, ký hiệu văn bản; cần dạng '
     '"73/KH-SKHCN" (dự thảo chưa có số: "/KH-SKHCN")'),
    ("task-without-content", PL, "    content: Nhiệm vụ quá hạn chưa làm\n", "",
     'plans/ke-hoach-thu.md:18: mục "tasks[1].content" (Nội dung thực hiện): thiếu mục bắt buộc này (Việc phải làm, '
     'như văn bản ghi.)'),
    ("task-empty-content", PL, "    content: Nhiệm vụ quá hạn chưa làm", "    content:",
     'plans/ke-hoach-thu.md:19: mục "tasks[1].content" (Nội dung thực hiện): mục này đang để trống; cần ghi giá trị '
     '(hoặc xóa dòng nếu mục không bắt buộc)'),
    ("plan-impossible-date", PL, "date: 10/01/2026", "date: 10/13/2026",
     'plans/ke-hoach-thu.md:3: mục "date" (Ngày ban hành): "10/13/2026" không phải là một ngày có thật; hãy kiểm tra '
     'ngày và tháng'),
    ("plan-unparsable-date", PL, "date: 10/01/2026", "date: mười tháng một",
     'plans/ke-hoach-thu.md:3: mục "date" (Ngày ban hành): "mười tháng một" không phải là ngày; cần dạng '
     'ngày/tháng/năm, ví dụ "18/11/2019", hoặc "…/11/2022" khi văn bản chưa ghi ngày'),
    ("task-unknown-unit", PL, "    lead: van-phong\n    deadline: Quý 1/2026", "    lead: van-phong-so\n    deadline: Quý 1/2026",
     'plans/ke-hoach-thu.md:13: mục "tasks[0].lead" (Đơn vị chủ trì): không có đơn vị mã "van-phong-so" trong '
     'data/units.yml; có phải ý bạn là "van-phong"?; tên đơn vị viết như văn bản thì cần có chữ hoa hoặc dấu cách'),
    ("task-status", PL, "    status: đang thực hiện\n", "    status: gần xong\n",
     'plans/ke-hoach-thu.md:27: mục "tasks[2].status" (Tình trạng): "gần xong" không có trong danh sách; cần một trong '
     'các giá trị: "chưa thực hiện", "đang thực hiện", "hoàn thành", "không thực hiện"'),
    ("task-evidence-nowhere", PL, 'evidence: [thu-tuc/khai-bao/, "1.000173"]', "evidence: [thu-tuc/khong-co/]",
     'plans/ke-hoach-thu.md:17: mục "tasks[0].evidence[0]" (Kết quả, minh chứng): không tìm thấy "thu-tuc/khong-co/" '
     'trên cổng; cần mã thủ tục (ví dụ "1.000173"), địa chỉ một trang của cổng (ví dụ "bieu-phi/", "can-bo/", '
     '"thu-tuc/") hoặc đường dẫn https://'),
    ("unit-name-split-at-comma", PL, "    coordinating: Các phòng, đơn vị\n", "    coordinating: [Các phòng, đơn vị]\n",
     'plans/ke-hoach-thu.md:25: mục "tasks[2].coordinating[1]" (Đơn vị phối hợp): "đơn vị" có vẻ là nửa sau của một '
     'tên đơn vị bị tách ở dấu phẩy; hãy đặt cả tên trong ngoặc kép, ví dụ ["Các phòng, đơn vị thuộc Sở"]'),
    ("form-file-missing", P, "        form: Mẫu số 01\n", "        form: Mẫu số 01\n        form_file: mau/don-de-nghi.docx\n",
     'procedures/atbx/chung-chi.md:27: mục "dossier[0].documents[0].form_file" (Tệp mẫu đơn, tờ khai): không tìm thấy '
     'tệp mẫu "procedures/atbx/mau/don-de-nghi.docx"; hãy đặt tệp vào đúng chỗ đó (cạnh tệp thủ tục) hoặc sửa tên tệp'),
    ("form-file-type", P, "        form: Mẫu số 01\n", "        form: Mẫu số 01\n        form_file: mau/don.exe\n",
     'procedures/atbx/chung-chi.md:27: mục "dossier[0].documents[0].form_file" (Tệp mẫu đơn, tờ khai): "mau/don.exe" '
     'không phải là tên tệp mẫu hợp lệ; cần đường dẫn tính từ thư mục của tệp thủ tục, chỉ gồm chữ không dấu, số, dấu '
     'gạch ngang, dấu chấm và "/", đuôi tệp là một trong: .docx, .doc, .odt, .pdf, .xlsx, .xls, .ods, ví dụ '
     '"mau/don-de-nghi.docx"'),
    ("form-file-outside", P, "        form: Mẫu số 01\n", "        form: Mẫu số 01\n        form_file: ../../data/x.pdf\n",
     'procedures/atbx/chung-chi.md:27: mục "dossier[0].documents[0].form_file" (Tệp mẫu đơn, tờ khai): '
     '"../../data/x.pdf" không phải là tên tệp mẫu hợp lệ'),
    ("online-url-home-page", P, "online_level: toàn trình\n", "online_level: toàn trình\nonline_url: https://dichvucong.gov.vn/\n",
     'procedures/atbx/chung-chi.md:35: mục "online_url" (Nộp trực tuyến tại): "https://dichvucong.gov.vn/" là trang '
     'chủ của cổng, không dẫn tới thủ tục này; hãy ghi đường dẫn trang của chính thủ tục trên Cổng Dịch vụ công (có mã '
     'thủ tục), hoặc bỏ trống mục này'),
    ("applicant-split-at-comma", K, "applicants: [Tổ chức, Cá nhân]", "applicants: [Cơ sở khám bệnh, chữa bệnh]",
     'procedures/atbx/khai-bao.md:19: mục "applicants[1]" (Đối tượng thực hiện): "chữa bệnh" có vẻ là nửa sau của một '
     'đối tượng bị tách ở dấu phẩy; hãy đặt cả đối tượng trong ngoặc kép, ví dụ ["Cơ sở khám bệnh, chữa bệnh"], hoặc '
     'viết hoa chữ đầu'),
    ("percent-nan", P, "amount: 200.000", 'percent: "NaN"\n    of: giá trị hợp đồng',
     'procedures/atbx/chung-chi.md:21: mục "fees[0].percent" (Tỷ lệ (%)): "NaN" không hợp lệ; tỷ lệ phần trăm phải '
     'lớn hơn 0 và không quá 100'),
    ("percent-infinity", P, "amount: 200.000", 'percent: "Infinity"\n    of: giá trị hợp đồng',
     'procedures/atbx/chung-chi.md:21: mục "fees[0].percent" (Tỷ lệ (%)): "Infinity" không hợp lệ; tỷ lệ phần trăm '
     'phải lớn hơn 0 và không quá 100'),
    ("fullwidth-code", P, 'code: "1.000173"', 'code: "１.０００１７３"',
     'procedures/atbx/chung-chi.md:2: mục "code" (Mã thủ tục): "１.０００１７３" có chữ số không phải chữ số thường 0-9 '
     '(thường do bộ gõ toàn độ rộng); hãy gõ lại: "1.000173"'),
    ("fullwidth-amount", P, "amount: 200.000", "amount: ２00.000",
     'procedures/atbx/chung-chi.md:21: mục "fees[0].amount" (Mức thu (đồng)): "２00.000" có chữ số không phải chữ số '
     'thường 0-9 (thường do bộ gõ toàn độ rộng); hãy gõ lại: "200.000"'),
    ("recursive-alias", P, "conditions: Không\n", "conditions: Không\nkeywords: &k [a, *k]\n",
     'procedures/atbx/chung-chi.md:34: có bí danh YAML (dấu * trỏ tới một dấu &): cổng không dùng neo và bí danh; '
     'hãy viết giá trị ra đầy đủ, hoặc đặt giá trị có dấu * trong ngoặc kép'),
    ("alias-bomb", P, "conditions: Không\n",
     "conditions: Không\nx1: &a [b, b, b, b, b, b, b, b, b]\nx2: &c [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "x3: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nx4: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
     'procedures/atbx/chung-chi.md:35: có bí danh YAML (dấu * trỏ tới một dấu &): cổng không dùng neo và bí danh; '
     'hãy viết giá trị ra đầy đủ, hoặc đặt giá trị có dấu * trong ngoặc kép'),
    ("zero-time", P, "processing_time: 10 ngày làm việc", "processing_time: 0 ngày",
     'procedures/atbx/chung-chi.md:14: mục "processing_time" (Thời hạn giải quyết): "0 ngày" không hợp lệ; thời hạn '
     'phải lớn hơn 0 (nếu pháp luật không quy định thời hạn, ghi "không quy định")'),
    ("deadline-quarter-5", PL, "deadline: Quý 1/2026", "deadline: Quý 5/2026",
     'plans/ke-hoach-thu.md:14: mục "tasks[0].deadline" (Thời gian hoàn thành): "Quý 5/2026" có quý 5/2026: ngày, '
     'tháng hoặc quý này không có thật; hãy kiểm tra lại như văn bản ghi'),
    ("deadline-31-february", PL, "deadline: Quý 1/2026", "deadline: trước ngày 31/02/2026",
     'plans/ke-hoach-thu.md:14: mục "tasks[0].deadline" (Thời gian hoàn thành): "trước ngày 31/02/2026" có '
     '31/02/2026: ngày, tháng hoặc quý này không có thật; hãy kiểm tra lại như văn bản ghi'),
    ("invisible-zero-width-space", P, 'code: "1.000173"', 'code: "1.000173\u200b"',
     'procedures/atbx/chung-chi.md:2: mục "code" (Mã thủ tục): "1.000173⟨U+200B dấu cách độ rộng 0⟩" không phải là mã '
     'thủ tục quốc gia; cần dạng một chữ số, dấu chấm, sáu chữ số, ví dụ "1.000173" (viết trong ngoặc kép)'),
    ("invisible-no-break-space", O, '"0912 000 111"', '"0912\u00a0000 11"',
     'data/officials.yml:13: mục "[1].phone" (Điện thoại): "0912⟨U+00A0 dấu cách không ngắt⟩000 11" không phải là số '
     'điện thoại Việt Nam; cần số cố định 11 chữ số bắt đầu bằng 02 (ví dụ "0200 3812 345"), số di động 10 chữ số (ví '
     'dụ "0912 345 678") hoặc đường dây nóng 1800/1900'),
    ("duplicate-key", P, "field: an-toan-buc-xa\n", "field: an-toan-buc-xa\nfield: buu-chinh\n",
     'procedures/atbx/chung-chi.md:6: mục "field": mục này được viết hai lần; hãy giữ một lần'),
]


def check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(root)])
    err = capsys.readouterr().err
    return code, [line[4:] for line in err.splitlines() if line.startswith("  - ")]


@pytest.mark.parametrize("case,file,old,new,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_exact_message(tmp_path, capsys, case, file, old, new, message):
    root = copy_fixture("minimal", tmp_path)
    assert check(root, capsys)[0] == 0  # the fixture itself is valid
    edit(root / file, old, new)
    code, lines = check(root, capsys)
    assert code == 1
    assert message in lines or any(line.startswith(message) for line in lines), "\n".join(lines)
    assert message.startswith(file + ":")
    field = re.search(r'mục "([^"]+)"', message)
    assert field or case in ("yaml-syntax", "no-front-matter", "recursive-alias", "alias-bomb")


def test_every_problem_of_a_build_is_reported_at_once(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    for _, file, old, new, _ in [CASES[12], CASES[15], CASES[11]]:  # three files' worth of mistakes
        edit(root / file, old, new)
    code, lines = check(root, capsys)
    assert code == 1
    assert {CASES[12][4], CASES[15][4], CASES[11][4]} <= set(lines)


def test_file_names_must_be_page_addresses(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    (root / K).rename(root / "procedures/atbx/Khai báo.md")
    code, lines = check(root, capsys)
    assert code == 1
    assert lines == ['procedures/atbx/Khai báo.md: tên tệp chỉ được gồm chữ thường không dấu, số và dấu gạch ngang '
                     '(tên tệp là địa chỉ trang); hãy đổi tên thành "khai-bao.md"']


def test_file_not_in_utf8(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    path = root / K
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    code, lines = check(root, capsys)
    assert code == 1
    assert lines[0].startswith("procedures/atbx/khai-bao.md:")
    assert lines[0].endswith("tệp không được lưu theo bảng mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8")


def test_strict_build_fails_without_a_traceback_and_keeps_the_last_site(tmp_path):
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    site_dir = tmp_path / "site"
    assert mkdocs_build(config, site_dir).returncode == 0
    before = sorted(p.relative_to(site_dir) for p in site_dir.rglob("*"))
    _, file, old, new, message = CASES[12]
    edit(root / file, old, new)
    edit(root / P, "officials: [can-bo-atbx]", "officials: [can-bo-atbx, nguyen-van-x]")
    result = mkdocs_build(config, site_dir)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert CASES[8][4] in result.stderr
    assert "Nội dung có 2 lỗi; trang web chưa được tạo." in result.stderr
    assert sorted(p.relative_to(site_dir) for p in site_dir.rglob("*")) == before


def test_check_command_runs_as_a_program(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    ok = subprocess.run([sys.executable, "-m", "congkhai", "check", str(root)], capture_output=True, text=True)
    assert ok.returncode == 0 and "2 thủ tục, 1 kế hoạch (8 nhiệm vụ)" in ok.stdout
    edit(root / P, "amount: 200.000", "amount: 200.000 đồng")
    bad = subprocess.run([sys.executable, "-m", "congkhai", "check", str(root)], capture_output=True, text=True)
    assert bad.returncode == 1 and CASES[12][4] in bad.stderr


def test_a_dotted_line_inside_a_block_does_not_end_the_front_matter(tmp_path, capsys):
    """YAML's "..." (document end) or an indented '---' inside a "|" block is text, not the end of the record."""
    root = copy_fixture("minimal", tmp_path)
    edit(root / P, "conditions: Không\n", "conditions: |\n  Điều kiện một\n  ...\n  ---\n  Điều kiện ba\n")
    assert check(root, capsys)[0] == 0
    from congkhai.site import load_site
    entry = next(e for e in load_site(root).procedures if e.slug == "chung-chi")
    assert entry.record.conditions == "Điều kiện một\n...\n---\nĐiều kiện ba"
    assert entry.body.strip() == "Hướng dẫn thêm."


def test_an_alias_bomb_is_refused_at_once(tmp_path, capsys):
    import time
    root = copy_fixture("minimal", tmp_path)
    lines = ["l0: &l0 [" + ", ".join(["x"] * 10) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 12)]  # 10^12 leaves
    edit(root / P, "conditions: Không\n", "conditions: Không\n" + "\n".join(lines) + "\n")
    start = time.monotonic()
    code, found = check(root, capsys)
    assert time.monotonic() - start < 1.0
    assert code == 1 and any("bí danh YAML" in line for line in found)


def test_a_strict_build_that_fails_on_a_mkdocs_warning_leaves_the_last_site_byte_identical(tmp_path):
    """Not only congkhai's own errors: a broken link in a body is a MkDocs warning found while writing
    pages; the new build goes to a folder beside the site and is swapped in only when it succeeded."""
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    site_dir = tmp_path / "site"
    assert mkdocs_build(config, site_dir).returncode == 0
    before = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    page = root / "docs" / "phan-anh-kien-nghi.md"
    edit(page, "\n\n", "\n\nXem [mẫu đơn](khong-co-trang-nay.md).\n\n")
    result = mkdocs_build(config, site_dir, quiet=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    after = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in site_dir.parent.iterdir()) == ["site", "src"]  # nothing left beside it
    edit(page, "Xem [mẫu đơn](khong-co-trang-nay.md).", "Đã sửa.")
    assert mkdocs_build(config, site_dir).returncode == 0
    assert "Đã sửa." in (site_dir / "phan-anh-kien-nghi/index.html").read_text(encoding="utf-8")


def test_procedures_that_replace_each_other_in_a_loop_are_refused(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    for path, other in ((P, "2.002385"), (K, "1.000173")):
        text = (root / path).read_text(encoding="utf-8")
        (root / path).write_text(text.replace("online_level:", f'status: đã thay thế\nabolished_on: 01/01/2025\n'
                                              f'replaced_by: "{other}"\nonline_level:', 1), encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1
    loops = [line for line in lines if "thay thế nhau thành vòng" in line]
    assert len(loops) == 2, lines
    assert any(line.startswith(P + ":") and "(1.000173 → 2.002385 → 1.000173)" in line for line in loops), loops
    assert all('mục "replaced_by" (Được thay thế bởi)' in line for line in loops)


def test_a_replacement_that_is_itself_abolished_is_refused(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    edit(root / P, "online_level:", 'status: đã thay thế\nabolished_on: 01/01/2025\nreplaced_by: "2.002385"\nonline_level:')
    edit(root / K, "online_level:", "status: đã bãi bỏ\nabolished_on: 01/06/2025\nonline_level:")
    code, lines = check(root, capsys)
    assert code == 1
    assert any(line.startswith(P + ":") and "thủ tục thay thế (mã 2.002385) đã bãi bỏ" in line for line in lines), lines
