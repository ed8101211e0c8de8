"""Rewards, Huy hiệu awarded and party cards in the demo district for 2024 and 2025 (issue 10, Biểu 7), written
through ``memberwork.services`` as the demo's admin would enter them (audited, every rule checked):

- rewards at the mid-year and year-end reviews: a cờ thi đua / bằng khen of the province to the district, bằng
  khen, cờ and giấy khen to a few grassroots orgs, giấy khen (and one bằng khen) to cells, bằng khen and giấy khen
  to members;
- Huy hiệu Đảng at the four yearly ceremonies (03/02, 19/05, 02/09, 07/11) to every member who reached a step
  since the ceremony before (``admissions.selectors.badges_due``);
- first cards to the members recognised official in those years, a few weeks after; a few reissued after loss
  and replaced when damaged. The card number is the member's identity number (FORMS.md §3, from 2025).

Only days up to the demo's day; a write a rule refuses (an org ended by the 2025 restructuring, a member no longer
registered that day) is skipped. Cards leave the demo accounts' members alone. Deterministic by seed; a district
that has rewards is left alone."""

import datetime as dt
from collections import Counter

from dateutil.relativedelta import relativedelta

from dangbo.accounts.models import Grant
from dangbo.admissions.selectors import badges_due
from dangbo.core.exceptions import DomainError
from dangbo.demo.meetings import demo_day
from dangbo.demo.people import FastRandom
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member
from dangbo.memberwork import services
from dangbo.memberwork.choices import CardKind, RewardForm, RewardLevel
from dangbo.memberwork.models import BadgeAward, Reward
from dangbo.orgs.models import Org
from dangbo.orgs.names import committee_of

SEED = 2023
YEARS = (2024, 2025)
CEREMONIES = ((2, 3), (5, 19), (9, 2), (11, 7))  # thành lập Đảng, sinh nhật Bác, Quốc khánh, Cách mạng Tháng Mười
REVIEWS = ((6, 28), (12, 26))  # mid-year and year-end reviews
REASONS = ["Hoàn thành xuất sắc nhiệm vụ năm", "Có thành tích xuất sắc trong thực hiện Chỉ thị 05-CT/TW",
           "Tiêu biểu trong phong trào thi đua yêu nước", "Hoàn thành xuất sắc nhiệm vụ 5 năm liền"]


