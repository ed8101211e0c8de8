"""Several years of completed reviews for the demo district: campaigns opened through the service, then the
results written in bulk (the demo package acts as a factory) within the rules: discipline in the year forces
KHTNV, HTXSNV stays within the 20% quota of every deciding unit, orgs rated HTNV get a remediation plan."""

import datetime as dt
import math
import random
from collections import defaultdict

from dangbo.members.models import DisciplineDecision
from dangbo.orgs.models import Org
from dangbo.reviews import services
from dangbo.reviews.choices import Level, Status, Subject
from dangbo.reviews.models import Assessment, RemediationPlan, ReviewCampaign, TargetRegistration

MEMBER_SHARES = [(Level.EXCELLENT, 0.13), (Level.GOOD, 0.815), (Level.COMPLETED, 0.05), (Level.NOT_COMPLETED, 0.005)]
ORG_SHARES = [(Level.EXCELLENT, 0.22), (Level.GOOD, 0.73), (Level.COMPLETED, 0.05), (Level.NOT_COMPLETED, 0.0)]


def _draw(rng, shares):
    x = rng.random()
    for level, share in shares:
        x -= share
        if x < 0:
            return level
    return shares[-1][0]


def create(*, actor, district: Org, years=range(2021, 2026), seed: int = 2023) -> int:
    """Idempotent per year: a year whose campaign exists is left alone. Returns the number of results written."""
    rng = random.Random(seed)
    written = 0
    for year in years:
        if ReviewCampaign.objects.filter(year=year, org=district).exists():
            continue
        services.campaign_open(actor=actor, org=district, year=year, opens_on=dt.date(year, 11, 15))
        disciplined = set(DisciplineDecision.objects.filter(date__year=year, member__isnull=False)
                          .values_list("member_id", flat=True))
        batch = list(Assessment.objects.filter(year=year, org__path__startswith=district.path)
                     .exclude(status=Status.EXCLUDED))
        groups = defaultdict(list)
        for a in batch:
            groups[(a.approver_id, a.subject)].append(a)
        for items in groups.values():
            shares = MEMBER_SHARES if items[0].subject == Subject.MEMBER else ORG_SHARES
            for a in items:
                a.final_level = Level.NOT_COMPLETED if a.member_id in disciplined else _draw(rng, shares)
            good = sum(1 for a in items if a.final_level in (Level.EXCELLENT, Level.GOOD))
            excellent = [a for a in items if a.final_level == Level.EXCELLENT]
            for a in excellent[math.floor(0.2 * good):]:
                a.final_level = Level.GOOD  # R4: the quota of the deciding unit
        day = dt.date(year + 1, 1, 20)
        for a in batch:
            a.self_level = a.proposed_level = a.final_level
            a.status, a.proposed_on, a.approved_on = Status.APPROVED, day, day
        Assessment.objects.bulk_update(batch, ["final_level", "self_level", "proposed_level", "status",
                                               "proposed_on", "approved_on"], batch_size=2000)
        plans = [RemediationPlan(year=year, assessment=a, subject_org_id=a.subject_org_id, org_id=a.org_id,
                                 reason="weak_rating", due_on=day + dt.timedelta(days=30),
                                 submitted_on=day + dt.timedelta(days=20), summary="Khắc phục hạn chế trong năm")
                 for a in batch if a.subject == Subject.ORG and a.final_level in (Level.COMPLETED,
                                                                                  Level.NOT_COMPLETED)]
        RemediationPlan.objects.bulk_create(plans)
        TargetRegistration.objects.bulk_create([
            TargetRegistration(year=year, member_id=a.member_id, subject_org_id=a.subject_org_id, org_id=a.org_id,
                               level=Level.GOOD if rng.random() < 0.85 else Level.EXCELLENT,
                               registered_on=dt.date(year, 1, 15))
            for a in batch if rng.random() < 0.97], batch_size=2000)
        written += len(batch)
    return written
