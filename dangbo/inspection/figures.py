"""K10: the period's figures of inspection, supervision and discipline work of an org's subtree, as seed ``002``
reports them (footnote 29: "kiểm tra 23 tổ chức đảng và 10 cán bộ …; giám sát …; ủy ban kiểm tra cấp ủy các cấp
kiểm tra 195 tổ chức đảng …; các chi bộ đã kiểm tra … 4.285 đảng viên; giải quyết … 04 đơn tố cáo, khiếu nại; …
kỷ luật đối với 13 đảng viên (04 khiển trách, 05 cảnh cáo, 04 khai trừ)"; footnote 32: letters received).

Set-based: a handful of grouped queries whatever the size of the subtree (six reads, pinned by the tests); no
row of the subtree is walked in Python.

What is counted, and how:

- The subtree is ``org``'s as it stood on the period's last day (``orgs.selectors.subtree_org_ids_on``): the work
  of an org merged away since is counted where it then stood.
- Cases (checks and supervisions) are those **decided** in the period by a body of an org of the subtree
  (``Case.org``), grouped by body kind — the committee (cấp ủy and its standing committee), the inspection
  commission (UBKT), the cell — and by object: orgs and members are counted as subjects of the cases (lượt: an
  org checked twice counts twice, as the commissions' reports count them), cases as cases. Checks are the kinds
  kiểm tra chấp hành, khi có dấu hiệu vi phạm, việc thực hiện nhiệm vụ kiểm tra, tài chính; supervisions the two
  giám sát kinds. The commission's checks on signs of violation and the finance checks are also given apart.
  The advisory bodies (ban, văn phòng cấp ủy: ``CaseBody.ADVISORY``) are a column of their own: they check and
  supervise within their field, never on signs of violation (K1, refused when the case is opened).
- Denunciations received by an org of the subtree: received in the period; of them, not handled (anonymous,
  repeated, vague — K5) and taken up (screened, assigned, resolved or withdrawn); resolved in the period (by
  ``resolved_on``, whenever received); still in progress on the period's last day.
- Discipline complaints handled by an org of the subtree: received, and settled (``resolved_on``) in the period.
- Discipline: the one record, ``members.DisciplineDecision`` (dated in the period, its ``org`` — the org
  disciplined or the member's org then — in the subtree), by form, members and orgs apart; members disciplined =
  khiển trách + cảnh cáo + cách chức + khai trừ. Strike-offs (xóa tên) and cho ra khỏi Đảng are the members'
  lifecycle events of the period (neither void nor corrected). Khai trừ is read from the decision, not from its
  EXPEL event, so it is never counted twice.

Confidentiality (RULES.md K5, docs/decisions/0003): the figures are counts — no case, subject, letter or name
leaves this module — yet counts of a small subtree still tell something (one denunciation in a cell of nine). So
they are readable by (``may_read``):

- the inspection commissions whose INSPECTION grant covers the org (they hold the records counted), and
- the organization commission (ORG_COMMISSION grant) over the org: it drafts the committee's sơ kết / tổng kết,
  whose inspection part these counts are, and already reads every discipline decision and lifecycle event counted.

Nobody else: a cell secretary, a member and an administrator of the tree (who is not, by that, an inspector) get
"not found", as on a case. Reading figures is not a read of a confidential record (nothing of one is returned),
so it is not logged per record.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from dangbo.accounts.models import Grant, Role
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import OutOfScope
from dangbo.core.periods import Period
from dangbo.inspection.choices import CaseBody, DenunciationStatus, WorkKind
from dangbo.inspection.models import CaseSubject, Denunciation, DisciplineComplaint
from dangbo.members.choices import DisciplineForm, EventKind
from dangbo.members.models import DisciplineDecision, LifecycleEvent
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_org_ids_on

COMMITTEE, COMMISSION, CELL, ADVISORY = "committee", "commission", "cell", "advisory"
BODY_KINDS = {COMMITTEE: "Cấp ủy, ban thường vụ", COMMISSION: "Ủy ban kiểm tra", CELL: "Chi bộ",
              ADVISORY: "Cơ quan tham mưu, giúp việc"}
BODY_OF = {CaseBody.COMMITTEE: COMMITTEE, CaseBody.STANDING: COMMITTEE, CaseBody.COMMISSION: COMMISSION,
           CaseBody.CELL: CELL, CaseBody.ADVISORY: ADVISORY}
CHECKS = (WorkKind.COMPLIANCE, WorkKind.SIGNS_OF_VIOLATION, WorkKind.LOWER_INSPECTION_WORK, WorkKind.FINANCE)
SUPERVISIONS = (WorkKind.SUPERVISION_CONTINUOUS, WorkKind.SUPERVISION_THEMATIC)
MEMBER_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.REMOVAL, DisciplineForm.EXPULSION)
ORG_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISBANDMENT)
TAKEN_UP = (DenunciationStatus.SCREENED, DenunciationStatus.ASSIGNED, DenunciationStatus.RESOLVED,
            DenunciationStatus.WITHDRAWN)


@dataclass(frozen=True)
class Tally:
    """Cases, and the orgs and members they were about (subjects, counted per case)."""

    cases: int = 0
    orgs: int = 0
    members: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.cases + other.cases, self.orgs + other.orgs, self.members + other.members)


@dataclass(frozen=True)
class Letters:
    received: int = 0
    not_handled: int = 0
    taken_up: int = 0
    resolved: int = 0
    in_progress: int = 0


@dataclass(frozen=True)
class Figures:
    org: Org
    period: Period
    checks: dict[str, Tally]  # body kind -> tally
    supervisions: dict[str, Tally]
    violation_checks: Tally  # the commission's checks on signs of violation
    finance_checks: Tally
    denunciations: Letters
    complaints_received: int
    complaints_settled: int
    members_disciplined: dict[str, int]  # form -> members
    orgs_disciplined: dict[str, int]  # form -> orgs
    struck_off: int
    dismissed: int

    @property
    def all_checks(self) -> Tally:
        return sum(self.checks.values(), Tally())

    @property
    def all_supervisions(self) -> Tally:
        return sum(self.supervisions.values(), Tally())

    @property
    def members_disciplined_total(self) -> int:
        return sum(self.members_disciplined.values())

    @property
    def orgs_disciplined_total(self) -> int:
        return sum(self.orgs_disciplined.values())


def may_read(user, org: Org) -> bool:
    """An inspection grant over ``org``, or an organization-commission grant over it (see the module's text)."""
    scope = scope_for(user)
    if scope.user_id is None:
        return False
    if scope.covers_inspection(org.path):
        return True
    if Role.ORG_COMMISSION not in scope.roles:
        return False
    step = Org.steplen
    above = [org.path[:n] for n in range(step, len(org.path) + 1, step)]
    return Grant.objects.filter(user_id=scope.user_id, role=Role.ORG_COMMISSION, org__path__in=above).exists()


def first_readable(user) -> Org | None:
    """The top org whose counts the user may read (``may_read``), in one query: an inspection grant's first, else
    an organization commission grant's."""
    scope = scope_for(user)
    if scope.user_id is None:
        return None
    if scope.inspection_paths:
        return Org.objects.filter(path=scope.inspection_paths[0]).first()
    grant = Grant.objects.filter(user_id=scope.user_id, role=Role.ORG_COMMISSION, org__isnull=False).select_related(
        "org").order_by("org__path").first()
    return grant.org if grant is not None else None


def _cases(ids, period: Period) -> tuple[dict, dict, Tally, Tally]:
    rows = (CaseSubject.objects.filter(case__org_id__in=ids, case__decided_on__gte=period.start,
                                       case__decided_on__lte=period.end,
                                       case__kind__in=[*CHECKS, *SUPERVISIONS])
            .values("case__body", "case__kind")
            .annotate(cases=Count("case_id", distinct=True), orgs=Count("org_id"), members=Count("member_id"))
            .order_by())
    checks = {kind: Tally() for kind in BODY_KINDS}
    supervisions = {kind: Tally() for kind in BODY_KINDS}
    violation = finance = Tally()
    for row in rows:
        tally = Tally(row["cases"], row["orgs"], row["members"])
        body = BODY_OF.get(row["case__body"], COMMITTEE)
        kind = row["case__kind"]
        target = checks if kind in CHECKS else supervisions
        target[body] += tally
        if kind == WorkKind.SIGNS_OF_VIOLATION and body == COMMISSION:
            violation += tally
        if kind == WorkKind.FINANCE:
            finance += tally
    return checks, supervisions, violation, finance


def _letters(ids, period: Period) -> Letters:
    inside = Q(received_on__gte=period.start, received_on__lte=period.end)
    resolved = Q(status=DenunciationStatus.RESOLVED, resolved_on__gte=period.start, resolved_on__lte=period.end)
    # still open on the last day: received by then, not refused, and neither resolved nor withdrawn by then
    open_q = (Q(received_on__lte=period.end) & ~Q(status=DenunciationStatus.NOT_HANDLED)
              & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=period.end))
              & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=period.end)))
    got = Denunciation.objects.filter(org_id__in=ids).aggregate(
        received=Count("id", filter=inside),
        not_handled=Count("id", filter=inside & Q(status=DenunciationStatus.NOT_HANDLED)),
        taken_up=Count("id", filter=inside & Q(status__in=TAKEN_UP)),
        resolved=Count("id", filter=resolved),
        in_progress=Count("id", filter=open_q))
    return Letters(**got)


