"""/api/memberwork/…: rewards, Huy hiệu and cards recorded and listed through the API with the user of each level
— the cell may not record (403), a Huy hiệu under the step is refused until its reason is written, bad input
names the field with nothing changed; every path tried from outside the scope (``OUTSIDER_CASES``, collected by
the meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.core.testing import Role, Tree, user_with
from dangbo.memberwork import services
from dangbo.memberwork.choices import RewardForm, RewardLevel
from dangbo.memberwork.models import BadgeAward, CardIssue, Reward

pytestmark = pytest.mark.django_db
D = dt.date
P = "/api/memberwork"
REWARD = {"form": "merit", "level": "grassroots", "awarded_on": "2024-12-20", "decision_ref": "15-QĐ/ĐU",
          "decided_by": "Đảng ủy xã Đạ Sar"}


def state():
    return (db_state(), list(Reward.objects.values_list("pk", "decision_ref")),
            list(BadgeAward.objects.values_list("pk", "years")), list(CardIssue.objects.values_list("pk", "kind")))


class World:
    def __init__(self, admin):
        self.tree = t = Tree(admin, founded=D(1950, 1, 1))
        self.an = t.member("Nguyễn Văn An", admitted=D(1990, 3, 1), official=D(1991, 3, 1), born=D(1965, 1, 1))
        self.commune = user_with(Role.ORG_COMMISSION, org=t.commune)
        self.cell = user_with(Role.CELL_SECRETARY, org=t.cell1)


@pytest.fixture
def world(admin):
    return World(admin)


def test_recorded_and_listed_through_the_api(world):
    t = world.tree
    api = token_api(world.commune)
    body = ok(api.post(f"{P}/rewards", {**REWARD, "member": world.an.pk}), 201)
    assert body == {**body, "member_id": world.an.pk, "org_id": t.cell1.pk, "recipient_name": "Nguyễn Văn An",
                    "form": "merit"}
    ok(api.post(f"{P}/rewards", {**REWARD, "org": t.cell1.pk}), 201)
    listed = ok(api.get(f"{P}/rewards", org=t.commune.pk, start="2024-01-01", end="2024-12-31"))
    assert listed["count"] == 2
    assert ok(api.get(f"{P}/rewards", org=t.commune.pk, start="2025-01-01", end="2025-12-31"))["count"] == 0
    badge = {"member": world.an.pk, "years": 40, "awarded_on": "2024-09-02", "decision_ref": "120-QĐ/HU"}
    assert_error(api.post(f"{P}/badges", badge), 400, "M10", "note")
    saved = ok(api.post(f"{P}/badges", {**badge, "note": "Trao sớm: ốm nặng."}), 201)
    assert saved["award"]["years"] == 40 and [n["rule"] for n in saved["notices"]] == ["M10"]
    assert ok(api.get(f"{P}/badges", org=t.commune.pk, start="2024-01-01", end="2024-12-31"))["count"] == 1
    card = {"member": world.an.pk, "kind": "first", "issued_on": "2024-04-01", "card_number": "079065001234"}
    assert ok(api.post(f"{P}/cards", card), 201)["card_number"] == "079065001234"
    assert ok(api.get(f"{P}/cards", org=t.commune.pk, start="2024-01-01", end="2024-12-31"))["count"] == 1


def test_the_cell_may_not_record_and_bad_input_changes_nothing(world):
    cell, commune = token_api(world.cell), token_api(world.commune)
    before = state()
    assert_error(cell.post(f"{P}/rewards", {**REWARD, "member": world.an.pk}), 403, "KT")
    assert_error(commune.post(f"{P}/rewards", {**REWARD, "member": world.an.pk, "form": "flag"}), 400, "KT", "form")
    assert_error(commune.post(f"{P}/rewards", REWARD), 400, field="recipient_org")
    assert_error(commune.post(f"{P}/badges", {"member": world.an.pk, "years": 35, "awarded_on": "2024-09-02",
                                              "decision_ref": "x"}), 400, "M10", "years")
    assert_error(commune.post(f"{P}/cards", {"member": world.an.pk, "kind": "first", "issued_on": "2024-04-01",
                                             "card_number": "12a"}), 400, "THE", "card_number")
    assert_error(commune.post(f"{P}/cards", {"member": world.an.pk, "kind": "first", "issued_on": "2024-04-01",
                                             "card_number": "1", "extra": 1}), 422)
    assert state() == before


# --- out of scope: the secretary of cell 2 against cell 1 and the commune -------------------------------------------


class Ctx(World):
    def __init__(self, tree):
        super().__init__(tree.actor)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=self.tree.cell2))
        services.reward_record(actor=self.tree.actor, member=self.an, form=RewardForm.MERIT,
                               level=RewardLevel.GRASSROOTS, awarded_on=D(2024, 6, 30), decision_ref="07",
                               decided_by="Đảng ủy xã")


def _lists(path):
    def case(ctx):
        for org in (ctx.tree.cell1, ctx.tree.commune, ctx.tree.other_cell):
            assert_error(ctx.outsider.get(f"{P}/{path}", org=org.pk), 404, "out_of_scope", "org")
        assert ok(ctx.outsider.get(f"{P}/{path}", org=ctx.tree.cell2.pk, start="2024-01-01",
                                   end="2024-12-31"))["count"] == 0
    return case


def _reward(ctx):
    assert_error(ctx.outsider.post(f"{P}/rewards", {**REWARD, "member": ctx.an.pk}), 404, "out_of_scope", "member")
    assert_error(ctx.outsider.post(f"{P}/rewards", {**REWARD, "org": ctx.tree.cell1.pk}), 404, "out_of_scope", "org")


def _badge(ctx):
    assert_error(ctx.outsider.post(f"{P}/badges", {"member": ctx.an.pk, "years": 30, "awarded_on": "2024-09-02",
                                                   "decision_ref": "x"}), 404, "out_of_scope", "member")


def _card(ctx):
    assert_error(ctx.outsider.post(f"{P}/cards", {"member": ctx.an.pk, "kind": "lost", "issued_on": "2024-09-02",
                                                  "card_number": "079065001234"}), 404, "out_of_scope", "member")


OUTSIDER_CASES = {
    ("GET", "/api/memberwork/rewards"): _lists("rewards"),
    ("POST", "/api/memberwork/rewards"): _reward,
    ("GET", "/api/memberwork/badges"): _lists("badges"),
    ("POST", "/api/memberwork/badges"): _badge,
    ("GET", "/api/memberwork/cards"): _lists("cards"),
    ("POST", "/api/memberwork/cards"): _card,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(admin, key):
    ctx = Ctx(type("T", (), {"actor": admin})())
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before
