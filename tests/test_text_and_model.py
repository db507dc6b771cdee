"""Vietnamese formatting and the value types of the content model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from congkhai.common import text
from congkhai.content.model import Duration, Fee
from congkhai.content.vocab import Channel, OnlineLevel, TimeUnit


@pytest.mark.parametrize("amount,shown", [(0, "0 đồng"), (150000, "150.000 đồng"), (1500000, "1.500.000 đồng"),
                                          (16000000, "16.000.000 đồng")])
def test_money_uses_vietnamese_thousands(amount, shown):
    assert text.money(amount) == shown


def test_numbers_and_dates():
    assert text.number(Decimal("0.1")) == "0,1"
    assert text.number(Decimal("75")) == "75"
    assert text.date(dt.date(2023, 9, 5)) == "05/09/2023"


@pytest.mark.parametrize("phone,ok", [("0200 3812 345", True), ("0912 345 678", True), ("+84 912 345 678", True),
                                      ("1900 1234", True), ("091 2000", False), ("0112 345 678", False),
                                      ("abc", False), ("0200 3812 34", False)])
def test_vietnamese_phone_numbers(phone, ok):
    assert (text.phone_digits(phone) is not None) is ok


def test_tel_links_use_the_international_form():
    assert text.tel_uri("0200 3812 345") == "tel:+842003812345"
    assert text.tel_uri("1900 1234") == "tel:19001234"


def test_fold_removes_tones_and_d_stroke():
    assert text.fold("Đăng ký Lệ phí") == "dang ky le phi"
    assert text.fold("ho\u0300a") == text.fold("hòa") == "hoa"
    assert text.slugify("An toàn bức xạ và hạt nhân") == "an-toan-buc-xa-va-hat-nhan"


def test_vocab_accepts_staff_spellings():
    assert Channel.lookup("Trực tuyến") is Channel.ONLINE
    assert Channel.lookup("truc tuyen") is Channel.ONLINE
    assert Channel.lookup("qua bưu điện") is Channel.POSTAL
    assert OnlineLevel.lookup("Mức độ 4") is OnlineLevel.FULL
    assert OnlineLevel.lookup("mức độ 3") is OnlineLevel.PARTIAL
    assert Channel.lookup("fax") is None


@pytest.mark.parametrize("raw,value,unit", [("10 ngày làm việc", 10, TimeUnit.WORKING_DAY), ("05 ngày", 5, TimeUnit.DAY),
                                            ("1 tháng", 1, TimeUnit.MONTH), ("Không quy định", None, None)])
def test_durations(raw, value, unit):
    d = Duration.model_validate(raw)
    assert (d.value, d.unit) == (value, unit)


def test_duration_display():
    assert str(Duration.model_validate("5 ngày làm việc")) == "05 ngày làm việc"
    assert str(Duration.model_validate("không quy định")) == "Không quy định"


def fee(**kw):
    base = {"kind": "phí", "name": "Phí thẩm định", "legal_basis": "169/2016/TT-BTC"}
    return Fee.model_validate({**base, **kw})


def test_fee_rates_read_in_vietnamese():
    assert fee(amount="1.500.000").rate_text() == "1.500.000 đồng"
    assert fee(amount="200000", unit="chứng chỉ").rate_text() == "200.000 đồng/chứng chỉ"
    assert (fee(percent="0,1", of="tổng giá trị hợp đồng", minimum="5.000.000", maximum="10.000.000").rate_text()
            == "0,1\u00a0% tổng giá trị hợp đồng, tối thiểu 5.000.000 đồng, tối đa 10.000.000 đồng")
    assert fee(cases=[{"case": "CT Scanner", "amount": "8.000.000"}]).rate_text() == "CT Scanner: 8.000.000 đồng"


def test_fee_validity_window():
    f = fee(amount="5.000.000", valid_from="15/04/2026", valid_until="28/02/2027")
    assert f.in_force(dt.date(2026, 11, 21))
    assert not f.in_force(dt.date(2027, 3, 1))
    assert not f.in_force(dt.date(2026, 4, 14))


def test_fee_minimum_above_maximum_is_refused():
    with pytest.raises(ValidationError) as exc:
        fee(percent="0,1", of="giá trị", minimum="10.000.000", maximum="5.000.000")
    assert "mức thu tối thiểu lớn hơn mức thu tối đa" in str(exc.value)


@pytest.mark.parametrize("words,kind,due,yearly", [
    ("Tháng 01/2018", "date", dt.date(2018, 1, 31), ()),
    ("Quý 1/2018", "date", dt.date(2018, 3, 31), ()),
    ("Quý IV/2026", "date", dt.date(2026, 12, 31), ()),
    ("6 tháng đầu năm 2026", "date", dt.date(2026, 6, 30), ()),
    ("trước ngày 30/6/2026", "date", dt.date(2026, 6, 30), ()),
    ("giai đoạn 2022 - 2025", "date", dt.date(2025, 12, 31), ()),
    ("trước ngày 31/01 năm thực hiện kế hoạch", "yearly", None, ((31, 1),)),
    ("quý I trước ngày 05/3; 6 tháng trước ngày 05/6; quý III trước ngày 05/9; năm trước ngày 25/11", "yearly", None,
     ((5, 3), (5, 6), (5, 9), (25, 11))),
    ("trước ngày 05/3, 05/6, 05/9 và 25/11 hằng năm", "yearly", None, ((5, 3), (5, 6), (5, 9), (25, 11))),
    ("Hàng năm", "yearly", None, ()),
    ("Thường xuyên", "ongoing", None, ()),
    ("Thường xuyên trong năm", "ongoing", None, ()),
    ("Theo hướng dẫn của Sở Nội vụ", "text", None, ()),
])
def test_deadline_words_keep_their_text_and_give_dates(words, kind, due, yearly):
    from congkhai.content.deadline import parse_deadline
    d = parse_deadline(words)
    assert (d.text, d.kind, d.due, d.yearly) == (words, kind, due, yearly)


def test_recurring_deadlines_say_how_they_recur():
    from congkhai.content.deadline import parse_deadline
    assert parse_deadline("Hằng quý").computed == "Hằng quý"
    assert parse_deadline("trước ngày 31/01 hằng năm").due_in(2026) == dt.date(2026, 1, 31)
