"""Vietnamese text helpers: normalisation, folding, slugs and display formats.

Everything citizen-facing is stored NFC. Folding (tones and đ removed) is for
matching only: enum aliases, suggestions and, later, search.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})

# Embeddings, overrides and isolates reorder the text around them on screen ("Trojan Source"): a name would
# read otherwise than it is written. Typed values and bodies refuse them. (The marks U+200E/U+200F, found in
# national records, move nothing and are allowed.)
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """Drop tone and vowel marks, map đ to d, keep case and spacing: 'Lệ phí' -> 'Le phi'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """For matching: marks stripped, lower case, spaces collapsed: 'Lệ  phí' -> 'le phi'."""
    return " ".join(strip_marks(text).lower().split())


# Cyrillic and Greek letters drawn like Latin ones ("са" typed on a Russian keyboard layout): read as the
# Latin letter they look like when a slug is suggested
_LOOKALIKES = str.maketrans("аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅαοριυνΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
                            "aeopcyxijsdhlABEKMHOPCTXIJSaopiuvABEZHIKMNOPTYX")


def slugify(text: str) -> str:
    """ASCII slug for file names and anchors: 'An toàn bức xạ' -> 'an-toan-buc-xa'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text.translate(_LOOKALIKES))).strip("-")


def money(amount: int) -> str:
    """1500000 -> '1.500.000 đồng' (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def number(value: int | Decimal) -> str:
    """Vietnamese number: thousands with '.', decimals with ','."""
    if isinstance(value, Decimal):
        sign, digits, exp = value.normalize().as_tuple()
        if exp < 0:
            text = format(value.normalize(), "f")
            whole, frac = text.split(".")
            return number(int(whole)) + "," + frac
        value = int(value)
    return f"{value:,}".replace(",", ".")


# Between a number and "%": a no-break space, so "99,0 %" never breaks across lines (U+00A0 rather than
# the narrow U+202F, which some fonts still lack). Every percentage the tool writes uses it.
PERCENT_SPACE = "\u00a0"


def percent(part: int, whole: int) -> str:
    """'58,3 %': a share with one decimal, Vietnamese decimal comma, rounded half up, no-break space before %."""
    tenths = (Decimal(part) * 1000 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{int(tenths) // 10},{int(tenths) % 10}{PERCENT_SPACE}%"


def percent_value(value: int | Decimal) -> str:
    """A percentage given as a number: 60 -> '60 %', Decimal('0.1') -> '0,1 %' (same spacing as `percent`)."""
    return number(value) + PERCENT_SPACE + "%"


def date(value: _dt.date) -> str:
    return value.strftime("%d/%m/%Y")


_LOOSE_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_LOOSE_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")


def pad_dates(text: str, day_month: bool = False) -> str:
    """Dates written loosely in free text, shown with two-digit day and month: 'trước ngày 30/6/2026' ->
    'trước ngày 30/06/2026'. With `day_month`, also day/month pairs ('05/3' -> '05/03'); only for text
    known to hold such pairs (a yearly deadline), since '1/2' elsewhere may be a fraction.
    Only valid dates are touched."""
    def full(m: re.Match) -> str:
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        try:
            _dt.date(y, mo, d)
        except ValueError:
            return m[0]
        return f"{d:02d}/{mo:02d}/{y}"

    def pair(m: re.Match) -> str:
        d, mo = int(m[1]), int(m[2])
        return f"{d:02d}/{mo:02d}" if 1 <= d <= 31 and 1 <= mo <= 12 else m[0]

    text = _LOOSE_DATE.sub(full, text)
    return _LOOSE_DAY_MONTH.sub(pair, text) if day_month else text


_PHONE_DIGITS = re.compile(r"[\s.\-()]")


def phone_digits(phone: str) -> str | None:
    """Digits of a Vietnamese phone number in national form, or None if it is not one.

    Landlines have 11 digits (02xx + 7 or 8), mobiles 10 (03, 05, 07, 08, 09),
    hotlines 1800/1900 + 4 or 6. +84 is accepted for the leading 0.
    """
    raw = _PHONE_DIGITS.sub("", phone)
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    if re.fullmatch(r"02\d{9}", raw) or re.fullmatch(r"0[35789]\d{8}", raw):
        return raw
    if re.fullmatch(r"1[89]00\d{4}(\d{2})?", raw):
        return raw
    return None


def tel_uri(phone: str) -> str:
    digits = phone_digits(phone) or _PHONE_DIGITS.sub("", phone)
    if digits.startswith("0") and not digits.startswith(("1800", "1900")):
        return "tel:+84" + digits[1:]
    return "tel:" + digits
