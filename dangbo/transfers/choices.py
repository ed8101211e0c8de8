from django.db import models


class LetterKind(models.TextChoices):
    OFFICIAL = "official", "Chuyển sinh hoạt đảng chính thức"
    TEMPORARY = "temporary", "Chuyển sinh hoạt đảng tạm thời"


class Reason(models.TextChoices):
    """Why the member moves (RULES.md M14): the permanent reasons of 6.3, then the temporary ones."""

    NEW_JOB = "new_job", "Chuyển công tác"
    RETIRED = "retired", "Nghỉ hưu"
    INCAPACITY = "incapacity", "Mất sức lao động"
    LEFT_JOB = "left_job", "Thôi việc"
    DEMOBILISED = "demobilised", "Phục viên, xuất ngũ"
    MOVED = "moved", "Thay đổi nơi cư trú lâu dài"
    STAY = "stay", "Đi làm việc, cư trú từ 3 tháng đến dưới 1 năm"
    STUDY = "study", "Đi học tập trung trong nước từ 3 tháng đến 2 năm"
    OTHER = "other", "Lý do khác"


class LetterState(models.TextChoices):
    """Where a letter stands on a date — derived, never stored."""

    IN_TRANSIT = "in_transit", "Chưa đến nơi mới (trong hạn)"
    OVERDUE = "overdue", "Quá hạn chưa đến nơi mới"
    RECEIVED = "received", "Đã đến nơi mới"
