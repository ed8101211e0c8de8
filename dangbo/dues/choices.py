"""Value lists of party dues (RULES D1, D4, D5)."""

from django.db import models


class BasisCategory(models.TextChoices):
    """What a member's monthly amount is computed from (RULES D1, one row of its table each)."""

    SALARY = "salary", "Lương đóng BHXH bắt buộc"
    SICK_LEAVE = "sick", "Hưởng chế độ ốm đau, thai sản do BHXH chi trả"
    STIPEND = "stipend", "Phụ cấp, sinh hoạt phí (nghĩa vụ quân sự, học viên)"
    PENSION = "pension", "Lương hưu"
    STUDENT = "student", "Học sinh, sinh viên"
    OTHER = "other", "Đảng viên khác ở trong nước"
    ABROAD = "abroad", "Đảng viên ở ngoài nước"


class Region(models.IntegerChoices):
    """The regions of the regional minimum wage (lương tối thiểu vùng)."""

    I = 1, "Vùng I"  # noqa: E741 — the regions' own numerals
    II = 2, "Vùng II"
    III = 3, "Vùng III"
    IV = 4, "Vùng IV"


class ReliefKind(models.TextChoices):
    EXEMPT = "exempt", "Miễn đóng"
    REDUCE = "reduce", "Giảm mức đóng"
    DEFER = "defer", "Chậm đóng, đóng trước"


class Channel(models.TextChoices):
    CASH = "cash", "Tiền mặt tại chi bộ"
    BANK = "bank", "Chuyển khoản"
    PORTAL = "portal", "Cổng Dịch vụ công Quốc gia"
