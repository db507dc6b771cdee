"""The staff guide's generated blocks (docs/huong-dan/*.md): real output of the real tool, never typed by hand.

A guide page marks each generated block:

    <!-- tu-dong: so-tien -->
    ...what this module writes...
    <!-- het tu-dong -->

Each name is made here by running the tool as staff run it: a copy of the demo's content (data/, procedures/,
plans/, docs/, mkdocs.yml) is given one mistake, `python -m congkhai check` runs on it in a child process, and the
block shows the mistaken lines and what the tool answered. Other blocks are tables read from the content model
(congkhai/content/model.py) and the output of `congkhai new`. tests/test_staff_guide.py fails while any block
differs from what this module makes now; then rewrite the blocks and look at the diff:

    .venv/bin/python tests/guide_examples.py            # rewrite every block in docs/huong-dan/
    .venv/bin/python tests/guide_examples.py --check    # only say which blocks are stale (exit 1)

Hand-written YAML in the guide that staff are meant to copy is marked `<!-- mau: name -->` before its code block
(`<pre class="ck-wrap"><code>…</code></pre>`, as every code block of the guide: its long lines wrap on a phone);
SAMPLES says where in the demo each one goes, and the test checks that `congkhai check` accepts it.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "huong-dan"
CONTENT = ("data", "procedures", "plans", "docs", "mkdocs.yml")
UPDATE_COMMAND = ".venv/bin/python tests/guide_examples.py"
BUILD_DATE = "21/11/2026"

BLOCK = re.compile(r"(?P<open><!-- tu-dong: (?P<name>[a-z0-9-]+) -->\n)(?P<body>.*?)(?P<close><!-- het tu-dong -->)", re.S)
SAMPLE = re.compile(r'<!-- mau: (?P<name>[a-z0-9-]+) -->\n\n<pre class="ck-wrap"><code>(?P<code>.*?)</code></pre>', re.S)


# --------------------------------------------------------------------------- a copy of the demo to spoil


class Workspace:
    """A temporary copy of the demo's content. `spoiled(edits)` applies edits for the time of a `with` block."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="congkhai-guide-")
        self.root = Path(self._tmp.name)
        for name in CONTENT:
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, self.root / name)
            else:
                shutil.copy2(src, self.root / name)

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, *argv: str) -> tuple[int, str]:
        """`python -m congkhai <argv>` in the copy, as staff run it: (exit code, what it printed)."""
        env = dict(os.environ, CONGKHAI_BUILD_DATE=BUILD_DATE, PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
        env.pop("PYTHONPATH", None)
        done = subprocess.run([sys.executable, "-m", "congkhai", *argv], cwd=self.root, capture_output=True,
                              text=True, encoding="utf-8", env=env, timeout=300)
        return done.returncode, (done.stdout + done.stderr).rstrip("\n")

    def text(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).write_text(text, encoding="utf-8")

    def restore(self, rel: str) -> None:
        src = REPO / rel
        if src.exists():
            shutil.copy2(src, self.root / rel)
        else:
            (self.root / rel).unlink(missing_ok=True)


# --------------------------------------------------------------------------- the mistakes


@dataclass(frozen=True)
class Mistake:
    """A mistake made in one file of the demo. `where` is a regular expression that finds whole lines of the file,
    once (so that a value's quoting or a list's brackets may change in the demo without breaking the example);
    in what it found, `old` becomes `new` (`old` None: `new` is added after the lines found; `new` None: the lines
    are deleted). `context`: lines shown before the mistaken ones."""

    file: str
    where: str
    old: str | None
    new: str | None
    context: int = 0
    command: tuple[str, ...] = ("check",)


CHUNG_CHI = "procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md"
CHUYEN_GIAO = "procedures/chuyen-giao-cong-nghe/cap-giay-chung-nhan-dang-ky-chuyen-giao-cong-nghe.md"

MISTAKES: dict[str, Mistake] = {
    "so-tien": Mistake(CHUNG_CHI, r'^    amount: "?200\.000"?\n', "200.000", "200.000 đồng"),
    "so-tien-dau-phay": Mistake(CHUNG_CHI, r'^    amount: "?200\.000"?\n', "200.000", "200,000"),
    "ngay": Mistake(CHUNG_CHI, r'^  date: "?15/05/2024"?\n', "15/05/2024", "05/15/2024", context=1),
    "thieu-muc": Mistake(CHUNG_CHI, r"^applicants:.*\n(?:  .*\n)*", None, None),
    "linh-vuc": Mistake(CHUNG_CHI, r"^field: an-toan-buc-xa\n", "an-toan-buc-xa", "an-toan-bx"),
    "thut-le": Mistake(CHUNG_CHI, r"^    unit: chứng chỉ\n", "    unit", "   unit", context=3),
    "ngoac-vuong": Mistake(CHUNG_CHI, r"^officials: \[do-hai-yen, bui-van-son\]\n", "]", ""),
    "ma-can-bo": Mistake(CHUNG_CHI, r"^officials: \[do-hai-yen, bui-van-son\]\n", "bui-van-son", "bui-van-sơn"),
    "van-ban": Mistake(CHUNG_CHI, r"^    legal_basis: \[?287/2016/TT-BTC\]?\n", "287/2016/TT-BTC", "287/2016/TT-BTCC"),
    "ngay-ap-dung": Mistake(CHUYEN_GIAO, r'^    valid_from: "?15/04/2026"?\n    valid_until: "?28/02/2027"?\n',
                            "28/02/2027", "28/02/2025"),
    "missing-con-ghi": Mistake(CHUNG_CHI, r"^updated: .*\n", None, "missing: [conditions]\n"),
    "tu-tim-kiem": Mistake("data/search_words.yml", r"^everyday_words:\n", "everyday_words", "everyday_word"),
    "dien-thoai": Mistake("data/officials.yml", r'^  phone: "0200 3812 403"\n', "0200 3812 403", "0200 3812 40",
                          context=2),
    "can-bo-da-xoa": Mistake("data/officials.yml", r"^- id: bui-van-son\n(?:  .*\n)*", None, None),
    "tinh-trang": Mistake("plans/ke-hoach-kiem-soat-tthc-2026.md",
                          r"^    deadline: Quý 3/2026\n    status: hoàn thành\n", "hoàn thành", "đã xong", context=0),
}


def _lines_at(text: str, start: int, count: int) -> list[str]:
    return text.split("\n")[start - 1: start - 1 + count]


def _pre(lines: list[str], marked: range | None = None) -> str:
    """A code block that wraps long lines on a phone instead of scrolling sideways (congkhai.css, .ck-wrap);
    the lines in `marked` (0-based) are highlighted."""
    out = []
    for i, line in enumerate(lines):
        shown = html.escape(line, quote=False)
        out.append(f"<mark>{shown}</mark>" if marked is not None and i in marked else shown)
    return '<pre class="ck-wrap"><code>' + "\n".join(out) + "</code></pre>"


def mistake_block(ws: Workspace, name: str) -> str:
    m = MISTAKES[name]
    original = ws.text(m.file)
    found = list(re.finditer(m.where, original, re.M))
    if len(found) != 1:
        raise LookupError(f"{name}: {m.file} has {len(found)} places that match {m.where!r}, not one; the demo changed: "
                          "edit MISTAKES in tests/guide_examples.py")
    at, old = found[0].start(), found[0].group()
    if m.new is None:
        new = ""
    elif m.old is None:
        new = old + m.new
    else:
        if m.old not in old:
            raise LookupError(f"{name}: {old!r} in {m.file} has no {m.old!r}; edit MISTAKES in tests/guide_examples.py")
        new = old.replace(m.old, m.new, 1)
    first = original[:at].count("\n") + 1  # the line of the first line found
    spoiled = original[:at] + new + original[at + len(old):]
    ws.write(m.file, spoiled)
    try:
        code, output = ws.run(*m.command)
    finally:
        ws.restore(m.file)
    if code == 0:
        raise AssertionError(f"{name}: congkhai {' '.join(m.command)} accepted the mistake:\n{output}")
    old_lines = old.rstrip("\n").split("\n")
    if m.new is None:
        where = f"dòng {first}" if len(old_lines) == 1 else f"các dòng {first}–{first + len(old_lines) - 1}"
        shown = f"Nếu xóa {where} của tệp `{m.file}`:\n\n" + _pre(old_lines)
    else:
        new_lines = new.rstrip("\n").split("\n")
        changed = [i for i, line in enumerate(new_lines) if i >= len(old_lines) or line != old_lines[i]] or [0]
        start = max(1, first - m.context)
        lines = _lines_at(spoiled, start, first - start + len(new_lines))
        offset = first - start
        marked = range(offset + min(changed), offset + max(changed) + 1)
        where = f"dòng {first + min(changed)}"
        shown = f"Tệp `{m.file}`, {where}, viết sai:\n\n" + _pre(lines, marked)
    return shown + f"\n\nLệnh `congkhai {' '.join(m.command)}` báo:\n\n" + _pre(output.split("\n"))


# --------------------------------------------------------------------------- excerpts of the demo


@dataclass(frozen=True)
class Excerpt:
    """Lines of a demo file shown as they are: the top-level `key` of a front matter or YAML file (the key's line
    to the line before the next top-level key), or the list item whose first line is `item` (to the line before
    the next item at its indentation or less), or the first `head` lines of the file."""

    file: str
    key: str | None = None
    item: str | None = None
    head: int | None = None


EXCERPTS: dict[str, Excerpt] = {
    "trich-thu-tuc": Excerpt("procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md", head=22),
    "trich-phi-theo-ngay": Excerpt("procedures/chuyen-giao-cong-nghe/cap-giay-chung-nhan-dang-ky-chuyen-giao-cong-nghe.md",
                                   key="fees"),
    "trich-phi-truong-hop": Excerpt("procedures/an-toan-buc-xa/cap-giay-phep-x-quang-chan-doan.md", key="fees"),
    "trich-can-bo": Excerpt("data/officials.yml", item="- id: do-hai-yen"),
    "trich-van-ban": Excerpt("data/legal.yml", item="- number: 287/2016/TT-BTC"),
    "trich-nhiem-vu": Excerpt("plans/ke-hoach-kiem-soat-tthc-2026.md", item='    number: "3"'),
}


def _excerpt_range(lines: list[str], x: Excerpt) -> tuple[int, int]:
    """0-based [start, stop) of the excerpt in the file's lines."""
    if x.head is not None:
        return 0, x.head
    if x.key is not None:
        start = lines.index(f"{x.key}:") if f"{x.key}:" in lines else \
            next(i for i, line in enumerate(lines) if line.startswith(f"{x.key}:"))
        stop = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "#", "")), len(lines))
        return start, stop
    start = lines.index(x.item)
    if not x.item.lstrip().startswith("- "):  # a line inside an item: back to the item's first line
        start = next(i for i in range(start, -1, -1) if lines[i].lstrip().startswith("- "))
    indent = len(lines[start]) - len(lines[start].lstrip())
    stop = next((i for i in range(start + 1, len(lines))
                 if lines[i].strip() and (len(lines[i]) - len(lines[i].lstrip()) < indent
                                          or (len(lines[i]) - len(lines[i].lstrip()) == indent
                                              and lines[i].lstrip().startswith("- ")))), len(lines))
    return start, stop


