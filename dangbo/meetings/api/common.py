"""What the meeting endpoints share: the strict input base, and the scoped reads of a cell, a meeting, a member
— 404 naming the field outside the scope, 403 where the user may read but not write."""


from dangbo.accounts.scope import scope_for
from dangbo.core.api import require_write
from dangbo.core.exceptions import OutOfScope
from dangbo.meetings import selectors
from dangbo.meetings.models import Meeting
from dangbo.members import selectors as member_selectors
from dangbo.members.models import Member
from dangbo.orgs.api import org_in_scope
from dangbo.orgs.models import Org


def org_of(user, pk, field: str | None, write: bool = False) -> Org:
    return org_in_scope(user, pk, field, write)


def cell_of(user, pk, field: str | None) -> Org:
    """A cell whose meetings the user may read: in their scope, or (a member) the cell they belong to."""
    try:
        return org_in_scope(user, pk, field)
    except OutOfScope:
        own = scope_for(user).own_member_ids
        org = (Org.objects.filter(pk__in=Member.objects.filter(pk__in=own).values("org_id")).filter(pk=pk).first()
               if own and isinstance(pk, int) else None)
        if org is None:
            raise
        return org


def meeting_of(user, pk, write: bool = False) -> Meeting:
    meeting = selectors.meeting_get(user=user, pk=pk)
    if write:
        require_write(user, meeting.org.path)
    return meeting


def member_of(user, pk, field: str | None = None, write: bool = False) -> Member:
    try:
        member = member_selectors.member_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = field
        raise
    if write:
        require_write(user, member.org.path if member.org_id else "", field=field)
    return member
