"""The web editor (/quan-tri/, Sveltia CMS) and the JSON Schemas, both generated from the model.

- The committed files (docs/quan-tri/config.yml, docs/quan-tri/index.html, docs/schema/*.schema.json) are what
  the model and mkdocs.yml generate, byte for byte; a test fails with the command to run when they are stale
  (also when the model changes: a copy of the package with one title changed).
- Every content file of the demo, read as congkhai reads it, validates against its kind's schema; the schemas'
  patterns accept only what the model's parsers accept (phone numbers: both ways, on generated texts).
- The editor's configuration validates against Sveltia CMS's own configuration schema, follows the model field
  by field, and the demo's files hold nothing the editor would show or write back wrong (editor_problems).
- In Chromium, served by nginx with deploy/nginx/congkhai.conf: the editor's sign-in screen in Vietnamese with no
  console error, no Content-Security-Policy violation and no request outside the site; then a procedure edited
  in a local folder (the File System Access API, given a folder of the browser's own storage) and saved: the
  file it writes is one congkhai reads, with the edit and the fee unchanged. Screenshots: tests/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st
from jsonschema import Draft7Validator, Draft202012Validator
from pydantic import TypeAdapter, ValidationError

from browser import DESKTOP, PHONE, SCREENSHOTS
from helpers import REPO
from congkhai.common.text import phone_digits
from congkhai.content import model as m
from congkhai.content.source import read_markdown, read_yaml
from congkhai.content.validate import check_record
from congkhai.content.vocab import Channel, Part
from congkhai.publish import editor, schemas

DOCS = REPO / "docs"
SVELTIA_SCHEMA = Path(__file__).parent / "vendor" / "sveltia-cms" / "sveltia-cms.schema.json"


# ------------------------------------------------------------------ committed files are the generated ones


def test_the_committed_editor_config_and_schemas_are_up_to_date(tmp_path):
    """Generated again into an empty portal folder (with this mkdocs.yml) and compared byte for byte."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    editor.write_generated(tmp_path)
    differ = [rel for rel in editor.generated_files(REPO)
              if not (DOCS / rel).is_file() or (DOCS / rel).read_bytes() != (tmp_path / "docs" / rel).read_bytes()]
    assert differ == [], (f"stale generated files: {differ}; run `{editor.COMMAND}` "
                          "(or `python -m congkhai.publish.editor`) and commit the result")
    assert editor.stale(REPO) == []


def _portal_copy(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    (root / "docs").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in (editor.FOLDER, "schema"):
        shutil.copytree(DOCS / folder, root / "docs" / folder)
    return root


def test_staleness_is_found_and_told_with_the_command(tmp_path):
    root = _portal_copy(tmp_path)
    assert editor.stale(root) == []
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("repo: so-khcn-lac-hong/congkhai",
                                                                 "repo: so-y-te/cong-khai"), encoding="utf-8")
    schema = root / "docs" / "schema" / "officials.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("Họ và tên", "Họ tên"), encoding="utf-8")
    (root / "docs" / editor.FOLDER / "index.html").unlink()
    (root / "docs" / "schema" / "cu.schema.json").write_text("{}", encoding="utf-8")
    found = editor.stale(root)
    assert [line.split(":")[0] for line in found] == [
        "docs/quan-tri/config.yml", "docs/quan-tri/index.html", "docs/schema/officials.schema.json",
        "docs/schema/cu.schema.json"], found
    assert all(editor.COMMAND in line for line in found[:3]) and "xóa" in found[3]
    written = editor.write_generated(root)
    assert {p.relative_to(root).as_posix() for p in written} == {
        "docs/quan-tri/config.yml", "docs/quan-tri/index.html", "docs/schema/officials.schema.json"}
    assert "repo: so-y-te/cong-khai" in (root / "docs/quan-tri/config.yml").read_text(encoding="utf-8")


