"""Candidates for admission (quần chúng ưu tú, đối tượng kết nạp — GLOSSARY ``Candidate``) and the steps of
their file, each dated with its document and who decided (RULES.md M1–M6; FORMS.md §3). The ceremony makes the
candidate a member through ``members.services.member_create``: from there the lifecycle takes over."""

from django.conf import settings
from django.db import models

from dangbo.admissions.choices import Route, Source, Stage, Step
from dangbo.members.choices import GeneralEducation, MemberCategory
from dangbo.members.models import Person


class Candidate(Person):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="candidates", verbose_name="chi bộ")
    sort_key = models.CharField(max_length=400, editable=False)
    search_text = models.CharField(max_length=400, editable=False)
    general_education = models.CharField("giáo dục phổ thông", max_length=12, choices=GeneralEducation.choices)
    occupation = models.CharField("nghề nghiệp", max_length=120, blank=True)
    category = models.CharField("đối tượng", max_length=12, choices=MemberCategory.choices, default=MemberCategory.OTHER)
    source = models.CharField("nguồn", max_length=12, choices=Source.choices, default=Source.OTHER)
    groups = models.JSONField("thuộc nhóm", default=list, blank=True, help_text="các mã của choices.Group")
    listed_on = models.DateField("ngày đưa vào danh sách quần chúng ưu tú")
    helper = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="đảng viên được phân công giúp đỡ")
    introduced_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="cấp ủy viên giới thiệu (002)")
    stage = models.CharField("tình trạng", max_length=12, choices=Stage.choices, default=Stage.PREPARING)
    member = models.OneToOneField("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="candidacy", verbose_name="đảng viên (sau lễ kết nạp)")
    stopped_on = models.DateField("ngày dừng xem xét", null=True, blank=True)
    stop_reason = models.TextField("lý do dừng xem xét", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = "quần chúng ưu tú"
        verbose_name_plural = "quần chúng ưu tú"
        indexes = [models.Index(fields=["org", "stage"])]

    def __str__(self):
        return self.full_name


class AdmissionStep(models.Model):
    """One step of the file: its date, document, who decided; the facts its rule needs in ``detail`` (the
    certificate's issue date, the vote's counts, the introducers…). A vote may be taken again (``attempt``)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField("bước", max_length=12, choices=Step.choices)
    attempt = models.PositiveSmallIntegerField("lần", default=1)
    date = models.DateField("ngày")
    document_ref = models.CharField("văn bản (số, ngày)", max_length=120, blank=True)
    decided_by = models.CharField("cơ quan, người quyết định", max_length=200, blank=True)
    passed = models.BooleanField("đạt", default=True)
    detail = models.JSONField("chi tiết", default=dict, blank=True)
    note = models.TextField("ghi chú, lý do", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidate_id", "date", "id"]
        verbose_name = "bước hồ sơ kết nạp"
        verbose_name_plural = "bước hồ sơ kết nạp"
        constraints = [models.UniqueConstraint(fields=["candidate", "step", "attempt"], name="admission_step_once")]

    def __str__(self):
        return f"{self.get_step_display()} — {self.date:%d/%m/%Y}"


class Introduction(models.Model):
    """An official member introducing the candidate (M3): kept as rows, so an introducer who moves away or is
    disciplined can be replaced (the old row ended, a new one added)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="introductions")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+",
                               verbose_name="đảng viên giới thiệu")
    route = models.CharField("hình thức", max_length=12, choices=Route.choices)
    together_since = models.DateField("cùng công tác, học tập, cư trú từ ngày")
    given_on = models.DateField("ngày giới thiệu")
    replaced_on = models.DateField("ngày thay người giới thiệu", null=True, blank=True)
    replace_reason = models.TextField("lý do thay người giới thiệu", blank=True)

    class Meta:
        ordering = ["candidate_id", "given_on", "id"]
        verbose_name = "người giới thiệu"
        verbose_name_plural = "người giới thiệu"

    def __str__(self):
        return f"Giới thiệu ngày {self.given_on:%d/%m/%Y}"


class AdmissionPlan(models.Model):
    """The admissions a committee assigns an org for a year ("giao chỉ tiêu phát triển đảng viên cho các chi bộ
    trực thuộc", 001): set top-down by the org's direct superior; an org without its own figure plans the sum of
    those assigned below it."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="admission_plans",
                            verbose_name="tổ chức")
    year = models.PositiveSmallIntegerField("năm")
    quota = models.PositiveIntegerField("chỉ tiêu kết nạp")
    decided_on = models.DateField("ngày giao")
    document_ref = models.CharField("văn bản giao chỉ tiêu", max_length=120, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")

    class Meta:
        ordering = ["-year", "org_id"]
        verbose_name = "chỉ tiêu kết nạp đảng viên"
        verbose_name_plural = "chỉ tiêu kết nạp đảng viên"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="admission_plan_once_a_year",
                                               violation_error_message="Tổ chức đã có chỉ tiêu kết nạp năm này.")]

    def __str__(self):
        return f"Chỉ tiêu kết nạp năm {self.year}: {self.quota}"


class ScreeningDecision(models.Model):
    """The outcome of considering a member found by the screening (rà soát, sàng lọc — M11): struck off or
    dismissed (then also a lifecycle event), or kept, with the reason."""

    class Outcome(models.TextChoices):
        STRIKE_OFF = "strike_off", "Xóa tên"
        DISMISS = "dismiss", "Cho ra khỏi Đảng"
        KEEP = "keep", "Tiếp tục giáo dục, giữ lại"

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="screenings")
    decided_on = models.DateField("ngày quyết định")
    outcome = models.CharField("kết quả", max_length=12, choices=Outcome.choices)
    reasons = models.TextField("lý do rà soát")
    note = models.TextField("ghi chú", blank=True)
    decision_ref = models.CharField("văn bản", max_length=120, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "kết quả rà soát đảng viên"
        verbose_name_plural = "kết quả rà soát đảng viên"

    def __str__(self):
        return f"{self.get_outcome_display()} ngày {self.decided_on:%d/%m/%Y}"
