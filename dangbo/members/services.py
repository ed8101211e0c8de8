"""Every write to the member registry. The lifecycle is append-only; the member row is its projection."""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from dangbo.accounts import audit
from dangbo.accounts.models import AuditEntry
from dangbo.accounts.scope import scope_for
from dangbo.core import context
from dangbo.core.exceptions import DomainError
from dangbo.core.instances import new_instance
from dangbo.core.iters import batched
from dangbo.core.rules import RuleViolation
from dangbo.core.sql import insert_rows
from dangbo.core.text import fold, name_sort_key
from dangbo.core.uniqueness import UniqueKey, taken_message, unique_write
from dangbo.members import rules
from dangbo.members.choices import DisciplineForm, EventKind, LeaveReason, MemberStatus, RegistrationKind
from dangbo.members.models import (
    DisciplineDecision,
    EventApproval,
    LifecycleEvent,
    Member,
    MemberPost,
    Registration,
)
from dangbo.orgs.models import Org, OrgStatus
from dangbo.orgs.selectors import org_lifespans

PERSON_FIELDS = (
    "full_name", "date_of_birth", "gender", "ethnicity", "religion", "hometown", "residence", "cccd", "card_number",
    "profile_number", "general_education", "education_level", "political_theory", "occupation", "category",
    "is_youth_union",
)
# Events that place the member somewhere: the actor must be able to write there.
TARGETED = {EventKind.ADMIT, EventKind.TRANSFER, EventKind.TRANSFER_IN, EventKind.TEMP_TRANSFER, EventKind.RESTORE}


def org_active_on(org: Org, on: dt.date) -> bool:
    return org.founded_on <= on and (org.ended_on is None or on < org.ended_on)


def fact_of(event: LifecycleEvent, org: Org | None, approvals: list[EventApproval] | None = None, *,
            event_id: int | None = None) -> rules.EventFact:
    """``event_id``: the number to give an unsaved event (its order among those about to be written)."""
    if approvals is None:
        approvals = list(event.approvals.all()) if event.pk else []
    return rules.EventFact(
        kind=event.kind, date=event.date, org_id=org.pk if org else None, org_name=org.name if org else "",
        org_active=org_active_on(org, event.date) if org else True,
        org_is_cell=org.type.is_cell if org else True, event_id=event.pk if event_id is None else event_id,
        org_not_founded=bool(org and event.date < org.founded_on),
        considered_on=event.considered_on, leave_reason=event.leave_reason,
        record_cleared_on=event.record_cleared_on,
        approvals=tuple((a.rule, a.decided_on or event.date) for a in approvals),
    )


def _history(member: Member) -> list[LifecycleEvent]:
    return list(
        LifecycleEvent.objects.filter(member=member, is_void=False, superseded_by__isnull=True)
        .select_related("org__type").prefetch_related("approvals")
    )


APPROVAL_RULES = {rules.M1_AGE.code: rules.M1_AGE, rules.M12_READMISSION.code: rules.M12_READMISSION}


def _approvals(event: LifecycleEvent, given, actor) -> list[EventApproval]:
    """The written approvals recorded with ``event`` (unsaved): each names its rule, the letter's number and
    date, the body that gave it and the reason; refused with the missing field named."""
    out = []
    for item in given or ():
        code = item.get("rule")
        if code not in APPROVAL_RULES:
            raise DomainError(f"Quy tắc “{code}” không nhận văn bản đồng ý ngoại lệ.", field="approval")
        for key, label in (("decision_ref", "số văn bản"), ("decided_on", "ngày văn bản"),
                           ("decided_by", "cơ quan đồng ý"), ("reason", "lý do")):
            if not item.get(key):
                raise DomainError(f"Văn bản đồng ý ({code}): phải ghi {label}.", field="approval")
        out.append(EventApproval(
            event=event, rule=code, citation=rules.rule_on(APPROVAL_RULES[code], event.date).citation,
            decision_ref=item["decision_ref"].strip(), decided_on=item["decided_on"],
            decided_by=item["decided_by"].strip(), reason=item["reason"].strip(), created_by=_user(actor)))
    return out


def _save_approvals(actor, member: Member, approvals: list[EventApproval], org_path: str | None = None) -> None:
    for approval in approvals:
        approval.event_id = approval.event.pk
        approval.save()
        audit.record(actor=actor, action="event_approval", instance=approval, before=None,
                     org_path=_path(member) if org_path is None else org_path)


def _replay(member: Member, events: list[LifecycleEvent]) -> rules.MemberState:
    """The projection of stored facts. They were decided: a letter missing from an older record (admitted over
    60 or re-admitted before approvals were recorded) does not stop the projection."""
    return rules.replay_as_decided([fact_of(e, e.org) for e in events], date_of_birth=member.date_of_birth)[0]


