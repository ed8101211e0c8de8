"""Out-of-scope cases of the statistics forms' pages (collected by accounts/tests/test_scope_routes.py): the form,
its drill-down and the children's finalisation status read ``?org=`` (the top of the user's scope without it);
finalising and comparing name an org / a snapshot of the victim's commune, 404 outside the scope."""

from dangbo.core import periods
from dangbo.statforms import services


def setup(tree, objs):
    objs["snapshot"] = services.form_finalise(actor=tree.actor, org=tree.commune, code="1",
                                              period=periods.year(2024))


ROUTES: dict = {
    "statforms:finalise": lambda objs: {"pk": objs["org"].pk},
    "statforms:set_job": lambda objs: {"pk": objs["org"].pk},
    "statforms:country_job": lambda objs: {},  # the country's set: administrators only
    "statforms:compare": lambda objs: {"pk": objs["snapshot"].pk},
}
LIST_ROUTES = {"statforms:table", "statforms:members", "statforms:children"}
