"""The content model: the single source of truth for what a file may hold.

Field keys are English; each field's `title` is its Vietnamese label (as on the national
procedure database) and its `description` says what to write. Validation, error
messages, field documentation and (later) the JSON Schema and web-editor config are
all read from these classes.

Values arrive as text (see source.py) and are parsed here by small annotated types
that speak Vietnamese when they refuse a value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..common import text as vtext
from .deadline import Deadline, parse_deadline
from .vocab import (
    AnnouncementKind, Channel, Currency, DeskRole, FeeKind, Level, OnlineLevel, Outcome, Part, ProcedureType,
    RequirementLevel, Status, TaskStatus, TimeUnit, Vocab,
)


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("congkhai", message)


# --------------------------------------------------------------------------- scalar types


# characters of no width inside words: a search for the word no longer finds it
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise _fail("không được để trống")
        if found := _ZERO_WIDTH.search(value):
            raise _fail(f'"{value}" có ký tự không nhìn thấy (U+{ord(found[0]):04X}), làm tìm kiếm không thấy chữ có '
                        "nó; hãy xoá ký tự đó")
        if vtext.BIDI_CONTROLS.search(value):
            raise _fail(f'"{value}" có ký tự điều khiển hướng chữ (làm chữ hiện ngược hoặc đổi chỗ trên trang); '
                        "hãy xoá ký tự đó (thường do dán chữ từ nơi khác vào)")
    elif value is not None and not isinstance(value, (int, Decimal)):
        raise _fail("cần một đoạn chữ, không phải danh sách hay nhóm mục")
    return value


Text = Annotated[str, BeforeValidator(_text)]


def _plain_digits(value: Any) -> Any:
    """A typed value (date, amount, code, phone, time) must be written with the digits 0-9: a fullwidth
    "１" or another script's digit looks right on screen but is not the number. Says what to type instead."""
    value = _text(value)
    if isinstance(value, str) and any(ch.isdigit() and not "0" <= ch <= "9" for ch in value):
        fixed = "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not "0" <= ch <= "9" else ch for ch in value)
        raise _fail(f'"{value}" có chữ số không phải chữ số thường 0-9 (thường do bộ gõ toàn độ rộng); '
                    f'hãy gõ lại: "{fixed}"')
    return value

# the two ways a date may be written (also the JSON Schema's, congkhai/publish/schemas.py)
DATE_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    value = _plain_digits(value)
    if value is None:  # left empty: the schema says so in its own words
        return None
    m = DATE_DMY.fullmatch(value) or None
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        m = DATE_ISO.fullmatch(value)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise _fail(f'"{value}" không phải là một ngày có thật; hãy kiểm tra ngày và tháng') from None
    raise _fail(f'"{value}" không phải là ngày; cần dạng ngày/tháng/năm, ví dụ "12/09/2023"')


VDate = Annotated[dt.date, BeforeValidator(_date)]

# an amount of money in đồng, spaces removed: "1.500.000" or "1500000"
MONEY_TEXT = re.compile(r"\d{1,3}(\.\d{3})+|\d+")


def _money(value: Any) -> Any:
    if isinstance(value, int):
        return value
    value = _plain_digits(value)
    if value is None:  # left empty: the schema says so in its own words
        return None
    compact = value.replace(" ", "")
    if MONEY_TEXT.fullmatch(compact):
        if len(compact.replace(".", "").lstrip("0")) > 15:
            raise _fail(f'"{value[:30]}…" quá lớn để là một số tiền (hơn 15 chữ số); hãy kiểm tra lại')
        return int(compact.replace(".", ""))
    raise _fail(f'"{value}" không phải là số tiền; cần số đồng viết bằng chữ số, ví dụ "1.500.000" hoặc "1500000" '
                '(không ghi chữ "đồng", không dùng dấu phẩy)')


Money = Annotated[int, BeforeValidator(_money)]


def _count(value: Any) -> Any:
    if isinstance(value, int):
        return value
    value = _plain_digits(value)
    if value is None:  # left empty: the schema says so in its own words
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        raise _fail(f'"{value}" không phải là số lượng; số lượng viết liền, không dùng dấu chấm, ví dụ '
                    f'"{value.replace(".", "")}"')
    if re.fullmatch(r"\d+", value):
        if len(value.lstrip("0")) > 9:
            raise _fail(f'"{value[:30]}{"…" if len(value) > 30 else ""}" quá lớn để là một số lượng (hơn 9 chữ số); '
                        "hãy kiểm tra lại")
        return int(value)
    raise _fail(f'"{value}" không phải là số lượng; cần một số nguyên, ví dụ "1"')


Count = Annotated[int, BeforeValidator(_count)]