def _replay_facts(member: Member, facts: list[rules.EventFact]) -> rules.MemberState:
    """The state of a stored history, or an empty one if it no longer replays (then the new fact is judged
    alone)."""
    try:
        return rules.replay_as_decided(facts, date_of_birth=member.date_of_birth)[0]
    except RuleViolation:
        return rules.MemberState()


def _spans(facts: list[rules.EventFact]) -> dict[int, rules.OrgSpan]:
    return {pk: rules.OrgSpan(org_id=pk, **span) for pk, span in org_lifespans(f.org_id for f in facts).items()}


def _check_history(member: Member, before: list[rules.EventFact], after: list[rules.EventFact],
                   fact: rules.EventFact, spans: dict[int, rules.OrgSpan] | None = None) -> rules.MemberState:
    """Replay the history with ``fact`` added (or corrected) and refuse it if any step is impossible or if it
    places the member in an org outside that org's life (issue 7, point 4). Nothing is written."""
    # Every rule is checked on the whole history; a missing letter only on the fact being recorded (older
    # records were decided before letters were kept, see ``_replay``).
    state, flags = rules.replay_as_decided(after, date_of_birth=member.date_of_birth)
    for flag in flags:
        if flag.fact is fact:
            raise flag
    old = _replay_facts(member, before)
    rules.check_org_lives(old, state, _spans(before + after) if spans is None else spans, fact)
    return state


def _org_on(state: rules.MemberState, on: dt.date) -> int | None:
    """The org of the member's official registration on ``on``, if any."""
    for i in state.intervals:
        if i.kind == RegistrationKind.OFFICIAL and i.valid_from <= on and (i.valid_to is None or on < i.valid_to):
            return i.org_id
    return None


def _projected(state: rules.MemberState) -> dict:
    return {"status": state.status, "org_id": state.org_id, "is_exempt": state.is_exempt,
            "admitted_on": state.admitted_on, "official_on": state.official_on, "left_on": state.left_on}


def _project(member: Member, state: rules.MemberState) -> None:
    Member.objects.filter(pk=member.pk).update(**_projected(state))
    # Only the intervals that changed are rewritten: the meetings' year tally is voided by every registration
    # written (a trigger), so an unchanged history must leave the rows alone.
    fields = ("org_id", "kind", "is_probationary", "valid_from", "valid_to")
    have = {row[1:]: row[0] for row in Registration.objects.filter(member=member).values_list("id", *fields)}
    wanted = {(i.org_id, i.kind, i.is_probationary, i.valid_from, i.valid_to) for i in state.intervals}
    Registration.objects.filter(pk__in=[pk for key, pk in have.items() if key not in wanted]).delete()
    Registration.objects.bulk_create(Registration(member=member, **dict(zip(fields, key, strict=True)))
                                     for key in wanted if key not in have)
    member.refresh_from_db()


def member_rebuild(member: Member) -> rules.MemberState:
    """Recompute the projection from the facts (used by ``manage.py rebuild_projections``)."""
    state = _replay(member, _history(member))
    _project(member, state)
    return state


CCCD_KEY = UniqueKey("số CCCD", "cccd")


def cccd_refusals(scope, cccds, *, exclude_pk: int | None = None) -> dict[str, str]:
    """The refusal for each of ``cccds`` some member already holds (the whole registry, not only ``scope``),
    naming the member only when ``scope`` covers their org (core.uniqueness)."""
    refusals = {}
    for part in batched(set(cccds), 500):
        rows = Member.objects.filter(cccd__in=part).exclude(pk=exclude_pk).values_list(
            "cccd", "full_name", "org__path", "org__name")
        for cccd, name, path, org_name in rows:
            holder = f"đảng viên {name}" + (f" ({org_name})" if org_name else "")
            refusals[cccd] = taken_message(CCCD_KEY, cccd, scope=scope, holder_path=path, holder=holder)
    return refusals


def _saving(member: Member):
    """The save of a member whose CCCD was checked free: a concurrent writer taking it meanwhile gives the
    neutral refusal (core.uniqueness.unique_write)."""
    return unique_write(CCCD_KEY, lambda: bool(member.cccd) and Member.objects.filter(cccd=member.cccd).exclude(
        pk=member.pk).exists())


