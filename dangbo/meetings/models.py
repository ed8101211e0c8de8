"""Cell meetings and the cell's work with its members (issue 8; RULES.md G1–G3, M11, M13).

Every fact carries its org and its date, so compliance and indicators are one grouped query over the cells of a
subtree on the period's date. ``Attendance`` repeats its meeting's org and date: the year of a whole country is
≈ 66 million rows, and the alerts read only the unexcused absences of one subtree (a partial index serves them).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.meetings.choices import (
    ConclusionKind,
    MeetingKind,
    MeetingLevel,
    PaperKind,
    Presence,
    ScheduleKind,
    Scorer,
)
from dangbo.meetings.rules import describe_schedule


class ScheduleRule(models.Model):
    """Lịch sinh hoạt: the day or window a committee sets for the regular meetings of the cells under it, dated.

    For a cell on a day, the rule of its nearest ancestor (or itself) valid that day applies. A window may end
    in the next month ("tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau", 003): the meeting of month M held on
    10/M+1 is still M's."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="meeting_schedules",
                            verbose_name="cấp ủy ban hành")
    kind = models.CharField("loại lịch", max_length=8, choices=ScheduleKind.choices)
    # FIXED_DAY: ``start_day`` is the day (3 = ngày mùng 3). WINDOW: from ``start_day`` (negative = counted from
    # the month's end, -7 = the last week) to ``end_day`` of the same month or, with ``ends_next_month``, of the next.
    start_day = models.SmallIntegerField("từ ngày")
    end_day = models.SmallIntegerField("đến ngày", null=True, blank=True)
    ends_next_month = models.BooleanField("hạn cuối sang tháng sau", default=False)
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    decision_ref = models.CharField("văn bản", max_length=120, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["org_id", "valid_from"]
        verbose_name = "lịch sinh hoạt"
        verbose_name_plural = "lịch sinh hoạt"
        indexes = [models.Index(fields=["org", "valid_from"])]

    def __str__(self):
        return describe_schedule(self.kind, self.start_day, self.end_day, self.ends_next_month)


class ScoringSheet(models.Model):
    """A province's (or bloc committee's) scoring sheet for meeting quality (G3): criteria with points, the
    must-have criteria for Tốt, the thresholds and the bottom label; per kind of meeting, dated."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="meeting_sheets",
                            verbose_name="cấp ban hành")
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("áp dụng cho", max_length=12, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    decision_ref = models.CharField("văn bản", max_length=120, blank=True)
    criteria = models.JSONField("tiêu chí", default=list,
                                help_text='[{"code", "name", "points", "must_full": bool}]')
    good_from = models.PositiveSmallIntegerField("Tốt từ (điểm)", default=90)
    fair_from = models.PositiveSmallIntegerField("Khá từ (điểm)", default=70)
    average_from = models.PositiveSmallIntegerField("Trung bình từ (điểm)", default=50)
    bottom_label = models.CharField("mức thấp nhất", max_length=10, default="Kém")
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["org_id", "kind", "valid_from"]
        verbose_name = "phiếu chấm điểm sinh hoạt"
        verbose_name_plural = "phiếu chấm điểm sinh hoạt"

    def __str__(self):
        return self.name


class TopicPlan(models.Model):
    """The cell's yearly plan of thematic topics and whether the superior approved it (003)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="topic_plans", verbose_name="chi bộ")
    year = models.PositiveSmallIntegerField("năm")
    approved_on = models.DateField("ngày cấp trên duyệt", null=True, blank=True)
    approved_ref = models.CharField("văn bản duyệt", max_length=120, blank=True)

    class Meta:
        ordering = ["org_id", "-year"]
        verbose_name = "kế hoạch sinh hoạt chuyên đề"
        verbose_name_plural = "kế hoạch sinh hoạt chuyên đề"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="topic_plan_org_year",
                                               violation_error_message="Chi bộ đã có kế hoạch chuyên đề năm này.")]

    def __str__(self):
        return f"Kế hoạch chuyên đề năm {self.year}"