def _percent(value: Any) -> Any:
    value = _plain_digits(value)
    if value is None:  # left empty: the schema says so in its own words
        return None
    try:
        number = Decimal(str(value).replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        raise _fail(f'"{value}" không phải là tỷ lệ phần trăm; cần một số, ví dụ "0,1" hoặc "75"') from None
    if not number.is_finite() or not 0 < number <= 100:
        raise _fail(f'"{value}" không hợp lệ; tỷ lệ phần trăm phải lớn hơn 0 và không quá 100')
    return number


Percent = Annotated[Decimal, BeforeValidator(_percent)]


def _bool(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    key = vtext.fold(_text(value))
    if key in {"co", "true", "yes", "dung", "1"}:
        return True
    if key in {"khong", "false", "no", "sai", "0"}:
        return False
    raise _fail(f'"{value}" không hợp lệ; cần "có" hoặc "không"')


Flag = Annotated[bool, BeforeValidator(_bool)]


def _checked(accept, refusal: str):
    """A text type that accepts a value when `accept(value)` is true, else refuses with `refusal`.

    `refusal` is formatted with {value} and {slug} (the value as a slug, for suggestions).
    """

    def parse(value: Any) -> Any:
        value = _plain_digits(value)
        if isinstance(value, str) and len(value) > 2 and value[0] in "“”‘’«" and value[-1] in "“”‘’»":
            raise _fail(f'{value} được đặt trong ngoặc kép cong (“ ” do trình soạn thảo tự đổi); hãy dùng ngoặc kép '
                        f'thẳng: "{value[1:-1]}"')
        if isinstance(value, str) and not accept(value):
            raise _fail(refusal.format(value=value, slug=vtext.slugify(value) or "nguyen-van-a"))
        return value

    return Annotated[str, BeforeValidator(parse)]


Slug = _checked(re.compile(r"[a-z0-9]+(-[a-z0-9]+)*").fullmatch,
                '"{value}" không phải là mã hợp lệ; mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, '
                'ví dụ "{slug}"')
Code = _checked(re.compile(r"[1-9]\.\d{6}").fullmatch,
                '"{value}" không phải là mã thủ tục quốc gia; cần dạng một chữ số, dấu chấm, sáu chữ số, '
                'ví dụ "1.000173" (viết trong ngoặc kép)')
LocalCode = _checked(re.compile(r"[1-9]\.\d{6}(\.\d{3}\.\d{2}\.\d{2})?\.H\d{2}").fullmatch,
                     '"{value}" không phải là mã thủ tục địa phương; cần dạng "1.000173.000.00.00.H58" hoặc "1.011937.H06"')
Phone = _checked(lambda v: vtext.phone_digits(v) is not None,
                 '"{value}" không phải là số điện thoại Việt Nam; cần số cố định 11 chữ số bắt đầu bằng 02 '
                 '(ví dụ "0200 3812 345"), số di động 10 chữ số (ví dụ "0912 345 678") hoặc đường dây nóng 1800/1900')
Email = _checked(re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z0-9-]{2,}").fullmatch,
                 '"{value}" không phải là địa chỉ thư điện tử; cần dạng "ten@coquan.gov.vn"')
Url = _checked(re.compile(r"https?://[^\s<>\"]+|/[^\s<>\"]*").fullmatch,
               '"{value}" không phải là địa chỉ trang web; cần bắt đầu bằng "https://" hoặc "/"')
# Form files a citizen downloads: the kinds the national database publishes, nothing executable.
FORM_FILE_TYPES = {".docx": "Word", ".doc": "Word", ".odt": "OpenDocument", ".pdf": "PDF", ".xlsx": "Excel",
                   ".xls": "Excel", ".ods": "OpenDocument"}
_FORM_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


def form_file_ok(value: str) -> bool:
    """A path inside the procedure's folder (no "..", no hidden files) to a document a citizen can open."""
    return bool(_FORM_PATH.fullmatch(value)) and "/." not in "/" + value \
        and PurePosixPath(value).suffix.lower() in FORM_FILE_TYPES


FormFile = _checked(form_file_ok,
                    '"{value}" không phải là tên tệp mẫu hợp lệ; cần đường dẫn tính từ thư mục của tệp thủ tục, '
                    'chỉ gồm chữ không dấu, số, dấu gạch ngang, dấu chấm và "/", đuôi tệp là một trong: '
                    + ", ".join(FORM_FILE_TYPES) + ', ví dụ "mau/don-de-nghi.docx"')


def vocab(cls: type[Vocab]):
    def parse(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        raw = _text(value)
        if raw is None:  # left empty: the schema says so
            return None
        found = cls.lookup(raw) if isinstance(raw, str) else None
        if found is None:
            choices = ", ".join(f'"{c}"' for c in cls.choices())
            raise _fail(f'"{raw}" không có trong danh sách; cần một trong các giá trị: {choices}')
        return found

    return Annotated[cls, BeforeValidator(parse)]


def _listify(value: Any) -> Any:
    """A lone value where a list is expected counts as a list of one."""
    if isinstance(value, (str, int)):
        return [value]
    if value is None:
        return []
    return value


def ListOf(item):  # noqa: N802 - reads like a type
    return Annotated[list[item], BeforeValidator(_listify)]


_DURATION = re.compile(r"(\d+)\s+(.+)")


class Duration(BaseModel):
    """A processing time: '10 ngày làm việc', or 'không quy định' (no time set by law)."""

    model_config = ConfigDict(frozen=True)
    value: Optional[int] = None
    unit: Optional[TimeUnit] = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, raw: Any) -> Any:
        if isinstance(raw, (dict, Duration)):
            return raw
        text = _plain_digits(raw)
        if text is None:  # left empty: the schema says so
            return None
        if vtext.fold(str(text)) in {"khong quy dinh", "khong"}:
            return {"value": None, "unit": None}
        m = _DURATION.fullmatch(str(text))
        unit = TimeUnit.lookup(m[2]) if m else None
        if not m or unit is None:
            units = ", ".join(f'"{u.value}"' for u in TimeUnit)
            raise _fail(f'"{text}" không phải là thời hạn; cần một số và đơn vị ({units}), ví dụ "10 ngày làm việc", '
                        'hoặc "không quy định"')
        if int(m[1]) == 0:
            raise _fail(f'"{text}" không hợp lệ; thời hạn phải lớn hơn 0 (nếu pháp luật không quy định thời hạn, '
                        'ghi "không quy định")')
        return {"value": int(m[1]), "unit": unit}

    def __str__(self) -> str:
        if self.value is None:
            return "Không quy định"
        text = f"{self.value:02d} {self.unit.value}" if self.value < 10 else f"{self.value} {self.unit.value}"
        # plain "ngày" in the national record means calendar days; said so beside "ngày làm việc"
        return text + " (kể cả ngày nghỉ)" if self.unit is TimeUnit.DAY else text


def _is_home_page(url: str) -> bool:
    """A portal's front page ("https://dichvucong.gov.vn/"), which does not lead to one procedure."""
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query and not parts.fragment


# --------------------------------------------------------------------------- records


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Announcement(Record):
    number: Text = Field(title="Số quyết định công bố", description='Số, ký hiệu của quyết định công bố, ví dụ "1234/QĐ-UBND".')
    date: VDate = Field(title="Ngày quyết định công bố", description="Ngày ký quyết định công bố, dạng ngày/tháng/năm.")
    issuer: Optional[Text] = Field(None, title="Cơ quan công bố", description='Ví dụ "Ủy ban nhân dân tỉnh".')
    kind: vocab(AnnouncementKind) = Field(AnnouncementKind.NEW, title="Hình thức công bố",
                                          description="Mới ban hành, sửa đổi bổ sung, thay thế hoặc bãi bỏ.")
    changes: Optional[Text] = Field(None, title="Nội dung thay đổi",
                                    description='Một dòng cho người dân, ví dụ "Giảm thời hạn giải quyết từ 15 xuống 10 '
                                                'ngày làm việc".')


class Step(Record):
    name: Text = Field(title="Bước", description='Tên bước, ví dụ "Nộp hồ sơ".')
    description: Optional[Text] = Field(None, title="Nội dung", description="Ai làm gì, ở đâu, trong bao lâu.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, raw: Any) -> Any:
        return {"name": raw} if isinstance(raw, str) else raw


class ChannelEntry(Record):
    channel: vocab(Channel) = Field(title="Hình thức nộp", description="Trực tiếp, trực tuyến hoặc dịch vụ bưu chính.")
    time: Optional[Duration] = Field(None, title="Thời hạn giải quyết",
                                     description="Nếu bỏ trống, dùng thời hạn chung của thủ tục (processing_time).")
    note: Optional[Text] = Field(None, title="Mô tả", description="Ghi chú riêng cho hình thức nộp này.")


class FeeCase(Record):
    case: Text = Field(title="Trường hợp", description='Ví dụ "Thiết bị X-quang chụp răng".')
    amount: Money = Field(title="Mức thu (đồng)", description="Số đồng, ví dụ 2.000.000.")


class Fee(Record):
    kind: vocab(FeeKind) = Field(title="Loại", description='"phí" (bù chi phí dịch vụ) hoặc "lệ phí" (khoản thu cố định).')
    name: Text = Field(title="Tên phí, lệ phí", description='Ví dụ "Lệ phí cấp chứng chỉ nhân viên bức xạ".')
    amount: Optional[Money] = Field(None, title="Mức thu (đồng)", description="Mức thu cố định, bằng số đồng.")
    currency: vocab(Currency) = Field(Currency.VND, title="Đơn vị tiền",
                                      description='"đồng"; "USD" hoặc "EUR" chỉ khi văn bản quy định mức thu bằng ngoại tệ.')
    rate: Optional[Text] = Field(None, title="Mức thu (ghi bằng lời)",
                                 description="Khi mức thu không ghi được bằng một số tiền, tỷ lệ hay bảng trường hợp: "
                                             "ghi nguyên văn như văn bản, ví dụ khi nhập từ Cơ sở dữ liệu quốc gia.")
    unit: Optional[Text] = Field(None, title="Đơn vị tính", description='Ví dụ "chứng chỉ", "thiết bị" → "200.000 đồng/chứng chỉ".')
    percent: Optional[Percent] = Field(None, title="Tỷ lệ (%)", description='Mức thu theo tỷ lệ, ví dụ "0,1".')
    of: Optional[Text] = Field(None, title="Tính trên", description='Cơ sở tính tỷ lệ, ví dụ "tổng giá trị hợp đồng".')
    minimum: Optional[Money] = Field(None, title="Mức thu tối thiểu (đồng)")
    maximum: Optional[Money] = Field(None, title="Mức thu tối đa (đồng)")
    cases: Optional[list[FeeCase]] = Field(None, title="Mức thu theo trường hợp",
                                           description="Bảng mức thu khi mức thu khác nhau theo từng trường hợp.")
    payer: Optional[Text] = Field(None, title="Đối tượng nộp",
                                  description="Nếu bỏ trống, là đối tượng thực hiện thủ tục.")
    payment: Optional[Text] = Field(None, title="Phương thức thu",
                                    description="Nếu bỏ trống, dùng phương thức thu chung của Sở (data/department.yml).")
    exemptions: Text = Field("Không", title="Miễn, giảm", description='Đối tượng được miễn, giảm; "Không" nếu không có.')
    collector: Optional[Text] = Field(None, title="Đơn vị thu")
    legal_basis: ListOf(Text) = Field(title="Văn bản quy định phí, lệ phí",
                                      description="Số, ký hiệu văn bản có trong data/legal.yml, ví dụ 287/2016/TT-BTC.")
    channels: ListOf(vocab(Channel)) = Field([], title="Áp dụng cho hình thức nộp",
                                             description="Bỏ trống nếu áp dụng cho mọi hình thức nộp.")
    valid_from: Optional[VDate] = Field(None, title="Áp dụng từ ngày")
    valid_until: Optional[VDate] = Field(None, title="Áp dụng đến ngày")
    note: Optional[Text] = Field(None, title="Ghi chú")

    @model_validator(mode="after")
    def _one_rate(self) -> "Fee":
        given = [k for k in ("amount", "percent", "cases", "rate") if getattr(self, k) is not None]
        if len(given) != 1:
            raise _fail('cần đúng một cách ghi mức thu: "amount" (số tiền cố định), "percent" (tỷ lệ), '
                        '"cases" (bảng theo trường hợp) hoặc "rate" (ghi bằng lời); '
                        f'đang có: {", ".join(given) or "không có cách nào"}')
        if self.currency is not Currency.VND and self.amount is None:
            raise _fail(f'đơn vị tiền "{self.currency.value}" chỉ dùng với mức thu cố định ("amount")')
        if self.percent is not None and not self.of:
            raise _fail('mức thu theo tỷ lệ cần ghi "of": tỷ lệ tính trên khoản nào, ví dụ "tổng giá trị hợp đồng"')
        if self.percent is None and (self.minimum is not None or self.maximum is not None):
            raise _fail('"minimum" và "maximum" chỉ dùng cho mức thu theo tỷ lệ ("percent")')
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise _fail("mức thu tối thiểu lớn hơn mức thu tối đa")
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise _fail('ngày "valid_from" phải trước ngày "valid_until"')
        return self

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_until is None or on <= self.valid_until)

    def short_rate(self) -> str:
        """The rate in one line: a table of cases as its range ('2.000.000 – 16.000.000 đồng, tùy trường hợp')."""
        if not self.cases:
            return self.rate_text()
        low, high = min(c.amount for c in self.cases), max(c.amount for c in self.cases)
        return (vtext.money(low) if low == high else f"{vtext.number(low)} – {vtext.money(high)}") + ", tùy trường hợp"

    def rate_text(self) -> str:
        """Vietnamese statement of the rate, e.g. '0,1 % tổng giá trị hợp đồng, tối thiểu 5.000.000 đồng'."""
        if self.amount is not None:
            if self.amount == 0:
                return "Miễn thu (0 đồng)"
            money = vtext.money(self.amount) if self.currency is Currency.VND \
                else f"{vtext.number(self.amount)} {self.currency.value}"
            return money + (f"/{self.unit}" if self.unit else "")
        if self.rate is not None:
            return self.rate
        if self.percent is not None:
            out = f"{vtext.percent_value(self.percent)} {self.of}"  # the one percent format (text.PERCENT_SPACE)
            if self.minimum is not None:
                out += f", tối thiểu {vtext.money(self.minimum)}"
            if self.maximum is not None:
                out += f", tối đa {vtext.money(self.maximum)}"
            return out
        return "; ".join(f"{c.case}: {vtext.money(c.amount)}" for c in self.cases or [])


class DossierDocument(Record):
    name: Text = Field(title="Tên giấy tờ")
    original: Count = Field(1, title="Bản chính", description="Số bản chính.")
    copies: Count = Field(0, title="Bản sao", description="Số bản sao.")
    form: Optional[Text] = Field(None, title="Mẫu đơn, tờ khai", description='Tên mẫu, ví dụ "Mẫu số 01, Phụ lục I Nghị định 142/2020/NĐ-CP".')
    form_file: Optional[FormFile] = Field(None, title="Tệp mẫu đơn, tờ khai",
                                          description='Tệp mẫu (.docx, .pdf, .xlsx...) để người dân tải về, đặt trong kho cạnh tệp '
                                                      'thủ tục; ghi đường dẫn tính từ thư mục của tệp thủ tục, ví dụ "mau/don-de-nghi.docx".')
    form_url: Optional[Url] = Field(None, title="Tải mẫu", description="Đường dẫn tải mẫu từ Cơ sở dữ liệu quốc gia về TTHC.")
    note: Optional[Text] = Field(None, title="Ghi chú")


class DossierCase(Record):
    case: Optional[Text] = Field(None, title="Trường hợp", description="Bỏ trống nếu hồ sơ giống nhau cho mọi trường hợp.")
    documents: list[DossierDocument] = Field(title="Giấy tờ", min_length=1)
    sets: Count = Field(1, title="Số lượng hồ sơ", description="Số bộ hồ sơ.")


class Agencies(Record):
    deciding: Optional[Text] = Field(None, title="Cơ quan có thẩm quyền quyết định",
                                     description="Bỏ trống nếu chính là cơ quan thực hiện hoặc chưa rõ.")
    executing: Text = Field(title="Cơ quan thực hiện")
    delegated: Optional[Text] = Field(None, title="Cơ quan được ủy quyền")
    coordinating: ListOf(Text) = Field([], title="Cơ quan phối hợp")


class Result(Record):
    name: Text = Field(title="Tên kết quả")
    code: Optional[Text] = Field(None, title="Mã kết quả", description='Ví dụ "KQ.G01.00262".')

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, raw: Any) -> Any:
        return {"name": raw} if isinstance(raw, str) else raw