def excerpt_block(ws: Workspace, name: str) -> str:
    x = EXCERPTS[name]
    lines = ws.text(x.file).split("\n")
    try:
        start, stop = _excerpt_range(lines, x)
    except (ValueError, StopIteration):
        raise LookupError(f"{name}: {x.file} has no {x.key or x.item!r} any more; edit EXCERPTS in "
                          "tests/guide_examples.py") from None
    return f"Trích tệp `{x.file}`, dòng {start + 1}–{stop}:\n\n" + _pre(lines[start:stop])


# --------------------------------------------------------------------------- tables from the model


def _fields_table(model, parts: set[str] = frozenset(), only: tuple[str, ...] | None = None) -> str:
    rows = ["| Mục | Tên tiếng Việt | Bắt buộc |", "|---|---|---|"]
    for key, info in model.model_fields.items():
        if only is not None and key not in only:
            continue
        required = "có" if info.is_required() else "không"
        if key in parts:
            required = "có, hoặc ghi trong `missing`"
        rows.append(f"| `{key}` | {info.title or key} | {required} |")
    return "\n".join(rows)


def procedure_fields(ws: Workspace) -> str:
    from congkhai.content.model import Procedure
    from congkhai.content.vocab import Part
    return _fields_table(Procedure, {p.value for p in Part if Procedure.model_fields[p.value].is_required()})


