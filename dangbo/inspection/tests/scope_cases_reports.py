"""Out-of-scope cases of the inspection figures (collected by accounts/tests/test_scope_routes.py): cell1's
figures, which none of the outsiders may read (their grants cover neither cell1 as an inspection commission nor as
its organization commission)."""

ROUTES = {
    "inspection:figures": lambda objs: {"pk": objs["org"].pk},
    "inspection:figures_xlsx": lambda objs: {"pk": objs["org"].pk},
}
LIST_ROUTES = {"inspection:figures_home"}  # the menu's entry: none of the outsiders reads cell1's counts
