"""Two years of training in the demo district (issue 13, Deliver 7; RULES.md T1–T4): the classes the district
committee keeps, run by its political centre (an institution, as data) — bồi dưỡng nhận thức về Đảng and the
new-member programme several times a year, nghiệp vụ công tác đảng for the cell secretaries of the current term, a
sơ cấp class a year — and one trung cấp class of the province's political school.

Learners are the demo's own people: the admission candidates whose file records the awareness certificate (their
enrolment carries that certificate's date: one source, the admission step already written) and the members
admitted in those years (awareness before their admission, the new-member class during probation), the cells'
secretaries, and members without a political-theory level. Most pass, a few fail or drop out; a class still
running on the demo's day has no results yet.

Classes go through ``training.services.class_create`` (a few dozen); the thousand-odd enrolments are written
set-based with the audit entries the services would write (``training_enrol``, ``training_result_record``), and a
passed sơ cấp / trung cấp raises the member's level through ``members.services.member_update`` as the service does.
Deterministic by seed; a district that has classes is left alone."""

import datetime as dt
from collections import Counter

from dateutil.relativedelta import relativedelta

from dangbo.accounts import audit
from dangbo.accounts.models import AuditEntry
from dangbo.admissions import rules as admission_rules
from dangbo.admissions.models import AdmissionStep
from dangbo.core.exceptions import DomainError
from dangbo.core.sql import insert_returning
from dangbo.demo.meetings import demo_day
from dangbo.demo.people import FastRandom
from dangbo.members import services as member_services
from dangbo.members.choices import ACTIVE_STATUSES, PoliticalTheory
from dangbo.members.models import Member
from dangbo.orgs.models import CommitteePost, CommitteeSeat, Org
from dangbo.training import rules, services
from dangbo.training.choices import CourseKind, Result
from dangbo.training.models import Enrolment, TrainingClass

SEED = 2023
# (kind, month it opens, days it lasts) — the district centre's yearly plan
PLAN = [(CourseKind.AWARENESS, 3, 5), (CourseKind.NEW_MEMBER, 4, 7), (CourseKind.PARTY_WORK, 5, 3),
        (CourseKind.AWARENESS, 6, 5), (CourseKind.ELEMENTARY, 6, 75), (CourseKind.NEW_MEMBER, 8, 7),
        (CourseKind.AWARENESS, 9, 5), (CourseKind.PARTY_WORK, 10, 3), (CourseKind.AWARENESS, 11, 5),
        (CourseKind.NEW_MEMBER, 12, 7)]
CAP = {CourseKind.AWARENESS: 60, CourseKind.NEW_MEMBER: 70, CourseKind.PARTY_WORK: 80, CourseKind.ELEMENTARY: 45,
       CourseKind.INTERMEDIATE: 35}
PLACE = "Hội trường Trung tâm Chính trị"


def _short(name: str) -> str:
    return name.removeprefix("Đảng bộ ").strip()


