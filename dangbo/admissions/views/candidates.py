"""The admission pipeline's pages: the candidates of a subtree, a candidate's record (create), and a candidate's
file with its steps, introducers, the next deadline and the forms of the steps the user may take. Objects come
through the scoped selectors (404 outside the scope); a step of another level is a 403 naming who decides; a
rule's refusal is shown on the form with its code and citation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from dangbo.accounts.scope import scope_for
from dangbo.admissions import rules, selectors, services
from dangbo.admissions.choices import Source, Stage
from dangbo.admissions.forms import (
    CandidateForm,
    FilterForm,
    IntroducerForm,
    ReplaceIntroducerForm,
    StepForm,
    StopForm,
)
from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import PowerViolation, RuleViolation
from dangbo.core.views import get_or_404, run_service
from dangbo.members.choices import MemberStatus
from dangbo.members.selectors import cell_roster_on
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.orgs.rules import deciding_path
from dangbo.workdays.selectors import calendar_for

T = "admissions/"
PAGE = 50
FILE_STEPS = rules.NEEDS[rules.CELL_VOTE]
CLOSED = (Stage.ADMITTED, Stage.STOPPED)
# the route of introduction offered first: the union's resolution for its members, else two official members
SOURCE_ROUTE = {Source.YOUTH_UNION: rules.YOUTH_UNION, Source.TRADE_UNION: rules.TRADE_UNION}


def _run(request, form, call):
    """``run_service``; a step of another level (PowerViolation) is a 403, a rule's refusal names its code."""
    def guarded():
        try:
            return call()
        except PowerViolation as exc:
            raise PermissionDenied(f"{exc.message} ({exc.citation})") from exc
        except RuleViolation as exc:
            raise DomainError(f"[{exc.code}] {exc.message}", field=exc.field, citation=exc.citation) from exc
    return run_service(request, form, guarded)


def _writable_cell(user, org: Org) -> bool:
    return org.type.is_cell and org.is_active and scope_for(user).covers_path(org.path, write=True)


# --- the candidates of a subtree -----------------------------------------------------------------------------------

@login_required
def candidates(request):
    """``?org=`` (404 outside the scope) or the top of the user's scope; by stage and by name, 50 a page."""
    pk = request.GET.get("org")
    if pk:
        org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    else:
        org = org_selectors.org_roots(user=request.user).select_related("type__level").first()
    if org is None:
        return render(request, T + "no_scope.html")
    form = FilterForm(request.GET)
    found = get_or_404(selectors.candidate_list, user=request.user, org=org, stage=form.value("tinh_trang"),
                       q=form.value("q"))
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, T + "list.html", {
        "org": org, "form": form, "page": page, "can_add": _writable_cell(request.user, org),
        "ancestors": org_selectors.org_ancestors(user=request.user, org=org),
    })


# --- a new candidate -----------------------------------------------------------------------------------------------

@login_required
def create(request, pk):
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk, write=True)
    if not org.type.is_cell:
        raise Http404(f"{org.name} không phải chi bộ: quần chúng ưu tú do chi bộ bồi dưỡng, đề nghị.")
    form = CandidateForm(request.POST or None, members=cell_roster_on(org=org, on=today()),
                         initial={"listed_on": today()})
    if request.method == "POST" and form.is_valid():
        candidate = _run(request, form, lambda: services.candidate_create(actor=request.user, org=org,
                                                                          **form.service_data()))
        if candidate is not None:
            messages.success(request, f"Đã ghi quần chúng ưu tú {candidate.full_name} ({org.name}).")
            return redirect("admissions:detail", pk=candidate.pk)
    return render(request, T + "form.html", {
        "org": org, "form": form, "ancestors": org_selectors.org_ancestors(user=request.user, org=org)})


# --- a candidate's file --------------------------------------------------------------------------------------------

def _powers(user, cell: Org) -> dict[str, bool]:
    """Which steps the user may take for a candidate of ``cell``: the cell's file and ceremony (write on the cell),
    the proposal (the grassroots committee), the decision (the grassroots org's superior)."""
    scope = scope_for(user)
    cell_write = scope.covers_path(cell.path, write=True)
    grassroots = org_selectors.grassroots_of(cell)
    above = deciding_path(grassroots.path, Org.steplen)
    out = dict.fromkeys(rules.STEPS, cell_write)
    out[rules.GRASSROOTS] = scope.may_decide_for(grassroots.path)
    out[rules.DECISION] = bool(above) and scope.may_decide_for(above)
    return out


