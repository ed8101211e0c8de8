"""Out-of-scope cases of the plan, streak and import routes (collected by accounts/tests/test_scope_routes.py).

The victim gets five excellent years up to the lists' default year, as does its cell, a pointed review with a
plan and an item, and its grassroots org a weak rating with no plan yet — so every list has something of
cell1 / the commune an outsider could wrongly see, and every object route something it could wrongly change.
"""

import datetime as dt

from dangbo.core.dates import today
from dangbo.reviews import services, streaks
from dangbo.reviews.choices import Level, Status
from dangbo.reviews.models import Assessment, RemediationPlan

YEAR = streaks.default_year(today())


def setup(tree, objs):
    victim = objs["member"]
    years = range(YEAR - 4, YEAR + 1)
    for year in years:
        services.campaign_open(actor=tree.actor, org=tree.district, year=year, opens_on=dt.date(year, 12, 1))
    excellent = {"status": Status.APPROVED, "final_level": Level.EXCELLENT}
    Assessment.objects.filter(member=victim, year__in=years).update(**excellent)
    Assessment.objects.filter(subject_org=tree.cell1, year__in=years).update(**excellent)
    Assessment.objects.filter(subject_org=tree.commune, year=YEAR).update(status=Status.APPROVED,
                                                                         final_level=Level.COMPLETED)
    a = Assessment.objects.get(member=victim, year=YEAR)
    services.pointed_review_set(actor=tree.actor, assessment=a, note="Chưa gương mẫu ở nơi cư trú")
    plan = RemediationPlan.objects.get(assessment=a)
    item = services.plan_item_add(actor=tree.actor, plan=plan, description="Tham gia sinh hoạt tổ dân cư",
                                  owner="Phan Văn Bí Mật", deadline=dt.date(YEAR + 1, 3, 1))
    objs.update({"plan": plan, "plan_item": item, "weak_org": tree.commune})


ROUTES = {
    "reviews:plan": lambda objs: {"pk": objs["plan"].pk},
    "reviews:plan_submit": lambda objs: {"pk": objs["plan"].pk},
    "reviews:plan_item_add": lambda objs: {"pk": objs["plan"].pk},
    "reviews:plan_item_status": lambda objs: {"pk": objs["plan"].pk, "item_pk": objs["plan_item"].pk},
    "reviews:plans_fill": lambda objs: {"pk": objs["weak_org"].pk, "year": YEAR},
    "reviews:results_import": lambda objs: {"pk": objs["org"].pk, "year": YEAR},
    "reviews:results_import_template": lambda objs: {"pk": objs["org"].pk, "year": YEAR},
}
LIST_ROUTES = {"reviews:plans", "reviews:streaks", "reviews:streaks_export", "reviews:results_import_start"}
