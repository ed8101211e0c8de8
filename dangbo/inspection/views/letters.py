"""The letters pages (issue 14, K5, K7–K9, M15): denunciations (the list with their time limits and the overdue
ones marked, receiving one, screening it, assigning it to a case, resolving it, its withdrawal, naming the officials
who may read it), discipline complaints (receiving one with the K9 verdict, deciding it), discipline proposals from a
case (proposing with the K8 warning, the vote with the M15 majority, the decision written as the one
``members.DisciplineDecision``), and naming an official on a case. Confidential rows come only through
``inspection.selectors`` (404 for whoever is not the inspection commission of the handling org nor named on the
record; every read logged); the denouncer is shown only to those named with ``may_see_denouncer``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.text import word_prefix_pattern
from dangbo.core.views import get_or_404, run_service
from dangbo.inspection import rules, selectors, services
from dangbo.inspection.choices import DenunciationStatus as DS
from dangbo.inspection.choices import ProposalStatus as PS
from dangbo.inspection.forms.letters import (
    AccessForm,
    AssignForm,
    ComplaintDecideForm,
    ComplaintForm,
    DecideForm,
    DenunciationForm,
    LetterFilterForm,
    ProposalForm,
    ResolveForm,
    ScreenForm,
    VoteForm,
    WithdrawForm,
)
from dangbo.inspection.models import CaseAccess
from dangbo.inspection.rules.base import K9_ADMISSIBLE, rule
from dangbo.inspection.selectors import letters as more
from dangbo.inspection.views.plans import may_open_case
from dangbo.members.selectors import member_list
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org

T = "inspection/"
PAGE = 50
PICKER = 20
OPEN = (DS.SCREENED, DS.ASSIGNED)


def _receiving_org(request, pk) -> Org:
    """The org receiving a letter: one the user may receive for (its inspection grant, or a cell's own), else 404."""
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    if not may_open_case(request.user, org):
        raise Http404()
    return org


def _inspecting_org(request, pk) -> Org:
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    if not scope_for(request.user).covers_inspection(org.path):
        raise Http404()
    return org


def _may_write_letter(user, row) -> bool:
    scope = scope_for(user)
    if scope.covers_inspection(row.org.path):
        return True
    return scope.covers_path(row.org.path, write=True) and CaseAccess.objects.filter(
        user_id=user.pk, denunciation_id=row.pk).exists()


def _receiving_orgs(user) -> list[Org]:
    paths = scope_for(user).inspection_paths
    return list(Org.objects.filter(path__in=paths).order_by("path")) if paths else []


# --- denunciations ------------------------------------------------------------------------------------------------

@login_required
def denunciation_list(request):
    form = LetterFilterForm(request.GET)
    status, q = (form.cleaned_data["status"], form.cleaned_data["q"]) if form.is_valid() else ("", "")
    found = selectors.denunciation_query(user=request.user, status=status, q=q)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.as_read(request.user, list(page.object_list))  # only the rows shown are read
    day = today()
    for row in page.object_list:
        row.overdue = row.status in OPEN and row.due_on is not None and row.due_on < day
    return render(request, T + "denunciation_list.html", {
        "form": form, "page": page, "today": day,
        "overdue_count": found.filter(status__in=OPEN, due_on__lt=day).count(), "orgs": _receiving_orgs(request.user)})


@login_required
def denunciation_new(request, pk):
    org = _receiving_org(request, pk)
    form = DenunciationForm(request.POST or None)
    picked_member = picked_org = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if data["subject_member"]:
                picked_member = member_list(user=request.user, org=org).get(pk=data["subject_member"])
            if data["subject_org"]:
                picked_org = org_selectors.org_list(user=request.user, within=org, include_ended=True).get(
                    pk=data["subject_org"])
        except ObjectDoesNotExist:
            form.add_error("subject_member", "Đảng viên, tổ chức bị tố cáo không thuộc tổ chức này.")
        data["subject_member"], data["subject_org"] = picked_member, picked_org
        if not form.errors:
            row = run_service(request, form, lambda: services.denunciation_receive(actor=request.user, org=org,
                                                                                   data=data))
            if row is not None:
                messages.success(request, f"Đã tiếp nhận đơn tố cáo số {row.pk}.")
                return redirect("inspection:denunciation_detail", pk=row.pk)
    return render(request, T + "denunciation_new.html", {"org": org, "form": form, "picked_member": picked_member,
                                                         "picked_org": picked_org})


@login_required
def denunciation_member_picker(request, pk):
    org = _receiving_org(request, pk)
    q = request.GET.get("q", "")
    matches = list(member_list(user=request.user, org=org, q=q)[:PICKER]) if word_prefix_pattern(q) else []
    return render(request, T + "denunciation_member_choices.html", {"matches": matches, "q": q, "name": "subject_member"})


@login_required
def denunciation_org_picker(request, pk):
    org = _receiving_org(request, pk)
    q = request.GET.get("org_q", "")
    matches = list(org_selectors.org_list(user=request.user, q=q, within=org, include_ended=True)[:PICKER]) if (
        q.strip()) else []
    return render(request, T + "denunciation_org_choices.html", {"matches": matches, "q": q, "name": "subject_org"})


ACTIONS = {"screen": ScreenForm, "assign": AssignForm, "resolve": ResolveForm, "withdraw": WithdrawForm,
           "access": AccessForm}


def _letter_call(request, row, action, form):
    user, data = request.user, form.cleaned_data
    if action == "screen":
        return lambda: services.denunciation_screen(actor=user, denunciation=row, on=data["on"], note=data["note"])
    if action == "assign":
        case = get_or_404(selectors.case_get, user=user, pk=data["case"])
        return lambda: services.denunciation_assign(actor=user, denunciation=row, case=case)
    if action == "resolve":
        return lambda: services.denunciation_resolve(actor=user, denunciation=row, **data)
    if action == "withdraw":
        return lambda: services.denunciation_withdraw(actor=user, denunciation=row, **data)
    named = more.active_user(data["username"])
    if named is None:
        form.add_error("username", f"Không có người dùng “{data['username']}” đang hoạt động.")
        return None
    return lambda: services.access_grant(actor=user, user=named, denunciation=row,
                                         may_see_denouncer=data["may_see_denouncer"])


DONE = {"screen": "Đã phân loại đơn.", "assign": "Đã giao cuộc giải quyết tố cáo.", "resolve": "Đã ghi kết quả "
        "giải quyết.", "withdraw": "Đã ghi người tố cáo rút đơn.", "access": "Đã phân công người được biết hồ sơ."}


@login_required
def denunciation_detail(request, pk):
    row = get_or_404(selectors.denunciation_get, user=request.user, pk=pk)
    may_write = _may_write_letter(request.user, row)
    may_name = scope_for(request.user).covers_inspection(row.org.path)
    cases = more.assignable_cases(user=request.user, denunciation=row) if may_write and row.status == DS.SCREENED \
        else []
    forms = {name: (cls(cases=cases) if name == "assign" else cls()) for name, cls in ACTIONS.items()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404()
        if not (may_name if action == "access" else may_write):
            raise PermissionDenied("Tài khoản của bạn chỉ được xem đơn này.")
        cls = ACTIONS[action]
        form = cls(request.POST, cases=cases) if action == "assign" else cls(request.POST)
        forms[action] = form
        call = _letter_call(request, row, action, form) if form.is_valid() else None
        if call is not None and run_service(request, form, call) is not None:
            messages.success(request, DONE[action])
            return redirect("inspection:denunciation_detail", pk=row.pk)
    overdue = row.status in OPEN and row.due_on is not None and row.due_on < today()
    return render(request, T + "denunciation_detail.html", {
        "row": row, "forms": forms, "may_write": may_write, "may_name": may_name, "cases": cases,
        "overdue": overdue, "named": more.named_on(denunciation=row) if may_name else [],
        "action": request.POST.get("action", "") if request.method == "POST" else ""})


# --- naming an official on a case -----------------------------------------------------------------------------------

@login_required
def access_case(request, pk):
    case = get_or_404(selectors.case_get, user=request.user, pk=pk)
    if not scope_for(request.user).covers_inspection(case.org.path):
        raise PermissionDenied("Chỉ ủy ban kiểm tra có thẩm quyền phân công người được biết hồ sơ.")
    form = AccessForm(request.POST or None)
    form.fields.pop("may_see_denouncer")
    if request.method == "POST" and form.is_valid():
        named = more.active_user(form.cleaned_data["username"])
        if named is None:
            form.add_error("username", f"Không có người dùng “{form.cleaned_data['username']}” đang hoạt động.")
        elif run_service(request, form, lambda: services.access_grant(actor=request.user, user=named, case=case)):
            messages.success(request, f"Đã phân công {named.get_username()} được biết hồ sơ.")
            return redirect("inspection:access_case", pk=case.pk)
    return render(request, T + "access_case.html", {"case": case, "form": form,
                                                    "named": more.named_on(case=case)})


# --- discipline complaints ------------------------------------------------------------------------------------------

@login_required
def complaint_list(request):
    page = Paginator(selectors.complaint_query(user=request.user), PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.as_read(request.user, list(page.object_list))
    day = today()
    for row in page.object_list:
        row.overdue = bool(row.accepted and row.resolved_on is None and row.due_on and row.due_on < day)
    return render(request, T + "complaint_list.html", {"page": page, "orgs": _receiving_orgs(request.user)})


@login_required
def complaint_new(request, pk):
    org = _inspecting_org(request, pk)
    form = ComplaintForm(request.POST or None)
    picked = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            picked = more.decision_for_complaint(user=request.user, org=org, pk=data.pop("decision"))
        except OutOfScope:
            form.add_error("decision", "Phải chọn quyết định kỷ luật bị khiếu nại (gõ tên đảng viên để tìm).")
        if picked is not None:
            row = run_service(request, form, lambda: services.complaint_receive(actor=request.user, org=org,
                                                                                decision=picked, **data))
            if row is not None:
                if row.accepted:
                    messages.success(request, f"Đã thụ lý khiếu nại; hạn giải quyết {row.due_on:%d/%m/%Y}.")
                else:
                    messages.warning(request, f"Không thụ lý: {row.get_refusal_reason_display().lower()}.")
                return redirect("inspection:complaint_detail", pk=row.pk)
    return render(request, T + "complaint_new.html", {"org": org, "form": form, "picked": picked})


@login_required
def complaint_decision_picker(request, pk):
    org = _inspecting_org(request, pk)
    q = request.GET.get("q", "")
    return render(request, T + "complaint_decision_choices.html",
                  {"matches": more.decision_choices(user=request.user, org=org, q=q), "q": q})


@login_required
def complaint_detail(request, pk):
    row = get_or_404(selectors.complaint_get, user=request.user, pk=pk)
    form = ComplaintDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(request, form, lambda: services.complaint_decide(
            actor=request.user, complaint=row, **form.cleaned_data)):
        messages.success(request, "Đã ghi kết quả giải quyết khiếu nại.")
        return redirect("inspection:complaint_detail", pk=row.pk)
    return render(request, T + "complaint_detail.html", {
        "row": row, "form": form, "may_decide": row.accepted and row.resolved_on is None,
        "reason_text": row.get_refusal_reason_display(), "citation": rule(K9_ADMISSIBLE, row.decision_received_on or row.received_on)})


# --- discipline proposals -------------------------------------------------------------------------------------------

def _deciding_orgs(case, subjects) -> list[Org]:
    """The orgs that may decide: the case's org and those above it, and those between it and each subject."""
    paths = set()
    for s in subjects:
        where = s.member.org if s.member_id else s.org
        if where is None:
            continue
        paths |= {where.path[:i] for i in range(Org.steplen, len(where.path) + 1, Org.steplen)}
    paths |= {case.org.path[:i] for i in range(Org.steplen, len(case.org.path) + 1, Org.steplen)}
    return list(Org.objects.filter(path__in=paths, ended_on__isnull=True).order_by("path"))


@login_required
def proposal_new(request, pk):
    case = get_or_404(selectors.case_get, user=request.user, pk=pk)
    if not selectors.may_write_case(request.user, case):
        raise PermissionDenied("Tài khoản của bạn chỉ được xem cuộc kiểm tra này.")
    subjects = selectors.case_parts(case)["subjects"]
    orgs = _deciding_orgs(case, subjects)
    form = ProposalForm(request.POST or None, subjects=subjects, orgs=orgs,
                        initial={"proposed_on": case.concluded_on})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        subject = data.pop("subject")
        pick = {s.member_id: s.member for s in subjects if s.member_id} if subject[0] == "m" else {
            s.org_id: s.org for s in subjects if s.org_id}
        chosen = pick[int(subject[1:])]
        data["member" if subject[0] == "m" else "org"] = chosen
        data["deciding_org"] = next(o for o in orgs if o.pk == data["deciding_org"])
        row = run_service(request, form, lambda: services.proposal_create(actor=request.user, case=case, **data))
        if row is not None:
            if row.limitation_warning:
                messages.warning(request, row.limitation_warning)
            messages.success(request, f"Đã ghi đề nghị kỷ luật {row.get_form_display().lower()}.")
            return redirect("inspection:proposal_detail", pk=row.pk)
    return render(request, T + "proposal_new.html", {"case": case, "form": form})


def _majority(form: str) -> str:
    return "ít nhất hai phần ba số người được biểu quyết" if form == "expulsion" else "quá nửa số người được " \
        "biểu quyết"


@login_required
def proposal_detail(request, pk):
    row = get_or_404(selectors.proposal_get, user=request.user, pk=pk)
    may_write = selectors.may_write_case(request.user, row.case)
    vote_form, decide_form = VoteForm(), DecideForm()
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("Tài khoản của bạn chỉ được xem đề nghị này.")
        action = request.POST.get("action", "")
        if action == "vote":
            vote_form = VoteForm(request.POST)
            if vote_form.is_valid() and run_service(request, vote_form, lambda: services.proposal_vote(
                    actor=request.user, proposal=row, **vote_form.cleaned_data)):
                messages.success(request, "Đã ghi kết quả biểu quyết.")
                return redirect("inspection:proposal_detail", pk=row.pk)
        elif action == "decide":
            decide_form = DecideForm(request.POST)
            if decide_form.is_valid() and run_service(request, decide_form, lambda: services.proposal_decide(
                    actor=request.user, proposal=row, **decide_form.cleaned_data)):
                messages.success(request, "Đã ghi quyết định kỷ luật vào hồ sơ đảng viên." if row.member_id
                                 else "Đã ghi quyết định kỷ luật tổ chức đảng.")
                return redirect("inspection:proposal_detail", pk=row.pk)
        else:
            raise Http404()
    verdict = None
    if row.voted_on is not None:
        try:
            verdict = rules.vote(form=row.form, yes=row.votes_for, no=row.votes_against, eligible=row.eligible,
                                 on=row.voted_on)
        except DomainError:
            verdict = None
    return render(request, T + "proposal_detail.html", {
        "row": row, "may_write": may_write, "vote_form": vote_form, "decide_form": decide_form,
        "majority": _majority(row.form), "verdict": verdict, "may_vote": may_write and row.status == PS.PROPOSED,
        "may_decide": may_write and row.status == PS.VOTED})


urlpatterns = [
    path("to-cao/", denunciation_list, name="denunciation_list"),
    path("to-cao/<int:pk>/", denunciation_detail, name="denunciation_detail"),
    path("to-chuc/<int:pk>/tiep-nhan-to-cao/", denunciation_new, name="denunciation_new"),
    path("to-chuc/<int:pk>/to-cao/chon-dang-vien/", denunciation_member_picker, name="denunciation_member_picker"),
    path("to-chuc/<int:pk>/to-cao/chon-to-chuc/", denunciation_org_picker, name="denunciation_org_picker"),
    path("khieu-nai/", complaint_list, name="complaint_list"),
    path("khieu-nai/<int:pk>/", complaint_detail, name="complaint_detail"),
    path("to-chuc/<int:pk>/tiep-nhan-khieu-nai/", complaint_new, name="complaint_new"),
    path("to-chuc/<int:pk>/khieu-nai/chon-quyet-dinh/", complaint_decision_picker, name="complaint_decision_picker"),
    path("vu-viec/<int:pk>/de-nghi-ky-luat/", proposal_new, name="proposal_new"),
    path("de-nghi-ky-luat/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("vu-viec/<int:pk>/nguoi-duoc-biet/", access_case, name="access_case"),
]
