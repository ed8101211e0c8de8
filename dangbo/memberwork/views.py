"""The member-work pages (Biểu 7's registers): for an org, the rewards, Huy hiệu awards and card issues of its
subtree in a period (paginated), and the forms to record them — shown and opened only for the grassroots committee
of the org or a level above (``services.may_record``). Members and orgs are chosen with type-ahead pickers limited
to the org's subtree in the user's scope, never a list of every member. Objects come through the scoped selectors
(404 outside the scope); another level's record is a 403 naming who records; a refusal goes on the form's field."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import OutOfScope
from dangbo.core.rules import PowerViolation
from dangbo.core.views import get_or_404, run_service
from dangbo.members.selectors import member_get
from dangbo.memberwork import selectors, services
from dangbo.memberwork.forms import ORG, BadgeRecordForm, CardRecordForm, PeriodForm, RewardRecordForm
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org

T = "memberwork/"
PAGE = 50
REWARDS, BADGES, CARDS = "rewards", "badges", "cards"
PAGES = {
    REWARDS: ("Khen thưởng", selectors.rewards_of, "memberwork:reward_add"),
    BADGES: ("Huy hiệu Đảng đã trao", selectors.badge_awards_of, "memberwork:badge_add"),
    CARDS: ("Phát, cấp lại, đổi thẻ đảng viên", selectors.card_issues_of, "memberwork:card_add"),
}


def _org(request, pk) -> Org:
    return get_or_404(org_selectors.org_get, user=request.user, pk=pk)


def _base(request, org: Org, tab: str) -> dict:
    return {"org": org, "ancestors": org_selectors.org_ancestors(user=request.user, org=org), "tab": tab,
            "may_record": services.may_record(request.user, org)}


@login_required
def index(request):
    """The top org of the user's scope: its rewards this year."""
    org = org_selectors.org_roots(user=request.user).first()
    if org is None:
        return render(request, T + "no_scope.html")
    return redirect("memberwork:rewards", pk=org.pk)


def _period(form: PeriodForm) -> tuple[dt.date, dt.date]:
    year = today().year
    start, end = form.value("tu") or dt.date(year, 1, 1), form.value("den") or dt.date(year, 12, 31)
    if end < start:
        form.add_error("den", f"Ngày kết thúc ({format_date(end)}) trước ngày bắt đầu ({format_date(start)}).")
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return start, end


def _list(request, pk, tab: str):
    org = _org(request, pk)
    form = PeriodForm(request.GET)
    start, end = _period(form)
    title, read, _add = PAGES[tab]
    found = read(user=request.user, org=org, start=start, end=end, q=form.value("q") or "")
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, T + "list.html", {**_base(request, org, tab), "form": form, "page": page,
                                             "title": title, "start": start, "end": end})


@login_required
def rewards(request, pk):
    return _list(request, pk, REWARDS)


@login_required
def badges(request, pk):
    return _list(request, pk, BADGES)


@login_required
def cards(request, pk):
    return _list(request, pk, CARDS)


# --- recording ------------------------------------------------------------------------------------------------------

def _require_record(request, org: Org) -> None:
    if not services.may_record(request.user, org):
        recorder = services.recorder_of(org)
        raise PermissionDenied(f"Khen thưởng, Huy hiệu, thẻ đảng viên trong {org.name} do {recorder.name} (hoặc cấp ủy "
                               "cấp trên) ghi nhận; tài khoản của bạn không có quyền ở cấp đó.")


def _within(user, getter, pk, org: Org, path_of):
    """The object ``pk`` read through the user's scope, only when it lies in ``org``'s subtree; None otherwise."""
    if pk in (None, ""):
        return None
    try:
        found = getter(user=user, pk=pk)
    except OutOfScope:
        return None
    path = path_of(found)
    return found if path and path.startswith(org.path) else None


def _member(request, org: Org, pk):
    return _within(request.user, member_get, pk, org, lambda m: m.org.path if m.org_id else "")


def _recipient_org(request, org: Org, pk):
    return _within(request.user, org_selectors.org_get, pk, org, lambda o: o.path)


def _record_page(request, org: Org, tab: str, form, picked_member=None, picked_org=None, status: int = 200):
    return render(request, T + "record.html", {**_base(request, org, tab), "form": form, "title": PAGES[tab][0],
                                               "picked_member": picked_member, "picked_org": picked_org},
                  status=status)


