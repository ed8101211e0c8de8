"""A year and a half of cell meetings for the demo district, up to the demo's day (issue 8, point 9).

The committees' configuration goes through the services, audited as a user would enter it: the district's
schedule (003: the last week, by the 10th of the next month), two communes' fixed day (000: the 3rd), the
province's scoring sheet (G3). The history is then written set-based, like the generator's members (no audit
entries: the generated histories have none either): regular, thematic and preparation meetings with their
attendance, superior attendees and assignments, six-monthly checks, scores, and the cell's work with its members.

The gaps are the ones the compliance alerts look for, at rates a district might show: a month without a regular
meeting, a meeting outside the window, no conclusion, a quarter without a thematic meeting, no preparation
meeting, members absent without reason 3 times or more in 12 months, an assigned attendee who never came,
members without a task, a commitment, a personal plan or a residence cell's comment.

Deterministic by seed: cells in tree order, members by id, one random stream.
"""

import bisect
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from dangbo.demo.people import FastRandom
from dangbo.demo.writer import Writer, after_bulk_load
from dangbo.meetings import rules, services
from dangbo.meetings.choices import MeetingKind, Presence
from dangbo.meetings.models import (
    Attendance,
    AttendanceAssignment,
    Meeting,
    MeetingGuest,
    MeetingScore,
    MemberTask,
    OversightCheck,
    ResidenceLiaison,
    Topic,
    TopicPlan,
    YearlyPaper,
)
from dangbo.meetings.reference import example_sheet_criteria
from dangbo.members.choices import EventKind
from dangbo.members.models import LifecycleEvent, Member, Registration
from dangbo.orgs.models import CommitteeSeat, Org

D = dt.date
SEED = 2023
MONTHS_BACK = 16  # from the quarter holding this many months before the demo's day: 17–19 months of meetings

# The rates of the gaps (per cell-month, cell-quarter, member, cell).
NO_REGULAR = 0.02
LATE = 0.05
NO_CONCLUSION = 0.04
SKIPS_THEMATIC = 0.07
NO_PREPARATION = 0.08
SHORT = 0.06
DRIFTING = 0.004  # members who stop coming: absent without reason from about a third of the meetings
SICK = 0.01  # long illness: absent with reason most of the time
NEVER_CAME = 0.1  # assigned superior attendees who never attended
NO_TASK, NO_COMMITMENT, NO_PLAN, NOT_CONFIRMED = 0.07, 0.05, 0.1, 0.15

AGENDAS = [
    "Đánh giá kết quả thực hiện nhiệm vụ tháng, triển khai nhiệm vụ tháng tới",
    "Kiểm điểm việc thực hiện nghị quyết tháng trước; bàn nhiệm vụ phát triển kinh tế, xây dựng nông thôn mới",
    "Sơ kết công tác tháng; công tác phát triển đảng viên; thu nộp đảng phí",
    "Đánh giá tình hình an ninh trật tự, phòng chống thiên tai; nhiệm vụ tháng tới",
]
CONCLUSIONS = [
    "Chi bộ thống nhất các nhiệm vụ trọng tâm tháng tới, phân công đảng viên phụ trách từng việc.",
    "Nghị quyết: hoàn thành thu nộp đảng phí; vận động nhân dân tham gia vệ sinh môi trường.",
    "Kết luận: tiếp tục theo dõi quần chúng ưu tú, đề nghị kết nạp trong quý tới.",
    "Nghị quyết: đẩy mạnh chuyển đổi cây trồng, hỗ trợ hộ nghèo; đảng viên gương mẫu thực hiện.",
]
TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao vai trò tiền phong, gương mẫu của đảng viên nơi cư trú",
    "Chuyển đổi số trong sinh hoạt chi bộ và đời sống nhân dân",
    "Phòng, chống suy thoái tư tưởng chính trị, “tự diễn biến”, “tự chuyển hóa”",
    "Xây dựng nông thôn mới nâng cao, đô thị văn minh",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác quan điểm sai trái",
    "Thực hành tiết kiệm, chống lãng phí",
    "Phát huy dân chủ cơ sở, giải quyết kiến nghị của nhân dân",
]
REASONS = ["Ốm", "Đi công tác", "Việc gia đình", "Đi làm ăn xa", "Nằm viện", "Đi học tập trung"]
TASKS = [
    "Phụ trách vận động hộ gia đình khu dân cư", "Theo dõi, giúp đỡ quần chúng ưu tú", "Tham gia tổ hòa giải",
    "Phụ trách công tác thanh niên", "Vận động nhân dân xây dựng nông thôn mới", "Theo dõi an ninh trật tự thôn",
    "Phụ trách công tác tuyên truyền", "Tham gia ban công tác mặt trận",
]
FINDINGS = [
    "Chi bộ sinh hoạt đều đặn, đúng quy định; nghị quyết sát thực tế.",
    "Sinh hoạt nền nếp; cần nâng cao chất lượng thảo luận, tự phê bình và phê bình.",
    "Một số kỳ sinh hoạt chưa đủ thời lượng; biên bản ghi chưa đầy đủ.",
    "Tỷ lệ đảng viên dự họp chưa cao; đề nghị chi bộ nhắc nhở đảng viên vắng nhiều lần.",
]
WORKING = {"cbccvc", "llvt", "lao_dong_dn", "cong_nhan"}
POSTS = {"secretary": "Bí thư", "deputy_secretary": "Phó Bí thư", "standing": "Ủy viên Ban Thường vụ",
         "member": "Cấp ủy viên"}


