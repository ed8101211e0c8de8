"""The import's cheaper ways give what the plain ways give: collation keys from cached words, the audit snapshot
from a per-model plan, the rules' ``replace``."""

import dataclasses
import datetime as dt
import random
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.utils.functional import SimpleLazyObject

from dangbo.accounts import audit
from dangbo.accounts.models import AuditEntry
from dangbo.core import text
from dangbo.members import rules
from dangbo.members.models import EventApproval, LifecycleEvent, Member, Registration
from dangbo.orgs.models import Org


def collation_key_by_letters(value):
    """``collation_key`` as it was written before words were cached."""
    primary, tones = [], []
    for word in (value or "").split():
        if primary:
            primary.append("01")
        for base, tone in text._letters(word):
            rank = text._RANK.get(base)
            primary.append(f"{rank + 10:02d}" if rank is not None else "99")
            tones.append(str(tone))
    return "".join(primary) + "00" + "".join(tones)


def test_collation_keys_from_cached_words_are_the_same():
    rng = random.Random(5)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠàáảãạĐ K'-1\u0301\u0300"
    samples = ["", None, "\u0301 an", "\u0301\u0300 b c", "Nguyễn Văn An", "K' Brơ", "  Lê   Đức  "]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(5000)]
    for value in samples:
        for form in (value, unicodedata.normalize("NFD", value) if value else value):
            assert text.collation_key(form) == collation_key_by_letters(form), form
            assert text.name_sort_key(form or "") == (collation_key_by_letters(text.split_full_name(form or "")[1])
                                                      + "02" + collation_key_by_letters(text.split_full_name(form or "")[0]))


def snapshot_by_model_to_dict(instance):
    data = model_to_dict(instance, exclude=list(audit.NOT_LOGGED))
    for field in instance._meta.fields:
        if not field.editable and field.name != "id" and field.name not in audit.NOT_LOGGED:
            data[field.attname] = getattr(instance, field.attname)
    return {k: audit._plain(v) for k, v in data.items()}


@pytest.mark.django_db  # the user's groups and permissions: model_to_dict reads them
def test_the_audit_snapshot_plan_gives_model_to_dicts_keys_values_and_order():
    org = Org(pk=7, name="Chi bộ 1", path="0001", founded_on=dt.date(2000, 1, 1))
    user = get_user_model()(pk=3, username="u")
    member = Member(pk=11, full_name="Nguyễn Văn An", date_of_birth=dt.date(1980, 1, 2), gender="M", ethnicity="Kinh",
                    cccd="001080000001", status="probationary", org=org, sort_key="1", search_text="x")
    event = LifecycleEvent(pk=5, member=member, kind="admit", date=dt.date(2001, 1, 1), org=org, created_by=user)
    instances = [org, member, event, EventApproval(pk=2, event=event, rule="M1", is_flag=True),
                 Registration(pk=9, member=member, org=org, kind="official", valid_from=dt.date(2001, 1, 1)),
                 AuditEntry(pk=1, actor=user, action="a", model="m", object_id="1", after={"k": [1]}), user]
    for instance in instances:
        expected = snapshot_by_model_to_dict(instance)
        assert audit.snapshot(instance) == expected
        assert list(audit.snapshot(instance)) == list(expected)
    assert audit._snapshot_plan(type(user)) is None  # many-to-many fields: model_to_dict itself
    lazy = SimpleLazyObject(lambda: member)  # request.user reaches the audit wrapped so
    assert audit.snapshot(lazy) == snapshot_by_model_to_dict(member)


def test_the_rules_replace_is_dataclasses_replace():
    fact = rules.EventFact(kind="admit", date=dt.date(2001, 1, 1), org_id=3, org_name="A", event_id=1)
    state = rules.MemberState()
    for obj, changes in ((fact, {"event_id": 2, "approvals": (("M1", dt.date(2001, 1, 1)),)}),
                         (state, {"status": "official", "intervals": ()}), (state, {})):
        assert rules.replace(obj, **changes) == dataclasses.replace(obj, **changes)
        assert rules.replace(obj, **changes) is not obj
    with pytest.raises(TypeError):
        rules.replace(fact, no_such_field=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.replace(fact, event_id=4).event_id = 5
