"""Reads for documents, targets and tasks — and the dashboard dataset every screen, export and report uses."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.core.numbers import format_int
from dangbo.core.periods import Period, year
from dangbo.core.text import fold
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.targets import catalog, rules
from dangbo.targets.choices import Frequency, TargetStatus, TaskStatus
from dangbo.targets.models import Document, ManualValue, Target, Task
from dangbo.targets.registry import Measure, cached, get, measure, measure_children, measure_years, shared


def document_list(*, user, q: str = "") -> QuerySet[Document]:
    """Documents whose scope the user can read, or that an org in their scope implements. ``q`` matches the
    số và ký hiệu, trích yếu or issuing body with accents and đ folded."""
    scope = scope_for(user)
    visible = scope.org_q(field="scope_org__path")
    if not scope.is_admin and scope.read_paths:
        # the resolutions above a user's subtree are what their own plans implement: show those too
        visible |= Q(implementations__scope_org__path__startswith=scope.read_paths[0])
        for p in scope.read_paths[1:]:
            visible |= Q(implementations__scope_org__path__startswith=p)
    qs = Document.objects.filter(visible).distinct().select_related("scope_org", "implements").order_by(
        "-issued_on", "reference")
    tokens = fold(q).split()
    if tokens:
        # documents are few (hundreds per province): folding in Python beats a search column to keep in sync
        rows = qs.values_list("pk", "reference", "title", "issuing_body")
        qs = qs.filter(pk__in=[pk for pk, *text in rows if all(t in fold(" ".join(text)) for t in tokens)])
    return qs


def document_get(*, user, pk) -> Document:
    try:
        return document_list(user=user).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def document_chain(*, user, document: Document) -> tuple[list[Document], list[Document]]:
    """Up: what this document implements, to the top. Down: what implements it (visible ones)."""
    up, seen = [], {document.pk}
    current = document.implements
    while current is not None and current.pk not in seen:
        up.append(current)
        seen.add(current.pk)
        current = current.implements
    down = list(document_list(user=user).filter(implements=document))
    return up, down


def target_get(*, user, pk) -> Target:
    """A target of a document the user can see."""
    try:
        return Target.objects.select_related("document", "scope_org").get(
            pk=pk, document__in=document_list(user=user).values("pk"))
    except (Target.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def task_get(*, user, pk) -> Task:
    """A task of a document the user can see."""
    try:
        return Task.objects.select_related("document__scope_org", "responsible_org").get(
            pk=pk, document__in=document_list(user=user).values("pk"))
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def manual_values(*, user, indicator: str, org: Org) -> QuerySet[ManualValue]:
    """The values entered by hand for one indicator in ``org``'s subtree, as far as the user can read."""
    scope = scope_for(user)
    scope.require_path(org.path)
    return (ManualValue.objects.filter(scope.org_q(field="org__path"), indicator=indicator,
                                       org__path__startswith=org.path)
            .select_related("org", "entered_by").order_by("-year", "org__path"))


def tasks_of(*, user, document: Document) -> QuerySet[Task]:
    document_get(user=user, pk=document.pk)
    return Task.objects.filter(document=document).select_related("responsible_org")


def overdue_tasks(*, user, as_of: dt.date | None = None) -> QuerySet[Task]:
    day = as_of or today()
    docs = document_list(user=user).values("pk")
    return (Task.objects.filter(document__in=docs, deadline_end__lt=day).exclude(status=TaskStatus.DONE)
            .select_related("document").order_by("deadline_end", "id"))


@dataclass
class YearValue:
    year: int
    measure: Measure | None
    status: str
    running: bool = False  # the year (or term) is not over on the day counted: the status is a forecast
    projection: Fraction | None = None  # the value expected at the end of the period (or the deadline)

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label


@dataclass
class TargetRow:
    target: Target
    name: str
    available: bool
    manual: bool
    values: list[YearValue]
    current: YearValue | None  # the latest value, possibly of a year still running
    status: str  # the headline: the status of the last finished period (the running one while none has)
    headline: YearValue | None = None  # the value that status is of; the children are ranked on its period
    children: list[tuple[Org, Measure | None]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label

    @property
    def spec_text(self) -> str:
        return describe_spec(self.target)

    @property
    def spec(self) -> rules.TargetSpec:
        t = self.target
        return rules.TargetSpec(t.comparator, t.low, t.high, t.frequency)

    def child_status(self, m: Measure | None) -> str:
        """A child's value judged against the target as a finished value (the ranking's "chưa đạt")."""
        if m is None or m.exact is None:
            return TargetStatus.NO_DATA
        return rules.compare(m.exact, self.spec)


@dataclass
class Dashboard:
    document: Document
    org: Org
    as_of: dt.date
    years: list[int]
    rows: list[TargetRow]


def clip(period: Period, as_of: dt.date) -> Period:
    """A period seen from ``as_of``: counted up to that day, over the tree of that day."""
    if as_of >= period.end:
        return period
    return Period(period.kind, period.start, max(as_of, period.start), period.label)


def describe_spec(t: Target) -> str:
    unit = "%" if (get(t.indicator) is None or get(t.indicator).unit == "rate") else ""

    def fmt(v: Decimal) -> str:  # 1.800 and 96,5% the Vietnamese way
        whole, _, frac = f"{v.normalize():f}".partition(".")
        return format_int(int(whole)) + ("," + frac if frac else "") + unit
    if t.comparator == "between":
        return f"từ {fmt(t.low)} đến {fmt(t.high)}"
    return {"gte": "từ {} trở lên", "gt": "trên {}", "lte": "không quá {}", "eq": "{}"}[t.comparator].format(
        fmt(t.low))


def _children_on(org: Org, on: dt.date, user) -> list[Org]:
    scope = scope_for(user)
    ids = OrgPlacement.objects.filter(parent=org, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)).values("org_id")
    return list(Org.objects.filter(pk__in=ids).filter(scope.org_q()).select_related("type").order_by("path"))


