"""K7, K8: a discipline proposal arising from a case, its vote, the limitation check, and the decision it wrote —
the one discipline record, ``members.DisciplineDecision`` (never a copy here)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.inspection.choices import Body, ProposalStatus, ViolationField
from dangbo.members.choices import DisciplineForm


class DisciplineProposal(models.Model):
    """The form proposed for a member or an org, decided by ``deciding_org`` (its ``body``); the vote counts, the
    limitation expiry as a warning, and, once decided, the ``members.DisciplineDecision`` written."""

    case = models.ForeignKey("inspection.Case", on_delete=models.PROTECT, related_name="proposals",
                             verbose_name="cuộc kiểm tra")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="đảng viên")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="tổ chức đảng")
    form = models.CharField("hình thức đề nghị", max_length=12, choices=DisciplineForm.choices)
    reason = models.TextField("lý do, nội dung vi phạm")
    violation_from = models.DateField("ngày vi phạm (từ)")
    violation_to = models.DateField("vi phạm kéo dài đến", null=True, blank=True)
    violation_field = models.CharField("lĩnh vực vi phạm", max_length=10, choices=ViolationField.choices,
                                       default=ViolationField.ORDINARY)
    deciding_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+",
                                     verbose_name="tổ chức có thẩm quyền quyết định")
    body = models.CharField("chủ thể quyết định", max_length=12, choices=Body.choices)
    proposed_on = models.DateField("ngày đề nghị")
    status = models.CharField("tình trạng", max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    voted_on = models.DateField("ngày biểu quyết", null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField("tán thành", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("không tán thành", null=True, blank=True)
    eligible = models.PositiveSmallIntegerField("số người được biểu quyết", null=True, blank=True)
    limitation_expires_on = models.DateField("thời hiệu hết ngày", null=True, blank=True)
    limitation_warning = models.TextField("cảnh báo thời hiệu", blank=True)
    decision = models.OneToOneField("members.DisciplineDecision", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="proposal", verbose_name="quyết định kỷ luật")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = "đề nghị kỷ luật"
        verbose_name_plural = "đề nghị kỷ luật"
        constraints = [
            models.CheckConstraint(condition=Q(member__isnull=False, org__isnull=True)
                                   | Q(member__isnull=True, org__isnull=False),
                                   name="inspection_proposal_subject",
                                   violation_error_message="Đề nghị kỷ luật một đảng viên hoặc một tổ chức."),
            models.CheckConstraint(condition=Q(violation_to__isnull=True)
                                   | Q(violation_to__gte=models.F("violation_from")),
                                   name="inspection_proposal_violation_span",
                                   violation_error_message="Ngày kết thúc vi phạm phải sau ngày bắt đầu."),
        ]

    def __str__(self):
        return f"Đề nghị kỷ luật {self.get_form_display()} #{self.pk}"
