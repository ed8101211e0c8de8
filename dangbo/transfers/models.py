"""The giấy giới thiệu sinh hoạt đảng (GLOSSARY "transfer letter"; RULES.md M14; FORMS.md §3): issued by the
competent committee, presented by the member to the receiving cell within 30 working days, confirmed there.

An official letter takes the member off the sending cell's list on the day it is issued (a ``transfer_out``
lifecycle fact); the receiving cell's confirmation puts them on its list (``transfer_in``). Between the two the
member is on no list: a letter past its deadline and still unconfirmed is a member who left and never arrived.
A temporary letter leaves the official registration where it is; the confirmation records the temporary one."""

from django.conf import settings
from django.db import models

from dangbo.transfers.choices import LetterKind, Reason


class TransferLetter(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="transfer_letters",
                               verbose_name="đảng viên")
    kind = models.CharField("loại giấy", max_length=12, choices=LetterKind.choices)
    number = models.CharField("số giấy giới thiệu", max_length=40)
    issued_on = models.DateField("ngày giới thiệu")
    issuer = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+",
                               verbose_name="cấp ủy giới thiệu")
    from_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="transfer_letters_out",
                                 verbose_name="chi bộ nơi đi")
    to_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="transfer_letters_in", verbose_name="chi bộ nơi đến")
    to_external = models.CharField("nơi đến ngoài hệ thống", max_length=255, blank=True)
    reason = models.CharField("lý do", max_length=12, choices=Reason.choices)
    stay_until = models.DateField("sinh hoạt tạm thời đến ngày", null=True, blank=True)
    decision_ref = models.CharField("quyết định, văn bản làm căn cứ", max_length=120, blank=True)
    present_by = models.DateField("hạn xuất trình", help_text="30 ngày làm việc sau ngày giới thiệu (RULES.md M14)")
    note = models.TextField("ghi chú", blank=True)
    out_event = models.OneToOneField("members.LifecycleEvent", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="letter_out", verbose_name="sự kiện chuyển đi")
    received_on = models.DateField("ngày xuất trình, nhận sinh hoạt", null=True, blank=True)
    receipt_note = models.TextField("ghi chú khi nhận (lý do chậm)", blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    in_event = models.OneToOneField("members.LifecycleEvent", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="letter_in", verbose_name="sự kiện nhận sinh hoạt")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "giấy giới thiệu sinh hoạt đảng"
        verbose_name_plural = "giấy giới thiệu sinh hoạt đảng"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(to_org__isnull=False, to_external="")
                           | models.Q(to_org__isnull=True) & ~models.Q(to_external="")),
                name="letter_one_destination"),
            models.UniqueConstraint(fields=["issuer", "number"], name="letter_number_per_issuer"),
        ]
        indexes = [
            # the lists: a subtree's letters out and in, open ones first by deadline
            models.Index(fields=["from_org", "issued_on"], name="letter_from"),
            models.Index(fields=["to_org", "issued_on"], name="letter_to"),
            models.Index(fields=["present_by"], condition=models.Q(received_on__isnull=True), name="letter_open"),
        ]

    def __str__(self):
        return f"{self.number} — {self.member}"

    @property
    def destination_name(self) -> str:
        return self.to_org.name if self.to_org_id else self.to_external
