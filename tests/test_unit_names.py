"""Joint leads split into units, and unit names as plans write them matched to data/units.yml."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from congkhai.content.source import parse_yaml
from congkhai.content.unit_names import UnitNames, split_units
from helpers import REPO

DEMO_UNITS = [SimpleNamespace(id=u["id"], name=u["name"])
              for u in parse_yaml((REPO / "data" / "units.yml").read_text(encoding="utf-8"), "units.yml")[0]]
KNOWN = [u.name for u in DEMO_UNITS]


@pytest.mark.parametrize("cell,units", [
    ("Văn phòng Sở, Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
    ("Phòng Quản lý khoa học; Phòng Kế hoạch - Tài chính", ["Phòng Quản lý khoa học", "Phòng Kế hoạch - Tài chính"]),
    ("Văn phòng Sở và Chi cục Tiêu chuẩn Đo lường Chất lượng",
     ["Văn phòng Sở", "Chi cục Tiêu chuẩn Đo lường Chất lượng"]),
    # one unit whose name holds a comma and "và": never cut
    ("Phòng Bưu chính, Viễn thông và Chuyển đổi số", ["Phòng Bưu chính, Viễn thông và Chuyển đổi số"]),
    ("Văn phòng Sở, Phòng Bưu chính, Viễn thông và Chuyển đổi số",
     ["Văn phòng Sở", "Phòng Bưu chính, Viễn thông và Chuyển đổi số"]),
    # the part after the comma does not start like a unit: one name
    ("Các phòng, đơn vị thuộc Sở", ["Các phòng, đơn vị thuộc Sở"]),
    ("Bộ phận tiếp nhận và trả kết quả", ["Bộ phận tiếp nhận và trả kết quả"]),
    ("Đồng chí Thắng tham mưu, GD ban hành", ["Đồng chí Thắng tham mưu, GD ban hành"]),
    ("Giám đốc, Chánh thanh tra", ["Giám đốc", "Chánh thanh tra"]),
    # "Viện" starts a unit, "Viễn thông" does not
    ("Sở Khoa học và Công nghệ, Viện Công nghệ sinh học", ["Sở Khoa học và Công nghệ", "Viện Công nghệ sinh học"]),
    ("Phòng Quản lý công nghệ và Sở hữu trí tuệ, Văn phòng Sở",
     ["Phòng Quản lý công nghệ và Sở hữu trí tuệ", "Văn phòng Sở"]),
    ("", []),
])
def test_joint_leads_split_into_units(cell, units):
    assert split_units(cell, KNOWN) == units


@pytest.mark.parametrize("written,unit_id", [
    ("Văn phòng Sở", "van-phong"),
    ("Văn phòng", "van-phong"),
    ("VĂN PHÒNG SỞ", "van-phong"),
    ("van phong so", "van-phong"),
    ("Quản lý khoa học", "phong-quan-ly-khoa-hoc"),
    ("Phòng Quản lý khoa học", "phong-quan-ly-khoa-hoc"),
    ("Phòng Quản lý chuyên ngành", "phong-an-toan-buc-xa"),  # the bracketed qualifier left out
    ("Chi cục Tiêu chuẩn Đo lường Chất lượng", "chi-cuc-tdc"),
    ("Phong Buu chinh, Vien thong va Chuyen doi so", "phong-buu-chinh-vien-thong"),
    ("van-phong", "van-phong"),
    ("Thanh tra Sở", None),
    ("Phòng Tổ chức cán bộ", None),
])
def test_unit_names_are_matched_without_marks_and_prefixes(written, unit_id):
    found = UnitNames(DEMO_UNITS).find(written)
    assert (found.id if found else None) == unit_id


def test_a_name_two_units_could_mean_is_not_matched():
    units = [SimpleNamespace(id="a", name="Phòng Tổng hợp"), SimpleNamespace(id="b", name="Văn phòng Tổng hợp")]
    assert UnitNames(units).find("Tổng hợp") is None
    assert UnitNames(units).find("Phòng Tổng hợp").id == "a"


def test_without_a_units_list_names_holding_so_huu_or_a_lower_case_part_stay_whole():
    assert split_units("Phòng Quản lý công nghệ và Sở hữu trí tuệ; Thanh tra Sở") == [
        "Phòng Quản lý công nghệ và Sở hữu trí tuệ", "Thanh tra Sở"]
    assert split_units("Văn phòng Sở, các phòng chuyên môn") == ["Văn phòng Sở, các phòng chuyên môn"]