def demo_day(district: Org) -> dt.date:
    """The day the demo was generated for: the generator stamps every member with 08:00 of it."""
    stamped = Member.objects.filter(org__path__startswith=district.path).aggregate(m=Max("created_at"))["m"]
    day = timezone.localtime(stamped).date() if stamped else timezone.localdate()
    return min(day, timezone.localdate())


def period_of(as_of: dt.date) -> tuple[dt.date, dt.date]:
    back = as_of.replace(day=1) - relativedelta(months=MONTHS_BACK)
    return back.replace(month=(back.month - 1) // 3 * 3 + 1), as_of


def _valid(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or day < end)


class Book:
    """The district's facts the history is drawn from: cells, their members over time, exemptions, seats."""

    def __init__(self, district: Org, start: dt.date, as_of: dt.date):
        orgs = list(Org.objects.filter(path__startswith=district.path).select_related("type", "kind")
                    .order_by("path"))
        self.by_path = {o.path: o for o in orgs}
        self.cells = [o for o in orgs if o.type.is_cell and o.founded_on <= as_of
                      and (o.ended_on is None or o.ended_on > start)]
        cell_ids = {c.pk for c in self.cells}
        self.regs: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
        for member_id, org_id, since, until in (
                Registration.objects.filter(org_id__in=cell_ids, kind="official", valid_from__lte=as_of)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start)).order_by("member_id", "valid_from")
                .values_list("member_id", "org_id", "valid_from", "valid_to")):
            self.regs[org_id].append((member_id, since, until))
        members = {m for rows in self.regs.values() for m, _, _ in rows}
        self.exempt_events: dict[int, tuple[list[dt.date], list[str]]] = {}
        for member_id, day, kind in (LifecycleEvent.objects.filter(
                member_id__in=members, kind__in=[EventKind.EXEMPT, EventKind.EXEMPT_END], is_void=False,
                superseded_by__isnull=True).order_by("member_id", "date", "id").values_list("member_id", "date", "kind")):
            days, kinds = self.exempt_events.setdefault(member_id, ([], []))
            days.append(day)
            kinds.append(kind)
        self.category = dict(Member.objects.filter(pk__in=members).values_list("pk", "category"))
        self.seats: dict[int, list[tuple[int, str, dt.date, dt.date | None]]] = defaultdict(list)
        for org_id, member_id, post, since, until in (
                CommitteeSeat.objects.filter(committee__term__org__path__startswith=district.path)
                .order_by("committee__term__org_id", "starts_on", "id")
                .values_list("committee__term__org_id", "member_id", "post", "starts_on", "ends_on")):
            self.seats[org_id].append((member_id, post, since, until))

    def parent(self, org: Org) -> Org:
        return self.by_path[org.path[:-Org.steplen]]

    def roster(self, cell: Org, day: dt.date) -> list[int]:
        return [m for m, since, until in self.regs[cell.pk] if _valid(since, until, day)]

    def exempt(self, member_id: int, day: dt.date) -> bool:
        found = self.exempt_events.get(member_id)
        if not found:
            return False
        at = bisect.bisect_right(found[0], day) - 1
        return at >= 0 and found[1][at] == EventKind.EXEMPT

    def seated(self, org: Org, day: dt.date, posts=None) -> list[tuple[int, str]]:
        return [(m, p) for m, p, since, until in self.seats[org.pk]
                if _valid(since, until, day) and (posts is None or p in posts)]