class Simplification(Record):
    """A review of the procedure (rà soát, đánh giá) and its compliance cost before and after it."""

    reviewed_on: VDate = Field(title="Ngày rà soát, đánh giá")
    outcome: vocab(Outcome) = Field(title="Kết quả rà soát", description="Giữ nguyên, đơn giản hóa hoặc bãi bỏ.")
    cost_before: Optional[Money] = Field(None, title="Chi phí tuân thủ trước (đồng/năm)",
                                         description="Chi phí tuân thủ một năm trước khi đơn giản hóa.")
    cost_after: Optional[Money] = Field(None, title="Chi phí tuân thủ sau (đồng/năm)",
                                        description="Chi phí tuân thủ một năm theo phương án đơn giản hóa.")
    decision: Optional[Text] = Field(None, title="Văn bản phê duyệt phương án", description='Ví dụ "1234/QĐ-UBND ngày 12/10/2025".')
    note: Optional[Text] = Field(None, title="Nội dung đơn giản hóa")

    @model_validator(mode="after")
    def _costs(self) -> "Simplification":
        if (self.cost_before is None) != (self.cost_after is None):
            raise _fail('cần ghi cả "cost_before" và "cost_after" (chi phí tuân thủ trước và sau), hoặc bỏ cả hai')
        return self

    @property
    def cost_cut(self) -> Optional[Decimal]:
        """Share of the compliance cost cut, in percent."""
        if self.cost_before is None or self.cost_after is None or self.cost_before == 0:
            return None
        return Decimal(100) * (self.cost_before - self.cost_after) / self.cost_before


