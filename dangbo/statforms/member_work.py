"""Biểu số 7-BTCTW "Nghiệp vụ công tác đảng viên" (FORMS.md §2, yearly): rewards by form and recipient, Huy hiệu
Đảng by step, party cards by kind, transfers out and in — each within the period, for the subtree of the reporting
org **as it stood at the period's end** (the orgs placed under it that day).

A reward, an award or a card is counted in the org its row names (``memberwork.models``: the rewarded org, or the
cell the member was registered in on the day). Transfers come from the letters (``transfers.models``): out — a
letter issued in the period for a member of a cell of the subtree; in — a letter the subtree's cell confirmed
(received) in the period. A move between two cells of the subtree is both: the form counts the work of issuing
and of receiving, not the change of the org's list (that is Biểu 1, B2 / C5).

Rows the data cannot give are in ``NOT_DERIVABLE`` with the reason, never guessed (their figure stays 0)."""

import datetime as dt

from dangbo.accounts.scope import scope_for
from dangbo.admissions.rules import BADGE_YEARS
from dangbo.memberwork import rules as work_rules
from dangbo.memberwork.choices import CardKind, Recipient, RewardForm
from dangbo.memberwork.models import BadgeAward, CardIssue, Reward
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.statforms.flows import Flows
from dangbo.transfers.choices import LetterKind
from dangbo.transfers.models import TransferLetter

# part I: recipient group -> its row, and (group, form) -> the row of that form
GROUP_ROWS = {Recipient.ABOVE_GRASSROOTS: "I1", Recipient.GRASSROOTS: "I2", Recipient.SECTION: "I3",
              Recipient.MEMBER: "I4"}
FORM_LETTERS = {RewardForm.FLAG: "a", RewardForm.CERTIFICATE: "b", RewardForm.MERIT: "c"}
# one letter names one form on every group: I1a cờ, I2b bằng khen, I4c giấy khen (sections and members have no "a")
BADGE_ROWS = {n: f"II{n}" for n in BADGE_YEARS}
CARD_ROWS = {CardKind.FIRST: "III1", CardKind.LOST: "III2", CardKind.DAMAGED: "III3"}
TRANSFER_ROWS = {(LetterKind.TEMPORARY, "out"): "IV1", (LetterKind.TEMPORARY, "in"): "IV2",
                 (LetterKind.OFFICIAL, "out"): "IV3", (LetterKind.OFFICIAL, "in"): "IV4"}

NOT_DERIVABLE: dict[str, str] = {
    "IV5": ("Chuyển sinh hoạt đảng đến không đúng quy định: giấy giới thiệu chỉ ghi lại việc chuyển đúng thủ tục "
            "(cấp ủy có thẩm quyền cấp, nơi đến xác nhận); không có dữ liệu nào đánh dấu một việc chuyển đến là sai "
            "quy định."),
    "IV6": ("Chuyển sinh hoạt đảng đi không đúng quy định: như IV5, hệ thống chỉ cấp giấy đúng thẩm quyền (M14) "
            "và không ghi việc chuyển đi sai quy định."),
    "IV7": ("Phát hiện giả mạo qua giấy giới thiệu sinh hoạt đảng: không có bản ghi kết quả kiểm tra, phát hiện "
            "giả mạo giấy giới thiệu."),
}


def reward_row(recipient: str, form: str) -> str:
    return GROUP_ROWS[recipient] + FORM_LETTERS[form]


def member_work(*, user, org: Org, start: dt.date, end: dt.date) -> Flows:
    """Biểu 7 of ``org`` for ``start``…``end`` (both included): members behind the member figures, orgs behind the
    org figures. Six queries whatever the subtree's size."""
    scope_for(user).require_path(org.path)
    inside = subtree_org_ids_on(org=org, on=end)
    out = Flows()
    rewards = (Reward.objects.filter(org_id__in=inside, awarded_on__gte=start, awarded_on__lte=end)
               .values_list("org_id", "member_id", "form", "org__type__level__code", "org__type__is_grassroots",
                            "org__type__is_party_group").order_by("awarded_on", "id"))
    for org_id, member_id, form, level, grassroots, party_group in rewards:
        if member_id is not None:
            recipient = Recipient.MEMBER
        else:
            recipient = work_rules.recipient_of(level_code=level, is_grassroots=grassroots,
                                                is_party_group=party_group)
        for key in ("I", GROUP_ROWS[recipient], reward_row(recipient, form)):
            if member_id is not None:
                out.add(key, member_id)
            else:
                out.add_org(key, org_id)
    for member_id, years in BadgeAward.objects.filter(org_id__in=inside, awarded_on__gte=start,
                                                      awarded_on__lte=end).values_list("member_id", "years"):
        out.add("II", member_id)
        out.add(BADGE_ROWS[years], member_id)
    for member_id, kind in CardIssue.objects.filter(org_id__in=inside, issued_on__gte=start,
                                                    issued_on__lte=end).values_list("member_id", "kind"):
        out.add("III", member_id)
        out.add(CARD_ROWS[kind], member_id)
    gone = TransferLetter.objects.filter(from_org_id__in=inside, issued_on__gte=start, issued_on__lte=end)
    came = TransferLetter.objects.filter(to_org_id__in=inside, received_on__gte=start, received_on__lte=end)
    for direction, letters in (("out", gone), ("in", came)):
        for member_id, kind in letters.values_list("member_id", "kind").order_by("id"):
            out.add("IV", member_id)
            out.add(TRANSFER_ROWS[(kind, direction)], member_id)
    return out
