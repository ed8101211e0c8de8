"""The screening of the demo district (rà soát, sàng lọc — issue 9, Deliver 9; RULES.md M11): a few members rated
"không hoàn thành nhiệm vụ" in the year before the demo's day, each considered by the cell — most kept with the
education the cell commits to, one struck off — through ``admissions.services.screening_decide`` (audited; the
striking off is the member's lifecycle fact).

Members are taken in id order from one indexed query (no scan of the district's meetings: the live screening list
reads those, and the demo stays quick on PostgreSQL). Committee members and members with a demo account are left
out, so the demo logins keep showing what ``demo_setup`` describes. A district with decisions is left alone."""

import datetime as dt

from dangbo.accounts.models import Grant
from dangbo.admissions import services
from dangbo.admissions.models import ScreeningDecision
from dangbo.core.exceptions import DomainError
from dangbo.demo.meetings import demo_day
from dangbo.members.choices import MemberStatus
from dangbo.orgs.models import CommitteeSeat, Org
from dangbo.reviews.choices import Level
from dangbo.reviews.models import Assessment

KEEP_NOTES = ["Chi bộ phân công đảng viên giúp đỡ; đồng chí cam kết khắc phục trong 6 tháng.",
              "Đồng chí ốm dài ngày trong năm; chi bộ tiếp tục giáo dục, theo dõi."]
WANTED = 4  # the last one is struck off


def create(*, actor, district: Org, as_of: dt.date | None = None) -> dict:
    if ScreeningDecision.objects.filter(member__org__path__startswith=district.path).exists():
        return {}
    as_of = as_of or demo_day(district)
    year = as_of.year - 1
    kept = set(CommitteeSeat.objects.filter(ends_on__isnull=True).values_list("member_id", flat=True))
    kept |= set(Grant.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    rated = (Assessment.objects.filter(org__path__startswith=district.path, year=year, final_level=Level.NOT_COMPLETED,
                                       member__status=MemberStatus.OFFICIAL)
             .select_related("member__org").order_by("member_id"))
    decided_on = as_of - dt.timedelta(days=20)
    written = []
    for row in rated.iterator():
        if len(written) == WANTED:
            break
        member = row.member
        if member.pk in kept:
            continue
        reasons = f"Năm {year} xếp loại không hoàn thành nhiệm vụ."
        last = len(written) == WANTED - 1
        try:
            written.append(services.screening_decide(
                actor=actor, member=member, decided_on=decided_on, reasons=reasons,
                outcome=ScreeningDecision.Outcome.STRIKE_OFF if last else ScreeningDecision.Outcome.KEEP,
                decision_ref=f"{len(written) + 1:02d}-QĐ/ĐU" if last else "",
                note="" if last else KEEP_NOTES[len(written) % len(KEEP_NOTES)]))
        except DomainError:
            continue  # a later fact in the member's history: the next one
    return {"screeningdecision": len(written)}
