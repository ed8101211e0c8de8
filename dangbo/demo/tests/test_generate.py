"""Determinism, refusal on a non-empty tree, and the national shape at a tiny scale."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from dangbo.core.exceptions import DomainError
from dangbo.demo.generator import generate
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.choices import ACTIVE_STATUSES
from dangbo.members.models import Member
from dangbo.members.rules import check_cccd
from dangbo.orgs.models import Org

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 6, 30)


def build(seed: int, **options):
    with transaction.atomic():
        generate(size="district", seed=seed, as_of=AS_OF, scale=0.2, **options)
        data = {
            "members": sorted(Member.objects.values_list("full_name", "cccd", "date_of_birth", "status", "org__name")),
            "orgs": sorted(Org.objects.values_list("path", "name", "founded_on")),
        }
        transaction.set_rollback(True)
    return data


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    first, second, other = build(7), build(7), build(8)
    assert first == second
    assert len(first["members"]) > 500
    assert {m[1] for m in other["members"]} != {m[1] for m in first["members"]}


def test_refuses_a_tree_that_already_has_orgs(tree):
    with pytest.raises(DomainError, match="đã có tổ chức đảng"):
        generate(size="district", seed=1, as_of=AS_OF, scale=0.2)
    with pytest.raises(CommandError, match="đã có tổ chức đảng"):
        call_command("generate_demo", "--size", "district", "--seed", "1", "--scale", "0.2")


def test_rejects_bad_options():
    with pytest.raises(DomainError, match="01/01/2016"):
        generate(size="district", seed=1, as_of=dt.date(2010, 1, 1))
    with pytest.raises(DomainError, match="Quy mô"):
        generate(size="world", seed=1)


def test_national_shape_at_a_tiny_scale():
    stats = generate(size="national", seed=3, as_of=AS_OF, scale=0.0004, parallel=False, verify=True)
    roots = Org.objects.filter(depth=1)
    assert roots.count() == 63
    assert {r.name for r in roots} >= {"Đảng bộ thành phố Hà Nội", "Đảng bộ Thành phố Hồ Chí Minh"}
    assert Org.objects.filter(type__code="dang_uy_khoi").count() == 126
    assert all(not problems for problems in Org.objects.find_problems())
    cccds = list(Member.objects.values_list("cccd", "gender", "date_of_birth"))
    assert len({c for c, _, _ in cccds}) == len(cccds) == stats["members"]
    for cccd, gender, born in cccds:
        check_cccd(cccd, gender=gender, date_of_birth=born)
    # Each province's members carry its CCCD code, bar the few born elsewhere.
    hanoi = Member.objects.filter(org__path__startswith=roots.get(name="Đảng bộ thành phố Hà Nội").path,
                                  status__in=ACTIVE_STATUSES)
    assert hanoi.filter(cccd__startswith="001").count() > 0.8 * hanoi.count()


def test_an_empty_database_gets_the_district_demo():
    out = StringIO()
    call_command("demo_setup", "--scale", "0.5", stdout=out)
    assert Org.objects.filter(name="Đảng bộ huyện Tây Sơn").exists()
    assert Member.objects.exists()
    assert "đang sinh dữ liệu mẫu" in out.getvalue()
    assert "bithu / dangbo-bithu" in out.getvalue()
    assert Meeting.objects.filter(kind="regular").exists() and Attendance.objects.exists()
