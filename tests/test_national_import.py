"""`congkhai import-procedures` and `congkhai compare` on the real national records (../shared/data/).

The records are read from ../shared/data and never copied into the repository. What each test expects
is read from the records themselves with plain JSON, not from the importer."""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
import yaml

from congkhai import load_site
from congkhai.cli import main
from congkhai.content.vocab import FeeKind
from congkhai.importers.national import (
    one_line, parse_fee, parse_legal, parse_quantity, parse_steps, parse_time, split_legal, split_top,
)
from conftest import report
from helpers import REPO

DATA = REPO.parent / "shared" / "data" / "tthc-national-2849.jsonl.gz"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in gzip.open(DATA, "rt", encoding="utf-8")]


def portal(tmp_path: Path) -> Path:
    """A portal with the demo's department, units and officials, and no procedure yet."""
    root = tmp_path / "portal"
    (root / "data").mkdir(parents=True)
    for name in ("department.yml", "units.yml", "officials.yml", "fields.yml", "legal.yml"):
        shutil.copy(REPO / "data" / name, root / "data" / name)
    officials = yaml.safe_load((root / "data" / "officials.yml").read_text(encoding="utf-8"))
    for o in officials:
        o.pop("fields", None)  # the demo's officials name the demo's lĩnh vực; these are kept, so that is fine
    (root / "procedures").mkdir()
    return root


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.load(re.match(r"---\n(.*?)\n---\n", text, re.S)[1], Loader=yaml.BaseLoader)


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- reading the national words


@pytest.mark.parametrize("raw, expected", [
    ("Miễn phí", {"free": True}),
    ("Miễn phí (Không quy định)", {"free": True}),
    ("10 USD (/lần)", {"amount": 10, "currency": "USD", "unit": "lần"}),
    ("2.000.000 Việt Nam Đồng", {"amount": 2_000_000, "currency": "đồng"}),
    ("1,200,000 Việt Nam Đồng (1.200.000đ/thẻ ABTC.)", {"amount": 1_200_000, "unit": "thẻ ABTC"}),
    ("Phí : 300.000 Đồng", {"amount": 300_000, "kind": FeeKind.FEE}),
    ("Lệ phí : 50.000 Đồng", {"amount": 50_000, "kind": FeeKind.CHARGE}),
    ("50.000 VNĐ (/hồ sơ)", {"amount": 50_000, "unit": "hồ sơ"}),
    ("Phí : 0 Đồng", {"free": True}),
    ("Miễn phí (Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quy định)",
     {"rate": "Miễn phí (Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quy định)"}),
    ("Không có thông tin (0)", {"rate": "Không có thông tin (0)"}),
    ("Phí : o Đồng", {"rate": "o Đồng"}),
])
def test_fee_words_read_as_amounts_or_kept(raw, expected):
    fee = parse_fee(raw)
    for key, value in expected.items():
        assert getattr(fee, key) == value, (raw, key, getattr(fee, key))
    if "rate" not in expected and not expected.get("free"):
        assert fee.rate is None


@pytest.mark.parametrize("raw, expected", [
    ("60 Ngày làm việc", ("60 ngày làm việc", None)), ("15 Ngày", ("15 ngày", None)), ("24 Giờ", ("24 giờ", None)),
    ("3 Tháng", ("3 tháng", None)), ("Không quy định", ("không quy định", None)), ("30", (None, "30")),
    ("0 Giờ", (None, "0 Giờ")), ("Chậm nhất là ngay trước khi tàu rời cảng.", (None, "Chậm nhất là ngay trước khi tàu rời cảng.")),
    (None, (None, None)),
])
def test_times(raw, expected):
    assert parse_time(raw) == expected


def test_legal_items_split_matched_and_rejoined():
    doc = parse_legal("Luật Khiếu nại năm 2011 (02/2011/QH13)")
    assert (doc.number, doc.kind, doc.title, doc.issuer) == ("02/2011/QH13", "Luật", "Luật Khiếu nại năm 2011", "Quốc hội")
    doc = parse_legal("Nghị định 05/2012/NĐ-CP")
    assert (doc.number, doc.kind, doc.issuer) == ("05/2012/NĐ-CP", "Nghị định", "Chính phủ")
    doc = parse_legal("Nghị định số 67/2024/NĐ-CP ngày 25/6/2024 của Chính phủ sửa đổi")
    assert (doc.number, doc.date) == ("67/2024/NĐ-CP", "25/06/2024")
    doc = parse_legal("Thông tư liên tịch số 01/2015/TTLT-BCA-BTC hướng dẫn")
    assert (doc.kind, doc.issuer) == ("Thông tư liên tịch", "Bộ Công an, Bộ Tài chính")
    assert parse_legal("Luật Giáo dục") is None
    # wrongly split on the national side: the lower-case piece continues the item before it
    assert split_legal(["Thông tư số (53/2025/TT-BCA)", "ngày 01/7/2025 của Bộ Công an", "Luật Căn cước (26/2023/QH15)"]) \
        == ["Thông tư số (53/2025/TT-BCA) ngày 01/7/2025 của Bộ Công an", "Luật Căn cước (26/2023/QH15)"]