class Classes:
    def __init__(self, actor, district: Org, as_of: dt.date, rng: FastRandom):
        self.actor, self.district, self.as_of, self.rng = actor, district, as_of, rng
        self.centre = f"Trung tâm Chính trị {_short(district.name)}"
        province = Org.objects.filter(path=district.path[:Org.steplen]).first()
        self.school = f"Trường Chính trị {_short(province.name) if province else 'tỉnh'}"
        self.classes: list[TrainingClass] = []
        self.rows: list[Enrolment] = []
        self.numbers: Counter = Counter()
        self.size: Counter = Counter()
        self.written: Counter = Counter()

    def open(self, kind: str, starts_on: dt.date, days: int, institution: str, n: int) -> None:
        if starts_on > self.as_of:
            return
        ends_on = starts_on + dt.timedelta(days=days - 1)
        name = f"Lớp {CourseKind(kind).label.lower()} khóa {n}, năm {starts_on.year}"
        self.classes.append(services.class_create(actor=self.actor, org=self.district, data={
            "kind": kind, "name": name, "institution": institution, "starts_on": starts_on, "ends_on": ends_on,
            "place": PLACE if institution == self.centre else f"{self.school}"}))

    def plan(self, years: tuple[int, ...]) -> None:
        for year in years:
            seen: Counter = Counter()
            for kind, month, days in PLAN:
                seen[kind] += 1
                self.open(kind, dt.date(year, month, 8 + self.rng.randint(0, 10)), days, self.centre, seen[kind])
        self.open(CourseKind.INTERMEDIATE, dt.date(years[0], 3, 2), 480, self.school, 1)

    def of(self, kind: str) -> list[TrainingClass]:
        return sorted((c for c in self.classes if c.kind == kind), key=lambda c: c.starts_on)

    def add(self, klass: TrainingClass, *, member_id: int | None = None, candidate_id: int | None = None,
            result: str | None = None, certificate_date: dt.date | None = None) -> bool:
        if self.size[klass.pk] >= CAP[klass.kind]:
            return False
        self.size[klass.pk] += 1
        if klass.ends_on > self.as_of:
            result, certificate_date = Result.ENROLLED, None  # still running on the demo's day
        elif result is None:
            draw = self.rng.random()
            result = Result.PASSED if draw < 0.92 else Result.FAILED if draw < 0.97 else Result.WITHDREW
        number = ""
        if result == Result.PASSED:
            certificate_date = certificate_date or klass.ends_on
            self.numbers[klass.pk] += 1
            number = f"{klass.pk:03d}-{self.numbers[klass.pk]:03d}/GCN"
        else:
            certificate_date = None
        self.rows.append(Enrolment(training_class_id=klass.pk, member_id=member_id, candidate_id=candidate_id,
                                   result=result, certificate_number=number, certificate_date=certificate_date))
        return True

    def candidates(self) -> None:
        """Candidates whose file has the awareness certificate: in the last class that began by its date."""
        classes = self.of(CourseKind.AWARENESS)
        steps = (AdmissionStep.objects.filter(step=admission_rules.COURSE, passed=True,
                                              candidate__org__path__startswith=self.district.path)
                 .order_by("date", "candidate_id").values_list("candidate_id", "date"))
        seen = set()
        for candidate_id, day in steps:
            before = [c for c in classes if c.starts_on <= day and c.ends_on <= self.as_of]
            if before and candidate_id not in seen:
                seen.add(candidate_id)
                self.add(before[-1], candidate_id=candidate_id, result=Result.PASSED, certificate_date=day)

    def new_members(self, members: list) -> None:
        """Members admitted in these years: awareness a few months before, the new-member class in probation."""
        awareness, newcomers = self.of(CourseKind.AWARENESS), self.of(CourseKind.NEW_MEMBER)
        for pk, admitted_on in members:
            before = [c for c in awareness if c.ends_on <= admitted_on - dt.timedelta(days=45)]
            if before and admitted_on - before[-1].ends_on < dt.timedelta(days=300):
                self.add(before[-1], member_id=pk, result=Result.PASSED)
            after = [c for c in newcomers if c.starts_on >= admitted_on + dt.timedelta(days=20)]
            for klass in after[:1]:
                self.add(klass, member_id=pk)

    def secretaries(self) -> None:
        seats = (CommitteeSeat.objects.filter(post=CommitteePost.SECRETARY, ends_on__isnull=True,
                                              committee__term__org__path__startswith=self.district.path,
                                              committee__term__org__type__is_cell=True)
                 .order_by("member_id").values_list("member_id", "starts_on"))
        classes = self.of(CourseKind.PARTY_WORK)
        for n, (pk, since) in enumerate(dict(seats).items()):
            open_to = [c for c in classes if c.starts_on >= since] or classes[-1:]
            if open_to:
                self.add(open_to[n % len(open_to)], member_id=pk)

    def theory(self, members: list[tuple[int, str]]) -> None:
        """Members without a level into sơ cấp; a few with sơ cấp into trung cấp."""
        none = [pk for pk, level in members if level == PoliticalTheory.NONE]
        elementary = [pk for pk, level in members if level == PoliticalTheory.ELEMENTARY]
        self.rng.shuffle(none)
        self.rng.shuffle(elementary)
        for klass in self.of(CourseKind.ELEMENTARY):
            for _ in range(CAP[klass.kind]):
                if none:
                    self.add(klass, member_id=none.pop())
        for klass in self.of(CourseKind.INTERMEDIATE):
            for pk in elementary[:CAP[klass.kind]]:
                self.add(klass, member_id=pk)

    def save(self) -> None:
        """The enrolments and their audit entries as ``services.enrol`` and ``services.result_record`` write
        them, then the qualification the pass gives (``services._qualify``'s member branch)."""
        insert_returning(Enrolment, self.rows)
        path, entries = self.district.path, []
        for row in self.rows:
            entries.append(audit.entry(actor=self.actor, action="training_enrol", instance=row, before=None,
                                       org_path=path))
            if row.result != Result.ENROLLED:
                before = {**audit.snapshot(row), "result": Result.ENROLLED, "certificate_number": "",
                          "certificate_date": None}
                entries.append(audit.entry(actor=self.actor, action="training_result_record", instance=row,
                                           before=before, org_path=path))
            self.written[f"enrolment_{row.result}"] += 1
        insert_returning(AuditEntry, entries)
        kinds = {c.pk: c.kind for c in self.classes}
        raised = [(r.member_id, kinds[r.training_class_id]) for r in self.rows
                  if r.result == Result.PASSED and r.member_id and kinds[r.training_class_id] in rules.THEORY_OF]
        members = Member.objects.select_related("org").in_bulk([pk for pk, _ in raised])
        for pk, kind in raised:
            member = members[pk]
            level = rules.theory_after(kind, True, member.political_theory)
            if level and member.org_id:
                try:
                    member_services.member_update(actor=self.actor, member=member, data={"political_theory": level})
                except DomainError:
                    continue
                self.written["theory_raised"] += 1


def create(*, actor, district: Org, as_of: dt.date | None = None, seed: int = SEED) -> dict:
    """Idempotent: a district that has classes is left alone. Returns how many rows of each kind were written."""
    if TrainingClass.objects.filter(org__path__startswith=district.path).exists():
        return {}
    as_of = as_of or demo_day(district)
    years = (as_of.year - 1, as_of.year)
    classes = Classes(actor, district, as_of, FastRandom(f"dangbo-demo:{seed}:training"))
    classes.plan(years)
    members = Member.objects.filter(org__path__startswith=district.path, status__in=ACTIVE_STATUSES)
    classes.candidates()
    classes.new_members(list(members.filter(admitted_on__gte=dt.date(years[0], 1, 1) - relativedelta(months=2))
                             .order_by("admitted_on", "pk").values_list("pk", "admitted_on")))
    classes.secretaries()
    busy = {r.member_id for r in classes.rows}
    young = as_of - relativedelta(years=55)
    classes.theory([(pk, level) for pk, level in members.filter(date_of_birth__gt=young).order_by("pk")
                    .values_list("pk", "political_theory") if pk not in busy])
    classes.save()
    return {"trainingclass": len(classes.classes), "enrolment": len(classes.rows), **dict(sorted(classes.written.items()))}
