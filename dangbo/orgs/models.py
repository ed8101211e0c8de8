"""The party organization tree, with its history.

The current tree is a materialised path (django-treebeard ``MP_Node``): subtree reads are one indexed
``path LIKE 'prefix%'``. History lives in ``OrgPlacement``: every position an org has held, with the path it
had and the dates it held it, so "the tree on date D" is the same prefix query filtered by validity.
See docs/decisions/0001-org-tree.md.
"""

from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node


class OrgLevel(models.Model):
    """A tier of the tree (cấp tỉnh, cấp huyện, cấp cơ sở, …). Data, not code: the 2025 reform removed one."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên cấp", max_length=120)
    rank = models.PositiveSmallIntegerField("thứ bậc", help_text="1 là cấp cao nhất")
    abolished_on = models.DateField("bãi bỏ từ ngày", null=True, blank=True)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = "cấp tổ chức"
        verbose_name_plural = "cấp tổ chức"

    def __str__(self):
        return self.name


class OrgType(models.Model):
    """What an org is: đảng bộ tỉnh, đảng ủy khối, đảng bộ cơ sở, chi bộ trực thuộc, tổ đảng, …"""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=120)
    level = models.ForeignKey(OrgLevel, on_delete=models.PROTECT, related_name="types", verbose_name="cấp")
    is_grassroots = models.BooleanField("là tổ chức cơ sở đảng", default=False)
    is_cell = models.BooleanField("là chi bộ (đảng viên sinh hoạt tại đây)", default=False)
    is_party_group = models.BooleanField("là tổ đảng", default=False)

    class Meta:
        ordering = ["level__rank", "code"]
        verbose_name = "loại tổ chức"
        verbose_name_plural = "loại tổ chức"

    def __str__(self):
        return self.name


class OrgKind(models.Model):
    """Loại hình cơ sở: xã, phường, thôn, cơ quan hành chính, doanh nghiệp tư nhân, quân đội, …"""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=120)
    group = models.CharField("nhóm (biểu thống kê)", max_length=120, blank=True)
    is_residential = models.BooleanField("là khu dân cư (thôn, tổ dân phố…)", default=False)
    is_private_sector = models.BooleanField("khu vực ngoài nhà nước", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "loại hình"
        verbose_name_plural = "loại hình"

    def __str__(self):
        return self.name


COMMUNE_KINDS = ("xa", "phuong", "thi_tran")


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "Đang hoạt động"
    ENDED = "ended", "Đã kết thúc hoạt động"


class Org(MP_Node):
    """A party organization at any level. Never deleted: restructuring ends it and records successors."""

    name = models.CharField("tên", max_length=255)
    search_name = models.CharField(max_length=255, db_index=True, editable=False)
    code = models.CharField("mã tổ chức", max_length=40, unique=True, null=True, blank=True)
    type = models.ForeignKey(OrgType, on_delete=models.PROTECT, related_name="orgs", verbose_name="loại tổ chức")
    kind = models.ForeignKey(
        OrgKind, on_delete=models.PROTECT, related_name="orgs", verbose_name="loại hình", null=True, blank=True
    )
    founded_on = models.DateField("ngày thành lập")
    ended_on = models.DateField("ngày kết thúc", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    place = models.CharField("địa danh (ghi trên văn bản)", max_length=120, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("founded_on")),
                name="org_end_after_start",
                violation_error_message="Ngày kết thúc phải sau ngày thành lập.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    @property
    def is_commune(self) -> bool:
        """Communes, wards and townships: the orgs that have villages / residential groups."""
        return self.type.is_grassroots and self.kind_id is not None and self.kind.code in COMMUNE_KINDS


class OrgPlacement(models.Model):
    """Where an org stood in the tree from ``valid_from`` until ``valid_to`` (exclusive; open when null)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="placements", db_index=False)  # (org, valid_from)
    parent = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    path = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["org_id", "valid_from"]
        indexes = [
            models.Index(fields=["path", "valid_from"]),
            models.Index(fields=["org", "valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="placement_interval",
                violation_error_message="Khoảng hiệu lực không hợp lệ.",
            )
        ]

    def __str__(self):
        return f"{self.name} [{self.valid_from}–{self.valid_to or ''}]"


class OrgEventKind(models.TextChoices):
    FOUND = "found", "Thành lập"
    RENAME = "rename", "Đổi tên"
    TRANSFER = "transfer", "Chuyển giao (đổi cấp trên trực tiếp)"
    MERGE = "merge", "Sáp nhập / hợp nhất"
    SPLIT = "split", "Chia tách"
    DISSOLVE = "dissolve", "Giải thể / kết thúc hoạt động"
    RECLASSIFY = "reclassify", "Đổi loại tổ chức / loại hình"


class OrgEvent(models.Model):
    """A restructuring decision. ``sources`` end or change; ``results`` are founded or receive."""

    kind = models.CharField("loại sự kiện", max_length=12, choices=OrgEventKind.choices)
    date = models.DateField("ngày hiệu lực")
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    note = models.TextField("ghi chú", blank=True)
    sources = models.ManyToManyField(Org, related_name="events_as_source", blank=True)
    results = models.ManyToManyField(Org, related_name="events_as_result", blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "sự kiện tổ chức"
        verbose_name_plural = "sự kiện tổ chức"

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Term(models.Model):
    """Nhiệm kỳ of an org's congress and committee, e.g. 2020–2025."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="terms", verbose_name="tổ chức")
    name = models.CharField("nhiệm kỳ", max_length=40)
    starts_on = models.DateField("bắt đầu")
    ends_on = models.DateField("kết thúc", null=True, blank=True)

    class Meta:
        ordering = ["org_id", "-starts_on"]
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"

    def __str__(self):
        return f"{self.org} — nhiệm kỳ {self.name}"


class Committee(models.Model):
    """Cấp ủy of an org for one term (Tỉnh ủy, Huyện ủy, Đảng ủy, Chi ủy)."""

    term = models.OneToOneField(Term, on_delete=models.PROTECT, related_name="committee")
    name = models.CharField("tên cấp ủy", max_length=120)
    has_working_rules = models.BooleanField("có quy chế làm việc", default=False)

    class Meta:
        ordering = ["term_id"]
        verbose_name = "cấp ủy"
        verbose_name_plural = "cấp ủy"

    def __str__(self):
        return f"{self.name} ({self.term.name})"


class CommitteePost(models.TextChoices):
    SECRETARY = "secretary", "Bí thư"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
    STANDING = "standing", "Ủy viên Ban Thường vụ"
    MEMBER = "member", "Cấp ủy viên"


class CommitteeSeat(models.Model):
    """A member's post in a committee, dated."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="seats")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="committee_seats")
    post = models.CharField("chức vụ", max_length=20, choices=CommitteePost.choices)
    is_full_time = models.BooleanField("chuyên trách", default=True)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["committee_id", "post", "starts_on"]
        verbose_name = "cấp ủy viên"
        verbose_name_plural = "cấp ủy viên"

    def __str__(self):
        return f"{self.get_post_display()} — {self.member}"


class Village(models.Model):
    """A residential unit (thôn, bản, tổ dân phố, …) of a commune, with its head and the cell that serves it."""

    commune = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="villages", verbose_name="đảng bộ xã/phường")
    name = models.CharField("tên", max_length=120)
    kind = models.ForeignKey(OrgKind, on_delete=models.PROTECT, verbose_name="loại")
    cell = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="served_villages", null=True, blank=True, verbose_name="chi bộ"
    )
    head_name = models.CharField("trưởng thôn / tổ trưởng", max_length=120, blank=True)
    head_member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="villages_headed",
        verbose_name="trưởng thôn là đảng viên",
    )
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = "thôn, tổ dân phố"
        verbose_name_plural = "thôn, tổ dân phố"

    def __str__(self):
        return self.name