class History:
    """The rows being built, with their ids (assigned here, as the generator does)."""

    def __init__(self, writer: Writer):
        self.w = writer
        self.next = {model: writer.next_ids(model) for model in (
            Meeting, Attendance, MeetingGuest, MeetingScore, TopicPlan, Topic, AttendanceAssignment, OversightCheck,
            MemberTask, YearlyPaper, ResidenceLiaison)}
        self.rows: dict = defaultdict(list)

    def add(self, model, row: tuple) -> int:
        pk = self.next[model]
        self.next[model] = pk + 1
        self.rows[model].append((pk, *row))
        return pk


FIELDS = {
    Meeting: ("id", "org", "kind", "month", "date", "starts_at", "ends_at", "place", "group_name", "agenda",
              "documents_posted_on", "topic", "combined_session", "preparer", "has_draft_resolution",
              "conclusion_kind", "conclusion", "checks", "level", "score", "present", "excused", "unexcused",
              "exempt", "created_by", "created_at"),
    Attendance: ("id", "meeting", "member", "status", "reason", "org", "date"),
    MeetingGuest: ("id", "meeting", "member", "role"),
    MeetingScore: ("id", "meeting", "sheet", "scorer", "points", "total", "level"),
    TopicPlan: ("id", "org", "year", "approved_on", "approved_ref"),
    Topic: ("id", "plan", "quarter", "title"),
    AttendanceAssignment: ("id", "org", "cell", "member", "valid_from", "valid_to"),
    OversightCheck: ("id", "org", "cell", "year", "half", "checked_on", "findings"),
    MemberTask: ("id", "member", "org", "assigned_on", "title", "due_on", "result", "done_on"),
    YearlyPaper: ("id", "member", "org", "year", "kind", "signed_on", "content"),
    ResidenceLiaison: ("id", "member", "org", "year", "residence_cell", "residence_cell_name", "introduced_on",
                       "confirmed_on", "comment"),
}


