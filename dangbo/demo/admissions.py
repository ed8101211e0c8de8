"""The admission pipeline of the demo district (issue 9, Deliver 9): the year's admission plans and a few
candidates per grassroots org at every step of their file, up to the demo's day.

Everything goes through ``admissions.services`` as the demo's admin would enter it (audited, every rule checked):
the district's quota for each grassroots org and each grassroots org's quotas for its cells, for the demo's year
and the one before; then 2–4 candidates per grassroots org, listed in one of its cells, helped and introduced by
official members who have been in that cell for more than a year, with the file's steps dated before the demo's
day. Some cases stop at each step (still in progress), some cell votes fail once and are taken again, some
decisions and ceremonies come late with their reason written, and a handful reach the ceremony (the new
probationary members are made by ``members.services.member_create``).

Deterministic by seed: grassroots orgs in tree order, one random stream; a district that has candidates is left
alone.
"""

import datetime as dt
from collections import Counter

from dateutil.relativedelta import relativedelta

from dangbo.admissions import rules, services
from dangbo.admissions.models import AdmissionStep, Candidate
from dangbo.demo import names
from dangbo.demo.meetings import demo_day
from dangbo.demo.people import RELIGIONS, FastRandom
from dangbo.demo.places import province_region
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member, Registration
from dangbo.orgs.models import Org, OrgStatus
from dangbo.workdays.selectors import calendar_for

D = dt.date
SEED = 2023
# How far each case has gone (the last step recorded), with its weight: most are still being prepared.
STOPS = [("listed", 3), (rules.COURSE, 3), (rules.APPLICATION, 3), (rules.BACKGROUND, 3), (rules.INTRODUCTION, 2),
         (rules.COMMENTS, 3), ("vote_failed", 2), (rules.CELL_VOTE, 3), (rules.GRASSROOTS, 3), (rules.DECISION, 3),
         (rules.CEREMONY, 2)]
ORDER = ["listed", rules.COURSE, rules.APPLICATION, rules.BACKGROUND, rules.INTRODUCTION, rules.COMMENTS,
         "vote_failed", rules.CELL_VOTE, rules.GRASSROOTS, rules.DECISION, rules.CEREMONY]
LATE_DECISION, LATE_CEREMONY, FAILED_ONCE = 0.25, 0.25, 0.2
DECISION_REASONS = ["Chờ kết quả thẩm tra lý lịch ở tỉnh khác.", "Ban Thường vụ họp chậm do triển khai nhiệm vụ "
                    "phòng, chống thiên tai.", "Hồ sơ phải bổ sung xác nhận của chi ủy nơi cư trú."]
CEREMONY_REASONS = ["Quần chúng đi công tác dài ngày; cấp ủy huyện đồng ý tổ chức chậm.",
                    "Ghép lễ kết nạp với kỳ sinh hoạt chi bộ có đại diện cấp ủy cấp trên; cấp trên đồng ý.",
                    "Quần chúng nằm viện; Đảng ủy đồng ý lùi lễ kết nạp."]
OCCUPATION_FALLBACK = {"huu_tri": ("khac", "Lao động tự do")}


def _cccd_prefix(district: Org) -> str:
    found = (Member.objects.filter(org__path__startswith=district.path, cccd__isnull=False)
             .order_by("pk").values_list("cccd", flat=True).first())
    return found[:3] if found else "052"


