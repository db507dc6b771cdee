"""The body policy (congkhai/content/body.py): nothing a staff member types in a Markdown body or a page title
runs as a script or makes a visitor's browser call another host."""

from __future__ import annotations

import unicodedata

import pytest

from browser import SiteServer
from congkhai.content import body
from congkhai.cli import main
from congkhai import load_site
from helpers import copy_fixture, edit, mkdocs_build, site_config

P = "procedures/atbx/chung-chi.md"
PL = "plans/ke-hoach-thu.md"
BODY_LINE = 37  # chung-chi.md: the first line after the closing '---'

# (case, what is added to the body, expected message after "phần nội dung: ")
BAD_BODIES = [
    ("script", "<script>alert(1)</script>", "mã lệnh <script> không được dùng trong nội dung"),
    ("event-handler", '<img src="a.png" onerror="alert(1)">', 'thuộc tính "onerror" (chạy mã lệnh) không được dùng'),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>', "khung nhúng <iframe> không được dùng trong nội dung"),
    ("javascript-link", "[bấm vào đây](javascript:alert(1))",
     'địa chỉ "javascript:" không được dùng (chỉ dùng https://, mailto:, tel: hoặc trang trong cổng)'),
    ("data-link", '<a href="data:text/html;base64,PHNjcmlwdD4=">mở</a>',
     'địa chỉ "data:" không được dùng (chỉ dùng https://, mailto:, tel: hoặc trang trong cổng)'),
    ("external-image", "![logo](http://example.com/logo.png)",
     '"http://example.com/logo.png" là tệp trên máy chủ khác: trình duyệt của người xem sẽ tải nó từ bên ngoài '
     "cổng; hãy chép tệp vào kho nội dung và dẫn tới bản chép"),
    ("style-attribute", "## Chữ đỏ {: style=\"color: red\" }",
     'thuộc tính "style" không được dùng; định dạng do giao diện của cổng quyết định'),
    ("attr-list-handler", "## Lưu ý {: onclick=\"alert(1)\" }", 'thuộc tính "onclick" (chạy mã lệnh) không được dùng'),
    ("form", '<form action="https://example.com"><input name="q"></form>', "biểu mẫu <form> không được dùng trong nội dung"),
    ("svg", "<svg onload=alert(1)></svg>", "hình vẽ <svg> không được dùng trong nội dung"),
    ("object", '<object data="x.swf"></object>', "đối tượng nhúng <object> không được dùng trong nội dung"),
    ("style-tag", "<style>body{display:none}</style>", "định dạng <style> không được dùng trong nội dung"),
]


def check(root, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(root)])
    err = capsys.readouterr().err
    return code, [line[4:] for line in err.splitlines() if line.startswith("  - ")]


@pytest.mark.parametrize("case,text,message", BAD_BODIES, ids=[c[0] for c in BAD_BODIES])
def test_a_procedure_body_that_breaks_the_policy_is_refused(tmp_path, capsys, case, text, message):
    root = copy_fixture("minimal", tmp_path)
    edit(root / P, "Hướng dẫn thêm.", "Hướng dẫn thêm.\n\n" + text)
    code, lines = check(root, capsys)
    assert code == 1
    first_line_of_text = BODY_LINE + 2
    assert f"{P}:{first_line_of_text}: phần nội dung: {message}" in lines, "\n".join(lines)


def test_a_plan_body_is_under_the_same_policy(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    path = root / PL
    path.write_text(path.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1
    assert any(line.startswith(PL + ":") and "mã lệnh <script>" in line for line in lines), lines


def test_links_to_other_sites_and_ordinary_markdown_pass(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    (root / "docs" / "anh").mkdir(parents=True)
    (root / "docs" / "anh" / "so-do.png").write_bytes(b"\x89PNG\r\n")  # an image kept in the site's own files
    edit(root / P, "Hướng dẫn thêm.", "Hướng dẫn thêm.\n\n[Cổng Dịch vụ công](https://dichvucong.gov.vn/)\n\n"
                                    "| Cột | Số |\n|:--|--:|\n| a | 1 |\n\n![sơ đồ](../anh/so-do.png)\n\n"
                                    "<small>ghi chú</small>")
    assert check(root, capsys)[0] == 0
    edit(root / P, "../anh/so-do.png", "so-do.png")  # not where the page is published: the strict build refuses it
    assert check(root, capsys)[0] == 1


def test_docs_pages_are_checked_too_and_their_encoding(tmp_path, capsys):
    root = copy_fixture("minimal", tmp_path)
    site_config(root)  # copies the demo's docs/
    (root / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n\n<iframe src=\"https://example.com\"></iframe>\n",
                                                   encoding="utf-8")
    text = unicodedata.normalize("NFD", "# Trang cũ\n\nThủ tục cấp phép\n")  # as Windows-1258 stores it
    (root / "docs" / "cu.md").write_bytes(text.encode("cp1258", errors="replace"))
    code, lines = check(root, capsys)
    assert code == 1
    assert "docs/gioi-thieu.md:3: phần nội dung: khung nhúng <iframe> không được dùng trong nội dung" in lines
    assert any(line.startswith("docs/cu.md:") and "bảng mã UTF-8" in line for line in lines), lines


def test_clean_keeps_only_the_allow_list():
    dirty = ('<p onclick="x()">a <a href="javascript:alert(1)">b</a> <img src="https://example.com/x.png" alt="x">'
             '<img src="anh.png" alt="ảnh" onerror="x()"></p><script>alert(1)</script><iframe src="a"></iframe>'
             '<p style="color:red">c</p>')
    assert body.clean(dirty) == '<p>a <a>b</a> <img alt="x"><img src="anh.png" alt="ảnh"></p><p>c</p>'


TITLE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_a_hostile_page_title_is_printed_as_text_and_runs_nothing(tmp_path, chromium):
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    (root / "docs" / "tieu-de.md").write_text(f"---\ntitle: '{TITLE}'\ndescription: '\"><script>alert(3)</script>'\n---\n"
                                              "Nội dung.\n", encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace("  - Trang chủ: index.md\n", "  - Trang chủ: index.md\n  - tieu-de.md\n")
    config.write_text(text, encoding="utf-8")
    site_dir = tmp_path / "site"
    result = mkdocs_build(config, site_dir)
    assert result.returncode == 0, result.stderr
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and 'onerror="alert' not in html, page
    dialogs = []
    with SiteServer(site_dir) as server:
        page = chromium.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in ("tieu-de/", "", "thu-tuc/"):
            page.goto(server.url + url)
            page.wait_for_load_state("networkidle")
        page.goto(server.url + "tieu-de/")
        assert TITLE in page.title()  # shown as the text it is
        page.close()
    assert dialogs == [], dialogs


def test_a_docs_page_saved_with_a_bom_keeps_its_generated_block(tmp_path):
    """Notepad saves UTF-8 with a BOM: the page still carries its block (the fee schedule), not "Chưa có trang
    biểu phí"."""
    root = copy_fixture("minimal", tmp_path / "src")
    config = site_config(root)
    page = root / "docs" / "bieu-phi.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n"))
    site_dir = tmp_path / "site"
    result = mkdocs_build(config, site_dir)
    assert result.returncode == 0, result.stderr
    html = (site_dir / "bieu-phi" / "index.html").read_text(encoding="utf-8")
    assert "Chưa có trang biểu phí" not in result.stderr + html
    assert "200.000 đồng" in html  # the fixture's fee, listed by the generated block
    assert load_site(root).pages["fee-schedule"] == "bieu-phi/"  # what the compliance checks read
