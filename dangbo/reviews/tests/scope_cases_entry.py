"""Out-of-scope cases of the review workflow routes (collected by accounts/tests/test_scope_routes.py).

A 2024 campaign over the victim's cell gives every object route something of cell1 / the commune that an
outsider could wrongly read or change: the campaign, the cell's sheet and registration, the commune's approval
screen, the victim's assessment.
"""

import datetime as dt

from dangbo.reviews import services
from dangbo.reviews.choices import Level
from dangbo.reviews.models import Assessment

YEAR = 2024


def setup(tree, objs):
    campaign = services.campaign_open(actor=tree.actor, org=tree.cell1, year=YEAR, opens_on=dt.date(YEAR, 11, 15))
    a = Assessment.objects.get(member=objs["member"], year=YEAR)
    services.registration_record(actor=tree.actor, year=YEAR, level=Level.GOOD, registered_on=dt.date(YEAR, 1, 10),
                                 member=objs["member"])
    objs.update({"entry_campaign": campaign, "entry_assessment": a, "entry_approver": tree.commune})


def _a(objs):
    return {"pk": objs["entry_assessment"].pk}


ROUTES = {
    "reviews:campaign": lambda objs: {"pk": objs["entry_campaign"].pk},
    "reviews:unit": lambda objs: {"year": YEAR, "pk": objs["org"].pk},
    "reviews:registration": lambda objs: {"year": YEAR, "pk": objs["org"].pk},
    "reviews:approve": lambda objs: {"year": YEAR, "pk": objs["entry_approver"].pk},
    "reviews:compare": lambda objs: {"year": YEAR, "pk": objs["org"].pk},
    "reviews:self": _a,
    "reviews:reopen": _a,
    "reviews:pointed": _a,
    "reviews:exclude": _a,
}
LIST_ROUTES = {"reviews:home"}