def fee_fields(ws: Workspace) -> str:
    from congkhai.content.model import Fee
    return _fields_table(Fee)


def official_fields(ws: Workspace) -> str:
    from congkhai.content.model import Official
    return _fields_table(Official)


def task_fields(ws: Workspace) -> str:
    from congkhai.content.model import Task
    return _fields_table(Task)


def _choices(cls) -> str:
    return ", ".join(f"`{c}`" for c in cls.choices())


def desk_roles(ws: Workspace) -> str:
    from congkhai.content.vocab import DeskRole
    return "Giá trị của `desk_role` (vai trò tại Bộ phận Một cửa): " + _choices(DeskRole) + "."


def task_statuses(ws: Workspace) -> str:
    from congkhai.content.vocab import TaskStatus
    return "Giá trị của `status` (tình trạng): " + _choices(TaskStatus) + "."


def fee_kinds(ws: Workspace) -> str:
    from congkhai.content.vocab import FeeKind
    return "Giá trị của `kind` (loại): " + _choices(FeeKind) + "."


def missing_parts(ws: Workspace) -> str:
    from congkhai.content.vocab import Part
    rows = ["| Ghi trong `missing` | Phần của thủ tục |", "|---|---|"]
    rows += [f"| `{p.value}` | {p.label} |" for p in Part]
    return "\n".join(rows)


