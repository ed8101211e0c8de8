"""Member pages: list with filters and search, member page with timeline, forms for every lifecycle event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.accounts.selectors import audit_list
from dangbo.admissions import selectors as admission_selectors
from dangbo.core.dates import parse_date, today
from dangbo.core.views import get_or_404, run_service
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.jobs import exports as background
from dangbo.meetings.selectors.work import member_recent
from dangbo.members import exports, forms, paging, rules, selectors, services
from dangbo.members.choices import EventKind
from dangbo.members.models import LifecycleEvent
from dangbo.orgs import selectors as org_selectors
from dangbo.transfers import selectors as transfer_selectors
from dangbo.transfers import services as transfer_services


def _filtered(request):
    return forms.member_filter(user=request.user, data=request.GET)


@login_required
def member_list(request):
    form, qs = _filtered(request)
    # Live search replaces #results: the count and the pager go with the table.
    template = "members/_results.html" if request.headers.get("HX-Request") else "members/list.html"
    picked = form.cleaned_data.get("org") if hasattr(form, "cleaned_data") else None
    return render(request, template, {"form": form, "page": paging.member_page(request, qs), "picked_org": picked})


@login_required
def member_export(request):
    """The filtered list as XLSX; a long one (a province's) as a background job, started by POST."""
    form, qs = _filtered(request)
    count = qs.count()
    if background.too_long(count):
        return background.background_export(
            request, kind=exports.EXPORT_JOB, count=count, noun="đảng viên", title="Xuất danh sách đảng viên (Excel)",
            back=f"{reverse('members:list')}?{request.GET.urlencode()}", org=getattr(form, "cleaned_data", {}).get("org"))
    response = HttpResponse(exports.members_xlsx(qs), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.FILENAME}"'
    return response


def _seniority_day(request):
    """``?tuoi_dang=`` as dd/mm/yyyy (today when missing; a bad date is said and today used)."""
    raw = request.GET.get("tuoi_dang", "")
    try:
        return parse_date(raw) or today() if raw else today()
    except ValueError:
        messages.error(request, f"Ngày “{raw}” không hợp lệ (dd/mm/yyyy): tuổi đảng tính đến hôm nay.")
        return today()


@login_required
def member_detail(request, pk):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk)
    seniority_on = _seniority_day(request)
    scope = scope_for(request.user)
    has_temp = member.registrations.filter(kind="temporary", valid_to__isnull=True).exists()
    kinds = rules.possible_events(member.status, is_exempt=member.is_exempt, has_temporary=has_temp)
    return render(request, "members/detail.html", {
        "member": member,
        "next_events": [(k, EventKind(k).label) for k in kinds],
        "events": selectors.member_timeline(user=request.user, member=member),
        "registrations": member.registrations.select_related("org").order_by("valid_from"),
        "disciplines": member.disciplines.all(),
        "posts": member.posts.all(),
        "seats": member.committee_seats.select_related("committee__term"),
        "can_write": member.org_id and scope.covers_path(member.org.path, write=True),
        # A member reading her own record may not open her cell's page: name it without a link.
        "can_read_org": member.org_id and scope.covers_path(member.org.path),
        "history": audit_list(user=request.user, model="members.Member", object_id=str(member.pk))[:30],
        "work": member_recent(user=request.user, member=member, year=today().year),
        # a letter opens for its sending, issuing or receiving side only (the member herself reads it here)
        "letters": [(x, any(scope.covers_path(o.path) for o in (x.from_org, x.issuer, x.to_org) if o))
                    for x in transfer_selectors.letters_of_member(member)],
        # the lowest level that issues a giấy giới thiệu: the grassroots committee (a move inside its superior's
        # area, the member's own cell standing for such a destination); never the cell
        "can_issue_letter": member.is_active and member.org_id is not None
        and transfer_services.may_issue(request.user, member.org, to_org=member.org),
        "seniority": admission_selectors.seniority_of(member, seniority_on),
        "seniority_on": seniority_on,
    })


def _cells(request):
    return org_selectors.org_list(user=request.user).filter(type__is_cell=True)


@login_required
def member_create(request):
    cells = org_selectors.org_queryset(user=request.user, write=True).filter(type__is_cell=True, status="active")
    form = forms.MemberCreateForm(request.POST or None, cells=cells, initial={"org": request.GET.get("org")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = {k: d[k] for k in forms.PERSON_FIELDS}
        member = run_service(request, form, lambda: services.member_create(
            actor=request.user, data=data, org=d["org"], admitted_on=d["admitted_on"], official_on=d["official_on"],
            external_org=d["external_org"], decision_ref=d["decision_ref"], considered_on=d["considered_on"],
            approvals=form.approvals(rules.M1_AGE.code)))
        if member:
            messages.success(request, f"Đã thêm đảng viên {member.full_name}.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": "Thêm đảng viên"})


@login_required
def member_edit(request, pk):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk, write=True)
    form = forms.MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in forms.PERSON_FIELDS}
        form.instance = selectors.member_get(user=request.user, pk=pk, write=True)  # unsaved edits stay out
        if run_service(request, form, lambda: services.member_update(actor=request.user, member=member, data=data)):
            messages.success(request, "Đã cập nhật hồ sơ.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": f"Sửa hồ sơ {member.full_name}",
                                                 "member": member})


@login_required
def event_create(request, pk):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk, write=True)
    cells = _cells(request)
    form = forms.EventForm(request.POST or None, cells=cells, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        rule = rules.M12_READMISSION.code if member.status in rules.TERMINAL else rules.M1_AGE.code
        if run_service(request, form, lambda: services.event_record(
                actor=request.user, member=member, kind=d["kind"], date=d["date"], org=d["org"],
                external_org=d["external_org"], decision_ref=d["decision_ref"], decided_by=d["decided_by"],
                note=d["note"], considered_on=d["considered_on"], leave_reason=d["leave_reason"],
                record_cleared_on=d["record_cleared_on"], follow_restructuring=d["follow_restructuring"],
                approvals=form.approvals(rule))):
            messages.success(request, "Đã ghi nhận sự kiện.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member,
                                                 "title": f"Ghi sự kiện sinh hoạt đảng — {member.full_name}"})


@login_required
def event_correct(request, pk, event_pk):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk, write=True)
    event = get_or_404(lambda **_: LifecycleEvent.objects.get(pk=event_pk, member=member))
    form = forms.CorrectionForm(request.POST or None, initial={"date": event.date})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.event_correct(
                actor=request.user, event=event, void=d["void"], date=d["date"], note=d["note"])):
            messages.success(request, "Đã đính chính.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member,
                                                 "title": f"Đính chính: {event.get_kind_display()} {event.date:%d/%m/%Y}"})


@login_required
def discipline_create(request, pk):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk, write=True)
    form = forms.DisciplineFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.discipline_record(
                actor=request.user, member=member, form=d["form"], date=d["date"], decided_by=d["decided_by"],
                reason=d["reason"], decision_ref=d["decision_ref"])):
            messages.success(request, "Đã ghi quyết định kỷ luật.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member,
                                                 "title": f"Kỷ luật — {member.full_name}"})


@login_required
def post_create(request, pk):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk, write=True)
    form = forms.PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.post_assign(
                actor=request.user, member=member, kind=d["kind"], title=d["title"], starts_on=d["starts_on"],
                ends_on=d["ends_on"], org=member.org)):
            messages.success(request, "Đã ghi chức vụ.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member,
                                                 "title": f"Chức vụ — {member.full_name}"})
