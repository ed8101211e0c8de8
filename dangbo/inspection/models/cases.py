"""K2, K4: a case (vụ việc kiểm tra, giám sát) with its subjects, steps and follow-ups, and who is named on a
confidential record (a case or a denunciation). Confidential: read only through ``inspection.selectors``."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.inspection.choices import CaseBody, Origin, Phase, Step, WorkKind


class Case(models.Model):
    """One piece of inspection or supervision work, decided by ``org`` (its committee, standing committee, its
    inspection commission, or — a cell — the cell itself). The handling body's org is the scope of the record."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức quyết định")
    body = models.CharField("chủ thể", max_length=12, choices=CaseBody.choices)
    kind = models.CharField("loại công việc", max_length=16, choices=WorkKind.choices)
    origin = models.CharField("theo kế hoạch / đột xuất", max_length=8, choices=Origin.choices)
    plan_item = models.ForeignKey("inspection.PlanItem", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="cases", verbose_name="nội dung kế hoạch thực hiện")
    topic = models.CharField("nội dung", max_length=500)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decided_on = models.DateField("ngày quyết định")
    team = models.TextField("đoàn (tổ) kiểm tra, giám sát", blank=True)
    team_members = models.ManyToManyField("members.Member", blank=True, related_name="+",
                                          verbose_name="thành viên đoàn là đảng viên trong hệ thống")
    conclusion = models.TextField("kết luận", blank=True)
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    violation_found = models.BooleanField("có vi phạm", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "cuộc kiểm tra, giám sát"
        verbose_name_plural = "cuộc kiểm tra, giám sát"
        indexes = [models.Index(fields=["org", "decided_on"], name="inspection_case_org_day")]
        constraints = [
            models.CheckConstraint(condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=models.F("decided_on")),
                                   name="inspection_case_dates",
                                   violation_error_message="Ngày kết luận không được trước ngày quyết định."),
            models.CheckConstraint(condition=~Q(origin=Origin.PLANNED) | Q(plan_item__isnull=False),
                                   name="inspection_case_planned_item",
                                   violation_error_message="Cuộc kiểm tra theo kế hoạch phải ghi nội dung kế hoạch."),
        ]

    def __str__(self):
        # no subject's name: the string reaches audit entries and logs
        return f"{self.get_kind_display()} số {self.decision_number or self.pk}"


class CaseSubject(models.Model):
    """An org or a member the case is about (đối tượng); it may be a historical org or former post (K1)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="tổ chức")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="đảng viên")

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = "đối tượng kiểm tra, giám sát"
        verbose_name_plural = "đối tượng kiểm tra, giám sát"
        constraints = [
            models.CheckConstraint(condition=Q(org__isnull=False, member__isnull=True)
                                   | Q(org__isnull=True, member__isnull=False),
                                   name="inspection_subject_one",
                                   violation_error_message="Đối tượng là một tổ chức hoặc một đảng viên."),
            models.UniqueConstraint(fields=["case", "org"], condition=Q(org__isnull=False),
                                    name="inspection_subject_org_once"),
            models.UniqueConstraint(fields=["case", "member"], condition=Q(member__isnull=False),
                                    name="inspection_subject_member_once"),
        ]

    def __str__(self):
        return f"Đối tượng #{self.pk} của {self.case}"


class CaseStep(models.Model):
    """K4: a dated step of the case, in its phase, with its document."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    phase = models.CharField("giai đoạn", max_length=8, choices=Phase.choices)
    step = models.CharField("bước", max_length=20, choices=Step.choices)
    date = models.DateField("ngày")
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "date", "id"]
        verbose_name = "bước kiểm tra, giám sát"
        verbose_name_plural = "bước kiểm tra, giám sát"

    def __str__(self):
        return f"{self.get_step_display()} {self.date:%d/%m/%Y}"


class FollowUp(models.Model):
    """A recommendation of the conclusion: who (an org or a member) must do what by when, and when it was done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    recommendation = models.TextField("kiến nghị")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="tổ chức thực hiện")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="đảng viên thực hiện")
    due_on = models.DateField("thời hạn")
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["case_id", "due_on", "id"]
        verbose_name = "kiến nghị, khắc phục sau kiểm tra"
        verbose_name_plural = "kiến nghị, khắc phục sau kiểm tra"
        constraints = [models.CheckConstraint(condition=Q(org__isnull=False) | Q(member__isnull=False),
                                              name="inspection_follow_up_who",
                                              violation_error_message="Phải ghi tổ chức hoặc đảng viên thực hiện.")]

    def __str__(self):
        return f"Kiến nghị hạn {self.due_on:%d/%m/%Y}"


class CaseAccess(models.Model):
    """A user named on a confidential record (a case or a denunciation): they may read it; ``may_see_denouncer``
    — only those who must contact the denouncer — also sees who denounced (K5)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="access")
    denunciation = models.ForeignKey("inspection.Denunciation", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="access")
    may_see_denouncer = models.BooleanField("được biết người tố cáo", default=False)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "người được phân công, được biết hồ sơ"
        verbose_name_plural = "người được phân công, được biết hồ sơ"
        constraints = [
            models.CheckConstraint(condition=Q(case__isnull=False, denunciation__isnull=True)
                                   | Q(case__isnull=True, denunciation__isnull=False),
                                   name="inspection_access_one_record",
                                   violation_error_message="Ghi một cuộc kiểm tra hoặc một đơn tố cáo."),
            models.UniqueConstraint(fields=["user", "case"], condition=Q(case__isnull=False),
                                    name="inspection_access_case_once"),
            models.UniqueConstraint(fields=["user", "denunciation"], condition=Q(denunciation__isnull=False),
                                    name="inspection_access_letter_once"),
        ]

    def __str__(self):
        return f"Quyền xem hồ sơ #{self.case_id or self.denunciation_id} của người dùng #{self.user_id}"
