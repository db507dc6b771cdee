"""`congkhai new` and `congkhai new-portal` (congkhai/scaffold.py).

`new` writes a procedure, plan, official, unit or lĩnh vực generated from the model at the moment it runs: every
field's Vietnamese title is in its comments, every closed list's values are listed, and what staff did not give
is an example that `check` accepts and `examples_left` finds. `new-portal` makes a portal for another department
that `check` accepts and `mkdocs build --strict` builds at once; its pages are opened in Chromium.

The commands are run through a small argparse harness with the module's own `add_parsers` and `run`, the way
congkhai/cli.py wires them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
import yaml
from pydantic import Field, create_model

from helpers import MKDOCS, REPO

from congkhai import scaffold
from congkhai.content.model import FieldOfWork, Official, Plan, Procedure, Text, Unit
from congkhai.content.source import parse_yaml, read_markdown

TODAY = dt.date(2026, 11, 28)


def congkhai(*argv: str, cwd: Path | None = None, capsys=None) -> tuple[int, str, str]:
    """`congkhai <argv>` through the module's parsers: (exit code, stdout, stderr)."""
    parser = argparse.ArgumentParser(prog="congkhai")
    sub = parser.add_subparsers(dest="command", required=True)
    scaffold.add_parsers(sub)
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        try:
            code = scaffold.run(parser.parse_args(list(argv)))
        except SystemExit as exc:  # argparse refused the line
            code = exc.code
    finally:
        os.chdir(old)
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


