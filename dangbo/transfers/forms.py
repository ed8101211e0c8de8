"""Forms of the transfer pages: they only parse; the services judge (M14, powers by level)."""

from django import forms

from dangbo.orgs.forms import date_field
from dangbo.transfers.choices import LetterKind, LetterState, Reason
from dangbo.transfers.selectors import IN, OUT

DIRECTIONS = [(OUT, "Chuyển đi"), (IN, "Chuyển đến")]


class FilterForm(forms.Form):
    chieu = forms.ChoiceField(label="Chiều", required=False, choices=DIRECTIONS)
    tinh_trang = forms.ChoiceField(label="Tình trạng", required=False, choices=[("", "Tất cả"), *LetterState.choices])
    loai = forms.ChoiceField(label="Loại giấy", required=False, choices=[("", "Tất cả"), *LetterKind.choices])
    q = forms.CharField(label="Tìm theo tên đảng viên, số giấy", required=False)

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class ReceiveForm(forms.Form):
    received_on = date_field("Ngày đảng viên xuất trình, nhận sinh hoạt")
    note = forms.CharField(label="Ghi chú, lý do chậm (bắt buộc khi quá hạn)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class IssueForm(forms.Form):
    """The destination is a cell of the system (``to_org``, the id picked with the type-ahead) or an org outside
    it typed as text (``to_external``): the service refuses both or neither, on the ``to_org`` field."""

    kind = forms.ChoiceField(label="Loại giấy", choices=LetterKind.choices, initial=LetterKind.OFFICIAL)
    reason = forms.ChoiceField(label="Lý do", choices=Reason.choices, initial=Reason.NEW_JOB)
    issued_on = date_field("Ngày giới thiệu")
    to_org = forms.IntegerField(label="Chi bộ nơi đến (tìm trong hệ thống)", required=False)  # the picker's radio
    to_external = forms.CharField(label="…hoặc nơi đến ngoài hệ thống (ghi tên tổ chức đảng)", max_length=255,
                                  required=False)
    stay_until = date_field("Sinh hoạt tạm thời đến ngày", required=False)
    number = forms.CharField(label="Số giấy (để trống: tự cấp số)", max_length=40, required=False)
    decision_ref = forms.CharField(label="Quyết định, văn bản làm căn cứ", max_length=120, required=False)
    note = forms.CharField(label="Ghi chú, lý do (bắt buộc khi thời hạn tạm thời ngoài quy định)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "to_org"}
        return data | {k: data[k] or "" for k in ("to_external", "number", "decision_ref", "note")}
