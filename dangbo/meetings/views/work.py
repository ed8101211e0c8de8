"""The cell's work with its members (Hướng dẫn 38-HD/BTCTW): per cell and year, who was assigned tasks, signed the
commitment, keeps a personal plan and is confirmed by the cell where they live — and who is missing each; one
member's year with the forms to record it; the "who is missing" list as XLSX; the residence-cell picker.

Thin: members, tasks and orgs come through scoped selectors (outsiders get 404), writes through the services."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.core.views import get_or_404
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.meetings import services
from dangbo.meetings.choices import PaperKind
from dangbo.meetings.exports import work as exports
from dangbo.meetings.forms.work import LiaisonForm, MissingFilterForm, PaperForm, TaskForm, TaskResultForm
from dangbo.meetings.selectors import work as sel
from dangbo.meetings.views.access import checked_year, first_linked_year, require_cell, run
from dangbo.members.selectors import member_get
from dangbo.orgs.selectors import org_get, org_list

PAGE = 50
EXPORT_LIMIT = 20000
PICKER_CHOICES = 12


def _rows_for_page(user, rows):
    scope = scope_for(user)
    for m in rows:
        m.exempt = sel.is_exempt(m)
        m.readable = (bool(m.org_id) and scope.covers_path(m.org.path)) or m.pk in scope.own_member_ids
    return rows


@login_required
def work(request, pk, year):
    """The members of a cell in a year with their tasks, commitment, personal plan and residence liaison."""
    checked_year(year)
    org = get_or_404(org_get, user=request.user, pk=pk)
    require_cell(org)
    day = today()
    on = sel.roster_day(year, day)
    form = MissingFilterForm(request.GET or None)
    missing = form.missing()
    rows = sel.work_rows(user=request.user, org=org, year=year, on=on, missing=missing)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    _rows_for_page(request.user, page.object_list)
    totals = sel.work_totals(sel.work_rows(user=request.user, org=org, year=year, on=on))
    return render(request, "meetings/work/cell.html", {
        "org": org, "year": year, "on": on, "page": page, "form": form, "missing": missing, "totals": totals,
        "liaison_applies": not (org.kind_id and org.kind.is_residential), "this_year": day.year,
        "first_year": first_linked_year(org.founded_on),
        "can_write": scope_for(request.user).covers_path(org.path, write=True),
        "query": request.GET.urlencode(),
    })


@login_required
def work_export(request, pk, year):
    """The "who is missing" list of a cell or of a whole subtree in a year, as XLSX (at most EXPORT_LIMIT rows)."""
    checked_year(year)
    org = get_or_404(org_get, user=request.user, pk=pk)
    on = sel.roster_day(year, today())
    missing = MissingFilterForm(request.GET or None).missing() or sel.ANY_MISSING
    rows = list(sel.work_rows(user=request.user, org=org, year=year, on=on, missing=missing)[:EXPORT_LIMIT + 1])
    body = exports.missing_xlsx(rows[:EXPORT_LIMIT], org_name=org.name, year=year, on=on, missing=missing,
                                truncated=len(rows) > EXPORT_LIMIT)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cong-tac-dang-vien-{year}-con-thieu.xlsx"'
    return response


# --- one member's year -------------------------------------------------------------------------------------------------

def _member_page(request, member, year, *, forms=None, status=200):
    data = sel.member_year(user=request.user, member=member, year=year)
    scope = scope_for(request.user)
    can_write = bool(member.org_id) and scope.covers_path(member.org.path, write=True)
    forms = forms or {}
    day = today()
    if can_write:
        for t in data["tasks"]:
            t.form = forms.get(("task", t.pk)) or TaskResultForm(
                initial={"result": t.result, "done_on": t.done_on}, prefix=f"task{t.pk}")
    liaison = data["liaison"]
    return render(request, "meetings/work/member.html", {
        "member": member, "year": year, "this_year": day.year, "can_write": can_write, **data,
        "first_year": first_linked_year(member.admitted_on),
        "commitment": data["papers"].get(PaperKind.COMMITMENT), "plan": data["papers"].get(PaperKind.PERSONAL_PLAN),
        "can_read_org": bool(member.org_id) and scope.covers_path(member.org.path),
        # a member of a residential cell lives where she meets: no liaison to keep, unless one was recorded
        "liaison_applies": liaison is not None or "liaison" in forms or not (
            member.org_id and member.org.kind_id and member.org.kind.is_residential),
        "task_form": forms.get("task") or TaskForm(initial={"assigned_on": min(day, _year_end(year))}),
        "paper_form": forms.get("paper") or PaperForm(initial={"signed_on": min(day, _year_end(year))}),
        "liaison_form": forms.get("liaison") or LiaisonForm(initial={
            "residence_cell_name": liaison.residence_cell_name if liaison else "",
            "introduced_on": liaison.introduced_on if liaison else None,
            "confirmed_on": liaison.confirmed_on if liaison else None,
            "comment": liaison.comment if liaison else ""}),
        "picked_cell": liaison.residence_cell if liaison else None,
    }, status=status)


def _year_end(year):
    return dt.date(year, 12, 31)


@login_required
def member_work(request, pk, year):
    checked_year(year)
    member = get_or_404(member_get, user=request.user, pk=pk)
    return _member_page(request, member, year)


def _back(member, year, anchor):
    return redirect(reverse("meetings:member_work", kwargs={"pk": member.pk, "year": year}) + anchor)


def _posted(request, pk, year, anchor, form_class):
    """(member, bound form, None) for a POST to one of the member's yearly work forms; a GET goes back to the
    page: (member, None, redirect)."""
    checked_year(year)
    member = get_or_404(member_get, user=request.user, pk=pk, write=True)
    if request.method != "POST":
        return member, None, _back(member, year, anchor)
    return member, form_class(request.POST), None


@login_required
def task_assign(request, pk, year):
    member, form, back = _posted(request, pk, year, "#nhiem-vu", TaskForm)
    if back:
        return back
    if form.is_valid():
        d = form.cleaned_data
        if run(request, form, lambda: services.task_assign(actor=request.user, member=member, **d)):
            messages.success(request, f"Đã phân công nhiệm vụ cho {member.full_name}.")
            return _back(member, d["assigned_on"].year, "#nhiem-vu")
    return _member_page(request, member, year, forms={"task": form})


@login_required
def task_result(request, pk):
    task = get_or_404(sel.task_get, user=request.user, pk=pk, write=True)
    year = task.assigned_on.year
    if request.method != "POST":
        return _back(task.member, year, "#nhiem-vu")
    form = TaskResultForm(request.POST, prefix=f"task{task.pk}")
    if form.is_valid():
        d = form.cleaned_data
        if run(request, form, lambda: services.task_result(actor=request.user, task=task, **d)):
            messages.success(request, f"Đã ghi kết quả nhiệm vụ “{task.title}”.")
            return _back(task.member, year, "#nhiem-vu")
    member = get_or_404(member_get, user=request.user, pk=task.member_id)
    return _member_page(request, member, year, forms={("task", task.pk): form})


@login_required
def paper_record(request, pk, year):
    member, form, back = _posted(request, pk, year, "#cam-ket", PaperForm)
    if back:
        return back
    if form.is_valid():
        d = form.cleaned_data
        row = run(request, form, lambda: services.paper_record(actor=request.user, member=member, year=year, **d))
        if row:
            messages.success(request, f"Đã ghi {row.get_kind_display().lower()} năm {year} của {member.full_name}.")
            return _back(member, year, "#cam-ket")
    return _member_page(request, member, year, forms={"paper": form})


@login_required
def liaison_record(request, pk, year):
    member, form, back = _posted(request, pk, year, "#noi-cu-tru", LiaisonForm)
    if back:
        return back
    if form.is_valid():
        d = dict(form.cleaned_data)
        cell = None
        if d.pop("residence_cell"):
            try:
                cell = org_get(user=request.user, pk=form.cleaned_data["residence_cell"])
            except OutOfScope:
                form.add_error("residence_cell_name", "Chi bộ nơi cư trú đã chọn không có trong phạm vi của bạn.")
        if not form.errors and run(request, form, lambda: services.liaison_record(
                actor=request.user, member=member, year=year, residence_cell=cell, **d)):
            messages.success(request, f"Đã ghi giữ mối liên hệ nơi cư trú năm {year} của {member.full_name}.")
            return _back(member, year, "#noi-cu-tru")
    return _member_page(request, member, year, forms={"liaison": form})


@login_required
def cell_picker(request):
    """The residence-cell picker's choices (htmx): the few cells of the user's scope whose name matches."""
    q = request.GET.get("q", "")
    cells = list(org_list(user=request.user, q=q).filter(type__is_cell=True)[:PICKER_CHOICES]) if q.strip() else []
    return render(request, "meetings/_partials/cell_choices.html", {"matches": cells, "q": q})