class Topic(models.Model):
    plan = models.ForeignKey(TopicPlan, on_delete=models.CASCADE, related_name="topics")
    quarter = models.PositiveSmallIntegerField("quý")
    title = models.CharField("chuyên đề", max_length=255)

    class Meta:
        ordering = ["plan_id", "quarter", "id"]
        verbose_name = "chuyên đề"
        verbose_name_plural = "chuyên đề"

    def __str__(self):
        return self.title


class Meeting(models.Model):
    """One meeting of a cell (or of one of its tổ đảng), with the month it counts for."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="meetings", verbose_name="chi bộ",
                            db_index=False)  # (org, month) below leads with it
    kind = models.CharField("loại sinh hoạt", max_length=12, choices=MeetingKind.choices)
    month = models.DateField("kỳ sinh hoạt tháng", help_text="ngày đầu của tháng mà kỳ họp này tính cho")
    date = models.DateField("ngày họp")
    starts_at = models.TimeField("bắt đầu", null=True, blank=True)
    ends_at = models.TimeField("kết thúc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=200, blank=True)
    group_name = models.CharField("tổ đảng", max_length=120, blank=True)
    agenda = models.TextField("nội dung", blank=True)
    documents_posted_on = models.DateField("ngày gửi tài liệu cho đảng viên", null=True, blank=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings",
                              verbose_name="chuyên đề")
    combined_session = models.BooleanField("chuyên đề và thường kỳ họp chung một buổi", default=False)
    preparer = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="người chuẩn bị nội dung")
    has_draft_resolution = models.BooleanField("có dự thảo nghị quyết", default=False)
    conclusion_kind = models.CharField("hình thức", max_length=12, choices=ConclusionKind.choices, blank=True)
    conclusion = models.TextField("nghị quyết, kết luận", blank=True)
    # G2 checks no field can show: recorded by the cell (or the superior attendee) after the meeting.
    checks = models.JSONField("đánh giá các tiêu chí", default=dict, blank=True)
    level = models.CharField("xếp loại", max_length=8, choices=MeetingLevel.choices, blank=True)
    score = models.DecimalField("điểm", max_digits=5, decimal_places=1, null=True, blank=True)
    # tallies of the attendance rows, kept by the service that writes them (lists and indicators read these)
    present = models.PositiveSmallIntegerField(default=0, editable=False)
    excused = models.PositiveSmallIntegerField(default=0, editable=False)
    unexcused = models.PositiveSmallIntegerField(default=0, editable=False)
    exempt = models.PositiveSmallIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "kỳ sinh hoạt"
        verbose_name_plural = "kỳ sinh hoạt"
        indexes = [
            # ``selectors.subtree.scan`` reads a subtree's year from these two alone, never from the table
            models.Index(fields=["org", "month", "kind", "date", "combined_session", "level"], name="meeting_scan"),
            models.Index(fields=["org", "month", "kind", "date"], condition=Q(conclusion=""), name="meeting_bare"),
            models.Index(fields=["month", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True)
                                   | Q(ends_at__gt=models.F("starts_at")),
                                   name="meeting_ends_after_start",
                                   violation_error_message="Giờ kết thúc phải sau giờ bắt đầu."),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    @property
    def counted(self) -> int:
        return self.present + self.excused + self.unexcused


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="meeting_attendance",
                               db_index=False)  # (member, date) below leads with it
    status = models.CharField("điểm danh", max_length=1, choices=Presence.choices)
    reason = models.CharField("lý do vắng", max_length=200, blank=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", db_index=False)
    date = models.DateField()

    class Meta:
        ordering = ["meeting_id", "id"]
        indexes = [
            models.Index(fields=["member", "date"]),
            models.Index(fields=["org", "date"], condition=Q(status="U"), name="attendance_unexcused"),
        ]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self):
        return f"{self.member_id}: {self.get_status_display()}"


class MeetingGuest(models.Model):
    """A superior committee member who attended (dự sinh hoạt) the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="meetings_attended_above")
    role = models.CharField("chức vụ", max_length=200, blank=True)

    class Meta:
        ordering = ["meeting_id", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="guest_once")]

    def __str__(self):
        return str(self.member)


