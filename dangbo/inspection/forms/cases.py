"""Forms of the programme, plan and case pages: they only parse; the services judge (K1–K4, scope)."""

from django import forms

from dangbo.inspection.choices import Body, CaseBody, Origin, ProgrammeKind, Step, WorkKind
from dangbo.inspection.selectors.pages import STATUSES
from dangbo.orgs.forms import date_field


def _choice(label, choices, blank=None, required=True):
    return forms.ChoiceField(label=label, choices=([("", blank)] if blank else []) + list(choices), required=required,
                             error_messages={"invalid_choice": f"{label} không hợp lệ.",
                                             "required": f"Phải chọn {label.lower()}."})


def _year(label, required=False):
    return forms.IntegerField(label=label, required=required, min_value=1945, max_value=2100,
                              error_messages={"invalid": f"{label} phải là số.", "required": f"Phải ghi {label.lower()}.",
                                              "min_value": f"{label} từ 1945.", "max_value": f"{label} đến 2100."})


class ProgrammeFilterForm(forms.Form):
    kind = _choice("Loại", ProgrammeKind.choices, blank="Tất cả", required=False)
    year = _year("Năm")


class ProgrammeForm(forms.Form):
    kind = _choice("Loại", ProgrammeKind.choices)
    body = _choice("Chủ thể", [(Body.COMMITTEE, Body.COMMITTEE.label), (Body.STANDING, Body.STANDING.label),
                               (Body.COMMISSION, Body.COMMISSION.label)])
    title = forms.CharField(label="Tên chương trình, kế hoạch", max_length=255, required=False)
    year = _year("Năm (kế hoạch năm)")
    first_year = _year("Từ năm (chương trình nhiệm kỳ)")
    last_year = _year("Đến năm (chương trình nhiệm kỳ)")
    adopted_on = date_field("Ngày ban hành", required=False)
    document_number = forms.CharField(label="Số văn bản", max_length=60, required=False)


class PlanItemForm(forms.Form):
    kind = _choice("Loại công việc", WorkKind.choices)
    topic = forms.CharField(label="Nội dung", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    month = forms.IntegerField(label="Tháng", required=False, min_value=1, max_value=12,
                               error_messages={"min_value": "Tháng từ 1 đến 12.", "max_value": "Tháng từ 1 đến 12.",
                                               "invalid": "Tháng phải là số."})
    quarter = forms.IntegerField(label="Quý", required=False, min_value=1, max_value=4,
                                 error_messages={"min_value": "Quý từ 1 đến 4.", "max_value": "Quý từ 1 đến 4.",
                                                 "invalid": "Quý phải là số."})
    member = forms.IntegerField(required=False)
    recipient_org = forms.IntegerField(required=False)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên đối tượng", max_length=100, required=False)
    kind = _choice("Loại công việc", WorkKind.choices, blank="Tất cả", required=False)
    status = _choice("Tình trạng", STATUSES, blank="Tất cả", required=False)
    year = _year("Năm quyết định")


class CaseForm(forms.Form):
    body = _choice("Chủ thể", CaseBody.choices)
    kind = _choice("Loại công việc", WorkKind.choices)
    origin = _choice("Theo kế hoạch / đột xuất", Origin.choices)
    topic = forms.CharField(label="Nội dung", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False)
    decided_on = date_field("Ngày quyết định", required=False)
    team = forms.CharField(label="Đoàn (tổ) kiểm tra, giám sát", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    member = forms.IntegerField(required=False)
    recipient_org = forms.IntegerField(required=False)
    subjects = forms.CharField(required=False, widget=forms.HiddenInput)  # where the service names the subjects


class StepForm(forms.Form):
    step = _choice("Bước", Step.choices)
    date = date_field("Ngày", required=False)
    document_number = forms.CharField(label="Số văn bản", max_length=60, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConclusionForm(forms.Form):
    concluded_on = date_field("Ngày kết luận", required=False)
    conclusion = forms.CharField(label="Nội dung kết luận", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    violation_found = forms.BooleanField(label="Có vi phạm", required=False)


class FollowUpForm(forms.Form):
    recommendation = forms.CharField(label="Kiến nghị", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = date_field("Thời hạn", required=False)
    subject = forms.IntegerField(label="Tổ chức, đảng viên thực hiện", required=False)


class FollowUpCloseForm(forms.Form):
    done_on = date_field("Ngày hoàn thành", required=False)
    note = forms.CharField(label="Ghi chú", required=False)
