"""One meeting: its full form (create, edit), its page (everything recorded, attendance, guests, the G2 verdict,
the scoring sheet or level, minutes) and the actions on it. Objects are fetched through scoped selectors first —
with ``write=True`` for every change — so an outsider or a read-only user gets 404 on GET and POST alike."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect

from dangbo.core.dates import today
from dangbo.core.views import get_or_404, run_service
from dangbo.meetings import rules, selectors, services
from dangbo.meetings.choices import MeetingKind, Scorer
from dangbo.meetings.forms.record import (
    ChecksForm,
    FileForm,
    GuestsForm,
    LevelForm,
    MeetingForm,
    ScoreForm,
    describe_plan,
    parse_month,
)
from dangbo.meetings.selectors import quality
from dangbo.meetings.selectors import record as record_selectors
from dangbo.meetings.views.common import (
    can_read_org,
    can_write,
    cell_for,
    decides_above,
    meeting_for,
    page,
    posted_date,
    show_warnings,
)
from dangbo.members.models import Member
from dangbo.members.selectors import cell_roster_on
from dangbo.orgs import selectors as org_selectors


def _form(request, org, on, *, initial, preparer_id=None):
    plans = record_selectors.topic_plans(org=org, years=(on.year - 1, on.year, on.year + 1))
    members = cell_roster_on(org=org, on=on)
    if preparer_id:
        members = Member.objects.filter(Q(pk__in=members.values("pk")) | Q(pk=preparer_id)).order_by("sort_key", "id")
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial,
                       topics=record_selectors.topics_of(plans), members=members)
    return form, [describe_plan(p) for p in plans]


def _saved(request, result, verb: str):
    m = result.meeting
    messages.success(request, f"Đã {verb} {m.get_kind_display().lower()} ngày {m.date:%d/%m/%Y} "
                              f"(kỳ tháng {m.month:%m/%Y}).")
    show_warnings(request, result.warnings)
    return redirect("meetings:detail", pk=m.pk)


@login_required
def create(request, pk):
    """A new meeting of the cell; ``?loai=thematic&thang=2026-07`` preset the kind and the month it counts for."""
    org = cell_for(request, pk, write=True)
    day = today()
    kind = request.GET.get("loai", MeetingKind.REGULAR)
    kind = kind if kind in MeetingKind.values else MeetingKind.REGULAR
    month = parse_month(request.GET.get("thang", ""))
    date = day
    if month is not None and month not in rules.months_for(day):
        date = selectors.window_of(org=org, month_first=month)[0]
    initial = {"kind": kind, "date": date, "month": f"{month:%m/%Y}" if month else ""}
    form, plans = _form(request, org, posted_date(request, date), initial=initial)
    return _form_page(request, org, form, plans, None, verb="ghi", title=f"Ghi kỳ sinh hoạt — {org.name}")


@login_required
def edit(request, pk):
    meeting = meeting_for(request, pk, write=True)
    org = meeting.org
    form, plans = _form(request, org, posted_date(request, meeting.date), initial=MeetingForm.initial_from(meeting),
                        preparer_id=meeting.preparer_id)
    return _form_page(request, org, form, plans, meeting, verb="lưu", title=f"Sửa {meeting} — {org.name}")


def _form_page(request, org, form, plans, meeting, *, verb: str, title: str):
    """Save a posted meeting form (new when ``meeting`` is None) and go to the meeting, or show the form."""
    if request.method == "POST" and form.is_valid():
        target = {"meeting": meeting} if meeting is not None else {"org": org}
        result = run_service(request, form, lambda: services.meeting_save(actor=request.user, **target,
                                                                          **form.service_data()))
        if result is not None:
            return _saved(request, result, verb)
    return page(request, "form.html", {"org": org, "form": form, "plans": plans, "meeting": meeting,
                                       "ancestors": org_selectors.org_ancestors(user=request.user, org=org),
                                       "title": title})


def _score_form(meeting, sheet, scorer, scores, data=None):
    saved = next((s for s in scores if s.scorer == scorer), None)
    return ScoreForm(data, sheet=sheet, prefix=scorer, initial=dict(saved.points) if saved else None)


def _detail(request, meeting, **bound):
    """The meeting page; ``bound`` holds the one form just posted with its errors, the others are fresh."""
    user, day, org = request.user, today(), meeting.org
    writable = can_write(user, org)
    sheet = selectors.sheet_on(org=org, kind=meeting.kind, on=meeting.date)
    scores = list(record_selectors.scores_list(meeting))
    verdict = quality.quality_of(meeting, day)
    context = {
        "meeting": meeting, "org": org, "writable": writable, "sheet": sheet, "scores": scores,
        "verdict": verdict, "failures": quality.failures_by_group(verdict) if verdict else [],
        "attendance": list(record_selectors.attendance_list(meeting)),
        "guests": list(record_selectors.guests_list(meeting)),
        "files": list(record_selectors.files_list(meeting)),
        "org_readable": can_read_org(user, org),
        "ancestors": org_selectors.org_ancestors(user=user, org=org) if can_read_org(user, org) else [],
        "plan": meeting.topic.plan if meeting.topic_id else None,
        "held": meeting.date <= day,
        "minutes": rules.duration_minutes(meeting.starts_at, meeting.ends_at),
        "checks_display": [(group, label, bool((meeting.checks or {}).get(code)))
                           for code, (group, label) in rules.MANUAL_CHECKS.items()] if meeting.checks else [],
    }
    if writable:
        seats = (services.superior_seats_on(org, meeting.date)
                 .select_related("member", "committee__term__org").order_by("committee__term__org__path", "post"))
        context["guests_form"] = bound.get("guests_form") or GuestsForm(
            seats=seats, initial={"members": [g.member_id for g in context["guests"]]})
        if meeting.kind == MeetingKind.REGULAR:
            context["checks_form"] = bound.get("checks_form") or ChecksForm(initial=meeting.checks or {})
        context["file_form"] = bound.get("file_form") or FileForm()
        if sheet is None:
            context["level_form"] = bound.get("level_form") or LevelForm(initial={"level": meeting.level})
    score_forms = []
    if sheet is not None and writable:
        score_forms.append((Scorer.CELL.label, bound.get("cell_score_form") or _score_form(
            meeting, sheet, Scorer.CELL, scores), Scorer.CELL.value))
        if decides_above(user, org):
            score_forms.append((Scorer.SUPERIOR.label, bound.get("superior_score_form") or _score_form(
                meeting, sheet, Scorer.SUPERIOR, scores), Scorer.SUPERIOR.value))
    context["score_forms"] = score_forms
    return page(request, "detail.html", context)


@login_required
def detail(request, pk):
    return _detail(request, meeting_for(request, pk))


def _action(request, pk, form_name, make_form, call, done):
    """A POST from the meeting page: parse, call the service, back to the page (or the page with the errors)."""
    meeting = meeting_for(request, pk, write=True)
    if request.method != "POST":
        return redirect("meetings:detail", pk=meeting.pk)
    form = make_form(meeting)
    if form.is_valid() and run_service(request, form, lambda: call(meeting, form)) is not None:
        messages.success(request, done)
        return redirect("meetings:detail", pk=meeting.pk)
    return _detail(request, meeting, **{form_name: form})


@login_required
def guests(request, pk):
    def make(meeting):
        seats = services.superior_seats_on(meeting.org, meeting.date).select_related("member", "committee__term__org")
        return GuestsForm(request.POST, seats=seats)
    return _action(request, pk, "guests_form", make,
                   lambda m, f: services.guests_set(actor=request.user, meeting=m,
                                                    member_ids=f.cleaned_data["members"]),
                   "Đã ghi cấp ủy viên cấp trên dự sinh hoạt.")


@login_required
def checks(request, pk):
    return _action(request, pk, "checks_form", lambda m: ChecksForm(request.POST),
                   lambda m, f: services.checks_set(actor=request.user, meeting=m, checks=f.cleaned_data),
                   "Đã ghi đánh giá các tiêu chí.")


@login_required
def score(request, pk, scorer):
    if scorer not in Scorer.values:
        raise Http404()

    def make(meeting):
        if scorer == Scorer.SUPERIOR and not decides_above(request.user, meeting.org):
            raise PermissionDenied(f"Chấm điểm của cấp ủy viên cấp trên dự sinh hoạt {meeting.org.name} do cấp ủy "
                                   f"cấp trên trực tiếp ghi; tài khoản của bạn không có quyền ở cấp đó "
                                   f"({services.SUPERIOR.citation}).")
        sheet = selectors.sheet_on(org=meeting.org, kind=meeting.kind, on=meeting.date)
        if sheet is None:
            raise Http404("Chưa có phiếu chấm điểm áp dụng cho kỳ sinh hoạt này.")
        return ScoreForm(request.POST, sheet=sheet, prefix=scorer)
    return _action(request, pk, f"{scorer}_score_form", make,
                   lambda m, f: services.score_record(actor=request.user, meeting=m, scorer=scorer, points=f.points()),
                   f"Đã ghi phiếu chấm điểm ({Scorer(scorer).label.lower()}).")


@login_required
def level(request, pk):
    return _action(request, pk, "level_form", lambda m: LevelForm(request.POST),
                   lambda m, f: services.level_record(actor=request.user, meeting=m, level=f.cleaned_data["level"]),
                   "Đã ghi xếp loại kỳ sinh hoạt.")


@login_required
def file_add(request, pk):
    return _action(request, pk, "file_form", lambda m: FileForm(request.POST, request.FILES),
                   lambda m, f: services.file_attach(actor=request.user, meeting=m, upload=f.cleaned_data["file"]),
                   "Đã đính kèm tệp.")


@login_required
def file_download(request, pk, file_pk):
    """A minutes file through the meeting's scope (never a public media address)."""
    meeting = meeting_for(request, pk)
    row = get_or_404(record_selectors.file_get, meeting=meeting, pk=file_pk)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp đã lưu.") from exc
    # the type follows the checked extension, never the type the uploading browser claimed
    content_type = mimetypes.guess_type(row.name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=row.name, content_type=content_type)


@login_required
def file_remove(request, pk, file_pk):
    """POST only; a GET goes back to the meeting."""
    meeting = meeting_for(request, pk, write=True)
    row = get_or_404(record_selectors.file_get, meeting=meeting, pk=file_pk)
    if request.method != "POST":
        return redirect("meetings:detail", pk=meeting.pk)
    if run_service(request, None, lambda: services.file_remove(actor=request.user, file=row) or True):
        messages.success(request, f"Đã gỡ tệp “{row.name}”.")
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def delete(request, pk):
    """A meeting entered by mistake, before any attendance: POST only; a GET goes back to the meeting."""
    meeting = meeting_for(request, pk, write=True)
    if request.method != "POST":
        return redirect("meetings:detail", pk=meeting.pk)
    org, label = meeting.org, str(meeting)
    done = run_service(request, None, lambda: services.meeting_delete(actor=request.user, meeting=meeting) or True)
    if done is None:
        return redirect("meetings:detail", pk=meeting.pk)
    messages.success(request, f"Đã xóa {label.lower()}.")
    return redirect("meetings:cell", pk=org.pk)