def test_a_change_in_the_model_makes_the_committed_files_stale(tmp_path):
    """A copy of the package whose model gives one field another title: the editor config and the schema of
    that kind are stale, and nothing else."""
    shutil.copytree(REPO / "congkhai", tmp_path / "congkhai", ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "congkhai" / "content" / "model.py"
    text = model.read_text(encoding="utf-8")
    assert text.count('title="Mã đơn vị"') == 1
    model.write_text(text.replace('title="Mã đơn vị"', 'title="Mã của đơn vị"'), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", "import sys; from congkhai.publish.editor import stale; "
                             "print('\\n'.join(stale(sys.argv[1])))", str(REPO)],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "docs/quan-tri/config.yml", "docs/schema/units.schema.json"], result.stdout


# ------------------------------------------------------------------ JSON Schema


def _content_files():
    for kind in schemas.KINDS.values():
        for path in sorted(REPO.glob(kind.files)):
            yield kind, path


def _read(path: Path):
    rel = path.relative_to(REPO).as_posix()
    source, problems = (read_markdown if path.suffix == ".md" else read_yaml)(path, rel)
    assert source is not None, problems
    return source


def test_every_schema_is_a_valid_json_schema_with_vietnamese_titles():
    for kind in schemas.KINDS.values():
        schema = json.loads((DOCS / "schema" / f"{kind.name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == schemas.DIALECT
        record = schema["$defs"][kind.model.__name__] if kind.many else schema
        for name, info in kind.model.model_fields.items():
            assert record["properties"][name]["title"] == info.title, (kind.name, name)
            if info.description:
                assert record["properties"][name]["description"] == info.description, (kind.name, name)
    procedure = schemas.schema_for(schemas.KINDS["procedure"])["properties"]
    assert procedure["code"]["title"] == "Mã thủ tục" and procedure["code"]["pattern"] == r"^(?:[1-9]\.[0-9]{6})$"


def test_every_demo_content_file_validates_against_its_schema():
    count = 0
    errors = []
    for kind, path in _content_files():
        validator = Draft202012Validator(schemas.schema_for(kind))
        errors += [f"{path.relative_to(REPO)}: {list(e.absolute_path)}: {e.message[:200]}"
                   for e in validator.iter_errors(_read(path).data)]
        count += 1
    assert errors == [], "\n".join(errors[:20])
    assert count > 50
    assert {kind.name for kind, _ in _content_files()} == set(schemas.KINDS)


def _valid(kind: str, data) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}"
            for e in Draft202012Validator(schemas.schema_for(schemas.KINDS[kind])).iter_errors(data)]


def test_the_schema_describes_the_text_files_hold_not_pydantic_types():
    """Dates as dd/mm/yyyy, amounts as "1.500.000", times as "10 ngày làm việc", a lone value for a list, a
    step as its name; the model's refusals are the schema's."""
    src = _read(REPO / "procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md")
    good = json.loads(json.dumps(src.data))
    assert _valid("procedure", good) == []
    variants = {
        ("effective_from",): ("15/05/2024", "2024-05-15"), ("processing_time",): ("10 ngày làm việc", "không quy định"),
        ("fees", 0, "amount"): ("200.000", "200000", 200000), ("levels",): ("cấp tỉnh", ["Cấp Tỉnh"]),
        ("steps", 0): ("Nộp hồ sơ",), ("internal",): ("có", "không", True),
    }
    refused = {
        ("effective_from",): ("2024/05/15", "15-05-2024"), ("processing_time",): ("10 tuần", "0 ngày"),
        ("fees", 0, "amount"): ("200.000 đồng", "200,000"), ("code",): (1.000173, "1.00017"),
        ("levels",): ("cấp thành phố",), ("internal",): ("hình như có",), ("status",): ("còn dùng",),
    }

    def with_value(loc, value):
        data = json.loads(json.dumps(good))
        target = data
        for key in loc[:-1]:
            target = target[key]
        target[loc[-1]] = value
        return data

    for loc, values in variants.items():
        for value in values:
            data = with_value(loc, value)
            assert _valid("procedure", data) == [], (loc, value)
            assert check_record(m.Procedure, data, src)[1] == [], (loc, value)  # the model agrees
    for loc, values in refused.items():
        for value in values:
            data = with_value(loc, value)
            assert _valid("procedure", data) != [], (loc, value)
            assert check_record(m.Procedure, data, src)[1] != [], (loc, value)


