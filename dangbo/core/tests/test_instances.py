"""``core.instances.new_instance`` builds the very object ``Model(**values)`` builds."""

import datetime as dt

from django.contrib.auth import get_user_model

from dangbo.accounts.models import AuditEntry
from dangbo.core.instances import new_instance
from dangbo.members.models import EventApproval, LifecycleEvent, Member, Registration
from dangbo.orgs.models import Org


def state(obj) -> dict:
    values = {k: v for k, v in vars(obj).items() if k != "_state"}
    return {"values": values, "db": obj._state.db, "adding": obj._state.adding,
            "cache": dict(obj._state.fields_cache)}


def same(model, /, **values):
    built, plain = new_instance(model, **values), model(**values)
    assert type(built) is model
    assert state(built) == state(plain)
    return built


def test_the_same_object_as_the_keyword_constructor():
    org = Org(pk=7, name="Chi bộ 1", path="0001", founded_on=dt.date(2000, 1, 1))
    user = get_user_model()(pk=3, username="u")
    member = same(Member, full_name="Nguyễn Văn An", date_of_birth=dt.date(1980, 1, 2), gender="M",
                  ethnicity="Kinh", cccd=None, status="probationary", org=org)
    assert member.org is org and member.org_id == 7
    same(Member, full_name="Lê Thị Hoa", org_id=7)  # a key by its id
    same(Member, full_name="Lê Thị Hoa", org=None)
    event = same(LifecycleEvent, member=member, kind="admit", date=dt.date(2001, 1, 1), org=org, created_by=user)
    assert event.member is member and event.member_id is None
    same(EventApproval, event=event, rule="M1", citation="c", reason="r", is_flag=True, created_by=None)
    same(Registration, member=member, org_id=7, kind="official", is_probationary=True,
         valid_from=dt.date(2001, 1, 1), valid_to=None)
    same(AuditEntry, actor=user, action="member_create", model="members.Member", object_id="1", object_repr="x",
         before=None, after={"a": 1}, org_path="0001", request_id="")
    same(AuditEntry, actor=None, action="x", model="m", object_id="1", object_repr="", before=None, after=None)


def test_what_it_does_not_know_goes_to_the_model_itself():
    org = Org(pk=7, name="Chi bộ 1", path="0001", founded_on=dt.date(2000, 1, 1))
    try:
        new_instance(Member, full_name="A", no_such_field=1, org=org)
    except TypeError as exc:
        assert "no_such_field" in str(exc)
    else:
        raise AssertionError("an unknown name must be refused as Model() refuses it")
