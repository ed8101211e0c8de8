from django.db import models


class Level(models.TextChoices):
    """The four quality levels (R3), best first."""

    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "not_completed", "Không hoàn thành nhiệm vụ"


LEVEL_ORDER = [Level.EXCELLENT, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED]
LEVEL_SHORT = {Level.EXCELLENT: "HTXSNV", Level.GOOD: "HTTNV", Level.COMPLETED: "HTNV", Level.NOT_COMPLETED: "KHTNV"}
GOOD_OR_ABOVE = (Level.EXCELLENT, Level.GOOD)


class Mark(models.TextChoices):
    """The mark given per criterion (124-QĐ/TW; 132-QĐ/TW guidance)."""

    EXCELLENT = "xs", "Xuất sắc"
    GOOD = "tot", "Tốt"
    AVERAGE = "tb", "Trung bình"
    POOR = "kem", "Kém"


class Subject(models.TextChoices):
    MEMBER = "member", "Đảng viên"
    ORG = "org", "Tổ chức đảng"


class Status(models.TextChoices):
    DRAFT = "draft", "Chưa tự đánh giá"
    SELF_ASSESSED = "self", "Đã tự đánh giá"
    PROPOSED = "proposed", "Chi bộ / cấp ủy đã đề xuất"
    APPROVED = "approved", "Cấp có thẩm quyền đã quyết định"
    EXCLUDED = "excluded", "Không đánh giá, xếp loại"


class Exclusion(models.TextChoices):
    """Why someone is listed but not counted (R1; biểu xếp loại: "không đánh giá")."""

    EXEMPT = "exempt", "Miễn công tác và sinh hoạt đảng"
    SUSPENDED = "suspended", "Đình chỉ sinh hoạt đảng"
    NEW_MEMBER = "new_member", "Kết nạp chưa đủ 6 tháng (tham gia kiểm điểm, không xếp loại)"
    NEW_ORG = "new_org", "Tổ chức mới thành lập chưa đủ 6 tháng"
    SICK_LEAVE = "sick_leave", "Nghỉ ốm dài ngày theo quy định"
    OTHER = "other", "Lý do khác"


class PlanReason(models.TextChoices):
    WEAK_RATING = "weak_rating", "Xếp loại hoàn thành nhiệm vụ trở xuống"
    POINTED_REVIEW = "pointed_review", "Cấp trên gợi ý kiểm điểm"
    VOLUNTARY = "voluntary", "Tự xây dựng"


class ItemStatus(models.TextChoices):
    OPEN = "open", "Đang thực hiện"
    DONE = "done", "Đã khắc phục"
    DROPPED = "dropped", "Không còn phù hợp"