def _clean_person(actor, data: dict, instance: Member | None = None, *, check_taken: bool = True) -> dict:
    """``check_taken=False``: the caller checks the CCCD against the registry itself (a bulk import, in one
    query for all rows)."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    clean = dict(data)
    if "full_name" in clean:
        clean["full_name"] = " ".join((clean["full_name"] or "").split())
        if not clean["full_name"]:
            raise DomainError("Họ và tên không được để trống.", field="full_name")
    if "cccd" in clean and clean["cccd"] in ("", None):
        clean["cccd"] = None
    elif "cccd" in clean:
        gender = clean.get("gender", instance.gender if instance else None)
        born = clean.get("date_of_birth", instance.date_of_birth if instance else None)
        clean["cccd"] = rules.check_cccd(clean["cccd"], gender=gender, date_of_birth=born)
        if check_taken:
            refusal = cccd_refusals(scope_for(actor), [clean["cccd"]], exclude_pk=instance.pk if instance else None)
            if refusal:
                raise DomainError(refusal[clean["cccd"]], field="cccd")
    return clean


def _validate_model(member: "Member | _Columns", *, constraints: bool = True) -> None:
    """``constraints=False`` skips the model's check constraints, which Django evaluates with one query each: a
    bulk import leaves them to the database's own CHECK at insert (the CCCD's is met by ``rules.check_cccd``).
    A bulk check's plain values (``_Columns``) that plainly pass are not built into a member; any other is, and
    ``full_clean`` gives its message — or converts the values, which are then taken from it."""
    if isinstance(member, _Columns):
        if _plainly_valid(member):
            return
        values, member = member, new_instance(Member, **member)
        _full_clean(member, constraints=constraints)
        values.update((f.attname, getattr(member, f.attname)) for f in Member._meta.concrete_fields)
        return
    _full_clean(member, constraints=constraints)


def _full_clean(member: Member, *, constraints: bool) -> None:
    try:
        member.full_clean(exclude=["org", "status", "sort_key", "search_text"], validate_unique=False,
                          validate_constraints=constraints)
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        label = Member._meta.get_field(name).verbose_name if name != "__all__" else ""
        raise DomainError(f"{label.capitalize()}: {errors[0]}" if label else errors[0], field=name) from exc


def _index(member: Member) -> None:
    member.sort_key = name_sort_key(member.full_name)
    member.search_text = fold(f"{member.full_name} {member.cccd or ''} {member.card_number}")


def _require_write(actor, org: Org | None, member: Member | None = None) -> None:
    scope = scope_for(actor)
    if org is not None:
        scope.require_path(org.path, write=True)
    elif member is not None and member.org_id:
        scope.require_path(member.org.path, write=True)
    elif not scope.is_admin:
        raise DomainError("Không có quyền ghi ở đây.", code="forbidden")


@transaction.atomic
def member_create(
    *, actor, data: dict, org: Org | None, admitted_on: dt.date, official_on: dt.date | None = None,
    external_org: str = "", transfer_in_on: dt.date | None = None, decision_ref: str = "",
    considered_on: dt.date | None = None, approvals=(), as_decided: bool = False,
) -> Member:
    """A new member record with its first facts: admitted in ``org`` (or outside the system, in
    ``external_org``, then transferred in to ``org`` on ``transfer_in_on``), recognised on ``official_on``.

    ``approvals`` are the written approvals the admission needs (over 60: rule "M1"). ``as_decided`` is for
    records of past decisions (the XLSX import): a missing approval does not refuse them; it is stored as a
    flag (``EventApproval.is_flag``) with the verdict of the rule of their date."""
    if org is None and not external_org:
        raise DomainError("Phải chọn chi bộ kết nạp.", field="org")
    target = org
    _require_write(actor, target)
    clean = _clean_person(actor, data)
    member = _new_member(clean)
    with _saving(member):
        member.save()
    events = _first_events(actor, member, org, admitted_on=admitted_on, official_on=official_on,
                           external_org=external_org, transfer_in_on=transfer_in_on, decision_ref=decision_ref,
                           considered_on=considered_on)
    letters = _approvals(events[0], approvals, actor)
    for event in events:
        event.save()
    # The approvals are the placing org's: the member row has no org until the projection below.
    org_path = org.path if org else ""
    _save_approvals(actor, member, letters, org_path)
    facts = [fact_of(e, e.org) for e in _history(member)]
    if as_decided:
        _, flags = rules.replay_as_decided(facts, date_of_birth=member.date_of_birth)
        _save_approvals(actor, member, _flags(actor, events[0], flags), org_path)
        facts = [fact_of(e, e.org) for e in _history(member)]
    state = _check_history(member, [], facts, facts[0])
    _project(member, state)
    audit.record(actor=actor, action="member_create", instance=member, before=None, org_path=_path(member))
    return member


@dataclass(frozen=True)
class NewMember:
    """One member of a bulk create: what ``member_create`` takes for a record of past decisions."""

    data: dict
    org: Org
    admitted_on: dt.date
    official_on: dt.date | None = None
    external_org: str = ""


class RowRefused(DomainError):
    """``members_bulk_create`` refused ``rows[index]``; nothing was written."""

    def __init__(self, index: int, error: DomainError):
        super().__init__(error.message, code=error.code, field=error.field, citation=error.citation)
        self.index = index


@dataclass
class _Pending:
    """One row of a bulk create as checked, in plain values (no model instance): the member's columns by attname,
    its first facts as (kind, date, org, external_org), and the approvals found missing, which are written as
    flags on its admission."""

    values: dict
    events: list[tuple]
    state: rules.MemberState
    org_path: str  # the placing org's: the flags' audit entries carry it
    member_path: str  # the org the member is projected into: its own audit entry's
    verdicts: list[rules.NeedsApproval]


BULK_ROWS = 500  # members written per round of statements; each statement stays under SQLite's variable limit


@dataclass
class BulkChecked:
    """What ``members_bulk_check`` made of the rows — each member as it will be written — and the database state
    it judged them against: the orgs' lives and the members' CCCDs, which only these reads bring in."""

    rows: list[NewMember]
    pending: list[_Pending]  # of the rows not refused, in order
    spans: dict[int, rules.OrgSpan]
    refused: dict[int, DomainError] = field(default_factory=dict)  # by row index (``collect``)

    def verdicts(self) -> dict[int, list[rules.NeedsApproval]]:
        """By row index: the missing approvals kept as flags (the import shows them as warnings)."""
        accepted = (i for i in range(len(self.rows)) if i not in self.refused)
        return {i: p.verdicts for i, p in zip(accepted, self.pending, strict=True) if p.verdicts}


def members_bulk_check(*, actor, rows: list[NewMember], collect: bool = False) -> BulkChecked:
    """``member_create``'s checks of every row, with nothing written: scope once per org, the CCCDs against the
    registry in one query per 500, the lifecycle rules in memory. The first refusal raises ``RowRefused`` with
    its index — or, with ``collect``, every row's refusal is kept in ``refused`` (an import's report lists them
    all). Runs outside the write transaction (an import checks before it takes SQLite's write lock);
    ``members_bulk_create`` then writes what it found if nothing was refused and the database has not moved."""
    scope = scope_for(actor)
    allowed: set[int] = set()
    spans = _row_spans(rows)
    refusals = cccd_refusals(scope, _cccds(rows))  # the registry's holders, named only inside the scope
    seen: set[str] = set()
    pending, refused = [], {}
    for index, row in enumerate(rows):
        try:
            if row.org is None:
                raise DomainError("Phải chọn chi bộ sinh hoạt.", field="org")
            if row.org.pk not in allowed:
                scope.require_path(row.org.path, write=True)
                allowed.add(row.org.pk)
            clean = _clean_person(actor, row.data, check_taken=False)
            cccd = clean.get("cccd")
            if cccd in refusals:
                raise DomainError(refusals[cccd], field="cccd")
            if cccd in seen:
                raise DomainError(f"Số CCCD {cccd} lặp lại trong tệp.", field="cccd")
            if cccd:
                seen.add(cccd)
            pending.append(_bulk_check(actor, row, clean, spans))
        except DomainError as exc:
            if not collect:
                raise RowRefused(index, exc) from exc
            refused[index] = exc
    return BulkChecked(rows, pending, spans, refused)


def _row_spans(rows: list[NewMember]) -> dict[int, rules.OrgSpan]:
    return {pk: rules.OrgSpan(org_id=pk, **span)
            for pk, span in org_lifespans({r.org.pk for r in rows if r.org is not None}).items()}


def _cccds(rows: list[NewMember]) -> set[str]:
    return {r.data.get("cccd") for r in rows} - {None, ""}


def _still_holds(actor, checked: BulkChecked) -> bool:
    """Inside the write transaction: the check's reads give the same answers now — the same org lives, no CCCD
    of the rows taken since, every org still writable — so its verdicts stand."""
    scope = scope_for(actor)
    return (_row_spans(checked.rows) == checked.spans
            and not cccd_refusals(scope, {p.values["cccd"] for p in checked.pending} - {None})
            and all(scope.covers_path(path, write=True) for path in {r.org.path for r in checked.rows}))


@transaction.atomic
def members_bulk_create(*, actor, rows: list[NewMember], checked: BulkChecked | None = None,
                        chunk: int = BULK_ROWS) -> int:
    """What ``member_create(..., as_decided=True)`` writes for each row — the member, its first facts, the flags
    of missing approvals, its registrations and its audit entries, row for row the same — in a few set-based
    statements per ``chunk`` rows instead of a dozen per member. Every row is checked by the same rules first
    (``members_bulk_check``; a ``checked`` made before the transaction began is reused when the database has
    not moved since, and done again otherwise); the first refusal raises ``RowRefused`` with its index and
    nothing is written. One transaction: a failure at any point (or a killed process) leaves nothing behind."""
    if checked is None or checked.rows is not rows or checked.refused or not _still_holds(actor, checked):
        checked = members_bulk_check(actor=actor, rows=rows)
    with _tally_triggers_paused():
        for part in batched(checked.pending, chunk):
            _bulk_write(actor, part)
    return len(checked.pending)


@contextmanager
def _tally_triggers_paused():
    """On SQLite, the meetings year tally's insert triggers on members and their facts are dropped for the
    writing and put back in the same transaction (a failure rolls the drop back too). They void the tally of the
    orgs the row's member is registered in, and a new member has no registration yet when it and its facts are
    written, so for these rows they do nothing but cost two thirds of the insert time; the registrations'
    triggers stay and void what the new members change."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
                       ["meetings_yt_members_member_insert", "meetings_yt_members_lifecycleevent_insert"])
        paused = cursor.fetchall()
        for name, _sql in paused:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in paused:
                cursor.execute(sql)