# --------------------------------------------------------------------------- `congkhai new`


def new_procedure(ws: Workspace) -> str:
    argv = ("new", "procedure", "--code", "1.000999", "--name", "Thủ tục cấp giấy xác nhận thử nghiệm",
            "--field", "an-toan-buc-xa")
    before = {p for p in (ws.root / "procedures").rglob("*.md")}
    code, output = ws.run(*argv)
    created = [p for p in (ws.root / "procedures").rglob("*.md") if p not in before]
    try:
        if code != 0 or len(created) != 1:
            raise AssertionError(f"congkhai {' '.join(argv)} failed ({code}):\n{output}")
        lines = created[0].read_text(encoding="utf-8").split("\n")
        # from the comment above `code:` to the line before `announcement:` (no date there: the file's
        # header and the example dates say the day the command ran)
        start = next(i for i, line in enumerate(lines) if line.startswith("code:")) - 1
        stop = next(i for i, line in enumerate(lines) if line.startswith("announcement:"))
        stop = next(i for i in range(stop - 1, start, -1) if not lines[i].startswith("#")) + 1
    finally:
        for path in created:
            path.unlink()
    command = "congkhai " + " ".join(f'"{a}"' if " " in a else a for a in argv)
    return (_pre([command]) + "\n\nLệnh trả lời:\n\n" + _pre(output.split("\n"))
            + f"\n\nTrong tệp mới, ví dụ đoạn đầu (dòng {start + 1}–{stop}):\n\n"
            + _pre(lines[start:stop]))


