"""Writes of the admission pipeline, each checked against its rule and audited. The file's steps are the cell's;
the proposal is the grassroots committee's; the decision is the competent committee's (the grassroots org's
direct superior); the ceremony is the cell's and makes the member (RULES.md M1–M6)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.admissions import rules
from dangbo.admissions.choices import Group, Stage
from dangbo.admissions.models import AdmissionPlan, AdmissionStep, Candidate, Introduction, ScreeningDecision
from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import PowerViolation, Rule, RuleViolation, require_reasons
from dangbo.core.text import fold, name_sort_key
from dangbo.core.uniqueness import refuse_taken, unique_write
from dangbo.members import services as member_services
from dangbo.members.choices import EventKind, LeaveReason, MemberStatus
from dangbo.members.models import Member
from dangbo.members.rules import check_cccd
from dangbo.orgs.models import Org
from dangbo.orgs.rules import deciding_path
from dangbo.orgs.selectors import grassroots_of
from dangbo.workdays.selectors import calendar_for

CANDIDATE_FIELDS = ("full_name", "date_of_birth", "gender", "ethnicity", "religion", "hometown", "residence", "cccd",
                    "general_education", "occupation", "category", "source", "groups", "listed_on")
POWER = Rule("M5-power", "Quy định thi hành Điều lệ Đảng, điểm 4.3.2 (thẩm quyền quyết định kết nạp)")
# the candidate's record that becomes the member's at the ceremony
TO_MEMBER = ("full_name", "date_of_birth", "gender", "ethnicity", "religion", "hometown", "residence", "cccd",
             "general_education", "occupation", "category")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _require_cell(org: Org, on: dt.date) -> None:
    if not org.type.is_cell:
        raise DomainError(f"{org.name} không phải chi bộ: quần chúng ưu tú do chi bộ bồi dưỡng, đề nghị.", field="org")
    if org.founded_on > on or (org.ended_on is not None and org.ended_on <= on):
        raise DomainError(f"{org.name} không hoạt động ngày {format_date(on)}.", field="listed_on")


def _require_cccd_free(scope, cccd: str, instance: Candidate | None) -> None:
    """A CCCD is held once among candidates and once among members: the refusal names the holder only inside
    ``scope`` (core.uniqueness)."""
    other = Candidate.objects.filter(cccd=cccd).exclude(pk=getattr(instance, "pk", None)).select_related("org").first()
    if other is not None:
        refuse_taken(member_services.CCCD_KEY, cccd, scope=scope, holder_path=other.org.path,
                     holder=f"quần chúng ưu tú {other.full_name} ({other.org.name})")
    refusal = member_services.cccd_refusals(scope, [cccd])
    if refusal:
        raise DomainError(refusal[cccd], field="cccd")


def _clean(actor, data: dict, instance: Candidate | None = None) -> dict:
    unknown = set(data) - set(CANDIDATE_FIELDS)
    if unknown:
        raise DomainError("Trường không hợp lệ: " + ", ".join(sorted(unknown)) + ".")
    clean = dict(data)
    if "full_name" in clean:
        clean["full_name"] = " ".join((clean["full_name"] or "").split())
        if not clean["full_name"]:
            raise DomainError("Họ và tên không được để trống.", field="full_name")
    if clean.get("cccd") in ("", None):
        clean["cccd"] = None
    else:
        born = clean.get("date_of_birth", instance.date_of_birth if instance else None)
        gender = clean.get("gender", instance.gender if instance else None)
        clean["cccd"] = check_cccd(clean["cccd"], gender=gender, date_of_birth=born)
        _require_cccd_free(scope_for(actor), clean["cccd"], instance)
    bad = set(clean.get("groups") or ()) - set(Group.values)
    if bad:
        raise DomainError("Nhóm không hợp lệ: " + ", ".join(sorted(bad)) + ".", field="groups")
    return clean


def _validate(candidate: Candidate) -> None:
    try:
        candidate.full_clean(exclude=["org", "sort_key", "search_text", "helper", "introduced_by", "member",
                                      "created_by"], validate_unique=False)
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        label = Candidate._meta.get_field(field).verbose_name if field != "__all__" else ""
        raise DomainError(f"{label.capitalize()}: {errors[0]}" if label else errors[0], field=field) from exc


@transaction.atomic
def candidate_create(*, actor, org: Org, data: dict, helper: Member | None = None,
                     introduced_by: Member | None = None) -> Candidate:
    scope_for(actor).require_path(org.path, write=True)
    clean = _clean(actor, data)
    if clean.get("listed_on") is None:
        raise DomainError("Chưa nhập ngày đưa vào danh sách quần chúng ưu tú.", field="listed_on")
    _require_cell(org, clean["listed_on"])
    candidate = Candidate(org=org, helper=helper, introduced_by=introduced_by, created_by=_user(actor), **clean)
    candidate.sort_key = name_sort_key(candidate.full_name)
    candidate.search_text = fold(f"{candidate.full_name} {candidate.cccd or ''}")
    _validate(candidate)
    with unique_write(member_services.CCCD_KEY, lambda: bool(candidate.cccd) and Candidate.objects.filter(
            cccd=candidate.cccd).exists()):
        candidate.save()
    audit.record(actor=actor, action="candidate_create", instance=candidate, before=None, org_path=org.path)
    return candidate


CELL_LEVEL, GRASSROOTS_LEVEL, COMPETENT_LEVEL = "cell", "grassroots", "competent"


def competent_path(cell: Org, level: str) -> tuple[Org, str]:
    """The grassroots org of ``cell`` and the path of the committee that acts at ``level``: the cell itself
    (``cell``: its file, the ceremony, stopping the case), the grassroots committee (``grassroots``: the proposal)
    or its direct superior (``competent``: the decision, recognition, M9) — "" when the grassroots org is a root."""
    grassroots = grassroots_of(cell)
    if level == CELL_LEVEL:
        return grassroots, cell.path
    if level == GRASSROOTS_LEVEL:
        return grassroots, grassroots.path
    return grassroots, deciding_path(grassroots.path, Org.steplen)


def _require_power(actor, candidate: Candidate, step: str) -> None:
    """The cell records its file and the ceremony; the grassroots committee its proposal; the competent
    committee (the grassroots org's superior) the decision — shown as 403 naming who decides."""
    cell = candidate.org
    scope = scope_for(actor)
    scope.require_path(cell.path)
    if step not in (rules.GRASSROOTS, rules.DECISION):
        scope.require_path(cell.path, write=True)
        return
    level = GRASSROOTS_LEVEL if step == rules.GRASSROOTS else COMPETENT_LEVEL
    grassroots, path = competent_path(cell, level)
    if path and scope.may_decide_for(path):
        return
    if step == rules.GRASSROOTS:
        raise PowerViolation(POWER, f"Nghị quyết đề nghị kết nạp {candidate.full_name} do {grassroots.name} ban hành; "
                             "tài khoản của bạn không có quyền ở cấp đó.")
    decider = Org.objects.filter(path=path).first() if path else None
    who = decider.name if decider else "cấp ủy có thẩm quyền"
    raise PowerViolation(POWER, f"Quyết định kết nạp {candidate.full_name} do {who} (cấp ủy cấp trên của "
                         f"{grassroots.name}) ban hành; tài khoản của bạn không có quyền ở cấp đó.")


@dataclass
class StepResult:
    step: AdmissionStep
    notices: tuple[rules.Notice, ...]


def _passed(candidate: Candidate) -> dict[str, AdmissionStep]:
    """The last passed record of each step."""
    out = {}
    for row in candidate.steps.filter(passed=True).order_by("date", "attempt", "id"):
        out[row.step] = row
    return out


def _introducers(candidate: Candidate, on: dt.date) -> tuple[str, list[rules.Introducer]]:
    rows = list(candidate.introductions.filter(replaced_on__isnull=True).select_related("member"))
    if not rows:
        raise RuleViolation(rules.rule(rules.M3_INTRODUCERS, on), "Chưa ghi người giới thiệu.", field="introducers")
    route = rows[0].route
    return route, [rules.Introducer(r.member_id, r.member.full_name, r.member.official_on, r.together_since,
                                    r.member.left_on) for r in rows]


def _day(detail: dict, key: str, label: str) -> dt.date:
    value = detail.get(key)
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        raise DomainError(f"Chưa nhập {label}.", field=key)
    return value


def _introducer(member: Member, together_since: dt.date) -> rules.Introducer:
    return rules.Introducer(member.pk, member.full_name, member.official_on, together_since, member.left_on)


@transaction.atomic
def introducer_add(*, actor, candidate: Candidate, member: Member, route: str, together_since: dt.date,
                   given_on: dt.date) -> Introduction:
    """One introducer (M3), checked on the day they introduce; the route's count is checked at the step."""
    scope_for(actor).require_path(candidate.org.path, write=True)
    if route not in rules.ROUTES:
        raise DomainError("Hình thức giới thiệu không hợp lệ.", field="route")
    rules.check_introducer(_introducer(member, together_since), given_on)
    if candidate.introductions.filter(member=member, replaced_on__isnull=True).exists():
        raise DomainError(f"Đồng chí {member.full_name} đã là người giới thiệu.", field="member")
    row = Introduction.objects.create(candidate=candidate, member=member, route=route, together_since=together_since,
                                      given_on=given_on)
    audit.record(actor=actor, action="candidate_introducer_add", instance=row, before=None,
                 org_path=candidate.org.path)
    return row


@transaction.atomic
def step_record(*, actor, candidate: Candidate, step: str, date: dt.date, document_ref: str = "",
                decided_by: str = "", note: str = "", detail: dict | None = None) -> StepResult:
    """Record one step after checking its order and its rule. ``detail``: the certificate's ``issued_on``
    (course); ``yes``, ``eligible`` (cell vote); ``received_on`` (ceremony, default the decision's date);
    ``extension_days`` (decision). A late decision or ceremony, an over-age or under-educated candidate, is
    recorded only with the reason or approval in ``note``."""
    candidate = Candidate.objects.select_for_update().select_related("org__type").get(pk=candidate.pk)
    if step not in rules.STEPS:
        raise DomainError("Bước hồ sơ không hợp lệ.", field="step")
    if candidate.stage in (Stage.ADMITTED, Stage.STOPPED):
        raise DomainError(f"Hồ sơ của {candidate.full_name} đã kết thúc ({candidate.get_stage_display().lower()}).")
    _require_power(actor, candidate, step)
    detail = dict(detail or {})
    done = _passed(candidate)
    rules.check_order(step, set(done), date)
    earlier = [done[s].date for s in rules.NEEDS.get(step, ()) if done[s].date > date]
    if earlier:
        raise DomainError(f"Ngày {format_date(date)} trước ngày của bước trước ({format_date(max(earlier))}).",
                          field="date")
    notices: list[rules.Notice] = []
    passed = True
    attempt = candidate.steps.filter(step=step).count() + 1
    if step == rules.COURSE:
        issued = _day(detail, "issued_on", "ngày cấp giấy chứng nhận")
        if issued > date:
            raise DomainError("Ngày cấp giấy chứng nhận sau ngày ghi.", field="issued_on")
        detail["issued_on"] = issued.isoformat()
    elif step == rules.INTRODUCTION:
        route, introducers = _introducers(candidate, date)
        rules.check_introducers(route, introducers, date, has_resolution=bool(document_ref) or route ==
                                rules.TWO_MEMBERS)
    elif step == rules.CELL_VOTE:
        age = rules.age_notice(candidate.date_of_birth, date)
        notices += [n for n in (age, rules.education_notice(candidate.general_education, date)) if n]
        rules.check_certificate(dt.date.fromisoformat(done[rules.COURSE].detail["issued_on"]), date)
        assembled = min(row.date for key, row in done.items() if key in rules.NEEDS[rules.CELL_VOTE])
        stale = rules.stale_documents(assembled, date)
        if stale:
            raise RuleViolation(rules.rule(rules.M4_FILE, date), f"Hồ sơ lập từ {format_date(assembled)}, quá "
                                f"{rules.FILE_MONTHS} tháng chưa được chi bộ xét: phải làm lại "
                                + "; ".join(rules.STEPS[s] for s in stale) + ".", field="date")
        yes, eligible = int(detail.get("yes", -1)), int(detail.get("eligible", 0))
        passed = rules.check_vote(yes, eligible, attempt, date)
    elif step == rules.DECISION:
        cal_start = done[rules.CELL_VOTE].date
        due = rules.decision_due(calendar_for(range(cal_start.year, date.year + 2)), cal_start,
                                 int(detail.get("extension_days", 0)))
        notices += [n for n in (rules.late(rules.M5_DECISION, "Quyết định kết nạp", due, date, today()),) if n]
        detail["due"] = due.isoformat()
    elif step == rules.CEREMONY:
        received = detail.get("received_on")
        received = dt.date.fromisoformat(received) if isinstance(received, str) else received or done[
            rules.DECISION].date
        due = rules.ceremony_due(calendar_for(range(received.year, date.year + 2)), received)
        notices += [n for n in (rules.late(rules.M6_CEREMONY, "Lễ kết nạp", due, date, today()),) if n]
        detail.update(received_on=received.isoformat(), due=due.isoformat())
    require_reasons(notices, note)
    row = AdmissionStep.objects.create(candidate=candidate, step=step, attempt=attempt, date=date,
                                       document_ref=document_ref.strip(), decided_by=decided_by.strip(), passed=passed,
                                       detail=detail, note=note.strip(), recorded_by=_user(actor))
    before = audit.snapshot(candidate)
    if passed and step in STAGE_AFTER:
        candidate.stage = STAGE_AFTER[step]
    if step == rules.CEREMONY:
        candidate.member = _admit(actor, candidate, date, done)
    candidate.save()
    audit.record(actor=actor, action="admission_step", instance=row, before=None, org_path=candidate.org.path)
    audit.record(actor=actor, action="candidate_stage", instance=candidate, before=before,
                 org_path=candidate.org.path)
    return StepResult(row, tuple(notices))


STAGE_AFTER = {rules.CELL_VOTE: Stage.CELL_AGREED, rules.GRASSROOTS: Stage.PROPOSED, rules.DECISION: Stage.DECIDED,
               rules.CEREMONY: Stage.ADMITTED}


def _admit(actor, candidate: Candidate, ceremony_on: dt.date, done: dict[str, AdmissionStep]) -> Member:
    """The ceremony makes the member: admitted on the ceremony's day (the date on the card, M6), with the
    decision's reference and the cell's vote as the day the case was considered (M1)."""
    data = {f: getattr(candidate, f) for f in TO_MEMBER}
    data["is_youth_union"] = candidate.source == "doan_vien"
    return member_services.member_create(
        actor=actor, data=data, org=candidate.org, admitted_on=ceremony_on,
        decision_ref=done[rules.DECISION].document_ref, considered_on=done[rules.CELL_VOTE].date)


# --- stopping a case, replacing an introducer (issue 9) ---------------------------------------------------------------

@transaction.atomic
def candidate_stop(*, actor, candidate: Candidate, on: dt.date, reason: str) -> Candidate:
    """Stop considering the candidate (dừng xem xét) with the reason: the cell, or a level above that may write
    for it. After the ceremony the person is a probationary member: not recognising them is the competent
    committee's striking off the probationary list (M9), never a stop."""
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("org__type", "member").get(pk=candidate.pk)
    scope_for(actor).require_path(candidate.org.path, write=True)
    if candidate.stage == Stage.ADMITTED:
        ceremony = candidate.member.admitted_on if candidate.member else None
        raise RuleViolation(rules.rule(rules.M9_PROBATION_OFF, on), f"{candidate.full_name} đã được kết nạp"
                            + (f" ngày {format_date(ceremony)}" if ceremony else "") + ": không dừng xem xét được; "
                            "đảng viên dự bị không đủ tư cách thì cấp ủy có thẩm quyền xóa tên trong danh sách đảng "
                            "viên dự bị.", field="stage")
    if candidate.stage == Stage.STOPPED:
        raise DomainError(f"Hồ sơ của {candidate.full_name} đã dừng xem xét từ ngày "
                          f"{format_date(candidate.stopped_on)}." if candidate.stopped_on else
                          f"Hồ sơ của {candidate.full_name} đã dừng xem xét.", field="stage")
    if not reason.strip():
        raise DomainError("Chưa ghi lý do dừng xem xét.", field="reason")
    last = candidate.steps.order_by("-date").values_list("date", flat=True).first()
    earliest = max(d for d in (candidate.listed_on, last) if d is not None)
    if on < earliest:
        raise DomainError(f"Ngày dừng xem xét {format_date(on)} trước ngày {format_date(earliest)} của hồ sơ.",
                          field="on")
    before = audit.snapshot(candidate)
    candidate.stage, candidate.stopped_on, candidate.stop_reason = Stage.STOPPED, on, reason.strip()
    candidate.save(update_fields=["stage", "stopped_on", "stop_reason"])
    audit.record(actor=actor, action="candidate_stop", instance=candidate, before=before, org_path=candidate.org.path)
    return candidate


# the statuses in which an introducer can no longer answer for a probationary member (M7, M9): moved or gone
INTRODUCER_GONE = (MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED, MemberStatus.STRUCK_OFF,
                   MemberStatus.DISMISSED, MemberStatus.EXPELLED)


@transaction.atomic
def introducer_replace(*, actor, introduction: Introduction, member: Member, on: dt.date, together_since: dt.date,
                       note: str) -> Introduction:
    """Replace an introducer (M3; 24-QĐ/TW 3.2.2): the old row ends on ``on``, the new official member — with the
    same checks as any introducer on that day — introduces by the same route. Before the ceremony for any reason
    written in ``note``; during probation only when the introducer has moved to another cell or left the party
    (died, struck off…), and the new introducer is then the member the cell assigns to help (the candidate's
    helper)."""
    old = Introduction.objects.select_for_update(of=("self",)).select_related("member__org").get(pk=introduction.pk)
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("org__type", "member").get(
        pk=old.candidate_id)
    scope_for(actor).require_path(candidate.org.path, write=True)
    code = rules.rule(rules.M3_INTRODUCERS, on)
    if old.replaced_on is not None:
        raise DomainError(f"Đồng chí {old.member.full_name} đã được thay ngày {format_date(old.replaced_on)}.",
                          field="introduction")
    if candidate.stage == Stage.STOPPED:
        raise DomainError(f"Hồ sơ của {candidate.full_name} đã dừng xem xét.", field="introduction")
    if not note.strip():
        raise DomainError("Chưa ghi lý do thay người giới thiệu.", field="note")
    if on < old.given_on:
        raise DomainError(f"Ngày thay {format_date(on)} trước ngày giới thiệu {format_date(old.given_on)}.",
                          field="on")
    probation = candidate.stage == Stage.ADMITTED
    if probation:
        joined = candidate.member
        if joined is None or joined.status != MemberStatus.PROBATIONARY:
            raise RuleViolation(rules.rule(rules.M7_PROBATION, on), f"{candidate.full_name} không còn là đảng viên "
                                "dự bị: chỉ thay người giới thiệu trước khi kết nạp hoặc trong thời gian dự bị.",
                                field="introduction")
        if on < joined.admitted_on or on > rules.probation_end(joined.admitted_on):
            raise RuleViolation(rules.rule(rules.M7_PROBATION, on), f"Ngày thay {format_date(on)} ngoài thời gian "
                                f"dự bị ({format_date(joined.admitted_on)} – "
                                f"{format_date(rules.probation_end(joined.admitted_on))}).", field="on")
        gone = old.member.status in INTRODUCER_GONE or old.member.org_id != joined.org_id
        if not gone:
            raise RuleViolation(code, f"Trong thời gian dự bị chỉ thay người giới thiệu khi đồng chí "
                                f"{old.member.full_name} chuyển sinh hoạt đi hoặc không còn trong Đảng (từ trần…); "
                                "đồng chí vẫn sinh hoạt ở chi bộ.", field="introduction")
    rules.check_introducer(_introducer(member, together_since), on)
    current = candidate.introductions.filter(replaced_on__isnull=True).exclude(pk=old.pk)
    if member.pk == old.member_id or current.filter(member=member).exists():
        raise DomainError(f"Đồng chí {member.full_name} đã là người giới thiệu.", field="member")
    before = audit.snapshot(old)
    old.replaced_on, old.replace_reason = on, note.strip()
    old.save(update_fields=["replaced_on", "replace_reason"])
    audit.record(actor=actor, action="candidate_introducer_replace", instance=old, before=before,
                 org_path=candidate.org.path)
    row = Introduction.objects.create(candidate=candidate, member=member, route=old.route,
                                      together_since=together_since, given_on=on)
    audit.record(actor=actor, action="candidate_introducer_add", instance=row, before=None,
                 org_path=candidate.org.path)
    if probation and candidate.helper_id != member.pk:
        before = audit.snapshot(candidate)
        candidate.helper = member
        candidate.save(update_fields=["helper"])
        audit.record(actor=actor, action="candidate_stage", instance=candidate, before=before,
                     org_path=candidate.org.path)
    return row


# --- plans (001: quotas top-down) -------------------------------------------------------------------------------------

PLAN = Rule("PLAN", "Nghị quyết của cấp ủy về công tác phát triển đảng viên (giao chỉ tiêu cho tổ chức trực thuộc)")


@transaction.atomic
def plan_set(*, actor, org: Org, year: int, quota: int, decided_on: dt.date, document_ref: str = "") -> AdmissionPlan:
    """The quota of ``org`` for ``year``, set by its direct superior (a root org's by the central level)."""
    scope = scope_for(actor)
    scope.require_path(org.path)
    above = deciding_path(org.path, Org.steplen)
    if not scope.may_decide_for(above):
        raise PowerViolation(PLAN, f"Chỉ tiêu kết nạp của {org.name} do cấp ủy cấp trên trực tiếp giao; tài khoản của "
                             "bạn không có quyền ở cấp đó.")
    if not isinstance(quota, int) or quota < 0:
        raise DomainError("Chỉ tiêu kết nạp phải là số nguyên không âm.", field="quota")
    if not 1990 <= year <= decided_on.year + 1:
        raise DomainError(f"Năm {year} không hợp lệ cho văn bản giao ngày {format_date(decided_on)}.", field="year")
    row = AdmissionPlan.objects.filter(org=org, year=year).first()
    before = audit.snapshot(row) if row else None
    row = row or AdmissionPlan(org=org, year=year)
    row.quota, row.decided_on, row.document_ref, row.set_by = quota, decided_on, document_ref.strip(), _user(actor)
    row.save()
    audit.record(actor=actor, action="admission_plan_set", instance=row, before=before, org_path=org.path)
    return row


# --- probation (M7–M9) ------------------------------------------------------------------------------------------------

def _require_competent(actor, cell: Org, what: str) -> None:
    grassroots, above = competent_path(cell, COMPETENT_LEVEL)
    if not scope_for(actor).may_decide_for(above):
        raise PowerViolation(POWER, f"{what} do cấp ủy cấp trên của {grassroots.name} quyết định; tài khoản của bạn "
                             "không có quyền ở cấp đó.")


def _probationary(member: Member) -> tuple[Org, dt.date]:
    if member.status != MemberStatus.PROBATIONARY or member.admitted_on is None or member.org is None:
        raise DomainError(f"Đồng chí {member.full_name} không phải đảng viên dự bị.", field="member")
    return member.org, member.admitted_on


@transaction.atomic
def recognition_record(*, actor, member: Member, vote_on: dt.date, yes: int, eligible: int, attempt: int = 1,
                       decision_ref: str, decided_on: dt.date, note: str = "") -> rules.Notice | None:
    """The competent committee's recognition after the cell's vote (M7, M8): official from the end of the 12
    months whatever the day of the vote or the decision. A vote later than 30 working days after the end of
    probation is recorded only with its reason in ``note``. Returns that notice, if any."""
    cell, ceremony = _probationary(member)
    scope_for(actor).require_path(cell.path)
    _require_competent(actor, cell, f"Công nhận đảng viên chính thức cho đồng chí {member.full_name}")
    rules.check_recognition_vote_date(ceremony, vote_on)
    if not rules.check_vote(yes, eligible, attempt, vote_on):
        raise RuleViolation(rules.rule(rules.M8_VOTE, vote_on), f"Chi bộ biểu quyết {yes}/{eligible}, chưa đạt hai "
                            "phần ba số đảng viên chính thức: chưa đủ điều kiện công nhận.", field="yes")
    if not decision_ref.strip():
        raise DomainError("Chưa nhập số quyết định công nhận đảng viên chính thức.", field="decision_ref")
    due = rules.recognition_due(calendar_for(range(ceremony.year + 1, vote_on.year + 2)), ceremony)
    notice = rules.late(rules.M7_PROBATION, "Chi bộ xét công nhận đảng viên chính thức", due, vote_on, today())
    require_reasons([notice] if notice else [], note)
    member_services.event_record(actor=actor, member=member, kind=EventKind.RECOGNIZE,
                                 date=rules.probation_end(ceremony), decision_ref=decision_ref.strip(),
                                 considered_on=vote_on, note=note.strip() or f"Quyết định ngày {format_date(decided_on)}")
    return notice


@transaction.atomic
def probation_strike_off(*, actor, member: Member, decided_on: dt.date, decision_ref: str, reason: str) -> None:
    """M9: a probationary member found unfit is struck off the probationary list by the competent committee on
    the cell's proposal."""
    cell, ceremony = _probationary(member)
    scope_for(actor).require_path(cell.path)
    _require_competent(actor, cell, f"Xóa tên đồng chí {member.full_name} trong danh sách đảng viên dự bị")
    if not reason.strip():
        raise DomainError("Chưa nhập lý do không công nhận (xóa tên trong danh sách đảng viên dự bị).", field="reason")
    if not decision_ref.strip():
        raise DomainError("Chưa nhập số quyết định.", field="decision_ref")
    if decided_on < ceremony:
        raise DomainError(f"Ngày quyết định trước ngày kết nạp ({format_date(ceremony)}).", field="decided_on")
    member_services.event_record(actor=actor, member=member, kind=EventKind.STRIKE_OFF, date=decided_on,
                                 decision_ref=decision_ref.strip(), leave_reason=LeaveReason.OTHER,
                                 note=f"Không công nhận đảng viên chính thức: {reason.strip()}")


# --- screening (M11) ----------------------------------------------------------------------------------------------------

@transaction.atomic
def screening_decide(*, actor, member: Member, outcome: str, decided_on: dt.date, reasons: str,
                     decision_ref: str = "", note: str = "") -> ScreeningDecision:
    """The outcome of considering a member found by the screening. Striking off or dismissing is the lifecycle
    event of the member (written by ``members.services.event_record``, with its own checks and powers); keeping
    the member needs the reason."""
    if outcome not in ScreeningDecision.Outcome.values:
        raise DomainError("Kết quả rà soát không hợp lệ.", field="outcome")
    if member.org is None:
        raise DomainError(f"Đồng chí {member.full_name} không còn sinh hoạt ở chi bộ nào.", field="member")
    scope_for(actor).require_path(member.org.path, write=True)
    if not reasons.strip():
        raise DomainError("Chưa ghi lý do rà soát.", field="reasons")
    if outcome == ScreeningDecision.Outcome.KEEP and not note.strip():
        raise DomainError("Giữ lại đảng viên thì ghi rõ lý do, biện pháp giáo dục.", field="note")
    if outcome != ScreeningDecision.Outcome.KEEP:
        if not decision_ref.strip():
            raise DomainError("Chưa nhập số quyết định.", field="decision_ref")
        member_services.event_record(actor=actor, member=member, kind=outcome, date=decided_on,
                                     decision_ref=decision_ref.strip(), leave_reason=LeaveReason.OTHER,
                                     note=reasons.strip())
    row = ScreeningDecision.objects.create(member=member, decided_on=decided_on, outcome=outcome,
                                           reasons=reasons.strip(), note=note.strip(),
                                           decision_ref=decision_ref.strip(), decided_by=_user(actor))
    audit.record(actor=actor, action="screening_decide", instance=row, before=None, org_path=member.org.path)
    return row
