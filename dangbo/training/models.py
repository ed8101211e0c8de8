"""Training classes and their learners (RULES.md T1–T4).

Scope: ``org`` is the org that opened the class and keeps its list (the district committee for its political
centre's classes, a grassroots committee for its own): reads and writes are scoped by its path. The organiser is
data (T2): ``organiser`` when an org of the tree runs it, else ``institution`` (a political school, an academy);
exactly one of the two. A learner is a member or an admission candidate, exactly one."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.training.choices import CourseKind, Result


class TrainingClass(models.Model):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức mở lớp")
    kind = models.CharField("loại lớp", max_length=12, choices=CourseKind.choices)
    name = models.CharField("tên lớp", max_length=200)
    organiser = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="đơn vị tổ chức (tổ chức đảng)")
    institution = models.CharField("đơn vị tổ chức (cơ sở đào tạo)", max_length=200, blank=True)
    starts_on = models.DateField("ngày khai giảng")
    ends_on = models.DateField("ngày bế giảng")
    place = models.CharField("địa điểm", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "lớp đào tạo, bồi dưỡng"
        verbose_name_plural = "lớp đào tạo, bồi dưỡng"
        indexes = [models.Index(fields=["org", "starts_on"], name="training_org_day")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="training_dates_order")]

    def __str__(self):
        return self.name

    @property
    def organiser_name(self) -> str:
        return self.organiser.name if self.organiser_id else self.institution


class Enrolment(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.PROTECT, related_name="enrolments",
                                       verbose_name="lớp")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="enrolments", verbose_name="đảng viên")
    candidate = models.ForeignKey("admissions.Candidate", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="enrolments", verbose_name="quần chúng ưu tú")
    result = models.CharField("kết quả", max_length=10, choices=Result.choices, default=Result.ENROLLED)
    certificate_number = models.CharField("số giấy chứng nhận, văn bằng", max_length=60, blank=True)
    certificate_date = models.DateField("ngày cấp", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["training_class_id", "id"]
        verbose_name = "học viên"
        verbose_name_plural = "học viên"
        constraints = [
            models.CheckConstraint(condition=Q(member__isnull=False, candidate__isnull=True)
                                   | Q(member__isnull=True, candidate__isnull=False),
                                   name="enrolment_one_person"),
            models.UniqueConstraint(fields=["training_class", "member"], condition=Q(member__isnull=False),
                                    name="enrolment_member_once"),
            models.UniqueConstraint(fields=["training_class", "candidate"], condition=Q(candidate__isnull=False),
                                    name="enrolment_candidate_once"),
        ]

    def __str__(self):
        return f"{self.person_name} — {self.training_class}"

    @property
    def person_name(self) -> str:
        return self.member.full_name if self.member_id else self.candidate.full_name
