"""The demo's rewards, Huy hiệu and cards (Biểu 7) for 2024–2025: written through the services, every Huy hiệu to
a member who reached the step (no reason needed), first cards only to official members, the form-7 measure
non-empty and consistent with its totals; a second run writes nothing."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from dangbo.accounts.models import AuditEntry
from dangbo.demo import memberwork as demo_memberwork
from dangbo.demo.tests.conftest import AS_OF
from dangbo.memberwork.models import BadgeAward, CardIssue, Reward
from dangbo.orgs.models import Org
from dangbo.statforms.member_work import BADGE_ROWS, member_work

pytestmark = pytest.mark.django_db


def test_the_demo_district_has_its_member_work(district):
    admin = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
        "admin-mw", password="x")
    tay_son = Org.objects.get(type__code="dang_bo_huyen")
    written = demo_memberwork.create(actor=admin, district=tay_son, as_of=AS_OF)
    assert written["reward"] > 20 and written["card_first"] > 5
    assert sum(n for k, n in written.items() if k.startswith("badge_")) > 5
    assert Reward.objects.count() == written["reward"]
    assert not BadgeAward.objects.exclude(note="").exists()  # every Huy hiệu was due: no reason recorded
    for issue in CardIssue.objects.filter(kind="first").select_related("member"):
        assert issue.member.official_on <= issue.issued_on and issue.member.card_number == issue.card_number
    assert AuditEntry.objects.filter(action="reward_record").count() == written["reward"]
    for year in (2024, 2025):
        figures = member_work(user=admin, org=tay_son, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)).counts
        assert figures["I"] == sum(figures[k] for k in ("I1", "I2", "I3", "I4")) > 0
        assert figures["II"] == sum(figures[k] for k in BADGE_ROWS.values()) > 0
        assert figures["III"] > 0
    assert demo_memberwork.create(actor=admin, district=tay_son, as_of=AS_OF) == {}
