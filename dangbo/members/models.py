"""The member registry. A member's state is derived from an append-only history of dated events."""

from django.conf import settings
from django.db import models
from django.db.models import Lookup, Q

from dangbo.core.text import word_prefix_pattern
from dangbo.members.choices import (
    DisciplineForm,
    EducationLevel,
    EventKind,
    Gender,
    GeneralEducation,
    LeaveReason,
    MemberCategory,
    MemberStatus,
    PoliticalTheory,
    PostKind,
    RegistrationKind,
)


class Person(models.Model):
    """Who someone is, as the party's records state it (2-HSĐV): a member, and a candidate before admission."""

    full_name = models.CharField("họ và tên", max_length=120)
    date_of_birth = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=40, blank=True, default="Không")
    hometown = models.CharField("quê quán", max_length=200, blank=True)
    residence = models.CharField("nơi cư trú", max_length=200, blank=True)
    cccd = models.CharField("số CCCD", max_length=12, unique=True, null=True, blank=True)

    class Meta:
        abstract = True


class Member(Person):
    """A party member. ``status``, ``org`` and the dates are a projection of ``LifecycleEvent`` rows,
    rebuilt by ``members.services.member_rebuild`` (and ``manage.py rebuild_projections``)."""

    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    # The folded name, CCCD and card number, searched by word starts in order (``search_text__words``, one
    # LIKE '% nguyen% van% an%'): no B-tree index can serve a pattern that may start mid-text, so none is kept;
    # on PostgreSQL a trigram GIN index on the LIKE's expression does (migration members 0006).
    # Why: docs/data-model.md, "Searching members".
    search_text = models.CharField(max_length=400, editable=False)
    card_number = models.CharField("số thẻ đảng viên", max_length=20, blank=True)
    profile_number = models.CharField("số lý lịch", max_length=12, blank=True)
    general_education = models.CharField(
        "giáo dục phổ thông", max_length=12, choices=GeneralEducation.choices, blank=True
    )
    education_level = models.CharField(
        "trình độ chuyên môn", max_length=12, choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    political_theory = models.CharField(
        "lý luận chính trị", max_length=12, choices=PoliticalTheory.choices, default=PoliticalTheory.NONE
    )
    occupation = models.CharField("nghề nghiệp", max_length=120, blank=True)
    category = models.CharField("đối tượng", max_length=12, choices=MemberCategory.choices, default=MemberCategory.OTHER)
    is_youth_union = models.BooleanField("đoàn viên khi vào Đảng", default=False)

    # Projection of the lifecycle (never edited directly).
    status = models.CharField("trạng thái", max_length=16, choices=MemberStatus.choices, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="members", null=True, editable=False,
        verbose_name="chi bộ sinh hoạt", db_index=False,  # (org, status) below leads with it
    )
    is_exempt = models.BooleanField("miễn công tác và sinh hoạt", default=False, editable=False)
    admitted_on = models.DateField("ngày vào Đảng", null=True, editable=False)
    official_on = models.DateField("ngày chính thức", null=True, editable=False)
    left_on = models.DateField("ngày ra khỏi danh sách", null=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [models.Index(fields=["org", "status"]), models.Index(fields=["status", "sort_key"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(cccd__isnull=True) | Q(cccd__regex=r"^[0-9]{12}$"),
                name="member_cccd_12_digits",
                violation_error_message="Số CCCD phải gồm đúng 12 chữ số.",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


class MemberTally(models.Model):
    """How many members of each org sit in each (status, exempt): what an org page's counts and the API's list
    count read, so a province's figures add up a few rows per org instead of grouping its hundred thousand
    members.

    Written only by database triggers on ``members_member`` (migration ``0007_member_tally``), so every write
    path — services, imports, ``bulk_create``, raw loads — keeps it exact; nothing in Python writes it. Members
    without an org are not counted (no subtree holds them). A bulk load that drops the triggers
    (``demo.writer.sqlite_bulk_mode``) counts the table again afterwards. A test compares it with a GROUP BY over
    the members after inserts, updates and deletes.
    """

    # No constraint or index of its own: the members' foreign key guards the org, the key below leads the reads.
    org = models.ForeignKey("orgs.Org", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                            related_name="+")
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    is_exempt = models.BooleanField()
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = "số đảng viên theo tổ chức và trạng thái"
        constraints = [
            # The triggers' upsert target; also a subtree's reads (org_id IN …).
            models.UniqueConstraint(fields=["org", "status", "is_exempt"], name="member_tally_key"),
        ]
        indexes = [
            # The same with ``n``: a subtree's counts are read from the index alone.
            models.Index(fields=["org", "status", "is_exempt", "n"], name="member_tally_read"),
        ]

    def __str__(self):
        return f"{self.org_id} {self.status}{' miễn' if self.is_exempt else ''}: {self.n}"


class WordPrefixes(Lookup):
    """``field__words="nguyen van an"``: the field's words start with the query's words, in order (the text is
    already folded; ``core.text.word_prefix_pattern`` folds the query). One LIKE on ``' ' || field``, the same
    SQL on SQLite and PostgreSQL."""

    lookup_name = "words"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [word_prefix_pattern(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"(' ' || {lhs}) LIKE {rhs}", [*lhs_params, *rhs_params]


Member._meta.get_field("search_text").register_lookup(WordPrefixes)


class LifecycleEvent(models.Model):
    """One dated fact of a membership, carrying its org. Append-only: a correction is a new row that
    ``supersedes`` the wrong one."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("sự kiện", max_length=16, choices=EventKind.choices)
    date = models.DateField("ngày")
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="member_events", verbose_name="tổ chức", null=True,
        db_index=False,  # (org, kind, date) below leads with it
    )
    external_org = models.CharField("tổ chức ngoài hệ thống", max_length=255, blank=True)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    decided_by = models.CharField("cơ quan quyết định", max_length=200, blank=True)
    note = models.TextField("ghi chú", blank=True)
    considered_on = models.DateField("ngày chi bộ xét kết nạp", null=True, blank=True,
                                     help_text="tuổi đời tính đến ngày này (RULES.md M1); trống: ngày của sự kiện")
    # db_default: the demo writer and other bulk loaders insert events without this column.
    leave_reason = models.CharField("lý do ra khỏi Đảng", max_length=16, choices=LeaveReason.choices, blank=True,
                                    default="", db_default="")
    record_cleared_on = models.DateField("ngày được xóa án tích", null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by",
        verbose_name="đính chính sự kiện",
    )
    is_void = models.BooleanField("hủy (đính chính)", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["member_id", "date", "id"]
        verbose_name = "sự kiện sinh hoạt đảng"
        verbose_name_plural = "sự kiện sinh hoạt đảng"
        indexes = [models.Index(fields=["kind", "date"]), models.Index(fields=["org", "kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class EventApproval(models.Model):
    """A written approval a lifecycle fact depends on (over-60 admission, re-admission: the provincial standing
    committee's letter), or — for records imported as already decided — a flag that the rule of their date was
    not met and no approval was recorded (``is_flag``). Kept with the fact, audited, never edited."""

    event = models.ForeignKey(LifecycleEvent, on_delete=models.PROTECT, related_name="approvals")
    rule = models.CharField("quy tắc", max_length=8)
    citation = models.CharField("căn cứ", max_length=255)
    decision_ref = models.CharField("số văn bản", max_length=80, blank=True)
    decided_on = models.DateField("ngày văn bản", null=True, blank=True)
    decided_by = models.CharField("cơ quan đồng ý", max_length=200, blank=True)
    reason = models.TextField("lý do")
    is_flag = models.BooleanField("đánh dấu (hồ sơ nhập, chưa có văn bản)", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["event_id", "id"]
        verbose_name = "văn bản đồng ý (ngoại lệ)"
        verbose_name_plural = "văn bản đồng ý (ngoại lệ)"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_flag=True) | (Q(decided_on__isnull=False) & ~Q(decision_ref="")),
                name="event_approval_has_letter",
                violation_error_message="Văn bản đồng ý phải có số và ngày.",
            )
        ]

    def __str__(self):
        return f"{self.rule} {self.decision_ref}".strip()


class Registration(models.Model):
    """Projection: which org a member was registered in (sinh hoạt) from ``valid_from`` to ``valid_to``
    (exclusive). "Members of X's subtree on date D" joins this with ``OrgPlacement``."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="registrations")
    # (org, kind, valid_from) below leads with it: a separate index would only slow every load.
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="registrations", db_index=False)
    kind = models.CharField(max_length=10, choices=RegistrationKind.choices)
    is_probationary = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member_id", "valid_from"]
        indexes = [models.Index(fields=["org", "kind", "valid_from"]), models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self):
        return f"{self.member_id}@{self.org_id} {self.valid_from}–{self.valid_to or ''}"


class MemberPost(models.Model):
    """A post outside the committee: trưởng thôn, thủ trưởng cơ quan, chủ tịch HĐND/UBND, …"""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts")
    kind = models.CharField("chức vụ", max_length=20, choices=PostKind.choices)
    title = models.CharField("ghi rõ", max_length=200, blank=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["member_id", "starts_on"]
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"

    def __str__(self):
        return self.title or self.get_kind_display()


class DisciplineDecision(models.Model):
    """Kỷ luật of a member or an org, with date, deciding body and reason."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="disciplines")
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="disciplines",
        help_text="the org disciplined, or for a member the org they belonged to",
    )
    is_org_discipline = models.BooleanField(default=False)
    form = models.CharField("hình thức", max_length=12, choices=DisciplineForm.choices)
    date = models.DateField("ngày quyết định")
    decided_by = models.CharField("cấp quyết định", max_length=200)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    reason = models.TextField("lý do")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = "quyết định kỷ luật"
        verbose_name_plural = "quyết định kỷ luật"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_org_discipline=True) | Q(member__isnull=False),
                name="discipline_has_subject",
                violation_error_message="Quyết định kỷ luật phải ghi rõ đảng viên hoặc tổ chức.",
            )
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.date:%d/%m/%Y}"
