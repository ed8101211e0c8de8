"""Who still needs training in an org's subtree (T5): committee seats not trained in party work, probationary
members without the new-member course."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from dangbo.core.api import ERRORS
from dangbo.core.dates import today
from dangbo.orgs.api import org_in_scope
from dangbo.training import needs as training_needs

router = Router(tags=["Đào tạo, bồi dưỡng"])
P = "/training"


class NeedsFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    on: dt.date | None = Field(None, description="tính đến ngày (mặc định: hôm nay)")


class SeatNeedOut(Schema):
    member_id: int
    member_name: str
    post: str = Field(description="chức vụ")
    org_id: int = Field(description="tổ chức của cấp ủy")
    org_name: str
    term_starts_on: dt.date


class ProbationerNeedOut(Schema):
    member_id: int
    member_name: str
    org_id: int | None
    org_name: str
    admitted_on: dt.date | None


class NeedsOut(Schema):
    org_id: int
    on: dt.date
    committee_people: int = Field(description="số người giữ chức vụ cấp ủy, bí thư chi bộ")
    committee_untrained: int = Field(description="số người trong đó chưa học nghiệp vụ công tác đảng trong nhiệm kỳ")
    seats: list[SeatNeedOut]
    probationers_total: int = Field(description="số đảng viên dự bị")
    probationers_untrained: int = Field(description="số đảng viên dự bị chưa học lớp đảng viên mới")
    probationers: list[ProbationerNeedOut]


@router.get(f"{P}/needs", response={200: NeedsOut, **ERRORS},
            summary="Những người còn phải học: cấp ủy viên, bí thư chi bộ chưa học nghiệp vụ; đảng viên dự bị chưa học "
                    "lớp đảng viên mới")
def needs(request, filters: Query[NeedsFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    found = training_needs.needs(user=request.auth, org=org, on=filters.on or today())
    seats = [{"member_id": s.member_id, "member_name": s.member.full_name, "post": s.get_post_display(),
              "org_id": s.committee.term.org_id, "org_name": s.committee.term.org.name,
              "term_starts_on": s.committee.term.starts_on} for s in found.seats]
    waiting = [{"member_id": m.pk, "member_name": m.full_name, "org_id": m.org_id,
                "org_name": m.org.name if m.org_id else "", "admitted_on": m.admitted_on} for m in found.probationers]
    return {"org_id": org.pk, "on": found.on, "committee_people": found.committee_people,
            "committee_untrained": found.seats_people, "seats": seats, "probationers_total": found.probationers_total,
            "probationers_untrained": found.probationers_count, "probationers": waiting}
