"""Course kinds (RULES.md T1) and an enrolment's results."""

from django.db import models


class CourseKind(models.TextChoices):
    AWARENESS = "nhan_thuc", "Bồi dưỡng nhận thức về Đảng"
    NEW_MEMBER = "dv_moi", "Lý luận chính trị dành cho đảng viên mới"
    ELEMENTARY = "so_cap", "Sơ cấp lý luận chính trị"
    INTERMEDIATE = "trung_cap", "Trung cấp lý luận chính trị"
    ADVANCED = "cao_cap", "Cao cấp lý luận chính trị"
    PARTY_WORK = "nghiep_vu", "Bồi dưỡng nghiệp vụ công tác đảng"
    UPDATE = "cap_nhat", "Cập nhật kiến thức mới"


class Result(models.TextChoices):
    ENROLLED = "enrolled", "Đang học"
    PASSED = "passed", "Hoàn thành, đạt"
    FAILED = "failed", "Không đạt"
    WITHDREW = "withdrew", "Bỏ học"
