"""Out-of-scope cases of the transfer pages (collected by accounts/tests/test_scope_routes.py): a temporary letter
of the victim (cell1) to an org outside the system, so no outsider is its sending, issuing or receiving side and
the victim stays on cell1's list for the other apps' cases."""

import datetime as dt

from dangbo.transfers import services
from dangbo.transfers.choices import LetterKind, Reason

ISSUED = dt.date(2024, 3, 4)


def setup(tree, objs):
    objs["letter"] = services.letter_issue(
        actor=tree.actor, member=objs["member"], kind=LetterKind.TEMPORARY, issued_on=ISSUED, reason=Reason.STAY,
        to_external="Chi bộ Công ty Bí Mật, Đảng bộ khối doanh nghiệp tỉnh Bình Dương",
        stay_until=dt.date(2024, 9, 30)).letter


def _letter(objs):
    return {"pk": objs["letter"].pk}


ROUTES = {
    "transfers:detail": _letter,
    "transfers:docx": _letter,
    "transfers:receive": _letter,
    "transfers:issue": lambda objs: {"pk": objs["member"].pk},
}
# the destination picker lists names of active cells of the whole system on purpose (see views.cell_picker);
# "bi mat" matches no cell's name, and the victim's cell is not named by that query
LIST_ROUTES = {"transfers:list", "transfers:not_arrived", "transfers:cell_picker"}