def test_quantities_steps_and_applicants():
    assert parse_quantity("1 bản chính,1 bản sao") == (1, 1)
    assert parse_quantity("Bản chính: 2, Bản sao: 0") == (2, 0)
    assert parse_quantity("3 bản sao") == (0, 3)
    assert parse_quantity("theo yêu cầu") is None
    steps = parse_steps("Bước 1: Nộp hồ sơ\nTổ chức nộp tại Bộ phận Một cửa.\nBước 2: Nhận kết quả")
    assert steps == [{"name": "Nộp hồ sơ", "description": "Tổ chức nộp tại Bộ phận Một cửa."}, {"name": "Nhận kết quả"}]
    # a name ending in a colon would print "Trả kết quả:: …" before its description
    assert parse_steps("Bước 1: Trả kết quả:\n+ Người đến nhận.")[0] == {"name": "Trả kết quả", "description": "+ Người đến nhận."}
    assert split_top("Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam") == \
        ["Tổ chức (không bao gồm doanh nghiệp, HTX)", "Công dân Việt Nam"]


# --------------------------------------------------------------------------- all 2,849 records


def test_every_national_record_imports_and_passes_check(tmp_path, records, capsys, request):
    root = portal(tmp_path)
    started = time.monotonic()
    assert main(["import-procedures", str(DATA), "--all", "--folder", str(root)]) == 0
    seconds = time.monotonic() - started
    out = capsys.readouterr().out
    assert f"Đã xử lý {len(records)} thủ tục" in out and f"{len(records)} tạo mới" in out
    site = load_site(root)
    assert len(site.procedures) == len(records)
    by_code = {p.record.code: p.record for p in site.procedures}
    # nothing dropped: every record's name, every document and every channel is there
    for r in records:
        p = by_code[r["code"]]
        assert p.name == " ".join(unicodedata.normalize("NFC", r["name"]).split())  # NFC, single spaces
        imported = {d.name for c in p.dossier or [] for d in c.documents}
        for d in r["documents"] or []:
            name = one_line(d["name"])  # NFC, no invisible characters (soft hyphens), single spaces
            # every document is there, by its name (a form file name glued to its end split off)
            assert not name or name in imported or any(name.startswith(i) for i in imported), (r["code"], name)
        assert {m["method"] for m in r["methods"] or []} == {c.channel.label for c in p.channels or []}
        if r["source_url"]:
            assert p.national_url == r["source_url"]
    summary = re.search(r"Giữ nguyên văn \(chưa đọc được thành số liệu\), số thủ tục theo mục: (.*)\.", out)
    assert summary, out[-2000:]
    report(request.config, "National import (../shared/data, all records)",
           [f"{len(records)} records imported in {seconds:.1f} s; check passes on all",
            "kept as words, records per field: " + summary[1]])


# --------------------------------------------------------------------------- re-import


def test_reimport_is_idempotent_and_keeps_a_local_edit(tmp_path, records, capsys):
    root = portal(tmp_path)
    chosen = [r for r in records if r["field"] == "Hàng không"][:12]
    source = write_jsonl(tmp_path / "nat.jsonl", chosen)
    assert main(["import-procedures", str(source), "--field", "Hàng không", "--folder", str(root)]) == 0
    before = files(root)
    assert main(["import-procedures", str(source), "--field", "Hàng không", "--folder", str(root)]) == 0
    assert files(root) == before  # nothing rewritten
    assert f"{len(chosen)} không đổi" in capsys.readouterr().out

    # staff edit the name of one procedure; the national side is unchanged
    path = next(p for p in (root / "procedures").rglob("*.md"))
    code = front(path)["code"]
    text = path.read_text(encoding="utf-8")
    national_name = front(path)["name"]
    path.write_text(text.replace(f"name: {national_name}", "name: Tên do Sở sửa"), encoding="utf-8")
    assert main(["import-procedures", str(source), "--field", "Hàng không", "--folder", str(root)]) == 0
    out = capsys.readouterr().out
    assert front(path)["name"] == "Tên do Sở sửa"
    assert 'mục "name" đã sửa tại cổng, giữ nguyên' in out and national_name in out and "Tên do Sở sửa" in out

    # the national side changes the time of another procedure: taken, since staff did not edit it
    other = next(r for r in chosen if r["code"] != code and r["methods"])
    other["methods"] = [{**m, "processing_time": "99 Ngày làm việc"} for m in other["methods"]]
    write_jsonl(source, chosen)
    assert main(["import-procedures", str(source), "--field", "Hàng không", "--folder", str(root)]) == 0
    out = capsys.readouterr().out
    changed = next(p for p in (root / "procedures").rglob("*.md") if front(p)["code"] == other["code"])
    assert "99 ngày làm việc" in changed.read_text(encoding="utf-8")
    assert f"{changed.relative_to(root).as_posix()}: cập nhật" in out
    assert front(path)["name"] == "Tên do Sở sửa"

    # --force takes the national value and says what it replaced
    assert main(["import-procedures", str(source), "--field", "Hàng không", "--force", "--folder", str(root)]) == 0
    assert front(path)["name"] == national_name
    assert "thay bằng bản quốc gia (--force); bản cũ: Tên do Sở sửa" in capsys.readouterr().out
    load_site(root)


