"""Reads of the finalised forms (issue 10, Deliver 5), always through the acting user's scope: an org's snapshots
for a period, which children of an org have finalised their forms, and a snapshot compared with the figures the
system computes now, with the lifecycle events recorded after it ("changes after finalisation")."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from dangbo.accounts.scope import scope_for
from dangbo.core import periods
from dangbo.core.dates import format_date
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.core.periods import Period
from dangbo.members.models import LifecycleEvent
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import subtree_ids, subtree_org_ids_on
from dangbo.statforms import tables
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.models import FormSnapshot


def _visible(user) -> QuerySet[FormSnapshot]:
    return FormSnapshot.objects.filter(scope_for(user).org_q(field="org__path")).select_related(
        "org", "finalised_by")


def snapshots_of(*, user, org: Org, period: Period, code: str | None = None) -> QuerySet[FormSnapshot]:
    """Every snapshot of ``org`` for exactly ``period`` (of form ``code``), the latest first (superseded kept)."""
    scope_for(user).require_path(org.path)
    qs = FormSnapshot.objects.filter(org=org, start=period.start, end=period.end).select_related("finalised_by")
    if code is not None:
        qs = qs.filter(form=code)
    return qs.order_by("-id")


def snapshot_current(*, user, org: Org, code: str, period: Period) -> FormSnapshot | None:
    """The snapshot in force (the latest) of the form ``code`` of ``org`` for ``period``, or None."""
    return snapshots_of(user=user, org=org, period=period, code=code).first()


def snapshot_get(*, user, pk) -> FormSnapshot:
    return get_or_out_of_scope(_visible(user), pk=pk)


def is_superseded(snapshot: FormSnapshot) -> bool:
    return FormSnapshot.objects.filter(supersedes=snapshot).exists()


def period_of(snapshot: FormSnapshot) -> Period:
    return Period(snapshot.period_kind, snapshot.start, snapshot.end, snapshot.period_label)


def period_between(start: dt.date, end: dt.date, *, end_field: str = "end") -> Period:
    """The period ``start``…``end`` as the forms name it: the first half or the whole of a year when it is one,
    else a chosen range (refused naming ``end_field`` when reversed or longer than two years)."""
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 6, 30):
        return periods.half(start.year, 1)
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        return periods.year(start.year)
    return tables.checked(start, end, end_field=end_field)


def finaliser_name(snapshot: FormSnapshot) -> str:
    user = snapshot.finalised_by
    if user is None:
        return "hệ thống"
    return user.get_full_name() or user.get_username()


def finalised_when(snapshot: FormSnapshot) -> str:
    at = timezone.localtime(snapshot.finalised_at)
    return f"{format_date(at.date())} lúc {at:%H:%M}"


# --- the children's status ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormStatus:
    code: str
    number: str
    snapshot: FormSnapshot | None


@dataclass(frozen=True)
class ChildStatus:
    org_id: int
    name: str  # the child's name on the period's end
    forms: list[FormStatus]

    @property
    def done(self) -> int:
        return sum(1 for f in self.forms if f.snapshot is not None)

    @property
    def complete(self) -> bool:
        return self.done == len(self.forms)


def children_status(*, user, org: Org, period: Period) -> list[ChildStatus]:
    """The orgs directly under ``org`` in the tree as it stood on the period's end (those the user sees), each with
    the forms of the guidance in force then and the latest snapshot of each for exactly this period. Two reads,
    however many children."""
    scope = scope_for(user)
    scope.require_path(org.path)
    on = period.end
    forms = guidance_on(on).forms
    placements = list(
        OrgPlacement.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on, parent=org)
        .filter(scope.org_q(field="org__path")).order_by("path").values_list("org_id", "name"))
    latest: dict[tuple[int, str], FormSnapshot] = {}
    snapshots = (FormSnapshot.objects.filter(org_id__in=[pk for pk, _ in placements], start=period.start,
                                             end=period.end, form__in=list(forms))
                 .select_related("finalised_by").order_by("org_id", "form", "id"))
    for snap in snapshots:
        latest[(snap.org_id, snap.form)] = snap  # ascending ids: the last one is in force
    return [ChildStatus(pk, name, [FormStatus(code, form.number, latest.get((pk, code))) for code, form in
                                   forms.items()]) for pk, name in placements]


# --- frozen vs now ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    key: str
    label: str
    frozen: int | None  # None: the cell was not on the form when it was finalised
    now: int | None  # None: the cell is no longer on the form


@dataclass
class Comparison:
    snapshot: FormSnapshot
    table: tables.Table
    changes: list[Change] = field(default_factory=list)
    events: QuerySet | None = None  # LifecycleEvent recorded after finalisation, dated inside the period


def events_after(snapshot: FormSnapshot) -> QuerySet[LifecycleEvent]:
    """The lifecycle events (not void) recorded after ``snapshot`` was finalised whose date falls inside its
    period, for members of the org's subtree (now, or as the event's org on the period's end). Unscoped: callers
    checked the snapshot's org is in scope."""
    org = snapshot.org
    inside = Q(member__org_id__in=subtree_ids(org)) | Q(org_id__in=subtree_org_ids_on(org=org, on=snapshot.end))
    return (LifecycleEvent.objects.filter(inside, is_void=False, created_at__gt=snapshot.finalised_at,
                                          date__gte=snapshot.start, date__lte=snapshot.end)
            .select_related("member", "org").order_by("created_at", "id"))


def compare(*, user, snapshot: FormSnapshot) -> Comparison:
    """The snapshot's frozen figures against the form recomputed now through the user's scope: every cell whose
    figure differs (in the frozen words of the cell), and the events recorded after finalisation."""
    scope_for(user).require_path(snapshot.org.path)
    table = tables.form_table(user=user, org=snapshot.org, code=snapshot.form, period=period_of(snapshot))
    now = table.figures()
    frozen = {k: int(v) for k, v in snapshot.figures.items()}
    keys = list(frozen) + [k for k in now if k not in frozen]
    changes = [Change(k, snapshot.labels.get(k) or table.label_of(k), frozen.get(k), now.get(k))
               for k in keys if frozen.get(k) != now.get(k)]
    return Comparison(snapshot, table, changes, events_after(snapshot))