def _bulk_check(actor, row: NewMember, clean: dict, spans: dict[int, rules.OrgSpan]) -> _Pending:
    """``member_create``'s checks of one row, on plain values: the member's fields as ``full_clean`` checks them
    (``_person_values``), the facts ``_first_events`` would write as the rules see them (``fact_of``), numbered
    in the order they will be written (all the rules need of an id is that order)."""
    values = _person_values(clean)
    org = row.org
    admit_org = None if row.external_org else org
    events = [(EventKind.ADMIT, row.admitted_on, admit_org, row.external_org)]
    if row.official_on:
        events.append((EventKind.RECOGNIZE, row.official_on, admit_org, row.external_org))
    if row.external_org:
        events.append((EventKind.TRANSFER_IN, row.admitted_on, org, row.external_org))
    facts = sorted((_new_fact(kind, day, place, n) for n, (kind, day, place, _external) in enumerate(events, start=1)),
                   key=lambda f: (f.date, f.event_id))
    # The flags' approvals are what replay_as_decided assumed: the state it returns is the state of the facts
    # with them, so only the org lives remain to check (as _check_history does for a member with no history).
    state, verdicts = rules.replay_as_decided(facts, date_of_birth=values["date_of_birth"])
    rules.check_org_lives(rules.MemberState(), state, spans, facts[0])
    values.update(_projected(state))
    if state.org_id == org.pk:
        member_path = org.path  # no read per member
    else:
        member_path = Org.objects.get(pk=state.org_id).path if state.org_id else ""
    return _Pending(values, events, state, org.path, member_path, verdicts)


