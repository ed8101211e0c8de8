from django.db import models


class MeetingKind(models.TextChoices):
    """The kinds of meeting a cell records (G1; 12-HD/BTCTW 2018, 42-HD/BTCTW 2025)."""

    REGULAR = "regular", "Sinh hoạt định kỳ (thường kỳ)"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    PREPARATION = "preparation", "Chi ủy họp chuẩn bị"
    EXTRAORDINARY = "extra", "Sinh hoạt bất thường"
    GROUP = "group", "Sinh hoạt tổ đảng"


# The meetings of the cell as a whole ("kỳ sinh hoạt"): the committee's preparation meeting is not one of them.
CELL_SESSIONS = (MeetingKind.REGULAR, MeetingKind.THEMATIC, MeetingKind.EXTRAORDINARY, MeetingKind.GROUP)


class ScheduleKind(models.TextChoices):
    FIXED_DAY = "fixed", "Ngày cố định hằng tháng"
    WINDOW = "window", "Khoảng thời gian hằng tháng"


class Presence(models.TextChoices):
    """Attendance per member (G2 group 1); exempt members (M13) are shown and never counted."""

    PRESENT = "P", "Có mặt"
    EXCUSED = "E", "Vắng có lý do"
    UNEXCUSED = "U", "Vắng không lý do"
    EXEMPT = "X", "Miễn sinh hoạt"


class ConclusionKind(models.TextChoices):
    RESOLUTION = "resolution", "Nghị quyết"
    CONCLUSION = "conclusion", "Kết luận"


class MeetingLevel(models.TextChoices):
    """The four levels of a meeting's rating (G3); the bottom label is the scoring sheet's (Kém or Yếu)."""

    GOOD = "good", "Tốt"
    FAIR = "fair", "Khá"
    AVERAGE = "average", "Trung bình"
    POOR = "poor", "Yếu, kém"


LEVEL_ORDER = [MeetingLevel.GOOD, MeetingLevel.FAIR, MeetingLevel.AVERAGE, MeetingLevel.POOR]


class Scorer(models.TextChoices):
    """Who scored the sheet: the cell committee, or the superior committee member who attended (G3)."""

    CELL = "cell", "Chi ủy (chi bộ) chấm"
    SUPERIOR = "superior", "Cấp ủy viên cấp trên dự chấm"


class PaperKind(models.TextChoices):
    """The member's yearly papers (38-HD/BTCTW; seeds 000–003)."""

    COMMITMENT = "commitment", "Bản cam kết tu dưỡng, rèn luyện"
    PERSONAL_PLAN = "plan", "Kế hoạch phấn đấu, rèn luyện cá nhân"