def next_steps(stage: str, passed: set[str]) -> list[str]:
    """The steps the file may take now: the file's papers until the cell votes, then one step at a time."""
    if stage in CLOSED:
        return []
    if rules.CELL_VOTE not in passed:
        steps = [s for s in FILE_STEPS if s not in passed]
        return steps + ([rules.CELL_VOTE] if all(s in passed for s in FILE_STEPS) else [])
    return [s for s in (rules.GRASSROOTS, rules.DECISION, rules.CEREMONY)
            if s not in passed and all(n in passed for n in rules.NEEDS[s])]


def _deadline(stage: str, last: dict) -> tuple[str, object] | None:
    """The deadline of the next step where the regulation sets one (M5 decision, M6 ceremony)."""
    if stage in CLOSED:
        return None
    if rules.DECISION in last:
        start = last[rules.DECISION].date
        due = rules.ceremony_due(calendar_for(range(start.year, start.year + 2)), start)
        return (f"Hạn tổ chức lễ kết nạp: {rules.CEREMONY_DAYS} ngày làm việc từ ngày nhận quyết định "
                f"(quyết định ngày {format_date(start)})", due)
    if rules.CELL_VOTE in last:
        start = last[rules.CELL_VOTE].date
        due = rules.decision_due(calendar_for(range(start.year, start.year + 2)), start)
        return (f"Hạn cấp ủy có thẩm quyền quyết định kết nạp: {rules.DECISION_DAYS} ngày làm việc từ nghị quyết "
                f"của chi bộ ngày {format_date(start)}", due)
    return None


def _detail(request, candidate, *, bound: StepForm | None = None, intro: IntroducerForm | None = None,
            stop: StopForm | None = None, replace: ReplaceIntroducerForm | None = None):
    """The candidate's page; ``bound`` / ``intro`` / ``stop`` / ``replace`` hold the form just posted with its
    errors."""
    user, cell = request.user, candidate.org
    steps = selectors.steps_of(candidate)
    last = {s.step: s for s in steps if s.passed}
    powers = _powers(user, cell)
    forms = [bound if bound is not None and bound.step == s else StepForm(step=s, initial={"date": today()})
             for s in next_steps(candidate.stage, set(last)) if powers[s]]
    if bound is not None and bound not in forms:
        forms.insert(0, bound)  # a step refused before its turn: its form stays, with the refusal on it
    writable = powers[rules.COURSE] and candidate.stage not in CLOSED
    introducers = selectors.introductions_of(candidate)
    if writable and intro is None:
        current = [i.route for i in introducers if i.replaced_on is None]
        route = current[0] if current else SOURCE_ROUTE.get(candidate.source, rules.TWO_MEMBERS)
        intro = IntroducerForm(members=_introducer_choices(cell), initial={"given_on": today(), "route": route})
    readable_org = scope_for(user).covers_path(cell.path)
    cell_write = powers[rules.COURSE]
    open_case = cell_write and candidate.stage not in CLOSED
    stop = (stop or StopForm(initial={"on": today()})) if open_case else None
    replaceable = [i for i in introducers if cell_write and _replaceable(candidate, i)]
    if replaceable:
        roster_org = candidate.member.org if candidate.stage == Stage.ADMITTED else cell
        roster = _introducer_choices(roster_org)
        # the roster read once for the page: the unbound forms share its choices (the introducer form's too)
        choices = [("", "---------"), *((m.pk, m.full_name) for m in roster)]
        if intro is not None and not intro.is_bound and roster_org == cell:
            intro.fields["member"].choices = choices
        for i in replaceable:
            if replace is not None and replace.introduction_pk == i.pk:
                i.replace_form = replace
            else:
                i.replace_form = ReplaceIntroducerForm(introduction_pk=i.pk, members=roster, initial={"on": today()})
                i.replace_form.fields["member"].choices = choices
    return render(request, T + "detail.html", {
        "candidate": candidate, "org": cell, "steps": steps, "introducers": introducers,
        "deadline": _deadline(candidate.stage, last), "forms": forms, "intro": intro if writable else None,
        "stop": stop, "replace_open": replace.introduction_pk if replace is not None else None,
        "ancestors": org_selectors.org_ancestors(user=user, org=cell) if readable_org else [],
        "group_labels": _group_labels(candidate.groups),
    })


def _group_labels(codes) -> list[str]:
    from_choices = dict(CandidateForm.base_fields["groups"].choices)
    return [from_choices.get(c, c) for c in codes or ()]


