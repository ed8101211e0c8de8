"""The demo district's admission pipeline (issue 9, Deliver 9): plans for two years, candidates at every step of
the file written through the services, a few new members from the ceremonies, and a second run that changes
nothing."""

import datetime as dt
from collections import Counter

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.admissions import rules
from dangbo.admissions.choices import Stage
from dangbo.admissions.models import AdmissionPlan, AdmissionStep, Candidate, Introduction
from dangbo.core.periods import year
from dangbo.core.testing import admin_user
from dangbo.demo import admissions as demo_admissions
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member
from dangbo.members.rules import months_between
from dangbo.orgs.models import Org
from dangbo.targets.registry import measure

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def written(district, django_db_blocker):
    with django_db_blocker.unblock():  # inside the module's build (conftest), rolled back with it
        admin = admin_user("demo-admin")
        district_org = Org.objects.get(type__code="dang_bo_huyen")
        members = Member.objects.count()
        counts = demo_admissions.create(actor=admin, district=district_org)
        audited = AuditEntry.objects.count()
        again = demo_admissions.create(actor=admin, district=district_org)
        yield {"counts": counts, "again": again, "district": district_org,
               "members_added": Member.objects.count() - members, "audit_again": AuditEntry.objects.count() - audited}


def test_candidates_at_every_stage(written):
    counts = written["counts"]
    stages = Counter(Candidate.objects.values_list("stage", flat=True))
    assert 40 <= sum(stages.values()) <= 120, stages  # a few dozen
    for stage in (Stage.PREPARING, Stage.CELL_AGREED, Stage.PROPOSED, Stage.DECIDED, Stage.ADMITTED):
        assert stages[stage] >= 3, stages
    last = Counter()
    for candidate in Candidate.objects.prefetch_related("steps"):
        steps = {s.step for s in candidate.steps.all() if s.passed}
        last[max((list(rules.STEPS).index(s) for s in steps), default=-1)] += 1
    assert all(last[i] >= 2 for i in range(-1, len(rules.STEPS))), last
    assert counts["candidate"] == sum(stages.values())


def test_dated_before_the_demos_day_with_the_notices_answered(written):
    steps = AdmissionStep.objects.all()
    assert not steps.filter(date__gt=AS_OF).exists()
    assert not Candidate.objects.filter(listed_on__gt=AS_OF).exists()
    failed = steps.filter(step=rules.CELL_VOTE, passed=False)
    assert failed.count() >= 2 and not steps.filter(step=rules.CELL_VOTE, attempt__gt=2).exists()
    again = steps.filter(step=rules.CELL_VOTE, attempt=2, passed=True).count()
    assert again >= 1
    for step in (rules.DECISION, rules.CEREMONY):
        late = [s for s in steps.filter(step=step) if s.date > dt.date.fromisoformat(s.detail["due"])]
        assert late and all(s.note for s in late), step
        assert steps.filter(step=step, note="").exists()


def test_introducers_are_official_members_of_the_cell_for_a_year(written):
    rows = list(Introduction.objects.select_related("candidate", "member"))
    assert rows
    for row in rows:
        assert row.member.org_id == row.candidate.org_id and row.member.official_on <= row.given_on
        assert months_between(row.together_since, row.given_on) >= rules.TOGETHER_MONTHS
    helpers = Candidate.objects.filter(helper__isnull=False)
    assert helpers.count() == Candidate.objects.count()


def test_ceremonies_make_probationary_members(written):
    admitted = Candidate.objects.filter(stage=Stage.ADMITTED).select_related("member")
    assert 3 <= admitted.count() == written["members_added"] <= 40
    for c in admitted:
        assert c.member.status == MemberStatus.PROBATIONARY and c.member.org_id == c.org_id
        assert c.member.admitted_on == c.steps.get(step=rules.CEREMONY).date


def test_plans_for_two_years_and_the_figure_against_them(written):
    district = written["district"]
    grassroots = Org.objects.filter(path__startswith=district.path, type__is_grassroots=True, status="active")
    for y in (AS_OF.year - 1, AS_OF.year):
        plans = AdmissionPlan.objects.filter(year=y)
        assert plans.filter(org__in=grassroots).count() == grassroots.count()
        assert plans.filter(org__type__is_grassroots=False).exists()  # the grassroots orgs' quotas for cells
        result = measure("admissions_vs_plan", org=district, period=year(y))
        assert result is not None and result.denominator == sum(plans.filter(org__in=grassroots)
                                                                .values_list("quota", flat=True))
        assert result.denominator > 0 and result.numerator > 0


def test_written_through_the_services_once(written):
    assert AuditEntry.objects.filter(action="candidate_create").count() == written["counts"]["candidate"]
    assert AuditEntry.objects.filter(action="admission_plan_set").count() == written["counts"]["admissionplan"]
    assert written["again"] == {} and written["audit_again"] == 0
