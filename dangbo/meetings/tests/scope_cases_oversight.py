"""Out-of-scope cases of the pages of the committees above the cells (collected by
accounts/tests/test_scope_routes.py): cell1 gets a schedule, a topic plan, a superior attendee and a check, the
province a scoring sheet — every object route has something an outsider could wrongly see or change."""

import datetime as dt

from dangbo.core.dates import today
from dangbo.meetings import reference, services
from dangbo.orgs.services import committee_seat_assign, term_open

YEAR = today().year


def setup(tree, objs):
    actor = tree.actor
    services.schedule_set(actor=actor, org=tree.commune, kind="fixed", start_day=3, valid_from=dt.date(2020, 1, 1))
    sheet = services.sheet_save(actor=actor, org=tree.province, criteria=reference.example_sheet_criteria(),
                                valid_from=dt.date(2020, 1, 1), **reference.EXAMPLE_SHEET)
    services.topic_plan_save(actor=actor, org=tree.cell1, year=YEAR, topics=[(1, "Học tập và làm theo Bác")])
    committee = term_open(actor=actor, org=tree.commune, name="2020–2025", starts_on=dt.date(2020, 1, 1))
    leader = tree.member("Hà Văn Cấp Trên", org=tree.cell2)
    committee_seat_assign(actor=actor, committee=committee, member=leader, post="standing",
                          starts_on=dt.date(2020, 1, 1))
    assignment = services.assignment_set(actor=actor, cell=tree.cell1, member=leader, valid_from=dt.date(2021, 1, 1))
    services.oversight_check_record(actor=actor, cell=tree.cell1, year=2024, half=1, checked_on=dt.date(2024, 6, 20),
                                    findings="Chi bộ Phan Văn Bí Mật sinh hoạt đều")
    objs.update({"sheet": sheet, "assignment": assignment, "meetings_committee": tree.commune})


ROUTES = {
    "meetings:schedule": lambda objs: {"pk": objs["org"].pk},
    "meetings:sheets": lambda objs: {"pk": objs["org"].pk},
    "meetings:sheet": lambda objs: {"pk": objs["org"].pk, "sheet_pk": objs["sheet"].pk},
    "meetings:sheet_new": lambda objs: {"pk": objs["meetings_committee"].pk},
    "meetings:topic_plan": lambda objs: {"pk": objs["org"].pk, "year": YEAR},
    "meetings:topic_plan_approve": lambda objs: {"pk": objs["org"].pk, "year": YEAR},
    "meetings:assignments": lambda objs: {"pk": objs["meetings_committee"].pk},
    "meetings:cell_assignments": lambda objs: {"pk": objs["org"].pk},
    "meetings:assignment_end": lambda objs: {"pk": objs["assignment"].pk},
    "meetings:oversight_checks": lambda objs: {"pk": objs["meetings_committee"].pk},
    "meetings:check_record": lambda objs: {"pk": objs["org"].pk},
}
LIST_ROUTES = set()
