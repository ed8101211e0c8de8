"""Rating statistics pages: the tables, charts and paragraph of one subtree and year, the XLSX of the same
figures, and the list of people or orgs behind each number. Thin: every figure comes from ``reviews.stats``."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.views import get_or_404
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.orgs import selectors as org_selectors
from dangbo.reviews import charts, exports, paragraphs, selectors, stats
from dangbo.reviews.choices import LEVEL_SHORT, Exclusion, Level

LEVEL_COLUMNS = [(level, LEVEL_SHORT[level], Level(level).label) for level in stats.LEVELS]
POPULATIONS = [(pop, stats.POPULATION_LABELS[pop]) for pop in stats.POPULATIONS]
# Child orgs per page of the stats page: every figure of a row is a link (≈ 1,8 KB a row, three tables), so a
# district's 149 children weighed 741 KB; 8 a page keeps a province's page, with its long breakdowns by kind,
# under 200 KB (the XLSX and the API keep every child).
CHILDREN_PER_PAGE = 8


def _org(request):
    """The org of ``?org=`` (404 when out of scope), else the top of the user's scope (None if they have none)."""
    pk = request.GET.get("org")
    if pk:
        return get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    return org_selectors.org_roots(user=request.user).first()


def _year(request, org) -> int:
    raw = request.GET.get("year")
    if raw:
        try:
            return stats.check_year(raw)
        except DomainError as exc:
            messages.error(request, exc.message)
    return stats.default_year(org=org)


def _no_scope(request):
    return render(request, "reviews/stats/no_scope.html", status=200)


def _base_query(org, year) -> str:
    return urlencode({"org": org.pk, "year": year})


@login_required
def stats_page(request):
    org = _org(request)
    if org is None:
        return _no_scope(request)
    year = _year(request, org)
    figures = get_or_404(stats.rating_stats, user=request.user, org=org, year=year)
    exceptions = selectors.quota_exceptions(user=request.user, org=org, year=year)
    return render(request, "reviews/stats/page.html", {
        "quota_exceptions": exceptions, "quota_summary": selectors.quota_summary(exceptions, year),
        "org": org, "year": year, "s": figures, "paragraphs": paragraphs.for_stats(figures),
        "page": Paginator(figures.children, CHILDREN_PER_PAGE).get_page(request.GET.get("page")),
        "populations": POPULATIONS, "levels": LEVEL_COLUMNS, "exclusions": Exclusion.choices,
        "charts": [charts.stacked_bars(label, [(str(y), f[pop]) for y, f in figures.years])
                   for pop, label in POPULATIONS],
        "ancestors": org_selectors.org_ancestors(user=request.user, org=org),
        "query": _base_query(org, year),
        "years": [(y, f, _base_query(org, y)) for y, f in figures.years],
    })


@login_required
def stats_export(request):
    org = _org(request)
    if org is None:
        raise Http404()
    year = _year(request, org)
    figures = get_or_404(stats.rating_stats, user=request.user, org=org, year=year)
    summary = selectors.quota_summary(selectors.quota_exceptions(user=request.user, org=org, year=year), year)
    response = HttpResponse(exports.stats_xlsx(figures, paragraphs.for_stats(figures), summary), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="thong-ke-xep-loai-{year}-{org.pk}.xlsx"'
    return response


@login_required
def stats_people(request):
    org = _org(request)
    if org is None:
        return _no_scope(request)
    year = _year(request, org)
    g = request.GET
    population = g.get("population") or stats.MEMBER
    selection = g.get("level") or "all"
    try:
        people = stats.rating_people(user=request.user, org=org, year=year, population=population,
                                     selection=selection, reason=g.get("reason", ""), child_id=g.get("child"),
                                     own=g.get("own") == "1", category=g.get("category", ""),
                                     kind=g.get("kind", ""), kind_group=g.get("kind_group", ""))
    except OutOfScope as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        people = None
    page = Paginator(people.rows, 50).get_page(g.get("page")) if people else None
    return render(request, "reviews/stats/people.html", {
        "org": org, "year": year, "people": people, "page": page, "population": population,
        "population_label": stats.POPULATION_LABELS.get(population, ""),
        "selection_label": stats.SELECTIONS.get(selection, ("",))[0],
        "reason_label": dict(Exclusion.choices).get(g.get("reason", ""), ""),
        "narrowed": people.narrowed if people else "",
        "is_member": population == stats.MEMBER, "query": _base_query(org, year),
    })
