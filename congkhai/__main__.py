"""Command line: `congkhai check [FOLDER]` validates a site's content without building it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import ContentError
from .site import load_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="congkhai", description="Công cụ cổng công khai thủ tục hành chính.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra nội dung (thủ tục, cán bộ, văn bản) mà không tạo trang")
    check.add_argument("folder", nargs="?", default=".", help="thư mục của cổng (mặc định: thư mục hiện tại)")
    args = parser.parse_args(argv)

    if args.command == "check":
        try:
            site = load_site(Path(args.folder))
        except ContentError as exc:
            print(exc.report(), file=sys.stderr)
            return 1
        print(f"Nội dung hợp lệ: {len(site.procedures)} thủ tục, {len(site.officials)} cán bộ, "
              f"{len(site.fields)} lĩnh vực, {len(site.legal)} văn bản.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
