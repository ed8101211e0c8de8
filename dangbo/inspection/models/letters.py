"""K5, K9: denunciations (tố cáo) and discipline complaints (khiếu nại kỷ luật). A denunciation is confidential and
the denouncer's identity more so: read through ``inspection.selectors``, which blanks it for whoever is not named
with ``may_see_denouncer``."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.inspection.choices import (
    Body,
    ComplaintRefusal,
    ComplaintResult,
    DenunciationOutcome,
    DenunciationStatus,
    NotHandledReason,
)

DENOUNCER_FIELDS = ("denouncer_name", "denouncer_address", "denouncer_contact")


class Denunciation(models.Model):
    """A letter received by ``org`` (the competent org handling it), screened, assigned to a case, resolved within
    its time limit (``due_on``, computed at screening from the parameter in force), the result notified."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức tiếp nhận")
    received_on = models.DateField("ngày nhận")
    denouncer_name = models.CharField("họ tên người tố cáo", max_length=200, blank=True)
    denouncer_address = models.CharField("địa chỉ người tố cáo", max_length=300, blank=True)
    denouncer_contact = models.CharField("liên hệ người tố cáo", max_length=120, blank=True)
    anonymous = models.BooleanField("nặc danh, mạo tên", default=False)
    repeated = models.BooleanField("tố cáo lại", default=False)
    new_evidence = models.BooleanField("có tài liệu, chứng cứ mới", default=False)
    specific = models.BooleanField("nội dung cụ thể", default=True)
    subject_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="tổ chức bị tố cáo")
    subject_member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name="đảng viên bị tố cáo")
    content = models.TextField("nội dung tố cáo")
    status = models.CharField("tình trạng", max_length=12, choices=DenunciationStatus.choices,
                              default=DenunciationStatus.RECEIVED)
    not_handled_reason = models.CharField("lý do không xem xét", max_length=10, choices=NotHandledReason.choices,
                                          blank=True)
    screening_note = models.TextField("ý kiến phân loại", blank=True)
    case = models.ForeignKey("inspection.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="denunciations", verbose_name="cuộc giải quyết tố cáo")
    due_on = models.DateField("hạn giải quyết", null=True, blank=True)
    resolved_on = models.DateField("ngày giải quyết xong", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=8, choices=DenunciationOutcome.choices, blank=True)
    outcome_note = models.TextField("kết luận", blank=True)
    notified_on = models.DateField("ngày thông báo người tố cáo", null=True, blank=True)
    withdrawn_on = models.DateField("ngày rút đơn", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "đơn tố cáo"
        verbose_name_plural = "đơn tố cáo"
        indexes = [models.Index(fields=["org", "received_on"], name="inspection_letter_org_day")]
        constraints = [
            models.CheckConstraint(condition=Q(subject_org__isnull=False) | Q(subject_member__isnull=False),
                                   name="inspection_letter_subject",
                                   violation_error_message="Phải ghi tổ chức hoặc đảng viên bị tố cáo."),
            models.CheckConstraint(condition=~Q(status=DenunciationStatus.NOT_HANDLED) | ~Q(not_handled_reason=""),
                                   name="inspection_letter_reason",
                                   violation_error_message="Đơn không xem xét phải ghi lý do."),
        ]

    def __str__(self):
        # neither the denouncer nor the subject: the string reaches audit entries and logs
        return f"Đơn tố cáo #{self.pk} nhận ngày {self.received_on:%d/%m/%Y}"


class DisciplineComplaint(models.Model):
    """K9: a complaint against an existing discipline decision (``members.DisciplineDecision``), handled by
    ``org`` (its UBKT, standing committee or committee), accepted or not with the reason, resolved with a result."""

    decision = models.ForeignKey("members.DisciplineDecision", on_delete=models.PROTECT, related_name="complaints",
                                 verbose_name="quyết định kỷ luật bị khiếu nại")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức giải quyết")
    body = models.CharField("chủ thể", max_length=12, choices=Body.choices, default=Body.COMMISSION)
    received_on = models.DateField("ngày nhận đơn")
    decision_received_on = models.DateField("ngày người khiếu nại nhận quyết định", null=True, blank=True)
    accepted = models.BooleanField("thụ lý", null=True, blank=True)
    refusal_reason = models.CharField("lý do không thụ lý", max_length=14, choices=ComplaintRefusal.choices,
                                      blank=True)
    due_on = models.DateField("hạn giải quyết", null=True, blank=True)
    result = models.CharField("kết quả", max_length=10, choices=ComplaintResult.choices, blank=True)
    result_note = models.TextField("nội dung giải quyết", blank=True)
    resolved_on = models.DateField("ngày giải quyết", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "đơn khiếu nại kỷ luật"
        verbose_name_plural = "đơn khiếu nại kỷ luật"
        constraints = [models.CheckConstraint(condition=~Q(accepted=False) | ~Q(refusal_reason=""),
                                              name="inspection_complaint_reason",
                                              violation_error_message="Không thụ lý phải ghi lý do.")]

    def __str__(self):
        return f"Khiếu nại kỷ luật #{self.pk} nhận ngày {self.received_on:%d/%m/%Y}"
