from django.db import models

from dangbo.admissions import rules


class Source(models.TextChoices):
    """Where the candidate comes from (the mass organisations that introduce members)."""

    YOUTH_UNION = "doan_vien", "Đoàn viên"
    TRADE_UNION = "cong_doan", "Công đoàn viên"
    ASSOCIATION = "hoi_vien", "Hội viên (Hội Nông dân, Hội Phụ nữ, Hội Cựu chiến binh…)"
    OTHER = "khac", "Quần chúng khác"


class Group(models.TextChoices):
    """The groups the seeds push admission in (001, 002): a candidate may be in several."""

    BUSINESS_OWNER = "chu_dn", "Chủ doanh nghiệp tư nhân"
    PRIVATE_SECTOR = "lao_dong_ngoai_nn", "Người lao động ở doanh nghiệp ngoài nhà nước"
    ETHNIC_MINORITY = "dan_toc_thieu_so", "Người dân tộc thiểu số"
    YOUTH = "thanh_nien", "Thanh niên"
    VILLAGE_HEAD = "truong_thon", "Trưởng thôn, tổ trưởng tổ dân phố"
    RELIGIOUS = "co_dao", "Người có đạo"


class Stage(models.TextChoices):
    """Where the case stands: the last step passed (or how it ended)."""

    PREPARING = "preparing", "Đang bồi dưỡng, làm hồ sơ"
    CELL_AGREED = "cell_agreed", "Chi bộ đã đề nghị kết nạp"
    PROPOSED = "proposed", "Đảng ủy cơ sở đã đề nghị"
    DECIDED = "decided", "Đã có quyết định kết nạp"
    ADMITTED = "admitted", "Đã kết nạp"
    STOPPED = "stopped", "Dừng xem xét"


# the steps and the routes of introduction are the rules' own lists
Step = models.TextChoices("Step", [(code.upper(), (code, label)) for code, label in rules.STEPS.items()])
Route = models.TextChoices("Route", [(code.upper(), (code, label)) for code, (label, _n) in rules.ROUTES.items()])
