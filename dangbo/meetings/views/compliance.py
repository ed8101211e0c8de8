"""Compliance and statistics pages of cell meetings: the alerts of a subtree and a period (grouped by kind, each
row linking to the record to fix, paginated, with an XLSX), and the rating of meetings per month and per child
with the 002-style sentences. Thin: every figure comes from ``selectors.alerts`` / ``selectors.stats`` and the
indicators."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.periods import parse_period, year
from dangbo.core.views import get_or_404
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.meetings import paragraphs
from dangbo.meetings.exports import compliance as compliance_xlsx
from dangbo.meetings.selectors import alerts as alert_selectors
from dangbo.meetings.selectors import stats
from dangbo.members.models import Member
from dangbo.orgs import selectors as org_selectors
from dangbo.targets.registry import measure, shared

PAGE = 50


def _org(request):
    """The org of ``?org=`` (404 when out of scope), else the top of the user's scope (None if they have none)."""
    pk = request.GET.get("org")
    if pk:
        return get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    return org_selectors.org_roots(user=request.user).first()


def _parsed(request, name: str, label: str, parse, default):
    """``?name=`` parsed, or ``default`` — with the parser's message naming the field when it is not valid."""
    raw = (request.GET.get(name) or "").strip()
    if raw:
        try:
            return parse(raw)
        except ValueError as exc:
            messages.error(request, f"{label}: {exc}")
    return default


def _period(request):
    return _parsed(request, "ky", "Kỳ", parse_period, year(today().year))


def _as_of(request):
    return _parsed(request, "den_ngay", "Tính đến ngày", parse_date, today())


def _links(user, alerts) -> dict[tuple[str, int], str]:
    """(record, id) -> the page to fix it: the meeting, the cell's meetings, or the member's page when the user
    may read that member (one query for the page's rows)."""
    out = {}
    members = {a.member_id for a in alerts if a.member_id}
    readable = set(Member.objects.filter(scope_for(user).member_q(), pk__in=members).values_list("pk", flat=True))
    for a in alerts:
        key = (a.record, a.record_id)
        if a.record == "member":
            if a.member_id in readable:
                out[key] = reverse("members:detail", args=[a.member_id])
        elif a.record == "meeting":
            out[key] = reverse("meetings:detail", args=[a.meeting_id])
        else:
            out[key] = reverse("meetings:cell", args=[a.cell_id])
    return out


def _query(org, period, **extra) -> str:
    return urlencode({"org": org.pk, "ky": period.label, **extra})


def _alerts(request):
    org = _org(request)
    if org is None:
        return None, None, None, []
    period, as_of = _period(request), _as_of(request)
    found = get_or_404(alert_selectors.compliance_alerts, user=request.user, org=org, period=period, as_of=as_of)
    return org, period, as_of, found


@login_required
def alerts_page(request):
    org, period, as_of, found = _alerts(request)
    if org is None:
        return render(request, "meetings/compliance/no_scope.html")
    kind = request.GET.get("loai", "")
    counts = dict.fromkeys(alert_selectors.KINDS, 0)
    for a in found:
        counts[a.kind] += 1
    shown = [a for a in found if a.kind == kind] if kind in counts else found
    page = Paginator(shown, PAGE).get_page(request.GET.get("page"))
    links = _links(request.user, page.object_list)
    rows = [(a, links.get((a.record, a.record_id))) for a in page.object_list]
    query = _query(org, period, den_ngay=format_date(as_of))
    return render(request, "meetings/compliance/alerts.html", {
        "org": org, "period": period, "as_of": as_of, "rows": rows, "page": page, "kind": kind,
        "kinds": [(k, label, counts[k]) for k, label in alert_selectors.KINDS.items()], "total": len(found),
        "query": query, "ancestors": org_selectors.org_ancestors(user=request.user, org=org),
    })


@login_required
def alerts_export(request):
    org, period, as_of, found = _alerts(request)
    if org is None:
        raise Http404()
    kind = request.GET.get("loai", "")
    if kind in alert_selectors.KINDS:
        found = [a for a in found if a.kind == kind]
    title = f"{org.name} — {period.label}, tính đến ngày {format_date(as_of)}"
    response = HttpResponse(compliance_xlsx.alerts_xlsx(found, title=title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="canh-bao-sinh-hoat-{org.pk}.xlsx"'
    return response


def _ratings(request):
    org = _org(request)
    if org is None:
        return None, None, []
    period = _period(request)
    dist = get_or_404(stats.distribution, user=request.user, org=org, period=period, as_of=today())
    with shared():
        measures = {code: measure(code, org=org, period=period) for code in paragraphs.CODES}
    groups = stats.level_groups(org=org, period=period, as_of=today())
    return org, dist, paragraphs.sentences(measures, groups)


@login_required
def ratings_page(request):
    org, dist, sentences = _ratings(request)
    if org is None:
        return render(request, "meetings/compliance/no_scope.html")
    readable = set(org_selectors.org_queryset(user=request.user).filter(
        pk__in=[row.org_id for row in dist.children]).values_list("pk", flat=True))
    return render(request, "meetings/compliance/ratings.html", {
        "org": org, "dist": dist, "period": dist.period, "sentences": sentences, "readable": readable,
        "levels": compliance_xlsx.LEVEL_COLUMNS, "query": _query(org, dist.period),
        "ancestors": org_selectors.org_ancestors(user=request.user, org=org),
    })


@login_required
def ratings_export(request):
    org, dist, sentences = _ratings(request)
    if org is None:
        raise Http404()
    response = HttpResponse(compliance_xlsx.ratings_xlsx(dist, sentences), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="xep-loai-sinh-hoat-{org.pk}.xlsx"'
    return response
