"""Out-of-scope cases of the admission pages (collected by accounts/tests/test_scope_routes.py): a candidate of
cell1 bearing the victim's name, with a first step of the file recorded."""

import datetime as dt

from dangbo.admissions import services

D = dt.date


def setup(tree, objs):
    candidate = services.candidate_create(
        actor=tree.actor, org=tree.cell1,
        data={"full_name": "Phan Văn Bí Mật", "date_of_birth": D(2000, 3, 8), "gender": "M",
              "general_education": "thpt", "listed_on": D(2024, 9, 1)})
    services.step_record(actor=tree.actor, candidate=candidate, step="application", date=D(2024, 11, 1))
    objs["candidate"] = candidate


ROUTES = {
    "admissions:create": lambda objs: {"pk": objs["org"].pk},
    "admissions:detail": lambda objs: {"pk": objs["candidate"].pk},
    "admissions:step": lambda objs: {"pk": objs["candidate"].pk, "step": "grassroots"},
    "admissions:introducer_add": lambda objs: {"pk": objs["candidate"].pk},
    # the work pages' forms: a child org's quota, a member's recognition, striking off, screening decision
    "admissions:plan_set": lambda objs: {"pk": objs["org"].pk},
    "admissions:recognize": lambda objs: {"pk": objs["member"].pk},
    "admissions:probation_strike_off": lambda objs: {"pk": objs["member"].pk},
    "admissions:screening_decide": lambda objs: {"pk": objs["member"].pk},
}
LIST_ROUTES = {"admissions:list", "admissions:plans", "admissions:probations", "admissions:screening",
               "admissions:badges", "admissions:badges_xlsx", "admissions:stats"}