def test_a_part_listed_as_missing_may_be_left_out_and_only_then():
    good = _read(REPO / "procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md").data
    without = {k: v for k, v in good.items() if k != "conditions"}
    assert any("conditions" in e for e in _valid("procedure", without))
    assert _valid("procedure", {**without, "missing": ["conditions"]}) == []
    assert _valid("procedure", {**without, "missing": "conditions"}) == []
    assert [p for p in Part if p.value in schemas.schema_for(schemas.KINDS["procedure"]).get("required", [])] == []


def _accepts(tp, text: str) -> bool:
    try:
        TypeAdapter(tp).validate_python(text)
        return True
    except ValidationError:
        return False


def _pattern_of(fragment: dict) -> str:
    return editor._pattern(fragment)  # noqa: SLF001


SAMPLES = {
    m.VDate: ["15/05/2024", "1/5/2024", "2024-05-15", "31/02/2024", "15/5/24", "15.05.2024", " 15/05/2024",
              "2024-5-15", "１5/05/2024"],
    m.Money: ["1.500.000", "1500000", "0", "1.500.00", "1,500,000", "1.500.000 đồng", "1 500 000", "12.345.678.901"],
    m.Code: ["1.000173", "1.00017", "0.000173", "1.0001733", "1.000173 "],
    m.LocalCode: ["1.000173.000.00.00.H58", "1.011937.H06", "1.000173.H5", "1.000173.000.00.H58"],
    m.Slug: ["van-phong", "Van-phong", "van--phong", "van_phong", "-van", "van-phong-2"],
    m.Email: ["ten@coquan.gov.vn", "ten@coquan", "ten coquan@gov.vn", "a@b.vn"],
    m.Url: ["https://dichvucong.gov.vn/p/home", "/thu-tuc/", "ftp://x", "dichvucong.gov.vn", "https://a b"],
    m.FormFile: ["mau/don.docx", "mau/Don.PDF", "../don.docx", "mau/.an.docx", "mau/don.exe", "don.xlsx"],
    m.Count: ["0", "12", "1.000", "-1", "1,5"],
    m.Percent: ["0,1", "75", "100", "0", "101", "0.5", "abc"],
    m.Flag: ["có", "không", "Có", "true", "hình như"],
    m.Duration: ["10 ngày làm việc", "1 tháng", "không quy định", "Không quy định", "0 ngày", "10 tuần", "10"],
    m.PartialDate: ["18/11/2019", "…/11/2022", "2022", "13/2022", "18-11-2019"],
    m.Period: ["Quý 3/2026", "Quý IV/2026", "Tháng 09/2026", "Năm 2026", "Quý 5/2026", "Kỳ 1/2026"],
}


def test_what_a_schema_pattern_accepts_the_model_accepts():
    """On texts around each type's edge: accepted by the schema ⇒ accepted by the model (the schema may be
    stricter, never looser); the plain forms are accepted by both."""
    scalars = schemas.scalar_schemas()
    for tp, texts in SAMPLES.items():
        if tp in schemas.STRING_MODELS:
            pattern = schemas.STRING_MODELS[tp]["pattern"]
        else:
            fragment = scalars[schemas.before_validator(tp)]
            branches = [fragment, *fragment.get("anyOf", [])]
            enum = next((b["enum"] for b in branches if "enum" in b), None)
            pattern = None if enum else _pattern_of(fragment)
        for text in texts:
            by_schema = bool(re.search(pattern, text)) if pattern else text in enum
            by_model = _accepts(tp, text)
            if tp is m.VDate and by_schema:  # a date that does not exist is told by the model, not the pattern
                by_model = by_model or "31/02" in text
            assert not by_schema or by_model, (tp, text)
        assert any(re.search(pattern, t) if pattern else t in enum for t in texts[:1]), tp