def check(folder: Path) -> subprocess.CompletedProcess:
    """`congkhai check FOLDER`, as staff run it."""
    return subprocess.run([sys.executable, "-m", "congkhai", "check", str(folder)], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def demo(tmp_path) -> Path:
    """A copy of the demo portal's content."""
    for name in ("data", "docs", "procedures", "plans"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


def _comments(text: str) -> str:
    """The comments of a YAML text as one line of words (a title may be wrapped over two comment lines)."""
    return " ".join(line.strip()[1:].strip() for line in text.splitlines() if line.strip().startswith("#"))


def _front(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[0]


def _shows_the_whole_model(text: str, model) -> list[str]:
    """What of `model` (and every model nested in it) the commented text does not show."""
    words = _comments(text)
    missing = []
    for m in scaffold.models_in(model):
        for name, info in m.model_fields.items():
            if info.title and info.title not in words:
                missing.append(f"{m.__name__}.{name}: title {info.title!r}")
            vocab, _ = scaffold._vocab_in(info.annotation)
            for choice in vocab.choices() if vocab else []:
                if f'"{choice}"' not in words:
                    missing.append(f"{m.__name__}.{name}: choice {choice!r}")
    for name, info in model.model_fields.items():  # a required field is written, not only described
        if info.is_required() and not re.search(rf"(?m)^ *(- )?{name}:", text):
            missing.append(f"{model.__name__}.{name}: required field not written")
    return missing


# --------------------------------------------------------------------------- congkhai new


def test_new_procedure_then_check_passes(demo, capsys):
    code, out, err = congkhai("new", "procedure", "--code", "1.000999", "--name", "Thủ tục cấp giấy phép tiến hành "
                              "công việc bức xạ (sử dụng thiết bị X-quang)", "--field", "an-toan-buc-xa",
                              "--folder", str(demo), capsys=capsys)
    assert code == 0, err
    path = demo / "procedures" / "an-toan-buc-xa" / "cap-giay-phep-tien-hanh-cong-viec-buc-xa.md"
    assert path.is_file() and str(path.relative_to(demo)) in out
    assert "giá trị ví dụ" in out
    result = check(demo)
    assert result.returncode == 0, result.stderr
    assert f"{len(list((demo / 'procedures').rglob('*.md')))} thủ tục" in result.stdout
    # the values given are the record's; the code is written in quotes, as the README asks
    front = _front(path)
    assert '\ncode: "1.000999"\n' in front and "\nfield: an-toan-buc-xa\n" in front


def test_the_procedure_file_shows_every_field_of_the_model(demo, capsys):
    congkhai("new", "thu-tuc", "--code", "1.000999", "--name", "Thủ tục thử", "--field", "an-toan-buc-xa", "--slug",
             "thu-tuc-thu", "--folder", str(demo), capsys=capsys)
    text = _front(demo / "procedures" / "an-toan-buc-xa" / "thu-tuc-thu.md")
    assert _shows_the_whole_model(text, Procedure) == []
    # optional fields are there to uncomment, with their meaning
    assert "\n# local_code:\n" in text and "Mã thủ tục địa phương (không bắt buộc)" in _comments(text)
    assert "(bắt buộc)" in _comments(text)


@pytest.mark.parametrize("kind, argv, model, file", [
    ("official", ["--name", "Nguyễn Văn Bình", "--title", "Chuyên viên Văn phòng", "--unit", "van-phong", "--phone",
                  "0912 345 678", "--field", "an-toan-buc-xa", "--desk-role", "công chức tiếp nhận"], Official,
     "data/officials.yml"),
    ("unit", ["--id", "phong-moi", "--name", "Phòng Mới", "--phone", "0200 3812 999"], Unit, "data/units.yml"),
    ("field", ["--id", "linh-vuc-moi", "--name", "Lĩnh vực mới"], FieldOfWork, "data/fields.yml"),
])
def test_new_list_entry_is_appended_and_check_passes(demo, capsys, kind, argv, model, file):
    before = (demo / file).read_text(encoding="utf-8")
    code, out, err = congkhai("new", kind, *argv, "--folder", str(demo), capsys=capsys)
    assert code == 0, err
    after = (demo / file).read_text(encoding="utf-8")
    assert after.startswith(before), "the file's content and comments are kept as they were"
    entry = after[len(before):]
    assert _shows_the_whole_model(entry, model) == []
    result = check(demo)
    assert result.returncode == 0, result.stderr


def test_new_plan_then_check_passes(demo, capsys):
    code, out, err = congkhai("new", "plan", "--number", "30/KH-SKHCN", "--title", "Kế hoạch công khai thủ tục năm "
                              "2027", "--date", "05/01/2027", "--folder", str(demo), capsys=capsys)
    assert code == 0, err
    path = demo / "plans" / "ke-hoach-30-kh-skhcn-2027.md"
    text = _front(path)
    assert _shows_the_whole_model(text, Plan) == []
    # place and issuer come from data/department.yml
    assert "\nplace: Lạc Hồng\n" in text and "\nissuer: Sở Khoa học và Công nghệ tỉnh Lạc Hồng\n" in text
    result = check(demo)
    assert result.returncode == 0, result.stderr
    assert f"{len(list((demo / 'plans').glob('*.md')))} kế hoạch" in result.stdout


def test_a_new_official_can_be_named_by_a_new_procedure(demo, capsys):
    assert congkhai("new", "field", "--id", "linh-vuc-moi", "--name", "Lĩnh vực mới", "--folder", str(demo),
                    capsys=capsys)[0] == 0
    assert congkhai("new", "official", "--name", "Nguyễn Văn Bình", "--title", "Chuyên viên", "--unit", "van-phong",
                    "--phone", "0912 345 678", "--field", "linh-vuc-moi", "--folder", str(demo), capsys=capsys)[0] == 0
    code, out, err = congkhai("new", "procedure", "--code", "1.000998", "--name", "Thủ tục thử", "--field",
                              "linh-vuc-moi", "--level", "cấp tỉnh", "--level", "cấp xã", "--official",
                              "nguyen-van-binh", "--folder", str(demo), capsys=capsys)
    assert code == 0, err
    front = _front(demo / "procedures" / "linh-vuc-moi" / "thu.md")
    assert "levels:\n  - cấp tỉnh\n  - cấp xã\n" in front and "officials:\n  - nguyen-van-binh\n" in front
    result = check(demo)
    assert result.returncode == 0, result.stderr


def test_generation_follows_the_model():
    """A required field added to the model is written, under its title, with a value the model accepts, with no
    change to scaffold.py: the file is generated from the model when `new` runs."""
    extended = create_model("Extended", __base__=Procedure,
                            witness=(Text, Field(title="Trường thêm để thử", description="Một trường mới.")),
                            optional_witness=(Optional[Text], Field(None, title="Trường tùy chọn để thử")))
    ctx = scaffold._Context(department="Sở Thử", province="tỉnh Thử", legal=["97/2015/QH13"], today=TODAY)
    data = scaffold.record_data(extended, {"code": "1.000999", "name": "Thử", "field": "thu"}, ctx)
    text = scaffold.render_record(extended, data)
    assert "# Trường thêm để thử (bắt buộc): Một trường mới." in text
    assert '\nwitness: "VÍ DỤ: Trường thêm để thử"\n' in text
    assert "\n# optional_witness:\n" in text
    parsed, _, problems = parse_yaml(text, "thu")
    assert not problems
    extended.model_validate(parsed)


# --------------------------------------------------------------------------- refusals


def test_a_duplicate_code_is_refused_in_vietnamese(demo, capsys):
    before = sorted(p.relative_to(demo) for p in demo.rglob("*"))
    code, out, err = congkhai("new", "procedure", "--code", "1.000173", "--name", "Thủ tục trùng mã", "--field",
                              "an-toan-buc-xa", "--folder", str(demo), capsys=capsys)
    assert code == 1
    assert 'mã thủ tục "1.000173" đã có ở procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md' in err
    assert sorted(p.relative_to(demo) for p in demo.rglob("*")) == before, "nothing is written"


@pytest.mark.parametrize("argv, said", [
    (["procedure", "--code", "1.000999", "--name", "X", "--field", "an-toan-bucxa"],
     'không có lĩnh vực mã "an-toan-bucxa" trong data/fields.yml; có phải ý bạn là "an-toan-buc-xa" '
     "(An toàn bức xạ và hạt nhân)?"),
    (["procedure", "--code", "1.000999", "--name", "X", "--field", "An toàn bức xạ và hạt nhân"],
     'có phải ý bạn là "an-toan-buc-xa"'),
    (["procedure", "--code", "1.000999", "--name", "X", "--field", "an-toan-buc-xa", "--official", "do-hai-yenn"],
     'không có cán bộ mã "do-hai-yenn" trong data/officials.yml; có phải ý bạn là "do-hai-yen" (Đỗ Hải Yến)?'),
    (["procedure", "--code", "1.00017", "--name", "X", "--field", "an-toan-buc-xa"],
     '--code (Mã thủ tục): "1.00017" không phải là mã thủ tục quốc gia'),
    (["procedure", "--code", "1.000999", "--name", "Cấp chứng chỉ nhân viên bức xạ", "--field", "an-toan-buc-xa",
      "--slug", "cap-chung-chi-nhan-vien-buc-xa"],
     'tên tệp "cap-chung-chi-nhan-vien-buc-xa.md" đã có ở procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md'),
    (["procedure", "--name", "X"], "thiếu --code (mã thủ tục quốc gia, ví dụ 1.000173)"),
    (["official", "--name", "Đỗ Hải Yến", "--title", "Chuyên viên", "--unit", "van-phong", "--phone", "0912 345 678"],
     'mã cán bộ "do-hai-yen" (lấy từ họ tên) đã có trong data/officials.yml (Đỗ Hải Yến); nếu là cán bộ khác, hãy ghi '
     "mã khác, ví dụ --id do-hai-yen-2"),
    (["official", "--name", "Nguyễn Văn Bình", "--title", "Chuyên viên", "--unit", "van-phongg", "--phone", "123"],
     'không có đơn vị mã "van-phongg" trong data/units.yml; có phải ý bạn là "van-phong" (Văn phòng Sở)?'),
    (["official", "--name", "Nguyễn Văn Bình", "--title", "Chuyên viên", "--unit", "van-phong", "--phone", "123"],
     '--phone (Điện thoại): "123" không phải là số điện thoại Việt Nam'),
    (["unit", "--id", "van-phong", "--name", "Văn phòng"], 'mã đơn vị "van-phong" đã có trong data/units.yml'),
    (["field", "--id", "An toàn", "--name", "An toàn"], '"An toàn" không phải là mã hợp lệ'),
    (["plan", "--number", "25/KH-SKHCN", "--title", "Thử", "--date", "01/12/2026"],
     'kế hoạch số "25/KH-SKHCN" đã có ở plans/ke-hoach-kiem-soat-tthc-2026.md'),
    (["plan", "--number", "30/KH-SKHCN", "--title", "Thử", "--date", "31/02/2026"], "không phải là một ngày có thật"),
])
def test_refusals_name_the_problem_in_vietnamese(demo, capsys, argv, said):
    before = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    code, out, err = congkhai("new", *argv, "--folder", str(demo), capsys=capsys)
    assert code == 1, out
    assert err.startswith("Chưa tạo được")
    assert said in err
    assert {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()} == before, "nothing is written"


def test_command_line_mistakes_are_told_in_vietnamese(demo, capsys):
    code, _, err = congkhai("new", capsys=capsys)
    assert code == 1 and "cần ghi loại nội dung: congkhai new procedure | official | unit | field | plan" in err
    code, _, err = congkhai("new", "procedure", "--code", capsys=capsys)
    assert code == 2 and "sau --code cần ghi một giá trị" in err
    code, _, err = congkhai("new", "procedure", "--level", "cấp tỉnh", capsys=capsys)
    assert code == 1 and "thiếu --code" in err and "thiếu --name" in err and "thiếu --field" in err
    code, _, err = congkhai("new", "procedure", "--code", "1.000999", "--name", "X", "--field", "x", "--folder",
                            str(demo / "khong-co"), capsys=capsys)
    assert code == 1 and "không thấy thư mục data/" in err


# --------------------------------------------------------------------------- example values


def test_examples_are_found_until_staff_replace_them(demo, capsys):
    assert scaffold.examples_left(demo) == []
    congkhai("new", "procedure", "--code", "1.000999", "--name", "Thủ tục thử", "--field", "an-toan-buc-xa",
             "--folder", str(demo), capsys=capsys)
    path = demo / "procedures" / "an-toan-buc-xa" / "thu.md"
    found = scaffold.examples_left(demo)
    assert found and {p.file for p in found} == {"procedures/an-toan-buc-xa/thu.md"}
    assert any(p.field == "steps[0].name" and "là giá trị ví dụ" in p.message for p in found)
    assert any(p.field == "online_level" and "ghi chú" in p.message for p in found)
    # each reported line is the line of the example in the file
    lines = path.read_text(encoding="utf-8").split("\n")
    assert all("VÍ DỤ" in lines[p.line - 1] for p in found)
    # staff replace the examples: words written, notes removed; nothing is left and check still passes
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"  # ← VÍ DỤ[^\n]*", "", text.replace("VÍ DỤ: ", ""))
    path.write_text(text, encoding="utf-8")
    assert scaffold.examples_left(demo) == []
    assert check(demo).returncode == 0


def test_the_examples_say_they_are_examples_on_the_page(demo, capsys):
    """Published by mistake, an example still says what it is, in words, on the procedure's first screen."""
    congkhai("new", "procedure", "--code", "1.000999", "--name", "Thủ tục thử", "--field", "an-toan-buc-xa",
             "--folder", str(demo), capsys=capsys)
    source, problems = read_markdown(demo / "procedures" / "an-toan-buc-xa" / "thu.md", "thu.md")
    record = Procedure.model_validate(source.data)
    assert all(s.name.startswith("VÍ DỤ") for s in record.steps)
    assert record.dossier[0].documents[0].name.startswith("VÍ DỤ") and record.applicants[0].startswith("VÍ DỤ")
    assert all(f.name.startswith("VÍ DỤ") for f in record.fees)


# --------------------------------------------------------------------------- congkhai new-portal

NAME, SHORT, PROVINCE = "Sở Y tế tỉnh Hòa Bình", "Sở Y tế Hòa Bình", "tỉnh Hòa Bình"


def build(config: Path, site: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict -f DIR/mkdocs.yml` as IT staff run it (not quiet: MkDocs' own warnings count)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("CONGKHAI_BUILD_DATE", None)
    return subprocess.run([str(MKDOCS), "build", "--strict", "-f", str(config), "-d", str(site)], capture_output=True,
                          text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("portal") / "cong-so-y-te"
    parser = argparse.ArgumentParser(prog="congkhai")
    scaffold.add_parsers(parser.add_subparsers(dest="command", required=True))
    code = scaffold.run(parser.parse_args(["new-portal", str(folder), "--name", NAME, "--short-name", SHORT,
                                           "--province", PROVINCE]))
    assert code == 0
    return folder


@pytest.fixture(scope="module")
def built(portal, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("portal-site") / "site"
    result = build(portal / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_new_portal_checks_and_builds_strictly_at_once(portal, built):
    result = check(portal)
    assert result.returncode == 0, result.stderr
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "<h1" in home and NAME in home and SHORT in home
    assert "Cổng chưa công khai thủ tục hành chính nào" in home
    assert "Cổng thông tin đang được xây dựng" in home  # demo_notice: the details are examples until filled in
    for page in ("thu-tuc", "bieu-phi", "can-bo", "phan-anh-kien-nghi", "tim-kiem", "cong-khai", "ke-hoach"):
        assert (built / page / "index.html").is_file(), page


def test_new_portal_holds_nothing_of_the_demo(portal, built):
    """No word of the demo portal in the new one's content or pages (the model's own descriptions, in the
    comments, may quote the demo as an example)."""
    for root in (portal, built):
        for path in root.rglob("*"):
            if path.is_file() and path.suffix in (".md", ".yml", ".html", ".txt", ".json", ".js", ".py"):
                text = path.read_text(encoding="utf-8", errors="replace")
                if root == portal and path.suffix in (".md", ".yml"):
                    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
                assert "Lạc Hồng" not in text and "lachong" not in text, path


def test_new_portal_layout(portal):
    for rel in ("mkdocs.yml", "README.md", "requirements.txt", ".gitignore", "hooks/congkhai_mkdocs.py",
                "overrides/congkhai/procedure.html", "data/department.yml", "data/fields.yml", "data/units.yml",
                "data/officials.yml", "data/legal.yml", "data/requirements.yml", "docs/index.md",
                "procedures/.gitkeep", "plans/.gitkeep"):
        assert (portal / rel).is_file(), rel
    assert (portal / "hooks" / "congkhai_mkdocs.py").read_bytes() == (REPO / "hooks" / "congkhai_mkdocs.py").read_bytes()
    config = yaml.safe_load((portal / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == NAME and config["hooks"] == ["hooks/congkhai_mkdocs.py"]
    assert config["theme"]["custom_dir"] == "overrides"
    pins = (REPO / "requirements.txt").read_text(encoding="utf-8")
    requirements = (portal / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.startswith(pins.rstrip("\n")) and re.search(r"(?m)^congkhai @ ", requirements)
    readme = (portal / "README.md").read_text(encoding="utf-8")
    assert NAME in readme and "congkhai update-portal" in readme and "pip install -r requirements.txt" in readme
    # the department's file is generated from the model, like `new`
    text = (portal / "data" / "department.yml").read_text(encoding="utf-8")
    from congkhai.content.model import Department
    assert _shows_the_whole_model(text, Department) == []
    # a duty the fresh portal cannot meet yet (no one at the one-stop desk) is given a month, and said so
    duties = yaml.safe_load((portal / "data" / "requirements.yml").read_text(encoding="utf-8"))
    desk = next(d for d in duties if d["check"] == "desk-contacts")
    assert dt.datetime.strptime(desk["due"], "%d/%m/%Y").date() == dt.date.today() + dt.timedelta(days=30)
    # so are the portal duties a fresh portal has no data for (its leaders, a place for ratings); the others
    # apply now: no due date, or the day the law took effect, already past
    month = dt.date.today() + dt.timedelta(days=30)
    deferred = {d["check"] for d in duties if "due" in d and dt.datetime.strptime(d["due"], "%d/%m/%Y").date() == month}
    assert deferred == {"desk-contacts", "leaders-published", "satisfaction-rating"}
    assert all("due" not in d or dt.datetime.strptime(d["due"], "%d/%m/%Y").date() <= dt.date.today()
               for d in duties if d["check"] not in deferred)


def test_new_portal_workflow_is_the_tools_own(portal):
    """The GitHub workflow is the tool's (.github/workflows/portal.yml), read when the portal is made, less what
    only the tool's own tree can run (the test suite, installing the package itself)."""
    source = REPO / ".github" / "workflows" / "portal.yml"
    if not source.is_file():
        pytest.skip("the tool has no workflow yet")
    text = (portal / ".github" / "workflows" / "portal.yml").read_text(encoding="utf-8")
    jobs = yaml.safe_load(text)["jobs"]
    runs = " ".join(str(s.get("run", "")) for job in jobs.values() for s in job.get("steps", []))
    assert "congkhai check" in runs and "mkdocs build --strict" in runs
    assert "-e ." not in runs and "make " not in runs + " "
    for job in jobs.values():
        assert all(n in jobs for n in ([job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", [])))


def test_new_portal_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    code, out, err = congkhai("new-portal", str(tmp_path), "--name", NAME, "--short-name", SHORT, "--province",
                              PROVINCE, capsys=capsys)
    assert code == 1 and "đã có nội dung; congkhai không ghi vào đó" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ghi-chu.txt"]
    code, out, err = congkhai("new-portal", str(tmp_path / "moi"), "--name", NAME, capsys=capsys)
    assert code == 1 and "thiếu --short-name" in err and "thiếu --province" in err
    assert not (tmp_path / "moi").exists()


@pytest.fixture(scope="module")
def grown(portal, tmp_path_factory) -> tuple[Path, Path]:
    """The new portal with a lĩnh vực, an official and a procedure added by `new`, built strictly."""
    folder = tmp_path_factory.mktemp("grown") / "cong"
    shutil.copytree(portal, folder)
    parser = argparse.ArgumentParser(prog="congkhai")
    scaffold.add_parsers(parser.add_subparsers(dest="command", required=True))
    for argv in (["field", "--id", "kham-chua-benh", "--name", "Khám bệnh, chữa bệnh"],
                 ["official", "--name", "Trần Thị Lan", "--title", "Chuyên viên Phòng Nghiệp vụ Y", "--unit",
                  "van-phong", "--phone", "0912 345 678", "--field", "kham-chua-benh", "--desk-role",
                  "công chức tiếp nhận"],
                 ["procedure", "--code", "1.001234", "--name", "Cấp giấy phép hành nghề khám bệnh, chữa bệnh",
                  "--field", "kham-chua-benh", "--official", "tran-thi-lan"]):
        assert scaffold.run(parser.parse_args(["new", *argv, "--folder", str(folder)])) == 0
    site = tmp_path_factory.mktemp("grown-site") / "site"
    # the example values `new` wrote pass check, but a strict build refuses to publish them, naming each
    refused = build(folder / "mkdocs.yml", site)
    assert refused.returncode == 1 and not site.exists()
    assert re.search(r"còn \d+ giá trị ví dụ chưa thay", refused.stderr)
    assert 'cap-giay-phep-hanh-nghe-kham-benh-chua-benh.md:' in refused.stderr and "là giá trị ví dụ" in refused.stderr
    for path in (folder / "procedures").rglob("*.md"):  # staff replace them (here: the marks only)
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\s*# ← VÍ DỤ.*", "", text).replace("VÍ DỤ: ", ""), encoding="utf-8")
    assert not scaffold.examples_left(folder)
    result = build(folder / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder, site


def test_the_new_portal_grows_with_new(grown):
    folder, site = grown
    assert check(folder).returncode == 0
    page = (site / "thu-tuc" / "cap-giay-phep-hanh-nghe-kham-benh-chua-benh" / "index.html").read_text(encoding="utf-8")
    assert "Cấp giấy phép hành nghề khám bệnh, chữa bệnh" in page and "0912 345 678" in page


def test_update_portal_brings_congkhais_files_and_keeps_content(grown, tmp_path, capsys):
    folder = tmp_path / "cong"
    shutil.copytree(grown[0], folder)
    hook = folder / "hooks" / "congkhai_mkdocs.py"
    hook.write_text("# an old version\n", encoding="utf-8")
    (folder / "requirements.txt").write_text("mkdocs==1.5.0\n# Cài congkhai: phiên bản của cổng\n"
                                             "congkhai @ git+https://example.org/congkhai@v0.0.9\n", encoding="utf-8")
    content = {p: p.read_bytes() for d in ("data", "procedures", "docs") for p in (folder / d).rglob("*") if p.is_file()}
    code, out, err = congkhai("update-portal", str(folder), capsys=capsys)
    assert code == 0, err
    assert hook.read_bytes() == (REPO / "hooks" / "congkhai_mkdocs.py").read_bytes()
    requirements = (folder / "requirements.txt").read_text(encoding="utf-8")
    assert "mkdocs==1.6.1" in requirements and "congkhai @ git+https://example.org/congkhai@v0.0.9" in requirements
    assert {p: p.read_bytes() for p in content} == content
    code, out, err = congkhai("update-portal", str(tmp_path / "khong-co"), capsys=capsys)
    assert code == 1 and "không phải thư mục của một cổng congkhai" in err


# --------------------------------------------------------------------------- in the browser


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("name, url", [("new-portal-home", ""), ("new-portal-directory", "can-bo/"),
                                       ("new-portal-procedure", "thu-tuc/cap-giay-phep-hanh-nghe-kham-benh-chua-benh/")])
def test_new_portal_pages_in_the_browser(chromium, built, grown, name, url, viewport):
    """The fresh portal (home, directory) and a procedure made by `new`, photographed into tests/screenshots/,
    with no WCAG 2.1 A/AA violation and nothing wider than the screen."""
    from browser import DESKTOP, PHONE, SiteServer, axe_violations, screenshot

    size = {"phone": PHONE, "desktop": DESKTOP}[viewport]
    site = grown[1] if name == "new-portal-procedure" else built
    with SiteServer(site) as server:
        page = chromium.new_page(viewport=size)
        try:
            page.goto(server.url + url)
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{name}-{viewport}")
            problems = axe_violations(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > size["width"]:
                problems.append(f"the page is {width} px wide on a {size['width']} px screen")
            assert not problems, "\n".join(problems)
            if name == "new-portal-home":
                assert page.locator("h1").inner_text() == NAME
        finally:
            page.close()


def test_new_portal_from_the_command_line_has_its_own_editor_and_schemas(tmp_path, capsys):
    from congkhai.cli import main

    dest = tmp_path / "so-y-te"
    assert main(["new-portal", str(dest), "--name", "Sở Y tế tỉnh Hòa Bình", "--short-name", "Sở Y tế Hòa Bình",
                 "--province", "Hòa Bình"]) == 0
    config = (dest / "docs" / "quan-tri" / "config.yml").read_text(encoding="utf-8")
    assert "repo: ten-to-chuc/ten-kho" in config and "so-khcn-lac-hong" not in config
    assert (dest / "docs" / "quan-tri" / "sveltia-cms.js").is_file()
    assert (dest / "docs" / "schema" / "procedure.schema.json").is_file()
    capsys.readouterr()
    assert main(["generate", str(dest), "--check"]) == 0, capsys.readouterr().err
