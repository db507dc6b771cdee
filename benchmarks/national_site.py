"""A congkhai site of N procedures made from the real national records in ../shared/data/.

    python benchmarks/national_site.py OUT_DIR [--count 3000]

The records are the national database's, flattened and messy; this maps what it can onto the
procedure model and fills what it cannot with plain defaults, so that every record becomes a valid
procedure page. It is benchmark input, not an importer: nothing here is published. The department,
units and officials are the demo's; docs/ and mkdocs.yml come from this repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from congkhai.importers.plans import dump_yaml  # noqa: E402
from congkhai.common.text import slugify  # noqa: E402
from congkhai.content.vocab import Channel, Level  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "tthc-national-2849.jsonl.gz"


def _time(raw: str | None) -> str:
    m = re.match(r"\s*(\d+)\s+(ngày làm việc|ngày|tháng|giờ làm việc|giờ)\b", (raw or "").lower())
    return f"{m[1]} {m[2]}" if m and int(m[1]) > 0 else "không quy định"  # "0 giờ" (immediately) is not a time


def _quantity(raw: str | None) -> tuple[int, int]:
    text = (raw or "").lower()
    original = re.search(r"(\d+)\s*bản chính", text)
    copies = re.search(r"(\d+)\s*bản sao", text)
    o, c = int(original[1]) if original else 0, int(copies[1]) if copies else 0
    return (o, c) if o + c else (1, 0)


def procedure(r: dict, code: str, suffix: str = "") -> dict:
    channels = []
    for m in r.get("methods") or []:
        ch = Channel.lookup(m.get("method") or "")
        if ch and ch.value not in [c["channel"] for c in channels]:
            channels.append({"channel": ch.value, "time": _time(m.get("processing_time") or r.get("processing_time"))})
    if not channels:
        channels = [{"channel": Channel.DIRECT.value, "time": _time(r.get("processing_time"))}]
    levels = [lv.value for lv in (Level.lookup(x) for x in (r.get("level") or "").split(",")) if lv] or ["cấp tỉnh"]
    docs = []
    for d in (r.get("documents") or [])[:12]:
        if d.get("name"):
            o, c = _quantity(d.get("quantity"))
            docs.append({"name": d["name"][:300], "original": str(o), "copies": str(c)})
    steps = [s.strip()[:300] for s in re.split(r"\n\s*\n", r.get("steps") or "") if s.strip()][:6]
    applicants: list[str] = []
    for part in (r.get("applicants") or "").split(","):  # "Cán bộ, công chức, viên chức" is one applicant
        part = part.strip()
        if part and applicants and part[:1].islower():
            applicants[-1] += ", " + part
        elif part:
            applicants.append(part)
    applicants = applicants[:6]
    return {
        "code": code,
        "name": r["name"] + suffix,
        "field": slugify(r.get("field") or "khác")[:60] or "khac",
        "levels": list(dict.fromkeys(levels)),
        "announcement": {"number": "1/QĐ-BENCH", "date": "01/01/2024"},
        "steps": steps or ["Nộp hồ sơ", "Nhận kết quả"],
        "channels": channels,
        "fees": [],
        "dossier": [{"documents": docs or [{"name": "Đơn đề nghị"}]}],
        "applicants": applicants or ["Công dân Việt Nam"],
        "agencies": {"deciding": r.get("agency") or "Cơ quan có thẩm quyền", "executing": r.get("agency") or "Cơ quan có thẩm quyền"},
        "results": [(r.get("result") or "Kết quả giải quyết")[:300]],
        "legal_basis": ["1/2024/BENCH"],
        "conditions": (r.get("conditions") or "Không")[:500],
        "online_level": "một phần" if any(c["channel"] == Channel.ONLINE.value for c in channels) else "không",
    }


def build(out: Path, count: int = 3000, only: list[int] | None = None) -> Path:
    """A site of `count` procedures (the records in order, then repeated with new codes), or of the
    records at the positions `only` (tests: a small site holding the records a test asks about)."""
    rows = [json.loads(line) for line in gzip.open(DATA, "rt", encoding="utf-8")]
    if out.exists():
        shutil.rmtree(out)
    (out / "procedures").mkdir(parents=True)
    (out / "data").mkdir()
    for name in ("department.yml", "units.yml", "officials.yml"):
        shutil.copy(REPO / "data" / name, out / "data" / name)
    officials = yaml.safe_load((REPO / "data" / "officials.yml").read_text(encoding="utf-8"))
    for o in officials:
        o.pop("fields", None)
    (out / "data" / "officials.yml").write_text(dump_yaml(officials), encoding="utf-8")
    (out / "data" / "legal.yml").write_text(dump_yaml([{"number": "1/2024/BENCH", "kind": "Văn bản",
                                                         "title": "Văn bản thử tải", "issuer": "congkhai"}]), encoding="utf-8")
    fields: dict[str, str] = {}
    for i in (sorted(set(only)) if only is not None else range(count)):
        r = rows[i % len(rows)]
        if i < len(rows):
            code, suffix = r["code"], ""
        else:
            code, suffix = f"9.{990000 + i:06d}"[:8], " (bản thử tải)"
        proc = procedure(r, code, suffix)
        fields.setdefault(proc["field"], r.get("field") or "Khác")
        slug = f"{slugify(r['name'])[:70].strip('-')}-{i}"
        folder = out / "procedures" / proc["field"]
        folder.mkdir(exist_ok=True)
        (folder / f"{slug}.md").write_text("---\n" + dump_yaml(proc) + "---\n", encoding="utf-8")
    (out / "data" / "fields.yml").write_text(dump_yaml([{"id": k, "name": v} for k, v in fields.items()]), encoding="utf-8")
    shutil.copytree(REPO / "docs", out / "docs")
    for page in DROPPED:
        (out / "docs" / page).unlink(missing_ok=True)  # no register, statistics or internal procedures here
    return out


DROPPED = ("cong-khai.md", "thong-ke.md", "thu-tuc/noi-bo.md")  # pages of what the generated site does not have


def _without_dropped(entry):
    """A navigation entry without the DROPPED pages (None when nothing is left of it): the other pages of a section
    (Thay đổi gần đây, Dữ liệu mở) stay in the navigation."""
    if isinstance(entry, str):
        return None if entry in DROPPED else entry
    if isinstance(entry, dict):
        (title, value), = entry.items()
        if isinstance(value, list):
            kept = [e for e in (_without_dropped(v) for v in value) if e]
            return {title: kept} if kept else None
        return None if value in DROPPED else entry
    return entry


def config(site: Path, *, material_search: bool = False) -> Path:
    """A mkdocs.yml for the generated site. `material_search`: the theme's own search, for comparison."""
    data = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    data["hooks"] = [str(REPO / "hooks" / "congkhai_mkdocs.py")]
    data.pop("watch", None)
    data["nav"] = [_without_dropped(n) for n in data["nav"] if _without_dropped(n)]
    data["extra"]["congkhai"]["search"] = not material_search
    overrides = REPO / "overrides"
    if material_search:
        overrides = site / "overrides-material"
        shutil.copytree(REPO / "overrides", overrides, dirs_exist_ok=True)
        (overrides / "partials" / "header.html").unlink()
        data["plugins"] = ["search"]
    data["theme"]["custom_dir"] = str(overrides)
    path = site / ("mkdocs-material.yml" if material_search else "mkdocs.yml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    site = build(args.out, args.count)
    print(config(site), config(site, material_search=True))