def new_official(ws: Workspace) -> str:
    argv = ("new", "official", "--name", "Trần Văn An", "--title", "Chuyên viên Phòng Quản lý khoa học",
            "--unit", "phong-quan-ly-khoa-hoc", "--phone", "0200 3812 204", "--field", "hoat-dong-khcn")
    code, output = ws.run(*argv)
    try:
        if code != 0:
            raise AssertionError(f"congkhai {' '.join(argv)} failed ({code}):\n{output}")
        before = (REPO / "data" / "officials.yml").read_text(encoding="utf-8")
        added = ws.text("data/officials.yml")[len(before):].strip("\n").split("\n")
        added = [line for line in added if "congkhai new official" not in line]  # the line that names the day
    finally:
        ws.restore("data/officials.yml")
    command = "congkhai " + " ".join(f'"{a}"' if " " in a else a for a in argv)
    return (_pre([command]) + "\n\nLệnh trả lời:\n\n" + _pre(output.split("\n"))
            + "\n\nvà thêm vào cuối `data/officials.yml`:\n\n" + _pre(added))


def import_plan(ws: Workspace) -> str:
    """`congkhai import-plan` on a short plan written for the guide (tests/fixtures/guide/ke-hoach-mau.txt)."""
    source = ws.root / "ke-hoach-mau.txt"
    shutil.copy2(REPO / "tests" / "fixtures" / "guide" / source.name, source)
    before = set((ws.root / "plans").glob("*.md"))
    code, output = ws.run("import-plan", source.name)
    created = [p for p in (ws.root / "plans").glob("*.md") if p not in before]
    try:
        if code != 0 or len(created) != 1:
            raise AssertionError(f"congkhai import-plan failed ({code}):\n{output}")
        lines = created[0].read_text(encoding="utf-8").split("\n")
        # the header and the first task
        stop = next(i for i, line in enumerate(lines) if line.startswith("- number:") and i > lines.index("tasks:") + 1)
        rel = created[0].relative_to(ws.root).as_posix()
    finally:
        for path in created:
            path.unlink()
        source.unlink()
    return (_pre([f"congkhai import-plan {source.name}"]) + "\n\nLệnh trả lời:\n\n" + _pre(output.split("\n"))
            + f"\n\nTệp mới `{rel}`, dòng 1–{stop}:\n\n" + _pre(lines[:stop]))


# --------------------------------------------------------------------------- all blocks

MAKERS: dict[str, Callable[[Workspace], str]] = {
    **{name: (lambda ws, name=name: mistake_block(ws, name)) for name in MISTAKES},
    **{name: (lambda ws, name=name: excerpt_block(ws, name)) for name in EXCERPTS},
    "muc-thu-tuc": procedure_fields, "muc-phi": fee_fields, "muc-can-bo": official_fields,
    "muc-nhiem-vu": task_fields, "vai-tro-mot-cua": desk_roles, "tinh-trang-nhiem-vu": task_statuses,
    "loai-phi": fee_kinds, "bo-phan-missing": missing_parts,
    "lenh-new-procedure": new_procedure, "lenh-new-official": new_official, "lenh-import-plan": import_plan,
}


# Where each hand-written sample goes in the demo to be checked: (file, how, what[, indent]). how: "replace" the
# top-level key `what` (its line to the next top-level key) with the sample; "after" the first line `what`, each
# sample line indented by `indent` spaces; "append" to the file.
SAMPLES: dict[str, tuple] = {
    "mau-don": (CHUNG_CHI, "after", "    documents:", 6),
    "bai-bo": (CHUNG_CHI, "replace", "status"),
    "phi-cach-ghi": ("procedures/an-toan-buc-xa/cap-chung-chi-nhan-vien-buc-xa.md", "replace", "fees"),
    "phi-doi-muc": ("procedures/chuyen-giao-cong-nghe/cap-giay-chung-nhan-dang-ky-chuyen-giao-cong-nghe.md", "replace",
                    "fees"),
    "can-bo-moi": ("data/officials.yml", "append", ""),
    "don-vi-moi": ("data/units.yml", "append", ""),
}