def test_csv_and_xlsx_give_the_same_files_as_json_lines(tmp_path, records):
    from openpyxl import Workbook

    chosen = [r for r in records if r["field"] == "Hàng không"][:5]
    keys = list(chosen[0])
    rows = [[json.dumps(r[k], ensure_ascii=False) if isinstance(r[k], list) else (r[k] or "") for k in keys] for r in chosen]
    csv_path = tmp_path / "nat.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([keys, *rows])
    book = Workbook()
    for row in [keys, *rows]:
        book.active.append(row)
    xlsx_path = tmp_path / "nat.xlsx"
    book.save(xlsx_path)
    outputs = []
    for i, source in enumerate((write_jsonl(tmp_path / "nat.jsonl", chosen), csv_path, xlsx_path)):
        root = portal(tmp_path / str(i))
        assert main(["import-procedures", str(source), "--all", "--folder", str(root)]) == 0
        outputs.append(files(root / "procedures"))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]) == len(chosen)


def test_bad_input_is_told_with_its_line_and_no_traceback(tmp_path, records, capsys):
    source = tmp_path / "nat.jsonl"
    good = json.dumps(records[0], ensure_ascii=False)
    source.write_text(good + "\n{\"code\": \"1.000178\", \"name\": \n" + json.dumps({**records[1], "code": "abc"}) + "\n",
                      encoding="utf-8")
    root = portal(tmp_path)
    assert main(["import-procedures", str(source), "--all", "--folder", str(root)]) == 2
    err = capsys.readouterr().err
    assert "nat.jsonl:2: dòng này không phải một bản ghi JSON" in err
    assert 'nat.jsonl:3: mã thủ tục "abc" không đúng dạng mã quốc gia' in err
    assert "Traceback" not in err
    assert not list((root / "procedures").rglob("*.md"))  # nothing half-imported
    assert main(["import-procedures", str(DATA), "--folder", str(root)]) == 2
    assert "Hãy chọn thủ tục cần nhập" in capsys.readouterr().err


# --------------------------------------------------------------------------- compare (drift)


