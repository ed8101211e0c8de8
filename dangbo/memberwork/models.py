"""The cell's and the committees' registers of member work (FORMS.md §3: khen thưởng, Huy hiệu, phát thẻ) behind
Biểu số 7-BTCTW "Nghiệp vụ công tác đảng viên" (FORMS.md §2).

Each row keeps ``org``: where it is counted — the rewarded org itself, or the cell the member was registered in
on the day (so a member who moves later stays in the register of the unit that proposed and recorded the award)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.admissions.rules import BADGE_YEARS
from dangbo.memberwork.choices import CardKind, RewardForm, RewardLevel


class Reward(models.Model):
    """A cờ thi đua, bằng khen or giấy khen to an org (``member`` empty) or to a member (``org``: their cell)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", db_index=False,
                            verbose_name="tổ chức được khen (hoặc chi bộ của đảng viên)")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="rewards", verbose_name="đảng viên được khen")
    form = models.CharField("hình thức", max_length=12, choices=RewardForm.choices)
    level = models.CharField("cấp khen thưởng", max_length=12, choices=RewardLevel.choices)
    awarded_on = models.DateField("ngày quyết định")
    decision_ref = models.CharField("số quyết định", max_length=80)
    decided_by = models.CharField("cơ quan quyết định", max_length=200)
    reason = models.CharField("thành tích", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        indexes = [models.Index(fields=["org", "awarded_on"], name="reward_org_day")]

    def __str__(self):
        who = self.member.full_name if self.member_id else self.org.name
        return f"{self.get_form_display()} {self.decision_ref} — {who}"

    @property
    def recipient_name(self) -> str:
        return self.member.full_name if self.member_id else self.org.name


class BadgeAward(models.Model):
    """A Huy hiệu Đảng awarded at a seniority step (M16): one per member and step."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="badge_awards",
                               verbose_name="đảng viên")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", db_index=False,
                            verbose_name="chi bộ (ngày trao)")
    years = models.PositiveSmallIntegerField("Huy hiệu (năm tuổi Đảng)", choices=[(n, f"{n} năm") for n in BADGE_YEARS])
    awarded_on = models.DateField("ngày trao")
    decision_ref = models.CharField("số quyết định", max_length=80)
    decided_by = models.CharField("cơ quan quyết định", max_length=200, blank=True)
    note = models.TextField("ghi chú, lý do (khi chưa đủ tuổi đảng)", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        verbose_name = "Huy hiệu Đảng đã trao"
        verbose_name_plural = "Huy hiệu Đảng đã trao"
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="badge_once_per_step")]
        indexes = [models.Index(fields=["org", "awarded_on"], name="badge_org_day")]

    def __str__(self):
        return f"Huy hiệu {self.years} năm tuổi Đảng — {self.member}"


class CardIssue(models.Model):
    """A party card given to a member: the first to an official member, a reissue after loss, a replacement."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="card_issues",
                               verbose_name="đảng viên")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", db_index=False,
                            verbose_name="chi bộ (ngày phát)")
    kind = models.CharField("loại", max_length=10, choices=CardKind.choices)
    issued_on = models.DateField("ngày phát thẻ")
    card_number = models.CharField("số thẻ đảng viên", max_length=20)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "phát thẻ đảng viên"
        verbose_name_plural = "phát thẻ đảng viên"
        constraints = [models.UniqueConstraint(fields=["member"], condition=Q(kind=CardKind.FIRST),
                                               name="card_first_once")]
        indexes = [models.Index(fields=["org", "issued_on"], name="card_org_day")]

    def __str__(self):
        return f"{self.get_kind_display()} số {self.card_number} — {self.member}"
