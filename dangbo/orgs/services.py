"""Every write to the org tree: one function per restructuring action, atomic, scoped and audited.

Each action locks the rows it moves, keeps the treebeard path (current tree) and the dated
``OrgPlacement`` rows (history) in step, and records an ``OrgEvent``. The restructurings that move members
too (giải thể, sáp nhập, chia tách) are built on these in ``dangbo.structure.services``, one level up.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError
from dangbo.core.iters import batched
from dangbo.core.text import fold
from dangbo.core.uniqueness import UniqueKey, taken_message, unique_write
from dangbo.members.choices import ACTIVE_STATUSES
from dangbo.orgs import rules
from dangbo.orgs.models import (
    Committee,
    CommitteePost,
    CommitteeSeat,
    Org,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    OrgPlacement,
    OrgStatus,
    OrgType,
    Term,
    Village,
)

STEP = Org.steplen


def facts(org: Org, *, with_last_change: bool = False) -> rules.OrgFacts:
    last = None
    if with_last_change and org.pk:
        last = OrgPlacement.objects.filter(org=org).aggregate(m=Max("valid_from"))["m"]
    return rules.OrgFacts(
        id=org.pk, name=org.name, level_rank=org.type.level.rank, is_cell=org.type.is_cell,
        is_party_group=org.type.is_party_group, active=org.status == OrgStatus.ACTIVE,
        founded_on=org.founded_on, last_change=last, path=org.path or "",
    )


def lock_orgs(*orgs: Org) -> None:
    Org.objects.select_for_update().filter(pk__in=[o.pk for o in orgs if o is not None]).exists()


def require_write(actor, *orgs: Org | None) -> None:
    scope = scope_for(actor)
    for org in orgs:
        if org is None:
            if not scope.is_admin:
                raise DomainError("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất.", code="forbidden")
        else:
            scope.require_path(org.path, write=True)


def require_decision(actor, org: Org, action: str) -> None:
    """Restructuring is the superior committee's decision (O3): the actor must hold write power over the
    org's direct superior, not merely over the org."""
    scope = scope_for(actor)
    scope.require_path(org.path, write=True)
    decider = rules.deciding_path(org.path, STEP)
    if scope.may_decide_for(decider):
        return
    superior = Org.objects.filter(path=decider).only("name").first() if decider else None
    rules.check_decision_power(action=action, org_name=org.name, may_decide=False, is_root=not decider,
                               superior_name=superior.name if superior else "")


def _replace_placements(subtree_root: Org, on: dt.date) -> None:
    """Close the open placements of the active orgs under ``subtree_root`` at ``on``; open new ones with
    the paths they have now. One query to read, one to close, one bulk insert."""
    nodes = list(Org.objects.filter(path__startswith=subtree_root.path, status=OrgStatus.ACTIVE)
                 .values("id", "path", "name", "depth"))
    ids = [n["id"] for n in nodes]
    parent_paths = {n["path"][:-STEP] for n in nodes if n["depth"] > 1}
    parent_ids = dict(Org.objects.filter(path__in=parent_paths).values_list("path", "id"))
    same_day = OrgPlacement.objects.filter(org_id__in=ids, valid_to__isnull=True, valid_from=on)
    same_day.delete()
    OrgPlacement.objects.filter(org_id__in=ids, valid_to__isnull=True).update(valid_to=on)
    OrgPlacement.objects.bulk_create(
        OrgPlacement(org_id=n["id"], parent_id=parent_ids.get(n["path"][:-STEP]), path=n["path"], name=n["name"],
                     valid_from=on)
        for n in nodes
    )


def record_event(kind, on, *, sources=(), results=(), decision_ref="", note="", detail=None) -> OrgEvent:
    event = OrgEvent.objects.create(kind=kind, date=on, decision_ref=decision_ref, note=note, detail=detail or {})
    event.sources.set(sources)
    event.results.set(results)
    return event


def _check_subtree_date(org: Org, on: dt.date) -> None:
    latest = OrgPlacement.objects.filter(path__startswith=org.path, valid_to__isnull=True).aggregate(
        m=Max("valid_from"))["m"]
    rules.check_effective_date(facts(org, with_last_change=True), on)
    if latest and on < latest:
        raise rules.RuleViolation(rules.TREE, f"Một tổ chức trực thuộc {org.name} đã thay đổi sau ngày hiệu lực.",
                                  field="date")


CODE_KEY = UniqueKey("mã tổ chức", "code", "tổ chức này")


def code_refusals(scope, codes) -> dict[str, str]:
    """The refusal for each of ``codes`` an org already holds (codes are unique in the whole database), naming
    the org only when ``scope`` covers it (core.uniqueness)."""
    refusals = {}
    for part in batched(set(codes), 500):
        for code, path, name in Org.objects.filter(code__in=part).values_list("code", "path", "name"):
            refusals[code] = taken_message(CODE_KEY, code, scope=scope, holder_path=path, holder=name)
    return refusals


