"""Forms of the member dues page (RULES D1, D4): they only parse — months as mm/yyyy, money as whole đồng with
or without thousand dots; the services judge everything else and their refusals land on the named field."""

import datetime as dt
import re

from django import forms

from dangbo.dues.choices import BasisCategory, Region, ReliefKind
from dangbo.orgs.forms import date_field

MONTH = re.compile(r"^\s*(\d{1,2})/(\d{4})\s*$")


class MonthField(forms.CharField):
    def __init__(self, label, **kwargs):
        super().__init__(label=label, max_length=7, widget=forms.TextInput(
            attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"}), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        match = MONTH.match(value or "")
        if not match or not 1 <= int(match[1]) <= 12:
            raise forms.ValidationError(f"{self.label} phải có dạng mm/yyyy.")
        return dt.date(int(match[2]), int(match[1]), 1)


class MoneyField(forms.CharField):
    """Whole đồng: "7.000.000" or "7000000"; empty is None."""

    def __init__(self, label, **kwargs):
        super().__init__(label=label, required=False, max_length=20,
                         widget=forms.TextInput(attrs={"inputmode": "numeric"}), **kwargs)

    def clean(self, value):
        digits = (super().clean(value) or "").replace(".", "").replace(" ", "")
        if not digits:
            return None
        if not digits.isdigit():
            raise forms.ValidationError(f"{self.label} phải là số đồng nguyên, không âm.")
        return int(digits)


def _required(label):
    return {"required": f"Phải ghi {label.lower()}."}


class DeclarationForm(forms.Form):
    category = forms.ChoiceField(label="Đối tượng đóng đảng phí", choices=BasisCategory.choices,
                                 error_messages={"invalid_choice": "Đối tượng đóng đảng phí không hợp lệ.",
                                                 **_required("Đối tượng đóng đảng phí")})
    basis = MoneyField("Số tiền làm căn cứ (đồng)")
    region = forms.TypedChoiceField(label="Vùng lương tối thiểu", choices=[("", "—"), *Region.choices],
                                    coerce=int, empty_value=None, required=False,
                                    error_messages={"invalid_choice": "Vùng lương tối thiểu không hợp lệ."})
    valid_from = MonthField("Áp dụng từ tháng", error_messages=_required("Tháng áp dụng"))
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class ReliefForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=ReliefKind.choices,
                             error_messages={"invalid_choice": "Hình thức miễn, giảm, chậm đóng không hợp lệ.",
                                             **_required("Hình thức")})
    percent = forms.TypedChoiceField(label="Mức giảm (%)", choices=[("", "—"), (30, "30%"), (50, "50%"), (70, "70%")],
                                     coerce=int, empty_value=None, required=False,
                                     error_messages={"invalid_choice": "Mức giảm đảng phí phải là 30%, 50% hoặc 70%."})
    from_month = MonthField("Từ tháng", error_messages=_required("Từ tháng"))
    to_month = MonthField("Đến tháng", error_messages=_required("Đến tháng"))
    decision_ref = forms.CharField(label="Số quyết định", max_length=80, error_messages=_required("Số quyết định"))
    decided_on = date_field("Ngày quyết định")
    reason = forms.CharField(label="Lý do", max_length=255, error_messages=_required("Lý do"))
