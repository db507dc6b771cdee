"""Command line: `congkhai check [FOLDER]` validates a site's content without building it;
`congkhai import-plan` turns a plan document into a plan file; `congkhai import-procedures` writes national
procedure records into the portal and `congkhai compare` reports where the portal differs from them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import json
import time
from types import SimpleNamespace

from . import load_site, scaffold
from .publish import editor
from .common.problems import ContentError
from .content.source import parse_yaml, read_text
from .importers.national import FIELD_WORDS, NationalInputError, read_records, select
from .importers.plans import import_plan, suggested_name
from .importers.sync import DRIFT_KINDS, compare, drift_policy, import_procedures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="congkhai", description="Công cụ cổng công khai thủ tục hành chính.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra nội dung (thủ tục, cán bộ, văn bản) mà không tạo trang")
    check.add_argument("folder", nargs="?", default=".", help="thư mục của cổng (mặc định: thư mục hiện tại)")
    imp = sub.add_parser("import-plan", help="nhập một kế hoạch từ văn bản thuần (.txt) thành tệp trong plans/")
    imp.add_argument("source", help="tệp văn bản của kế hoạch")
    imp.add_argument("-o", "--output", help="tệp kết quả (mặc định: plans/<số-ký-hiệu>.md)")
    imp.add_argument("--stdout", action="store_true", help="in kết quả ra màn hình thay vì ghi tệp")
    imp.add_argument("--units", help="danh sách đơn vị để đối chiếu đơn vị chủ trì (mặc định: data/units.yml nếu có)")
    imp.add_argument("--strict", action="store_true",
                     help="trả mã lỗi khác 0 khi báo cáo nhập còn điều cần xem (dòng không đặt được, thời gian chưa đọc "
                          "được, đơn vị không có trong danh sách, ký hiệu hoặc phụ lục không khớp)")
    nat = sub.add_parser("import-procedures", help="nhập thủ tục từ bản xuất của Cơ sở dữ liệu quốc gia về TTHC")
    nat.add_argument("source", help="tệp bản xuất: .jsonl, .jsonl.gz, .json, .csv hoặc .xlsx (các cột như bản xuất quốc gia)")
    _selection_arguments(nat)
    nat.add_argument("--all", action="store_true", help="nhập mọi bản ghi trong tệp")
    nat.add_argument("--force", action="store_true",
                     help="lấy giá trị quốc gia cả cho những mục đã sửa tại cổng (mặc định: giữ bản sửa và chỉ ra khác biệt)")
    nat.add_argument("--folder", default=".", help="thư mục của cổng (mặc định: thư mục hiện tại)")
    cmp = sub.add_parser("compare", help="so sánh thủ tục trên cổng với Cơ sở dữ liệu quốc gia (tên, thời hạn, phí, hồ sơ, căn cứ)")
    cmp.add_argument("source", help="tệp bản xuất quốc gia: .jsonl, .jsonl.gz, .json, .csv hoặc .xlsx")
    _selection_arguments(cmp)
    cmp.add_argument("--folder", default=".", help="thư mục của cổng (mặc định: thư mục hiện tại)")
    gen = sub.add_parser("generate", help="tạo lại cấu hình trình soạn thảo /quan-tri/ và JSON Schema từ mẫu dữ liệu")
    gen.add_argument("folder", nargs="?", default=".", help="thư mục của cổng (mặc định: thư mục hiện tại)")
    gen.add_argument("--check", action="store_true", help="chỉ kiểm tra các tệp đã tạo còn khớp với mẫu dữ liệu không")
    scaffold.add_parsers(sub)
    args = parser.parse_args(argv)

    if args.command == "generate":
        return _generate(args)

    if args.command in ("new", "new-portal", "update-portal"):
        code = scaffold.run(args)
        if code == 0 and args.command in ("new-portal", "update-portal"):  # the web editor and the JSON Schemas
            editor.write_generated(Path(args.dir))
        return code
    if args.command == "import-plan":
        return _import_plan(args)
    if args.command == "import-procedures":
        return _import_procedures(args)
    if args.command == "compare":
        return _compare(args)

    if args.command == "check":
        try:
            site = load_site(Path(args.folder))
        except ContentError as exc:
            print(exc.report(), file=sys.stderr)
            return 1
        print(f"Nội dung hợp lệ: {len(site.procedures)} thủ tục, {len(site.plans)} kế hoạch "
              f"({sum(len(p.record.tasks) for p in site.plans)} nhiệm vụ), {len(site.officials)} cán bộ, "
              f"{len(site.fields)} lĩnh vực, {len(site.legal)} văn bản.")
        unstated: dict[str, int] = {}
        for entry in site.procedures:
            for part in entry.record.missing:
                unstated[part.label] = unstated.get(part.label, 0) + 1
        if unstated:  # allowed (the national record leaves them empty), shown as "chưa có thông tin"
            print("Bộ phận chưa có thông tin (mục missing), số thủ tục: "
                  + "; ".join(f"{label}: {n}" for label, n in sorted(unstated.items(), key=lambda kv: -kv[1])) + ".")
        for line in editor.editor_problems(Path(args.folder)):  # valid here, misread by the web editor
            print(f"lưu ý: {line}")
        left = scaffold.examples_left(Path(args.folder))
        if left:  # valid values, but not the department's: `mkdocs build --strict` refuses to publish them
            print(f"Còn {len(left)} giá trị ví dụ do congkhai new ghi, chưa thay (trang web chưa xuất bản được):")
            for problem in left[:20]:
                print(f"  - {problem}")
    return 0


def _import_plan(args) -> int:
    source = Path(args.source)
    if not source.is_file():
        print(f"Không tìm thấy tệp {source}", file=sys.stderr)
        return 1
    text, problems = read_text(source, str(source))
    if text is None or problems:  # not UTF-8, or letters garbled by a wrong encoding
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    units, problem = _plan_units(args.units)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    result = import_plan(text, source.name, units=units)
    for note in result.notes:
        print(f"{source.name}: {note}", file=sys.stderr)
    if args.stdout:
        sys.stdout.write(result.text())
        return 1 if args.strict and result.problems else 0
    output = Path(args.output) if args.output else Path("plans") / suggested_name(result)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.text(), encoding="utf-8")
    report = output.with_name(output.stem + ".bao-cao-nhap.txt")
    if result.problems:
        report.write_text(result.report(source.name), encoding="utf-8")
    elif report.exists():
        report.unlink()  # an earlier import's report, about problems this import no longer has
    print(f"Đã nhập {len(result.front['tasks'])} nhiệm vụ vào {output}")
    if result.problems:
        print(f"Có {len(result.problems)} điều cần xem lại, ghi trong {report} (tệp này không đưa lên trang).")
    return 1 if args.strict and result.problems else 0


def _plan_units(path: str | None):
    """The department's units the leads of an imported plan are matched to: --units, else data/units.yml
    when the command runs in a portal's folder, else none (no matching)."""
    chosen = Path(path) if path else Path("data") / "units.yml"
    if not chosen.is_file():
        return None, (f"Không tìm thấy tệp danh sách đơn vị {chosen}" if path else None)
    data, _, problems = parse_yaml(chosen.read_text(encoding="utf-8"), str(chosen))
    if problems or not isinstance(data, list):
        return None, "\n".join(str(p) for p in problems) or f"{chosen}: cần là một danh sách đơn vị (id, name)"
    units = [SimpleNamespace(id=str(u.get("id", "")), name=str(u.get("name", ""))) for u in data
             if isinstance(u, dict) and u.get("name")]
    return units, None