class MeetingScore(models.Model):
    """One scoring sheet filled for a meeting, by the cell or by the superior attendee (G3)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="scores")
    sheet = models.ForeignKey(ScoringSheet, on_delete=models.PROTECT, related_name="+")
    scorer = models.CharField("người chấm", max_length=8, choices=Scorer.choices)
    points = models.JSONField("điểm từng tiêu chí", default=dict)
    total = models.DecimalField("tổng điểm", max_digits=5, decimal_places=1)
    level = models.CharField("xếp loại", max_length=8, choices=MeetingLevel.choices)

    class Meta:
        ordering = ["meeting_id", "scorer"]
        constraints = [models.UniqueConstraint(fields=["meeting", "scorer"], name="score_once_per_scorer")]

    def __str__(self):
        return f"{self.get_scorer_display()}: {self.total} điểm"


def minutes_path(instance, filename: str) -> str:
    return f"meetings/{instance.meeting.org_id}/{instance.meeting_id}/{filename}"


class MeetingFile(models.Model):
    """Biên bản and other papers of a meeting: stored files, checked for size and type on upload."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("tệp", upload_to=minutes_path, max_length=255)
    name = models.CharField("tên tệp", max_length=200)
    size = models.PositiveIntegerField("dung lượng")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = "biên bản, tài liệu"
        verbose_name_plural = "biên bản, tài liệu"

    def __str__(self):
        return self.name


class AttendanceAssignment(models.Model):
    """A superior committee member assigned to attend (dự sinh hoạt) a cell's meetings (003), dated."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy phân công")
    cell = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="assigned_attendees",
                             verbose_name="chi bộ")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="cells_to_attend",
                               verbose_name="cấp ủy viên")
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["cell_id", "valid_from"]
        verbose_name = "phân công dự sinh hoạt"
        verbose_name_plural = "phân công dự sinh hoạt"

    def __str__(self):
        return f"{self.member} → {self.cell}"


class OversightCheck(models.Model):
    """The superior's six-monthly check of a cell's meetings (003), with its findings."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy kiểm tra")
    cell = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="meeting_checks",
                             verbose_name="chi bộ")
    year = models.PositiveSmallIntegerField("năm")
    half = models.PositiveSmallIntegerField("6 tháng", choices=[(1, "6 tháng đầu năm"), (2, "6 tháng cuối năm")])
    checked_on = models.DateField("ngày kiểm tra")
    findings = models.TextField("kết quả, nhận xét")

    class Meta:
        ordering = ["-year", "-half", "cell_id"]
        verbose_name = "kiểm tra sinh hoạt chi bộ"
        verbose_name_plural = "kiểm tra sinh hoạt chi bộ"
        constraints = [models.UniqueConstraint(fields=["cell", "year", "half"], name="check_once_per_half",
                                               violation_error_message="Chi bộ đã được kiểm tra trong 6 tháng này.")]

    def __str__(self):
        return f"Kiểm tra sinh hoạt {self.get_half_display().lower()} {self.year}"


class MemberTask(models.Model):
    """A task the cell assigns to a member (phân công nhiệm vụ, 38-HD/BTCTW): what, when, the result."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="cell_tasks")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ")
    assigned_on = models.DateField("ngày phân công")
    title = models.CharField("nhiệm vụ", max_length=255)
    due_on = models.DateField("thời hạn", null=True, blank=True)
    result = models.TextField("kết quả", blank=True)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    class Meta:
        ordering = ["member_id", "-assigned_on"]
        verbose_name = "nhiệm vụ được phân công"
        verbose_name_plural = "nhiệm vụ được phân công"
        indexes = [models.Index(fields=["org", "assigned_on"])]

    def __str__(self):
        return self.title


class YearlyPaper(models.Model):
    """The member's written commitment and personal plan of a year (38-HD/BTCTW)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="yearly_papers")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ")
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại", max_length=12, choices=PaperKind.choices)
    signed_on = models.DateField("ngày ký")
    content = models.TextField("nội dung chính", blank=True)

    class Meta:
        ordering = ["member_id", "-year", "kind"]
        verbose_name = "cam kết, kế hoạch năm"
        verbose_name_plural = "cam kết, kế hoạch năm"
        indexes = [models.Index(fields=["org", "year", "kind"])]
        constraints = [models.UniqueConstraint(fields=["member", "year", "kind"], name="paper_once_a_year",
                                               violation_error_message="Đảng viên đã có văn bản này trong năm.")]

    def __str__(self):
        return f"{self.get_kind_display()} năm {self.year}"