class Procedure(Record):
    """Thủ tục hành chính: one Markdown file in procedures/, the record in its front matter."""

    code: Code = Field(title="Mã thủ tục", description='Mã quốc gia, ví dụ "1.000173" (viết trong ngoặc kép).')
    local_code: Optional[LocalCode] = Field(None, title="Mã thủ tục địa phương", description='Ví dụ "1.000173.000.00.00.H58".')
    name: Text = Field(title="Tên thủ tục")
    summary: Optional[Text] = Field(None, title="Thủ tục này để làm gì", description="Một hai câu cho người dân.")
    field: Slug = Field(title="Lĩnh vực", description="Mã lĩnh vực có trong data/fields.yml.")
    internal: Flag = Field(False, title="Thủ tục hành chính nội bộ", description='"có" nếu là TTHC nội bộ giữa các cơ quan nhà nước.')
    levels: ListOf(vocab(Level)) = Field(title="Cấp thực hiện", min_length=1)
    type: vocab(ProcedureType) = Field(ProcedureType.STANDARD, title="Loại thủ tục")
    announcement: Optional[Announcement] = Field(title="Quyết định công bố",
                                                 description="Quyết định công bố đang áp dụng (lần công bố gần nhất).")
    earlier_announcements: list[Announcement] = Field(
        [], title="Các lần công bố trước",
        description="Các quyết định công bố trước quyết định đang áp dụng (mới ban hành, sửa đổi, bổ sung…), để người "
                    "dân xem thủ tục đã thay đổi thế nào; trang Thay đổi gần đây và bản tin Atom lấy từ đây.")
    status: vocab(Status) = Field(Status.ACTIVE, title="Tình trạng")
    effective_from: Optional[VDate] = Field(None, title="Áp dụng từ ngày")
    abolished_on: Optional[VDate] = Field(None, title="Ngày bãi bỏ, thay thế")
    replaced_by: Optional[Code] = Field(None, title="Được thay thế bởi", description="Mã thủ tục thay thế.")
    steps: list[Step] = Field(title="Trình tự thực hiện", min_length=1)
    processing_time: Optional[Duration] = Field(None, title="Thời hạn giải quyết",
                                                description='Thời hạn chung, ví dụ "10 ngày làm việc" hoặc "không quy định".')
    channels: Optional[list[ChannelEntry]] = Field(title="Cách thức thực hiện", min_length=1)
    fees: list[Fee] = Field(title="Phí, lệ phí", description='Danh sách các khoản phí, lệ phí; ghi "fees: []" nếu không thu.')
    dossier: Optional[list[DossierCase]] = Field(title="Thành phần, số lượng hồ sơ", min_length=1)
    applicants: ListOf(Text) = Field(title="Đối tượng thực hiện", min_length=1)
    agencies: Optional[Agencies] = Field(title="Cơ quan giải quyết")
    receiving_address: Optional[Text] = Field(None, title="Địa chỉ tiếp nhận hồ sơ",
                                              description="Nếu bỏ trống, là địa chỉ Bộ phận Một cửa trong data/department.yml.")
    results: Optional[ListOf(Result)] = Field(title="Kết quả thực hiện", min_length=1)
    legal_basis: Optional[ListOf(Text)] = Field(title="Căn cứ pháp lý", min_length=1,
                                      description="Số, ký hiệu các văn bản có trong data/legal.yml.")
    legal_basis_text: ListOf(Text) = Field([], title="Căn cứ pháp lý chưa có số, ký hiệu",
                                           description="Văn bản ghi bằng lời, chưa xác định được số, ký hiệu (ví dụ khi nhập "
                                                       "từ Cơ sở dữ liệu quốc gia); khi tìm được, chuyển số, ký hiệu sang "
                                                       "legal_basis và thêm văn bản vào data/legal.yml.")
    conditions: Optional[Text] = Field(title="Yêu cầu, điều kiện thực hiện", description='Ghi "Không" nếu không có.')
    online_level: Optional[vocab(OnlineLevel)] = Field(title="Mức độ dịch vụ công trực tuyến")
    partial_reason: Optional[Text] = Field(
        None, title="Lý do chưa cung cấp toàn trình",
        description="Với dịch vụ công trực tuyến một phần: vì sao người dân chưa làm trọn được trên mạng (ví dụ phải "
                    "kiểm tra thực tế tại cơ sở), theo Nghị định 224/2026/NĐ-CP Điều 14.")
    partial_basis: Optional[Text] = Field(
        None, title="Căn cứ pháp lý của lý do",
        description='Văn bản, điều khoản quy định điều đó, ví dụ "Nghị định 142/2020/NĐ-CP, Điều 9 khoản 2".')
    online_url: Optional[Url] = Field(None, title="Nộp trực tuyến tại",
                                      description="Đường dẫn tới đúng thủ tục này trên Cổng Dịch vụ công (quốc gia hoặc của tỉnh), "
                                                  "không phải trang chủ của cổng. Bỏ trống thì nút nộp trực tuyến dẫn tới cổng "
                                                  "chung của Sở (online_portal) và ghi mã thủ tục để tìm.")
    officials: ListOf(Slug) = Field([], title="Cán bộ chịu trách nhiệm", description="Mã cán bộ có trong data/officials.yml.")
    keywords: ListOf(Text) = Field([], title="Từ khóa")
    related: ListOf(Code) = Field([], title="Thủ tục liên quan")
    updated: Optional[VDate] = Field(None, title="Cập nhật ngày")
    simplification: Optional[Simplification] = Field(None, title="Rà soát, đơn giản hóa",
                                                     description="Kết quả rà soát và chi phí tuân thủ trước, sau.")
    national_url: Optional[Url] = Field(None, title="Trang thủ tục trên Cơ sở dữ liệu quốc gia",
                                        description="Đường dẫn tới chính thủ tục này trên Cổng Dịch vụ công quốc gia, nơi "
                                                    "thủ tục được công bố; congkhai import-procedures ghi mục này.")
    missing: ListOf(vocab(Part)) = Field([], title="Bộ phận chưa có thông tin",
                                         description="Các mục bắt buộc mà nguồn (Cơ sở dữ liệu quốc gia) chưa ghi; trang thủ "
                                                     "tục ghi \"chưa có thông tin\" và bảng công khai tính là chưa công khai đủ. "
                                                     "Chỉ dùng khi thật sự chưa có; khi đã có thông tin, ghi mục đó và xóa "
                                                     "tên nó khỏi danh sách này.")

    @model_validator(mode="before")
    @classmethod
    def _unstated_parts(cls, raw: Any) -> Any:
        """A part listed in `missing` may be left out (it is then None); a part written but left empty is
        refused as missing, as any required field is, unless `missing` lists it."""
        if not isinstance(raw, dict):
            return raw
        listed = raw.get("missing")
        listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
        unstated = {part.value for part in (Part.lookup(x) for x in listed if isinstance(x, str)) if part}
        out = dict(raw)
        for part in Part:
            value = out.get(part.value)
            empty = value is None or (isinstance(value, str) and not value.strip())
            if part is Part.PROCESSING_TIME:  # optional anyway; `missing` lets channels go without a time
                continue
            if part.value in unstated and (part.value not in out or empty):
                out[part.value] = None
            elif part.value in out and empty:
                del out[part.value]  # reported as "thiếu mục bắt buộc này", with what the field holds
        return out

    def stated(self, part: Part) -> bool:
        if part is Part.PROCESSING_TIME:  # stated when every channel has its time
            return self.processing_time is not None or bool(self.channels) and all(c.time for c in self.channels)
        return getattr(self, part.value) is not None

    def consistency(self) -> list[tuple[tuple, str]]:
        """Rules that tie several fields together, as (field location, message) pairs."""
        out: list[tuple[tuple, str]] = []
        if self.status is Status.REPLACED and not self.replaced_by:
            out.append((("status",), 'thủ tục "đã thay thế" cần ghi thêm mục "replaced_by": mã thủ tục thay thế nó'))
        if self.status in (Status.ABOLISHED, Status.REPLACED) and not self.abolished_on:
            out.append((("status",), f'thủ tục "{self.status.value}" cần ghi thêm mục "abolished_on": ngày bãi bỏ, thay thế'))
        for i, applicant in enumerate(self.applicants):
            if applicant[:1].islower():
                out.append((("applicants", i), f'"{applicant}" có vẻ là nửa sau của một đối tượng bị tách ở dấu phẩy; hãy đặt '
                            'cả đối tượng trong ngoặc kép, ví dụ ["Cơ sở khám bệnh, chữa bệnh"], hoặc viết hoa chữ đầu'))
        if self.online_url and _is_home_page(self.online_url):
            out.append((("online_url",), f'"{self.online_url}" là trang chủ của cổng, không dẫn tới thủ tục này; hãy ghi '
                        "đường dẫn trang của chính thủ tục trên Cổng Dịch vụ công (có mã thủ tục), hoặc bỏ trống mục này"))
        for i, part in enumerate(self.missing):
            if self.stated(part):
                out.append((("missing", i), f'mục "{part.value}" ({part.label}) đã có thông tin; hãy xóa "{part.value}" '
                            'khỏi danh sách "missing"'))
        if (self.partial_reason or self.partial_basis) and self.online_level is not OnlineLevel.PARTIAL:
            where = ("partial_reason",) if self.partial_reason else ("partial_basis",)
            out.append((where, 'chỉ ghi lý do và căn cứ chưa cung cấp toàn trình khi "online_level" là "một phần"'))
        for i, earlier in enumerate(self.earlier_announcements):
            if self.announcement and earlier.date > self.announcement.date:
                out.append((("earlier_announcements", i, "date"), f'quyết định {earlier.number} ngày '
                            f'{earlier.date.strftime("%d/%m/%Y")} mới hơn quyết định đang áp dụng ghi ở "announcement"; '
                            'quyết định mới nhất ghi ở "announcement", các quyết định trước ghi ở "earlier_announcements"'))
        if self.replaced_by and self.replaced_by == self.code:
            out.append((("replaced_by",), '"replaced_by" không thể là mã của chính thủ tục này'))
        seen = set()
        for i, entry in enumerate(self.channels or []):
            if entry.channel in seen:
                out.append((("channels", i, "channel"), f'hình thức nộp "{entry.channel.value}" đã ghi ở trên; mỗi hình thức chỉ ghi một lần'))
            seen.add(entry.channel)
            if entry.time is None and self.processing_time is None and Part.PROCESSING_TIME not in self.missing:
                out.append((("channels", i, "time"), 'thiếu thời hạn giải quyết; hãy ghi "time" cho hình thức nộp này, '
                            'hoặc "processing_time" chung cho cả thủ tục'))
        return out

    # derived views ----------------------------------------------------------
    def time_for(self, entry: ChannelEntry) -> Duration | str:
        """The channel's time, else the procedure's; "Chưa có thông tin" when `missing` lists it."""
        return entry.time or self.processing_time or "Chưa có thông tin"

    @property
    def is_current(self) -> bool:
        return self.status in (Status.ACTIVE, Status.PENDING)

    @property
    def announcements(self) -> list[Announcement]:
        """Every announcement of the procedure, newest first."""
        every = list(self.earlier_announcements) + ([self.announcement] if self.announcement else [])
        return sorted(every, key=lambda a: a.date, reverse=True)


