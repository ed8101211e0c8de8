"""Value lists of the member-work registers (FORMS.md §2, Biểu số 7; §3 the cell's registers: phát thẻ, Huy hiệu,
khen thưởng)."""

from django.db import models


class RewardForm(models.TextChoices):
    FLAG = "flag", "Cờ thi đua"
    CERTIFICATE = "certificate", "Bằng khen"
    MERIT = "merit", "Giấy khen"


class RewardLevel(models.TextChoices):
    """The level of the committee that awarded (cấp khen thưởng)."""

    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    GRASSROOTS = "grassroots", "Cấp cơ sở"


class Recipient(models.TextChoices):
    """Who a reward went to, as the rows of Biểu 7 part I group them (derived, never stored)."""

    ABOVE_GRASSROOTS = "above", "Tổ chức đảng cấp trên cơ sở"
    GRASSROOTS = "grassroots", "Tổ chức cơ sở đảng"
    SECTION = "section", "Đảng bộ bộ phận, chi bộ trực thuộc"
    MEMBER = "member", "Đảng viên"


class CardKind(models.TextChoices):
    FIRST = "first", "Phát thẻ lần đầu cho đảng viên chính thức"
    LOST = "lost", "Cấp lại thẻ do bị mất"
    DAMAGED = "damaged", "Đổi thẻ do bị hư hỏng"