class Cases:
    """The candidates of one run: their people, their dates, their introducers."""

    def __init__(self, actor, district: Org, as_of: dt.date, rng: FastRandom):
        self.actor, self.district, self.as_of, self.rng = actor, district, as_of, rng
        self.province = _cccd_prefix(district)
        try:
            self.region = province_region(self.province)
        except StopIteration:
            self.region = "central"
        self.serial = 0
        self.refs = Counter()
        self.cal = calendar_for(range(as_of.year - 3, as_of.year + 2))
        self.written = Counter()

    # --- people ---------------------------------------------------------------------------------------------------

    def cccd(self, gender: str, born: dt.date) -> str | None:
        digit = (born.year // 100 - 19) * 2 + (1 if gender == "F" else 0)
        for _ in range(20):
            self.serial += 1
            number = f"{self.province}{digit}{born.year % 100:02d}{899_999 - self.serial * 37 % 90_000:06d}"
            if not (Member.objects.filter(cccd=number).exists() or Candidate.objects.filter(cccd=number).exists()):
                return number
        return None

    def person(self, cell: Org, model: Member, listed_on: dt.date) -> dict:
        rng = self.rng
        gender = "F" if rng.random() < 0.42 else "M"
        age = rng.triangular(19, 42, 24)
        born = listed_on - dt.timedelta(days=int(age * 365.25))
        religion = RELIGIONS.pick(rng)
        category, occupation = model.category, model.occupation
        if category in OCCUPATION_FALLBACK or not occupation:
            category, occupation = OCCUPATION_FALLBACK.get(category, (category, "Lao động tự do"))
        source = "doan_vien" if age < 30 and rng.random() < 0.7 else (
            "cong_doan" if category in ("cbccvc", "cong_nhan", "lao_dong_dn") else "hoi_vien")
        groups = []
        if age < 30:
            groups.append("thanh_nien")
        if category in ("lao_dong_dn", "cong_nhan") and cell.kind and cell.kind.code == "dn_tu_nhan":
            groups.append("lao_dong_ngoai_nn")
        if religion != "Không":
            groups.append("co_dao")
        return {"full_name": names.full_name(rng, gender=gender, region=self.region, born_year=born.year),
                "date_of_birth": born, "gender": gender, "ethnicity": "Kinh", "religion": religion,
                "hometown": model.hometown, "residence": model.residence, "cccd": self.cccd(gender, born),
                "general_education": "thpt" if rng.random() < 0.8 else "thcs", "occupation": occupation,
                "category": category, "source": source, "groups": groups, "listed_on": listed_on}

    def ref(self, kind: str, year: int) -> int:
        self.refs[(kind, year)] += 1
        return 10 + self.refs[(kind, year)] * 3

    # --- the file --------------------------------------------------------------------------------------------------

    def plan_dates(self, stop: str) -> dict:
        """Day offsets from the listing of each step up to ``stop`` (decision, ceremony: decided later)."""
        rng = self.rng
        reach = ORDER.index(stop)
        days, at = {}, 0
        for step, gap in ((rules.COURSE, (30, 120)), (rules.APPLICATION, (10, 40)), (rules.BACKGROUND, (30, 75)),
                          (rules.INTRODUCTION, (7, 30)), (rules.COMMENTS, (5, 25)), ("vote_failed", (5, 30)),
                          (rules.CELL_VOTE, (25, 45)), (rules.GRASSROOTS, (7, 30))):
            if step == "vote_failed":  # a vote without two-thirds, taken again a month later
                if stop != step and (reach < ORDER.index(rules.CELL_VOTE) or rng.random() >= FAILED_ONCE):
                    continue
            elif ORDER.index(step) > reach:
                break
            at += rng.randint(*gap)
            days[step] = at
        if reach >= ORDER.index(rules.DECISION):
            late = rng.random() < LATE_DECISION
            days[rules.DECISION] = days[rules.CELL_VOTE] + (rng.randint(110, 135) if late else rng.randint(30, 75))
        if reach >= ORDER.index(rules.CEREMONY):
            received = days[rules.DECISION] + rng.randint(2, 7)
            late = rng.random() < LATE_CEREMONY
            days["received"] = received
            days[rules.CEREMONY] = received + (rng.randint(55, 80) if late else rng.randint(7, 35))
        return days

    def candidate(self, grassroots: Org, cell: Org, pool: list[tuple[Member, dt.date]], stop: str) -> Candidate | None:
        rng, rec = self.rng, services.step_record
        days = self.plan_dates(stop)
        span = max(days.values(), default=0)
        listed_on = self.as_of - dt.timedelta(days=span + rng.randint(3, 40))
        on = {step: listed_on + dt.timedelta(days=n) for step, n in days.items()}
        pool = [(m, since) for m, since in pool if since <= listed_on - relativedelta(months=13)
                and m.official_on <= listed_on]
        if len(pool) < 2:
            return None
        helper, other = rng.sample(pool, 2)
        model = rng.choice(pool)[0]
        data = self.person(cell, model, listed_on)
        c = services.candidate_create(actor=self.actor, org=cell, data=data, helper=helper[0])
        if rules.COURSE in on:
            day = on[rules.COURSE]
            rec(actor=self.actor, candidate=c, step=rules.COURSE, date=day,
                detail={"issued_on": day - dt.timedelta(days=rng.randint(0, 5))},
                document_ref=f"CN {self.ref('cn', day.year)}/TTCT", decided_by="Trung tâm Chính trị huyện")
        if rules.APPLICATION in on:
            rec(actor=self.actor, candidate=c, step=rules.APPLICATION, date=on[rules.APPLICATION])
        if rules.BACKGROUND in on:
            rec(actor=self.actor, candidate=c, step=rules.BACKGROUND, date=on[rules.BACKGROUND],
                decided_by=f"Chi ủy {cell.name.removeprefix('Chi bộ ')}" if cell != grassroots else cell.name)
        if rules.INTRODUCTION in on:
            given = on[rules.INTRODUCTION]
            route = {"doan_vien": rules.YOUTH_UNION, "cong_doan": rules.TRADE_UNION}.get(data["source"],
                                                                                        rules.TWO_MEMBERS)
            who = [helper] if route != rules.TWO_MEMBERS else [helper, other]
            for member, since in who:
                together = max(since, given - relativedelta(years=rng.randint(2, 8)))
                services.introducer_add(actor=self.actor, candidate=c, member=member, route=route,
                                        together_since=together, given_on=given)
            ref = {rules.YOUTH_UNION: "NQ giới thiệu của BCH Đoàn cơ sở",
                   rules.TRADE_UNION: "NQ giới thiệu của BCH Công đoàn cơ sở"}.get(route, "")
            rec(actor=self.actor, candidate=c, step=rules.INTRODUCTION, date=given,
                document_ref=f"{ref} ngày {given:%d/%m/%Y}" if ref else "")
        if rules.COMMENTS in on:
            rec(actor=self.actor, candidate=c, step=rules.COMMENTS, date=on[rules.COMMENTS])
        eligible = max(3, min(len(pool) + rng.randint(0, 6), 60))
        if "vote_failed" in on:
            yes = rng.randint(eligible // 3, (2 * eligible - 1) // 3)
            rec(actor=self.actor, candidate=c, step=rules.CELL_VOTE, date=on["vote_failed"],
                detail={"yes": yes, "eligible": eligible}, note="Chưa đủ hai phần ba đảng viên chính thức tán thành; "
                "chi bộ tiếp tục bồi dưỡng, xét lại.")
            self.written["failed_votes"] += 1
        if rules.CELL_VOTE in on:
            yes = rng.randint(-(-2 * eligible // 3), eligible)
            rec(actor=self.actor, candidate=c, step=rules.CELL_VOTE, date=on[rules.CELL_VOTE],
                detail={"yes": yes, "eligible": eligible})
        if rules.GRASSROOTS in on:
            day = on[rules.GRASSROOTS]
            rec(actor=self.actor, candidate=c, step=rules.GRASSROOTS, date=day, decided_by=grassroots.name,
                document_ref=f"NQ {self.ref(grassroots.pk, day.year)}-NQ/ĐU")
        if rules.DECISION in on:
            day = on[rules.DECISION]
            due = rules.decision_due(self.cal, on[rules.CELL_VOTE])
            late = rules.late(rules.M5_DECISION, "Quyết định kết nạp", due, day, self.as_of)
            rec(actor=self.actor, candidate=c, step=rules.DECISION, date=day, decided_by="Ban Thường vụ Huyện ủy",
                document_ref=f"QĐ {self.ref('qd', day.year)}-QĐ/HU",
                note=rng.choice(DECISION_REASONS) if late else "")
            self.written["decision_late"] += bool(late)
        if rules.CEREMONY in on:
            day, received = on[rules.CEREMONY], on["received"]
            due = rules.ceremony_due(self.cal, received)
            late = rules.late(rules.M6_CEREMONY, "Lễ kết nạp", due, day, self.as_of)
            rec(actor=self.actor, candidate=c, step=rules.CEREMONY, date=day, detail={"received_on": received},
                note=rng.choice(CEREMONY_REASONS) if late else "")
            self.written["ceremony_late"] += bool(late)
        self.written[stop] += 1
        return c


def _pool(cell: Org, as_of: dt.date) -> list[tuple[Member, dt.date]]:
    """Official members now in the cell, with the day they joined it (introducers and helpers)."""
    since = dict(Registration.objects.filter(org=cell, kind="official", valid_to__isnull=True)
                 .values_list("member_id", "valid_from"))
    members = Member.objects.filter(pk__in=list(since), org=cell, status=MemberStatus.OFFICIAL,
                                    official_on__isnull=False, left_on__isnull=True).order_by("pk")
    return [(m, since[m.pk]) for m in members if since[m.pk] <= as_of]


def _plans(actor, grassroots: list[Org], cells_of: dict, as_of: dt.date, rng: FastRandom) -> int:
    """The district's quota for each grassroots org (about 3–6% of its members, as in 002) and the grassroots
    org's share of it for its cells, decided in January of each year."""
    paths = Counter(Member.objects.filter(org__path__startswith=grassroots[0].path[:-Org.steplen], status__in=(
        MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)).values_list("org__path", flat=True))
    count = 0
    for year in (as_of.year - 1, as_of.year):
        decided_on = D(year, 1, rng.randint(8, 20))
        ref = f"{rng.randint(10, 40)}-NQ/HU ngày {decided_on:%d/%m/%Y}"
        for org in grassroots:
            members = sum(n for path, n in paths.items() if path.startswith(org.path))
            quota = max(1, round(members * rng.uniform(0.03, 0.06)))
            services.plan_set(actor=actor, org=org, year=year, quota=quota, decided_on=decided_on, document_ref=ref)
            count += 1
            cells = cells_of[org.pk]
            if not cells or cells == [org]:
                continue
            shares = Counter(rng.choice(cells).pk for _ in range(quota))
            own_on = decided_on + dt.timedelta(days=rng.randint(7, 25))
            own_ref = f"{rng.randint(2, 9)}-NQ/ĐU ngày {own_on:%d/%m/%Y}"
            for cell in cells:
                if shares.get(cell.pk):
                    services.plan_set(actor=actor, org=cell, year=year, quota=shares[cell.pk], decided_on=own_on,
                                      document_ref=own_ref)
                    count += 1
    return count


def create(*, actor, district: Org, as_of: dt.date | None = None, seed: int = SEED) -> dict:
    """Idempotent: a district that has candidates is left alone. Returns what was written."""
    if Candidate.objects.filter(org__path__startswith=district.path).exists():
        return {}
    as_of = as_of or demo_day(district)
    rng = FastRandom(f"dangbo-demo:{seed}:admissions")
    orgs = list(Org.objects.filter(path__startswith=district.path, status=OrgStatus.ACTIVE)
                .exclude(pk=district.pk).select_related("type", "kind").order_by("path"))
    grassroots = [o for o in orgs if o.type.is_grassroots]
    cells_of = {g.pk: [o for o in orgs if o.type.is_cell and o.path.startswith(g.path)] for g in grassroots}
    plans = _plans(actor, grassroots, cells_of, as_of, rng)
    cases = Cases(actor, district, as_of, rng)
    deck = [s for s, w in STOPS for _ in range(w)]  # dealt in turn: every step has its cases
    rng.shuffle(deck)
    dealt = 0
    for org in grassroots:
        cells = [c for c in cells_of[org.pk] if c.founded_on <= as_of - relativedelta(years=3)]
        # a few cases in each đảng bộ cơ sở, one now and then in a chi bộ cơ sở
        wanted = rng.randint(2, 3) if cells != [org] else int(rng.random() < 0.35)
        pools: dict[int, list] = {}
        for _ in range(wanted if cells else 0):
            cell = rng.choice(cells)
            if cell.pk not in pools:
                pools[cell.pk] = _pool(cell, as_of)
            if len(pools[cell.pk]) >= 3 and cases.candidate(org, cell, pools[cell.pk], deck[dealt % len(deck)]):
                dealt += 1
    return {"admissionplan": plans, "candidate": Candidate.objects.filter(org__path__startswith=district.path).count(),
            "admissionstep": AdmissionStep.objects.filter(candidate__org__path__startswith=district.path).count(),
            **dict(sorted(cases.written.items()))}

