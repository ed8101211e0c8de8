"""Forms of the committees above the cells: schedule rules, scoring sheets (criteria as rows, no JSON), the cell's
topic plan and its approval, the members assigned to attend, the six-monthly check. They only parse: the services
judge (rules.check_schedule, rules.check_sheet…) and their Vietnamese refusals land on the named field."""

from django import forms

from dangbo.meetings.choices import MeetingKind, ScheduleKind
from dangbo.orgs.forms import date_field

YEAR_BOUNDS = {"min_value": 2000, "max_value": 2100}


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(label="Loại lịch", choices=ScheduleKind.choices, widget=forms.RadioSelect,
                             initial=ScheduleKind.FIXED_DAY)
    start_day = forms.IntegerField(
        label="Ngày sinh hoạt (ngày cố định) hoặc từ ngày", min_value=-28, max_value=31, initial=3,
        help_text="3 = ngày mùng 3; số âm đếm từ cuối tháng: -7 = tuần cuối tháng, -1 = ngày cuối tháng.")
    end_day = forms.IntegerField(label="Chậm nhất ngày (khoảng thời gian)", min_value=1, max_value=31,
                                 required=False)
    ends_next_month = forms.BooleanField(label="Hạn chót sang tháng sau (vd: chậm nhất ngày 10 tháng sau)",
                                         required=False)
    valid_from = date_field("Áp dụng từ ngày")
    decision_ref = forms.CharField(label="Văn bản quy định (số, ngày)", max_length=120, required=False)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


BOTTOM_LABELS = [("Kém", "Kém"), ("Yếu", "Yếu")]


class SheetForm(forms.Form):
    name = forms.CharField(label="Tên phiếu", max_length=200)
    kind = forms.ChoiceField(label="Áp dụng cho", choices=MeetingKind.choices, initial=MeetingKind.REGULAR)
    decision_ref = forms.CharField(label="Văn bản ban hành", max_length=120, required=False)
    valid_from = date_field("Áp dụng từ ngày")
    good_from = forms.IntegerField(label="Tốt từ (điểm)", min_value=0, max_value=1000, initial=90)
    fair_from = forms.IntegerField(label="Khá từ (điểm)", min_value=0, max_value=1000, initial=70)
    average_from = forms.IntegerField(label="Trung bình từ (điểm)", min_value=0, max_value=1000, initial=50)
    bottom_label = forms.ChoiceField(label="Mức thấp nhất", choices=BOTTOM_LABELS, initial="Kém")


class CriterionForm(forms.Form):
    code = forms.SlugField(label="Mã", max_length=30, required=False, widget=forms.TextInput(attrs={"size": 12}),
                           error_messages={"invalid": "Mã chỉ gồm chữ không dấu, số, gạch nối."})
    name = forms.CharField(label="Tiêu chí", max_length=300, required=False,
                           widget=forms.TextInput(attrs={"style": "width: 100%"}))
    points = forms.IntegerField(label="Điểm tối đa", min_value=1, max_value=1000, required=False,
                                widget=forms.NumberInput(attrs={"style": "width: 5rem"}))
    must_full = forms.BooleanField(label="Bắt buộc đủ điểm để xếp Tốt", required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("points"):
            self.add_error("points", "Tiêu chí cần điểm tối đa.")
        if data.get("points") and not data.get("name"):
            self.add_error("name", "Cần ghi tên tiêu chí.")
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=3, max_num=60, absolute_max=80)


def criteria_of(formset) -> list[dict]:
    """The filled rows of a valid criteria formset, in order; a row without a code gets ``tc<n>``."""
    out = []
    for n, row in enumerate((f.cleaned_data for f in formset.forms if f.cleaned_data.get("name")), start=1):
        out.append({"code": row.get("code") or f"tc{n}", "name": row["name"].strip(), "points": row["points"],
                    "must_full": bool(row.get("must_full"))})
    return out


class TopicForm(forms.Form):
    quarter = forms.TypedChoiceField(label="Quý", coerce=int, choices=[(q, f"Quý {q}") for q in (1, 2, 3, 4)])
    title = forms.CharField(label="Chuyên đề", max_length=255, required=False,
                            widget=forms.TextInput(attrs={"style": "width: 100%"}))


TopicFormSet = forms.formset_factory(TopicForm, extra=0, max_num=40, absolute_max=60)


class ApproveForm(forms.Form):
    approved_on = date_field("Ngày cấp trên duyệt")
    approved_ref = forms.CharField(label="Văn bản duyệt (số, ngày)", max_length=120, required=False)


class AssignForm(forms.Form):
    member = forms.TypedChoiceField(label="Cấp ủy viên cấp trên", coerce=int, empty_value=None)
    valid_from = date_field("Từ ngày")

    def __init__(self, *args, seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "— chọn cấp ủy viên —")] + [
            (s.member_id, f"{s.member.full_name} — {s.get_post_display()}, {s.committee.term.org.name}")
            for s in seats]


class EndForm(forms.Form):
    valid_to = date_field("Thôi từ ngày")


HALVES = [(1, "6 tháng đầu năm"), (2, "6 tháng cuối năm")]


class HalfFilterForm(forms.Form):
    year = forms.IntegerField(label="Năm", **YEAR_BOUNDS)
    half = forms.TypedChoiceField(label="Kỳ", coerce=int, choices=HALVES)
    thieu = forms.BooleanField(label="Chỉ hiện chi bộ chưa kiểm tra", required=False)


class CheckForm(forms.Form):
    year = forms.IntegerField(label="Năm", **YEAR_BOUNDS)
    half = forms.TypedChoiceField(label="Kỳ kiểm tra", coerce=int, choices=HALVES)
    checked_on = date_field("Ngày kiểm tra")
    findings = forms.CharField(label="Kết quả, nhận xét", widget=forms.Textarea(attrs={"rows": 4}))


class YearForm(forms.Form):
    year = forms.IntegerField(label="Năm", **YEAR_BOUNDS)
