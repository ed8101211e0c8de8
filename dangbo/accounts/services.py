"""Writes of the accounts app: API tokens (issue, revoke), passwords (changed, reset by a one-time link), failed
logins by address. Atomic and audited (but failed logins: they are the security log themselves)."""

import hashlib
import secrets

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from dangbo.accounts import audit, throttle
from dangbo.accounts.models import ApiToken, LoginFailure
from dangbo.accounts.scope import scope_for
from dangbo.accounts.tokens import reset_tokens
from dangbo.core.exceptions import DomainError, OutOfScope

PREFIX_LENGTH = 8


def token_digest(raw: str) -> str:
    """A plain SHA-256 suffices: the token is 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _require_self_or_admin(actor, user) -> None:
    if actor is not None and actor.pk != user.pk and not scope_for(actor).is_admin:
        raise OutOfScope()


@transaction.atomic
def token_issue(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` (the actor's own, or anyone's for an admin; ``actor=None`` is the shell).
    Returns the row and the raw token, which is never stored and cannot be shown again."""
    _require_self_or_admin(actor, user)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Phải đặt tên gợi nhớ cho mã truy cập (ví dụ: “script báo cáo tháng”).", field="name")
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise DomainError("Tên gợi nhớ dài quá 80 ký tự.", field="name")
    if not user.is_active:
        raise DomainError(f"Tài khoản {user.get_username()} đã bị khóa, không cấp mã truy cập.", field="user")
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:PREFIX_LENGTH], digest=token_digest(raw))
    audit.record(actor=actor, action="api_token_issue", instance=token, before=None)
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _require_self_or_admin(actor, token.user)
    if token.revoked_at is not None:
        raise DomainError("Mã truy cập này đã bị thu hồi.", field="token")
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="api_token_revoke", instance=token, before=before)
    return token


@transaction.atomic
def password_change(*, actor, form) -> None:
    """The actor changes their own password through Django's validated form; the entry says so, never the hash."""
    user = form.user
    if actor is None or actor.pk != user.pk:
        raise OutOfScope()
    form.save()
    audit.record(actor=actor, action="password_change", instance=user, before=None)


def login_failure_record(*, address: str, username: str = "") -> None:
    """Count one failed login against ``address``; what has left the window is pruned so the table stays small."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - throttle.window()).delete()
    LoginFailure.objects.create(address=address, username=username[:150], at=now)


@transaction.atomic
def password_reset_link_issue(*, actor, user) -> tuple[str, str]:
    """A one-time link's ``(uidb64, token)`` for ``user``, issued by an administrator to hand over in person (no
    e-mail on a closed network). Nothing is stored: the token signs the user's current password hash and last
    login, so it dies with the first use or the next login, and after ``tokens.RESET_HOURS``."""
    if actor is None or not scope_for(actor).is_admin:
        raise OutOfScope()
    if not user.is_active:
        raise DomainError(f"Tài khoản {user.get_username()} đã bị khóa, không cấp liên kết đặt lại mật khẩu.",
                          field="user")
    audit.record(actor=actor, action="password_reset_link_issue", instance=user, before=None)
    return urlsafe_base64_encode(force_bytes(user.pk)), reset_tokens.make_token(user)


@transaction.atomic
def password_reset(*, form) -> None:
    """The user sets a new password through a valid link (``form``: Django's validated SetPasswordForm). Their
    failed-login locks are lifted: a locked-out user is the usual reason for the link."""
    user = form.save()
    axes_reset(username=user.get_username())
    audit.record(actor=user, action="password_reset", instance=user, before=None)