class FieldOfWork(Record):
    """Lĩnh vực: a field that groups procedures and officials."""

    id: Slug = Field(title="Mã lĩnh vực")
    name: Text = Field(title="Tên lĩnh vực")
    description: Optional[Text] = Field(None, title="Giới thiệu")


class Unit(Record):
    id: Slug = Field(title="Mã đơn vị")
    name: Text = Field(title="Tên đơn vị")
    address: Optional[Text] = Field(None, title="Địa chỉ")
    phone: Optional[Phone] = Field(None, title="Điện thoại")
    email: Optional[Email] = Field(None, title="Thư điện tử")


class Official(Record):
    id: Slug = Field(title="Mã cán bộ", description='Dùng để ghi trong thủ tục, ví dụ "tran-thi-mai".')
    name: Text = Field(title="Họ và tên")
    title: Text = Field(title="Chức vụ")
    unit: Slug = Field(title="Đơn vị", description="Mã đơn vị có trong data/units.yml.")
    desk_role: vocab(DeskRole) = Field(DeskRole.NONE, title="Vai trò tại Bộ phận Một cửa")
    fields: ListOf(Slug) = Field([], title="Lĩnh vực công tác", description="Mã lĩnh vực có trong data/fields.yml.")
    phone: Phone = Field(title="Điện thoại")
    email: Optional[Email] = Field(None, title="Thư điện tử")


