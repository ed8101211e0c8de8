"""Indicators computed from the org tree, committees and villages (TARGETS.md: Organizations, Training).

Next to an indicator, its drill-down ``(*, user, org, period) -> [(heading, records)]`` lists the records behind
the number — those counted and those not — limited to what the user may read."""

from django.db.models import Count, Q

from dangbo.accounts.scope import scope_for
from dangbo.members.choices import EducationLevel, PoliticalTheory, PostKind
from dangbo.members.models import Member, MemberPost
from dangbo.orgs.models import Committee, CommitteePost, CommitteeSeat, Org, OrgEvent, Village
from dangbo.orgs.selectors import listed_if_small, subtree_org_ids_on
from dangbo.targets.registry import (
    Measure,
    as_of,
    children_of,
    indicator,
    manual_indicator,
    subtree_sets,
    years_of,
)

UNIVERSITY = [EducationLevel.UNIVERSITY, EducationLevel.MASTER, EducationLevel.DOCTOR]
LLCT_INTERMEDIATE = [PoliticalTheory.INTERMEDIATE, PoliticalTheory.ADVANCED, PoliticalTheory.BACHELOR]


def _valid(on, prefix=""):
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on}))


def _villages(org, on):
    return Village.objects.filter(_valid(on), commune_id__in=listed_if_small(subtree_org_ids_on(org=org, on=on)))


def _orgs_on(org, on, **filters):
    # as listed ids: given the subquery, PostgreSQL reads all 300.000 orgs of the country to join a province's 5.053
    ids = listed_if_small(subtree_org_ids_on(org=org, on=on))
    return Org.objects.filter(pk__in=ids, **filters)


def _valid_within(rows, on) -> list:
    """The rows (``valid_from``, ``valid_to`` first) valid on ``on``, as ``_valid`` keeps them in SQL."""
    return [r for r in rows if r[0] <= on and (r[1] is None or r[1] > on)]


def _days_spanned(periods):
    days = [as_of(p) for p in periods]
    return days, min(days), max(days)


def _village_cells(org, on):
    return _orgs_on(org, on, type__is_cell=True, kind__is_residential=True)


def _seats_on(on):
    return CommitteeSeat.objects.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def _posts_on(on, kinds):
    return MemberPost.objects.filter(kind__in=kinds, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def _villages_seen(user, org, period):
    return _villages(org, as_of(period)).filter(scope_for(user).org_q(field="commune__path")).select_related(
        "commune", "cell", "head_member")


def _orgs_seen(user, qs):
    return qs.filter(scope_for(user).org_q()).select_related("type").order_by("path")


def _orgs_by_child(orgs, counted: Q, child_of: dict[int, int]) -> dict:
    """(orgs matching ``counted``, all ``orgs``) under each child — a child counts itself — in two reads."""
    out = {kid: [0, 0] for kid in child_of.values()}
    for column, qs in ((0, orgs.filter(counted)), (1, orgs)):
        for pk in qs.values_list("pk", flat=True):
            if pk in child_of:
                out[child_of[pk]][column] += 1
    return {kid: Measure(n, total) for kid, (n, total) in out.items()}


def _people_by_child(seats, qualified: Q, child_of: dict[int, int]) -> dict:
    """(qualified people, people) holding ``seats`` under each child, each person once per child."""
    people = {kid: set() for kid in child_of.values()}
    good = {kid: set() for kid in child_of.values()}
    for column, qs in ((good, seats.filter(qualified)), (people, seats)):
        for org_id, member_id in qs.values_list("committee__term__org_id", "member_id").distinct():
            if org_id in child_of:
                column[child_of[org_id]].add(member_id)
    return {kid: Measure(len(good[kid]), len(people[kid])) for kid in people}


def villages_with_cell_detail(*, user, org, period):
    qs = _villages_seen(user, org, period)
    return [("Thôn, tổ dân phố có chi bộ", qs.filter(cell__isnull=False)),
            ("Thôn, tổ dân phố chưa có chi bộ", qs.filter(cell__isnull=True))]


@indicator("villages_with_cell_rate", "Thôn, tổ dân phố có chi bộ", drilldown=villages_with_cell_detail)
def villages_with_cell(*, org, period):
    on = as_of(period)
    qs = _villages(org, on)
    return Measure(qs.filter(cell__isnull=False).count(), qs.count())


def _villages_by_child(org, period, child_of, counted: Q) -> dict:
    """(villages matching ``counted``, all villages) of each child, in one grouped read."""
    out = {kid: [0, 0] for kid in child_of.values()}
    # over the subtree as a subquery: grouped by commune, PostgreSQL plans it better so than on 5.000 listed ids
    # (20 ms against 130 ms for a province)
    on = as_of(period)
    rows = Village.objects.filter(_valid(on), commune_id__in=subtree_org_ids_on(org=org, on=on)).values_list(
        "commune_id").annotate(n=Count("pk", filter=counted), total=Count("pk")).order_by()
    for commune_id, n, total in rows:
        kid = child_of.get(commune_id)
        if kid is not None:
            out[kid][0] += n
            out[kid][1] += total
    return {kid: Measure(n, total) for kid, (n, total) in out.items()}


@years_of("villages_with_cell_rate")
def villages_with_cell_years(*, org, periods):
    return _villages_years(org, periods, "cell_id")


@children_of("villages_with_cell_rate")
def villages_with_cell_children(*, org, period, child_of):
    return _villages_by_child(org, period, child_of, Q(cell__isnull=False))


def village_heads_detail(*, user, org, period):
    qs = _villages_seen(user, org, period)
    return [("Trưởng thôn, tổ trưởng là đảng viên", qs.filter(head_member__isnull=False)),
            ("Trưởng thôn, tổ trưởng chưa là đảng viên", qs.filter(head_member__isnull=True))]


@indicator("village_head_member_rate", "Trưởng thôn, tổ trưởng tổ dân phố là đảng viên",
           drilldown=village_heads_detail)
def village_heads_members(*, org, period):
    qs = _villages(org, as_of(period))
    return Measure(qs.filter(head_member__isnull=False).count(), qs.count())


def _villages_years(org, periods, counted: str):
    """(villages whose ``counted`` column is set, villages) of each period, from one read of the villages valid
    on any of the periods' days, split by day (and that day's tree) here; None when the trees are too big."""
    days, first, last = _days_spanned(periods)
    subtrees = subtree_sets(org, days)
    if subtrees is None:
        return None
    rows = list(Village.objects.filter(commune_id__in=sorted(frozenset().union(*subtrees)), valid_from__lte=last)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=first))
                .values_list("valid_from", "valid_to", "commune_id", counted))
    out = []
    for on, ids in zip(days, subtrees, strict=True):
        kept = [r for r in _valid_within(rows, on) if r[2] in ids]
        out.append(Measure(sum(r[3] is not None for r in kept), len(kept)))
    return out


