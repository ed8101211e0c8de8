"""Scoped reads of the review workflow: campaigns and their progress, a cell's entry sheet, an approver's
pending decisions, registrations against results. Counts are GROUP BY queries, never a query per org."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, Substr

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date
from dangbo.core.dates import today as today_
from dangbo.core.exceptions import OutOfScope
from dangbo.members.choices import ACTIVE_STATUSES
from dangbo.members.models import Member
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import subtree_ids, subtree_org_ids_on
from dangbo.reviews import facts as review_facts
from dangbo.reviews import rules
from dangbo.reviews.choices import LEVEL_ORDER, Level, Status, Subject
from dangbo.reviews.models import Assessment, QuotaException, ReviewCampaign, TargetRegistration

STEP = Org.steplen


# --- campaigns ---------------------------------------------------------------------------------------------------

def campaign_queryset(*, user) -> QuerySet[ReviewCampaign]:
    """Campaigns over an org in the user's scope, and those above it that cover the user's orgs (a cell
    secretary needs the district's campaign and its deadlines; the progress is then cut to their orgs)."""
    scope = scope_for(user)
    q = scope.org_q(field="org__path")
    if not scope.is_admin:
        above = {p[:k] for p in scope.read_paths for k in range(STEP, len(p), STEP)}
        if above:
            q |= Q(org__path__in=sorted(above))
    return ReviewCampaign.objects.filter(q).select_related("org__type").order_by("-year", "org__path")


def campaign_get(*, user, pk) -> ReviewCampaign:
    try:
        return campaign_queryset(user=user).get(pk=pk)
    except (ReviewCampaign.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def campaign_for_unit(*, user, org: Org, year: int) -> ReviewCampaign | None:
    """The nearest campaign of the year over ``org`` (its deadlines apply to the unit)."""
    scope_for(user).require_path(org.path)
    prefixes = [org.path[:k] for k in range(STEP, len(org.path) + 1, STEP)]
    return (ReviewCampaign.objects.filter(year=year, org__path__in=prefixes).select_related("org")
            .order_by("-org__depth").first())


def campaign_anchors(*, user, campaign: ReviewCampaign, org: Org | None = None) -> list[Org]:
    """Where the progress table starts: the org asked for, the campaign's org, or else the user's own orgs
    inside the campaign."""
    scope = scope_for(user)
    if org is not None:
        if not org.path.startswith(campaign.org.path):
            raise OutOfScope()
        scope.require_path(org.path)
        return [org]
    if scope.covers_path(campaign.org.path):
        return [campaign.org]
    paths = [p for p in scope.read_paths if p.startswith(campaign.org.path)]
    return list(Org.objects.filter(path__in=paths).select_related("type").order_by("path"))


@dataclass
class Counts:
    total: int = 0
    excluded: int = 0
    self_assessed: int = 0
    proposed: int = 0
    approved: int = 0

    @property
    def to_review(self) -> int:
        return self.total - self.excluded

    @property
    def missing(self) -> int:
        return self.to_review - self.approved

    @property
    def not_proposed(self) -> int:
        return self.to_review - self.proposed

    def add(self, other: "Counts") -> None:
        for name in ("total", "excluded", "self_assessed", "proposed", "approved"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ProgressRow:
    org: Org
    own: bool = False  # the anchor's own assessments (its members, itself), not a child's subtree
    can_write: bool = False  # the user may enter (a cell) or decide (a committee) here: the links say so
    members: Counts = field(default_factory=Counts)
    orgs: Counts = field(default_factory=Counts)
    late: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.members.total or self.orgs.total)


def _late(row: ProgressRow, campaign: ReviewCampaign, on: dt.date) -> list[str]:
    out = []
    if campaign.cell_deadline and campaign.cell_deadline < on and row.members.not_proposed:
        out.append(f"{row.members.not_proposed} đảng viên chưa được chi bộ đề xuất")
    if campaign.grassroots_deadline and campaign.grassroots_deadline < on and row.members.missing:
        out.append(f"{row.members.missing} đảng viên chưa được quyết định")
    if campaign.superior_deadline and campaign.superior_deadline < on and row.orgs.missing:
        out.append(f"{row.orgs.missing} tổ chức chưa được quyết định")
    return out


def tree_of_day(day: dt.date) -> QuerySet[OrgPlacement]:
    """Every org's place in the tree on ``day`` (unscoped: callers filter by a subtree they have checked)."""
    return OrgPlacement.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def campaign_progress(*, user, campaign: ReviewCampaign, anchors: list[Org], on: dt.date | None = None
                      ) -> tuple[list[ProgressRow], ProgressRow | None]:
    """Per child of each anchor (and the anchor's own unit): members and orgs to review, excluded,
    self-assessed, proposed, approved, missing — over the tree of the review date, where the campaign's
    population stood (an org moved or merged since is counted where it was). One GROUP BY per anchor depth."""
    scope = scope_for(user)
    day = rules.review_date(campaign.year)
    anchors = [a for a in anchors if scope.covers_path(a.path) and a.path.startswith(campaign.org.path)]
    at = {p.org_id: p for p in tree_of_day(day).filter(org_id__in=[a.pk for a in anchors])}
    anchors = [a for a in anchors if a.pk in at]
    if not anchors:
        return [], None
    child_q = Q()
    for a in anchors:
        child_q |= Q(path__startswith=at[a.pk].path, length=len(at[a.pk].path) + STEP)
    children = list(tree_of_day(day).annotate(length=Length("path")).filter(child_q).select_related("org__type"))
    rows: dict[str, ProgressRow] = {at[a.pk].path: ProgressRow(org=a, own=True) for a in anchors}
    rows.update({c.path: ProgressRow(org=c.org) for c in children})
    excluded = Q(status=Status.EXCLUDED)
    day_path = Subquery(tree_of_day(day).filter(org_id=OuterRef("org_id")).values("path")[:1])
    for size in sorted({len(at[a.pk].path) for a in anchors}):
        where = Q()
        for a in anchors:
            if len(at[a.pk].path) == size:
                where |= Q(org_id__in=tree_of_day(day).filter(path__startswith=at[a.pk].path).values("org_id"))
        agg = (Assessment.objects.filter(where, year=campaign.year)
               .annotate(top=Substr(day_path, 1, size + STEP)).values("top", "subject")
               .annotate(total=Count("id"), excluded=Count("id", filter=excluded),
                         self_assessed=Count("id", filter=~Q(self_level="") & ~excluded),
                         proposed=Count("id", filter=Q(status__in=[Status.PROPOSED, Status.APPROVED])),
                         approved=Count("id", filter=Q(status=Status.APPROVED)))
               .order_by())
        for r in agg:
            row = rows.get(r["top"])
            if row is None:
                continue
            counts = Counts(r["total"], r["excluded"], r["self_assessed"], r["proposed"], r["approved"])
            (row.members if r["subject"] == Subject.MEMBER else row.orgs).add(counts)
    on = on or today_()
    total = ProgressRow(org=campaign.org)
    out = []
    for _path, row in sorted(rows.items(), key=lambda item: (not item[1].own, item[0])):
        if row.is_empty:
            continue
        row.can_write = scope.covers_path(row.org.path, write=True)
        row.late = _late(row, campaign, on)
        total.members.add(row.members)
        total.orgs.add(row.orgs)
        out.append(row)
    total.late = _late(total, campaign, on)
    return out, total


def excluded_list(*, user, campaign: ReviewCampaign, anchors: list[Org], limit: int = 300) -> list[Assessment]:
    """Who is listed but not rated in the anchors' subtrees of the review date, with the reason (R1)."""
    scope = scope_for(user)
    day = rules.review_date(campaign.year)
    where = Q()
    for a in anchors:
        scope.require_path(a.path)
        where |= Q(org_id__in=subtree_org_ids_on(org=a, on=day))
    if not anchors:
        return []
    return list(Assessment.objects.filter(where, year=campaign.year, status=Status.EXCLUDED)
                .select_related("member", "subject_org", "org")
                .order_by("org__path", "subject", "member__sort_key", "id")[:limit])


def writable_campaign_orgs(*, user) -> QuerySet[Org]:
    """Orgs the user may open a campaign over (committees, not cells: the cell proposes, it does not decide)."""
    return (Org.objects.filter(scope_for(user).org_q(write=True), status="active", type__is_cell=False)
            .select_related("type").order_by("path"))


# --- the cell secretary's sheet ----------------------------------------------------------------------------------

def suggestion(a: Assessment, reg: rules.Regulation, disciplined: set[int] | None = None
               ) -> tuple[str | None, list[rules.Cap]]:
    """The best level the entered marks or score allow (``rules.best_allowed``); None while nothing
    limits it (nothing entered yet): suggesting HTXSNV to everyone would only invite quota refusals."""
    if a.subject == Subject.ORG:
        facts = review_facts.org_facts(a)
    else:
        facts = review_facts.member_facts(a, disciplined=disciplined or set())
    found = rules.caps(facts, reg)
    if not found:
        return None, []
    return rules.best_allowed(facts, reg)


@dataclass
class UnitSheet:
    org: Org
    year: int
    reg: rules.Regulation
    rows: list[Assessment]
    excluded: list[Assessment]
    own: Assessment | None
    registrations: dict[tuple[str, int], TargetRegistration]
    disciplined: set[int]
    campaign: ReviewCampaign | None

    def criteria_columns(self) -> list[dict]:
        """The union of the criteria of the rows' sets, in first-seen order (sets differ per member group)."""
        seen: dict[str, dict] = {}
        for a in self.rows:
            for c in (a.criteria_set.criteria if a.criteria_set_id else []):
                seen.setdefault(c["code"], c)
        return list(seen.values())


def unit_sheet(*, user, org: Org, year: int) -> UnitSheet:
    """Every member of the cell for the year (Vietnamese name order), the excluded apart, the cell's own
    assessment, the registrations and who was disciplined in the year."""
    scope_for(user).require_path(org.path)
    reg = rules.regulation_for(year)
    members = list(Assessment.objects.filter(year=year, org=org, subject=Subject.MEMBER)
                   .select_related("member", "criteria_set").order_by("member__sort_key", "id"))
    own = (Assessment.objects.filter(year=year, subject=Subject.ORG, subject_org=org)
           .select_related("criteria_set", "subject_org__type", "org", "approver").first())
    regs = {}
    for r in TargetRegistration.objects.filter(year=year, org=org):
        regs[("member", r.member_id) if r.member_id else ("org", r.subject_org_id)] = r
    rated = [a for a in members if a.status != Status.EXCLUDED]
    return UnitSheet(
        org=org, year=year, reg=reg, rows=rated, excluded=[a for a in members if a.status == Status.EXCLUDED],
        own=own, registrations=regs,
        disciplined=review_facts.disciplined_member_ids([a.member_id for a in rated], year),
        campaign=campaign_for_unit(user=user, org=org, year=year))


def assessment_get(*, user, pk, own_allowed: bool = False) -> Assessment:
    """One assessment the user may see: in their orgs, or (``own_allowed``) their own as a member."""
    scope = scope_for(user)
    q = scope.org_q(field="org__path")
    if own_allowed and scope.own_member_ids:
        q |= Q(member_id__in=list(scope.own_member_ids))
    try:
        return (Assessment.objects.filter(q).select_related("member", "subject_org", "org", "approver",
                                                            "criteria_set").get(pk=pk))
    except (Assessment.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def own_assessments(*, user) -> QuerySet[Assessment]:
    """A member's own assessments, newest year first (the member role's self-assessment)."""
    ids = list(scope_for(user).own_member_ids)
    return (Assessment.objects.filter(member_id__in=ids).select_related("member", "org")
            .order_by("-year", "id"))


def can_write(*, user, org: Org) -> bool:
    return scope_for(user).covers_path(org.path, write=True)


def writable_cells(*, user) -> QuerySet[Org]:
    """The active chi bộ whose results the user may enter (and import from Excel)."""
    return (Org.objects.filter(scope_for(user).org_q(write=True), type__is_cell=True, status="active")
            .select_related("type").order_by("path"))


# --- the approver's screen ----------------------------------------------------------------------------------------

@dataclass
class QuotaGroup:
    subject: str
    label: str
    units: list[tuple[Org, list[Assessment]]]
    decided_levels: list[str]

    def levels(self, chosen: dict[int, str]) -> list[str]:
        return self.decided_levels + [chosen.get(a.pk) or a.proposed_level for _u, rows in self.units for a in rows]

    def pending(self) -> list[Assessment]:
        return [a for _u, rows in self.units for a in rows]


def approval_sheet(*, user, approver: Org, year: int) -> tuple[list[QuotaGroup], list[Assessment]]:
    """Every proposed assessment this org decides, grouped by quota group (members; sub-orgs) and unit,
    with the levels already decided in the same group (they count in the quota), and the decided ones."""
    scope_for(user).require_path(approver.path)
    pending = list(Assessment.objects.filter(approver=approver, year=year, status=Status.PROPOSED)
                   .select_related("member", "subject_org", "org")
                   .order_by("subject", "org__path", "member__sort_key", "id"))
    decided = list(Assessment.objects.filter(approver=approver, year=year, status=Status.APPROVED)
                   .select_related("member", "subject_org", "org")
                   .order_by("subject", "org__path", "member__sort_key", "id"))
    groups = []
    for subject, label in ((Subject.MEMBER, "Đảng viên"), (Subject.ORG, "Tổ chức đảng")):
        units: dict[int, tuple[Org, list[Assessment]]] = {}
        for a in pending:
            if a.subject == subject:
                units.setdefault(a.org_id, (a.org, []))[1].append(a)
        done = [a.final_level for a in decided if a.subject == subject]
        if units or done:
            groups.append(QuotaGroup(subject, label, list(units.values()), done))
    return groups, decided


def quota_state(levels: list[str], year: int, *, unit: str = "") -> dict:
    """The quota of one group on the approval screen: a breach is a warning with its figures (R4), lifted by the
    exception the approver records."""
    reg = rules.regulation_for(year)
    breach = rules.quota_breach(levels, reg, unit=unit)
    return {"excellent": sum(1 for lv in levels if lv == Level.EXCELLENT), "limit": rules.quota_limit(levels, reg),
            "base": rules.quota_base(levels, reg), "base_label": rules.QUOTA_BASES[reg.quota_base],
            "over": breach is not None, "warning": breach.message if breach else "",
            "share": rules.pct(reg.excellent_share), "citation": rules.quota_rule(reg).citation}


def quota_exceptions(*, user, org: Org, year: int) -> list[QuotaException]:
    """The groups decided above the HTXSNV share in ``org``'s subtree for the year, with the recorded reason
    and decision (or the flag of a past year's imported results)."""
    scope_for(user).require_path(org.path)
    return list(QuotaException.objects.filter(year=year, group__path__startswith=org.path)
                .select_related("group").order_by("group__path", "subject"))


def quota_summary(rows: list[QuotaException], year: int) -> str:
    """“Vượt tỷ lệ 20%: 2 trường hợp, lý do …” for the statistics."""
    if not rows:
        return ""
    share = rules.pct(rules.regulation_for(year).excellent_share)
    parts = []
    for e in rows:
        who = "đảng viên" if e.subject == Subject.MEMBER else "tổ chức"
        why = f"lý do: {e.reason}" if e.reason else "chưa ghi lý do (kết quả nhập từ năm trước)"
        decision = f", quyết định số {e.decision_number} ngày {format_date(e.decision_date)}" \
            if e.decision_number else ""
        parts.append(f"{e.group.name} — {e.excellent} {who} HTXSNV / tối đa {e.limit}, {why}{decision}")
    return f"Vượt tỷ lệ {share}: {len(rows)} trường hợp — " + "; ".join(parts) + "."


# --- registration (đăng ký phấn đấu) ------------------------------------------------------------------------------

def registration_sheet(*, user, org: Org, year: int) -> tuple[list[Member], dict, TargetRegistration | None]:
    scope_for(user).require_path(org.path)
    members = list(Member.objects.filter(org=org, status__in=ACTIVE_STATUSES).order_by("sort_key", "id"))
    regs = {r.member_id: r for r in TargetRegistration.objects.filter(year=year, org=org, member__isnull=False)}
    own = TargetRegistration.objects.filter(year=year, subject_org=org).first()
    return members, regs, own


def _rank_case(field_name: str) -> Case:
    return Case(*[When(**{field_name: lv}, then=Value(i)) for i, lv in enumerate(LEVEL_ORDER)],
                default=Value(None), output_field=IntegerField())


def registration_results(*, user, org: Org, year: int) -> QuerySet[TargetRegistration]:
    """Each registration in ``org``'s subtree with the final level of the year and whether it was met."""
    scope_for(user).require_path(org.path)
    by_member = Assessment.objects.filter(year=year, member=OuterRef("member")).values("final_level")[:1]
    by_org = Assessment.objects.filter(year=year, subject_org=OuterRef("subject_org")).values("final_level")[:1]
    return (TargetRegistration.objects.filter(year=year, org_id__in=subtree_ids(org))
            .select_related("member", "subject_org", "org")
            .annotate(final=Coalesce(Subquery(by_member), Subquery(by_org), Value(""), output_field=CharField()))
            .annotate(reg_rank=_rank_case("level"), final_rank=_rank_case("final"))
            .order_by("org__path", "subject_org_id", "member__sort_key", "id"))


def registration_summary(results: QuerySet[TargetRegistration]) -> dict[str, dict]:
    """Registered / with a result / met / not met, for members and for orgs, in one aggregate query."""
    parts = {"members": Q(member__isnull=False), "orgs": Q(member__isnull=True)}
    decided, met = Q(final_rank__isnull=False), Q(final_rank__lte=F("reg_rank"))
    agg = results.order_by().aggregate(**{
        f"{name}_{key}": Count("id", filter=q & extra) for name, q in parts.items()
        for key, extra in (("registered", Q()), ("decided", decided), ("met", met))})
    out = {}
    for name in parts:
        slot = {key: agg[f"{name}_{key}"] for key in ("registered", "decided", "met")}
        slot["not_met"] = slot["decided"] - slot["met"]
        out[name] = slot
    return out