class LegalDocument(Record):
    number: Text = Field(title="Số, ký hiệu", description='Ví dụ "287/2016/TT-BTC".')
    kind: Text = Field(title="Loại văn bản", description='Ví dụ "Thông tư", "Nghị định", "Luật".')
    title: Text = Field(title="Trích yếu")
    date: Optional[VDate] = Field(None, title="Ngày ban hành", description="Bỏ trống nếu chưa rõ.")
    issuer: Optional[Text] = Field(None, title="Cơ quan ban hành", description="Bỏ trống nếu chưa rõ.")
    in_force: Flag = Field(True, title="Còn hiệu lực")
    note: Optional[Text] = Field(None, title="Ghi chú")


class Desk(Record):
    name: Text = Field(title="Tên Bộ phận Một cửa")
    address: Text = Field(title="Địa chỉ")
    hours: Text = Field(title="Thời gian làm việc")
    phone: Phone = Field(title="Điện thoại")
    email: Optional[Email] = Field(None, title="Thư điện tử")


class Feedback(Record):
    """Where citizens send phản ánh, kiến nghị (NĐ 20/2008 Đ10)."""

    agency: Text = Field(title="Cơ quan tiếp nhận")
    address: Text = Field(title="Địa chỉ cơ quan")
    postal_address: Text = Field(title="Địa chỉ gửi thư")
    phone: Phone = Field(title="Số điện thoại chuyên dùng")
    email: Email = Field(title="Thư điện tử")
    web: Optional[Url] = Field(None, title="Trang tiếp nhận trên mạng")
    national_url: Optional[Url] = Field(None, title="Phản ánh trên Cổng Dịch vụ công quốc gia")


class BankAccount(Record):
    """The account that fees are paid into, as the department publishes it."""

    holder: Text = Field(title="Tên tài khoản", description='Ví dụ "Sở Khoa học và Công nghệ tỉnh Lạc Hồng".')
    number: Text = Field(title="Số tài khoản")
    bank: Text = Field(title="Mở tại", description='Ngân hàng hoặc Kho bạc, ví dụ "Kho bạc Nhà nước khu vực XVI".')
    note: Optional[Text] = Field(None, title="Nội dung chuyển khoản",
                                 description='Cách ghi nội dung chuyển khoản, ví dụ "Tên tổ chức - mã hồ sơ - tên phí".')


class Leader(Record):
    """A leader of the department, as NĐ 224/2026 Điều 9 asks the portal to present them."""

    name: Text = Field(title="Họ và tên")
    title: Text = Field(title="Chức vụ", description='Ví dụ "Giám đốc", "Phó Giám đốc".')
    duties: Text = Field(title="Nhiệm vụ được phân công", description="Lĩnh vực, đơn vị phụ trách.")
    phone: Phone = Field(title="Điện thoại")
    email: Optional[Email] = Field(None, title="Thư điện tử")
    biography: Optional[Text] = Field(None, title="Tiểu sử tóm tắt",
                                      description="Năm sinh, quê quán, trình độ, quá trình công tác; vài dòng.")


class Department(Record):
    name: Text = Field(title="Tên cơ quan")
    short_name: Text = Field(title="Tên viết tắt", description="Hiện ở đầu trang trên điện thoại; nên ngắn, ví dụ \"Sở KH&CN Lạc Hồng\".")
    parent: Optional[Text] = Field(None, title="Cơ quan chủ quản", description='Ví dụ "Ủy ban nhân dân tỉnh Lạc Hồng".')
    province: Text = Field(title="Tỉnh, thành phố")
    address: Text = Field(title="Địa chỉ")
    phone: Phone = Field(title="Điện thoại")
    email: Email = Field(title="Thư điện tử")
    website: Optional[Url] = Field(None, title="Trang thông tin điện tử")
    desk: Desk = Field(title="Bộ phận Một cửa")
    feedback: Feedback = Field(title="Tiếp nhận phản ánh, kiến nghị")
    fee_payment: Text = Field(title="Phương thức thu phí, lệ phí chung")
    fee_account: Optional[BankAccount] = Field(None, title="Tài khoản thu phí, lệ phí",
                                               description="Tài khoản để chuyển khoản phí, lệ phí; hiện ở mọi thủ tục có thu phí.")
    online_portal: Optional[Url] = Field(None, title="Cổng dịch vụ công")
    demo_notice: Optional[Text] = Field(None, title="Ghi chú dữ liệu minh họa")
    functions: Optional[Text] = Field(None, title="Chức năng, nhiệm vụ", description="Vài câu, theo quyết định thành lập.")
    history: Optional[Text] = Field(None, title="Quá trình hình thành", description="Vài câu, theo Nghị định 224/2026/NĐ-CP Điều 9.")
    leaders: list[Leader] = Field([], title="Lãnh đạo", description="Giám đốc, các Phó Giám đốc: trang Lãnh đạo Sở.")
    name_en: Optional[Text] = Field(None, title="Tên tiếng Anh", description='Ví dụ "Department of Science and Technology of '
                                                                              'Lac Hong Province"; dùng cho trang tiếng Anh.')
    rating_url: Optional[Url] = Field(
        None, title="Địa chỉ ghi nhận đánh giá",
        description='Dịch vụ do Sở vận hành nhận câu trả lời "Thông tin này có hữu ích không?" (không ghi danh). Trang '
                    "thêm vào cuối địa chỉ ?trang=<địa chỉ trang>&huu-ich=co hoặc huu-ich=khong. Bỏ trống thì không hiện "
                    "câu hỏi.")


# --------------------------------------------------------------------------- plans


class PartialDate(BaseModel):
    """A document date; drafts may leave the day (or day and month) blank: "…/11/2022"."""

    model_config = ConfigDict(frozen=True)
    year: int
    month: Optional[int] = None
    day: Optional[int] = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, raw: Any) -> Any:
        if isinstance(raw, (dict, PartialDate)):
            return raw
        text = _text(raw)
        if text is None:
            return None
        m = re.fullmatch(r"(?:(\d{1,2}|…|\.\.\.)/)?(\d{1,2})/(\d{4})", str(text))
        if m and m[1] and m[1][0].isdigit():
            full = _date(text)
            return {"year": full.year, "month": full.month, "day": full.day}
        if m and 1 <= int(m[2]) <= 12:
            return {"year": int(m[3]), "month": int(m[2])}
        if re.fullmatch(r"\d{4}", str(text)):
            return {"year": int(text)}
        raise _fail(f'"{text}" không phải là ngày; cần dạng ngày/tháng/năm, ví dụ "18/11/2019", '
                    'hoặc "…/11/2022" khi văn bản chưa ghi ngày')

    @property
    def date(self) -> Optional[dt.date]:
        return dt.date(self.year, self.month, self.day) if self.day and self.month else None

    def words(self) -> str:
        """As written in a document's header: 'ngày 18 tháng 11 năm 2019'."""
        day = f"{self.day:02d}" if self.day else "…"
        month = f"{self.month:02d}" if self.month else "…"
        return f"ngày {day} tháng {month} năm {self.year}"

    def __str__(self) -> str:
        day = f"{self.day:02d}" if self.day else "…"
        month = f"{self.month:02d}" if self.month else "…"
        return f"{day}/{month}/{self.year}"