@years_of("village_head_member_rate")
def village_heads_members_years(*, org, periods):
    return _villages_years(org, periods, "head_member_id")


@children_of("village_head_member_rate")
def village_heads_members_children(*, org, period, child_of):
    return _villages_by_child(org, period, child_of, Q(head_member__isnull=False))


def _with_committee(on):
    return Q(pk__in=_seats_on(on).values("committee__term__org_id"))


def village_cells_with_committee_detail(*, user, org, period):
    on = as_of(period)
    cells = _orgs_seen(user, _village_cells(org, on))
    return [("Chi bộ thôn, tổ dân phố có chi ủy", cells.filter(_with_committee(on))),
            ("Chi bộ thôn, tổ dân phố chưa có chi ủy", cells.exclude(_with_committee(on)))]


@indicator("village_cells_with_committee_rate", "Chi bộ thôn, tổ dân phố có chi ủy",
           drilldown=village_cells_with_committee_detail)
def village_cells_with_committee(*, org, period):
    on = as_of(period)
    cells = _village_cells(org, on)
    return Measure(cells.filter(_with_committee(on)).count(), cells.count())


@children_of("village_cells_with_committee_rate")
def village_cells_with_committee_children(*, org, period, child_of):
    on = as_of(period)
    return _orgs_by_child(_village_cells(org, on), _with_committee(on), child_of)


def _secretary_holds(on, kinds) -> Q:
    """Orgs whose secretary on ``on`` also holds one of the posts ``kinds``."""
    holders = _posts_on(on, kinds).values("member_id")
    secretaries = _seats_on(on).filter(post=CommitteePost.SECRETARY, member_id__in=holders)
    return Q(pk__in=secretaries.values("committee__term__org_id"))


def secretary_is_village_head_detail(*, user, org, period):
    on = as_of(period)
    cells, both = _orgs_seen(user, _village_cells(org, on)), _secretary_holds(on, [PostKind.VILLAGE_HEAD])
    return [("Chi bộ có bí thư đồng thời là trưởng thôn, tổ trưởng", cells.filter(both)),
            ("Chi bộ còn lại", cells.exclude(both))]


