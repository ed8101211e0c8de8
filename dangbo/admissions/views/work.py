"""The committees' work pages of the pipeline, each for ``?org=`` (404 outside the scope) or the top of the user's
scope: the year's admission quotas (set by the direct superior), the probationary members due for recognition
(decided by the competent committee), the screening list (decided by the member's cell) and the Huy hiệu list of
an award day with its XLSX. A form is shown only to a level that may take it; posting from another level is a 403
naming who decides, a refusal is shown on the form's field."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from dangbo.accounts.scope import scope_for
from dangbo.admissions import exports, selectors, services
from dangbo.admissions import screening as screening_selectors
from dangbo.admissions.forms import PlanForm, ProbationStrikeOffForm, RecognitionForm, ScreeningForm
from dangbo.admissions.views.candidates import _run
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.numbers import format_int, format_percent
from dangbo.core.periods import year as year_period
from dangbo.core.views import get_or_404
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.members.selectors import member_get
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.orgs.rules import deciding_path
from dangbo.targets import registry

T = "admissions/"
PAGE = 50


# --- shared ----------------------------------------------------------------------------------------------------------

def _org(request, key: str = "org") -> Org | None:
    pk = request.GET.get(key)
    if pk:
        return get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    return org_selectors.org_roots(user=request.user).select_related("type__level").first()


def _day(request, default: dt.date) -> dt.date:
    """``?ngay=`` as dd/mm/yyyy; anything else is the page's default day (with a message)."""
    raw = request.GET.get("ngay", "")
    if not raw:
        return default
    try:
        return parse_date(raw) or default
    except ValueError:
        messages.error(request, f"Ngày “{raw}” không hợp lệ (dd/mm/yyyy): xem theo ngày {format_date(default)}.")
        return default


def _year(request) -> int:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else today().year


def _query(org: Org, **more) -> str:
    return urlencode({"org": org.pk, **{k: v for k, v in more.items() if v}})


def _base(request, org: Org) -> dict:
    return {"org": org, "ancestors": org_selectors.org_ancestors(user=request.user, org=org)}


def progress(numerator: int, denominator: int | None) -> str:
    """"x/y (z%)" the Vietnamese way: 192/187 (102,7%)."""
    if not denominator:
        return format_int(numerator)
    return f"{format_int(numerator)}/{format_int(denominator)} ({format_percent(numerator, denominator)})"


def _competent(user, cell: Org, cache: dict) -> bool:
    """May the user act for the competent committee of ``cell`` (the superior of its grassroots org)?"""
    if cell.pk not in cache:
        above = deciding_path(org_selectors.grassroots_of(cell).path, Org.steplen)
        cache[cell.pk] = bool(above) and scope_for(user).may_decide_for(above)
    return cache[cell.pk]


# --- 1. the year's admission quotas -------------------------------------------------------------------------------

def _plans_page(request, org: Org, year: int, bound: tuple[int, PlanForm] | None = None):
    user = request.user
    period = year_period(year)
    plans = {p.org_id: p for p in selectors.plans_of(user=user, org=org, year=year)}
    kids = list(org_selectors.org_children(user=user, org=org).select_related("type"))
    vs_plan = registry.measure_children("admissions_vs_plan", org=org, period=period, kids=kids)
    admitted = registry.measure_children("admissions_count", org=org, period=period, kids=kids)
    may_set = scope_for(user).may_decide_for(org.path)
    rows = []
    for kid in kids:
        form = None
        if may_set:
            if bound is not None and bound[0] == kid.pk:
                form = bound[1]
            else:
                plan = plans.get(kid.pk)
                form = PlanForm(org_pk=kid.pk, initial={
                    "quota": plan.quota if plan else None, "decided_on": plan.decided_on if plan else today(),
                    "document_ref": plan.document_ref if plan else ""})
        m, count = vs_plan.get(kid.pk), admitted.get(kid.pk)
        rows.append({"org": kid, "plan": plans.get(kid.pk), "admitted": count.numerator if count else 0,
                     "progress": progress(m.numerator, m.denominator) if m else "", "form": form})
    own = registry.measure("admissions_vs_plan", org=org, period=period)
    if own is None:
        count = registry.measure("admissions_count", org=org, period=period)
        own_text = f"{format_int(count.numerator if count else 0)} (chưa có chỉ tiêu)"
    else:
        own_text = progress(own.numerator, own.denominator)
    return render(request, T + "plans.html", {
        **_base(request, org), "year": year, "own_plan": plans.get(org.pk), "own_progress": own_text,
        "rows": rows, "may_set": may_set, "query": _query(org, nam=year), "years": (year - 1, year + 1)})


