"""Messages staff can act on: YAML mistakes in Vietnamese with line and column, garbled letters
(mojibake) shown with their repair, no false follow-on errors when a file cannot be read, and the
strict build's link checks run by `check` in Vietnamese, naming the staff's own file and line."""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
from pathlib import Path

import pytest

from congkhai.cli import main
from congkhai.content.source import mojibake, parse_yaml
from helpers import copy_fixture, edit, mkdocs_build_without, site_config

P = "procedures/atbx/chung-chi.md"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(root)])
    err = capsys.readouterr().err
    return code, [line[4:] for line in err.splitlines() if line.startswith("  - ")]


# --- YAML mistakes ---------------------------------------------------------------------------------

ENGLISH = re.compile(r"\b(expected|found|mapping|scanning|while|could not|allowed|character|stream|token)\b")
TOKENS = ["a", "b: ", ":", " ", "  ", "\n", "- ", "[", "]", "{", "}", ",", "'", '"', "&x ", "*x", "!", "!!str ", "%",
          "@", "`", "\t", "|", ">", "...", "---", "#", "?", "\\", "\\x", '"\\q"', "\x07", "\ufeff", "key:", "k: v\n",
          "  - x\n", "é"]


def test_every_yaml_mistake_is_told_in_vietnamese_with_its_line():
    """20,000 random YAML-like texts: whatever the reader's complaint, the message is Vietnamese and names a
    line (and a column for syntax errors) inside the text."""
    rng = random.Random(7)
    seen = set()
    for _ in range(20_000):
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 12)))
        _, _, problems = parse_yaml(text, "x.yml")
        for problem in problems:
            assert problem.line is not None and 1 <= problem.line <= text.count("\n") + 1, (text, problem)
            assert not ENGLISH.search(problem.message), (text, problem.message)
            if "cú pháp" in problem.message:
                assert re.search(r"ở (cột \d+|cuối) \(", problem.message), problem.message
            seen.add(re.sub(r"\d+", "N", problem.message))
    assert len(seen) >= 20  # the texts did reach the reader's many complaints


@pytest.mark.parametrize("old,new,message", [
    ("levels: [cấp tỉnh]", "levels: [cấp tỉnh",
     'nội dung YAML viết sai cú pháp ở cột 9 (thiếu dấu "]" đóng danh sách, hoặc thiếu dấu phẩy giữa các phần tử)'),
    ("  - channel: trực tiếp", "  -\tchannel: trực tiếp",
     "nội dung YAML viết sai cú pháp ở cột 4 (có ký tự Tab; hãy thụt lề bằng dấu cách)"),
    ("field: an-toan-buc-xa", "field: an-toan\x07-buc-xa",
     "có ký tự điều khiển không nhìn thấy (U+0007) trong nội dung; hãy xoá ký tự đó"),
    ("field: an-toan-buc-xa", "field: @an-toan-buc-xa",
     "nội dung YAML viết sai cú pháp ở cột 8 (có ký tự không được đứng đầu giá trị (như @ hoặc `); hãy đặt giá trị "
     "trong ngoặc kép)"),
], ids=["unclosed-list", "tab", "control-character", "at-sign"])
def test_yaml_mistakes_name_line_and_column(tmp_path, capsys, old, new, message):
    root = copy_fixture("minimal", tmp_path)
    n = (root / P).read_text(encoding="utf-8").split("\n").index(old) + 1
    edit(root / P, old, new)
    code, lines = check(root, capsys)
    assert code == 1
    assert any(line.startswith(f"{P}:{n}: {message}") for line in lines), "\n".join(lines)


# --- garbled letters ---------------------------------------------------------------------------------

def garble(text: str) -> str:
    """What a Windows program does to UTF-8 it reads as Windows-1252."""
    import ftfy.bad_codecs  # noqa: F401
    return text.encode("utf-8").decode("sloppy-windows-1252")


