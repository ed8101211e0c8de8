"""Out-of-scope cases of the statistics forms' pages (collected by accounts/tests/test_scope_routes.py): both pages
read ``?org=`` (the top of the user's scope without it); an org outside the scope is 404 (test_views.py)."""


ROUTES: dict = {}
LIST_ROUTES = {"statforms:table", "statforms:members"}