@indicator("secretary_is_village_head_rate", "Bí thư chi bộ thôn, tổ dân phố đồng thời là trưởng thôn, tổ trưởng",
           drilldown=secretary_is_village_head_detail)
def secretary_is_village_head(*, org, period):
    on = as_of(period)
    cells = _village_cells(org, on)
    return Measure(cells.filter(_secretary_holds(on, [PostKind.VILLAGE_HEAD])).count(), cells.count())


@children_of("secretary_is_village_head_rate")
def secretary_is_village_head_children(*, org, period, child_of):
    on = as_of(period)
    return _orgs_by_child(_village_cells(org, on), _secretary_holds(on, [PostKind.VILLAGE_HEAD]), child_of)


CHAIRS = [PostKind.COUNCIL_CHAIR, PostKind.PEOPLE_COMMITTEE_CHAIR]


def _communes(org, on):
    return _orgs_on(org, on, type__is_grassroots=True, kind__code__in=["xa", "phuong", "thi_tran"])


def secretary_is_commune_chair_detail(*, user, org, period):
    on = as_of(period)
    communes, both = _orgs_seen(user, _communes(org, on)), _secretary_holds(on, CHAIRS)
    return [("Đảng bộ có bí thư đồng thời là Chủ tịch HĐND hoặc UBND", communes.filter(both)),
            ("Đảng bộ còn lại", communes.exclude(both))]


@indicator("secretary_is_commune_chair_count", "Bí thư đảng ủy xã, phường đồng thời là Chủ tịch HĐND hoặc UBND",
           drilldown=secretary_is_commune_chair_detail)
def secretary_is_commune_chair(*, org, period):
    on = as_of(period)
    communes = _communes(org, on)
    return Measure(communes.filter(_secretary_holds(on, CHAIRS)).count(), communes.count())


@children_of("secretary_is_commune_chair_count")
def secretary_is_commune_chair_children(*, org, period, child_of):
    on = as_of(period)
    return _orgs_by_child(_communes(org, on), _secretary_holds(on, CHAIRS), child_of)


def _with_working_rules(on) -> Q:
    current = Committee.objects.filter(term__starts_on__lte=on).filter(
        Q(term__ends_on__isnull=True) | Q(term__ends_on__gte=on))
    return Q(pk__in=current.filter(has_working_rules=True).values("term__org_id"))


def orgs_with_working_rules_detail(*, user, org, period):
    on = as_of(period)
    tccs = _orgs_seen(user, _orgs_on(org, on, type__is_grassroots=True))
    return [("Tổ chức cơ sở đảng có quy chế làm việc", tccs.filter(_with_working_rules(on))),
            ("Tổ chức cơ sở đảng chưa có quy chế làm việc", tccs.exclude(_with_working_rules(on)))]


@indicator("orgs_with_working_rules_rate", "Cấp ủy, tổ chức cơ sở đảng có quy chế làm việc",
           drilldown=orgs_with_working_rules_detail)
def orgs_with_working_rules(*, org, period):
    on = as_of(period)
    tccs = _orgs_on(org, on, type__is_grassroots=True)
    return Measure(tccs.filter(_with_working_rules(on)).count(), tccs.count())


def _working_rules_by_period(org, periods) -> list[tuple[set, set]] | None:
    """(grassroots orgs of the tree, those with working rules) on each period's day, from two reads for all the
    periods — the grassroots orgs of their trees, the terms with working rules that overlap them — split by day
    here: a term counts on ``on`` when it starts by then and has not ended before. None when the trees are too
    big to list."""
    days, first, last = _days_spanned(periods)
    subtrees = subtree_sets(org, days)
    if subtrees is None:
        return None
    tccs = set(Org.objects.filter(pk__in=sorted(frozenset().union(*subtrees)), type__is_grassroots=True)
               .values_list("pk", flat=True))
    terms = list(Committee.objects.filter(has_working_rules=True, term__org_id__in=sorted(tccs),
                                          term__starts_on__lte=last)
                 .filter(Q(term__ends_on__isnull=True) | Q(term__ends_on__gte=first))
                 .values_list("term__starts_on", "term__ends_on", "term__org_id"))
    out = []
    for on, ids in zip(days, subtrees, strict=True):
        counted = ids & tccs
        ruled = {pk for starts, ends, pk in terms if starts <= on and (ends is None or ends >= on)}
        out.append((counted, counted & ruled))
    return out


@years_of("orgs_with_working_rules_rate")
def orgs_with_working_rules_years(*, org, periods):
    found = _working_rules_by_period(org, periods)
    return None if found is None else [Measure(len(ruled), len(counted)) for counted, ruled in found]


