"""Out-of-scope cases of the dues pages (collected by accounts/tests/test_scope_routes.py): the victim's declared
basis and a payment in cell1; its collection sheet, books, arrears list, notice (HTML and
DOCX), the member's dues page and the payment's receipt tried from outside (GET and POST)."""

import datetime as dt

from dangbo.dues import services


def setup(tree, objs):
    services.declare_basis(actor=tree.actor, member=objs["member"], category="pension", basis=6_000_000,
                           valid_from=dt.date(2026, 1, 1))
    objs["dues_payment"] = services.record_payment(actor=tree.actor, member=objs["member"], org=objs["org"],
                                                   month=dt.date(2026, 3, 1), amount=30_000,
                                                   paid_on=dt.date(2026, 3, 5))


ROUTES = {
    "dues:collect": lambda objs: {"pk": objs["org"].pk},
    "dues:book": lambda objs: {"pk": objs["org"].pk},
    "dues:book_xlsx": lambda objs: {"pk": objs["org"].pk},
    "dues:report_xlsx": lambda objs: {"pk": objs["org"].pk},
    "dues:arrears": lambda objs: {"pk": objs["org"].pk},
    "dues:payments": lambda objs: {"pk": objs["org"].pk},
    "dues:remit": lambda objs: {"pk": objs["org"].pk},
    "dues:notice": lambda objs: {"pk": objs["org"].pk, "member_pk": objs["member"].pk},
    "dues:notice_docx": lambda objs: {"pk": objs["org"].pk, "member_pk": objs["member"].pk},
    "dues:member": lambda objs: {"pk": objs["org"].pk, "member_pk": objs["member"].pk},
    "dues:receipt": lambda objs: {"pk": objs["org"].pk, "payment_pk": objs["dues_payment"].pk},
}
LIST_ROUTES = {"dues:index"}
