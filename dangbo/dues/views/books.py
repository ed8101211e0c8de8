"""The dues books and the arrears list of an org (FORMS.md §4, RULES D3): a cell gets S01/ĐP, a level above it
S02/ĐP; both with B01/ĐP by quarter or year, as XLSX; the notice to a member in arrears, printable or as DOCX.
The org comes through the scoped selector (404 outside)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from dangbo.core.dates import format_date, today
from dangbo.core.docx_format import CONTENT_TYPE as DOCX_TYPE
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.views import get_or_404
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.dues import book_selectors, book_xlsx, books, documents, rules
from dangbo.orgs import names
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org

T = "dues/"


def year_param(request) -> int:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 2011 <= int(raw) <= 2100 else today().year


def _book(request, org, year):
    try:
        if org.type.is_cell:
            return book_selectors.s01(user=request.user, org=org, year=year)
        return book_selectors.s02(user=request.user, org=org, year=year)
    except OutOfScope as exc:
        raise Http404(exc.message) from exc


def _org(request, pk):
    return get_or_404(org_selectors.org_get, user=request.user, pk=pk)


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def book(request, pk):
    org, year = _org(request, pk), year_param(request)
    error, found = "", None
    try:
        found = _book(request, org, year)
    except DomainError as exc:
        error = exc.message
    return render(request, T + "book.html", {
        "org": org, "year": year, "book": found, "error": error, "is_cell": org.type.is_cell,
        "rows": found.part_two() if found else [], "quarters": range(1, 5)})


@login_required
def book_download(request, pk):
    org, year = _org(request, pk), year_param(request)
    found = _book(request, org, year)
    if org.type.is_cell:
        return _download(book_xlsx.s01_xlsx(found), f"S01-DP-{org.pk}-{year}.xlsx")
    return _download(book_xlsx.s02_xlsx(found), f"S02-DP-{org.pk}-{year}.xlsx")


@login_required
def report_download(request, pk):
    """B01/ĐP of a quarter (?quy=1..4) or the year, from part II of the org's book."""
    org, year = _org(request, pk), year_param(request)
    raw = request.GET.get("quy", "")
    quarter = int(raw) if raw in ("1", "2", "3", "4") else None
    rows = books.b01(_book(request, org, year).part_two(), quarter)
    period = f"quý {quarter}/{year}" if quarter else f"năm {year}"
    return _download(book_xlsx.b01_xlsx(org.name, period, rows),
                     f"B01-DP-{org.pk}-{year}{f'-Q{quarter}' if quarter else ''}.xlsx")


def _until(year: int) -> dt.date:
    """Arrears count the months already past: this year's up to the previous month."""
    now = today()
    return rules.add_months(rules.month_start(now), -1) if year == now.year else dt.date(year, 12, 1)


def _arrears(request, org, year):
    try:
        return book_selectors.arrears(user=request.user, org=org, year=year, until=_until(year))
    except OutOfScope as exc:
        raise Http404(exc.message) from exc


@login_required
def arrears(request, pk):
    org, year = _org(request, pk), year_param(request)
    found = _arrears(request, org, year)
    return render(request, T + "arrears.html", {
        "org": org, "year": year, "rows": found, "to_consider": sum(a.to_consider for a in found)})


def _arrear(request, pk, member_pk):
    org, year = _org(request, pk), year_param(request)
    found = next((a for a in _arrears(request, org, year) if a.member.pk == member_pk), None)
    if found is None:
        raise Http404("Đảng viên không có tháng nợ đảng phí trong năm này.")
    return org, year, found


@login_required
def notice(request, pk, member_pk):
    """A printable notice to the member from the cell's secretary (RULES D3): the months unpaid and the rule."""
    org, year, found = _arrear(request, pk, member_pk)
    return render(request, T + "notice.html", {"org": found.org, "asked": org, "year": year, "item": found,
                                               "today": format_date(today())})


@login_required
def notice_docx(request, pk, member_pk):
    """The same notice as DOCX in the party document format, for the cell to edit and print."""
    _org_asked, year, found = _arrear(request, pk, member_pk)
    superior = Org.objects.get_parent(found.org)
    day = today()
    content = documents.render(documents.NoticeDoc(
        superior=superior.name if superior else "", cell=found.org.name,
        place=found.org.place or names.place_of(found.org.name), issued_on=day, member_name=found.member.full_name,
        year=year, unpaid=found.unpaid))
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="giay-nhac-dang-phi-{found.member.pk}-{year}.docx"'
    return response
