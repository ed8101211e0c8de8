"""Annual reviews: campaigns, target registrations, assessments with their criteria, remediation plans.

Every fact carries its year and its org (the unit it was rated in), so statistics are one GROUP BY over the
tree, and the tree as it stood at the end of the year decides where a rating is counted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.reviews.choices import Exclusion, ItemStatus, Level, PlanReason, Status, Subject


class ReviewCampaign(models.Model):
    """The year's review over one org's subtree, with its regulation and deadlines per level."""

    year = models.PositiveSmallIntegerField("năm đánh giá")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="review_campaigns",
                            verbose_name="phạm vi")
    regulation = models.CharField("quy định áp dụng", max_length=40)
    opens_on = models.DateField("ngày bắt đầu")
    cell_deadline = models.DateField("hạn chi bộ họp kiểm điểm, đề xuất", null=True, blank=True)
    grassroots_deadline = models.DateField("hạn cấp cơ sở quyết định", null=True, blank=True)
    superior_deadline = models.DateField("hạn cấp trên quyết định tổ chức cơ sở", null=True, blank=True)
    is_closed = models.BooleanField("đã kết thúc", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "org_id"]
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"
        constraints = [models.UniqueConstraint(fields=["year", "org"], name="campaign_year_org",
                                               violation_error_message="Đã có đợt đánh giá năm này cho tổ chức.")]

    def __str__(self):
        return f"Đánh giá, xếp loại năm {self.year} — {self.org}"


class CriteriaSet(models.Model):
    """A configurable criteria form, per regulation and per member category or org kind."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=200)
    regulation = models.CharField("quy định", max_length=40)
    subject = models.CharField("đối tượng", max_length=10, choices=Subject.choices)
    member_group = models.CharField("nhóm đảng viên", max_length=40, blank=True,
                                    help_text="leader, cbccvc, village, retired, … (trống = mọi đảng viên)")
    org_group = models.CharField("nhóm tổ chức", max_length=40, blank=True)
    criteria = models.JSONField("tiêu chí", default=list,
                                help_text='[{"code", "name", "group": "general|task", "points", "political"}]')

    class Meta:
        ordering = ["regulation", "subject", "code"]
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"

    def __str__(self):
        return self.name

    @property
    def political_codes(self) -> frozenset[str]:
        return frozenset(c["code"] for c in self.criteria if c.get("political"))


