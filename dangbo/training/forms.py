"""Forms of the training pages: they only parse; the services judge (T1–T4, scope)."""

from django import forms

from dangbo.orgs.forms import date_field
from dangbo.training.choices import CourseKind, Result


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="Loại lớp", choices=[("", "Tất cả")] + CourseKind.choices, required=False)
    year = forms.IntegerField(label="Năm", required=False, min_value=1945, max_value=2100)


class ClassForm(forms.Form):
    kind = forms.ChoiceField(label="Loại lớp", choices=CourseKind.choices,
                             error_messages={"invalid_choice": "Loại lớp không hợp lệ."})
    name = forms.CharField(label="Tên lớp", max_length=200, error_messages={"required": "Phải ghi tên lớp."})
    institution = forms.CharField(label="Đơn vị tổ chức (cơ sở đào tạo; để trống: tổ chức mở lớp)",
                                  max_length=200, required=False)
    starts_on = date_field("Ngày khai giảng")
    ends_on = date_field("Ngày bế giảng")
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)


class EnrolForm(forms.Form):
    member = forms.IntegerField(required=False)
    candidate = forms.IntegerField(required=False)


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="Kết quả", choices=Result.choices,
                               error_messages={"invalid_choice": "Kết quả không hợp lệ."})
    certificate_number = forms.CharField(label="Số giấy chứng nhận", max_length=60, required=False)
    certificate_date = date_field("Ngày cấp", required=False)


class NeedsForm(forms.Form):
    on = date_field("Tính đến ngày", required=False)