def _deadline(value: Any) -> Any:
    if isinstance(value, Deadline) or value is None:
        return value
    text = _plain_digits(value)
    found = parse_deadline(str(text))
    if found.impossible:
        where = "" if list(found.impossible) == [found.text] else " có " + ", ".join(found.impossible)
        raise _fail(f'"{text}"{where}: ngày, tháng hoặc quý này không có thật; hãy kiểm tra lại như văn bản ghi')
    return found


DeadlineText = Annotated[Deadline, BeforeValidator(_deadline)]

_DOC_NUMBER = re.compile(r"(\d+[A-Za-z]?)?/[A-ZĐa-z0-9&.]+(-[A-ZĐa-z0-9&.]+)*")


class Task(Record):
    """One task of a plan: who leads it, with whom, what it produces and by when."""

    section: Optional[Text] = Field(None, title="Thuộc mục", description='Ví dụ "III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH".')
    number: Optional[Text] = Field(None, title="Số thứ tự", description='Như trong văn bản: "1", "a", "3.2".')
    content: Text = Field(title="Nội dung thực hiện", description="Việc phải làm, như văn bản ghi.")
    lead: ListOf(Text) = Field([], title="Đơn vị chủ trì",
                               description="Mã đơn vị trong data/units.yml (ví dụ van-phong) hoặc tên như văn bản ghi.")
    coordinating: ListOf(Text) = Field([], title="Đơn vị phối hợp", description="Như đơn vị chủ trì.")
    outputs: Optional[Text] = Field(None, title="Sản phẩm đầu ra")
    deadline: Optional[DeadlineText] = Field(None, title="Thời gian hoàn thành",
                                             description='Như văn bản ghi: "Quý 1/2026", "trước ngày 31/01 hằng năm", "Thường xuyên".')
    due: Optional[VDate] = Field(None, title="Hạn hoàn thành (ngày)",
                                 description="Chỉ ghi khi không tính được hạn từ thời gian hoàn thành.")
    status: vocab(TaskStatus) = Field(TaskStatus.NOT_STARTED, title="Tình trạng")
    completed_on: Optional[VDate] = Field(None, title="Ngày hoàn thành")
    evidence: ListOf(Text) = Field([], title="Kết quả, minh chứng",
                                   description="Trang trên cổng (ví dụ bieu-phi/, can-bo/, mã thủ tục) hoặc đường dẫn https://.")
    note: Optional[Text] = Field(None, title="Ghi chú tiến độ")

    @property
    def due_date(self) -> Optional[dt.date]:
        if self.due:
            return self.due
        return self.deadline.due if self.deadline else None


def single_year(period: str) -> Optional[int]:
    """The one year a plan's period names ("2026", "năm 2026"), or None ("2022-2025", or no year)."""
    years = set(re.findall(r"\d{4}", period or ""))
    return int(years.pop()) if len(years) == 1 else None


class Plan(Record):
    """Kế hoạch: one Markdown file in plans/, the document's header and tasks in front matter."""

    kind: Text = Field("Kế hoạch", title="Loại văn bản", description='"Kế hoạch", hoặc "Quyết định" ban hành kế hoạch.')
    number: Text = Field(title="Số, ký hiệu", description='Ví dụ "73/KH-SKHCN"; dự thảo chưa có số ghi "/KH-SKHCN".')
    date: PartialDate = Field(title="Ngày ban hành", description='Dạng ngày/tháng/năm; dự thảo ghi "…/11/2022".')
    place: Text = Field(title="Địa danh", description='Ví dụ "Gia Lai".')
    issuer: Text = Field(title="Cơ quan ban hành")
    parent_issuer: Optional[Text] = Field(None, title="Cơ quan chủ quản", description='Ví dụ "UBND TỈNH LẠC HỒNG".')
    title: Text = Field(title="Trích yếu")
    implements: ListOf(Text) = Field([], title="Căn cứ, thực hiện", description="Các văn bản mà kế hoạch thực hiện.")
    period: Optional[Text] = Field(None, title="Thời kỳ", description='Ví dụ "2026" hoặc "2022-2025".')
    signer: Optional[Text] = Field(None, title="Người ký")
    signer_capacity: Optional[Text] = Field(None, title="Thẩm quyền ký",
                                            description='Ví dụ "GIÁM ĐỐC" hoặc "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC".')
    recipients: ListOf(Text) = Field([], title="Nơi nhận")
    tasks: list[Task] = Field([], title="Nhiệm vụ")
    source: Optional[Text] = Field(None, title="Nguồn nhập", description="Tệp văn bản gốc mà tệp này được nhập từ.")

    @model_validator(mode="after")
    def _deadlines_in_the_plans_year(self) -> "Plan":
        """A period written without its year ("Quý III", "trước ngày 15/8") falls in the plan's own year when
        the plan covers one year; its tasks were read before the plan's year was known."""
        year = self.own_year
        if year is not None:
            for task in self.tasks:
                if task.deadline is not None and task.deadline.unsure:
                    task.deadline = parse_deadline(task.deadline.text, plan_year=year)
        return self

    @property
    def own_year(self) -> Optional[int]:
        """The one year the plan covers ("2026"), or None for a plan of several years ("2022-2025")."""
        return single_year(self.period) if re.search(r"\d{4}", self.period or "") else self.date.year

    def consistency(self) -> list[tuple[tuple, str]]:
        out: list[tuple[tuple, str]] = []
        if not _DOC_NUMBER.fullmatch(self.number.replace(" ", "")):
            out.append((("number",), f'"{self.number}" không phải là số, ký hiệu văn bản; cần dạng "73/KH-SKHCN" '
                        '(dự thảo chưa có số: "/KH-SKHCN")'))
        return out

    @property
    def is_draft(self) -> bool:
        return not re.match(r"\d", self.number) or self.date.day is None

    @property
    def year(self) -> int:
        return self.date.year


# --------------------------------------------------------------------------- dossier statistics


_PERIOD_QUARTER = re.compile(r"quy\s+(\d|iv|iii|ii|i)\s*/\s*(\d{4})")
_PERIOD_MONTH = re.compile(r"thang\s+(\d{1,2})\s*/\s*(\d{4})")
_PERIOD_YEAR = re.compile(r"nam\s+(\d{4})")