def test_compare_finds_changed_fee_time_missing_codes_and_abolished(tmp_path, records, capsys):
    root = portal(tmp_path)
    with_fee = [r for r in records if r["field"] == "Hàng không" and r["methods"]
                and any("Đồng" in (m.get("fee") or "") for m in r["methods"])][:2]
    plain = [r for r in records if r["field"] == "Hàng không" and r not in with_fee and r["methods"]][:4]
    chosen = with_fee + plain
    assert len(with_fee) == 2 and len(plain) == 4
    source = write_jsonl(tmp_path / "nat.jsonl", chosen)
    assert main(["import-procedures", str(source), "--all", "--folder", str(root)]) == 0
    capsys.readouterr()
    assert main(["compare", str(source), "--folder", str(root)]) == 0
    assert "khớp với bản xuất quốc gia" in capsys.readouterr().out

    fee_changed, time_changed, abolished, gone = chosen[0], chosen[2], chosen[3], chosen[4]
    fee_changed["methods"] = [{**m, "fee": "Phí : 9.990.000 Đồng"} for m in fee_changed["methods"]]
    time_changed["methods"] = [{**m, "processing_time": "77 Ngày làm việc"} for m in time_changed["methods"]]
    abolished["status"] = "Đã bãi bỏ"
    national = [r for r in chosen if r is not gone]
    newcomer = next(r for r in records if r["field"] == "Hàng không" and r not in chosen)
    write_jsonl(source, national + [newcomer])
    assert main(["compare", str(source), "--folder", str(root)]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"LỖI: \S+: thủ tục {fee_changed['code']}: phí, lệ phí\n.*\n\s+quốc gia:\s+9.990.000 đồng", out)
    assert re.search(rf"LỖI: \S+: thủ tục {time_changed['code']}: thời hạn giải quyết\n.*\n.*quốc gia:.*77 ngày làm việc", out)
    assert f"thủ tục {abolished['code']}: đã bãi bỏ trên Cơ sở dữ liệu quốc gia" in out
    assert "lưu ý: " in out and f"thủ tục {gone['code']}: có trên cổng, không có trong bản xuất quốc gia" in out
    assert f"thủ tục {newcomer['code']}: có trên Cơ sở dữ liệu quốc gia, chưa có trên cổng" in out

    # the policy in mkdocs.yml: fees and times only reported, abolished procedures still stop CI
    (root / "mkdocs.yml").write_text("site_name: x\nextra:\n  congkhai:\n    drift:\n      fee: warn\n      time: warn\n",
                                     encoding="utf-8")
    assert main(["compare", str(source), "--folder", str(root)]) == 1
    abolished.pop("status")
    write_jsonl(source, national + [newcomer])
    assert main(["compare", str(source), "--folder", str(root)]) == 0
    out = capsys.readouterr().out
    assert "lưu ý: " in out and "0 cần sửa" in out
    (root / "mkdocs.yml").write_text("site_name: x\nextra:\n  congkhai:\n    drift:\n      fees: warn\n", encoding="utf-8")
    assert main(["compare", str(source), "--folder", str(root)]) == 2
    assert "extra.congkhai.drift.fees: không có loại khác biệt này" in capsys.readouterr().err


def test_a_fee_cites_the_text_named_in_its_words(records):
    from congkhai.importers.national import convert

    record = {**records[0], "fees": None, "methods": [
        {"method": "Trực tiếp", "processing_time": "10 Ngày làm việc",
         "fee": "50.000 Việt Nam Đồng (* Theo quy định tại Thông tư số 85/2019/TT-BTC ngày 29/11/2019)", "description": None},
        {"method": "Trực tuyến", "processing_time": "10 Ngày làm việc", "fee": "Miễn phí", "description": None}]}
    converted = convert(record)
    fee, = converted.front["fees"]
    assert (fee["amount"], fee["legal_basis"], fee["channels"]) == (50_000, ["85/2019/TT-BTC"], ["trực tiếp"])
    assert fee["note"].startswith("* Theo quy định tại Thông tư số 85/2019/TT-BTC")
    assert any(d.number == "85/2019/TT-BTC" and d.issuer == "Bộ Tài chính" for d in converted.legal)
    assert converted.front["processing_time"] == "10 ngày làm việc"  # one time for both channels, said once


def test_a_fee_in_dollars_and_unstated_parts_read_right_on_the_page(tmp_path, records, capsys):
    from congkhai import Renderer

    root = portal(tmp_path)
    record = {**records[0], "agency": None, "conditions": None, "result": None, "fees": None, "methods": [
        {"method": "Trực tiếp", "processing_time": "3 Ngày làm việc", "fee": "145 USD (/thẻ)", "description": None}]}
    source = write_jsonl(tmp_path / "nat.jsonl", [record])
    assert main(["import-procedures", str(source), "--all", "--folder", str(root)]) == 0
    assert main(["check", str(root)]) == 0
    assert "Bộ phận chưa có thông tin (mục missing), số thủ tục: quyết định công bố: 1; " in capsys.readouterr().out
    site = load_site(root)
    entry = site.procedures[0]
    html = Renderer(site, [REPO / "overrides"]).procedure(entry, "", entry.url)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "145 USD/thẻ" in text and "145 đồng" not in text
    assert "Phí, lệ phí (phí, lệ phí)" not in text
    assert text.count("Chưa có thông tin.") >= 3  # agency, result, conditions
    assert "Quyết định công bố Chưa có thông tin" in text
    assert "None" not in text


def test_a_code_list_file_selects_and_an_unknown_code_is_named(tmp_path, records, capsys):
    root = portal(tmp_path)
    wanted = [records[5]["code"], records[9]["code"]]
    listing = tmp_path / "ma.txt"
    listing.write_text(f"# thủ tục của Sở\n{wanted[0]}\n{wanted[1]}, 9.999999\n", encoding="utf-8")
    assert main(["import-procedures", str(DATA), "--code-file", str(listing), "--folder", str(root)]) == 0
    out = capsys.readouterr()
    assert "không có thủ tục mã 9.999999" in out.err
    assert sorted(p.record.code for p in load_site(root).procedures) == sorted(wanted)
