from django.db import models


class DocumentKind(models.TextChoices):
    NQ = "NQ", "Nghị quyết"
    CTR = "CTr", "Chương trình hành động"
    KH = "KH", "Kế hoạch"
    CT = "CT", "Chỉ thị"
    KL = "KL", "Kết luận"
    HD = "HD", "Hướng dẫn"
    QD = "QĐ", "Quy định / Quyết định"
    BC = "BC", "Báo cáo"
    CV = "CV", "Công văn"
    TB = "TB", "Thông báo"


class Comparator(models.TextChoices):
    GTE = "gte", "từ … trở lên"
    GT = "gt", "trên"
    LTE = "lte", "không quá"
    BETWEEN = "between", "từ … đến …"
    EQ = "eq", "bằng"


class Frequency(models.TextChoices):
    YEARLY = "yearly", "Hằng năm"
    TERM = "term", "Cả nhiệm kỳ (cộng dồn)"
    BY_DEADLINE = "deadline", "Đến thời hạn"


class TargetStatus(models.TextChoices):
    EXCEEDED = "exceeded", "Vượt chỉ tiêu"
    MET = "met", "Đạt chỉ tiêu"
    NOT_MET = "not_met", "Chưa đạt chỉ tiêu"
    AT_RISK = "at_risk", "Nguy cơ không đạt"
    ON_TRACK = "on_track", "Đang thực hiện, đúng tiến độ"
    NO_DATA = "no_data", "Chưa có dữ liệu"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"