def _selection_arguments(parser) -> None:
    parser.add_argument("--code", action="append", default=[],
                        help="mã thủ tục, có thể ghi nhiều mã cách nhau bằng dấu phẩy (1.000173,1.000174)")
    parser.add_argument("--code-file", action="append", default=[],
                        help="tệp danh sách mã thủ tục (mỗi dòng một mã; dòng bắt đầu bằng # là ghi chú)")
    parser.add_argument("--field", action="append", default=[], help='tên lĩnh vực, ví dụ "An toàn bức xạ và hạt nhân"')
    parser.add_argument("--agency", action="append", default=[], help="tên (hoặc một phần tên) cơ quan thực hiện")


def _selection(args) -> tuple[list[str], list[str], list[str]]:
    codes = [c.strip() for item in args.code for c in item.split(",") if c.strip()]
    for name in args.code_file:
        text = Path(name).read_text(encoding="utf-8-sig") if Path(name).is_file() else None
        if text is None:
            raise SystemExit(f"Không tìm thấy tệp danh sách mã {name}")
        codes += [c.strip() for line in text.splitlines() if not line.lstrip().startswith("#")
                  for c in line.split(",") if c.strip()]
    return codes, args.field, args.agency


def _read_national(source: str):
    try:
        return read_records(Path(source)), None
    except NationalInputError as exc:
        return None, "\n".join(exc.problems)