class ResidenceLiaison(models.Model):
    """A working member's contact with the party cell where they live (Quy định 213-QĐ/TW; 001, 003): the letter
    introducing them and the residence cell's yearly comment confirming the two-way contact."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="residence_liaisons")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ nơi công tác")
    year = models.PositiveSmallIntegerField("năm")
    residence_cell = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name="chi bộ nơi cư trú")
    residence_cell_name = models.CharField("chi bộ nơi cư trú (ngoài hệ thống)", max_length=200, blank=True)
    introduced_on = models.DateField("ngày giới thiệu về nơi cư trú", null=True, blank=True)
    confirmed_on = models.DateField("ngày nơi cư trú nhận xét", null=True, blank=True)
    comment = models.TextField("nhận xét của chi ủy nơi cư trú", blank=True)

    class Meta:
        ordering = ["member_id", "-year"]
        verbose_name = "giữ mối liên hệ nơi cư trú"
        verbose_name_plural = "giữ mối liên hệ nơi cư trú"
        indexes = [models.Index(fields=["org", "year"])]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="liaison_once_a_year",
                                               violation_error_message="Đảng viên đã có nhận xét nơi cư trú năm này.")]

    def __str__(self):
        return f"Giữ mối liên hệ nơi cư trú năm {self.year}"


class YearTally(models.Model):
    """The figures of one org for one closed year, as the nine indicators count them (``selectors.subtree`` and
    ``selectors.member_figures`` on 31/12): what the cell held and owed, and its members' work. A country's year
    is then ≈ 300.000 rows instead of millions of meetings and members.

    Written only by ``services.year_tally_fill`` for years whose every window has closed. Database triggers
    (migration ``0002_year_tally``) delete an org's rows as soon as anything they were counted from changes —
    meetings, schedule rules, terms and committees, the tree, registrations, member facts, the member's
    tasks, papers and residence contact — whatever wrote it. A missing row is counted live, so a row is either
    exact or absent (tested against the live count after each kind of write)."""

    year = models.PositiveSmallIntegerField()
    # No foreign key: the triggers delete rows whatever happens to the org; the key below serves their deletes.
    org = models.ForeignKey("orgs.Org", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                            related_name="+")
    is_cell = models.BooleanField(default=False)  # on 31/12: the cell figures below are its own
    months_due = models.PositiveSmallIntegerField(default=0)
    months_met = models.PositiveSmallIntegerField(default=0)
    quarters_due = models.PositiveSmallIntegerField(default=0)
    quarters_met = models.PositiveSmallIntegerField(default=0)
    regular_with_committee = models.PositiveSmallIntegerField(default=0)
    prepared = models.PositiveSmallIntegerField(default=0)
    sessions = models.PositiveSmallIntegerField(default=0)
    concluded = models.PositiveSmallIntegerField(default=0)
    good = models.PositiveSmallIntegerField(default=0)
    fair = models.PositiveSmallIntegerField(default=0)
    average = models.PositiveSmallIntegerField(default=0)
    poor = models.PositiveSmallIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)
    tasked = models.PositiveIntegerField(default=0)
    committed = models.PositiveIntegerField(default=0)
    planned = models.PositiveIntegerField(default=0)
    working = models.PositiveIntegerField(default=0)
    liaised = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số liệu sinh hoạt chi bộ năm đã chốt"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="meeting_year_tally_key")]

    def __str__(self):
        return f"Số liệu năm {self.year}"