def _new_fact(kind: str, day: dt.date, org: Org | None, event_id: int) -> rules.EventFact:
    """``fact_of`` of a new member's unsaved first event (no approvals, no consideration date, no leave)."""
    if org is None:
        return rules.EventFact(kind=kind, date=day, event_id=event_id)
    return rules.EventFact(kind=kind, date=day, org_id=org.pk, org_name=org.name, org_active=org_active_on(org, day),
                           org_is_cell=org.type.is_cell, event_id=event_id, org_not_founded=day < org.founded_on)


def _field_checks(model) -> tuple[dict, list[tuple]]:
    """A model's defaults by attname, and for each field what ``full_clean`` accepts of it without conversion or
    message: (attname, type, editable, blank, max_length, choices); None instead of a type for a field with
    validators beyond its length, left to ``full_clean``."""
    defaults, checks = {}, []
    for f in model._meta.concrete_fields:
        defaults[f.attname] = f.get_default()
        kind = f.get_internal_type()
        simple = all(type(v).__name__ == "MaxLengthValidator" for v in f.validators)
        accepted = {"CharField": str, "TextField": str, "DateField": dt.date, "BooleanField": bool}.get(kind)
        choices = frozenset(v for v, _label in f.flatchoices) if f.choices else None
        checks.append((f.attname, accepted if simple else None, f.editable, f.blank, f.max_length, choices))
    return defaults, checks


_MEMBER_CHECKS = _field_checks(Member)
# what ``_validate_model`` leaves out; the rest of a member's fields are checked
_NOT_VALIDATED = frozenset(("org", "org_id", "status", "sort_key", "search_text"))
_EMPTY = (None, "", [], (), {})
_VALIDATED = [check for check in _MEMBER_CHECKS[1] if check[0] not in _NOT_VALIDATED]


