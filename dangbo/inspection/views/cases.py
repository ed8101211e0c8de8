"""Pages of the inspection app: cases (K2, K4) — the list of the cases the user may see (filtered by kind, status,
year; a subject's name searched only among them), opening a case (from a plan item or ad hoc), the case screen
(decision, team, subjects, the three phases with their steps and documents, adding a step, the conclusion, the
follow-ups with the overdue ones marked, closing one). Every case comes through ``inspection.selectors`` (only
the handling inspection commission and the named users see it; each read logged): anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse

from dangbo.core.dates import today
from dangbo.core.views import get_or_404, run_service
from dangbo.inspection import selectors, services
from dangbo.inspection.choices import Body, Origin, Phase
from dangbo.inspection.forms.cases import (
    CaseFilterForm,
    CaseForm,
    ConclusionForm,
    FollowUpCloseForm,
    FollowUpForm,
    StepForm,
)
from dangbo.inspection.selectors import pages as case_pages
from dangbo.inspection.views.plans import may_open_case, picked
from dangbo.orgs import selectors as org_selectors

T = "inspection/"
READ_ONLY = "Tài khoản của bạn chỉ được xem cuộc kiểm tra, giám sát này."


@login_required
def cases(request):
    form = CaseFilterForm(request.GET)
    f = form.cleaned_data if form.is_valid() else {"q": "", "kind": "", "status": "", "year": None}
    page = case_pages.case_page(user=request.user, number=request.GET.get("page"), q=f["q"], kind=f["kind"],
                                status=f["status"], year=f["year"])
    openers = [o for o in org_selectors.org_roots(user=request.user) if may_open_case(request.user, o)]
    return render(request, T + "case_list.html", {"form": form, "page": page, "openers": openers})


def _item(request, org):
    """The plan item a planned case carries out (``?item=``), read through its scoped selector and of ``org``."""
    pk = request.POST.get("item") or request.GET.get("item")
    if not pk:
        return None
    item = get_or_404(selectors.plan_item_get, user=request.user, pk=pk)
    if item.programme.org_id != org.pk:
        raise Http404
    return item


@login_required
def case_create(request, pk):
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    if not may_open_case(request.user, org):
        raise PermissionDenied("Chỉ ủy ban kiểm tra (hoặc chi bộ với đảng viên của mình) mở cuộc kiểm tra, giám sát.")
    item = _item(request, org)
    initial = {"body": Body.CELL if org.type.is_cell else Body.COMMISSION, "origin": Origin.AD_HOC}
    if item is not None:
        initial.update(origin=Origin.PLANNED, kind=item.kind, topic=item.topic)
    form = CaseForm(request.POST or None, initial=initial)
    picked_org, picked_member = (item.org, item.member) if item else (None, None)
    if request.method == "POST" and form.is_valid():
        picked_org, picked_member = picked(request, form)
        data = {k: form.cleaned_data[k] for k in ("body", "kind", "origin", "topic", "decision_number", "decided_on",
                                                  "team")}
        data["plan_item"] = item if data["origin"] == Origin.PLANNED else None
        row = None if form.errors else run_service(request, form, lambda: services.case_open(
            actor=request.user, org=org, data=data, orgs=[picked_org] if picked_org else [],
            members=[picked_member] if picked_member else []))
        if row is not None:
            messages.success(request, "Đã mở cuộc kiểm tra, giám sát.")
            return redirect("inspection:case_detail", pk=row.pk)
    return render(request, T + "case_form.html", {"org": org, "form": form, "item": item, "picked_org": picked_org,
                                                  "picked_member": picked_member})


def _proposal_url(case) -> str:
    """The page proposing discipline on this case, when the app has one (another page of issue 14)."""
    try:
        return reverse("inspection:proposal_new", kwargs={"pk": case.pk})
    except NoReverseMatch:
        try:
            return reverse("inspection:proposal_new") + f"?case={case.pk}"
        except NoReverseMatch:
            return ""


def _screen(request, case, **forms):
    parts = selectors.case_parts(case)
    may_write = selectors.may_write_case(request.user, case)
    late = case_pages.overdue_ids(parts["follow_ups"], today())
    phases = [(label, [s for s in parts["steps"] if s.phase == value]) for value, label in Phase.choices]
    return render(request, T + "case_detail.html", {
        "case": case, "phases": phases, "subjects": parts["subjects"], "follow_ups": parts["follow_ups"],
        "proposals": parts["proposals"], "late": late, "team_members": list(case.team_members.all()),
        "may_write": may_write, "proposal_url": _proposal_url(case) if may_write and case.violation_found else "",
        "step_form": forms.get("step_form") or StepForm(),
        "conclusion_form": forms.get("conclusion_form") or ConclusionForm(initial={
            "conclusion": case.conclusion, "concluded_on": case.concluded_on,
            "violation_found": bool(case.violation_found)}),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(), "close_form": FollowUpCloseForm()})


@login_required
def case_detail(request, pk):
    return _screen(request, get_or_404(selectors.case_get, user=request.user, pk=pk))


def _writable(request, pk):
    """The case for a write (404 outside what the user may see, 403 when only seen); None on a GET."""
    case = get_or_404(selectors.case_get, user=request.user, pk=pk)
    if not selectors.may_write_case(request.user, case):
        raise PermissionDenied(READ_ONLY)
    return case if request.method == "POST" else None


@login_required
def case_step(request, pk):
    case = _writable(request, pk)
    if case is None:
        return redirect("inspection:case_detail", pk=pk)
    form = StepForm(request.POST)
    if form.is_valid() and run_service(request, form, lambda: services.case_step_add(
            actor=request.user, case=case, **form.cleaned_data)):
        messages.success(request, "Đã ghi bước.")
        return redirect("inspection:case_detail", pk=case.pk)
    return _screen(request, case, step_form=form)


@login_required
def case_conclude(request, pk):
    case = _writable(request, pk)
    if case is None:
        return redirect("inspection:case_detail", pk=pk)
    form = ConclusionForm(request.POST)
    if form.is_valid() and run_service(request, form, lambda: services.case_conclude(
            actor=request.user, case=case, **form.cleaned_data)):
        messages.success(request, "Đã ghi kết luận.")
        return redirect("inspection:case_detail", pk=case.pk)
    return _screen(request, case, conclusion_form=form)


@login_required
def follow_up_add(request, pk):
    case = _writable(request, pk)
    if case is None:
        return redirect("inspection:case_detail", pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        subject = next((s for s in selectors.case_parts(case)["subjects"]
                        if s.pk == form.cleaned_data["subject"]), None)
        if subject is None:
            form.add_error("subject", "Chọn tổ chức hoặc đảng viên thực hiện trong các đối tượng.")
        elif run_service(request, form, lambda: services.follow_up_add(
                actor=request.user, case=case, recommendation=form.cleaned_data["recommendation"],
                due_on=form.cleaned_data["due_on"], org=subject.org, member=subject.member)):
            messages.success(request, "Đã ghi kiến nghị.")
            return redirect("inspection:case_detail", pk=case.pk)
    return _screen(request, case, follow_up_form=form)


@login_required
def follow_up_close(request, pk, follow_up_pk):
    case = _writable(request, pk)
    if case is None:
        return redirect("inspection:case_detail", pk=pk)
    row = next((f for f in selectors.case_parts(case)["follow_ups"] if f.pk == follow_up_pk), None)
    if row is None:
        raise Http404
    form = FollowUpCloseForm(request.POST)
    if form.is_valid() and run_service(request, form, lambda: services.follow_up_close(
            actor=request.user, follow_up=row, **form.cleaned_data)):
        messages.success(request, "Đã ghi hoàn thành kiến nghị.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Kiến nghị hạn {row.due_on:%d/%m/%Y}: {error}")
    return redirect("inspection:case_detail", pk=case.pk)


urlpatterns = [
    path("vu-viec/", cases, name="cases"),
    path("to-chuc/<int:pk>/vu-viec/mo/", case_create, name="case_create"),
    path("vu-viec/<int:pk>/", case_detail, name="case_detail"),
    path("vu-viec/<int:pk>/buoc/", case_step, name="case_step"),
    path("vu-viec/<int:pk>/ket-luan/", case_conclude, name="case_conclude"),
    path("vu-viec/<int:pk>/kien-nghi/", follow_up_add, name="follow_up_add"),
    path("vu-viec/<int:pk>/kien-nghi/<int:follow_up_pk>/xong/", follow_up_close, name="follow_up_close"),
]
