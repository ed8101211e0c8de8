"""Out-of-scope cases of the cell's work with its members (collected by accounts/tests/test_scope_routes.py): the
victim in cell1 gets a task, a commitment and a residence liaison naming her cell."""

import datetime as dt

from dangbo.core.dates import today
from dangbo.meetings import services

YEAR = today().year


def setup(tree, objs):
    victim, actor = objs["member"], tree.actor
    on = min(today(), dt.date(YEAR, 1, 15))
    task = services.task_assign(actor=actor, member=victim, title="Phụ trách hộ Phan Văn Bí Mật", assigned_on=on)
    services.paper_record(actor=actor, member=victim, year=YEAR, kind="commitment", signed_on=on)
    services.liaison_record(actor=actor, member=victim, year=YEAR, residence_cell=tree.cell1, introduced_on=on)
    objs["task"] = task


ROUTES = {
    "meetings:work": lambda objs: {"pk": objs["org"].pk, "year": YEAR},
    "meetings:work_export": lambda objs: {"pk": objs["org"].pk, "year": YEAR},
    "meetings:member_work": lambda objs: {"pk": objs["member"].pk, "year": YEAR},
    "meetings:task_assign": lambda objs: {"pk": objs["member"].pk, "year": YEAR},
    "meetings:task_result": lambda objs: {"pk": objs["task"].pk},
    "meetings:paper_record": lambda objs: {"pk": objs["member"].pk, "year": YEAR},
    "meetings:liaison_record": lambda objs: {"pk": objs["member"].pk, "year": YEAR},
}
LIST_ROUTES = {"meetings:cell_picker"}
