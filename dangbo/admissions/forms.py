"""Forms of the admission pipeline: they only parse; the services judge (rules M1–M8, powers by level)."""

from django import forms

from dangbo.admissions import rules
from dangbo.admissions.choices import Group, Route, Source, Stage
from dangbo.admissions.models import ScreeningDecision
from dangbo.members.choices import Gender, GeneralEducation, MemberCategory
from dangbo.orgs.forms import date_field


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class FilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên, CCCD (không cần dấu)", required=False)
    tinh_trang = forms.ChoiceField(label="Tình trạng", required=False, choices=[("", "Tất cả"), *Stage.choices])

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class CandidateForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    date_of_birth = date_field("Ngày sinh")
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    ethnicity = forms.CharField(label="Dân tộc", max_length=40, initial="Kinh")
    religion = forms.CharField(label="Tôn giáo", max_length=40, initial="Không", required=False)
    hometown = forms.CharField(label="Quê quán", max_length=200, required=False)
    residence = forms.CharField(label="Nơi cư trú", max_length=200, required=False)
    cccd = forms.CharField(label="Số CCCD", max_length=12, required=False)
    general_education = forms.ChoiceField(label="Giáo dục phổ thông", choices=GeneralEducation.choices)
    occupation = forms.CharField(label="Nghề nghiệp", max_length=120, required=False)
    category = forms.ChoiceField(label="Đối tượng", choices=MemberCategory.choices, initial=MemberCategory.OTHER)
    source = forms.ChoiceField(label="Nguồn", choices=Source.choices, initial=Source.OTHER)
    groups = forms.MultipleChoiceField(label="Thuộc nhóm", choices=Group.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    listed_on = date_field("Ngày đưa vào danh sách quần chúng ưu tú")
    helper = MemberChoiceField(label="Đảng viên được phân công giúp đỡ", queryset=None, required=False,
                               empty_label="— chưa phân công —")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = members

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "helper"}
        return {"data": data, "helper": self.cleaned_data.get("helper")}


class StepForm(forms.Form):
    """One step of the file: its date, document, who decided, the note (the reason a late step needs) and the
    facts its rule needs."""

    date = date_field("Ngày")
    document_ref = forms.CharField(label="Văn bản (số, ngày)", max_length=120, required=False)
    decided_by = forms.CharField(label="Cơ quan, người quyết định", max_length=200, required=False)
    note = forms.CharField(label="Ghi chú, lý do (bắt buộc khi quá hạn, quá tuổi, chưa đủ học vấn)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, prefix=step, **kwargs)
        self.step = step
        self.label = rules.STEPS[step]
        if step == rules.COURSE:
            self.fields["issued_on"] = date_field("Ngày cấp giấy chứng nhận")
        elif step == rules.CELL_VOTE:
            self.fields["yes"] = forms.IntegerField(label="Số đảng viên chính thức tán thành", min_value=0,
                                                    error_messages={"required": "Phải nhập số tán thành."})
            self.fields["eligible"] = forms.IntegerField(label="Tổng số đảng viên chính thức của chi bộ", min_value=1,
                                                         error_messages={"required": "Phải nhập tổng số."})
        elif step == rules.DECISION:
            self.fields["extension_days"] = forms.IntegerField(
                label="Số ngày làm việc được kéo dài (nếu có, tối đa 30)", min_value=0,
                max_value=rules.EXTENSION_DAYS, required=False)
        elif step == rules.CEREMONY:
            self.fields["received_on"] = date_field("Ngày chi bộ nhận quyết định kết nạp", required=False)

    def service_data(self) -> dict:
        c = self.cleaned_data
        detail = {}
        if self.step == rules.COURSE:
            detail["issued_on"] = c["issued_on"]
        elif self.step == rules.CELL_VOTE:
            detail.update(yes=c["yes"], eligible=c["eligible"])
        elif self.step == rules.DECISION:
            detail["extension_days"] = c.get("extension_days") or 0
        elif self.step == rules.CEREMONY and c.get("received_on"):
            detail["received_on"] = c["received_on"]
        return {"step": self.step, "date": c["date"], "document_ref": c["document_ref"],
                "decided_by": c["decided_by"], "note": c["note"], "detail": detail}


class IntroducerForm(forms.Form):
    member = MemberChoiceField(label="Đảng viên chính thức giới thiệu", queryset=None,
                               error_messages={"required": "Phải chọn đảng viên giới thiệu.",
                                               "invalid_choice": "Đảng viên này không phải đảng viên chính thức "
                                                                 "của chi bộ."})
    route = forms.ChoiceField(label="Hình thức giới thiệu", choices=Route.choices)
    together_since = date_field("Cùng công tác, học tập, cư trú từ ngày")
    given_on = date_field("Ngày giới thiệu")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, prefix="intro", **kwargs)
        self.fields["member"].queryset = members