def _term(doc: Document) -> Period:
    return Period("term", dt.date(doc.period_start, 1, 1), dt.date(doc.period_end, 12, 31),
                  f"nhiệm kỳ {doc.period_start}–{doc.period_end}")


def _year_value(y: int, m: Measure | None, verdict: rules.Verdict, complete: bool) -> YearValue:
    return YearValue(y, m, verdict.status, running=not complete, projection=verdict.projection)


def target_row(*, target: Target, org: Org, years: list[int], as_of: dt.date, doc: Document, user=None,
               with_children: bool = False) -> TargetRow:
    """One target's values (judged on exact values), its headline and, when asked, the child orgs ranked on the
    headline's period — measured in one set-based pass (``registry.measure_children``)."""
    ind = get(target.indicator)
    spec = rules.TargetSpec(target.comparator, target.low, target.high, target.frequency)
    deadline_year = target.deadline_year or doc.period_end
    deadline = dt.date(deadline_year, 12, 31)
    values: list[YearValue] = []
    if target.frequency == Frequency.TERM:
        period = _term(doc)
        m = measure(target.indicator, org=org, period=clip(period, as_of))
        elapsed = Fraction((min(as_of, period.end) - period.start).days + 1, (period.end - period.start).days + 1)
        verdict = rules.judge(spec=spec, value=m.exact if m else None, period_end=period.end, deadline=deadline,
                              as_of=as_of, elapsed_share=elapsed)
        values.append(_year_value(min(as_of.year, doc.period_end), m, verdict, as_of >= period.end))
    else:
        history: list[tuple[dt.date, Fraction]] = []
        # all the years in one grouped pass where the indicator can (``registry.measure_years``)
        measured = measure_years(target.indicator, org=org, periods=[clip(year(y), as_of) for y in years])
        for y, m in zip(years, measured, strict=True):
            end = dt.date(y, 12, 31)
            value = m.exact if m else None
            if value is not None:
                history.append((min(end, as_of), value))
            if target.frequency == Frequency.BY_DEADLINE:
                # an intermediate year is judged by the trend to the deadline as it looked at that year's end
                seen = as_of if y >= deadline_year else min(as_of, end)
                verdict = rules.judge(spec=spec, value=value, period_end=deadline, deadline=deadline, as_of=seen,
                                      history=list(history))
            else:
                verdict = rules.judge(spec=spec, value=value, period_end=end, deadline=end, as_of=as_of)
            values.append(_year_value(y, m, verdict, as_of >= end))
    current = values[-1] if values else None
    index = rules.headline([not v.running for v in values])
    headline = values[index] if index is not None else None
    children = []
    if with_children and headline is not None and ind is not None and user is not None:
        on = min(as_of, dt.date(headline.year, 12, 31))
        period = clip(_term(doc) if target.frequency == Frequency.TERM else year(headline.year), as_of)
        kids = cached(("children_on", org.pk, on, user.pk), lambda: _children_on(org, on, user))
        found = measure_children(target.indicator, org=org, period=period, kids=kids)
        children = [(kid, found.get(kid.pk)) for kid in kids]
        # ranked on exact values (4,04% above 4,0%); no value (or no base) last
        children.sort(key=lambda pair: (pair[1] is None or pair[1].exact is None,
                                        -(pair[1].exact or 0) if pair[1] is not None else 0, pair[0].path))
    return TargetRow(target=target, name=catalog.name_of(target.indicator), available=ind is not None,
                     manual=bool(ind and ind.manual), values=values, current=current,
                     status=headline.status if headline else TargetStatus.NO_DATA, headline=headline,
                     children=children)


def dashboard(*, user, document: Document, org: Org | None = None, as_of: dt.date | None = None,
              with_children: bool = True) -> Dashboard:
    """Each target's value per year, its status and, for the latest year, the child orgs ranked.
    For a past ``as_of`` every figure is counted over the tree as it stood then."""
    document_get(user=user, pk=document.pk)
    org = org or document.scope_org
    scope_for(user).require_path(org.path)
    day = as_of or today()
    last = min(document.period_end, day.year)
    years = list(range(document.period_start, last + 1)) if last >= document.period_start else []
    with shared():  # targets on the same figures (the rating ones) share one read of them
        rows = [target_row(target=t, org=org, years=years, as_of=day, doc=document, user=user,
                           with_children=with_children)
                for t in document.targets.all().order_by("order", "id")]
    return Dashboard(document=document, org=org, as_of=day, years=years, rows=rows)
