"""Out-of-scope cases of the member-work pages (collected by accounts/tests/test_scope_routes.py): the victim's
giấy khen in cell1; every page of cell1 (its lists, its record forms, its pickers) from outside."""

import datetime as dt

from dangbo.memberwork import services
from dangbo.memberwork.choices import RewardForm, RewardLevel


def setup(tree, objs):
    objs["reward"] = services.reward_record(
        actor=tree.actor, member=objs["member"], form=RewardForm.MERIT, level=RewardLevel.GRASSROOTS,
        awarded_on=dt.date(2024, 6, 30), decision_ref="07-QĐ/ĐU", decided_by="Đảng ủy xã Đạ Sar")


def _org(objs):
    return {"pk": objs["org"].pk}


ROUTES = dict.fromkeys(("memberwork:rewards", "memberwork:reward_add", "memberwork:badges", "memberwork:badge_add",
                       "memberwork:cards", "memberwork:card_add", "memberwork:member_picker",
                       "memberwork:org_picker"), _org)
LIST_ROUTES = {"memberwork:index"}
