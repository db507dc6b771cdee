"""Whatever staff type reaches the page escaped, and in NFC, however it was typed."""

from __future__ import annotations

import unicodedata

from helpers import copy_fixture, edit, mkdocs_build, site_config


def test_markup_in_fields_is_escaped_and_nfd_is_normalised(tmp_path):
    root = copy_fixture("minimal", tmp_path / "src")
    path = root / "procedures/atbx/chung-chi.md"
    edit(path, "name: Cấp chứng chỉ nhân viên bức xạ", 'name: "Cấp <script>alert(1)</script> chứng chỉ & \\"giấy\\""')
    nfd = unicodedata.normalize("NFD", "Cấp chứng chỉ cho người phụ trách an toàn thường trú.")
    edit(path, "summary: Cấp chứng chỉ cho người phụ trách an toàn.", "summary: " + nfd)
    edit(root / "data/officials.yml", "name: Trần Thị Bức Xạ", "name: <b>Trần</b> Thị")
    site_dir = tmp_path / "site"
    result = mkdocs_build(site_config(root), site_dir)
    assert result.returncode == 0, result.stderr
    html = (site_dir / "thu-tuc/chung-chi/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "Cấp &lt;script&gt;alert(1)&lt;/script&gt; chứng chỉ &amp; &#34;giấy&#34;" in html
    assert "&lt;b&gt;Trần&lt;/b&gt; Thị" in html and "<b>Trần</b>" not in html
    assert unicodedata.normalize("NFC", nfd) in html
    assert nfd not in html
    fees = (site_dir / "bieu-phi/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in fees
