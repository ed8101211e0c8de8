import datetime as dt
import operator
from functools import reduce

from django.db.models import Q, QuerySet
from django.utils import timezone

from dangbo.accounts.audit import CONFIDENTIAL_MODELS
from dangbo.accounts.models import ApiToken, AuditEntry
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import OutOfScope
from dangbo.core.text import fold

AUDIT_PAGE = 50
EXPORT_LIMIT = 20_000  # one export, one request: beyond that, narrow the filters


def _actors_matching(text: str) -> list[int]:
    """Users whose username or name contains every word typed, accents and case aside (users are few)."""
    from django.contrib.auth import get_user_model

    words = fold(text).split()
    users = get_user_model().objects.values_list("pk", "username", "last_name", "first_name")
    return [pk for pk, *names in users if all(w in fold(" ".join(names)) for w in words)]


def audit_list(*, user, model: str = "", object_id: str = "", actor: str = "", action: str = "", org=None,
               obj: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None,
               before_id: int | None = None) -> QuerySet[AuditEntry]:
    """Audit entries about objects in the user's read scope (a member sees none but their own record's), newest
    first, narrowed by who (username or name), action, an org's subtree (``org`` must come from a scoped
    selector), the object (its name or model and id), a date range (local dates, inclusive) and a keyset cursor
    (``before_id``: entries older than that one)."""
    scope = scope_for(user)
    qs = AuditEntry.objects.select_related("actor")
    if not scope.is_admin:
        qs = qs.filter(scope.org_q(field="org_path")).exclude(org_path="") if scope.read_paths else qs.none()
    if CONFIDENTIAL_MODELS:
        # Confidential records' entries (their writes and reads): only for inspection grants over their org, not
        # for admins nor org commissions of the tree (RULES.md K5).
        secret = Q(model__in=sorted(CONFIDENTIAL_MODELS))
        qs = qs.filter(~secret | (secret & scope.inspection_q("org_path")))
    if model:
        qs = qs.filter(model=model)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if actor.strip():
        qs = qs.filter(actor_id__in=_actors_matching(actor))
    if action:
        qs = qs.filter(action=action)
    if org is not None:
        qs = qs.filter(org_path__startswith=org.path)
    if obj.strip():
        # SQLite compares case-sensitively here (PRAGMA case_sensitive_like): try the cases names are written in.
        text = obj.strip()
        qs = qs.filter(reduce(operator.or_, (Q(object_repr__contains=v) for v in
                                             {text, text.lower(), text.capitalize(), text.title()})))
    # local days as a range of instants, so that the index on ``at`` serves it
    if date_from:
        qs = qs.filter(at__gte=timezone.make_aware(dt.datetime.combine(date_from, dt.time.min)))
    if date_to:
        qs = qs.filter(at__lt=timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)))
    if before_id:
        qs = qs.filter(id__lt=before_id)
    # ids grow with ``at`` (auto_now_add): ordering by id is the keyset the cursor pages on.
    return qs.order_by("-id")


def token_list(*, user) -> QuerySet[ApiToken]:
    """The user's own API tokens (an admin's list is also only their own: tokens are personal)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get(*, user, pk) -> ApiToken:
    """One token of the user's own, or anyone's for an admin."""
    qs = ApiToken.objects.select_related("user")
    if not scope_for(user).is_admin:
        qs = qs.filter(user=user)
    try:
        return qs.get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def token_owner(*, digest: str):
    """The active user holding a live token with this digest, or None (authentication, before any scope)."""
    token = ApiToken.objects.select_related("user").filter(
        digest=digest, revoked_at__isnull=True, user__is_active=True).first()
    return token.user if token else None


def user_get(*, user, pk):
    """The acting user themself, or any user for an admin (whom an admin may issue a token to)."""
    from django.contrib.auth import get_user_model

    if pk == user.pk:
        return user
    if not scope_for(user).is_admin:
        raise OutOfScope()
    try:
        return get_user_model().objects.get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc



def user_for_reset(*, user, pk):
    """A user an administrator may issue a reset link for: anyone, for an administrator only. Users are not
    managed by org scope (no page lists them by org), so an org commission issues none."""
    from django.contrib.auth import get_user_model

    if not scope_for(user).is_admin:
        raise OutOfScope()
    try:
        return get_user_model().objects.get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise OutOfScope() from exc
