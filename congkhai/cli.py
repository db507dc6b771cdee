"""Command line: `congkhai check [FOLDER]` validates a site's content without building it;
`congkhai import-plan` turns a plan document into a plan file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import load_site
from .common.problems import ContentError
from .content.source import read_text
from .importers.plans import import_plan, suggested_name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="congkhai", description="Công cụ cổng công khai thủ tục hành chính.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra nội dung (thủ tục, cán bộ, văn bản) mà không tạo trang")
    check.add_argument("folder", nargs="?", default=".", help="thư mục của cổng (mặc định: thư mục hiện tại)")
    imp = sub.add_parser("import-plan", help="nhập một kế hoạch từ văn bản thuần (.txt) thành tệp trong plans/")
    imp.add_argument("source", help="tệp văn bản của kế hoạch")
    imp.add_argument("-o", "--output", help="tệp kết quả (mặc định: plans/<số-ký-hiệu>.md)")
    imp.add_argument("--stdout", action="store_true", help="in kết quả ra màn hình thay vì ghi tệp")
    args = parser.parse_args(argv)

    if args.command == "import-plan":
        return _import_plan(args)

    if args.command == "check":
        try:
            site = load_site(Path(args.folder))
        except ContentError as exc:
            print(exc.report(), file=sys.stderr)
            return 1
        print(f"Nội dung hợp lệ: {len(site.procedures)} thủ tục, {len(site.plans)} kế hoạch "
              f"({sum(len(p.record.tasks) for p in site.plans)} nhiệm vụ), {len(site.officials)} cán bộ, "
              f"{len(site.fields)} lĩnh vực, {len(site.legal)} văn bản.")
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
    result = import_plan(text, source.name)
    for note in result.notes:
        print(f"{source.name}: {note}", file=sys.stderr)
    if args.stdout:
        sys.stdout.write(result.text())
        return 0
    output = Path(args.output) if args.output else Path("plans") / suggested_name(result)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.text(), encoding="utf-8")
    print(f"Đã nhập {len(result.front['tasks'])} nhiệm vụ vào {output}")
    return 0