@children_of("orgs_with_working_rules_rate")
def orgs_with_working_rules_children(*, org, period, child_of):
    found = _working_rules_by_period(org, [period])
    if found is None:
        on = as_of(period)
        return _orgs_by_child(_orgs_on(org, on, type__is_grassroots=True), _with_working_rules(on), child_of)
    counted, ruled = found[0]
    out = {kid: [0, 0] for kid in child_of.values()}
    for pk in counted:
        if pk in child_of:
            out[child_of[pk]][0] += pk in ruled
            out[child_of[pk]][1] += 1
    return {kid: Measure(n, total) for kid, (n, total) in out.items()}


def _private_cells_founded(org, period):
    on = as_of(period)
    return OrgEvent.objects.filter(kind="found", date__range=(period.start, on),
                                   results__type__is_cell=True, results__kind__is_private_sector=True,
                                   results__in=subtree_org_ids_on(org=org, on=on))


def new_cells_private_detail(*, user, org, period):
    ids = _private_cells_founded(org, period).values("results")
    return [("Chi bộ thành lập trong kỳ", _orgs_seen(user, Org.objects.filter(pk__in=ids)))]


@indicator("new_cells_private_sector", "Chi bộ thành lập trong doanh nghiệp tư nhân, đơn vị ngoài công lập",
           unit="count", drilldown=new_cells_private_detail)
def new_cells_private(*, org, period):
    return Measure(_private_cells_founded(org, period).values("results").distinct().count())


@children_of("new_cells_private_sector")
def new_cells_private_children(*, org, period, child_of):
    out = {kid: set() for kid in child_of.values()}
    for cell_id in _private_cells_founded(org, period).values_list("results", flat=True).distinct():
        if cell_id in child_of:
            out[child_of[cell_id]].add(cell_id)
    return {kid: Measure(len(cells)) for kid, cells in out.items()}


def _grassroots_committee_seats(org, on):
    tccs = _orgs_on(org, on, type__is_grassroots=True).values("pk")
    return _seats_on(on).filter(committee__term__org_id__in=tccs)


def _committee_people(user, seats):
    return Member.objects.filter(scope_for(user).member_q(), pk__in=seats.values("member_id")).select_related(
        "org").order_by("sort_key", "id")


def committee_university_detail(*, user, org, period):
    seats = _grassroots_committee_seats(org, as_of(period)).filter(is_full_time=True)
    people = _committee_people(user, seats)
    return [("Có trình độ đại học trở lên", people.filter(education_level__in=UNIVERSITY)),
            ("Chưa có trình độ đại học", people.exclude(education_level__in=UNIVERSITY))]


def committee_llct_detail(*, user, org, period):
    people = _committee_people(user, _grassroots_committee_seats(org, as_of(period)))
    return [("Có trung cấp lý luận chính trị trở lên", people.filter(political_theory__in=LLCT_INTERMEDIATE)),
            ("Chưa có trung cấp lý luận chính trị", people.exclude(political_theory__in=LLCT_INTERMEDIATE))]


@indicator("committee_university_rate", "Cấp ủy viên cơ sở (chuyên trách) có trình độ đại học trở lên",
           drilldown=committee_university_detail)
def committee_university(*, org, period):
    seats = _grassroots_committee_seats(org, as_of(period)).filter(is_full_time=True)
    people = seats.values("member_id").distinct()
    return Measure(people.filter(member__education_level__in=UNIVERSITY).count(), people.count())


@indicator("committee_llct_intermediate_rate", "Cấp ủy viên cơ sở có trình độ trung cấp lý luận chính trị trở lên",
           drilldown=committee_llct_detail)
def committee_llct(*, org, period):
    people = _grassroots_committee_seats(org, as_of(period)).values("member_id").distinct()
    return Measure(people.filter(member__political_theory__in=LLCT_INTERMEDIATE).count(), people.count())


@children_of("committee_university_rate")
def committee_university_children(*, org, period, child_of):
    seats = _grassroots_committee_seats(org, as_of(period)).filter(is_full_time=True)
    return _people_by_child(seats, Q(member__education_level__in=UNIVERSITY), child_of)


@children_of("committee_llct_intermediate_rate")
def committee_llct_children(*, org, period, child_of):
    seats = _grassroots_committee_seats(org, as_of(period))
    return _people_by_child(seats, Q(member__political_theory__in=LLCT_INTERMEDIATE), child_of)


manual_indicator("orgs_new_model_rate", "Cấp ủy, tổ chức cơ sở đảng có mô hình mới, cách làm sáng tạo được công nhận")

