"""Transfers with their letters in the demo district (issue 9, Deliver 6 and 9): a dozen giấy giới thiệu sinh hoạt
đảng over the demo's last years, written through ``transfers.services`` as the demo's admin would enter them
(audited, every rule and the member's whole history checked).

The cases: official moves between cells of one grassroots org and between grassroots orgs, confirmed by the
receiving cell within the 30 working days; one confirmed late with its reason; two that never arrived (past the
deadline, unconfirmed — the list the committee chases); one still on its way; a temporary letter; one to a party
org outside the system whose returned stub is recorded.

Each letter takes an official member of a village or agency cell who is active on the issue date and whose last
lifecycle fact is older than it, never a committee member, a demo account's member or anyone of the demo accounts'
cell (their pages stay as ``demo_setup`` describes them), never twice. Deterministic by seed; a district that has
letters is left alone.
"""

import datetime as dt
from collections import Counter

from dateutil.relativedelta import relativedelta
from django.db.models import Max

from dangbo.accounts.models import Grant
from dangbo.demo.meetings import demo_day
from dangbo.demo.people import FastRandom
from dangbo.demo.users import demo_cell
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member, Registration
from dangbo.orgs.models import CommitteeSeat, Org, OrgStatus
from dangbo.transfers import services
from dangbo.transfers.choices import LetterKind, Reason
from dangbo.transfers.models import TransferLetter

SEED = 2023
IN_TIME, LATE, NEVER, ON_THE_WAY, TEMPORARY, EXTERNAL = "in_time", "late", "never", "on_the_way", "temporary", "external"
# (case, months before the demo's day, same grassroots org as the sender?, reason)
CASES = [
    (IN_TIME, 34, True, Reason.MOVED), (IN_TIME, 29, False, Reason.NEW_JOB), (IN_TIME, 23, True, Reason.RETIRED),
    (IN_TIME, 17, False, Reason.NEW_JOB), (IN_TIME, 11, True, Reason.MOVED), (IN_TIME, 6, False, Reason.LEFT_JOB),
    (LATE, 9, False, Reason.NEW_JOB), (NEVER, 5, False, Reason.MOVED), (NEVER, 3, True, Reason.NEW_JOB),
    (ON_THE_WAY, 0, True, Reason.MOVED), (TEMPORARY, 8, False, Reason.STUDY), (EXTERNAL, 14, None, Reason.NEW_JOB),
]
LATE_REASONS = ["Đồng chí ốm, điều trị dài ngày tại bệnh viện; có giấy ra viện kèm theo.",
                "Đồng chí đi công tác đột xuất ở nước ngoài theo quyết định của cơ quan; có xác nhận của cơ quan."]
EXTERNAL_ORGS = ["Đảng bộ phường Quang Trung, thành phố Quy Nhơn, tỉnh Gia Lai",
                 "Đảng bộ phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa"]


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class Letters:
    def __init__(self, actor, district: Org, as_of: dt.date, rng: FastRandom):
        self.actor, self.as_of, self.rng = actor, as_of, rng
        orgs = Org.objects.filter(path__startswith=district.path, status=OrgStatus.ACTIVE, type__is_cell=True)
        demo, _secretary, _member = demo_cell(district)
        self.cells = [c for c in orgs.select_related("type").order_by("path") if demo is None or c.pk != demo.pk]
        tops = list(Org.objects.filter(path__startswith=district.path, type__is_grassroots=True)
                    .values_list("path", flat=True))
        # each cell's grassroots org: the longest grassroots path above it (a chi bộ cơ sở is its own)
        self.grassroots = {c.pk: max((p for p in tops if c.path.startswith(p)), key=len, default=c.path)
                           for c in self.cells}
        self.kept = set(CommitteeSeat.objects.filter(ends_on__isnull=True, member__org__in=self.cells)
                        .values_list("member_id", flat=True))
        self.kept |= set(Grant.objects.filter(member__isnull=False).values_list("member_id", flat=True))
        self.written = Counter()

    def member(self, on: dt.date) -> Member | None:
        """An official member of a cell open on ``on``, registered there since before it, with no later fact."""
        cells = [c for c in self.cells if c.founded_on <= on - relativedelta(years=1)]
        self.rng.shuffle(cells)
        for cell in cells[:20]:
            since = Registration.objects.filter(org=cell, kind="official", valid_to__isnull=True,
                                                valid_from__lte=on).values_list("member_id", flat=True)
            found = list(Member.objects.filter(pk__in=since, org=cell, status=MemberStatus.OFFICIAL,
                                               official_on__lt=on, left_on__isnull=True)
                         .exclude(pk__in=self.kept).annotate(last=Max("events__date")).filter(last__lt=on)
                         .select_related("org__type").order_by("pk")[:10])
            if found:
                return self.rng.choice(found)
        return None

    def destination(self, member: Member, on: dt.date, same: bool) -> Org | None:
        home = self.grassroots[member.org_id]
        cells = [c for c in self.cells if c.pk != member.org_id and c.founded_on <= on
                 and (self.grassroots[c.pk] == home) == same]
        return self.rng.choice(cells) if cells else None

    def write(self, case: str, months: int, same: bool | None, reason: str) -> TransferLetter | None:
        rng = self.rng
        if case == ON_THE_WAY:
            issued_on = _weekday(self.as_of - dt.timedelta(days=rng.randint(10, 20)))
        else:
            issued_on = _weekday(self.as_of - relativedelta(months=months, days=rng.randint(0, 20)))
        member = self.member(issued_on)
        if member is None:
            return None
        to_org = None if same is None else self.destination(member, issued_on, same)
        if same is not None and to_org is None:
            return None
        extra = {}
        kind = LetterKind.OFFICIAL
        if case == TEMPORARY:
            kind = LetterKind.TEMPORARY
            extra = {"stay_until": issued_on + relativedelta(months=rng.randint(6, 18))}
        if case == EXTERNAL:
            extra = {"to_external": rng.choice(EXTERNAL_ORGS)}
        letter = services.letter_issue(
            actor=self.actor, member=member, kind=kind, issued_on=issued_on, reason=reason, to_org=to_org,
            decision_ref="" if reason != Reason.NEW_JOB else f"QĐ {rng.randint(20, 300)}/QĐ-UBND", **extra).letter
        self.kept.add(member.pk)
        if case in (IN_TIME, TEMPORARY, EXTERNAL):
            received = min(issued_on + dt.timedelta(days=rng.randint(5, 25)), letter.present_by, self.as_of)
            services.letter_receive(actor=self.actor, letter=letter, received_on=received)
        elif case == LATE:
            received = letter.present_by + dt.timedelta(days=rng.randint(8, 20))
            services.letter_receive(actor=self.actor, letter=letter, received_on=received,
                                    note=rng.choice(LATE_REASONS))
        self.written[case] += 1
        return letter


def create(*, actor, district: Org, as_of: dt.date | None = None, seed: int = SEED) -> dict:
    """Idempotent: a district that has letters is left alone. Returns how many letters of each case were
    written."""
    if TransferLetter.objects.filter(from_org__path__startswith=district.path).exists():
        return {}
    as_of = as_of or demo_day(district)
    letters = Letters(actor, district, as_of, FastRandom(f"dangbo-demo:{seed}:transfers"))
    # oldest first: each letter is the newest fact of its member's history
    for case, months, same, reason in sorted(CASES, key=lambda c: -c[1]):
        letters.write(case, months, same, reason)
    return {"transferletter": sum(letters.written.values()), **dict(sorted(letters.written.items()))}