class TargetRegistration(models.Model):
    """Đăng ký phấn đấu: the level a member or an org commits to at the start of the year."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="target_registrations")
    subject_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="target_registrations")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    level = models.CharField("mức đăng ký", max_length=16, choices=Level.choices)
    registered_on = models.DateField("ngày đăng ký")

    class Meta:
        ordering = ["year", "org_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "member"], condition=Q(member__isnull=False),
                                    name="registration_member_year"),
            models.UniqueConstraint(fields=["year", "subject_org"], condition=Q(subject_org__isnull=False),
                                    name="registration_org_year"),
        ]
        indexes = [models.Index(fields=["year", "org"])]

    def __str__(self):
        return f"{self.year}: {self.get_level_display()}"


class Assessment(models.Model):
    """One subject's review for one year: self-assessment → proposal → the competent level's decision."""

    year = models.PositiveSmallIntegerField("năm")
    subject = models.CharField(max_length=10, choices=Subject.choices)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="assessments")
    # The member's category (đối tượng) when the review listed them, recorded by the services: the statistics
    # group by it without joining the assessments to the members. Empty for an org's assessment.
    member_category = models.CharField("đối tượng khi đánh giá", max_length=12, blank=True)
    subject_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="assessments")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="unit_assessments",
                            verbose_name="đơn vị (chi bộ của đảng viên; chính tổ chức)")
    approver = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="approved_assessments",
                                 verbose_name="cấp quyết định")
    regulation = models.CharField(max_length=40)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    exclusion = models.CharField("không xếp loại vì", max_length=12, choices=Exclusion.choices, blank=True)

    self_level = models.CharField("tự xếp loại", max_length=16, choices=Level.choices, blank=True)
    self_comment = models.TextField("tự nhận xét", blank=True)
    marks = models.JSONField("mức theo tiêu chí", default=dict, blank=True)
    score = models.DecimalField("điểm (thang 100)", max_digits=5, decimal_places=1, null=True, blank=True)
    tasks_total = models.PositiveSmallIntegerField("số nhiệm vụ", default=0)
    tasks_on_time = models.PositiveSmallIntegerField("đúng hạn", default=0)
    tasks_exceeding = models.PositiveSmallIntegerField("vượt", default=0)
    shortcomings_total = models.PositiveSmallIntegerField("hạn chế đã chỉ ra", default=0)
    shortcomings_fixed = models.PositiveSmallIntegerField("đã khắc phục", default=0)
    targets_met_pct = models.PositiveSmallIntegerField("% chỉ tiêu đạt", null=True, blank=True)
    sick_leave_months = models.PositiveSmallIntegerField("tháng nghỉ ốm", default=0)
    discipline_self_corrected = models.BooleanField("tự phát hiện, khắc phục vi phạm", default=False)
    disunity = models.BooleanField("mất đoàn kết, suy thoái", default=False)
    subordinate_misconduct = models.BooleanField("đơn vị trực thuộc có tham nhũng, tiêu cực bị xử lý", default=False)
    pointed_review = models.BooleanField("cấp trên gợi ý kiểm điểm", default=False)
    pointed_note = models.TextField("nội dung gợi ý", blank=True)

    proposed_level = models.CharField("chi bộ / cấp ủy đề xuất", max_length=16, choices=Level.choices, blank=True)
    proposed_on = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    final_level = models.CharField("xếp loại", max_length=16, choices=Level.choices, blank=True, db_index=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "org_id", "id"]
        verbose_name = "đánh giá, xếp loại"
        verbose_name_plural = "đánh giá, xếp loại"
        indexes = [
            models.Index(fields=["year", "subject", "org"]), models.Index(fields=["year", "approver"]),
            # The breakdown by category: a subtree's units, then its counts per category and state from the index.
            models.Index(fields=["year", "subject", "org", "member_category", "exclusion", "final_level"],
                         name="assessment_category_read"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "member"], condition=Q(member__isnull=False),
                                    name="assessment_member_year",
                                    violation_error_message="Đảng viên đã có phiếu đánh giá năm này."),
            models.UniqueConstraint(fields=["year", "subject_org"], condition=Q(subject_org__isnull=False),
                                    name="assessment_org_year",
                                    violation_error_message="Tổ chức đã có phiếu đánh giá năm này."),
            models.CheckConstraint(condition=Q(member__isnull=False) | Q(subject_org__isnull=False),
                                   name="assessment_has_subject",
                                   violation_error_message="Phiếu đánh giá phải có đảng viên hoặc tổ chức."),
        ]

    def __str__(self):
        who = self.member or self.subject_org
        return f"{who} — {self.year}"


class RatingTally(models.Model):
    """How many assessments of a year sit in each (unit, subject, exclusion, final level): the counts every
    statistic starts from, so a national table reads one row per unit and state instead of six million
    assessments.

    Written only by database triggers on ``reviews_assessment`` (migration ``0004_rating_tally``), so every
    write path — services, imports, ``bulk_create``, raw loads — keeps it exact; nothing in Python writes it.
    A test compares it with a GROUP BY over the assessments after inserts, updates and deletes.
    """

    year = models.PositiveSmallIntegerField()
    # No constraint or index of its own: the assessments' foreign key guards the org, the key below leads the reads.
    org = models.ForeignKey("orgs.Org", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                            related_name="+")
    subject = models.CharField(max_length=10, choices=Subject.choices)
    exclusion = models.CharField(max_length=12, blank=True)
    final_level = models.CharField(max_length=16, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = "số phiếu theo đơn vị và mức"
        constraints = [
            # The triggers' upsert target; also a subtree's reads (year, subject, state, org_id IN …).
            models.UniqueConstraint(fields=["year", "subject", "exclusion", "final_level", "org"],
                                    name="rating_tally_key"),
        ]
        indexes = [
            # The same with ``n``: a whole year's state is one range read from the index alone, in org order.
            models.Index(fields=["year", "subject", "exclusion", "final_level", "org", "n"], name="rating_tally_read"),
        ]

    def __str__(self):
        return f"{self.year} {self.org_id} {self.subject} {self.exclusion or self.final_level or '-'}: {self.n}"


class RemediationPlan(models.Model):
    """Kế hoạch khắc phục hạn chế, yếu kém (R7)."""

    year = models.PositiveSmallIntegerField("năm đánh giá")
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="plan")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="remediation_plans")
    subject_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="remediation_plans")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("lý do", max_length=16, choices=PlanReason.choices)
    due_on = models.DateField("hạn nộp kế hoạch")
    submitted_on = models.DateField("ngày nộp", null=True, blank=True)
    summary = models.TextField("nội dung", blank=True)

    class Meta:
        ordering = ["year", "org_id", "id"]
        verbose_name = "kế hoạch khắc phục"
        verbose_name_plural = "kế hoạch khắc phục"

    def __str__(self):
        return f"Kế hoạch khắc phục {self.year} — {self.member or self.subject_org}"


class RemediationItem(models.Model):
    plan = models.ForeignKey(RemediationPlan, on_delete=models.CASCADE, related_name="items")
    description = models.TextField("hạn chế, yếu kém và biện pháp")
    owner = models.CharField("người / bộ phận thực hiện", max_length=200)
    deadline = models.DateField("thời hạn")
    status = models.CharField("trạng thái", max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "deadline", "id"]

    def __str__(self):
        return self.description[:60]


class QuotaException(models.Model):
    """A group of decisions above the HTXSNV share (R4), kept and listed: either the exception the competent level
    recorded when approving (thành tích nổi trội: reason, its decision number and date), or the flag on results
    of a past year loaded as decided although they break the rule of their year."""

    class Source(models.TextChoices):
        APPROVAL = "approval", "Ngoại lệ khi phê duyệt"
        IMPORT = "import", "Kết quả năm trước nhập vào, vượt quy định của năm"

    year = models.PositiveSmallIntegerField("năm đánh giá")
    subject = models.CharField("đối tượng", max_length=10, choices=Subject.choices)
    group = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="quota_exceptions",
                              verbose_name="đơn vị tính tỷ lệ")
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.APPROVAL)
    excellent = models.PositiveIntegerField("số HTXSNV")
    limit = models.PositiveIntegerField("mức tối đa")
    base = models.PositiveIntegerField("số làm căn cứ tính tỷ lệ")
    rule = models.CharField("quy định", max_length=200)
    reason = models.TextField("lý do (thành tích nổi trội)", blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_on = models.DateField("ngày ghi")

    class Meta:
        ordering = ["year", "subject", "group_id"]
        verbose_name = "ngoại lệ tỷ lệ HTXSNV"
        verbose_name_plural = "ngoại lệ tỷ lệ HTXSNV"
        constraints = [models.UniqueConstraint(fields=["year", "subject", "group"], name="quota_exception_group",
                                               violation_error_message="Đơn vị đã có ngoại lệ tỷ lệ năm này.")]

    def __str__(self):
        return f"Vượt tỷ lệ HTXSNV {self.year} — {self.group}: {self.excellent}/{self.limit}"


class RuleFlag(models.Model):
    """A rule of its year that a decided result breaks, kept with the result instead of refusing it: results of
    past years loaded from XLSX are facts already decided, recorded as they were and flagged."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="flags")
    rule = models.CharField("quy định", max_length=200)
    message = models.TextField("vi phạm")
    recorded_on = models.DateField("ngày ghi")

    class Meta:
        ordering = ["assessment_id", "id"]
        verbose_name = "cảnh báo quy định"
        verbose_name_plural = "cảnh báo quy định"

    def __str__(self):
        return f"{self.assessment}: {self.message[:60]}"