def _introducer_choices(cell: Org):
    return cell_roster_on(org=cell, on=today()).filter(status=MemberStatus.OFFICIAL)


@login_required
def detail(request, pk):
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk)
    return _detail(request, candidate)


@login_required
def step_record(request, pk, step):
    if step not in rules.STEPS:
        raise Http404("Bước hồ sơ không hợp lệ.")
    cell_step = step not in (rules.GRASSROOTS, rules.DECISION)
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk, write=cell_step)
    if not _powers(request.user, candidate.org)[step]:
        raise PermissionDenied(f"“{rules.STEPS[step]}” do cấp ủy khác ghi; tài khoản của bạn không có quyền ở cấp đó.")
    if request.method != "POST":
        return redirect("admissions:detail", pk=candidate.pk)
    form = StepForm(request.POST, step=step)
    if form.is_valid():
        result = _run(request, form, lambda: services.step_record(actor=request.user, candidate=candidate,
                                                                  **form.service_data()))
        if result is not None:
            row = result.step
            verdict = "" if row.passed else " — chưa đạt"
            messages.success(request, f"Đã ghi “{rules.STEPS[step]}” ngày {format_date(row.date)}{verdict}.")
            for notice in result.notices:
                messages.warning(request, f"[{notice.rule.code}] {notice.text} ({notice.rule.citation})")
            return redirect("admissions:detail", pk=candidate.pk)
    return _detail(request, candidate, bound=form)


@login_required
def introducer_add(request, pk):
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk, write=True)
    if request.method != "POST":
        return redirect("admissions:detail", pk=candidate.pk)
    form = IntroducerForm(request.POST, members=_introducer_choices(candidate.org))
    if form.is_valid():
        row = _run(request, form, lambda: services.introducer_add(actor=request.user, candidate=candidate,
                                                                  **form.cleaned_data))
        if row is not None:
            messages.success(request, f"Đã ghi người giới thiệu: đồng chí {row.member.full_name}.")
            return redirect("admissions:detail", pk=candidate.pk)
    return _detail(request, candidate, intro=form)


# --- stopping a case, replacing an introducer (issue 9) -----------------------------------------------------------

def _replaceable(candidate, introduction) -> bool:
    """Whether the cell may replace this introducer now: before the ceremony, or during probation when the
    introducer moved to another cell or left the party (``services.introducer_replace`` judges the rest)."""
    if introduction.replaced_on is not None or candidate.stage == Stage.STOPPED:
        return False
    if candidate.stage != Stage.ADMITTED:
        return True
    joined = candidate.member
    if joined is None or joined.status != MemberStatus.PROBATIONARY or joined.org_id is None:
        return False
    gone = introduction.member
    return gone.status in services.INTRODUCER_GONE or gone.org_id != joined.org_id


@login_required
def stop(request, pk):
    """Stop considering the candidate: the cell, or a level above that may write for it."""
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk, write=True)
    if request.method != "POST":
        return redirect("admissions:detail", pk=candidate.pk)
    form = StopForm(request.POST)
    if form.is_valid():
        done = _run(request, form, lambda: services.candidate_stop(actor=request.user, candidate=candidate,
                                                                   **form.cleaned_data))
        if done is not None:
            messages.success(request, f"Đã dừng xem xét kết nạp {candidate.full_name} từ ngày "
                                      f"{format_date(done.stopped_on)}.")
            return redirect("admissions:detail", pk=candidate.pk)
    return _detail(request, candidate, stop=form)


@login_required
def introducer_replace(request, pk, introduction_pk):
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk, write=True)
    introduction = next((i for i in selectors.introductions_of(candidate) if i.pk == introduction_pk), None)
    if introduction is None:
        raise Http404("Không có người giới thiệu này trong hồ sơ.")
    if request.method != "POST":
        return redirect("admissions:detail", pk=candidate.pk)
    org = candidate.member.org if candidate.stage == Stage.ADMITTED and candidate.member else candidate.org
    form = ReplaceIntroducerForm(request.POST, introduction_pk=introduction.pk, members=_introducer_choices(org))
    if form.is_valid():
        row = _run(request, form, lambda: services.introducer_replace(
            actor=request.user, introduction=introduction, **form.cleaned_data))
        if row is not None:
            messages.success(request, f"Đã thay người giới thiệu: đồng chí {row.member.full_name} thay đồng chí "
                                      f"{introduction.member.full_name}.")
            return redirect("admissions:detail", pk=candidate.pk)
    return _detail(request, candidate, replace=form)
