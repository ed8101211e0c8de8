"""The rules of the member-work registers (FORMS.md §2 Biểu 7, §3; RULES.md M10, M16). Pure: plain values in, a
verdict out (a refusal naming its field, or a ``Notice`` allowed once its reason is written)."""

import datetime as dt

from dangbo.admissions.rules import BADGE_YEARS
from dangbo.core.dates import format_date
from dangbo.core.rules import Notice, Rule, RuleViolation
from dangbo.members.rules import SENIORITY
from dangbo.memberwork.choices import CardKind, Recipient, RewardForm

REWARD = Rule("KT", "Biểu số 7-BTCTW, phần I (khen thưởng tổ chức đảng và đảng viên)")
CARD = Rule("THE", "Hướng dẫn về công tác đảng viên (phát, cấp lại, đổi thẻ đảng viên); Biểu số 7-BTCTW, phần III")
BADGE = SENIORITY  # M16 with M10: the steps and the seniority they count

# the forms Biểu 7 has a row for, by recipient: a reward of another form could not be reported
ALLOWED_FORMS: dict[str, tuple[str, ...]] = {
    Recipient.ABOVE_GRASSROOTS: (RewardForm.FLAG, RewardForm.CERTIFICATE),
    Recipient.GRASSROOTS: (RewardForm.FLAG, RewardForm.CERTIFICATE, RewardForm.MERIT),
    Recipient.SECTION: (RewardForm.CERTIFICATE, RewardForm.MERIT),
    Recipient.MEMBER: (RewardForm.CERTIFICATE, RewardForm.MERIT),
}
ABOVE_LEVELS = ("central", "province", "district")
CARD_DIGITS = 20  # Member.card_number; from 2025 the card number is the 12-digit identity number (FORMS.md §3)


def recipient_of(*, level_code: str | None = None, is_grassroots: bool = False, is_party_group: bool = False,
                 member: bool = False) -> str:
    """The Biểu 7 group of a reward's recipient: a member, or an org by its type (tổ đảng: no row, refused)."""
    if member:
        return Recipient.MEMBER
    if is_party_group:
        raise RuleViolation(REWARD, "Tổ đảng không thuộc đối tượng khen thưởng tổ chức đảng của Biểu số 7.",
                            field="recipient_org")
    if is_grassroots:
        return Recipient.GRASSROOTS
    if level_code in ABOVE_LEVELS:
        return Recipient.ABOVE_GRASSROOTS
    return Recipient.SECTION


def check_reward_form(recipient: str, form: str) -> None:
    allowed = ALLOWED_FORMS[recipient]
    if form not in allowed:
        words = ", ".join(RewardForm(f).label.lower() for f in allowed)
        raise RuleViolation(REWARD, f"{Recipient(recipient).label} chỉ được ghi các hình thức {words} (Biểu số 7 "
                            f"không có dòng “{RewardForm(form).label.lower()}” cho đối tượng này).", field="form")


def check_badge_years(years: int) -> None:
    if years not in BADGE_YEARS:
        steps = ", ".join(str(n) for n in BADGE_YEARS)
        raise RuleViolation(BADGE, f"Huy hiệu Đảng chỉ có các mốc {steps} năm tuổi đảng; không có mốc {years} năm.",
                            field="years")


def badge_notice(*, years: int, seniority: tuple[int, int] | None, on: dt.date) -> Notice | None:
    """The member's seniority on the award day (M10) below the step (M16): allowed with a recorded reason (an
    early award, e.g. for serious illness, is decided by the competent committee), never silently."""
    if seniority is None:
        return Notice(BADGE, f"Ngày {format_date(on)} đồng chí chưa là đảng viên chính thức nên chưa tính tuổi đảng; "
                      f"chưa đủ {years} năm tuổi đảng.")
    full, months = seniority
    if full < years:
        return Notice(BADGE, f"Ngày {format_date(on)} đồng chí có {full} năm {months} tháng tuổi đảng, chưa đủ "
                      f"{years} năm để nhận Huy hiệu {years} năm tuổi Đảng.")
    return None


def clean_card_number(raw: str) -> str:
    """The card number as stored: spaces and dots dropped; digits only, at most 20."""
    number = "".join(raw.replace(".", " ").split())
    if not number:
        raise RuleViolation(CARD, "Phải ghi số thẻ đảng viên.", field="card_number")
    if not number.isdigit() or len(number) > CARD_DIGITS:
        raise RuleViolation(CARD, f"Số thẻ đảng viên “{raw.strip()}” không hợp lệ: chỉ gồm chữ số, tối đa "
                            f"{CARD_DIGITS} chữ số.", field="card_number")
    return number


def check_card(*, kind: str, on: dt.date, official_on: dt.date | None, registered: bool,
               first_issued_on: dt.date | None) -> None:
    """A card goes to a member on a cell's list that day; a first card only to an official member (probationary
    members get none), and only once — a later card is a reissue after loss or a replacement."""
    if not registered:
        raise RuleViolation(CARD, f"Ngày {format_date(on)} đồng chí không sinh hoạt tại chi bộ nào: không thể phát, "
                            "cấp lại hay đổi thẻ.", field="issued_on")
    if kind != CardKind.FIRST:
        return
    if official_on is None or official_on > on:
        when = f" (chính thức từ {format_date(official_on)})" if official_on else ""
        raise RuleViolation(CARD, f"Ngày {format_date(on)} đồng chí chưa là đảng viên chính thức{when}: chỉ phát thẻ "
                            "cho đảng viên chính thức.", field="issued_on")
    if first_issued_on is not None:
        raise RuleViolation(CARD, f"Đồng chí đã được phát thẻ lần đầu ngày {format_date(first_issued_on)}; thẻ mới "
                            "là cấp lại (mất) hoặc đổi (hư hỏng).", field="kind")
