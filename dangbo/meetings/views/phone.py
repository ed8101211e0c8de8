"""The secretary's phone (issue 8, point 7): one page for this month's meeting — day and times prefilled, every
member of the roster a row of big answers (exempt members shown as "Miễn"), the conclusion, one Save. The meeting
and its attendance are saved together or not at all: both service calls run in one transaction, so a refused
attendance leaves the meeting as it was."""

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect

from dangbo.core.dates import today
from dangbo.core.views import run_service
from dangbo.meetings import services
from dangbo.meetings.choices import MeetingKind
from dangbo.meetings.forms.record import RecordForm, parse_month
from dangbo.meetings.models import Meeting
from dangbo.meetings.selectors import cell as cell_selectors
from dangbo.meetings.selectors import record as record_selectors
from dangbo.meetings.views.common import cell_for, meeting_for, page, posted_date


@login_required
def this_month(request, pk):
    """The regular meeting of the month being recorded (see ``phone_month``); ``?thang=mm/yyyy`` switches between
    last month and this one."""
    org = cell_for(request, pk, write=True)
    day = today()
    current = day.replace(day=1)
    candidates = [current - relativedelta(months=1), current]
    asked = parse_month(request.POST.get("month") or request.GET.get("thang", ""))
    month = asked if asked in candidates else cell_selectors.phone_month(user=request.user, org=org, on=day)
    meeting = cell_selectors.regular_of(user=request.user, org=org, month=month)
    other = next(m for m in candidates if m != month)
    return _record(request, org=org, meeting=meeting, month=month, kind=MeetingKind.REGULAR, other_month=other)


@login_required
def attendance(request, pk):
    """The same page for any meeting already recorded (attendance and conclusion of a past meeting)."""
    meeting = meeting_for(request, pk, write=True)
    return _record(request, org=meeting.org, meeting=meeting, month=meeting.month, kind=meeting.kind)


def _initial(request, org, meeting):
    if meeting is not None:
        return {"date": meeting.date, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at,
                "conclusion_kind": meeting.conclusion_kind, "conclusion": meeting.conclusion}
    starts, ends = cell_selectors.last_times(user=request.user, org=org)
    return {"date": today(), "starts_at": starts, "ends_at": ends}


def _record(request, *, org, meeting, month, kind, other_month=None):
    user = request.user
    initial = _initial(request, org, meeting)
    on = posted_date(request, initial["date"])
    called = services.roster(meeting if meeting is not None and meeting.date == on else Meeting(org=org, date=on))
    form = RecordForm(request.POST if request.method == "POST" else None, initial=initial, roster=called,
                      recorded=record_selectors.attendance_map(meeting))
    if request.method == "POST" and form.is_valid():
        def save():
            with transaction.atomic():
                if meeting is None:
                    result = services.meeting_save(actor=user, org=org, kind=kind, month=month, **form.meeting_data())
                else:
                    result = services.meeting_save(actor=user, meeting=meeting, **form.meeting_data())
                saved = result.meeting
                if saved.date <= today():
                    saved = services.attendance_record(actor=user, meeting=saved, entries=form.entries())
            return result, saved

        done = run_service(request, form, save)
        if done is not None:
            result, saved = done
            if saved.date <= today():
                messages.success(request, f"Đã lưu kỳ sinh hoạt ngày {saved.date:%d/%m/%Y}: có mặt {saved.present}, "
                                          f"vắng có lý do {saved.excused}, vắng không lý do {saved.unexcused}"
                                          + (f", miễn {saved.exempt}" if saved.exempt else "") + ".")
            else:
                messages.success(request, f"Đã lưu lịch họp ngày {saved.date:%d/%m/%Y}; điểm danh sau khi họp.")
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("meetings:attendance", pk=saved.pk)
    return page(request, "phone.html", {
        "org": org, "meeting": meeting, "month": month, "kind": kind, "form": form, "rows": form.rows(),
        "other_month": other_month, "ahead": on > today(),
    })
