"""Closed vocabularies of the national procedure record (reference section C).

Each value is written in files the way staff read it on the national portal
("trực tuyến", "lệ phí", "toàn trình"). Matching is forgiving: case, Unicode form,
tone marks and a few old spellings ("mức độ 4") are accepted, and the value is
stored in its canonical form.
"""

from __future__ import annotations

from enum import Enum

from ..common.text import fold


class Vocab(str, Enum):
    """A closed list; `label` is the display form, `aliases` other accepted spellings."""

    def __new__(cls, value: str, label: str, *aliases: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj.aliases = aliases
        return obj

    @classmethod
    def lookup(cls, raw: str) -> "Vocab | None":
        return cls._folded().get(fold(raw))

    @classmethod
    def _folded(cls) -> dict[str, "Vocab"]:
        """Every accepted spelling, folded -> member (built once per vocabulary; the first member wins)."""
        table = cls.__dict__.get("_folded_table")
        if table is None:
            table = {}
            for member in cls:
                for spelling in (member.value, member.label, *member.aliases):
                    table.setdefault(fold(spelling), member)
            type.__setattr__(cls, "_folded_table", table)
        return table

    @classmethod
    def choices(cls) -> list[str]:
        return [m.value for m in cls]


class Channel(Vocab):
    DIRECT = "trực tiếp", "Trực tiếp", "trụ sở cơ quan hành chính", "nộp trực tiếp"
    ONLINE = "trực tuyến", "Trực tuyến", "online", "nộp trực tuyến"
    POSTAL = "dịch vụ bưu chính", "Dịch vụ bưu chính", "bưu chính", "qua bưu điện", "bưu chính công ích"


class Level(Vocab):
    MINISTRY = "cấp bộ", "Cấp Bộ"
    PROVINCE = "cấp tỉnh", "Cấp Tỉnh"
    DISTRICT = "cấp huyện", "Cấp Huyện"  # abolished from 01/07/2025; kept for old records
    COMMUNE = "cấp xã", "Cấp Xã"
    OTHER = "cơ quan khác", "Cơ quan khác"


class ProcedureType(Vocab):
    DETAILED_BY_LAW = (
        "được luật giao quy định chi tiết",
        "TTHC được luật giao quy định chi tiết",
        "TTHC được luật giao quy định chi tiết",
    )
    STANDARD = (
        "không được luật giao",
        "TTHC không được luật giao cho địa phương quy định hoặc quy định chi tiết",
        "TTHC không được luật giao cho địa phương quy định hoặc quy định chi tiết",
        "không được luật giao cho địa phương quy định hoặc quy định chi tiết",
    )


class OnlineLevel(Vocab):
    FULL = "toàn trình", "Dịch vụ công trực tuyến toàn trình", "mức độ 4", "mức 4", "dịch vụ công trực tuyến toàn trình"
    PARTIAL = "một phần", "Dịch vụ công trực tuyến một phần", "mức độ 3", "mức 3", "dịch vụ công trực tuyến một phần"
    NONE = "không", "Chưa cung cấp dịch vụ công trực tuyến", "mức độ 2", "mức độ 1", "mức 2", "mức 1", "thông tin trực tuyến"


class AnnouncementKind(Vocab):
    NEW = "mới ban hành", "Mới ban hành", "mới"
    AMENDED = "sửa đổi, bổ sung", "Sửa đổi, bổ sung", "sửa đổi", "sửa đổi bổ sung"
    REPLACING = "thay thế", "Thay thế"
    ABOLISHED = "bãi bỏ", "Bãi bỏ", "hủy bỏ", "bị bãi bỏ"


class Status(Vocab):
    ACTIVE = "đang áp dụng", "Đang áp dụng", "còn áp dụng", "còn hiệu lực"
    PENDING = "chờ hiệu lực", "Chờ hiệu lực", "chưa có hiệu lực"
    ABOLISHED = "đã bãi bỏ", "Đã bãi bỏ", "không còn áp dụng", "hết hiệu lực"
    REPLACED = "đã thay thế", "Đã được thay thế", "bị thay thế"


class TimeUnit(Vocab):
    WORKING_DAY = "ngày làm việc", "ngày làm việc"
    DAY = "ngày", "ngày"
    WORKING_HOUR = "giờ làm việc", "giờ làm việc"
    HOUR = "giờ", "giờ"
    MONTH = "tháng", "tháng"


class Currency(Vocab):
    """What a fee is counted in: đồng, or a foreign currency where the law sets one (passport fees abroad)."""

    VND = "đồng", "đồng", "VNĐ", "VND", "Việt Nam Đồng", "đ"
    USD = "USD", "USD", "đô la Mỹ"
    EUR = "EUR", "EUR", "euro"


class Part(Vocab):
    """Parts of a procedure's record (NĐ 63/2010 Đ8) that may be left unstated when the source they were
    taken from (the national database) does not state them: listed in `missing`, shown as "chưa có thông
    tin" and counted as not yet published by the procedure-components check."""

    ANNOUNCEMENT = "announcement", "quyết định công bố"
    CHANNELS = "channels", "cách thức thực hiện"
    DOSSIER = "dossier", "thành phần, số lượng hồ sơ"
    AGENCIES = "agencies", "cơ quan thực hiện"
    RESULTS = "results", "kết quả thực hiện"
    LEGAL_BASIS = "legal_basis", "căn cứ pháp lý"
    CONDITIONS = "conditions", "yêu cầu, điều kiện thực hiện"
    ONLINE_LEVEL = "online_level", "mức độ dịch vụ công trực tuyến"
    PROCESSING_TIME = "processing_time", "thời hạn giải quyết"


class FeeKind(Vocab):
    FEE = "phí", "Phí"
    CHARGE = "lệ phí", "Lệ phí"
    UNSPECIFIED = "phí, lệ phí", "Phí, lệ phí"  # the source (the national database) does not say which


class DeskRole(Vocab):
    """Role at the one-stop desk (Bộ phận Một cửa), NĐ 118/2025 Đ9 k8."""

    HEAD = "trưởng bộ phận", "Trưởng Bộ phận Một cửa", "trưởng"
    DEPUTY = "phó trưởng bộ phận", "Phó Trưởng Bộ phận Một cửa", "phó trưởng", "phó"
    STAFF = "công chức tiếp nhận", "Công chức tiếp nhận và trả kết quả", "công chức", "cán bộ"
    NONE = "không", "Không làm việc tại Bộ phận Một cửa"


class TaskStatus(Vocab):
    """How far a plan's task has got."""

    NOT_STARTED = "chưa thực hiện", "Chưa thực hiện", "chưa bắt đầu"
    IN_PROGRESS = "đang thực hiện", "Đang thực hiện", "đang làm"
    DONE = "hoàn thành", "Hoàn thành", "đã hoàn thành", "xong"
    CANCELLED = "không thực hiện", "Không thực hiện", "hủy", "dừng thực hiện"


class Outcome(Vocab):
    """What a review (rà soát, đánh giá) decided for a procedure."""

    KEPT = "giữ nguyên", "Giữ nguyên"
    SIMPLIFIED = "đơn giản hóa", "Đơn giản hóa", "sửa đổi, bổ sung", "cắt giảm"
    ABOLISHED = "bãi bỏ", "Bãi bỏ", "hủy bỏ"


class RequirementLevel(Vocab):
    """A duty the department must meet, or a numeric target it aims for."""

    REQUIRED = "bắt buộc", "Bắt buộc", "tối thiểu", "nghĩa vụ"
    TARGET = "chỉ tiêu", "Chỉ tiêu", "mục tiêu"
