"""Forms of the member-work pages: they only parse; the services judge (the rows of Biểu 7, M10/M16, powers)."""

from django import forms

from dangbo.admissions.rules import BADGE_YEARS
from dangbo.memberwork.choices import CardKind, RewardForm, RewardLevel
from dangbo.orgs.forms import date_field

MEMBER = "member"
ORG = "org"
RECIPIENTS = [(MEMBER, "Một đảng viên"), (ORG, "Một tổ chức đảng")]


def _text(label: str, max_length: int, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required,
                           error_messages={"required": f"Phải ghi {label.lower()}.",
                                           "max_length": f"{label} dài quá {max_length} ký tự."})


def _note(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    tu = date_field("Từ ngày", required=False)
    den = date_field("Đến ngày", required=False)
    q = forms.CharField(label="Tìm theo tên", required=False)

    def value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None


class _Picked(forms.Form):
    """The member (or org) chosen with the type-ahead picker: its id, read through the user's scope by the view."""

    member = forms.IntegerField(label="Đảng viên", required=False,
                                error_messages={"invalid": "Đảng viên được chọn không hợp lệ."})


class RewardRecordForm(_Picked):
    recipient = forms.ChoiceField(label="Đối tượng được khen", choices=RECIPIENTS, initial=MEMBER,
                                  widget=forms.RadioSelect)
    recipient_org = forms.IntegerField(label="Tổ chức đảng được khen", required=False,
                                       error_messages={"invalid": "Tổ chức được chọn không hợp lệ."})
    form = forms.ChoiceField(label="Hình thức", choices=RewardForm.choices,
                             error_messages={"invalid_choice": "Hình thức khen thưởng không hợp lệ."})
    level = forms.ChoiceField(label="Cấp khen thưởng", choices=RewardLevel.choices,
                              error_messages={"invalid_choice": "Cấp khen thưởng không hợp lệ."})
    awarded_on = date_field("Ngày quyết định")
    decision_ref = _text("Số quyết định", 80, required=True)
    decided_by = _text("Cơ quan quyết định", 200, required=True)
    reason = _text("Thành tích", 255)
    note = _note("Ghi chú")


class BadgeRecordForm(_Picked):
    years = forms.TypedChoiceField(label="Huy hiệu", coerce=int, choices=[(n, f"Huy hiệu {n} năm tuổi Đảng")
                                                                          for n in BADGE_YEARS],
                                   error_messages={"invalid_choice": "Mốc Huy hiệu không hợp lệ."})
    awarded_on = date_field("Ngày trao")
    decision_ref = _text("Số quyết định", 80, required=True)
    decided_by = _text("Cơ quan quyết định", 200)
    note = _note("Ghi chú, lý do (bắt buộc khi chưa đủ tuổi đảng)")


class CardRecordForm(_Picked):
    kind = forms.ChoiceField(label="Loại", choices=CardKind.choices,
                             error_messages={"invalid_choice": "Loại phát thẻ không hợp lệ."})
    issued_on = date_field("Ngày phát thẻ")
    card_number = _text("Số thẻ đảng viên", 40, required=True)
    decision_ref = _text("Số quyết định", 80)
    note = _note("Ghi chú")
