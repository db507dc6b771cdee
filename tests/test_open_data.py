"""Open data (du-lieu/) and schema.org JSON-LD, read from the demo as it is built: every export against its published
schema, the records loaded back, the CSVs read as Excel reads them, the catalogue (data.json) against the files, the
JSON-LD of a procedure against its fee table, and a rebuild byte for byte. congkhai/publish/open_data.py, jsonld.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import Built
from helpers import REPO, mkdocs_build

from congkhai import load_site
from congkhai.content import model as m
from congkhai.publish import jsonld
from congkhai.publish.open_data import csv_cell

BUILD_DATE = dt.date(2026, 11, 21)
DATA = "du-lieu"


@pytest.fixture(scope="module")
def site():
    """The demo's records as congkhai loads them: what the exports must give back."""
    return load_site(REPO, build_date=BUILD_DATE)


def _folder(demo: Built) -> Path:
    return demo.site_dir / DATA


def _files(demo: Built, *suffixes: str) -> list[Path]:
    return sorted(p for p in _folder(demo).rglob("*") if p.is_file() and p.name.endswith(suffixes)
                  and "schema" not in p.relative_to(_folder(demo)).parts)


def _catalog(demo: Built) -> dict:
    return json.loads((_folder(demo) / "data.json").read_text(encoding="utf-8"))


def _distributions(demo: Built) -> list[dict]:
    return [d for ds in _catalog(demo)["dataset"] for d in ds["distribution"]]


def _schema_of(demo: Built, path: Path) -> dict:
    """The schema data.json names for a file (its describedBy, relative to data.json)."""
    name = path.relative_to(_folder(demo)).as_posix()
    found = [d["describedBy"] for d in _distributions(demo) if d["downloadURL"] == name]
    assert len(found) == 1, name
    return json.loads((_folder(demo) / found[0]).read_text(encoding="utf-8"))


