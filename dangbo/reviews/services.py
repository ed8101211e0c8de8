"""Every write of the annual review: campaigns, registrations, assessments through their three steps,
approval of a whole level at once, remediation plans. Scoped, atomic, audited; rules checked before writing."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import RuleViolation
from dangbo.members.choices import RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.members.selectors import exempt_on
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_ids, tree_on
from dangbo.reviews import facts as F
from dangbo.reviews import rules, selectors
from dangbo.reviews.choices import (
    Exclusion,
    ItemStatus,
    Level,
    Mark,
    PlanReason,
    Status,
    Subject,
)
from dangbo.reviews.models import (
    Assessment,
    QuotaException,
    RemediationItem,
    RemediationPlan,
    ReviewCampaign,
    RuleFlag,
    TargetRegistration,
)

RATED_ORG_TYPES = Q(type__is_grassroots=True) | Q(type__is_cell=True) | Q(type__level__code="section")


def _require_write(actor, org: Org) -> None:
    scope_for(actor).require_path(org.path, write=True)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def grassroots_of(org: Org, ancestors: dict[str, Org], path: str | None = None) -> Org:
    """The tổ chức cơ sở đảng at or above ``org`` (the level that decides its members' ratings, R2). ``path`` is
    the org's path in the tree the ``ancestors`` (path → org) come from; the current path by default."""
    if org.type.is_grassroots:
        return org
    path = path or org.path
    step = Org.steplen
    for depth in range(len(path) // step - 1, 0, -1):
        candidate = ancestors.get(path[: depth * step])
        if candidate is not None and candidate.type.is_grassroots:
            return candidate
    return org


@transaction.atomic
def campaign_open(*, actor, org: Org, year: int, opens_on: dt.date, cell_deadline: dt.date | None = None,
                  grassroots_deadline: dt.date | None = None, superior_deadline: dt.date | None = None
                  ) -> ReviewCampaign:
    """Open the year's review over ``org``'s subtree and create every member's and org's assessment
    (with the exclusions of R1), as they stood on the review date of the year (R1: 31/12), wherever they are
    now. Running it again for the same year recomputes against that day: who is missing is added, and the
    assessments nobody has touched yet follow the day's population (removed, moved or re-excluded)."""
    _require_write(actor, org)
    reg = rules.regulation_for(year)
    if opens_on.year not in (year, year + 1):
        raise DomainError("Ngày bắt đầu phải trong năm đánh giá hoặc đầu năm sau.", field="opens_on")
    campaign, created = ReviewCampaign.objects.get_or_create(
        year=year, org=org, defaults={"regulation": reg.code, "opens_on": opens_on, "cell_deadline": cell_deadline,
                                      "grassroots_deadline": grassroots_deadline,
                                      "superior_deadline": superior_deadline})
    wanted = _population(actor=actor, org=org, year=year, reg=reg)
    added, removed = _sync_assessments(org=org, year=year, wanted=wanted)
    audit.record(actor=actor, action="campaign_open" if created else "campaign_refresh", instance=campaign,
                 before=None, org_path=org.path)
    campaign.added, campaign.removed = added, removed
    return campaign


def _population(*, actor, org: Org, year: int, reg: rules.Regulation) -> dict[tuple[str, int], Assessment]:
    """The year's assessments as they should be: the subtree's members (official registration) and rated orgs
    on the review date, each in the unit and under the approver of that day's tree. Keyed by subject."""
    day = rules.review_date(year)
    tree = list(tree_on(user=actor, org=org, on=day).select_related("org__type", "org__kind", "parent__type"))
    by_path = {p.path: p.org for p in tree}
    if tree:  # the ancestors of that day too: a campaign over a chi bộ trực thuộc is decided above it
        top = tree[0].path
        above = selectors.tree_of_day(day).filter(
            path__in=[top[:k] for k in range(Org.steplen, len(top), Org.steplen)])
        by_path.update({p.path: p.org for p in above.select_related("org__type")})
    path_of = {p.org_id: p.path for p in tree}
    # The official registrations of that day in that day's orgs, each joined to its member: one query driven by
    # the org ids already read (nested IN subqueries over fresh, unanalysed tables sent PostgreSQL into a
    # nested-loop plan that ran for minutes on the demo district).
    registrations = (
        Registration.objects.filter(kind=RegistrationKind.OFFICIAL, org_id__in=list(path_of), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)).select_related("member")
        .order_by("member__sort_key", "member_id"))
    orgs = {p.org_id: p.org for p in tree}
    members = []
    for registration in registrations:
        registration.member.org = orgs[registration.org_id]  # the criteria group and the unit of that day
        members.append(registration.member)
    exempt = exempt_on([m.pk for m in members], day)
    sets = F.criteria_sets(reg.code)
    groups = F.member_groups(members, day)
    out: dict[tuple[str, int], Assessment] = {}
    for m in members:
        case = rules.MemberCase(is_active=True, is_exempt=m.pk in exempt, admitted_on=m.admitted_on)
        excluded = rules.exclusion_for(case, review_date=day, reg=reg)
        cell = m.org
        out[("member", m.pk)] = Assessment(
            year=year, subject=Subject.MEMBER, member=m, member_category=m.category, org=cell,
            approver=grassroots_of(cell, by_path, path_of[cell.pk]), regulation=reg.code,
            criteria_set=F.pick_set(sets, "member", groups[m.pk]),
            status=Status.EXCLUDED if excluded else Status.DRAFT, exclusion=excluded or "")
    rated = set(Org.objects.filter(RATED_ORG_TYPES, pk__in=list(path_of)).values_list("pk", flat=True))
    for p in tree:
        o = p.org
        if o.pk not in rated:
            continue
        new_org = o.founded_on and rules.add_months(o.founded_on, reg.new_member_months) > day
        out[("org", o.pk)] = Assessment(
            year=year, subject=Subject.ORG, subject_org=o, org=o, approver=p.parent or o, regulation=reg.code,
            criteria_set=F.pick_set(sets, "org", ""), status=Status.EXCLUDED if new_org else Status.DRAFT,
            exclusion=Exclusion.NEW_ORG if new_org else "")
    return out


# Nobody has entered anything and any exclusion is one the campaign computes: safe to recompute.
UNTOUCHED = (Q(status=Status.DRAFT) | Q(status=Status.EXCLUDED, exclusion__in=[
    Exclusion.NEW_MEMBER, Exclusion.NEW_ORG, Exclusion.EXEMPT])) & Q(self_level="", proposed_level="", final_level="")


def _sync_assessments(*, org: Org, year: int, wanted: dict[tuple[str, int], Assessment]) -> tuple[int, int]:
    """Add the missing assessments; bring the untouched ones in line with the day (unit, approver, exclusion),
    or remove them when their subject was not in the population that day. Touched ones are never lost."""
    units = {a.org_id for a in wanted.values()}
    existing = list(Assessment.objects.filter(year=year).filter(
        Q(org_id__in=subtree_ids(org)) | Q(org_id__in=units)
        | Q(member_id__in=[k[1] for k in wanted if k[0] == "member"])
        | Q(subject_org_id__in=[k[1] for k in wanted if k[0] == "org"])).select_related("org"))
    untouched = set(Assessment.objects.filter(UNTOUCHED, pk__in=[a.pk for a in existing]).values_list("pk", flat=True))
    removed = 0
    for a in existing:
        key = ("member", a.member_id) if a.member_id else ("org", a.subject_org_id)
        target = wanted.pop(key, None)
        if a.pk not in untouched:
            continue
        if target is None:
            if a.org.path.startswith(org.path):  # another subtree's campaign keeps its own
                a.delete()
                removed += 1
            continue
        fields = ("org_id", "approver_id", "status", "exclusion", "criteria_set_id", "member_category")
        if any(getattr(a, f) != getattr(target, f) for f in fields):
            for f in fields:
                setattr(a, f, getattr(target, f))
            a.save(update_fields=[f.removesuffix("_id") for f in fields] + ["updated_at"])
    Assessment.objects.bulk_create(wanted.values(), batch_size=2000)
    return len(wanted), removed


def _lock(assessment: Assessment) -> Assessment:
    return (Assessment.objects.select_for_update(of=("self",))
            .select_related("org", "approver", "member", "subject_org__type", "criteria_set").get(pk=assessment.pk))


def _check_open(a: Assessment) -> None:
    if a.status == Status.EXCLUDED:
        raise DomainError(f"{a.member or a.subject_org} không thuộc diện xếp loại năm {a.year} "
                          f"({a.get_exclusion_display()}).", field="level")
    if a.status == Status.APPROVED:
        raise DomainError(f"Kết quả của {a.member or a.subject_org} đã được quyết định; "
                          "cấp có thẩm quyền phải mở lại trước khi sửa.", field="level")


def _level(value: str, field: str = "level") -> str:
    if value not in Level.values:
        raise DomainError("Mức xếp loại không hợp lệ.", field=field)
    return value


@transaction.atomic
def registration_record(*, actor, year: int, level: str, registered_on: dt.date, member: Member | None = None,
                        org: Org | None = None) -> TargetRegistration:
    """Đăng ký phấn đấu of a member (in their cell) or an org, once a year."""
    _level(level)
    unit = member.org if member else org
    if unit is None:
        raise DomainError("Phải chọn đảng viên hoặc tổ chức đăng ký.", field="member")
    _require_write(actor, unit)
    if registered_on.year not in (year - 1, year):
        raise DomainError("Đăng ký phấn đấu phải làm vào đầu năm đánh giá.", field="registered_on")
    reg, _ = TargetRegistration.objects.update_or_create(
        year=year, member=member, subject_org=None if member else org,
        defaults={"org": unit, "level": level, "registered_on": registered_on})
    audit.record(actor=actor, action="target_registration", instance=reg, before=None, org_path=unit.path)
    return reg


def _clean_marks(a: Assessment, marks: dict | None) -> dict:
    if not marks:
        return a.marks or {}
    codes = {c["code"] for c in (a.criteria_set.criteria if a.criteria_set_id else [])}
    clean = {}
    for code, mark in marks.items():
        if not mark:
            continue
        if codes and code not in codes:
            raise DomainError(f"Tiêu chí “{code}” không có trong bộ tiêu chí.", field="marks")
        if mark not in Mark.values:
            raise DomainError(f"Mức “{mark}” không hợp lệ (Xuất sắc, Tốt, Trung bình, Kém).", field="marks")
        clean[code] = mark
    return clean


ENTRY_FIELDS = ("score", "tasks_total", "tasks_on_time", "tasks_exceeding", "shortcomings_total",
                "shortcomings_fixed", "targets_met_pct", "sick_leave_months", "discipline_self_corrected",
                "disunity", "subordinate_misconduct", "self_comment")


def _apply_entry(a: Assessment, data: dict) -> None:
    unknown = set(data) - set(ENTRY_FIELDS) - {"marks", "self_level", "level"}
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    if "marks" in data:
        a.marks = _clean_marks(a, data["marks"])
    for key in ENTRY_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "score":
            try:
                value = None if value in (None, "") else Decimal(str(value).replace(",", "."))
            except InvalidOperation as exc:
                raise DomainError("Điểm phải là số từ 0 đến 100.", field="score") from exc
            if value is not None and not (0 <= value <= 100):
                raise DomainError("Điểm phải là số từ 0 đến 100.", field="score")
        setattr(a, key, value)
    if a.tasks_on_time > a.tasks_total or a.tasks_exceeding > a.tasks_total:
        raise DomainError("Số nhiệm vụ đúng hạn / vượt không thể lớn hơn tổng số nhiệm vụ.", field="tasks_on_time")
    if a.shortcomings_fixed > a.shortcomings_total:
        raise DomainError("Số hạn chế đã khắc phục không thể lớn hơn số hạn chế.", field="shortcomings_fixed")


@transaction.atomic
def assessment_self(*, actor, assessment: Assessment, level: str, data: dict | None = None) -> Assessment:
    """Self-assessment: by the member themselves (member role) or by whoever enters it for the unit."""
    a = _lock(assessment)
    scope = scope_for(actor)
    if not (a.member_id in scope.own_member_ids or scope.covers_path(a.org.path, write=True)):
        scope.require_path(a.org.path, write=True)
    _check_open(a)
    before = audit.snapshot(a)
    _apply_entry(a, {**(data or {})})
    a.self_level = _level(level)
    if a.status == Status.DRAFT:
        a.status = Status.SELF_ASSESSED
    a.save()
    audit.record(actor=actor, action="assessment_self", instance=a, before=before, org_path=a.org.path)
    return a


def _who(a: Assessment) -> str:
    return str(a.member or a.subject_org)


@transaction.atomic
def assessment_propose(*, actor, assessment: Assessment, level: str, data: dict | None = None,
                       on: dt.date | None = None) -> Assessment:
    """The cell's (for members) or the org committee's (for itself) proposal, checked against the rules."""
    a = _lock(assessment)
    _require_write(actor, a.org)
    _check_open(a)
    before = audit.snapshot(a)
    _apply_entry(a, {**(data or {})})
    reg = rules.regulation_for(a.year)
    rules.check_level(_level(level), F.facts_for(a), reg, who=_who(a))
    a.proposed_level = level
    a.proposed_on = on or today()
    a.proposed_by = _user(actor)
    a.status = Status.PROPOSED
    a.save()
    audit.record(actor=actor, action="assessment_propose", instance=a, before=before, org_path=a.org.path)
    return a


@transaction.atomic
def unit_propose(*, actor, unit: Org, year: int, rows: dict[int, dict], on: dt.date | None = None) -> int:
    """The cell secretary's one screen: every member's proposal at once. One bad row refuses them all,
    with the member's name in the message."""
    _require_write(actor, unit)
    ids = list(rows)
    found = {a.pk: a for a in Assessment.objects.filter(pk__in=ids, year=year, org=unit)}
    missing = set(ids) - set(found)
    if missing:
        raise DomainError("Có phiếu đánh giá không thuộc chi bộ này.", field="rows")
    done = 0
    for pk in ids:
        row = dict(rows[pk])
        level = row.pop("level", "")
        if not level:
            continue
        try:
            assessment_propose(actor=actor, assessment=found[pk], level=level, data=row, on=on)
        except DomainError as exc:
            who = _who(found[pk])
            # the rules already name the member (check_level(who=...)); only the others need the prefix
            message = exc.message if exc.message.startswith(f"{who}:") else f"{who}: {exc.message}"
            raise DomainError(message, code=exc.code, field=exc.field, citation=exc.citation) from exc
        done += 1
    return done


@dataclass(frozen=True)
class QuotaExceptionInput:
    """What the approver records to decide above the HTXSNV share (R4): the thành tích nổi trội and the
    competent committee's decision."""

    reason: str
    decision_number: str
    decision_date: dt.date | None


def _quota_groups(assessments: list[Assessment], chosen: dict[int, str]) -> list[tuple[Org, str, int, list[str]]]:
    """The levels of every quota group the batch touches (the regulation's group: each grassroots org or chi bộ
    for members, the deciding superior for orgs), counting those already decided there."""
    groups: dict[tuple[str, int, int, str], list[str]] = {}
    owners: dict[tuple[str, int, int, str], Org] = {}
    for a in assessments:
        by_cell = rules.quota_group(a.subject, rules.regulation_for(a.year)) == "cell"
        key = ("org" if by_cell else "approver", a.org_id if by_cell else a.approver_id, a.year, a.subject)
        owners[key] = a.org if by_cell else a.approver
        groups.setdefault(key, []).append(chosen[a.pk])
    out = []
    for key, levels in groups.items():
        field_name, group_id, year, subject = key
        decided = Assessment.objects.filter(**{f"{field_name}_id": group_id}, year=year, subject=subject,
                                            status=Status.APPROVED).exclude(pk__in=list(chosen))
        out.append((owners[key], subject, year, levels + list(decided.values_list("final_level", flat=True))))
    return out


def _check_exception(exception: QuotaExceptionInput, year: int) -> None:
    if not exception.reason.strip():
        raise DomainError("Vượt tỷ lệ HTXSNV: phải ghi lý do (thành tích nổi trội).", field="exception_reason")
    if not exception.decision_number.strip():
        raise DomainError("Vượt tỷ lệ HTXSNV: phải ghi số quyết định của cấp ủy có thẩm quyền.",
                          field="exception_number")
    day = exception.decision_date
    if day is None:
        raise DomainError("Vượt tỷ lệ HTXSNV: phải ghi ngày quyết định.", field="exception_date")
    if day < dt.date(year, 1, 1) or day > today():
        raise DomainError(f"Ngày quyết định ({format_date(day)}) phải từ năm đánh giá {year} đến hôm nay.",
                          field="exception_date")


def quota_exception_record(*, actor, group: Org, subject: str, year: int, breach: rules.QuotaBreach,
                           source: str = QuotaException.Source.APPROVAL,
                           exception: QuotaExceptionInput | None = None) -> QuotaException:
    """Keep (or bring up to date) the group's exception with its figures, audited. Called inside the decision's
    transaction."""
    found = QuotaException.objects.select_for_update().filter(year=year, subject=subject, group=group).first()
    before = audit.snapshot(found)
    row = found or QuotaException(year=year, subject=subject, group=group)
    row.source = source
    row.excellent, row.limit, row.base = breach.excellent, breach.limit, breach.base
    row.rule = f"{breach.rule.code}: {breach.rule.citation}"[:200]
    if exception is not None:
        row.reason = exception.reason.strip()
        row.decision_number = exception.decision_number.strip()
        row.decision_date = exception.decision_date
    row.recorded_by, row.recorded_on = _user(actor), today()
    row.save()
    audit.record(actor=actor, action="quota_exception", instance=row, before=before, org_path=group.path)
    return row


def _quota_who(group: Org, subject: str, year: int) -> str:
    return f"{group.name} ({'đảng viên' if subject == Subject.MEMBER else 'tổ chức trực thuộc'}, năm {year})"


def _write_decision(actor, a: Assessment, level: str, day: dt.date, *, action: str, before: dict | None = None
                    ) -> None:
    """Write one decided level (rules already checked by the caller), audited, with the plan R7 asks for."""
    before = before or audit.snapshot(a)
    a.final_level, a.status, a.approved_on, a.approved_by = level, Status.APPROVED, day, _user(actor)
    a.save()
    audit.record(actor=actor, action=action, instance=a, before=before, org_path=a.org.path)
    _ensure_plan(a, day)


@transaction.atomic
def assessments_approve(*, actor, approver: Org, year: int, levels: dict[int, str] | None = None,
                        ids: list[int] | None = None, on: dt.date | None = None,
                        exception: QuotaExceptionInput | None = None) -> int:
    """The competent level decides a whole level at once: every proposed assessment it approves (or the
    ``ids`` given), at the proposed level unless ``levels`` overrides one. Rules are checked for all before
    anything is written; a breach of a hard rule blocks the approval and names the rule. Above the HTXSNV share
    the approval goes through only with the ``exception`` recorded (R4), which is kept per group and audited."""
    _require_write(actor, approver)
    qs = Assessment.objects.select_for_update(of=("self",)).select_related(
        "approver", "member", "subject_org__type", "criteria_set", "org").filter(
        approver=approver, year=year, status=Status.PROPOSED)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    batch = list(qs)
    if not batch:
        raise DomainError("Không có phiếu nào đang chờ quyết định.", field="ids")
    chosen = {a.pk: _level((levels or {}).get(a.pk) or a.proposed_level) for a in batch}
    reg = rules.regulation_for(year)
    disciplined = F.disciplined_member_ids([a.member_id for a in batch if a.member_id], year)
    for a in batch:
        facts = F.member_facts(a, disciplined=disciplined) if a.subject == Subject.MEMBER else F.org_facts(a)
        rules.check_level(chosen[a.pk], facts, reg, who=_who(a))
    breaches = []
    for group, subject, group_year, group_levels in _quota_groups(batch, chosen):
        breach = rules.check_quota(group_levels, rules.regulation_for(group_year),
                                   unit=_quota_who(group, subject, group_year), excepted=exception is not None)
        if breach:
            breaches.append((group, subject, group_year, breach))
    if breaches:
        _check_exception(exception, year)
    day = on or today()
    for a in batch:
        _write_decision(actor, a, chosen[a.pk], day, action="assessment_approve")
    for group, subject, group_year, breach in breaches:
        quota_exception_record(actor=actor, group=group, subject=subject, year=group_year, breach=breach,
                               exception=exception)
    return len(batch)


@transaction.atomic
def results_record_decided(*, actor, unit: Org, year: int, rows: dict[int, dict], on: dt.date) -> int:
    """Results of a past year, decided long ago, loaded for a cell (the XLSX import): recorded as decided at
    the given level, never refused for a rule of their year — a level the facts do not support is kept with a
    ``RuleFlag``, a group above the HTXSNV share with a ``QuotaException`` of source “import”. The actor must be
    able to write the deciding level. One bad row (unknown, excluded, already decided) refuses them all."""
    _require_write(actor, unit)
    if year >= today().year:
        raise DomainError(f"Năm {year} chưa qua: kết quả phải đi qua đề xuất và phê duyệt.", field="year")
    batch = list(Assessment.objects.select_for_update(of=("self",)).select_related(
        "approver", "member", "subject_org__type", "criteria_set", "org").filter(pk__in=list(rows), year=year,
                                                                                  org=unit))
    if len(batch) != len(rows):
        raise DomainError("Có phiếu đánh giá không thuộc chi bộ này.", field="rows")
    reg = rules.regulation_for(year)
    disciplined = F.disciplined_member_ids([a.member_id for a in batch if a.member_id], year)
    chosen, flags, before = {}, [], {}
    for a in batch:
        _require_write(actor, a.approver)
        _check_open(a)
        before[a.pk] = audit.snapshot(a)
        row = dict(rows[a.pk])
        chosen[a.pk] = _level(row.pop("level", ""))
        _apply_entry(a, row)
        facts = F.member_facts(a, disciplined=disciplined) if a.subject == Subject.MEMBER else F.org_facts(a)
        try:
            rules.check_level(chosen[a.pk], facts, reg, who=_who(a))
        except RuleViolation as exc:
            flags.append((a, exc))
    breaches = [(group, subject, group_year, breach) for group, subject, group_year, levels
                in _quota_groups(batch, chosen)
                if (breach := rules.quota_breach(levels, rules.regulation_for(group_year),
                                                 unit=_quota_who(group, subject, group_year)))]
    for a in batch:
        a.proposed_level, a.proposed_on, a.proposed_by = chosen[a.pk], on, _user(actor)
        _write_decision(actor, a, chosen[a.pk], on, action="assessment_record_decided", before=before[a.pk])
    for a, exc in flags:
        flag = RuleFlag.objects.create(assessment=a, rule=f"{exc.code}: {exc.citation}"[:200], message=exc.message,
                                       recorded_on=today())
        audit.record(actor=actor, action="rule_flag", instance=flag, before=None, org_path=a.org.path)
    for group, subject, group_year, breach in breaches:
        quota_exception_record(actor=actor, group=group, subject=subject, year=group_year, breach=breach,
                               source=QuotaException.Source.IMPORT)
    return len(batch)


@transaction.atomic
def assessment_reopen(*, actor, assessment: Assessment, reason: str) -> Assessment:
    a = _lock(assessment)
    _require_write(actor, a.approver)
    if a.status != Status.APPROVED:
        raise DomainError("Chỉ mở lại phiếu đã được quyết định.", field="status")
    if not reason.strip():
        raise DomainError("Phải ghi lý do mở lại.", field="reason")
    before = audit.snapshot(a)
    a.status, a.final_level, a.approved_on, a.approved_by = Status.PROPOSED, "", None, None
    a.save()
    audit.record(actor=actor, action="assessment_reopen", instance=a, before=before, org_path=a.org.path)
    return a


@transaction.atomic
def assessment_exclude(*, actor, assessment: Assessment, exclusion: str) -> Assessment:
    a = _lock(assessment)
    _require_write(actor, a.org)
    if exclusion and exclusion not in Exclusion.values:
        raise DomainError("Lý do không xếp loại không hợp lệ.", field="exclusion")
    if a.status == Status.APPROVED:
        raise DomainError("Kết quả đã được quyết định.", field="exclusion")
    before = audit.snapshot(a)
    a.exclusion = exclusion
    a.status = Status.EXCLUDED if exclusion else Status.DRAFT
    a.save()
    audit.record(actor=actor, action="assessment_exclude", instance=a, before=before, org_path=a.org.path)
    return a


@transaction.atomic
def pointed_review_set(*, actor, assessment: Assessment, note: str) -> Assessment:
    """Gợi ý kiểm điểm: the superior names what the org or person must review; a plan becomes due (R7)."""
    a = _lock(assessment)
    _require_write(actor, a.approver)
    if not note.strip():
        raise DomainError("Phải ghi nội dung gợi ý kiểm điểm.", field="note")
    before = audit.snapshot(a)
    a.pointed_review, a.pointed_note = True, note.strip()
    a.save()
    _ensure_plan(a, dt.date(a.year + 1, 1, 15))
    audit.record(actor=actor, action="pointed_review", instance=a, before=before, org_path=a.org.path)
    return a


PLAN_DAYS = 30


def _ensure_plan(a: Assessment, day: dt.date) -> RemediationPlan | None:
    if not rules.remediation_required(a.final_level or None, pointed=a.pointed_review,
                                      is_org=a.subject == Subject.ORG):
        return None
    reason = PlanReason.POINTED_REVIEW if a.pointed_review else PlanReason.WEAK_RATING
    plan, _ = RemediationPlan.objects.get_or_create(
        assessment=a, defaults={"year": a.year, "member": a.member, "subject_org": a.subject_org, "org": a.org,
                                "reason": reason, "due_on": day + dt.timedelta(days=PLAN_DAYS)})
    return plan


@transaction.atomic
def plan_submit(*, actor, plan: RemediationPlan, summary: str, submitted_on: dt.date) -> RemediationPlan:
    _require_write(actor, plan.org)
    if not summary.strip():
        raise DomainError("Phải ghi nội dung kế hoạch khắc phục.", field="summary")
    before = audit.snapshot(plan)
    plan.summary, plan.submitted_on = summary.strip(), submitted_on
    plan.save()
    audit.record(actor=actor, action="plan_submit", instance=plan, before=before, org_path=plan.org.path)
    return plan


@transaction.atomic
def plan_item_add(*, actor, plan: RemediationPlan, description: str, owner: str, deadline: dt.date
                  ) -> RemediationItem:
    _require_write(actor, plan.org)
    if not description.strip() or not owner.strip():
        raise DomainError("Phải ghi nội dung và người thực hiện.", field="description")
    item = RemediationItem.objects.create(plan=plan, description=description.strip(), owner=owner.strip(),
                                          deadline=deadline)
    audit.record(actor=actor, action="plan_item_add", instance=item, before=None, org_path=plan.org.path)
    return item


@transaction.atomic
def plan_item_set_status(*, actor, item: RemediationItem, status: str, done_on: dt.date | None = None
                         ) -> RemediationItem:
    _require_write(actor, item.plan.org)
    if status not in ItemStatus.values:
        raise DomainError("Trạng thái không hợp lệ.", field="status")
    if status == ItemStatus.DONE and done_on is None:
        raise DomainError("Phải ghi ngày hoàn thành.", field="done_on")
    before = audit.snapshot(item)
    item.status, item.done_on = status, done_on if status == ItemStatus.DONE else None
    item.save()
    audit.record(actor=actor, action="plan_item_status", instance=item, before=before, org_path=item.plan.org.path)
    return item


# --- Added with the remediation-plan pages (plans helper) -------------------------------------------------------

@transaction.atomic
def plans_create_missing(*, actor, org: Org, year: int, on: dt.date) -> int:
    """R7 check, repaired: every org rated HTNV or lower and everyone pointed at in ``org``'s subtree gets the
    plan the approval should have created (e.g. results loaded before the rule, or approved elsewhere)."""
    _require_write(actor, org)
    weak = [lv for lv in Level.values if rules.remediation_required(lv, pointed=False, is_org=True)]
    missing = (Assessment.objects.select_for_update(of=("self",)).select_related("org", "member", "subject_org")
               .filter(year=year, org_id__in=subtree_ids(org), plan__isnull=True)
               .filter(Q(pointed_review=True) | Q(subject=Subject.ORG, final_level__in=weak)))
    created = 0
    for a in missing:
        plan = _ensure_plan(a, on)
        if plan is not None:
            audit.record(actor=actor, action="plan_create", instance=plan, before=None, org_path=a.org.path)
            created += 1
    return created


# --- Added with the entry pages (entry helper) -------------------------------------------------------------------

@transaction.atomic
def unit_register(*, actor, unit: Org, year: int, levels: dict[int, str], registered_on: dt.date,
                  org_level: str = "") -> int:
    """Đăng ký phấn đấu of a whole cell on one screen (each member's level and the cell's own): one bad row
    refuses them all, naming the member. ``levels`` maps member ids to levels; blank rows are skipped."""
    _require_write(actor, unit)
    members = {m.pk: m for m in Member.objects.filter(pk__in=list(levels), org=unit).select_related("org")}
    if set(levels) - set(members):
        raise DomainError("Có đảng viên không thuộc chi bộ này.", field="rows")
    done = 0
    for pk, level in levels.items():
        if not level:
            continue
        try:
            registration_record(actor=actor, year=year, level=level, registered_on=registered_on, member=members[pk])
        except DomainError as exc:
            raise DomainError(f"{members[pk].full_name}: {exc.message}", code=exc.code, field=exc.field) from exc
        done += 1
    if org_level:
        registration_record(actor=actor, year=year, level=org_level, registered_on=registered_on, org=unit)
        done += 1
    return done
