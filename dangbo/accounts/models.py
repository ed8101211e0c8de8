"""Users' roles, each scoped to an org subtree, and the audit log of every write."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    ORG_COMMISSION = "org_commission", "Ban tổ chức (đọc, ghi toàn bộ cây)"
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ (chi bộ của mình)"
    INSPECTION = "inspection", "Ủy ban kiểm tra (đọc; ghi hồ sơ kiểm tra, giám sát)"
    MEMBER = "member", "Đảng viên (hồ sơ của mình)"


WRITE_ROLES = {Role.ADMIN, Role.ORG_COMMISSION, Role.CELL_SECRETARY}
READ_ROLES = WRITE_ROLES | {Role.INSPECTION}


class Grant(models.Model):
    """A role given to a user over one org and everything below it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="grants", verbose_name="tổ chức"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="grants",
        verbose_name="hồ sơ đảng viên",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "role", "id"]
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(org__isnull=False) | models.Q(member__isnull=False),
                name="grant_has_scope",
                violation_error_message="Vai trò phải gắn với một tổ chức hoặc một hồ sơ đảng viên.",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.org or self.member or 'toàn hệ thống'}"


class AuditEntry(models.Model):
    """Who changed what, when, before → after. Written by ``accounts.audit.record`` inside every service."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=60)
    model = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=255)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    request_id = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


class ApiToken(models.Model):
    """A bearer token for scripts calling the API. Only its SHA-256 is stored: the token itself is shown once,
    when issued, and a leaked database cannot be replayed against the API."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("tên gợi nhớ", max_length=80)
    prefix = models.CharField("đầu mã", max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        ordering = ["user_id", "-created_at", "-id"]
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginFailure(models.Model):
    """One failed login, by client address: the throttle across usernames (``accounts.throttle``). In the database
    because the web server runs several processes; rows older than the window are pruned as new ones come."""

    address = models.GenericIPAddressField("địa chỉ máy")
    username = models.CharField("tên đăng nhập đã gõ", max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address", "at"]), models.Index(fields=["at"])]
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "lần đăng nhập sai"

    def __str__(self):
        return f"{self.address} {self.username} {self.at:%d/%m/%Y %H:%M}"