class Builder:
    def __init__(self, book: Book, history: History, rng: FastRandom, start: dt.date, as_of: dt.date, sheet,
                 fixed_communes: set[int], created_at):
        self.book, self.h, self.rng, self.start, self.as_of = book, history, rng, start, as_of
        self.sheet = sheet
        self.sheet_rule = rules.Sheet(tuple(sheet.criteria), sheet.good_from, sheet.fair_from, sheet.average_from)
        self.fixed_communes = fixed_communes
        self.created_at = created_at
        w = history.w
        self.d = lambda day: w.dates[day.toordinal()] if day else None
        self.t = lambda time: w.ops.adapt_timefield_value(time) if time else None
        self.j = lambda model, name, value: w.json(model, name, value)
        self.months = []
        month = start.replace(day=1)
        while month <= as_of:
            self.months.append(month)
            month += relativedelta(months=1)
        self.residential = [c for c in book.cells if c.kind_id and c.kind.is_residential and c.ended_on is None]
        self.levels: dict[int, tuple[str, Decimal]] = {}  # meeting id → the level that counts and its score

    # -- per cell ------------------------------------------------------------------------------------------
    def window(self, cell: Org, month: dt.date) -> tuple[dt.date, dt.date]:
        if self.book.parent(cell).pk in self.fixed_communes:
            return rules.month_window("fixed", 3, None, False, month)
        return rules.month_window("window", -7, 10, True, month)

    def cell(self, cell: Org, drifting: set[int], sick: set[int]) -> None:
        rng = self.rng
        active = lambda day: _valid(cell.founded_on, cell.ended_on, day)  # noqa: E731
        attendee = self._assignment(cell)
        never_came = attendee is not None and rng.random() < NEVER_CAME
        plans = self._plans(cell)
        skipped_quarter = None
        if rng.random() < SKIPS_THEMATIC:
            skipped_quarter = rng.choice([(m.year, (m.month - 1) // 3 + 1) for m in self.months[:-3]])
        thematic_done = set()
        regulars: list[tuple[dt.date, dt.date]] = []
        for month in self.months:
            start, end = self.window(cell, month)
            if not active(start) or not self.book.roster(cell, start):
                continue
            quarter = (month.year, (month.month - 1) // 3 + 1)
            if rng.random() < NO_REGULAR and month != self.months[-1]:
                continue
            if rng.random() < LATE:
                day = end + dt.timedelta(days=rng.randint(2, 12))
                if day.replace(day=1) - relativedelta(months=1) > month:
                    day = (month + relativedelta(months=2)) - dt.timedelta(days=1)
            else:
                day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
            if day > self.as_of or not active(day):
                continue
            last_in_quarter = month.month % 3 == 0
            thematic_now = (quarter not in thematic_done and quarter != skipped_quarter
                            and (last_in_quarter or rng.random() < 0.4))
            combined = thematic_now and rng.random() < 0.35
            regular_id, facts = self._meeting(cell, MeetingKind.REGULAR, month, day, combined, drifting, sick)
            regulars.append((month, day))
            self._score(regular_id, facts, superior=False)
            self._preparation(cell, month, day)
            if attendee is not None and not never_came and (rng.random() < 0.25 or len(regulars) == 3):
                member_id, post = attendee
                if member_id in {m for m, _ in self.book.seated(self.book.parent(cell), day)}:
                    self.h.add(MeetingGuest, (regular_id, member_id, POSTS.get(post, "")))
                    self._score(regular_id, facts, superior=True)
            if thematic_now:
                plan_topics = plans.get(month.year)
                topic_id = plan_topics[quarter[1]] if plan_topics else None
                thematic_day = day if combined else min(self.as_of, day + dt.timedelta(days=rng.randint(5, 15)))
                if thematic_day.replace(day=1) - relativedelta(months=1) <= month and active(thematic_day):
                    self._meeting(cell, MeetingKind.THEMATIC, month, thematic_day, combined, drifting, sick,
                                  topic_id=topic_id)
                    thematic_done.add(quarter)
        self._checks(cell)

    def _assignment(self, cell: Org) -> tuple[int, str] | None:
        """A member of the committee above, seated on the demo's day, assigned from the period's start (or
        their seat's, when the committee's new term began later)."""
        parent = self.book.parent(cell)
        seats = [(m, p, since) for m, p, since, until in self.book.seats[parent.pk]
                 if _valid(since, until, self.as_of) and p != "secretary"]
        if not seats:
            return None
        member_id, post, since = seats[self.rng.randrange(len(seats))]
        self.h.add(AttendanceAssignment, (parent.pk, cell.pk, member_id, self.d(max(self.start, since)), None))
        return member_id, post

    def _plans(self, cell: Org) -> dict[int, dict[int, int]]:
        out = {}
        for year in sorted({m.year for m in self.months}):
            approved = D(year, 1, 10) + dt.timedelta(days=self.rng.randint(0, 40))
            approved = approved if self.rng.random() < 0.93 and approved <= self.as_of else None
            plan_id = self.h.add(TopicPlan, (cell.pk, year, self.d(approved), "Công văn của cấp ủy cơ sở"
                                             if approved else ""))
            first = self.rng.randrange(len(TOPICS))
            out[year] = {q: self.h.add(Topic, (plan_id, q, TOPICS[(first + q) % len(TOPICS)])) for q in (1, 2, 3, 4)}
        return out

    def _meeting(self, cell: Org, kind: str, month: dt.date, day: dt.date, combined: bool, drifting: set[int],
                 sick: set[int], topic_id: int | None = None) -> tuple[int, tuple]:
        rng = self.rng
        hour = rng.choice((dt.time(7, 30), dt.time(8), dt.time(14), dt.time(19, 30)))
        needed = 120 if combined else 90
        minutes = rng.randint(60, needed - 5) if rng.random() < SHORT else rng.randint(needed, needed + 60)
        ends = (dt.datetime.combine(day, hour) + dt.timedelta(minutes=minutes)).time()
        roster = self.book.roster(cell, day)
        rows, tally = [], dict.fromkeys(Presence.values, 0)
        for member_id in roster:
            reason = ""
            if self.book.exempt(member_id, day):
                status = Presence.EXEMPT
            else:
                x = rng.random()
                if member_id in drifting:
                    status = Presence.UNEXCUSED if x < 0.4 else Presence.PRESENT
                elif member_id in sick:
                    status = Presence.EXCUSED if x < 0.8 else Presence.PRESENT
                else:
                    status = (Presence.UNEXCUSED if x < 0.006 else Presence.EXCUSED if x < 0.05
                              else Presence.PRESENT)
                if status == Presence.EXCUSED:
                    reason = "Ốm" if member_id in sick else rng.choice(REASONS)
            tally[status] += 1
            rows.append((member_id, status, reason))
        has_conclusion = rng.random() >= NO_CONCLUSION
        secretaries = self.book.seated(cell, day, ("secretary", "deputy_secretary"))
        preparer = secretaries[0][0] if secretaries and rng.random() < 0.9 else (roster[0] if roster else None)
        counted = tally["P"] + tally["E"] + tally["U"]
        good_attendance = counted and tally["P"] / counted > 0.85 and not tally["U"]
        checks = {code: rng.random() < (0.98 if good_attendance else 0.8) for code in rules.MANUAL_CHECKS}
        checks["minutes_complete"] = checks["minutes_complete"] and has_conclusion
        conclusion = rng.choice(CONCLUSIONS) if has_conclusion else ""
        agenda = rng.choice(AGENDAS) if kind == MeetingKind.REGULAR else "Sinh hoạt chuyên đề theo kế hoạch"
        posted = day - dt.timedelta(days=rng.randint(1, 4)) if rng.random() < 0.9 else None
        meeting_id = self.h.add(Meeting, (
            cell.pk, kind, self.d(month), self.d(day), self.t(hour), self.t(ends), "Hội trường " + cell.name[7:],
            "", agenda, self.d(posted), topic_id, combined, preparer, rng.random() < 0.9,
            ("resolution" if rng.random() < 0.5 else "conclusion") if has_conclusion else "", conclusion,
            self.j(Meeting, "checks", checks), "", None, tally["P"], tally["E"], tally["U"], tally["X"], None,
            self.created_at))
        day_value, cell_id, out, pk = self.d(day), cell.pk, self.h.rows[Attendance], self.h.next[Attendance]
        for member_id, status, reason in rows:  # the bulk of the rows: appended here, not through ``add``
            out.append((pk, meeting_id, member_id, status, reason, cell_id, day_value))
            pk += 1
        self.h.next[Attendance] = pk
        # the cell's own scoring is lenient on attendance: full marks from 80% present
        lenient = bool(counted) and tally["P"] / counted >= 0.8
        return meeting_id, (lenient, minutes >= needed, has_conclusion, checks)

    def _score(self, meeting_id: int, facts: tuple, superior: bool) -> None:
        """Points on the province's sheet that follow the meeting's facts; the superior's is the level."""
        good_attendance, long_enough, has_conclusion, checks = facts
        full = {"attendance": good_attendance, "duration": long_enough, "minutes": has_conclusion,
                "speaking": checks["many_spoke"], "content": checks["content_complete"],
                "criticism": checks["praise_criticism"], "results": checks["results"]}
        points = {}
        x = self.rng.random()
        weak = 0.3 if x < 0.006 else 0.6 if x < 0.035 else None  # a poor meeting, a weak one
        for c in self.sheet.criteria:
            top = c["points"]
            if weak:
                points[c["code"]] = int(top * (weak + 0.1 * self.rng.random()))
                continue
            ok = full.get(c["code"], self.rng.random() < 0.95)
            points[c["code"]] = top if ok else max(0, top - self.rng.randint(2, max(2, top // 2)))
        total, level = rules.score(self.sheet_rule, points)
        self.h.add(MeetingScore, (meeting_id, self.sheet.pk, "superior" if superior else "cell",
                                  self.j(MeetingScore, "points", {k: str(v) for k, v in points.items()}),
                                  self.h.w.ops.adapt_decimalfield_value(Decimal(total), 5, 1), level))
        if superior or meeting_id not in self.levels:
            self.levels[meeting_id] = (level, total)

    def _preparation(self, cell: Org, month: dt.date, day: dt.date) -> None:
        if not self.book.seated(cell, day) or self.rng.random() < NO_PREPARATION:
            return
        prep = max(day - dt.timedelta(days=self.rng.randint(2, 7)), month)
        if prep < cell.founded_on:
            return
        secretary = self.book.seated(cell, day, ("secretary",))
        self.h.add(Meeting, (
            cell.pk, MeetingKind.PREPARATION, self.d(month), self.d(prep), self.t(dt.time(16)), self.t(dt.time(17)),
            "", "", "Chi ủy thống nhất nội dung, dự thảo nghị quyết kỳ sinh hoạt tháng", None, None, False,
            secretary[0][0] if secretary else None, True, "conclusion", "Thống nhất nội dung kỳ sinh hoạt.",
            self.j(Meeting, "checks", {}), "", None, 0, 0, 0, 0, None, self.created_at))

    def _checks(self, cell: Org) -> None:
        parent = self.book.parent(cell)
        for year in sorted({m.year for m in self.months}):
            for half in (1, 2):
                end = D(year, 6, 30) if half == 1 else D(year, 12, 31)
                first = D(year, 1, 1) if half == 1 else D(year, 7, 1)
                if end < self.start or first > self.as_of or self.rng.random() < 0.15:
                    continue
                on = end - dt.timedelta(days=self.rng.randint(5, 25))
                if on > self.as_of or not _valid(cell.founded_on, cell.ended_on, on):
                    continue
                self.h.add(OversightCheck, (parent.pk, cell.pk, year, half, self.d(on), self.rng.choice(FINDINGS)))

    # -- members' work -------------------------------------------------------------------------------------
    def member_work(self, cell: Org) -> None:
        rng = self.rng
        for year in sorted({m.year for m in self.months}):
            jan = max(D(year, 1, 15), self.start) if year == self.start.year else D(year, 1, 15)
            if jan > self.as_of or not _valid(cell.founded_on, cell.ended_on, jan):
                continue
            for member_id in self.book.roster(cell, jan):
                if self.book.exempt(member_id, jan):
                    continue
                if rng.random() >= NO_TASK:
                    assigned = jan + dt.timedelta(days=rng.randint(0, 45))
                    if assigned <= self.as_of:
                        due = assigned + dt.timedelta(days=rng.randint(60, 300))
                        done = due - dt.timedelta(days=rng.randint(0, 30)) if due <= self.as_of and \
                            rng.random() < 0.85 else None
                        self.h.add(MemberTask, (member_id, cell.pk, self.d(assigned), rng.choice(TASKS), self.d(due),
                                                "Hoàn thành" if done else "", self.d(done)))
                for kind, missing in (("commitment", NO_COMMITMENT), ("plan", NO_PLAN)):
                    if rng.random() >= missing:
                        signed = D(year, 1, 2) + dt.timedelta(days=rng.randint(0, 40))
                        if signed <= self.as_of:
                            self.h.add(YearlyPaper, (member_id, cell.pk, year, kind, self.d(signed), ""))
                if self.book.category.get(member_id) in WORKING and not (cell.kind_id and cell.kind.is_residential):
                    home = self.residential[rng.randrange(len(self.residential))] if self.residential else None
                    introduced = D(year, 1, 20) + dt.timedelta(days=rng.randint(0, 30))
                    confirmed = D(year, 12, 10) + dt.timedelta(days=rng.randint(0, 15))
                    if confirmed > self.as_of or rng.random() < NOT_CONFIRMED:
                        confirmed = None
                    if introduced <= self.as_of:
                        self.h.add(ResidenceLiaison, (
                            member_id, cell.pk, year, home.pk if home else None, "" if home else "Chi bộ nơi cư trú",
                            self.d(introduced), self.d(confirmed),
                            "Đảng viên gương mẫu, tham gia tốt các phong trào ở nơi cư trú." if confirmed else ""))


def _configure(actor, district: Org, start: dt.date) -> tuple:
    """The schedules and the sheet, entered through the services (audited like a user's)."""
    province = Org.objects.get(path=district.path[:Org.steplen])
    since = D(start.year, 1, 1)
    services.schedule_set(actor=actor, org=district, kind="window", start_day=-7, end_day=10, ends_next_month=True,
                          valid_from=since, decision_ref="03-CTr/HU",
                          note="Tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau")
    communes = list(Org.objects.filter(path__startswith=district.path, depth=district.depth + 1,
                                       type__is_grassroots=True, type__is_cell=False, kind__code="xa",
                                       ended_on__isnull=True).order_by("path")[:2])
    for commune in communes:
        services.schedule_set(actor=actor, org=commune, kind="fixed", start_day=3, valid_from=since,
                              decision_ref="Nghị quyết Đảng ủy xã", note="Ngày mùng 3 hằng tháng")
    sheet = services.sheet_save(actor=actor, org=province, name="Phiếu chấm điểm chất lượng sinh hoạt chi bộ "
                                "thường kỳ", kind=MeetingKind.REGULAR, criteria=example_sheet_criteria(),
                                valid_from=since, decision_ref="Hướng dẫn của Ban Tổ chức Tỉnh ủy")
    return sheet, {c.pk for c in communes}


@transaction.atomic
def create(*, actor, district: Org, as_of: dt.date | None = None, seed: int = SEED) -> dict:
    """Idempotent: a district that has meetings is left alone. Returns the rows written per table."""
    if Meeting.objects.filter(org__path__startswith=district.path).exists():
        return {}
    as_of = as_of or demo_day(district)
    start, as_of = period_of(as_of)
    sheet, fixed = _configure(actor, district, start)
    writer = Writer()
    created_at = writer.datetime(dt.datetime.combine(as_of, dt.time(8), tzinfo=dt.timezone(dt.timedelta(hours=7))))
    book = Book(district, start, as_of)
    rng = FastRandom(f"dangbo-demo:{seed}:meetings")
    history = History(writer)
    builder = Builder(book, history, rng, start, as_of, sheet, fixed, created_at)
    everyone = sorted({m for rows in book.regs.values() for m, _, _ in rows})
    drifting = {m for m in everyone if rng.random() < DRIFTING}
    sick = {m for m in everyone if m not in drifting and rng.random() < SICK}
    for cell in book.cells:
        builder.cell(cell, drifting, sick)
        builder.member_work(cell)
    _set_levels(history, builder.levels)
    for model, fields in FIELDS.items():
        writer.insert(model, fields, history.rows[model])
    after_bulk_load(FIELDS)
    # the closed years' tally is left to `manage.py meeting_year_tally` (nightly): counted live until then
    return {model._meta.model_name: len(history.rows[model]) for model in FIELDS}


def _set_levels(history: History, levels: dict) -> None:
    """A scored meeting carries the level that counts (the superior attendee's where there is one)."""
    at_level, at_score = FIELDS[Meeting].index("level"), FIELDS[Meeting].index("score")
    ops = history.w.ops
    rows = history.rows[Meeting]
    for i, row in enumerate(rows):
        found = levels.get(row[0])
        if found:
            row = list(row)
            row[at_level], row[at_score] = found[0], ops.adapt_decimalfield_value(Decimal(found[1]), 5, 1)
            rows[i] = tuple(row)