def _complaints(ids, period: Period) -> tuple[int, int]:
    got = DisciplineComplaint.objects.filter(org_id__in=ids).aggregate(
        received=Count("id", filter=Q(received_on__gte=period.start, received_on__lte=period.end)),
        settled=Count("id", filter=Q(resolved_on__gte=period.start, resolved_on__lte=period.end)))
    return got["received"], got["settled"]


def _discipline(ids, period: Period) -> tuple[dict, dict]:
    rows = (DisciplineDecision.objects.filter(org_id__in=ids, date__gte=period.start, date__lte=period.end)
            .values("is_org_discipline", "form").annotate(n=Count("id")).order_by())
    members = {form.value: 0 for form in MEMBER_FORMS}
    orgs = {form.value: 0 for form in ORG_FORMS}
    for row in rows:
        target = orgs if row["is_org_discipline"] else members
        if row["form"] in target:
            target[row["form"]] += row["n"]
    return members, orgs


def _leavers(ids, period: Period) -> dict[str, int]:
    rows = (LifecycleEvent.objects.filter(org_id__in=ids, kind__in=[EventKind.STRIKE_OFF, EventKind.DISMISS],
                                          date__gte=period.start, date__lte=period.end, is_void=False,
                                          superseded_by__isnull=True)
            .values("kind").annotate(n=Count("id")).order_by())
    return {row["kind"]: row["n"] for row in rows}


def compute(*, org: Org, period: Period) -> Figures:
    """The figures, unchecked: for callers that have checked ``may_read`` (the report builder, ``figures``)."""
    ids = subtree_org_ids_on(org=org, on=period.end)
    checks, supervisions, violation, finance = _cases(ids, period)
    received, settled = _complaints(ids, period)
    members, orgs = _discipline(ids, period)
    leavers = _leavers(ids, period)
    return Figures(org=org, period=period, checks=checks, supervisions=supervisions, violation_checks=violation,
                   finance_checks=finance, denunciations=_letters(ids, period), complaints_received=received,
                   complaints_settled=settled, members_disciplined=members, orgs_disciplined=orgs,
                   struck_off=leavers.get(EventKind.STRIKE_OFF, 0), dismissed=leavers.get(EventKind.DISMISS, 0))


def figures(*, user, org: Org, period: Period) -> Figures:
    """The figures of ``org``'s subtree for ``period``, for a user who may read them; else OutOfScope (404)."""
    if not may_read(user, org):
        raise OutOfScope()
    return compute(org=org, period=period)