def _import_procedures(args) -> int:
    records, error = _read_national(args.source)
    if error:
        print(error, file=sys.stderr)
        return 2
    codes, fields, agencies = _selection(args)
    if not (codes or fields or agencies or args.all):
        print("Hãy chọn thủ tục cần nhập: --code, --code-file, --field hoặc --agency (hoặc --all để nhập mọi bản ghi).",
              file=sys.stderr)
        return 2
    chosen = records if args.all else select(records, codes, fields, agencies)
    unknown = sorted(set(codes) - {r["code"].strip() for r in records})
    for code in unknown:
        print(f"{args.source}: không có thủ tục mã {code}", file=sys.stderr)
    if not chosen:
        print("Không có bản ghi nào khớp điều kiện đã chọn.", file=sys.stderr)
        return 1
    started = time.monotonic()
    report = import_procedures(Path(args.folder), chosen, force=args.force)
    for r in report.results:
        line = f"{r.path}: {r.action}"
        if r.updated:
            line += " (" + ", ".join(r.updated) + " theo bản quốc gia mới)"
        print(line)
        for d in r.kept:
            print(f"  mục \"{d.key}\" đã sửa tại cổng, giữ nguyên (dùng --force để lấy bản quốc gia):")
            print(f"    tại cổng:  {_short(d.local)}")
            print(f"    quốc gia:  {_short(d.national)}")
        for d in r.forced:
            print(f"  mục \"{d.key}\" đã sửa tại cổng, thay bằng bản quốc gia (--force); bản cũ: {_short(d.local)}")
        for key, texts in r.unparsed.items():
            print(f"  giữ nguyên văn ({FIELD_WORDS.get(key, key)}): " + " | ".join(_short(t, 120) for t in texts))
        for note in r.notes:
            print(f"  lưu ý: {note}")
    counts = report.counts()
    print(f"\nĐã xử lý {len(report.results)} thủ tục trong {time.monotonic() - started:.1f} giây: "
          + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
    if report.fields_added:
        print(f"Thêm {len(report.fields_added)} lĩnh vực vào data/fields.yml.")
    if report.legal_added:
        print(f"Thêm {len(report.legal_added)} văn bản vào data/legal.yml.")
    unparsed = report.unparsed_counts()
    if unparsed:
        print("Giữ nguyên văn (chưa đọc được thành số liệu), số thủ tục theo mục: "
              + ", ".join(f"{FIELD_WORDS.get(k, k)} {v}" for k, v in unparsed.items()) + ".")
    kept = sum(1 for r in report.results if r.kept)
    if kept:
        print(f"{kept} thủ tục có mục đã sửa tại cổng khác bản quốc gia (giữ bản tại cổng; xem ở trên).")
    return 0


def _short(value, limit: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compare(args) -> int:
    records, error = _read_national(args.source)
    if error:
        print(error, file=sys.stderr)
        return 2
    codes, fields, agencies = _selection(args)
    scope = select(records, codes, fields, agencies) if (codes or fields or agencies) else None
    policy, problems = drift_policy(Path(args.folder))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 2
    found = compare(Path(args.folder), records, scope)
    failing = 0
    for d in found:
        verdict = "LỖI" if policy[d.kind] == "fail" else "lưu ý"
        failing += policy[d.kind] == "fail"
        where = d.path or "(chưa có tệp)"
        line = f"{verdict}: {where}: thủ tục {d.code}: {DRIFT_KINDS[d.kind]}"
        if d.kind == "missing_here":
            line += f": {d.national}"
        print(line)
        if d.local or (d.national and d.kind != "missing_here"):
            print(f"    tại cổng:  {_short(d.local)}")
            print(f"    quốc gia:  {_short(d.national)}")
    if not found:
        print("Các thủ tục trên cổng khớp với bản xuất quốc gia.")
    else:
        print(f"\n{len(found)} khác biệt, {failing} cần sửa trước khi xuất bản (chính sách: mkdocs.yml extra.congkhai.drift).")
    return 1 if failing else 0


def _generate(args) -> int:
    if args.check:
        lines = editor.stale(Path(args.folder))
        for line in lines:
            print(line, file=sys.stderr)
        return 1 if lines else 0
    for path in editor.write_generated(Path(args.folder)):
        print(f"Đã ghi {path}")
    return 0