@given(st.text(alphabet="0123456789 .-()+", max_size=18))
def test_the_phone_pattern_is_the_models_phone_rule(text):
    assert bool(re.search(_pattern_of(schemas.scalar_schemas()[schemas.before_validator(m.Phone)]), text)) == (
        bool(text.strip()) and phone_digits(text.strip()) is not None)


# ------------------------------------------------------------------ the editor's configuration


def _config() -> dict:
    return yaml.safe_load((DOCS / editor.FOLDER / "config.yml").read_text(encoding="utf-8"))


def test_the_editor_config_is_valid_for_sveltia_cms():
    """Against the configuration schema Sveltia CMS publishes with the vendored version."""
    schema = json.loads(SVELTIA_SCHEMA.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message[:300]}" for e in Draft7Validator(schema).iter_errors(_config())]
    assert errors == [], "\n".join(errors[:10])


def _collection(name: str) -> dict:
    return next(c for c in _config()["collections"] if c["name"] == name)


def test_the_editor_follows_the_model_field_by_field():
    procedure = _collection("thu-tuc")
    assert procedure["folder"] == "procedures" and procedure["nested"] == {"subfolders": False}
    fields = {f["name"]: f for f in procedure["fields"]}
    assert [f["name"] for f in procedure["fields"]] == [*m.Procedure.model_fields, "body"]  # the model's order
    for name, info in m.Procedure.model_fields.items():
        assert fields[name]["label"] == info.title
        if info.description:
            assert fields[name]["hint"].startswith(info.description)
    assert fields["code"]["required"] is True and fields["summary"]["required"] is False
    # a part the `missing` list may name is not required by the editor, and says when it is
    assert fields["conditions"]["required"] is False and "Bộ phận chưa có thông tin" in fields["conditions"]["hint"]
    assert fields["code"]["pattern"][0] == schemas.ecma(schemas.checked_pattern(m.Code))
    assert fields["status"]["widget"] == "select" and "Bỏ trống: “Đang áp dụng”." in fields["status"]["hint"]
    assert fields["levels"] == {**fields["levels"], "widget": "select", "multiple": True, "min": 1}
    fees = {f["name"]: f for f in fields["fees"]["fields"]}
    assert [o["value"] for o in fees["channels"]["options"]] == Channel.choices()
    assert fees["amount"]["pattern"][0] == schemas.ecma(m.MONEY_TEXT.pattern)
    assert fields["processing_time"]["pattern"][0] == schemas.DURATION["pattern"]
    assert fields["results"]["field"]["widget"] == "string"  # results are written by their names
    officials = next(f for f in _collection("danh-muc")["files"] if f["file"] == "data/officials.yml")
    (items,) = officials["fields"]
    assert items["root"] is True and [f["name"] for f in items["fields"]] == list(m.Official.model_fields)
    phone = next(f for f in items["fields"] if f["name"] == "phone")
    assert re.search(phone["pattern"][0], "0200 3812 345") and not re.search(phone["pattern"][0], "3812 345")
    assert {c.get("folder") or c["files"][0]["file"] for c in _config()["collections"]} == {
        "procedures", "plans", "data/statistics", "data/department.yml"}


def test_the_demo_content_is_safe_to_edit_in_the_web_editor():
    """Nothing the editor would read differently from congkhai (a fee "200.000" read as the number 200) or
    could not show (a lone value where a list goes)."""
    assert editor.editor_problems(REPO) == []


