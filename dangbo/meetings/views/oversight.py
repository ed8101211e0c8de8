"""Pages of the committees above the cells: the schedule rules they set (G1), the scoring sheets (G3), the cells'
thematic plans and their approval, the members assigned to attend cells and the six-monthly check (003).

Thin: every object comes through a scoped selector (an outsider gets 404 on GET and POST); a write another level
decides answers 403 naming that level, and its form or button is shown only to a user who may take it."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.core.views import get_or_404
from dangbo.meetings import reference, selectors, services
from dangbo.meetings.forms.oversight import (
    HALVES,
    ApproveForm,
    AssignForm,
    CheckForm,
    CriterionFormSet,
    EndForm,
    HalfFilterForm,
    ScheduleForm,
    SheetForm,
    TopicFormSet,
    YearForm,
    criteria_of,
)
from dangbo.meetings.selectors import oversight as sel
from dangbo.meetings.views.access import (
    ABOVE,
    checked_year,
    first_linked_year,
    forbid_unless,
    require_cell,
    run,
)
from dangbo.orgs.selectors import org_get

PAGE = 50


def _org(request, pk, write=False):
    return get_or_404(org_get, user=request.user, pk=pk, write=write)


def _readable(user, org) -> bool:
    return org is not None and scope_for(user).covers_path(org.path)


# --- schedule rules (G1) --------------------------------------------------------------------------------------------

@login_required
def schedule(request, pk):
    """An org's schedule rules, current and past; the rule in force today and whose it is; the form to set a new
    one for the user acting for the committee that decides."""
    posting = request.method == "POST"
    org = _org(request, pk, write=posting)
    may_set = sel.may_set_schedule(user=request.user, org=org)
    if posting:
        forbid_unless(may_set, f"Lịch sinh hoạt của {org.name} "
                      + (ABOVE.format(name=org.name) if org.type.is_cell else
                         f"do cấp ủy {org.name} quy định; tài khoản của bạn không có quyền ở cấp đó."))
    form = ScheduleForm(request.POST or None, initial={"valid_from": today()}) if may_set else None
    if posting and form.is_valid():
        d = form.cleaned_data
        rule = run(request, form, lambda: services.schedule_set(actor=request.user, org=org, **d))
        if rule:
            messages.success(request, f"Đã quy định lịch sinh hoạt: {rule} (từ {rule.valid_from:%d/%m/%Y}).")
            return redirect("meetings:schedule", pk=org.pk)
    day = today()
    in_force = selectors.schedule_on(org=org, on=day)
    return render(request, "meetings/oversight/schedule.html", {
        "org": org, "form": form, "may_set": may_set, "today": day,
        "rules": list(sel.schedules_of(user=request.user, org=org)[:100]),
        "in_force": in_force, "in_force_org": in_force.org if in_force else None,
        "in_force_link": in_force is not None and in_force.org_id != org.pk and _readable(request.user, in_force.org),
        "due": selectors.next_due(org=org, on=day) if org.type.is_cell else [],
    })


# --- scoring sheets (G3) ------------------------------------------------------------------------------------------

@login_required
def sheets(request, pk):
    org = _org(request, pk)
    return render(request, "meetings/oversight/sheets.html", {
        "org": org, "own": list(sel.sheets_of(user=request.user, org=org)[:200]),
        "in_force": sel.sheets_in_force(user=request.user, org=org, on=today()),
        "may_issue": sel.may_issue_sheet(user=request.user, org=org),
    })


@login_required
def sheet(request, pk, sheet_pk):
    org = _org(request, pk)
    found = get_or_404(sel.sheet_for, user=request.user, org=org, pk=sheet_pk)
    total = sum(c.get("points", 0) for c in found.criteria)
    return render(request, "meetings/oversight/sheet.html", {
        "org": org, "sheet": found, "total": total, "may_issue": sel.may_issue_sheet(user=request.user, org=org),
    })


def _sheet_initial(request, org):
    """A new sheet starts from the example sheet (``?mau=1``), from a sheet that applies here (``?tu=<id>``), or
    from nothing."""
    base = {"valid_from": today()}
    if request.GET.get("mau"):
        example = reference.EXAMPLE_SHEET
        return {**base, **example}, reference.example_sheet_criteria()
    if request.GET.get("tu"):
        src = get_or_404(sel.sheet_for, user=request.user, org=org, pk=request.GET["tu"])
        return {**base, "name": src.name, "kind": src.kind, "good_from": src.good_from, "fair_from": src.fair_from,
                "average_from": src.average_from, "bottom_label": src.bottom_label}, list(src.criteria)
    return base, []


@login_required
def sheet_new(request, pk):
    org = _org(request, pk, write=True)
    forbid_unless(sel.may_issue_sheet(user=request.user, org=org),
                  f"{org.name} không ban hành phiếu chấm điểm: phiếu do cấp tỉnh hoặc đảng ủy khối ban hành "
                  "(tài khoản của bạn không có quyền ở cấp đó)." if org.type.is_cell else
                  f"Phiếu chấm điểm do {org.name} ban hành; tài khoản của bạn không có quyền ở cấp đó.")
    if request.method == "POST":
        form, rows = SheetForm(request.POST), CriterionFormSet(request.POST, prefix="tc")
        if form.is_valid() and rows.is_valid():
            d = form.cleaned_data
            made = run(request, form, lambda: services.sheet_save(actor=request.user, org=org, criteria=criteria_of(rows),
                                                                  **d))
            if made:
                messages.success(request, f"Đã ban hành {made.name}.")
                return redirect("meetings:sheet", pk=org.pk, sheet_pk=made.pk)
    else:
        initial, criteria = _sheet_initial(request, org)
        form, rows = SheetForm(initial=initial), CriterionFormSet(initial=criteria, prefix="tc")
    return render(request, "meetings/oversight/sheet_form.html", {"org": org, "form": form, "rows": rows})


# --- the cell's thematic plan -------------------------------------------------------------------------------------

def _topic_rows(plan, data=None):
    if data is not None:
        return TopicFormSet(data, prefix="cd")
    have = [{"quarter": t.quarter, "title": t.title} for t in plan.topics.all()] if plan else []
    return TopicFormSet(initial=have + [{"quarter": q} for q in (1, 2, 3, 4)], prefix="cd")


def _plan_page(request, org, year, *, rows=None, approve_form=None, status=200):
    plan = selectors.topic_plan_of(org=org, year=year)
    approved = bool(plan and plan.approved_on)
    can_write = scope_for(request.user).covers_path(org.path, write=True) and not approved
    may_approve = (plan is not None and not approved and plan.topics.all()
                   and sel.acts_above(user=request.user, org=org))
    return render(request, "meetings/oversight/topic_plan.html", {
        "org": org, "year": year, "plan": plan, "can_write": can_write, "may_approve": may_approve,
        "this_year": today().year, "first_year": first_linked_year(org.founded_on),
        "rows": rows or (_topic_rows(plan) if can_write else None),
        "approve_form": approve_form or (ApproveForm(initial={"approved_on": today()}) if may_approve else None),
    }, status=status)


@login_required
def topic_plan(request, pk, year):
    checked_year(year)
    posting = request.method == "POST"
    org = _org(request, pk, write=posting)
    require_cell(org)
    if posting:
        rows = _topic_rows(None, request.POST)
        if rows.is_valid():
            topics = [(f.cleaned_data["quarter"], f.cleaned_data["title"]) for f in rows.forms
                      if (f.cleaned_data.get("title") or "").strip()]
            saved = run(request, None, lambda: services.topic_plan_save(actor=request.user, org=org, year=year,
                                                                       topics=topics))
            if saved:
                messages.success(request, f"Đã lưu kế hoạch sinh hoạt chuyên đề năm {year}.")
                return redirect("meetings:topic_plan", pk=org.pk, year=year)
        return _plan_page(request, org, year, rows=rows)
    return _plan_page(request, org, year)


@login_required
def topic_plan_approve(request, pk, year):
    checked_year(year)
    org = _org(request, pk, write=True)
    require_cell(org)
    if request.method != "POST":
        return redirect("meetings:topic_plan", pk=org.pk, year=year)
    forbid_unless(sel.acts_above(user=request.user, org=org),
                  "Duyệt kế hoạch sinh hoạt chuyên đề " + ABOVE.format(name=org.name))
    plan = selectors.topic_plan_of(org=org, year=year)
    form = ApproveForm(request.POST)
    if plan is None:
        messages.error(request, f"{org.name} chưa có kế hoạch chuyên đề năm {year}.")
        return redirect("meetings:topic_plan", pk=org.pk, year=year)
    if form.is_valid():
        d = form.cleaned_data
        if run(request, form, lambda: services.topic_plan_approve(actor=request.user, plan=plan, **d)):
            messages.success(request, f"Đã duyệt kế hoạch sinh hoạt chuyên đề năm {year} của {org.name}.")
            return redirect("meetings:topic_plan", pk=org.pk, year=year)
    return _plan_page(request, org, year, approve_form=form)


# --- superior attendees (003) --------------------------------------------------------------------------------------

def _year(request) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else today().year


@login_required
def assignments(request, pk):
    """The members assigned to attend the cells under a committee in a year, with "đã dự N/M kỳ"."""
    org = _org(request, pk)
    year = _year(request)
    day = today()
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), day)
    rows = sel.assignment_rows(user=request.user, org=org, start=start, end=end)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    for a in page:
        a.may_manage = sel.acts_above(user=request.user, org=a.cell)
    return render(request, "meetings/oversight/assignments.html", {
        "org": org, "year": year, "page": page, "start": start, "end": end, "this_year": day.year})


def _cell_assignments_page(request, cell, form=None, status=200):
    day = today()
    may_assign = sel.acts_above(user=request.user, org=cell)
    seats = []
    if may_assign and form is None:
        seats = list(services.superior_seats_on(cell, day).select_related("member", "committee__term__org")
                     .order_by("committee__term__org__path", "post", "id"))
        form = AssignForm(seats=seats, initial={"valid_from": day})
    return render(request, "meetings/oversight/cell_assignments.html", {
        "org": cell, "rows": list(sel.cell_assignments(user=request.user, cell=cell, on=day)[:100]),
        "may_assign": may_assign, "form": form, "today": day,
    }, status=status)


@login_required
def cell_assignments(request, pk):
    """The superior committee members assigned to attend one cell; the superior assigns another here."""
    posting = request.method == "POST"
    cell = _org(request, pk, write=posting)
    require_cell(cell)
    if not posting:
        return _cell_assignments_page(request, cell)
    forbid_unless(sel.acts_above(user=request.user, org=cell),
                  "Phân công cấp ủy viên dự sinh hoạt " + ABOVE.format(name=cell.name))
    day = today()
    seats = list(services.superior_seats_on(cell, day).select_related("member", "committee__term__org"))
    form = AssignForm(request.POST, seats=seats)
    if form.is_valid():
        d = form.cleaned_data
        member = next(s.member for s in seats if s.member_id == d["member"])
        row = run(request, form, lambda: services.assignment_set(actor=request.user, cell=cell, member=member,
                                                                valid_from=d["valid_from"]))
        if row:
            messages.success(request, f"Đã phân công {member.full_name} dự sinh hoạt {cell.name}.")
            return redirect("meetings:cell_assignments", pk=cell.pk)
    return _cell_assignments_page(request, cell, form=form)


@login_required
def assignment_end(request, pk):
    row = get_or_404(sel.assignment_get, user=request.user, pk=pk, write=True)
    if request.method != "POST":
        return redirect("meetings:cell_assignments", pk=row.cell_id)
    forbid_unless(sel.acts_above(user=request.user, org=row.cell),
                  "Thôi phân công dự sinh hoạt " + ABOVE.format(name=row.cell.name))
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày thôi phân công phải có dạng dd/mm/yyyy.")
    elif run(request, None, lambda: services.assignment_end(actor=request.user, assignment=row,
                                                            valid_to=form.cleaned_data["valid_to"])):
        messages.success(request, f"{row.member.full_name} thôi dự sinh hoạt {row.cell.name} từ "
                         f"{form.cleaned_data['valid_to']:%d/%m/%Y}.")
    return redirect("meetings:cell_assignments", pk=row.cell_id)


# --- the six-monthly check (003) -----------------------------------------------------------------------------------

def _half_filters(request):
    day = today()
    default = {"year": day.year, "half": 1 if day.month <= 6 else 2}
    form = HalfFilterForm(request.GET or None, initial=default)
    if form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["half"], form.cleaned_data["thieu"]
    return HalfFilterForm(initial=default), default["year"], default["half"], False


@login_required
def checks(request, pk):
    """The cells under a committee in a half-year: checked (when, by whom, findings) or not yet."""
    org = _org(request, pk)
    form, year, half, missing = _half_filters(request)
    rows = sel.check_rows(user=request.user, org=org, year=year, half=half, missing_only=missing)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    for cell in page:
        cell.may_check = sel.acts_above(user=request.user, org=cell)
    totals = sel.check_totals(user=request.user, org=org, year=year, half=half)
    return render(request, "meetings/oversight/checks.html", {
        "org": org, "form": form, "year": year, "half": half, "half_label": dict(HALVES)[half], "page": page,
        "totals": totals, "missing_count": totals["cells"] - totals["done"], "missing": missing})


@login_required
def check_record(request, pk):
    """The superior records its six-monthly check of one cell's meetings."""
    cell = _org(request, pk, write=True)
    require_cell(cell)
    forbid_unless(sel.acts_above(user=request.user, org=cell),
                  "Kiểm tra sinh hoạt chi bộ " + ABOVE.format(name=cell.name))
    day = today()
    initial = {"year": request.GET.get("year") or day.year,
               "half": request.GET.get("half") or (1 if day.month <= 6 else 2), "checked_on": day}
    form = CheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        row = run(request, form, lambda: services.oversight_check_record(actor=request.user, cell=cell, **d))
        if row:
            messages.success(request, f"Đã ghi kết quả kiểm tra sinh hoạt {row.get_half_display().lower()} "
                             f"{row.year} của {cell.name}.")
            url = reverse("meetings:check_record", kwargs={"pk": cell.pk})
            return redirect(f"{url}?year={row.year}&half={row.half}")
    return render(request, "meetings/oversight/check_form.html", {
        "org": cell, "form": form, "done": list(sel.checks_of(user=request.user, cell=cell)[:20])})
