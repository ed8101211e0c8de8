"""Indicators computed from the org tree, committees and villages (TARGETS.md: Organizations, Training)."""

from django.db.models import Q

from dangbo.members.choices import EducationLevel, PoliticalTheory, PostKind
from dangbo.members.models import MemberPost
from dangbo.orgs.models import Committee, CommitteePost, CommitteeSeat, OrgEvent, Village
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.targets.registry import Measure, as_of, indicator, manual_indicator

UNIVERSITY = [EducationLevel.UNIVERSITY, EducationLevel.MASTER, EducationLevel.DOCTOR]
LLCT_INTERMEDIATE = [PoliticalTheory.INTERMEDIATE, PoliticalTheory.ADVANCED, PoliticalTheory.BACHELOR]


def _valid(on, prefix=""):
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on}))


def _villages(org, on):
    return Village.objects.filter(_valid(on), commune_id__in=subtree_org_ids_on(org=org, on=on))


def _orgs_on(org, on, **filters):
    ids = subtree_org_ids_on(org=org, on=on)
    from dangbo.orgs.models import Org

    return Org.objects.filter(pk__in=ids, **filters)


def _village_cells(org, on):
    return _orgs_on(org, on, type__is_cell=True, kind__is_residential=True)


def _seats_on(on):
    return CommitteeSeat.objects.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def _posts_on(on, kinds):
    return MemberPost.objects.filter(kind__in=kinds, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on))


@indicator("villages_with_cell_rate", "Thôn, tổ dân phố có chi bộ")
def villages_with_cell(*, org, period):
    on = as_of(period)
    qs = _villages(org, on)
    return Measure(qs.filter(cell__isnull=False).count(), qs.count())


@indicator("village_head_member_rate", "Trưởng thôn, tổ trưởng tổ dân phố là đảng viên")
def village_heads_members(*, org, period):
    qs = _villages(org, as_of(period))
    return Measure(qs.filter(head_member__isnull=False).count(), qs.count())


@indicator("village_cells_with_committee_rate", "Chi bộ thôn, tổ dân phố có chi ủy")
def village_cells_with_committee(*, org, period):
    on = as_of(period)
    cells = _village_cells(org, on)
    with_committee = cells.filter(pk__in=_seats_on(on).values("committee__term__org_id")).count()
    return Measure(with_committee, cells.count())


@indicator("secretary_is_village_head_rate", "Bí thư chi bộ thôn, tổ dân phố đồng thời là trưởng thôn, tổ trưởng")
def secretary_is_village_head(*, org, period):
    on = as_of(period)
    cells = _village_cells(org, on)
    heads = _posts_on(on, [PostKind.VILLAGE_HEAD]).values("member_id")
    secretaries = _seats_on(on).filter(post=CommitteePost.SECRETARY, member_id__in=heads)
    return Measure(cells.filter(pk__in=secretaries.values("committee__term__org_id")).count(), cells.count())


@indicator("secretary_is_commune_chair_count", "Bí thư đảng ủy xã, phường đồng thời là Chủ tịch HĐND hoặc UBND")
def secretary_is_commune_chair(*, org, period):
    on = as_of(period)
    communes = _orgs_on(org, on, type__is_grassroots=True, kind__code__in=["xa", "phuong", "thi_tran"])
    chairs = _posts_on(on, [PostKind.COUNCIL_CHAIR, PostKind.PEOPLE_COMMITTEE_CHAIR]).values("member_id")
    secretaries = _seats_on(on).filter(post=CommitteePost.SECRETARY, member_id__in=chairs)
    return Measure(communes.filter(pk__in=secretaries.values("committee__term__org_id")).count(), communes.count())


@indicator("orgs_with_working_rules_rate", "Cấp ủy, tổ chức cơ sở đảng có quy chế làm việc")
def orgs_with_working_rules(*, org, period):
    on = as_of(period)
    tccs = _orgs_on(org, on, type__is_grassroots=True)
    current = Committee.objects.filter(term__starts_on__lte=on).filter(
        Q(term__ends_on__isnull=True) | Q(term__ends_on__gte=on))
    with_rules = tccs.filter(pk__in=current.filter(has_working_rules=True).values("term__org_id")).count()
    return Measure(with_rules, tccs.count())


@indicator("new_cells_private_sector", "Chi bộ thành lập trong doanh nghiệp tư nhân, đơn vị ngoài công lập",
           unit="count")
def new_cells_private(*, org, period):
    on = as_of(period)
    founded = OrgEvent.objects.filter(kind="found", date__range=(period.start, on),
                                      results__type__is_cell=True, results__kind__is_private_sector=True,
                                      results__in=subtree_org_ids_on(org=org, on=on))
    return Measure(founded.values("results").distinct().count())


def _grassroots_committee_seats(org, on):
    tccs = _orgs_on(org, on, type__is_grassroots=True).values("pk")
    return _seats_on(on).filter(committee__term__org_id__in=tccs)


@indicator("committee_university_rate", "Cấp ủy viên cơ sở (chuyên trách) có trình độ đại học trở lên")
def committee_university(*, org, period):
    seats = _grassroots_committee_seats(org, as_of(period)).filter(is_full_time=True)
    people = seats.values("member_id").distinct()
    return Measure(people.filter(member__education_level__in=UNIVERSITY).count(), people.count())


@indicator("committee_llct_intermediate_rate", "Cấp ủy viên cơ sở có trình độ trung cấp lý luận chính trị trở lên")
def committee_llct(*, org, period):
    people = _grassroots_committee_seats(org, as_of(period)).values("member_id").distinct()
    return Measure(people.filter(member__political_theory__in=LLCT_INTERMEDIATE).count(), people.count())


manual_indicator("orgs_new_model_rate", "Cấp ủy, tổ chức cơ sở đảng có mô hình mới, cách làm sáng tạo được công nhận")

