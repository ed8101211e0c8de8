"""Out-of-scope cases of the accounts pages (collected by test_scope_routes.py): the reset link for a user of cell1,
which only a system administrator may issue."""

from dangbo.accounts.models import Role
from dangbo.core.testing import user_with


def setup(tree, objs):
    objs["account"] = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu-bimat")


ROUTES = {
    "accounts:reset_link_issue": lambda objs: {"pk": objs["account"].pk},
}
