"""K3: an org's term programme and year plans of inspection and supervision, and their items."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.inspection.choices import Body, ProgrammeKind, WorkKind


class Programme(models.Model):
    """The term's programme (``first_year``–``last_year``) or one year's plan (``year``) of an org's committee or
    of its inspection commission. Not confidential: plans are adopted at a meeting and published to the org."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng")
    body = models.CharField("chủ thể", max_length=12, choices=Body.choices, default=Body.COMMITTEE)
    kind = models.CharField("loại", max_length=6, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    first_year = models.PositiveSmallIntegerField("từ năm", null=True, blank=True)
    last_year = models.PositiveSmallIntegerField("đến năm", null=True, blank=True)
    title = models.CharField("tên", max_length=255)
    adopted_on = models.DateField("ngày ban hành")
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org_id", "-year", "-first_year", "id"]
        verbose_name = "chương trình, kế hoạch kiểm tra, giám sát"
        verbose_name_plural = "chương trình, kế hoạch kiểm tra, giám sát"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ProgrammeKind.YEAR, year__isnull=False)
                | Q(kind=ProgrammeKind.TERM, first_year__isnull=False, last_year__isnull=False,
                    last_year__gte=models.F("first_year")),
                name="inspection_programme_span",
                violation_error_message="Kế hoạch năm ghi năm; chương trình nhiệm kỳ ghi từ năm, đến năm."),
            models.UniqueConstraint(fields=["org", "body", "year"], condition=Q(kind=ProgrammeKind.YEAR),
                                    name="inspection_one_year_plan",
                                    violation_error_message="Tổ chức đã có kế hoạch kiểm tra, giám sát của năm này."),
        ]
        indexes = [models.Index(fields=["kind", "year"], name="inspection_programme_year")]

    def __str__(self):
        span = self.year if self.kind == ProgrammeKind.YEAR else f"{self.first_year}–{self.last_year}"
        return f"{self.title} ({span})"


class PlanItem(models.Model):
    """One line of a programme: which org or member, what kind of work, on what, when (month or quarter)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="items", verbose_name="kế hoạch")
    kind = models.CharField("loại công việc", max_length=16, choices=WorkKind.choices)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="tổ chức là đối tượng")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="đảng viên là đối tượng")
    topic = models.CharField("nội dung", max_length=500)
    month = models.PositiveSmallIntegerField("tháng", null=True, blank=True)
    quarter = models.PositiveSmallIntegerField("quý", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme_id", "quarter", "month", "id"]
        verbose_name = "nội dung kế hoạch kiểm tra, giám sát"
        verbose_name_plural = "nội dung kế hoạch kiểm tra, giám sát"
        constraints = [
            models.CheckConstraint(condition=Q(org__isnull=False) | Q(member__isnull=False),
                                   name="inspection_item_object",
                                   violation_error_message="Phải ghi tổ chức hoặc đảng viên là đối tượng."),
            models.CheckConstraint(condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                                   name="inspection_item_month", violation_error_message="Tháng từ 1 đến 12."),
            models.CheckConstraint(condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                                   name="inspection_item_quarter", violation_error_message="Quý từ 1 đến 4."),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.topic[:80]}"
