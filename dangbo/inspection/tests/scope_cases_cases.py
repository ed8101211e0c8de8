"""Out-of-scope cases of the programme, plan and case pages: a year plan of the commune with an item on the
victim, and a case of the district's inspection commission on the victim (concluded, with a follow-up)."""

import datetime as dt

from dangbo.accounts.models import Role
from dangbo.core.testing import user_with
from dangbo.inspection import services

D = dt.date


def setup(tree, objs):
    programme = services.programme_save(actor=tree.actor, org=tree.commune, data={
        "kind": "year", "body": "committee", "year": 2024, "title": "Kế hoạch kiểm tra năm 2024 Bí Mật",
        "adopted_on": D(2024, 1, 10)})
    objs["programme"] = programme
    objs["plan_item"] = services.plan_item_save(actor=tree.actor, programme=programme, data={
        "kind": "compliance", "topic": "Chấp hành Điều lệ", "member": objs["member"], "quarter": 2})
    inspector = user_with(Role.INSPECTION, org=tree.district, username="scope-ubkt")
    case = services.case_open(actor=inspector, org=tree.district, data={
        "body": "commission", "kind": "violation", "origin": "ad_hoc", "topic": "Dấu hiệu vi phạm Bí Mật",
        "decision_number": "9-QĐ/UBKT", "decided_on": D(2024, 3, 1)}, members=[objs["member"]])
    services.case_conclude(actor=inspector, case=case, conclusion="Có vi phạm", concluded_on=D(2024, 5, 1),
                           violation_found=True)
    objs["case"] = case
    objs["follow_up"] = services.follow_up_add(actor=inspector, case=case, recommendation="Khắc phục",
                                               due_on=D(2024, 8, 1), member=objs["member"])


ROUTES = {
    "inspection:programme_create": lambda objs: {"pk": objs["org"].pk},
    "inspection:programme_detail": lambda objs: {"pk": objs["programme"].pk},
    "inspection:programme_update": lambda objs: {"pk": objs["programme"].pk},
    "inspection:plan_item_create": lambda objs: {"pk": objs["programme"].pk},
    "inspection:plan_item_update": lambda objs: {"pk": objs["plan_item"].pk},
    "inspection:case_create": lambda objs: {"pk": objs["org"].pk},
    "inspection:case_detail": lambda objs: {"pk": objs["case"].pk},
    "inspection:case_step": lambda objs: {"pk": objs["case"].pk},
    "inspection:case_conclude": lambda objs: {"pk": objs["case"].pk},
    "inspection:follow_up_add": lambda objs: {"pk": objs["case"].pk},
    "inspection:follow_up_close": lambda objs: {"pk": objs["case"].pk, "follow_up_pk": objs["follow_up"].pk},
}
LIST_ROUTES = {"inspection:programmes", "inspection:cases"}