class _Columns(dict):
    """A member's columns by attname, also read as attributes (``values.full_name``): what a bulk check builds
    instead of a ``Member`` instance, and ``_validate_model`` checks."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _person_values(clean: dict) -> _Columns:
    """``_new_member(clean, constraints=False)`` as plain values: the columns of a new member by attname, indexed
    and checked as that member would be (same messages), with no model instance."""
    defaults, _checks = _MEMBER_CHECKS
    values = _Columns(defaults)
    values.update(clean)
    values["status"] = MemberStatus.PROBATIONARY
    values["sort_key"] = name_sort_key(values["full_name"])
    values["search_text"] = fold(f"{values['full_name']} {values['cccd'] or ''} {values['card_number']}")
    _validate_model(values, constraints=False)
    return values


def _plainly_valid(values: dict) -> bool:
    """Each value passes ``full_clean`` as it is, without conversion — Django's ``clean_fields``: an empty value
    of a blank field is skipped; any other is converted (``to_python``: none for a value of the field's own type),
    then, for an editable field, checked against its choices and for emptiness, and its length checked. False only
    means ``full_clean`` must judge."""
    for attname, accepted, editable, blank, max_length, choices in _VALIDATED:
        value = values[attname]
        if blank and value in _EMPTY:
            continue
        if accepted is None:
            return False
        if value is None:
            if editable or accepted is bool:  # a refusal (null or blank), or to_python's for a boolean
                return False
            continue  # a non-editable field is not validated, and None passes its validators
        if not (isinstance(value, str) if accepted is str else type(value) is accepted):
            return False
        if max_length and len(value) > max_length:
            return False
        if editable and ((choices is not None and value not in choices) or value in _EMPTY):
            return False
    return True


def _bulk_write(actor, part: list[_Pending]) -> None:
    """The rows of ``part`` as tuples in a few statements per table; the audit entries as ``audit.entry`` makes
    them for the same objects (``audit.snapshot_values``)."""
    actor_id = _user(actor).pk if _user(actor) else None
    member_columns = [f.attname for f in Member._meta.concrete_fields if not f.primary_key and f.attname != "created_at"]
    row_of = itemgetter(*member_columns)
    ids, stamps = insert_rows(Member, member_columns, [row_of(p.values) for p in part])
    for p, pk, stamp in zip(part, ids, stamps, strict=True):
        p.values["id"] = pk
        p.values.update(stamp)
    event_columns = ["member_id", "kind", "date", "org_id", "external_org", "created_by_id"]
    event_ids, _ = insert_rows(LifecycleEvent, event_columns, [
        (p.values["id"], kind, day, org.pk if org else None, external, actor_id)
        for p in part for kind, day, org, external in p.events])
    flag_columns = ["event_id", "rule", "citation", "reason", "is_flag", "created_by_id"]
    flags, at = [], 0
    for p in part:
        admission = event_ids[at]  # the first event of each member is its admission, which the flags are on
        at += len(p.events)
        flags += [(admission, f.rule.code, f.rule.citation, f"{f.needs}: chưa ghi nhận. {f.message}", True, actor_id)
                  for f in p.verdicts]
    flag_ids, flag_stamps = insert_rows(EventApproval, flag_columns, flags)
    fields = ("org_id", "kind", "is_probationary", "valid_from", "valid_to")
    insert_rows(Registration, ["member_id", *fields],
                [(p.values["id"], *key) for p in part
                 for key in dict.fromkeys((i.org_id, i.kind, i.is_probationary, i.valid_from, i.valid_to)
                                          for i in p.state.intervals)])
    request_id = context.request_id.get()
    entries, at = [], 0
    for p in part:
        for _ in p.verdicts:
            values = dict(zip(flag_columns, flags[at], strict=True))
            values.update(id=flag_ids[at], decision_ref="", decided_on=None, decided_by="", **flag_stamps[at])
            entries.append(audit.entry_row(
                actor_id=actor_id, action="event_approval", model=EventApproval, pk=flag_ids[at],
                text=values["rule"], after=audit.snapshot_values(EventApproval, values), org_path=p.org_path,
                request_id=request_id))
            at += 1
        entries.append(audit.entry_row(
            actor_id=actor_id, action="member_create", model=Member, pk=p.values["id"], text=p.values["full_name"],
            after=audit.snapshot_values(Member, p.values), org_path=p.member_path, request_id=request_id))
    insert_rows(AuditEntry, audit.ENTRY_COLUMNS, entries)


def _new_member(clean: dict, *, constraints: bool = True) -> Member:
    member = new_instance(Member, **clean, status=MemberStatus.PROBATIONARY)
    _index(member)
    _validate_model(member, constraints=constraints)
    return member


def _first_events(actor, member: Member, org: Org | None, *, admitted_on: dt.date, official_on: dt.date | None,
                  external_org: str, transfer_in_on: dt.date | None = None, decision_ref: str = "",
                  considered_on: dt.date | None = None) -> list[LifecycleEvent]:
    """A new member's first facts (unsaved), in the order they are written."""
    admit_org = None if external_org else org
    events = [new_instance(LifecycleEvent, member=member, kind=EventKind.ADMIT, date=admitted_on, org=admit_org,
                           external_org=external_org, decision_ref=decision_ref, considered_on=considered_on,
                           created_by=_user(actor))]
    if official_on:
        events.append(new_instance(LifecycleEvent, member=member, kind=EventKind.RECOGNIZE, date=official_on,
                                   org=admit_org, external_org=external_org, created_by=_user(actor)))
    if external_org:
        events.append(new_instance(LifecycleEvent, member=member, kind=EventKind.TRANSFER_IN,
                                   date=transfer_in_on or admitted_on, org=org, external_org=external_org,
                                   created_by=_user(actor)))
    return events


def _flags(actor, event: LifecycleEvent, flags: list[rules.NeedsApproval]) -> list[EventApproval]:
    """A record of a past decision kept despite a missing approval: the flag stored with its admission."""
    return [new_instance(EventApproval, event=event, rule=f.rule.code, citation=f.rule.citation,
                         reason=f"{f.needs}: chưa ghi nhận. {f.message}", is_flag=True, created_by=_user(actor))
            for f in flags]


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _path(member: Member) -> str:
    return member.org.path if member.org_id else ""


@transaction.atomic
def member_update(*, actor, member: Member, data: dict) -> Member:
    _require_write(actor, None, member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = audit.snapshot(member)
    clean = _clean_person(actor, data, instance=member)
    for key, value in clean.items():
        setattr(member, key, value)
    _index(member)
    _validate_model(member)
    with _saving(member):
        member.save()
    if "date_of_birth" in clean:
        _project(member, _replay(member, _history(member)))
    audit.record(actor=actor, action="member_update", instance=member, before=before, org_path=_path(member))
    return member


@transaction.atomic
def event_record(
    *, actor, member: Member, kind: str, date: dt.date, org: Org | None = None, external_org: str = "",
    decision_ref: str = "", decided_by: str = "", note: str = "", follow_restructuring: bool = False,
    considered_on: dt.date | None = None, leave_reason: str = "", record_cleared_on: dt.date | None = None,
    approvals=(), power_checked: bool = False,
) -> LifecycleEvent:
    """Append a lifecycle fact after checking the whole history stays possible.

    A back-dated fact that places the member in an org which has since ended is refused (issue 7, point 4),
    unless ``follow_restructuring``: then, when the org later merged into one org, the transfer the merge would
    have made is recorded too (on the merge date, into the successor, and on along further merges), each
    written as its own fact with a note and audited as ``event_follow_restructuring``.

    Admission and re-admission take ``considered_on`` (the cell's meeting, where age is counted) and the written
    ``approvals`` they need (rules "M1", "M12": number, date, body, reason — stored and audited); a leaving
    event takes its ``leave_reason``; a re-admission after a minor criminal record ``record_cleared_on``.

    ``power_checked``: the caller has checked the actor's power to decide this fact (``inspection.services``, for
    a khai trừ decided by the competent level through a discipline proposal); the write scope is not asked again."""
    if leave_reason and leave_reason not in LeaveReason.values:
        raise DomainError(f"Lý do ra khỏi Đảng “{leave_reason}” không hợp lệ.", field="leave_reason")
    if kind not in EventKind.values:
        raise DomainError(f"Loại sự kiện “{kind}” không hợp lệ.", field="kind")
    member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=member.pk)
    if kind == EventKind.TRANSFER_IN:
        _require_write(actor, org)
    elif not (power_checked and kind == EventKind.EXPEL):
        _require_write(actor, None, member)
        if kind in TARGETED and org is not None:
            _require_write(actor, org)
    history = [fact_of(e, e.org) for e in _history(member)]
    if kind not in TARGETED and org is None:
        # The fact carries the org it happened in: the member's org on that date, not today's.
        on_date = _org_on(_replay_facts(member, history), date)
        org = Org.objects.select_related("type").get(pk=on_date) if on_date else member.org
    before = audit.snapshot(member)
    event = LifecycleEvent(member=member, kind=kind, date=date, org=org, external_org=external_org,
                           decision_ref=decision_ref, decided_by=decided_by, note=note, considered_on=considered_on,
                           leave_reason=leave_reason, record_cleared_on=record_cleared_on, created_by=_user(actor))
    letters = _approvals(event, approvals, actor)
    # Validate before writing: the new fact takes its place in date order.
    fact = fact_of(event, org, letters)
    follows = _merge_follows(actor, member, event) if follow_restructuring and kind in TARGETED and org else []
    _check_history(member, history, [*history, fact, *(fact_of(e, e.org) for e in follows)], fact)
    event.save()
    _save_approvals(actor, member, letters)
    for follow in follows:
        follow.save()
        audit.record(actor=actor, action="event_follow_restructuring", instance=follow, before=None,
                     org_path=follow.org.path)
    _project(member, _replay(member, _history(member)))
    audit.record(actor=actor, action=f"event_{kind}", instance=member, before=before, org_path=_path(member))
    return event


def _merge_follows(actor, member: Member, event: LifecycleEvent) -> list[LifecycleEvent]:
    """The transfers a merge made to members of its source, for a fact recorded after the merge."""
    out = []
    org, since = event.org, event.date
    for _ in range(20):  # a chain of merges, never a cycle
        span = _spans([rules.EventFact(kind=event.kind, date=since, org_id=org.pk)]).get(org.pk)
        if span is None or span.valid_to is None or span.valid_to <= since or span.successor_id is None:
            break
        successor = Org.objects.select_related("type").get(pk=span.successor_id)
        _require_write(actor, successor)
        out.append(LifecycleEvent(
            member=member, kind=EventKind.TRANSFER, date=span.valid_to, org=successor, created_by=_user(actor),
            note=f"Ghi bổ sung: {span.name} {span.fate} từ ngày {span.valid_to:%d/%m/%Y}; sự kiện "
                 f"{event.get_kind_display().lower()} ngày {event.date:%d/%m/%Y} được ghi sau ngày đó."))
        org, since = successor, span.valid_to
    return out


@transaction.atomic
def event_correct(
    *, actor, event: LifecycleEvent, void: bool = False, date: dt.date | None = None, org: Org | None = None,
    decision_ref: str | None = None, note: str = "",
) -> LifecycleEvent:
    """Đính chính: a new fact supersedes ``event`` (with corrected date/org) or voids it. The old row stays."""
    member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=event.member_id)
    _require_write(actor, None, member)
    if hasattr(event, "superseded_by") and LifecycleEvent.objects.filter(supersedes=event).exists():
        raise DomainError("Sự kiện này đã được đính chính.", field="event")
    if not note:
        raise DomainError("Phải ghi lý do đính chính.", field="note")
    before = audit.snapshot(member)
    correction = LifecycleEvent(
        member=member, kind=event.kind, date=date or event.date, org=org or event.org,
        external_org=event.external_org, decision_ref=event.decision_ref if decision_ref is None else decision_ref,
        decided_by=event.decided_by, note=note, supersedes=event, is_void=void, created_by=_user(actor),
        considered_on=event.considered_on, leave_reason=event.leave_reason, record_cleared_on=event.record_cleared_on,
    )
    # The letters the fact rested on stay with its corrected version.
    letters = [EventApproval(event=correction, rule=a.rule, citation=a.citation, decision_ref=a.decision_ref,
                             decided_on=a.decided_on, decided_by=a.decided_by, reason=a.reason, is_flag=a.is_flag,
                             created_by=_user(actor)) for a in event.approvals.all()]
    if org is not None:
        _require_write(actor, org)
    history = [fact_of(e, e.org) for e in _history(member)]
    probe = [f for f in history if f.event_id != event.pk]
    fact = fact_of(correction, correction.org, letters)
    if not void:
        probe.append(fact)
    _check_history(member, history, probe, fact)
    correction.save()
    if not void:
        _save_approvals(actor, member, letters)
    _project(member, _replay(member, _history(member)))
    audit.record(actor=actor, action="event_correct", instance=member, before=before, org_path=_path(member),
                 fact=(event, correction))
    return correction


