"""The facts of the G2 verdict read from the records: preparation meeting, window, excused streaks, preparer."""

import datetime as dt

import pytest

from dangbo.meetings import services
from dangbo.meetings.selectors import quality
from dangbo.orgs.services import committee_seat_assign, committee_seat_end, term_open

pytestmark = pytest.mark.django_db
D = dt.date


def meeting(admin, org, day, kind="regular", **data):
    return services.meeting_save(actor=admin, org=org, kind=kind, date=day, **data).meeting


def attend(admin, m, answers):
    entries = {p.pk: answers.get(p.pk, ("P", "")) for p, exempt in services.roster(m) if not exempt}
    return services.attendance_record(actor=admin, meeting=m, entries=entries)


def test_preparation_meeting_counts_only_in_the_same_month_on_or_before_the_day(tree, admin, people):
    m = meeting(admin, tree.cell1, D(2024, 3, 5))
    assert not quality.had_preparation_meeting(m)
    meeting(admin, tree.cell1, D(2024, 3, 6), kind="preparation")  # after the meeting
    meeting(admin, tree.cell2, D(2024, 3, 1), kind="preparation")  # another cell
    assert not quality.had_preparation_meeting(m)
    meeting(admin, tree.cell1, D(2024, 3, 5), kind="preparation")
    assert quality.had_preparation_meeting(m)


def test_preparer_must_hold_the_secretary_or_deputy_post_of_the_cell_that_day(tree, admin, people):
    a, b, c, d = people
    committee = term_open(actor=admin, org=tree.cell1, name="2020–2025", starts_on=D(2020, 8, 1))
    seat = committee_seat_assign(actor=admin, committee=committee, member=a, post="deputy_secretary",
                                 starts_on=D(2020, 8, 1))
    committee_seat_assign(actor=admin, committee=committee, member=b, post="member", starts_on=D(2020, 8, 1))
    assert quality.prepared_by_secretary(meeting(admin, tree.cell1, D(2024, 3, 5), preparer=a))
    assert not quality.prepared_by_secretary(meeting(admin, tree.cell1, D(2024, 3, 6), preparer=b))
    assert not quality.prepared_by_secretary(meeting(admin, tree.cell1, D(2024, 3, 7)))
    committee_seat_end(actor=admin, seat=seat, ends_on=D(2024, 4, 1))
    assert not quality.prepared_by_secretary(meeting(admin, tree.cell1, D(2024, 4, 5), preparer=a))


def test_excused_streak_counts_members_absent_with_reason_more_than_three_regular_meetings_running(
        tree, admin, people):
    a, b, c, d = people
    for month in (1, 2, 3):
        attend(admin, meeting(admin, tree.cell1, D(2024, month, 5)), {a.pk: ("E", "ốm"), b.pk: ("E", "ốm")})
    attend(admin, meeting(admin, tree.cell1, D(2024, 3, 20), kind="thematic", agenda="x"), {a.pk: ("E", "ốm")})
    fourth = attend(admin, meeting(admin, tree.cell1, D(2024, 4, 5)), {a.pk: ("E", "ốm")})
    assert quality.excused_streaks(fourth, 3) == 1  # b came in April; the thematic meeting is not counted
    facts = quality.facts_of(fourth)
    assert facts.excused_streaks == 1 and facts.present == 3 and facts.excused == 1
    verdict = quality.quality_of(fourth, D(2024, 12, 31))
    assert not verdict.passed and any("vắng có lý do quá 3 lần liên tiếp" in r for _, r in verdict.failures)
    # a new year starts the count again
    jan = attend(admin, meeting(admin, tree.cell1, D(2025, 1, 5)), {a.pk: ("E", "ốm")})
    assert quality.excused_streaks(jan, 3) == 0


def test_window_duration_and_guidance_of_the_day(tree, admin, people):
    services.schedule_set(actor=admin, org=tree.commune, kind="fixed", start_day=3, valid_from=D(2020, 1, 1))
    late = meeting(admin, tree.cell1, D(2025, 11, 5), starts_at=dt.time(8), ends_at=dt.time(9, 45),
                   combined_session=True)
    facts = quality.facts_of(late)
    assert not facts.in_window and facts.minutes == 105
    verdict = quality.quality_of(late, D(2025, 12, 31))
    assert verdict.guidance.code == "42-HD/BTCTW"
    reasons = [r for _, r in verdict.failures]
    assert "họp 105 phút, cần ít nhất 120 phút" in reasons and "không họp đúng thời gian cấp ủy quy định" in reasons
    groups = [g for g, _ in quality.failures_by_group(verdict)]
    assert groups == sorted(groups) and groups[0].startswith("1")
    assert quality.quality_of(meeting(admin, tree.cell1, D(2025, 11, 20), kind="thematic", agenda="x"),
                              D(2025, 12, 31)) is None
    assert quality.quality_of(late, D(2025, 11, 1)) is None  # not held yet on that day