def _columns(schema: dict) -> list[str]:
    item = schema["$defs"][schema["items"]["$ref"].rsplit("/", 1)[1]] if schema.get("type") == "array" else schema
    return list(item["properties"])


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    """As Excel opens it: the bytes start with the UTF-8 byte order mark; then plain csv."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


# --------------------------------------------------------------------------- schemas


def test_every_export_validates_against_its_published_schema(demo):
    checked = 0
    for path in _files(demo, ".json", ".jsonl"):
        if path.name == "data.json":
            continue
        schema = _schema_of(demo, path)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        text = path.read_text(encoding="utf-8")
        documents = [json.loads(line) for line in text.splitlines()] if path.suffix == ".jsonl" else [json.loads(text)]
        for document in documents:
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
            assert not errors, f"{path.name}: {errors[0].message[:200]} at {list(errors[0].absolute_path)}"
            checked += 1
    assert checked > 50  # 41 procedures one by one, the JSON Lines file and each table


def test_the_schemas_refuse_what_the_files_must_not_hold(demo):
    """The schemas are not empty shells: a wrong type, a missing field or an unknown one is refused."""
    record = json.loads((_folder(demo) / "thu-tuc" / "1.000173.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(_schema_of(demo, _folder(demo) / "thu-tuc" / "1.000173.json"),
                                                format_checker=jsonschema.FormatChecker())
    assert validator.is_valid(record)
    assert not validator.is_valid({**record, "fees": [{**record["fees"][0], "amount": "200.000 đồng"}]})
    assert not validator.is_valid({**record, "status": "còn dùng được"})
    assert not validator.is_valid({**record, "effective_from": "12/09/2023"})
    assert not validator.is_valid({**record, "unknown_field": 1})
    assert not validator.is_valid({k: v for k, v in record.items() if k != "name"})
    fees = json.loads((_folder(demo) / "phi-le-phi.json").read_text(encoding="utf-8"))
    fee_validator = jsonschema.Draft202012Validator(_schema_of(demo, _folder(demo) / "phi-le-phi.json"))
    assert not fee_validator.is_valid([{k: v for k, v in fees[0].items() if k != "procedure_code"}])
    assert not fee_validator.is_valid([{**fees[0], "in_force": "có"}])


def test_the_files_follow_the_model_field_by_field(demo):
    """Every field of the model is in the record's schema and in each record, and in the table unless it is a list
    of records (left to the JSON): a field added to the model appears without a change to the exporter."""
    record_schema = _schema_of(demo, _folder(demo) / "thu-tuc.jsonl")
    assert list(record_schema["properties"]) == list(m.Procedure.model_fields)
    for line in (_folder(demo) / "thu-tuc.jsonl").read_text(encoding="utf-8").splitlines():
        assert list(json.loads(line)) == list(m.Procedure.model_fields)
    header, _ = _read_csv(_folder(demo) / "thu-tuc.csv")
    for name, info in m.Procedure.model_fields.items():
        nested = re.search(r"congkhai\.content\.model\.(\w+)", str(info.annotation))
        listed = "list[" in str(info.annotation)
        if nested and nested[1] not in ("Duration",) and not listed:
            assert any(h.startswith(name + "_") for h in header), name  # flattened: announcement_number...
        elif not (nested and listed):
            assert name in header, name
    for path, model in [("can-bo.json", m.Official), ("don-vi.json", m.Unit), ("linh-vuc.json", m.FieldOfWork),
                        ("van-ban.json", m.LegalDocument), ("ke-hoach.json", m.Plan)]:
        assert _columns(_schema_of(demo, _folder(demo) / path)) == list(model.model_fields), path
    tasks = _columns(_schema_of(demo, _folder(demo) / "nhiem-vu.json"))
    assert [c for c in tasks if c in m.Task.model_fields] == list(m.Task.model_fields)
    fees = _columns(_schema_of(demo, _folder(demo) / "phi-le-phi.json"))
    assert [c for c in fees if c in m.Fee.model_fields] == list(m.Fee.model_fields)


# --------------------------------------------------------------------------- round trip


def test_loading_an_export_gives_back_the_same_records(demo, site):
    folder = _folder(demo)
    by_code = {e.record.code: e.record for e in site.procedures}
    one_by_one = {p.stem: m.Procedure.model_validate(json.loads(p.read_text(encoding="utf-8")))
                  for p in sorted((folder / "thu-tuc").glob("*.json"))}
    assert one_by_one == by_code
    lines = [m.Procedure.model_validate(json.loads(line))
             for line in (folder / "thu-tuc.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == sorted(by_code.values(), key=lambda p: p.code)

    def load(name, model):
        return [model.model_validate(r) for r in json.loads((folder / name).read_text(encoding="utf-8"))]

    assert load("can-bo.json", m.Official) == list(site.officials.values())
    assert load("don-vi.json", m.Unit) == list(site.units.values())
    assert load("linh-vuc.json", m.FieldOfWork) == list(site.fields.values())
    assert load("van-ban.json", m.LegalDocument) == list(site.legal.values())
    plans = load("ke-hoach.json", m.Plan)
    assert plans == [e.record for e in site.plans]
    # the parts a plain dump would lose: deadlines as the plan wrote them, and what they mean
    tasks = [t for p in plans for t in p.tasks]
    assert any(t.deadline and t.deadline.due for t in tasks) and any(t.deadline and t.deadline.kind == "yearly"
                                                                     for t in tasks)


def test_a_record_that_differs_is_not_taken_for_the_same(demo, site):
    """The comparison the round trip rests on sees a change in one nested value."""
    record = json.loads((_folder(demo) / "thu-tuc" / "1.000173.json").read_text(encoding="utf-8"))
    record["fees"][0]["amount"] += 1
    assert m.Procedure.model_validate(record) != site.by_code["1.000173"].record


# --------------------------------------------------------------------------- CSV


def test_each_csv_reads_back_with_its_columns_and_vietnamese_text(demo):
    folder = _folder(demo)
    csvs = _files(demo, ".csv")
    assert {p.name for p in csvs} == {"thu-tuc.csv", "phi-le-phi.csv", "can-bo.csv", "don-vi.csv", "linh-vuc.csv",
                                      "van-ban.csv", "ke-hoach.csv", "nhiem-vu.csv", "yeu-cau-cong-khai.csv",
                                      "thong-ke.csv"}
    for path in csvs:
        header, rows = _read_csv(path)
        assert header == _columns(_schema_of(demo, path)), path.name
        assert rows, path.name
        raw = path.read_bytes()  # records end in CRLF (a line break inside a quoted cell stays as written)
        assert raw.endswith(b"\r\n") and raw.split(b"\n", 1)[0].endswith(b"\r"), path.name
        text = path.read_text(encoding="utf-8-sig")
        assert "Ã" not in text and "áº" not in text, path.name  # no UTF-8 read as Windows-1252 anywhere
        twin = path.with_suffix(".json")
        if twin.exists() and _schema_of(demo, twin) == _schema_of(demo, path):  # the JSON's rows, cell by cell
            for row, item in zip(rows, json.loads(twin.read_text(encoding="utf-8")), strict=True):
                assert row == {k: csv_cell(v) for k, v in item.items()}, path.name
    # Vietnamese as the content files write it, read independently of congkhai
    _, officials = _read_csv(folder / "can-bo.csv")
    assert [o["name"] for o in officials] == [o["name"] for o in demo.officials.values()]
    assert "Trưởng phòng" in " ".join(o["title"] for o in officials)
    _, procedures = _read_csv(folder / "thu-tuc.csv")
    names = {p["code"]: p["name"] for p in demo.procedures.values()}
    assert {p["code"]: p["name"] for p in procedures} == names
    assert any("bức xạ" in p["name"] for p in procedures)
    _, fees = _read_csv(folder / "phi-le-phi.csv")
    expected = [(p["code"], f["name"]) for p in sorted(demo.procedures.values(), key=lambda p: p["code"])
                for f in p.get("fees") or []]
    assert [(f["procedure_code"], f["name"]) for f in fees] == expected
    assert {f["in_force"] for f in fees} <= {"có", "không"}
    _, tasks = _read_csv(folder / "nhiem-vu.csv")
    assert {t["status"] for t in tasks} <= {"chưa thực hiện", "đang thực hiện", "hoàn thành", "không thực hiện"}
    assert any(t["overdue"] == "có" for t in tasks) and all(re.fullmatch(r"(\d{4}-\d\d-\d\d)?", t["due_date"])
                                                            for t in tasks)
    _, results = _read_csv(folder / "yeu-cau-cong-khai.csv")
    assert {r["result_status"] for r in results} <= {"đạt", "chưa đạt", "không áp dụng"}
    assert "chưa đạt" in {r["result_status"] for r in results}  # the demo's unmet targets, as the dashboard shows


def test_the_tracker_and_the_dashboard_say_what_the_files_say(demo):
    """Overdue tasks and unmet requirements: the same on the pages and in the data."""
    _, tasks = _read_csv(_folder(demo) / "nhiem-vu.csv")
    tracker = BeautifulSoup(demo.page("ke-hoach/theo-doi"), "html.parser")
    overdue_rows = tracker.select("tr.ck-is-overdue")
    assert len(overdue_rows) == sum(t["overdue"] == "có" for t in tasks) > 0
    _, results = _read_csv(_folder(demo) / "yeu-cau-cong-khai.csv")
    dashboard = demo.page("cong-khai")
    for r in results:
        assert r["wording"][:40] in dashboard or r["id"] in dashboard, r["id"]


def test_a_text_that_starts_like_a_formula_is_not_a_formula_in_excel():
    assert csv_cell('=HYPERLINK("http://x","bấm")') == '\'=HYPERLINK("http://x","bấm")'
    assert csv_cell("+84 912 345 678") == "'+84 912 345 678"
    assert csv_cell("- Nộp hồ sơ") == "'- Nộp hồ sơ"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell(2000000) == "2000000" and csv_cell(True) == "có" and csv_cell(None) == ""
    assert csv_cell(["a", "b"]) == "a; b"
    assert csv_cell([{"case": "Thiết bị", "amount": 1}]) == '[{"case":"Thiết bị","amount":1}]'


# --------------------------------------------------------------------------- the catalogue and the page


def test_data_json_lists_every_file_with_a_download_url_that_exists(demo):
    catalog = _catalog(demo)
    assert catalog["@type"] == "dcat:Catalog" and catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    folder = _folder(demo)
    listed = []
    for ds in catalog["dataset"]:
        # DCAT-US 1.1 (Project Open Data): what a harvester needs of each dataset
        for key in ("title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier",
                    "accessLevel", "license", "distribution"):
            assert ds.get(key), (ds.get("title"), key)
        assert ds["accessLevel"] == "public" and ds["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", ds["modified"]) and ds["contactPoint"]["hasEmail"].startswith("mailto:")
        assert ds["publisher"]["name"] == "Sở Khoa học và Công nghệ tỉnh Lạc Hồng"
        for d in ds["distribution"]:
            assert re.fullmatch(r"[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?", d["mediaType"]), d
            assert (folder / d["downloadURL"]).is_file(), d["downloadURL"]
            assert (folder / d["describedBy"]).is_file(), d["describedBy"]
            listed.append(d["downloadURL"])
    on_disk = [p.relative_to(folder).as_posix() for p in _files(demo, ".json", ".jsonl", ".csv")
               if p.name != "data.json"]
    assert sorted(listed) == sorted(on_disk)
    assert len(set(listed)) == len(listed)
    schemas = {p.relative_to(folder).as_posix() for p in (folder / "schema").glob("*.schema.json")}
    assert schemas == {d["describedBy"] for d in _distributions(demo)}  # every schema describes a file
    assert len({ds["identifier"] for ds in catalog["dataset"]}) == len(catalog["dataset"])


def test_the_page_lists_every_file_with_its_size_and_date_and_the_licence(demo):
    page = BeautifulSoup(demo.page(DATA), "html.parser")
    # the page is du-lieu/: a link "../du-lieu/can-bo.csv" is the file can-bo.csv of the folder
    links = {posixpath.normpath(posixpath.join(DATA, a["href"])).removeprefix(DATA + "/"): a
             for a in page.select("article a[href]") if not a["href"].startswith(("http", "#"))}
    folder = _folder(demo)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name == "index.html":
            continue
        name = path.relative_to(folder).as_posix()
        assert name in links, name
        size = path.stat().st_size
        words = f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else None
        context = links[name].find_parent(["tr", "li", "p"])
        if words and path.parent.name != "schema":
            assert words in context.get_text(" "), (name, words, context.get_text(" ")[:200])
    text = " ".join(page.get_text(" ").split())
    assert "CC BY 4.0" in text and "ghi nguồn" in text
    assert "21/11/2026" in text
    # the fields of each file, by their Vietnamese titles
    assert "Mã thủ tục" in text and "Hạn hoàn thành (tính được)" in text and "Tiếp nhận trong kỳ" in text


def test_the_page_is_readable_on_a_phone_and_passes_axe(demo, chromium):
    from browser import DESKTOP, PHONE, SiteServer, axe_violations, screenshot
    with SiteServer(demo.site_dir) as server:
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page = chromium.new_page(viewport=viewport)
            page.goto(server.url + DATA + "/")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
            assert axe_violations(page) == [], name
            screenshot(page, f"du-lieu-{name}")
            page.close()


# --------------------------------------------------------------------------- JSON-LD


def _json_ld(html: str) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", attrs={"type": "application/ld+json"})]


def _amount(raw: str) -> int:
    return int(raw.replace(".", ""))


def test_a_procedure_page_names_its_service_fees_and_provider(demo):
    for slug, expected in [("cap-chung-chi-nhan-vien-buc-xa", [200000]),
                           ("cap-giay-phep-x-quang-chan-doan", None)]:
        html = demo.page(f"thu-tuc/{slug}")
        [service] = _json_ld(html)
        front = demo.procedures[slug]
        assert service["@type"] == "GovernmentService" and service["identifier"] == front["code"]
        assert service["name"] == front["name"]
        assert service["provider"]["@type"] == "GovernmentOrganization"
        assert service["provider"]["name"] == "Sở Khoa học và Công nghệ tỉnh Lạc Hồng"
        assert service["areaServed"]["name"] == "tỉnh Lạc Hồng"
        assert service["serviceType"] == next(f["name"] for f in demo.fields if f["id"] == front["field"])
        prices = [o["price"] for o in service["offers"]]
        assert all(o["priceCurrency"] == "VND" for o in service["offers"])
        # the fee table's amounts, from the front matter (a fixed amount, or a table of cases)
        fees = [f for f in front["fees"] if not f.get("valid_until")]
        table = [_amount(f["amount"]) for f in fees if "amount" in f]
        table += [_amount(c["amount"]) for f in fees for c in f.get("cases") or []]
        assert prices == (expected or table) and prices, slug
        page_text = BeautifulSoup(html, "html.parser").select_one("#phi-le-phi").find_parent("section") or html
        for price in prices:  # and the page's own fee table shows each of them
            assert f"{price:,}".replace(",", ".") + " đồng" in str(page_text), (slug, price)


def test_the_online_channel_leads_to_the_procedures_own_address(demo):
    slug = next(s for s, p in demo.procedures.items() if p.get("online_url") and p.get("status", "đang áp dụng")
                == "đang áp dụng")
    [service] = _json_ld(demo.page(f"thu-tuc/{slug}"))
    online = [c for c in service["availableChannel"] if c.get("serviceUrl")]
    assert [c["serviceUrl"] for c in online] == [demo.procedures[slug]["online_url"]]


def test_a_free_procedure_is_offered_at_no_cost_and_a_retired_one_is_not_offered(demo):
    free = next(s for s, p in demo.procedures.items() if not p.get("fees") and p.get("status", "") in ("", "đang áp dụng"))
    [service] = _json_ld(demo.page(f"thu-tuc/{free}"))
    assert [(o["price"], o["priceCurrency"]) for o in service["offers"]] == [(0, "VND")]
    assert _json_ld(demo.page("thu-tuc/khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te")) == []  # đã thay thế


def test_the_home_page_names_the_department(demo):
    [org] = _json_ld(demo.page(""))
    assert org["@context"] == "https://schema.org" and org["@type"] == "GovernmentOrganization"
    assert org["name"] == "Sở Khoa học và Công nghệ tỉnh Lạc Hồng"
    assert org["telephone"] == "+842003812000" and org["email"] == "skhcn@lachong.example.vn"
    assert org["address"]["streetAddress"].startswith("Số 18 đường Trần Đại Nghĩa")
    assert org["url"] == "./"
    assert [c["telephone"] for c in org["contactPoint"]] == ["+842003812100", "+842003812111"]


def test_nothing_typed_into_a_record_ends_the_script_element():
    hostile = 'Cấp phép </script><script>alert(1)</script> <!-- <script> & "trích dẫn"'
    html = f"<body>{jsonld.script({'name': hostile})}<p>sau</p></body>"
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1 and soup.find("p").get_text() == "sau"
    assert json.loads(scripts[0].string) == {"name": hostile}
    assert "<" not in scripts[0].string and "&" not in scripts[0].string


# --------------------------------------------------------------------------- reproducible


def test_a_rebuild_gives_the_same_bytes(demo, tmp_path):
    site_dir = tmp_path / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(demo.site_dir).as_posix(): p.read_bytes() for p in _folder(demo).rglob("*") if p.is_file()}
    again = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in (site_dir / DATA).rglob("*") if p.is_file()}
    assert sorted(first) == sorted(again)
    assert [name for name in first if first[name] != again[name]] == []
    # and the JSON-LD of a page with it
    assert _json_ld(demo.page("thu-tuc/cap-chung-chi-nhan-vien-buc-xa")) == \
        _json_ld((site_dir / "thu-tuc/cap-chung-chi-nhan-vien-buc-xa/index.html").read_text(encoding="utf-8"))
