"""Bad content gets one clear message per problem, naming file, line, field and what was expected.

The single mistakes and their exact messages are the bad-input corpus (tests/bad_inputs/cases.yml, run by
test_bad_input_corpus.py). The tests here check what holds across them: every problem reported at once, no
traceback from the strict build, file names, encodings, YAML aliases, replacement chains.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from congkhai.cli import main
from helpers import copy_fixture, edit, mkdocs_build, site_config

P = "procedures/atbx/chung-chi.md"
K = "procedures/atbx/khai-bao.md"

# The cases themselves (one mistake each, and the exact message staff see) are the bad-input corpus,
# tests/bad_inputs/cases.yml, run by tests/test_bad_input_corpus.py; the tests here combine some of them.
CASES = {case["id"]: case for case in
         yaml.safe_load((Path(__file__).resolve().parent / "bad_inputs" / "cases.yml").read_text(encoding="utf-8"))}


def check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(root)])
    err = capsys.readouterr().err
    return code, [line[4:] for line in err.splitlines() if line.startswith("  - ")]


def apply(root: Path, case_id: str) -> str:
    """Makes the mistake of a corpus case (a one-line replacement); returns the message it must give."""
    case = CASES[case_id]
    old, new = case["replace"]
    edit(root / case["file"], old, new)
    return case["expect"]


def test_every_problem_of_a_build_is_reported_at_once(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    # three files' worth of mistakes
    messages = {apply(root, case_id) for case_id in ("amount-not-number", "unknown-field-of-work", "phone")}
    code, lines = check(root, capsys)
    assert code == 1
    assert all(any(line.startswith(message) for line in lines) for message in messages), lines


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
    message = apply(root, "amount-not-number")
    unknown_official = apply(root, "unknown-official")
    result = mkdocs_build(config, site_dir)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert unknown_official in result.stderr
    assert "Nội dung có 2 lỗi; trang web chưa được tạo." in result.stderr
    assert sorted(p.relative_to(site_dir) for p in site_dir.rglob("*")) == before


def test_check_command_runs_as_a_program(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    ok = subprocess.run([sys.executable, "-m", "congkhai", "check", str(root)], capture_output=True, text=True)
    assert ok.returncode == 0 and "2 thủ tục, 1 kế hoạch (8 nhiệm vụ)" in ok.stdout
    edit(root / P, "amount: 200.000", "amount: 200.000 đồng")
    bad = subprocess.run([sys.executable, "-m", "congkhai", "check", str(root)], capture_output=True, text=True)
    assert bad.returncode == 1 and CASES["amount-not-number"]["expect"] in bad.stderr


def test_a_dotted_line_inside_a_block_does_not_end_the_front_matter(tmp_path, capsys):
    """YAML's "..." (document end) or an indented '---' inside a "|" block is text, not the end of the record."""
    root = copy_fixture("minimal", tmp_path)
    edit(root / P, "conditions: Không\n", "conditions: |\n  Điều kiện một\n  ...\n  ---\n  Điều kiện ba\n")
    assert check(root, capsys)[0] == 0
    from congkhai import load_site
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
