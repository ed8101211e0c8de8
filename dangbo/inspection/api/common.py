"""What the inspection endpoints share: the confidential records read through ``inspection.selectors`` with the
404 naming the field, and a refused write of a record the user may see turned into 403 (nothing hidden then)."""

from contextlib import contextmanager

from dangbo.core.api import Forbidden, Page
from dangbo.core.exceptions import OutOfScope
from dangbo.inspection import selectors
from dangbo.members import selectors as member_selectors
from dangbo.orgs.api import org_in_scope

TAG = "Kiểm tra, giám sát, kỷ luật đảng"
P = "/inspection"
CONFIDENTIAL_WRITE = "Bạn được xem hồ sơ này nhưng không có quyền ghi hồ sơ kiểm tra, giám sát."


def with_field(exc: OutOfScope, field: str) -> OutOfScope:
    exc.field = field
    return exc


@contextmanager
def field_of(field: str):
    """An OutOfScope raised inside names ``field`` (404)."""
    try:
        yield
    except OutOfScope as exc:
        raise with_field(exc, field) from None


@contextmanager
def writing(field: str):
    """Around a service call on a record the user has just read: a refusal there is a 403 naming ``field`` — the
    user may see it (a named official, a read-only grant), so refusing the write leaks nothing."""
    try:
        yield
    except OutOfScope:
        raise Forbidden(CONFIDENTIAL_WRITE, field=field) from None


def case_in_scope(user, pk, field: str = "case_id"):
    with field_of(field):
        return selectors.case_get(user=user, pk=pk)


def letter_in_scope(user, pk, field: str = "denunciation_id"):
    with field_of(field):
        return selectors.denunciation_get(user=user, pk=pk)


def programme_in_scope(user, pk, field: str = "programme_id"):
    with field_of(field):
        return selectors.programme_get(user=user, pk=pk)


def plan_item_in_scope(user, pk, field: str = "item_id"):
    with field_of(field):
        return selectors.plan_item_get(user=user, pk=pk)


def proposal_in_scope(user, pk, field: str = "proposal_id"):
    with field_of(field):
        return selectors.proposal_get(user=user, pk=pk)


def complaint_in_scope(user, pk, field: str = "complaint_id"):
    with field_of(field):
        return selectors.complaint_get(user=user, pk=pk)


def member_in_scope(user, pk, field: str):
    with field_of(field):
        return member_selectors.member_get(user=user, pk=pk)


def orgs_in_scope(user, pks, field: str) -> list:
    return [org_in_scope(user, pk, field) for pk in pks]


def members_in_scope(user, pks, field: str) -> list:
    return [member_in_scope(user, pk, field) for pk in pks]


class ReadPage(Page):
    """``core.api.Page`` over a confidential query: only the rows of the page are read (logged, the denouncer
    masked) — a list of thousands costs the log a page of entries, not thousands."""

    def paginate_queryset(self, queryset, pagination: Page.Input, request, **params):
        out = super().paginate_queryset(queryset, pagination, request, **params)
        out["items"] = selectors.as_read(request.auth, list(out["items"]))
        return out