def _save(request, org: Org, tab: str, form, call, picked_member=None, picked_org=None):
    """Run the service: a refusal on its field (nothing written), another level's power a 403 with its reason."""
    try:
        result = run_service(request, form, call)
    except PowerViolation as exc:
        messages.error(request, f"{exc.message} ({exc.citation})")
        return None, _record_page(request, org, tab, form, picked_member, picked_org, status=403)
    if result is None:
        return None, _record_page(request, org, tab, form, picked_member, picked_org)
    return result, None


def _picked_member_or_error(request, org: Org, form):
    member = _member(request, org, form.cleaned_data.get("member"))
    if member is None:
        form.add_error("member", "Phải chọn một đảng viên của tổ chức này (gõ tên để tìm).")
    return member


@login_required
def reward_add(request, pk):
    org = _org(request, pk)
    _require_record(request, org)
    if request.method != "POST":
        return _record_page(request, org, REWARDS, RewardRecordForm(initial={"awarded_on": today()}),
                            _member(request, org, request.GET.get("member")))
    form = RewardRecordForm(request.POST)
    member = recipient = None
    if form.is_valid():
        if form.cleaned_data["recipient"] == ORG:
            recipient = _recipient_org(request, org, form.cleaned_data.get("recipient_org"))
            if recipient is None:
                form.add_error("recipient_org", "Phải chọn một tổ chức đảng trong tổ chức này (gõ tên để tìm).")
        else:
            member = _picked_member_or_error(request, org, form)
    if not form.is_valid():
        return _record_page(request, org, REWARDS, form, member, recipient)
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("member", "recipient", "recipient_org")}
    reward, page = _save(request, org, REWARDS, form, lambda: services.reward_record(
        actor=request.user, member=member, org=recipient, **data), member, recipient)
    if page is not None:
        return page
    messages.success(request, f"Đã ghi {reward.get_form_display().lower()} ({reward.decision_ref}) cho "
                              f"{reward.recipient_name}.")
    return redirect("memberwork:rewards", pk=org.pk)


def _member_record(request, pk, kind, form_class, day_field: str, write):
    """A record about one member (a Huy hiệu, a card): the form, the picked member, the service ``write(member,
    data)`` — or the page again with the refusal. Returns (result, member, page)."""
    org = _org(request, pk)
    _require_record(request, org)
    if request.method != "POST":
        page = _record_page(request, org, kind, form_class(initial={day_field: today()}),
                            _member(request, org, request.GET.get("member")))
        return None, None, page
    form = form_class(request.POST)
    member = _picked_member_or_error(request, org, form) if form.is_valid() else None
    if not form.is_valid():
        return None, None, _record_page(request, org, kind, form, member)
    data = {k: v for k, v in form.cleaned_data.items() if k != "member"}
    result, page = _save(request, org, kind, form, lambda: write(member, data), member)
    return result, member, page


@login_required
def badge_add(request, pk):
    result, member, page = _member_record(request, pk, BADGES, BadgeRecordForm, "awarded_on", lambda member, data: (
        services.badge_award(actor=request.user, member=member, **data)))
    if page is not None:
        return page
    messages.success(request, f"Đã ghi trao Huy hiệu {result.award.years} năm tuổi Đảng cho đồng chí "
                              f"{member.full_name}.")
    for notice in result.notices:
        messages.warning(request, f"[{notice.rule.code}] {notice.text} ({notice.rule.citation})")
    return redirect("memberwork:badges", pk=pk)


@login_required
def card_add(request, pk):
    issue, member, page = _member_record(request, pk, CARDS, CardRecordForm, "issued_on", lambda member, data: (
        services.card_issue(actor=request.user, member=member, **data)))
    if page is not None:
        return page
    messages.success(request, f"Đã ghi {issue.get_kind_display().lower()} số {issue.card_number} cho đồng chí "
                              f"{member.full_name}.")
    return redirect("memberwork:cards", pk=pk)


# --- pickers (htmx) -------------------------------------------------------------------------------------------------

@login_required
def member_picker(request, pk):
    """At most 20 active members of the org's subtree in the user's scope whose name starts with what was typed."""
    org = _org(request, pk)
    q = request.GET.get("q", "")
    return render(request, T + "_member_choices.html",
                  {"matches": selectors.member_choices(user=request.user, org=org, q=q), "q": q})


@login_required
def org_picker(request, pk):
    org = _org(request, pk)
    q = request.GET.get("org_q", "")
    return render(request, T + "_org_choices.html",
                  {"matches": selectors.org_choices(user=request.user, org=org, q=q), "q": q})
