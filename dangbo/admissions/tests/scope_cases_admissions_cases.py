"""Out-of-scope cases of the pages of issue 9's overdue list, stopping a case and replacing an introducer
(collected by accounts/tests/test_scope_routes.py): a candidate of cell1 with the victim as introducer."""

import datetime as dt

from dangbo.admissions import services

D = dt.date


def setup(tree, objs):
    candidate = services.candidate_create(
        actor=tree.actor, org=tree.cell1,
        data={"full_name": "Phan Thị Kín Đáo", "date_of_birth": D(2001, 4, 2), "gender": "F",
              "general_education": "thpt", "listed_on": D(2024, 9, 1)})
    objs["introduction"] = services.introducer_add(
        actor=tree.actor, candidate=candidate, member=objs["member"], route="two_members",
        together_since=D(2020, 1, 1), given_on=D(2024, 12, 10))


ROUTES = {
    "admissions:stop": lambda objs: {"pk": objs["introduction"].candidate_id},
    "admissions:introducer_replace": lambda objs: {"pk": objs["introduction"].candidate_id,
                                                   "introduction_pk": objs["introduction"].pk},
}
LIST_ROUTES = {"admissions:overdue"}