def test_garbled_letters_are_refused_with_the_repair_suggested(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    text = (root / P).read_text(encoding="utf-8")
    name = re.search(r"^name: (.*)$", text, re.M).group(1)
    edit(root / P, f"name: {name}", f"name: {garble(name)}")
    (root / P).write_text((root / P).read_text(encoding="utf-8") + "\nLệ phí nộp tại Bộ phận một cửa: "
                          + garble("50.000 đồng mỗi hồ sơ.") + "\n", encoding="utf-8")
    line_name = text.split("\n").index(f"name: {name}") + 1
    line_body = len((root / P).read_text(encoding="utf-8").split("\n")) - 1
    code, lines = check(root, capsys)
    assert code == 1
    assert f'{P}:{line_name}: chữ bị lỗi bảng mã: "{garble(name)}" có lẽ là "{name}"; hãy gõ hoặc dán lại đoạn chữ ' \
           "này từ bản gốc (lỗi thường do mở tệp với bảng mã khác UTF-8 rồi lưu lại)" in lines, "\n".join(lines)
    assert any(line.startswith(f'{P}:{line_body}: chữ bị lỗi bảng mã: "{garble("đồng mỗi hồ sơ.")}" có lẽ là "đồng '
                               'mỗi hồ sơ."') for line in lines), "\n".join(lines)


def test_garbled_letters_in_a_data_file_and_a_docs_page(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    edit(root / "data/units.yml", "name: ", "name: " + garble("Phòng ") )
    (root / "docs").mkdir()
    (root / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n\n" + garble("Sở Khoa học và Công nghệ") + "\n",
                                                 encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1
    assert any(line.startswith("data/units.yml:") and "Phòng" in line and "chữ bị lỗi bảng mã" in line for line in lines)
    # the characters staff cannot see are named
    assert 'docs/gioi-thieu.md:3: chữ bị lỗi bảng mã: "Sá»Ÿ Khoa há»⟨U+008D ký tự không nhìn thấy⟩c vÃ⟨U+00A0 dấu ' \
           'cách không ngắt⟩ CÃ´ng nghá»‡" có lẽ là "Sở Khoa học và ' \
           'Công nghệ"; hãy gõ hoặc dán lại đoạn chữ này từ bản gốc (lỗi thường do mở tệp với bảng mã khác UTF-8 rồi ' \
           "lưu lại)" in lines, "\n".join(lines)


@pytest.mark.parametrize("text", [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND XÃ “TÂN LẬP”", "cấp “Giấy chứng nhận”đối với người", "giá”",
    "Điều 5 – Bộ KH&CN: 1/2 © ™ € 1.500.000 đồng", "NGÃ BA", "Ủy ban nhân dân xã Ea Kao",
])
def test_ordinary_vietnamese_is_not_taken_for_garbled(text):
    assert mojibake(text, "x.md") == []
    assert mojibake(unicodedata.normalize("NFD", text), "x.md") == []


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not beside the repository")
def test_no_national_record_is_taken_for_garbled():
    """Every text of the 2,849 national procedure records (57,000 lines) reads as ordinary Vietnamese."""
    lines = 0
    with gzip.open(SHARED / "data" / "tthc-national-2849.jsonl.gz", "rt", encoding="utf-8") as stream:
        for record in stream:
            for value in json.loads(unicodedata.normalize("NFC", record)).values():
                if isinstance(value, str):
                    lines += value.count("\n") + 1
                    assert mojibake(value, "x") == [], value
    assert lines > 50_000


# --- follow-on errors ----------------------------------------------------------------------------------

STATS = """period: Quý 1/2026
source: Hệ thống thông tin giải quyết thủ tục hành chính
rows:
  - procedure: "1.000173"
    received: 2
    on_time: 2
  - field: an-toan-buc-xa
    received: 2
    on_time: 2
"""


def test_an_unreadable_procedure_raises_no_false_errors_where_it_is_named(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    (root / "data" / "statistics").mkdir()
    (root / "data" / "statistics" / "2026-quy-1.yml").write_text(STATS, encoding="utf-8")
    assert check(root, capsys)[0] == 0
    edit(root / P, "levels: [cấp tỉnh]", "levels: [cấp tỉnh")  # procedure 1.000173 can no longer be read
    code, lines = check(root, capsys)
    assert code == 1
    assert not any("không có thủ tục" in line or "không tìm thấy" in line for line in lines), "\n".join(lines)
    assert f"{P}:6: vì lỗi ở đây, chỗ dẫn tới tệp này (plans/ke-hoach-thu.md:17 và 1 chỗ khác) chưa " \
           "được kiểm tra; các chỗ đó không báo lỗi riêng: hãy sửa lỗi ở tệp này trước, rồi chạy lại" in lines, lines
    assert any(line.startswith(f"{P}:6: nội dung YAML viết sai cú pháp ở cột 9") for line in lines)


def test_an_unreadable_list_file_raises_no_false_errors_where_it_is_named(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    (root / "data" / "units.yml").write_text((root / "data" / "units.yml").read_text(encoding="utf-8") + "x: [\n",
                                             encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1
    assert not any("không có đơn vị" in line for line in lines), "\n".join(lines)
    assert any(line.startswith("data/units.yml:3: vì lỗi ở đây, chỗ dẫn tới tệp này (data/officials.yml:")
               for line in lines), "\n".join(lines)


def test_a_code_that_is_really_missing_is_still_reported(tmp_path, capsys):
    """The suppression is for the unreadable file's own code only."""
    root = copy_fixture("minimal", tmp_path)
    (root / "data" / "statistics").mkdir()
    (root / "data" / "statistics" / "2026-quy-1.yml").write_text(STATS.replace("1.000173", "1.000174"),
                                                                 encoding="utf-8")
    edit(root / P, "levels: [cấp tỉnh]", "levels: [cấp tỉnh")
    code, lines = check(root, capsys)
    assert any(line.startswith('data/statistics/2026-quy-1.yml:4: mục "rows[0].procedure" (Mã thủ tục): không có thủ tục '
                               'mã "1.000174"') for line in lines), "\n".join(lines)


# --- links: check runs the strict build's link checks -----------------------------------------------------

BODY = """
Xem [biểu phí](../bieu-phi.md), [cũ](../bieu-phi-cu.md), [thư mục](../bieu-phi/), [tuyệt đối](/bieu-phi/),
[khai báo](khai-bao.md), [trang chủ](../index.md), [mục](#muc), [thư](mailto:a@b.vn), [web](https://x.vn/),
[ảnh](../assets/khong-co.png) [kho](../../docs/can-bo.md) [đúng](../can-bo.md#lien-he)
[lĩnh vực](linh-vuc/an-toan-buc-xa.md) [kế hoạch](../ke-hoach/ke-hoach-thu.md)
"""
BAD_LINKS = {"../bieu-phi-cu.md", "../bieu-phi/", "/bieu-phi/", "../assets/khong-co.png", "../../docs/can-bo.md"}

def test_check_refuses_the_links_the_strict_build_refuses(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    (root / P).write_text((root / P).read_text(encoding="utf-8") + BODY, encoding="utf-8")
    (root / "docs" / "lien-ket.md").write_text("# Liên kết\n\n[sai](thu-tuc/khong-co.md) [đúng](thu-tuc/chung-chi.md)\n",
                                               encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1
    body_start = (root / P).read_text(encoding="utf-8").split("\n").index("Xem [biểu phí](../bieu-phi.md), [cũ]"
                                                                         "(../bieu-phi-cu.md), [thư mục](../bieu-phi/), "
                                                                         "[tuyệt đối](/bieu-phi/),") + 1
    found = {re.search(r'liên kết "([^"]+)"', line).group(1): line for line in lines if "liên kết" in line}
    assert set(found) == BAD_LINKS | {"thu-tuc/khong-co.md"}, "\n".join(lines)
    assert found["../bieu-phi/"] == (
        f'{P}:{body_start}: phần nội dung: liên kết "../bieu-phi/" không dẫn tới tệp nào của cổng; liên kết tới một '
        'trang hãy viết tên tệp .md của trang đó, tính từ trang này ở "thu-tuc/chung-chi/" trên cổng; có phải ý bạn '
        'là "../bieu-phi.md"?')
    assert found["../../docs/can-bo.md"].startswith(f"{P}:{body_start + 2}:")
    assert found["../../docs/can-bo.md"].endswith('có phải ý bạn là "../can-bo.md"?')
    assert found["thu-tuc/khong-co.md"].startswith("docs/lien-ket.md:3: phần nội dung: liên kết")

    # the same links, and no others, are what MkDocs itself warns about in the strict build
    result = mkdocs_build_without(config, tmp_path / "site", ["_links"], strict=True)
    assert result.returncode == 1, result.stderr
    warned = set(re.findall(r"^WARNING -  Doc file '[^']+' contains (?:an? |an unrecognized relative |an absolute )?"
                            r"link '([^']+)'", result.stderr, re.M))
    assert warned == set(found), result.stderr
    assert not (tmp_path / "site").exists()