def with_sample(text: str, how: str, what: str, sample: str, indent: int = 0) -> str:
    """The file's text with the sample put in."""
    if how == "append":
        return text.rstrip("\n") + "\n" + sample
    lines = text.split("\n")
    if how == "after":
        at = lines.index(what) + 1
        return "\n".join(lines[:at] + [" " * indent + line for line in sample.rstrip("\n").split("\n")] + lines[at:])
    start, stop = _excerpt_range(lines, Excerpt("", key=what))
    return "\n".join(lines[:start] + sample.rstrip("\n").split("\n") + lines[stop:])


def check_sample(ws: Workspace, name: str, sample: str) -> tuple[int, str]:
    """`congkhai check` on the demo with the sample put where SAMPLES says: (exit code, output)."""
    file, how, what, *indent = SAMPLES[name]
    ws.write(file, with_sample(ws.text(file), how, what, sample, *indent))
    try:
        return ws.run("check")
    finally:
        ws.restore(file)


def pages() -> list[Path]:
    return sorted(GUIDE.glob("*.md"))


def blocks_in(text: str) -> list[tuple[str, str]]:
    """(name, body) of each generated block of a page, in order."""
    return [(m["name"], m["body"]) for m in BLOCK.finditer(text)]


def make_all(names: set[str]) -> dict[str, str]:
    """The body of each named block, made now: blank lines around it, so that Markdown reads it apart from the markers."""
    with Workspace() as ws:
        return {name: "\n" + MAKERS[name](ws).strip("\n") + "\n\n" for name in sorted(names)}


def page_texts() -> dict[str, str]:
    """The guide's pages as they are: file name -> text."""
    return {p.name: p.read_text(encoding="utf-8") for p in pages()}


def stale(texts: dict[str, str] | None = None, made: dict[str, str] | None = None) -> list[str]:
    """What is out of date, one readable paragraph each (with a diff); [] when every block is the tool's output.
    `texts`: page name -> text (default: the pages as they are); `made`: make_all's result, if already made."""
    texts = texts if texts is not None else page_texts()
    found = [(page, name, body) for page, text in texts.items() for name, body in blocks_in(text)]
    problems = [f"docs/huong-dan/{page}: khối tự động \"{name}\" không có trong tests/guide_examples.py (MAKERS)"
                for page, name, _ in found if name not in MAKERS]
    made = made if made is not None else make_all({name for _, name, _ in found if name in MAKERS})
    for page, name, written in found:
        if name in made and written != made[name]:
            diff = "\n".join(difflib.unified_diff(written.split("\n"), made[name].split("\n"), "trong trang",
                                                  "kết quả thật", lineterm="", n=1))
            problems.append(f"docs/huong-dan/{page}: khối \"{name}\" khác kết quả thật của congkhai:\n{diff}")
    unused = sorted(set(MAKERS) - {name for _, name, _ in found})
    problems += [f"khối \"{name}\" (tests/guide_examples.py) không được dùng trong trang nào của docs/huong-dan/"
                 for name in unused]
    return problems


def update() -> list[str]:
    """Rewrite every generated block in docs/huong-dan/; the pages changed."""
    texts = {p: p.read_text(encoding="utf-8") for p in pages()}
    made = make_all({name for text in texts.values() for name, _ in blocks_in(text) if name in MAKERS})
    changed = []
    for path, text in texts.items():
        new = BLOCK.sub(lambda m: m["open"] + made.get(m["name"], m["body"]) + m["close"], text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path.relative_to(REPO).as_posix())
    return changed


def samples_in(text: str) -> list[tuple[str, str]]:
    """(name, YAML) of each hand-written sample of a page: the code block after `<!-- mau: name -->`."""
    return [(m["name"], html.unescape(m["code"]).strip("\n") + "\n") for m in SAMPLE.finditer(text)]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = stale()
        print("\n\n".join(problems) if problems else "Các khối tự động của docs/huong-dan/ đúng với kết quả thật.")
        return 1 if problems else 0
    changed = update()
    print("Đã viết lại: " + ", ".join(changed) if changed else "Không có khối nào thay đổi.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
