"""Forms of the cell's work with its members (38-HD/BTCTW): a task and its result, the yearly commitment or
personal plan, the residence liaison. They only parse; the services judge."""

from django import forms

from dangbo.meetings.choices import PaperKind
from dangbo.meetings.selectors.work import ANY_MISSING, MISSING
from dangbo.orgs.forms import date_field


class MissingFilterForm(forms.Form):
    thieu = forms.ChoiceField(label="Lọc", required=False, choices=[
        ("", "Tất cả đảng viên"), (ANY_MISSING, "Còn thiếu ít nhất một việc"),
        *((code, label) for code, (label, _) in MISSING.items())])

    def missing(self) -> str:
        return self.cleaned_data.get("thieu", "") if self.is_valid() else ""


class TaskForm(forms.Form):
    title = forms.CharField(label="Nhiệm vụ được phân công", max_length=255)
    assigned_on = date_field("Ngày phân công")
    due_on = date_field("Thời hạn", required=False)


class TaskResultForm(forms.Form):
    result = forms.CharField(label="Kết quả", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    done_on = date_field("Ngày hoàn thành", required=False)


class PaperForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=PaperKind.choices)
    signed_on = date_field("Ngày ký")
    content = forms.CharField(label="Nội dung chính", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LiaisonForm(forms.Form):
    residence_cell = forms.IntegerField(required=False, widget=forms.HiddenInput)
    residence_cell_name = forms.CharField(label="…hoặc ghi tên chi bộ nơi cư trú (ngoài hệ thống)", max_length=200,
                                          required=False)
    introduced_on = date_field("Ngày giới thiệu về nơi cư trú", required=False)
    confirmed_on = date_field("Ngày chi ủy nơi cư trú nhận xét", required=False)
    comment = forms.CharField(label="Nhận xét của chi ủy nơi cư trú", widget=forms.Textarea(attrs={"rows": 2}),
                              required=False)
