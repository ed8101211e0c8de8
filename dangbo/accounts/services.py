"""Writes of the accounts app: API tokens (issue, revoke), atomic and audited."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from dangbo.accounts import audit
from dangbo.accounts.models import ApiToken
from dangbo.accounts.scope import scope_for
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