# --- the committees' work pages -----------------------------------------------------------------------------------

class PlanForm(forms.Form):
    """A child org's admission quota for the year, set by its direct superior."""

    quota = forms.IntegerField(label="Chỉ tiêu kết nạp", min_value=0,
                               error_messages={"required": "Phải nhập chỉ tiêu kết nạp.",
                                               "invalid": "Chỉ tiêu kết nạp phải là số nguyên.",
                                               "min_value": "Chỉ tiêu kết nạp phải là số nguyên không âm."})
    decided_on = date_field("Ngày giao")
    document_ref = forms.CharField(label="Văn bản giao chỉ tiêu", max_length=120, required=False)

    def __init__(self, *args, org_pk: int, **kwargs):
        super().__init__(*args, prefix="plan", auto_id=f"id_plan{org_pk}_%s", **kwargs)


class RecognitionForm(forms.Form):
    """The competent committee's recognition of a probationary member after the cell's vote (M7, M8)."""

    vote_on = date_field("Ngày chi bộ biểu quyết")
    yes = forms.IntegerField(label="Số đảng viên chính thức tán thành", min_value=0,
                             error_messages={"required": "Phải nhập số tán thành."})
    eligible = forms.IntegerField(label="Tổng số đảng viên chính thức của chi bộ", min_value=1,
                                  error_messages={"required": "Phải nhập tổng số."})
    attempt = forms.IntegerField(label="Lần biểu quyết", min_value=1, initial=1)
    decision_ref = forms.CharField(label="Số quyết định công nhận", max_length=120,
                                   error_messages={"required": "Chưa nhập số quyết định công nhận."})
    decided_on = date_field("Ngày quyết định")
    note = forms.CharField(label="Ghi chú, lý do (bắt buộc khi quá hạn)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, member_pk: int, **kwargs):
        super().__init__(*args, prefix="rec", auto_id=f"id_rec{member_pk}_%s", **kwargs)


class ProbationStrikeOffForm(forms.Form):
    """M9: not recognized — struck off the probationary list by the competent committee."""

    decided_on = date_field("Ngày quyết định")
    decision_ref = forms.CharField(label="Số quyết định", max_length=120,
                                   error_messages={"required": "Chưa nhập số quyết định."})
    reason = forms.CharField(label="Lý do không công nhận", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Chưa nhập lý do không công nhận."})

    def __init__(self, *args, member_pk: int, **kwargs):
        super().__init__(*args, prefix="off", auto_id=f"id_off{member_pk}_%s", **kwargs)


class ScreeningForm(forms.Form):
    """The outcome of considering a member found by the screening (M11)."""

    outcome = forms.ChoiceField(label="Kết quả", choices=ScreeningDecision.Outcome.choices)
    decided_on = date_field("Ngày quyết định")
    reasons = forms.CharField(label="Lý do rà soát", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Chưa ghi lý do rà soát."})
    decision_ref = forms.CharField(label="Số quyết định (khi xóa tên, cho ra khỏi Đảng)", max_length=120,
                                   required=False)
    note = forms.CharField(label="Ghi chú (bắt buộc khi giữ lại: lý do, biện pháp giáo dục)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, member_pk: int, **kwargs):
        super().__init__(*args, prefix="scr", auto_id=f"id_scr{member_pk}_%s", **kwargs)


# --- stopping a case, replacing an introducer (issue 9) -----------------------------------------------------------

class StopForm(forms.Form):
    """Stop considering the candidate (dừng xem xét), with the reason."""

    on = date_field("Ngày dừng xem xét")
    reason = forms.CharField(label="Lý do dừng xem xét", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Chưa ghi lý do dừng xem xét."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="stop", **kwargs)


class ReplaceIntroducerForm(forms.Form):
    """Another official member in place of an introducer who moved away, died or was disciplined (M3)."""

    member = MemberChoiceField(label="Đảng viên chính thức giới thiệu thay", queryset=None,
                               error_messages={"required": "Phải chọn đảng viên giới thiệu thay.",
                                               "invalid_choice": "Đảng viên này không phải đảng viên chính thức "
                                                                 "của chi bộ."})
    on = date_field("Ngày thay")
    together_since = date_field("Cùng công tác, học tập, cư trú từ ngày")
    note = forms.CharField(label="Lý do thay", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Chưa ghi lý do thay người giới thiệu."})

    def __init__(self, *args, introduction_pk: int, members, **kwargs):
        super().__init__(*args, prefix=f"rep{introduction_pk}", **kwargs)
        self.introduction_pk = introduction_pk
        self.fields["member"].queryset = members
