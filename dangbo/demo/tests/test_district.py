"""The district demo (Tây Sơn): shape, integrity, and agreement with the services' own projection."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count, Q

from dangbo.core.dates import full_years
from dangbo.core.text import fold, name_sort_key
from dangbo.members.choices import ACTIVE_STATUSES
from dangbo.members.models import DisciplineDecision, LifecycleEvent, Member, MemberPost, Registration
from dangbo.members.rules import check_cccd
from dangbo.members.services import member_rebuild
from dangbo.orgs.models import CommitteeSeat, Org, OrgEvent, OrgPlacement, OrgStatus, Term, Village
from dangbo.orgs.selectors import tree_on

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def active_members():
    return Member.objects.filter(status__in=ACTIVE_STATUSES)


def test_counts_are_those_of_a_district_like_tay_son(district):
    district_org = Org.objects.get(type__code="dang_bo_huyen")
    assert district_org.name == "Đảng bộ huyện Tây Sơn"
    assert Org.objects.get(path=district_org.path[:4]).name == "Đảng bộ tỉnh Bình Định"
    active = Org.objects.filter(status=OrgStatus.ACTIVE)
    assert active.filter(type__is_grassroots=True).count() == 58
    assert active.filter(type__code="dang_bo_co_so", kind__code__in=["xa", "thi_tran"]).count() == 15
    assert 190 <= active.filter(type__code="chi_bo_truc_thuoc").count() <= 205
    assert Village.objects.filter(valid_to__isnull=True).count() == 76
    assert 3900 <= active_members().count() <= 4500
    women = active_members().filter(gender="F").count() / active_members().count()
    assert 0.28 <= women <= 0.37
    assert active_members().exclude(ethnicity="Kinh").filter(ethnicity="Ba Na").exists()
    assert active_members().filter(is_exempt=True).exists()
    categories = set(active_members().values_list("category", flat=True))
    assert {"nong_dan", "cbccvc", "huu_tri", "llvt"} <= categories


def test_every_active_member_sits_in_a_cell_and_is_of_age(district):
    assert not active_members().filter(Q(org__isnull=True) | Q(org__type__is_cell=False)).exists()
    assert not active_members().exclude(org__status=OrgStatus.ACTIVE).exists()
    for born in active_members().values_list("date_of_birth", flat=True):
        assert 18 <= full_years(born, AS_OF) <= 105


def test_tree_integrity_by_treebeard_and_placements(district):
    assert all(not problems for problems in Org.objects.find_problems())
    for org in Org.objects.all():
        open_ = list(OrgPlacement.objects.filter(org=org, valid_to__isnull=True))
        if org.status == OrgStatus.ACTIVE:
            assert len(open_) == 1 and open_[0].path == org.path and open_[0].name == org.name
        else:
            assert open_ == [] and org.ended_on is not None


def test_cccd_numbers_are_valid_unique_and_indexed_like_the_services(district):
    rows = list(Member.objects.values_list("full_name", "cccd", "gender", "date_of_birth", "card_number",
                                           "sort_key", "search_text"))
    assert len({r[1] for r in rows}) == len(rows)
    for name, cccd, gender, born, card, sort_key, search in rows:
        assert check_cccd(cccd, gender=gender, date_of_birth=born) == cccd
        assert sort_key == name_sort_key(name)
        assert search == fold(f"{name} {cccd} {card}")


def _snapshot(member):
    member.refresh_from_db()
    regs = sorted(Registration.objects.filter(member=member).values_list(
        "org_id", "kind", "is_probationary", "valid_from", "valid_to"))
    return (member.status, member.org_id, member.is_exempt, member.admitted_on, member.official_on, member.left_on,
            regs)


def test_projection_is_exactly_what_member_rebuild_computes(district):
    interesting = set(LifecycleEvent.objects.filter(kind__in=[
        "transfer", "temp_transfer", "expel", "strike_off", "exempt_end", "transfer_out", "death"])
        .values_list("member_id", flat=True))
    ordinary = set(Member.objects.order_by("id").values_list("id", flat=True)[::25])
    members = Member.objects.filter(id__in=sorted(interesting)[:400] + sorted(ordinary))
    assert members.count() > 500
    for member in members:
        before = _snapshot(member)
        member_rebuild(member)
        assert _snapshot(member) == before, member.full_name


def test_history_has_admissions_every_year_and_matching_expulsions(district):
    per_year = Counter(LifecycleEvent.objects.filter(kind="admit", date__year__gte=2016, date__year__lte=2025)
                       .values_list("date__year", flat=True))
    members = active_members().count()
    for year in range(2016, 2026):
        assert 0.02 * members <= per_year[year] <= 0.06 * members, year
    expulsions = set(LifecycleEvent.objects.filter(kind="expel").values_list("member_id", "date"))
    decisions = set(DisciplineDecision.objects.filter(form="expulsion").values_list("member_id", "date"))
    assert expulsions == decisions
    assert LifecycleEvent.objects.filter(kind="admit", date__year__lt=1980).exists()  # veterans


def test_tree_of_2018_differs_from_today(district, admin):
    province = Org.objects.get(depth=1)
    then = {p.org_id: (p.parent_id, p.name) for p in tree_on(user=admin, org=province, on=dt.date(2018, 6, 1))}
    now = {p.org_id: (p.parent_id, p.name) for p in tree_on(user=admin, org=province, on=AS_OF)}
    merged = OrgEvent.objects.filter(kind="merge")
    assert merged.count() == 2
    for event in merged:
        new = event.results.get()
        assert new.pk not in then and new.pk in now
        assert all(s.pk in then and s.pk not in now for s in event.sources.all())
    moved = OrgEvent.objects.get(kind="transfer").sources.get()
    assert then[moved.pk][0] != now[moved.pk][0]
    renamed = OrgEvent.objects.get(kind="rename").sources.get()
    assert then[renamed.pk][1] != now[renamed.pk][1] == renamed.name
    dissolved = OrgEvent.objects.get(kind="dissolve").sources.get()
    assert dissolved.pk in then and dissolved.pk not in now
    assert not Member.objects.filter(org=dissolved, status__in=ACTIVE_STATUSES).exists()


def test_committee_seats_are_held_by_members_of_the_org(district):
    grassroots = Org.objects.filter(status=OrgStatus.ACTIVE, type__is_grassroots=True)
    with_committee = grassroots.filter(terms__ends_on__isnull=True, terms__starts_on__lte=AS_OF).distinct()
    assert with_committee.count() == grassroots.count()
    assert Term.objects.filter(name="2020–2025").exists() and Term.objects.filter(name="2022–2025").exists()
    seats = CommitteeSeat.objects.select_related("committee__term__org", "member")
    assert seats.filter(post="secretary").exists()
    for seat in seats:
        org = seat.committee.term.org
        registered = Registration.objects.filter(
            member=seat.member, kind="official", org__path__startswith=org.path, valid_from__lte=seat.starts_on
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=seat.starts_on))
        assert registered.exists(), (seat.member.full_name, org.name)
    small_cells = (Org.objects.filter(type__code="chi_bo_truc_thuoc", status=OrgStatus.ACTIVE)
                   .annotate(n=Count("members", filter=Q(members__status__in=ACTIVE_STATUSES))).filter(n__lt=5))
    assert not Term.objects.filter(org__in=small_cells, starts_on__gte=dt.date(2025, 1, 1)).exists()


def test_village_heads_are_members_of_their_village_cell(district):
    villages = Village.objects.filter(valid_to__isnull=True).select_related("cell", "head_member")
    assert villages.filter(cell__isnull=True).count() >= 1
    heads = villages.filter(head_member__isnull=False)
    assert heads.count() >= 0.85 * villages.count()
    for village in heads:
        assert village.head_member.org_id == village.cell_id
        assert village.head_member.status in ACTIVE_STATUSES
        assert MemberPost.objects.filter(member=village.head_member, kind="village_head").exists()
    assert MemberPost.objects.filter(kind="council_chair").exists()