def test_editor_problems_names_each_unsafe_value(tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(REPO / "procedures" / "an-toan-buc-xa", root / "procedures" / "an-toan-buc-xa")
    shutil.copytree(REPO / "data", root / "data")
    path = root / "procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md"
    text = path.read_text(encoding="utf-8")
    for old, new in (('amount: "200.000"', "amount: 200.000"), ("legal_basis: [287/2016/TT-BTC]",
                                                               "legal_basis: 287/2016/TT-BTC")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    officials = root / "data/officials.yml"
    officials.write_text(officials.read_text(encoding="utf-8").replace('phone: "0200 3812 403"', "phone: 0912345678"),
                         encoding="utf-8")
    found = editor.editor_problems(root)
    assert len(found) == 3, found
    assert re.match(r"procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa\.md:\d+: 200\.000 .*\"200\.000\"", found[0])
    assert found[1].startswith("procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md:")
    assert "[287/2016/TT-BTC]" in found[1]
    assert found[2].startswith("data/officials.yml:") and '"0912345678"' in found[2]


def test_the_editor_page_and_its_files_are_vendored_and_local():
    folder = DOCS / editor.FOLDER
    for name in editor.VENDORED:
        assert (folder / name).is_file(), name
    script = (folder / editor.SCRIPT).read_text(encoding="utf-8")
    assert script.startswith(f"/* Sveltia CMS {editor.SVELTIA_VERSION} (MIT")
    assert f"`{editor.SVELTIA_VERSION}`" in script  # the version the script itself carries
    assert "cdn.jsdelivr.net" not in script and "githubstatus.com/api" not in script
    assert json.loads((folder / "sveltia-cms-version.json").read_text())["version"] == editor.SVELTIA_VERSION
    html = (folder / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources == ["config.yml", editor.LOCALE_SCRIPT, editor.SCRIPT]
    assert "<style" not in html and "style=" not in html and not re.search(r"<script>", html)


# ------------------------------------------------------------------ the built site


def test_the_built_site_serves_the_editor_and_the_schemas_but_lists_neither(demo):
    site = demo.site_dir
    for rel in editor.generated_files(REPO):
        assert (site / rel).read_bytes() == (DOCS / rel).read_bytes(), rel
    assert (site / editor.FOLDER / editor.SCRIPT).stat().st_size > 1_000_000
    assert "quan-tri" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/schema/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for index in [p for p in (site / "search").rglob("*") if p.is_file()] + \
                 [p for p in (site / "pagefind").rglob("*.json") if p.is_file()]:
        assert "quan-tri" not in index.read_text(encoding="utf-8", errors="replace"), index
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "quan-tri" not in home  # no page links the editor


# ------------------------------------------------------------------ the editor in Chromium, behind nginx


@pytest.fixture(scope="module")
def nginx_demo(demo, tmp_path_factory):
    from test_deploy_nginx import Nginx, free_port, server_conf

    port = free_port()
    with Nginx(tmp_path_factory.mktemp("nginx-editor"), server_conf(demo.site_dir, port), port):
        yield f"http://127.0.0.1:{port}/"


class Editor:
    """The editor's page in Chromium, with everything that went wrong kept: console errors and warnings, script
    errors, CSP violations, failed or refused requests, and requests outside the site."""

    def __init__(self, chromium, base: str, viewport: dict):
        from test_deploy_nginx import CSP_LISTENER

        self.base = base
        self.context = chromium.new_context(viewport=viewport, locale="vi-VN")
        self.page = self.context.new_page()
        self.page.add_init_script(CSP_LISTENER)
        self.seen: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.seen.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.seen.append(f"script error: {e}"))
        self.page.on("requestfailed", lambda r: self.seen.append(f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.seen.append(f"HTTP {r.status}: {r.url}"))
        self.page.on("request", lambda r: r.url.startswith(("http:", "https:")) and not r.url.startswith(base)
                     and self.seen.append(f"outside the site: {r.url}"))

    def open(self) -> None:
        self.page.goto(self.base + "quan-tri/")
        self.page.wait_for_load_state("networkidle")
        self.page.get_by_role("button", name="Làm việc với kho mã nguồn cục bộ").wait_for(timeout=20000)

    def problems(self) -> list[str]:
        return self.seen + ["CSP: " + v for v in self.page.evaluate("window.__cspViolations || []")]

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("viewport_name", ["desktop", "phone"])
def test_the_editor_signs_in_in_vietnamese_with_nothing_from_elsewhere(nginx_demo, chromium, viewport_name):
    """The sign-in screen: the configuration read without error (Sveltia shows its configuration errors instead
    of these buttons), Vietnamese words, its fonts from the site, no request outside the site, no CSP violation."""
    page = Editor(chromium, nginx_demo, DESKTOP if viewport_name == "desktop" else PHONE)
    try:
        page.open()
        time.sleep(1)  # its checks after start-up (update, GitHub status) answer from files beside it
        text = page.page.locator("body").inner_text()
        assert "Quản trị nội dung – Sở Khoa học và Công nghệ tỉnh Lạc Hồng" in text
        assert "Đăng nhập bằng mã truy cập" in text  # no OAuth client configured: the token sign-in
        assert "Sign In" not in text and "Work with" not in text
        fonts = page.page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        assert any("Material Symbols" in f for f in fonts), fonts  # its icons, from quan-tri/fonts/
        assert page.problems() == []
        width = page.page.evaluate("document.documentElement.scrollWidth")
        assert width <= (DESKTOP if viewport_name == "desktop" else PHONE)["width"]
        page.shot(f"editor-sign-in-{viewport_name}")
    finally:
        page.close()


# Gives the page a folder of the browser's own storage (the origin private file system) holding `files`, and
# makes the folder picker of "Work with Local Repository" return it: the editor then works as on a real folder.
LOCAL_FOLDER = """async (files) => {
  const storage = await navigator.storage.getDirectory();
  try { await storage.removeEntry("portal", {recursive: true}); } catch (e) {}
  const portal = await storage.getDirectoryHandle("portal", {create: true});
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split("/");
    let folder = portal;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
    const writer = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
  window.showDirectoryPicker = async () => portal;
}"""
READ_BACK = """async (path) => {
  let folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("portal");
  const parts = path.split("/");
  for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
  return await (await (await folder.getFileHandle(parts.at(-1))).getFile()).text();
}"""


def test_a_procedure_edited_in_a_local_folder_is_saved_as_congkhai_reads_it(nginx_demo, chromium, tmp_path):
    files = {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8")
             for folder in ("procedures", "plans", "data") for p in sorted((REPO / folder).rglob("*"))
             if p.suffix in (".md", ".yml")}
    files[".git/HEAD"] = "ref: refs/heads/main\n"
    rel = "procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md"
    page = Editor(chromium, nginx_demo, DESKTOP)
    try:
        page.open()
        page.page.evaluate(LOCAL_FOLDER, files)
        page.page.get_by_role("button", name="Làm việc với kho mã nguồn cục bộ").click()
        page.page.get_by_text("Thủ tục hành chính", exact=True).first.wait_for(timeout=20000)
        page.page.get_by_text("an-toan-buc-xa", exact=True).first.click()
        page.page.get_by_text("chứng chỉ nhân viên bức xạ").first.click()
        summary = page.page.locator('[data-key-path="summary"] textarea')
        summary.wait_for(timeout=20000)
        page.page.wait_for_timeout(1000)  # the list fades out as the entry opens
        page.shot("editor-procedure")
        summary.fill(summary.input_value() + " Sửa thử.")
        page.page.get_by_role("button", name="Lưu").click()
        deadline = time.monotonic() + 20
        while "Sửa thử." not in (saved := page.page.evaluate(READ_BACK, rel)) and time.monotonic() < deadline:
            time.sleep(0.2)
        page.shot("editor-procedure-saved")
        # the officials' list file opens too, with every official
        page.page.goto(page.base + "quan-tri/#/collections/danh-muc/entries/can-bo")
        first = yaml.safe_load((REPO / "data/officials.yml").read_text(encoding="utf-8"))[0]["name"]
        page.page.get_by_text(first).first.wait_for(timeout=20000)
        problems = page.problems()
    finally:
        page.close()
    assert "Sửa thử." in saved, saved[:500]
    written = tmp_path / "saved.md"
    written.write_text(saved, encoding="utf-8")
    source, found = read_markdown(written, rel)
    assert found == [] and source is not None
    record, found = check_record(m.Procedure, source.data, source)
    assert found == [], found
    original, _ = check_record(m.Procedure, _read(REPO / rel).data, _read(REPO / rel))
    assert record.summary == original.summary + " Sửa thử."
    assert record.model_dump(exclude={"summary"}) == original.model_dump(exclude={"summary"})
    assert source.body.strip() == _read(REPO / rel).body.strip()
    assert problems == []