@transaction.atomic
def org_create(
    *, actor, parent: Org | None, name: str, type: OrgType, founded_on: dt.date, kind: OrgKind | None = None,
    code: str | None = None, place: str = "", decision_ref: str = "",
) -> Org:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Tên tổ chức không được để trống.", field="name")
    require_write(actor, parent)
    if parent is not None:
        lock_orgs(parent)
        parent.refresh_from_db()
    draft = Org(name=name, type=type, founded_on=founded_on)
    rules.check_parent(facts(draft), facts(parent) if parent else None, on=founded_on)
    refusal = code_refusals(scope_for(actor), [code]) if code else {}
    if refusal:
        raise DomainError(refusal[code], field="code")
    fields = {"name": name, "search_name": fold(name), "type": type, "kind": kind, "founded_on": founded_on,
                  "code": code or None, "place": place}
    with unique_write(CODE_KEY, lambda: bool(code) and Org.objects.filter(code=code).exists()):
        org = Org.objects.add_child(parent, fields) if parent else Org.objects.add_root(fields)
    OrgPlacement.objects.create(org=org, parent=parent, path=org.path, name=name, valid_from=founded_on)
    record_event(OrgEventKind.FOUND, founded_on, results=[org], decision_ref=decision_ref)
    audit.record(actor=actor, action="org_create", instance=org, before=None, org_path=org.path)
    return org


@transaction.atomic
def org_rename(*, actor, org: Org, name: str, on: dt.date, decision_ref: str = "") -> Org:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Tên tổ chức không được để trống.", field="name")
    require_decision(actor, org, "rename")
    lock_orgs(org)
    org.refresh_from_db()
    rules.check_effective_date(facts(org, with_last_change=True), on)
    before = audit.snapshot(org)
    old = org.name
    Org.objects.filter(pk=org.pk).update(name=name, search_name=fold(name))
    org.refresh_from_db()
    _replace_placements_single(org, on)
    record_event(OrgEventKind.RENAME, on, sources=[org], results=[org], decision_ref=decision_ref,
           detail={"from": old, "to": name})
    audit.record(actor=actor, action="org_rename", instance=org, before=before, org_path=org.path)
    return org


def _replace_placements_single(org: Org, on: dt.date) -> None:
    current = OrgPlacement.objects.filter(org=org, valid_to__isnull=True).first()
    if current and current.valid_from == on:
        OrgPlacement.objects.filter(pk=current.pk).update(name=org.name, path=org.path)
        return
    parent_id = current.parent_id if current else None
    OrgPlacement.objects.filter(org=org, valid_to__isnull=True).update(valid_to=on)
    OrgPlacement.objects.create(org=org, parent_id=parent_id, path=org.path, name=org.name, valid_from=on)


@transaction.atomic
def org_reclassify(*, actor, org: Org, type: OrgType, kind: OrgKind | None, on: dt.date) -> Org:
    require_decision(actor, org, "reclassify")
    lock_orgs(org)
    org.refresh_from_db()
    rules.check_effective_date(facts(org, with_last_change=True), on)
    parent = Org.objects.get_parent(org)
    draft = Org(name=org.name, type=type, founded_on=org.founded_on)
    rules.check_parent(facts(draft), facts(parent) if parent else None, on=on)
    before = audit.snapshot(org)
    Org.objects.filter(pk=org.pk).update(type=type, kind=kind)
    org.refresh_from_db()
    record_event(OrgEventKind.RECLASSIFY, on, sources=[org], results=[org],
           detail={"type": type.code, "kind": kind.code if kind else None})
    audit.record(actor=actor, action="org_reclassify", instance=org, before=before, org_path=org.path)
    return org


@transaction.atomic
def org_transfer(*, actor, org: Org, new_parent: Org, on: dt.date, decision_ref: str = "", note: str = "",
                 _record_event: bool = True) -> Org:
    require_decision(actor, org, "transfer")
    require_write(actor, new_parent)
    lock_orgs(org, new_parent)
    org.refresh_from_db()
    new_parent.refresh_from_db()
    _check_subtree_date(org, on)
    rules.check_parent(facts(org), facts(new_parent), on=on)
    old_parent = Org.objects.get_parent(org)
    if old_parent and old_parent.pk == new_parent.pk:
        raise DomainError(f"{org.name} đã trực thuộc {new_parent.name}.", field="parent")
    before = audit.snapshot(org)
    Org.objects.move(org, new_parent, "last-child")
    org.refresh_from_db()
    _replace_placements(org, on)
    if _record_event:
        record_event(OrgEventKind.TRANSFER, on, sources=[org], results=[new_parent], decision_ref=decision_ref, note=note,
               detail={"from": old_parent.pk if old_parent else None, "to": new_parent.pk})
    audit.record(actor=actor, action="org_transfer", instance=org, before=before, org_path=org.path)
    return org