@transaction.atomic
def discipline_record(
    *, actor, form: str, date: dt.date, decided_by: str, reason: str, member: Member | None = None,
    org: Org | None = None, decision_ref: str = "", power_checked: bool = False,
) -> DisciplineDecision:
    """The one discipline record (and, for khai trừ, the EXPEL lifecycle event). ``power_checked``: the caller
    (``inspection.services``, deciding a discipline proposal) has checked the actor's power over the subject under
    RULES.md K7, which an inspection commission holds without a write grant on members and orgs."""
    if not reason.strip():
        raise DomainError("Phải ghi lý do kỷ luật.", field="reason")
    if not decided_by.strip():
        raise DomainError("Phải ghi cấp ra quyết định kỷ luật.", field="decided_by")
    if member is not None:
        member = Member.objects.select_related("org").get(pk=member.pk)
        if not power_checked:
            _require_write(actor, None, member)
        if not member.is_active:
            raise DomainError("Đảng viên không còn sinh hoạt, không thể kỷ luật.", field="member")
        rules.check_discipline_form(
            "probationary" if member.status == MemberStatus.PROBATIONARY else "official", form)
        decision = DisciplineDecision.objects.create(
            member=member, org=member.org, form=form, date=date, decided_by=decided_by, reason=reason,
            decision_ref=decision_ref)
        if form == DisciplineForm.EXPULSION:
            event_record(actor=actor, member=member, kind=EventKind.EXPEL, date=date, decision_ref=decision_ref,
                         decided_by=decided_by, note=reason, power_checked=power_checked)
        audit.record(actor=actor, action="discipline_member", instance=decision, before=None,
                     org_path=member.org.path)
        return decision
    if org is None:
        raise DomainError("Phải chọn đảng viên hoặc tổ chức bị kỷ luật.", field="member")
    if not power_checked:
        _require_write(actor, org)
    if org.status != OrgStatus.ACTIVE:
        raise DomainError(f"{org.name} đã kết thúc hoạt động.", field="org")
    rules.check_discipline_form("org", form)
    decision = DisciplineDecision.objects.create(
        org=org, is_org_discipline=True, form=form, date=date, decided_by=decided_by, reason=reason,
        decision_ref=decision_ref)
    audit.record(actor=actor, action="discipline_org", instance=decision, before=None, org_path=org.path)
    return decision


@transaction.atomic
def post_assign(*, actor, member: Member, kind: str, starts_on: dt.date, title: str = "", org: Org | None = None,
                ends_on: dt.date | None = None) -> MemberPost:
    _require_write(actor, None, member)
    if ends_on and ends_on < starts_on:
        raise DomainError("Ngày kết thúc chức vụ phải sau ngày bắt đầu.", field="ends_on")
    post = MemberPost.objects.create(member=member, kind=kind, title=title, org=org, starts_on=starts_on,
                                     ends_on=ends_on)
    audit.record(actor=actor, action="post_assign", instance=post, before=None, org_path=_path(member))
    return post
