"""Restructuring that moves members as well as orgs — giải thể, sáp nhập / hợp nhất, chia tách.

It sits one level above ``orgs`` and ``members`` because it needs both: the org tree's primitives
(``orgs.services``) and the members' transfers (``members.services``). Neither app imports the other's
services, so the imports point down.
"""

import datetime as dt

from django.db import transaction

from dangbo.accounts import audit
from dangbo.core.exceptions import DomainError
from dangbo.members.choices import EventKind
from dangbo.members.selectors import active_members_in_org
from dangbo.members.services import event_record
from dangbo.orgs import rules as org_rules
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Org, OrgEventKind, OrgKind, OrgStatus, OrgType


@transaction.atomic
def org_dissolve(*, actor, org: Org, on: dt.date, reason: str = "", decision_ref: str = "") -> Org:
    org_services.require_decision(actor, org, "dissolve")
    org_services.lock_orgs(org)
    org.refresh_from_db()
    org_rules.check_effective_date(org_services.facts(org, with_last_change=True), on)
    children = Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).count()
    org_rules.check_dissolve(org_services.facts(org), active_members=active_members_in_org(org).count(),
                             active_children=children)
    before = audit.snapshot(org)
    org_services.end_org(org, on)
    org_services.record_event(OrgEventKind.DISSOLVE, on, sources=[org], decision_ref=decision_ref, note=reason)
    audit.record(actor=actor, action="org_dissolve", instance=org, before=before, org_path=org.path)
    return org


def _move_contents(*, actor, source: Org, target: Org, on: dt.date, member_ids=None, child_ids=None, note: str):
    """Move active children and members of ``source`` to ``target`` (all, or the given ids)."""
    children = Org.objects.get_children(source).filter(status=OrgStatus.ACTIVE)
    if child_ids is not None:
        children = children.filter(pk__in=child_ids)
    for child in list(children):
        child.refresh_from_db()
        org_services.org_transfer(actor=actor, org=child, new_parent=target, on=on, note=note)
    members = active_members_in_org(source)
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    for member in list(members):
        event_record(actor=actor, member=member, kind=EventKind.TRANSFER, date=on, org=target, note=note)


@transaction.atomic
def org_merge(
    *, actor, sources: list[Org], on: dt.date, into: Org | None = None, name: str = "", type: OrgType | None = None,
    kind: OrgKind | None = None, parent: Org | None = None, decision_ref: str = "",
) -> Org:
    """Sáp nhập (``into`` an existing org) or hợp nhất (a new org ``name`` under ``parent``): the sources end
    and their children and members move to the successor."""
    if len(sources) < 1 or (into is None and len(sources) < 2):
        raise DomainError("Hợp nhất cần ít nhất hai tổ chức; sáp nhập cần tổ chức nhận.", field="sources")
    for src in sources:
        org_services.require_decision(actor, src, "merge")
    org_services.lock_orgs(*sources)
    for src in sources:
        src.refresh_from_db()
        org_rules.check_effective_date(org_services.facts(src, with_last_change=True), on)
    if into is not None:
        if any(s.pk == into.pk for s in sources):
            raise DomainError("Tổ chức nhận không thể là tổ chức bị sáp nhập.", field="into")
        org_services.require_write(actor, into)
        successor = into
    else:
        if type is None:
            raise DomainError("Phải chọn loại tổ chức cho tổ chức mới.", field="type")
        successor = org_services.org_create(actor=actor, parent=parent or Org.objects.get_parent(sources[0]), name=name, type=type,
                               kind=kind, founded_on=on, decision_ref=decision_ref)
    note = f"Sáp nhập vào {successor.name}"
    for src in sources:
        _move_contents(actor=actor, source=src, target=successor, on=on, note=note)
        before = audit.snapshot(src)
        org_services.end_org(src, on)
        audit.record(actor=actor, action="org_merge_end", instance=src, before=before, org_path=src.path)
    org_services.record_event(OrgEventKind.MERGE, on, sources=sources, results=[successor], decision_ref=decision_ref)
    successor.refresh_from_db()
    return successor


@transaction.atomic
def org_split(*, actor, source: Org, on: dt.date, parts: list[dict], parent: Org | None = None,
              decision_ref: str = "") -> list[Org]:
    """Chia tách: ``source`` ends; each part (name, type, kind, member_ids, child_ids) is founded under
    ``parent`` (default: the source's parent) and receives what it lists. Everything active must go somewhere."""
    if len(parts) < 2:
        raise DomainError("Chia tách cần ít nhất hai tổ chức mới.", field="parts")
    org_services.require_decision(actor, source, "split")
    org_services.lock_orgs(source)
    source.refresh_from_db()
    org_rules.check_effective_date(org_services.facts(source, with_last_change=True), on)
    members = set(active_members_in_org(source).values_list("pk", flat=True))
    children = set(Org.objects.get_children(source).filter(status=OrgStatus.ACTIVE).values_list("pk", flat=True))
    given_members = [m for p in parts for m in p.get("member_ids", [])]
    given_children = [c for p in parts for c in p.get("child_ids", [])]
    if set(given_members) != members or len(given_members) != len(members):
        raise DomainError("Mỗi đảng viên đang sinh hoạt phải được phân về đúng một tổ chức mới.", field="member_ids")
    if set(given_children) != children or len(given_children) != len(children):
        raise DomainError("Mỗi tổ chức trực thuộc phải được phân về đúng một tổ chức mới.", field="child_ids")
    target_parent = parent or Org.objects.get_parent(source)
    created = []
    for part in parts:
        new = org_services.org_create(actor=actor, parent=target_parent, name=part["name"], type=part["type"],
                         kind=part.get("kind"), founded_on=on, decision_ref=decision_ref)
        _move_contents(actor=actor, source=source, target=new, on=on, member_ids=part.get("member_ids", []),
                       child_ids=part.get("child_ids", []), note=f"Chia tách từ {source.name}")
        created.append(new)
    before = audit.snapshot(source)
    org_services.end_org(source, on)
    audit.record(actor=actor, action="org_split_end", instance=source, before=before, org_path=source.path)
    org_services.record_event(OrgEventKind.SPLIT, on, sources=[source], results=created, decision_ref=decision_ref)
    return created