def end_org(org: Org, on: dt.date) -> None:
    OrgPlacement.objects.filter(org=org, valid_to__isnull=True, valid_from=on).delete()
    OrgPlacement.objects.filter(org=org, valid_to__isnull=True).update(valid_to=on)
    Org.objects.filter(pk=org.pk).update(status=OrgStatus.ENDED, ended_on=on)
    org.refresh_from_db()


@transaction.atomic
def term_open(*, actor, org: Org, name: str, starts_on: dt.date, committee_name: str = "",
              has_working_rules: bool = False):
    """Open a nhiệm kỳ with its cấp ủy; the previous open term of the org ends the day before."""
    require_write(actor, org)
    if not name.strip():
        raise DomainError("Phải ghi nhiệm kỳ (vd: 2025–2030).", field="name")
    if org.status != OrgStatus.ACTIVE:
        raise DomainError(f"{org.name} đã kết thúc hoạt động.", field="org")
    previous = Term.objects.filter(org=org, ends_on__isnull=True).first()
    if previous and starts_on <= previous.starts_on:
        raise DomainError(f"Nhiệm kỳ mới phải bắt đầu sau nhiệm kỳ {previous.name}.", field="starts_on")
    if previous:  # ended by the next term: audited like an explicit end
        before = audit.snapshot(previous)
        Term.objects.filter(pk=previous.pk).update(ends_on=starts_on - dt.timedelta(days=1))
        previous.refresh_from_db()
        audit.record(actor=actor, action="term_end", instance=previous, before=before, org_path=org.path)
    term = Term.objects.create(org=org, name=name.strip(), starts_on=starts_on)
    committee = Committee.objects.create(
        term=term, name=committee_name or ("Chi ủy" if org.type.is_cell else "Ban Chấp hành Đảng bộ"),
        has_working_rules=has_working_rules)
    audit.record(actor=actor, action="term_open", instance=term, before=None, org_path=org.path)
    return committee


@transaction.atomic
def committee_seat_assign(*, actor, committee, member, post: str, starts_on: dt.date, is_full_time: bool = True):
    org = committee.term.org
    require_write(actor, org)
    if post not in CommitteePost.values:
        raise DomainError("Chức vụ cấp ủy không hợp lệ.", field="post")
    if member.status not in ACTIVE_STATUSES or not member.org_id or not member.org.path.startswith(org.path):
        raise DomainError(f"{member.full_name} không sinh hoạt trong {org.name}.", field="member")
    if starts_on < committee.term.starts_on:
        raise DomainError("Ngày nhận chức phải trong nhiệm kỳ.", field="starts_on")
    if post == CommitteePost.SECRETARY and CommitteeSeat.objects.filter(
            committee=committee, post=post, ends_on__isnull=True).exists():
        raise DomainError("Cấp ủy đã có Bí thư; hãy kết thúc chức vụ của Bí thư cũ trước.", field="post")
    seat = CommitteeSeat.objects.create(committee=committee, member=member, post=post, starts_on=starts_on,
                                        is_full_time=is_full_time)
    audit.record(actor=actor, action="committee_seat_assign", instance=seat, before=None, org_path=org.path)
    return seat


@transaction.atomic
def committee_seat_end(*, actor, seat, ends_on: dt.date):
    require_write(actor, seat.committee.term.org)
    if ends_on < seat.starts_on:
        raise DomainError("Ngày thôi giữ chức phải sau ngày nhận chức.", field="ends_on")
    before = audit.snapshot(seat)
    type(seat).objects.filter(pk=seat.pk).update(ends_on=ends_on)
    seat.refresh_from_db()
    audit.record(actor=actor, action="committee_seat_end", instance=seat, before=before,
                 org_path=seat.committee.term.org.path)
    return seat


@transaction.atomic
def village_save(*, actor, commune: Org, name: str, kind: OrgKind, valid_from: dt.date, cell: Org | None = None,
                 head_name: str = "", head_member=None, village=None):
    """Create or update a thôn / tổ dân phố with the cell that serves it and its head."""
    require_write(actor, commune)
    if not name.strip():
        raise DomainError("Tên thôn, tổ dân phố không được để trống.", field="name")
    if not kind.is_residential:
        raise DomainError(f"“{kind.name}” không phải loại khu dân cư.", field="kind")
    if cell is not None and (not cell.type.is_cell or not cell.path.startswith(commune.path)):
        raise DomainError(f"{cell.name} không phải chi bộ thuộc {commune.name}.", field="cell")
    if head_member is not None and not head_name:
        head_name = head_member.full_name
    before = audit.snapshot(village)
    fields = {"commune": commune, "name": name.strip(), "kind": kind, "cell": cell, "head_name": head_name,
              "head_member": head_member, "valid_from": valid_from}
    if village is None:
        village = Village.objects.create(**fields)
    else:
        Village.objects.filter(pk=village.pk).update(**fields)
        village.refresh_from_db()
    audit.record(actor=actor, action="village_save", instance=village, before=before, org_path=commune.path)
    return village
