"""Change history (announcements, "Thay đổi gần đây", the Atom feed) and the portal duties of NĐ 224/2026
(leaders, the reason a service is only partly online, the anonymous rating, an English page), on the demo."""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET

import pytest
import yaml
from bs4 import BeautifulSoup
from congkhai.content.model import Procedure
from helpers import REPO, mkdocs_build

ATOM = "{http://www.w3.org/2005/Atom}"


def page(demo, url: str) -> BeautifulSoup:
    return BeautifulSoup((demo.site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture(scope="module")
def feed(demo):
    return ET.parse(demo.site_dir / "thay-doi" / "atom.xml").getroot()


def entries(feed) -> list[dict]:
    return [{"title": e.find(f"{ATOM}title").text, "updated": e.find(f"{ATOM}updated").text,
             "href": e.find(f"{ATOM}link").get("href"), "id": e.find(f"{ATOM}id").text,
             "summary": e.find(f"{ATOM}summary").text} for e in feed.findall(f"{ATOM}entry")]


def test_the_feed_is_atom_with_the_demos_changes_newest_first(demo, feed):
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "Thay đổi gần đây: Sở Khoa học và Công nghệ tỉnh Lạc Hồng"
    found = entries(feed)
    assert 10 <= len(found) <= 50
    days = [e["updated"][:10] for e in found]
    assert days == sorted(days, reverse=True)
    assert feed.find(f"{ATOM}updated").text == found[0]["updated"]
    assert len({e["id"] for e in found}) == len(found)
    # every link leads to a page of the site (relative to the feed: no site_url in the demo)
    for e in found:
        target = (demo.site_dir / "thay-doi" / e["href"].split("#")[0]).resolve()
        assert (target / "index.html").is_file(), e["href"]


def test_an_abolished_procedure_is_in_the_feed_and_keeps_its_page(demo, feed):
    abolished = [e for e in entries(feed) if e["title"].startswith("Bãi bỏ: ")]
    names = {e["title"][len("Bãi bỏ: "):] for e in abolished}
    assert len(names) == 3  # two internal procedures abolished on review, one replaced
    replaced = next(e for e in abolished if "2.002385" in e["summary"])
    assert replaced["updated"].startswith("2023-09-12")
    assert replaced["summary"].startswith("Được thay thế bởi thủ tục khai báo thiết bị X-quang y tế")
    url = replaced["href"].split("../", 1)[1]
    kept = page(demo, url)
    assert "Đã được thay thế" in words(kept) or "Đã thay thế" in words(kept)
    assert kept.select_one('a[href*="khai-bao-thiet-bi-x-quang-y-te-pet-ct-spect-ct"]') is not None


def test_the_changes_page_lists_what_the_feed_lists(demo, feed):
    items = page(demo, "thay-doi").select("li.ck-change")
    assert len(items) >= len(entries(feed))
    first = items[0]
    assert words(first.select_one(".ck-change-kind")) + ": " + words(first.select_one(".ck-change-title a")) \
        == entries(feed)[0]["title"]
    days = [dt.date.fromisoformat(li.select_one("time")["datetime"]) for li in items]
    assert days == sorted(days, reverse=True)
    href = page(demo, "thay-doi").select_one('a[type="application/atom+xml"]')["href"]
    assert posixpath.normpath("thay-doi/" + href) == "thay-doi/atom.xml"


def test_a_procedure_page_shows_its_announcements_newest_first(demo):
    html = page(demo, "thu-tuc/cap-giay-phep-buu-chinh")
    record = html.select_one("dl.ck-record")
    current = record.find("dt", string="Quyết định công bố").find_next("dd")
    assert words(current).startswith("Quyết định số 735/QĐ-UBND ngày 25/03/2025 của Ủy ban nhân dân tỉnh Lạc Hồng "
                                     "(sửa đổi, bổ sung): Cơ quan giải quyết chuyển")
    earlier = record.find("dt", string="Các lần công bố trước").find_next("dd")
    assert [words(li)[:40] for li in earlier.select("li")] == ["Quyết định số 2051/QĐ-UBND ngày 14/10/20"]


def test_earlier_announcements_must_be_earlier():
    data = yaml.safe_load((REPO / "procedures" / "buu-chinh" / "cap-giay-phep-buu-chinh.md").read_text(
        encoding="utf-8").split("---\n", 2)[1])
    assert Procedure.model_validate(data).announcements[0].number == "735/QĐ-UBND"
    assert Procedure.model_validate(data).consistency() == []
    data["earlier_announcements"][0]["date"] = "14/10/2025"
    problems = Procedure.model_validate(data).consistency()
    assert problems == [(("earlier_announcements", 0, "date"), 'quyết định 2051/QĐ-UBND ngày 14/10/2025 mới hơn quyết '
                         'định đang áp dụng ghi ở "announcement"; quyết định mới nhất ghi ở "announcement", các quyết '
                         'định trước ghi ở "earlier_announcements"')]


def test_partial_online_reason_and_basis_are_on_the_page(demo):
    html = page(demo, "thu-tuc/kiem-tra-chat-luong-hang-hoa-nhap-khau")
    reason = html.select_one("#cach-thuc").find_parent("section").select_one(".ck-partial-reason")
    assert words(reason) == ("Vì sao chưa làm trọn trên mạng: Cơ quan kiểm tra có thể lấy mẫu, kiểm tra thực tế hàng hóa "
                             "tại nơi tập kết. (Căn cứ: Nghị định quy định chi tiết thi hành một số điều của Luật Chất "
                             "lượng sản phẩm, hàng hóa (132/2008/NĐ-CP))")
    # a service that is whole online says nothing of the kind
    assert page(demo, "thu-tuc/dang-ky-cong-bo-hop-chuan").select_one(".ck-partial-reason") is None


def test_a_reason_for_partial_service_on_a_whole_online_one_is_refused():
    data = yaml.safe_load((REPO / "procedures" / "tieu-chuan-do-luong-chat-luong" / "dang-ky-cong-bo-hop-chuan.md")
                          .read_text(encoding="utf-8").split("---\n", 2)[1])
    data["partial_reason"] = "Phải đến nộp bản gốc"
    problems = Procedure.model_validate(data).consistency()
    assert problems == [(("partial_reason",), 'chỉ ghi lý do và căn cứ chưa cung cấp toàn trình khi "online_level" là '
                                              '"một phần"')]


def test_the_rating_asks_without_a_name_and_says_which_page(demo):
    box = page(demo, "thu-tuc/cap-giay-phep-buu-chinh").select_one("section.ck-rating")
    assert words(box.find("h2")) == "Thông tin này có hữu ích không?"
    links = [a["href"] for a in box.select("a")]
    assert links == ["https://danhgia.lachong.example.vn/huu-ich?trang=thu-tuc/cap-giay-phep-buu-chinh/&huu-ich=co",
                     "https://danhgia.lachong.example.vn/huu-ich?trang=thu-tuc/cap-giay-phep-buu-chinh/&huu-ich=khong"]


def test_leaders_page_shows_each_leaders_duties_phone_and_biography(demo):
    department = yaml.safe_load((REPO / "data" / "department.yml").read_text(encoding="utf-8"))
    html = page(demo, "lanh-dao")
    cards = html.select("article.ck-leader")
    assert [words(c.find("h3")) for c in cards] == [f"{l['title']}: {l['name']}" for l in department["leaders"]]
    for card, leader in zip(cards, department["leaders"]):
        text = words(card)
        assert leader["duties"] in text and leader["biography"] in text and leader["phone"] in text
        assert card.select_one("a.ck-tel")["href"] == "tel:+84" + leader["phone"].replace(" ", "")[1:]


def test_english_page_is_marked_english_and_agrees_with_the_data(demo):
    department = yaml.safe_load((REPO / "data" / "department.yml").read_text(encoding="utf-8"))
    block = page(demo, "en").select_one("section.ck-english")
    assert block["lang"] == "en"
    text = words(block)
    assert department["name_en"] in text and department["phone"] in text and department["desk"]["phone"] in text
    assert "Director" in text and "Deputy Director" in text
    # Vietnamese names inside the English page are marked as Vietnamese for screen readers
    assert all(td.get("lang") == "vi" for td in block.select("td.ck-card-title"))


def test_dashboard_rows_for_the_new_duties_cite_their_sources(demo):
    html = page(demo, "cong-khai")
    text = words(html)
    for wording, source in (("tiểu sử tóm tắt và nhiệm vụ đảm nhiệm của lãnh đạo", "224/2026/NĐ-CP"),
                            ("phải công khai lý do và căn cứ pháp lý", "224/2026/NĐ-CP"),
                            ("đánh giá mức độ hài lòng đối với thông tin", "224/2026/NĐ-CP"),
                            ("thay thế hoặc bãi bỏ theo quyết định công bố", "63/2010/NĐ-CP"),
                            ("được chuẩn hóa để tìm kiếm, khai thác và trao đổi", "224/2026/NĐ-CP")):
        assert wording in text, wording
        row = next(el for el in html.find_all(string=lambda s: s and wording in s)).find_parent(["tr", "li", "article",
                                                                                               "section", "div"])
        assert source in words(row), wording


def test_the_feed_is_the_same_on_a_rebuild(demo, tmp_path):
    again = tmp_path / "site"
    assert mkdocs_build(REPO / "mkdocs.yml", again).returncode == 0
    assert (again / "thay-doi" / "atom.xml").read_bytes() == (demo.site_dir / "thay-doi" / "atom.xml").read_bytes()