class Writer:
    def __init__(self, actor, district: Org, as_of: dt.date, rng: FastRandom):
        self.actor, self.district, self.as_of, self.rng = actor, district, as_of, rng
        self.written: Counter = Counter()
        self.numbers: Counter = Counter()
        orgs = list(Org.objects.filter(path__startswith=district.path).select_related("type__level")
                    .order_by("path"))
        self.grassroots = [o for o in orgs if o.type.is_grassroots]
        self.cells = [o for o in orgs if o.type.is_cell and not o.type.is_grassroots]
        self.province = Org.objects.filter(path=district.path[:Org.steplen]).first()
        self.kept = set(Grant.objects.filter(member__isnull=False).values_list("member_id", flat=True))

    def ref(self, body: Org | None, year: int) -> tuple[str, str]:
        """The next decision number of ``body``'s committee that year, and the committee's name."""
        signer = committee_of(body.name) if body else committee_of(self.district.name)
        self.numbers[(signer.name, year)] += 1
        return f"{self.numbers[(signer.name, year)] * 7 + 11}-QĐ/{signer.code or 'ĐU'}", signer.name

    def _try(self, what: str, call) -> bool:
        try:
            call()
        except DomainError:
            return False
        self.written[what] += 1
        return True

    def reward(self, day: dt.date, form: str, level: str, body: Org | None, **who) -> None:
        ref, decided_by = self.ref(body, day.year)
        self._try("reward", lambda: services.reward_record(
            actor=self.actor, form=form, level=level, awarded_on=day, decision_ref=ref,
            decided_by=f"Ban Thường vụ {decided_by}" if level != RewardLevel.GRASSROOTS else decided_by,
            reason=self.rng.choice(REASONS), **who))

    def _grassroots_above(self, org: Org) -> Org | None:
        return max((g for g in self.grassroots if org.path.startswith(g.path)), key=lambda g: len(g.path),
                   default=None)

    def rewards(self, day: dt.date) -> None:
        rng, year_end = self.rng, day.month == 12
        if year_end:
            form = RewardForm.FLAG if day.year == 2024 else RewardForm.CERTIFICATE
            self.reward(day, form, RewardLevel.PROVINCE, self.province, org=self.district)
        grassroots = [g for g in self.grassroots if g.founded_on < day and (g.ended_on is None or g.ended_on > day)]
        rng.shuffle(grassroots)
        for org, form in zip(grassroots, (RewardForm.FLAG, RewardForm.CERTIFICATE, RewardForm.CERTIFICATE,
                                          RewardForm.MERIT) if year_end else (RewardForm.CERTIFICATE,
                                                                               RewardForm.MERIT), strict=False):
            level = RewardLevel.PROVINCE if form == RewardForm.FLAG else RewardLevel.DISTRICT
            self.reward(day, form, level, self.province if level == RewardLevel.PROVINCE else self.district,
                        org=org)
        cells = [c for c in self.cells if c.founded_on < day and (c.ended_on is None or c.ended_on > day)]
        rng.shuffle(cells)
        for n, cell in enumerate(cells[:6 if year_end else 3]):
            form = RewardForm.CERTIFICATE if n == 0 and year_end else RewardForm.MERIT
            body = self.district if form == RewardForm.CERTIFICATE else self._grassroots_above(cell)
            level = RewardLevel.DISTRICT if form == RewardForm.CERTIFICATE else RewardLevel.GRASSROOTS
            self.reward(day, form, level, body, org=cell)
        members = list(Member.objects.filter(org__path__startswith=self.district.path, status=MemberStatus.OFFICIAL,
                                             official_on__lt=day - relativedelta(years=1))
                       .select_related("org").order_by("pk").values_list("pk", flat=True))
        picked = [members[rng.randrange(len(members))] for _ in range(16 if year_end else 6)] if members else []
        for n, pk in enumerate(dict.fromkeys(picked)):
            member = Member.objects.select_related("org").get(pk=pk)
            certificate = n < (4 if year_end else 1)
            body = self.district if certificate else self._grassroots_above(member.org)
            self.reward(day, RewardForm.CERTIFICATE if certificate else RewardForm.MERIT,
                        RewardLevel.DISTRICT if certificate else RewardLevel.GRASSROOTS, body, member=member)

    def badges(self, day: dt.date, since: dt.date) -> None:
        given = set(BadgeAward.objects.values_list("member_id", "years"))
        for due in badges_due(user=self.actor, org=self.district, on=day, since=since):
            if (due.member.pk, due.years) in given:
                continue
            body = self.province if due.years >= 60 else self.district
            ref, decided_by = self.ref(body, day.year)
            self._try(f"badge_{due.years}", lambda due=due, ref=ref, decided_by=decided_by: services.badge_award(
                actor=self.actor, member=due.member, years=due.years, awarded_on=day, decision_ref=ref,
                decided_by=f"Ban Thường vụ {decided_by}"))

    def cards(self, year: int) -> None:
        rng = self.rng
        start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), self.as_of)
        recognised = (Member.objects.filter(org__path__startswith=self.district.path, status=MemberStatus.OFFICIAL,
                                            official_on__gte=start - relativedelta(months=2), official_on__lte=end,
                                            cccd__isnull=False)
                      .exclude(pk__in=self.kept).select_related("org").order_by("official_on", "pk"))
        for member in recognised[:60]:
            day = member.official_on + dt.timedelta(days=rng.randint(20, 80))
            if start <= day <= end:
                self._try("card_first", lambda m=member, d=day: services.card_issue(
                    actor=self.actor, member=m, kind=CardKind.FIRST, issued_on=d, card_number=m.cccd,
                    decision_ref=f"Sổ phát thẻ {d.year}"))
        others = list(Member.objects.filter(org__path__startswith=self.district.path, status=MemberStatus.OFFICIAL,
                                            official_on__lt=start, cccd__isnull=False)
                      .exclude(pk__in=self.kept).order_by("pk").values_list("pk", flat=True))
        for kind, count in ((CardKind.LOST, 3), (CardKind.DAMAGED, 4)):
            for _ in range(count):
                if not others:
                    break
                member = Member.objects.get(pk=others.pop(rng.randrange(len(others))))
                day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
                self._try(f"card_{kind}", lambda m=member, d=day, k=kind: services.card_issue(
                    actor=self.actor, member=m, kind=k, issued_on=d, card_number=m.cccd))


def create(*, actor, district: Org, as_of: dt.date | None = None, seed: int = SEED) -> dict:
    """Idempotent: a district that has rewards is left alone. Returns how many rows of each kind were written."""
    if Reward.objects.filter(org__path__startswith=district.path).exists():
        return {}
    as_of = as_of or demo_day(district)
    writer = Writer(actor, district, as_of, FastRandom(f"dangbo-demo:{seed}:memberwork"))
    since = dt.date(YEARS[0] - 1, 11, 7)
    for year in YEARS:
        for month, day in CEREMONIES:
            on = dt.date(year, month, day)
            if on <= as_of:
                writer.badges(on, since)
                since = on
        for month, day in REVIEWS:
            on = dt.date(year, month, day)
            if on <= as_of:
                writer.rewards(on)
        if dt.date(year, 1, 1) <= as_of:
            writer.cards(year)
    return dict(sorted(writer.written.items()))