class Period(BaseModel):
    """A reporting period: "Quý 3/2026", "Tháng 09/2026" or "Năm 2026"."""

    model_config = ConfigDict(frozen=True)
    kind: str  # "quarter", "month", "year"
    year: int
    number: int = 0  # quarter or month

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, raw: Any) -> Any:
        if isinstance(raw, (dict, Period)):
            return raw
        text = _text(raw)
        if text is None:  # left empty: reported as such, not as '"None" is not a period'
            return None
        key = vtext.fold(str(text))
        if m := _PERIOD_QUARTER.fullmatch(key):
            n = int(m[1]) if m[1].isdigit() else {"i": 1, "ii": 2, "iii": 3, "iv": 4}[m[1]]
            if 1 <= n <= 4:
                return {"kind": "quarter", "year": int(m[2]), "number": n}
        if (m := _PERIOD_MONTH.fullmatch(key)) and 1 <= int(m[1]) <= 12:
            return {"kind": "month", "year": int(m[2]), "number": int(m[1])}
        if m := _PERIOD_YEAR.fullmatch(key):
            return {"kind": "year", "year": int(m[1])}
        raise _fail(f'"{text}" không phải là kỳ báo cáo; cần "Quý 3/2026", "Tháng 09/2026" hoặc "Năm 2026"')

    @property
    def start(self) -> dt.date:
        month = {"quarter": 3 * self.number - 2, "month": self.number, "year": 1}[self.kind]
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        import calendar
        month = {"quarter": 3 * self.number, "month": self.number, "year": 12}[self.kind]
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def slug(self) -> str:
        return {"quarter": f"{self.year}-quy-{self.number}", "month": f"{self.year}-thang-{self.number:02d}",
                "year": f"{self.year}"}[self.kind]

    def __str__(self) -> str:
        return {"quarter": f"Quý {self.number}/{self.year}", "month": f"Tháng {self.number:02d}/{self.year}",
                "year": f"Năm {self.year}"}[self.kind]


class DossierFigures(Record):
    """Dossier results of one procedure (or one lĩnh vực) in one period."""

    procedure: Optional[Code] = Field(None, title="Mã thủ tục", description="Số liệu của một thủ tục.")
    field: Optional[Slug] = Field(None, title="Lĩnh vực", description="Hoặc số liệu gộp của một lĩnh vực.")
    carried_over: Count = Field(0, title="Kỳ trước chuyển sang")
    received: Count = Field(title="Tiếp nhận trong kỳ")
    on_time: Count = Field(title="Giải quyết đúng hạn")
    late: Count = Field(0, title="Giải quyết quá hạn")
    pending: Count = Field(0, title="Đang giải quyết")
    apologies: Count = Field(0, title="Văn bản xin lỗi đã gửi", description="Số phiếu xin lỗi, hẹn lại ngày trả kết quả.")
    online: Count = Field(0, title="Tiếp nhận trực tuyến")
    postal_received: Count = Field(0, title="Tiếp nhận qua bưu chính công ích")
    postal_returned: Count = Field(0, title="Trả kết quả qua bưu chính công ích")

    @model_validator(mode="after")
    def _adds_up(self) -> "DossierFigures":
        if (self.procedure is None) == (self.field is None):
            raise _fail('cần ghi đúng một trong hai: "procedure" (mã thủ tục) hoặc "field" (mã lĩnh vực)')
        total = self.received + self.carried_over
        if self.on_time + self.late + self.pending != total:
            raise _fail(f"số liệu không khớp: đúng hạn + quá hạn + đang giải quyết = {self.on_time + self.late + self.pending}, "
                        f"nhưng tiếp nhận + kỳ trước chuyển sang = {total}")
        if self.online + self.postal_received > self.received:
            raise _fail("số hồ sơ tiếp nhận trực tuyến và qua bưu chính cộng lại lớn hơn số hồ sơ tiếp nhận")
        if self.postal_returned > self.on_time + self.late:
            raise _fail("số kết quả trả qua bưu chính lớn hơn số hồ sơ đã giải quyết")
        return self

    @property
    def resolved(self) -> int:
        return self.on_time + self.late


class Statistics(Record):
    """data/statistics/*.yml: the dossier results of one period."""

    period: Period = Field(title="Kỳ báo cáo", description='"Quý 3/2026", "Tháng 09/2026" hoặc "Năm 2026".')
    source: Optional[Text] = Field(None, title="Nguồn số liệu", description="Ví dụ: Hệ thống thông tin giải quyết TTHC tỉnh.")
    rows: list[DossierFigures] = Field(title="Số liệu", min_length=1)


# --------------------------------------------------------------------------- search words


class SearchWords(Record):
    """data/search_words.yml: words citizens type for what the records call by another name. Added to
    the list every portal has (congkhai/publish/search_words.yml); an entry here wins over it."""

    abbreviations: dict[Text, Text] = Field(
        default_factory=dict, title="Chữ viết tắt",
        description='Chữ viết tắt người dân hay gõ và các từ đầy đủ của nó, ví dụ "cccd: căn cước công dân". '
                    "Tìm chữ viết tắt là tìm các từ đầy đủ; hồ sơ viết tắt cũng được tìm thấy bằng từ đầy đủ.")
    old_names: dict[Text, Text] = Field(
        default_factory=dict, title="Tên cũ",
        description='Tên không còn dùng và tên dùng bây giờ, ví dụ "chứng minh nhân dân: căn cước". '
                    "Tìm tên cũ thì kết quả theo tên mới đứng trước.")
    everyday_words: dict[Text, Text] = Field(
        default_factory=dict, title="Từ thường dùng",
        description='Từ người dân hay nói và từ hồ sơ dùng cho nó, ví dụ "làm: cấp" (làm hộ chiếu là xin cấp hộ chiếu). '
                    "Không bắt buộc phải có; tên thủ tục có từ của hồ sơ thì đứng trước.")


# --------------------------------------------------------------------------- requirement register


class RequirementSource(Record):
    ref: Text = Field(title="Văn bản", description="Số, ký hiệu văn bản trong data/legal.yml, hoặc số của một kế hoạch trong plans/.")
    clause: Text = Field(title="Điều, khoản, mục", description='Ví dụ "Điều 14 khoản 1" hoặc "nhiệm vụ III.6".')


class Requirement(Record):
    """A publication duty or target, its source, and the check that tells whether it is met."""

    id: Slug = Field(title="Mã yêu cầu")
    wording: Text = Field(title="Yêu cầu", description="Nội dung yêu cầu, theo lời văn của văn bản.")
    level: vocab(RequirementLevel) = Field(title="Loại", description='"bắt buộc" (nghĩa vụ) hoặc "chỉ tiêu" (mục tiêu định lượng).')
    source: RequirementSource = Field(title="Nguồn")
    origin: Optional[Text] = Field(None, title="Xuất xứ", description="Văn bản gốc mà yêu cầu được lấy từ đó, nếu khác nguồn.")
    origin_sample: Flag = Field(False, title="Xuất xứ là văn bản mẫu",
                                description='"có" khi lời văn của yêu cầu lấy từ văn bản của cơ quan khác (ví dụ kế hoạch '
                                            'của sở tỉnh khác) dùng làm mẫu; trang Công khai ghi rõ đó là văn bản mẫu, '
                                            'không phải văn bản của Sở.')
    scope: Text = Field(title="Phạm vi", description='"mỗi thủ tục", "cổng thông tin", "kỳ báo cáo"...')
    check: Slug = Field(title="Cách kiểm tra", description="Tên một phép kiểm tra có sẵn của congkhai.")
    params: dict[str, Any] = Field({}, title="Tham số kiểm tra")
    due: Optional[VDate] = Field(None, title="Thời hạn", description="Ngày phải đạt; trước ngày này yêu cầu chưa được tính.")
    evidence: ListOf(Text) = Field([], title="Trang minh chứng")
