"""Party dues records (RULES D1, D4, D5): what a member declared as the basis of their dues, the reliefs granted,
the payments and the remittances between levels. Nothing is edited in place: a new declaration supersedes the
last from its month, a wrong payment is cancelled by a reversal row."""

from django.conf import settings
from django.db import models

from dangbo.dues.choices import BasisCategory, Channel, Region, ReliefKind


class Declaration(models.Model):
    """The member's declared basis from ``valid_from`` (a month's first day) until the next declaration."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_declarations",
                               verbose_name="đảng viên")
    category = models.CharField("đối tượng đóng đảng phí", max_length=10, choices=BasisCategory.choices)
    basis = models.PositiveBigIntegerField("số tiền làm căn cứ (đồng)", null=True, blank=True)
    region = models.PositiveSmallIntegerField("vùng lương tối thiểu", choices=Region.choices, null=True, blank=True)
    valid_from = models.DateField("áp dụng từ tháng")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "-valid_from", "-id"]
        verbose_name = "kê khai căn cứ đóng đảng phí"
        verbose_name_plural = "kê khai căn cứ đóng đảng phí"
        indexes = [models.Index(fields=["member", "valid_from"], name="dues_decl_member_from")]

    def __str__(self):
        return f"{self.get_category_display()} từ {self.valid_from:%m/%Y} — {self.member_id}"


class Relief(models.Model):
    """An exemption, a cut or a deferral granted by a decision for ``from_month``–``to_month`` (≤ 12 months)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_reliefs",
                               verbose_name="đảng viên")
    kind = models.CharField("hình thức", max_length=8, choices=ReliefKind.choices)
    percent = models.PositiveSmallIntegerField("mức giảm (%)", null=True, blank=True)
    from_month = models.DateField("từ tháng")
    to_month = models.DateField("đến tháng")
    decision_ref = models.CharField("số quyết định", max_length=80)
    decided_on = models.DateField("ngày quyết định")
    reason = models.CharField("lý do", max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "-from_month", "-id"]
        verbose_name = "miễn, giảm, chậm đóng đảng phí"
        verbose_name_plural = "miễn, giảm, chậm đóng đảng phí"
        indexes = [models.Index(fields=["member", "from_month"], name="dues_relief_member_from")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.from_month:%m/%Y}–{self.to_month:%m/%Y} — {self.member_id}"


class Payment(models.Model):
    """One payment of a member's dues for ``month`` (its first day), or the reversal of one (``reversal_of``, the
    negated amount): the sum of a member's rows for a month is what they paid."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_payments",
                               verbose_name="đảng viên")
    month = models.DateField("tháng đóng")
    amount = models.BigIntegerField("số tiền (đồng)")
    paid_on = models.DateField("ngày đóng")
    channel = models.CharField("hình thức nộp", max_length=8, choices=Channel.choices)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", db_index=False,
                            verbose_name="tổ chức thu")
    reversal_of = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="reversed_by", verbose_name="hủy khoản thu")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month", "member", "id"]
        verbose_name = "khoản thu đảng phí"
        verbose_name_plural = "khoản thu đảng phí"
        indexes = [models.Index(fields=["org", "month"], name="dues_payment_org_month"),
                   models.Index(fields=["member", "month"], name="dues_payment_member_month")]

    def __str__(self):
        return f"{self.amount} đ tháng {self.month:%m/%Y} — {self.member_id}"


class Remittance(models.Model):
    """What an org sent up to the next level for a month's dues."""

    from_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức nộp")
    to_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", db_index=False,
                               verbose_name="cấp nhận")
    month = models.DateField("tháng")
    amount = models.BigIntegerField("số tiền (đồng)")
    sent_on = models.DateField("ngày nộp")
    channel = models.CharField("hình thức nộp", max_length=8, choices=Channel.choices, default=Channel.BANK)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = "nộp đảng phí lên cấp trên"
        verbose_name_plural = "nộp đảng phí lên cấp trên"

    def __str__(self):
        return f"{self.amount} đ tháng {self.month:%m/%Y}"