@login_required
def plans(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    return _plans_page(request, org, _year(request))


@login_required
def plan_set(request, pk):
    """The quota of the child org ``pk`` for ``?nam=``: only its direct superior sets it."""
    child = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    above = deciding_path(child.path, Org.steplen)
    if not scope_for(request.user).may_decide_for(above):
        raise PermissionDenied(f"Chỉ tiêu kết nạp của {child.name} do cấp ủy cấp trên trực tiếp giao; tài khoản của "
                               "bạn không có quyền ở cấp đó.")
    # the page of the org above (a root org's quota, set by the central level, is shown on its own page)
    parent = Org.objects.select_related("type").filter(path=child.path[:-Org.steplen]).first() or child
    year = _year(request)
    if request.method != "POST":
        return redirect(reverse("admissions:plans") + "?" + _query(parent, nam=year))
    form = PlanForm(request.POST, org_pk=child.pk)
    if form.is_valid():
        row = _run(request, form, lambda: services.plan_set(actor=request.user, org=child, year=year,
                                                            **form.cleaned_data))
        if row is not None:
            messages.success(request, f"Đã giao chỉ tiêu kết nạp năm {year} cho {child.name}: "
                                      f"{format_int(row.quota)}.")
            return redirect(reverse("admissions:plans") + "?" + _query(parent, nam=year))
    return _plans_page(request, parent, year, bound=(child.pk, form))


# --- 2. probationary members due for recognition ------------------------------------------------------------------

def _probations_page(request, org: Org, on: dt.date, bound: tuple[int, str, object] | None = None):
    user = request.user
    found = selectors.probations_due(user=user, org=org, on=on)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    cache: dict = {}
    rows = []
    for p in page:
        m = p.member
        rec = off = None
        if _competent(user, m.org, cache):
            rec = RecognitionForm(member_pk=m.pk, initial={"vote_on": on, "decided_on": on, "attempt": 1})
            off = ProbationStrikeOffForm(member_pk=m.pk, initial={"decided_on": on})
            if bound is not None and bound[0] == m.pk:
                rec, off = (bound[2], off) if bound[1] == "rec" else (rec, bound[2])
        rows.append({"p": p, "rec": rec, "off": off, "open": bound is not None and bound[0] == m.pk})
    return render(request, T + "probations.html", {
        **_base(request, org), "on": on, "page": page, "rows": rows, "query": _query(org, ngay=format_date(on))})


@login_required
def probations(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    return _probations_page(request, org, _day(request, today()))


def _probation_post(request, pk, kind: str):
    member = get_or_404(member_get, user=request.user, pk=pk)
    if member.org is None or not _competent(request.user, member.org, {}):
        raise PermissionDenied(f"Công nhận hoặc không công nhận đảng viên chính thức cho đồng chí {member.full_name} "
                               "do cấp ủy cấp trên của tổ chức cơ sở đảng quyết định; tài khoản của bạn không có "
                               "quyền ở cấp đó.")
    org = _org(request) or member.org
    on = _day(request, today())
    back = reverse("admissions:probations") + "?" + _query(org, ngay=format_date(on))
    if request.method != "POST":
        return redirect(back)
    if kind == "rec":
        form = RecognitionForm(request.POST, member_pk=member.pk)
        call = lambda: services.recognition_record(actor=request.user, member=member, **form.cleaned_data)  # noqa: E731
    else:
        form = ProbationStrikeOffForm(request.POST, member_pk=member.pk)
        call = lambda: services.probation_strike_off(actor=request.user, member=member,  # noqa: E731
                                                     **form.cleaned_data)
    if form.is_valid():
        done = object()
        result = _run(request, form, lambda: call() or done)
        if result is not None:
            if kind == "rec":
                messages.success(request, f"Đã công nhận đồng chí {member.full_name} là đảng viên chính thức.")
                if result is not done:
                    messages.warning(request, f"[{result.rule.code}] {result.text} ({result.rule.citation})")
            else:
                messages.success(request, f"Đã xóa tên đồng chí {member.full_name} trong danh sách đảng viên dự bị.")
            return redirect(back)
    return _probations_page(request, org, on, bound=(member.pk, kind, form))


@login_required
def recognize(request, pk):
    return _probation_post(request, pk, "rec")


@login_required
def strike_off(request, pk):
    return _probation_post(request, pk, "off")


# --- 3. screening ----------------------------------------------------------------------------------------------------

def _screening_page(request, org: Org, on: dt.date, bound: tuple[int, ScreeningForm] | None = None):
    user = request.user
    scope = scope_for(user)
    found = screening_selectors.screening(user=user, org=org, on=on)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    rows = []
    for case in page:
        m = case.member
        form = None
        if scope.covers_path(m.org.path, write=True):
            if bound is not None and bound[0] == m.pk:
                form = bound[1]
            else:
                form = ScreeningForm(member_pk=m.pk, initial={"decided_on": on, "reasons": " ".join(case.reasons)})
        rows.append({"case": case, "form": form, "open": bound is not None and bound[0] == m.pk})
    if bound is not None and not any(r["open"] for r in rows):
        messages.error(request, "; ".join(e for errs in bound[1].errors.values() for e in errs))
    return render(request, T + "screening.html", {
        **_base(request, org), "on": on, "page": page, "rows": rows, "query": _query(org, ngay=format_date(on))})


@login_required
def screening(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    return _screening_page(request, org, _day(request, today()))


@login_required
def screening_decide(request, pk):
    """The decision on a member found by the screening: the member's cell writes it."""
    member = get_or_404(member_get, user=request.user, pk=pk)
    if member.org is None or not scope_for(request.user).covers_path(member.org.path, write=True):
        raise PermissionDenied(f"Kết quả rà soát đồng chí {member.full_name} do chi bộ, cấp ủy quản lý đảng viên ghi; "
                               "tài khoản của bạn không có quyền ghi ở cấp đó.")
    org = _org(request) or member.org
    on = _day(request, today())
    back = reverse("admissions:screening") + "?" + _query(org, ngay=format_date(on))
    if request.method != "POST":
        return redirect(back)
    form = ScreeningForm(request.POST, member_pk=member.pk)
    if form.is_valid():
        row = _run(request, form, lambda: services.screening_decide(actor=request.user, member=member,
                                                                    **form.cleaned_data))
        if row is not None:
            messages.success(request, f"Đã ghi kết quả rà soát đồng chí {member.full_name}: "
                                      f"{row.get_outcome_display()}.")
            return redirect(back)
    return _screening_page(request, org, on, bound=(member.pk, form))


# --- 4. the Huy hiệu list ------------------------------------------------------------------------------------------

def next_award_day(on: dt.date) -> dt.date:
    """The next 03/02 (the party's founding day) on or after ``on``."""
    day = dt.date(on.year, 2, 3)
    return day if day >= on else dt.date(on.year + 1, 2, 3)


@login_required
def badges(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    on = _day(request, next_award_day(today()))
    found = selectors.badges_due(user=request.user, org=org, on=on)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, T + "badges.html", {
        **_base(request, org), "on": on, "page": page, "total": len(found),
        "query": _query(org, ngay=format_date(on))})


@login_required
def badges_xlsx(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    on = _day(request, next_award_day(today()))
    rows = selectors.badges_due(user=request.user, org=org, on=on)
    response = HttpResponse(exports.badges_xlsx(rows, on), content_type=XLSX)
    name = f"Danh sách đề nghị tặng Huy hiệu Đảng {on:%d-%m-%Y} - {org.name}.xlsx".replace("/", "-")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# --- 5. overdue cases (issue 9) ------------------------------------------------------------------------------------

@login_required
def overdue(request):
    """The subtree's cases whose decision (M5) or ceremony (M6) is past due on ``?ngay=`` (default today)."""
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    on = _day(request, today())
    found = selectors.overdue_cases(user=request.user, org=org, on=on)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, T + "overdue.html", {
        **_base(request, org), "on": on, "page": page, "total": len(found),
        "query": _query(org, ngay=format_date(on))})
