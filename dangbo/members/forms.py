from django import forms

from dangbo.members import selectors
from dangbo.members.choices import (
    DisciplineForm,
    EventKind,
    Gender,
    LeaveReason,
    MemberCategory,
    MemberStatus,
    PoliticalTheory,
    PostKind,
)
from dangbo.members.models import Member
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.forms import OrgChoiceField, date_field
from dangbo.orgs.models import Org

PERSON_FIELDS = [
    "full_name", "date_of_birth", "gender", "ethnicity", "religion", "hometown", "residence", "cccd", "card_number",
    "profile_number", "general_education", "education_level", "political_theory", "occupation", "category",
    "is_youth_union",
]


class MemberForm(forms.ModelForm):
    date_of_birth = date_field("Ngày sinh")

    class Meta:
        model = Member
        fields = PERSON_FIELDS

    def clean_cccd(self):
        value = (self.cleaned_data.get("cccd") or "").strip()
        return value or None

    def validate_unique(self):
        """Left to the service: Django's check would say "đã tồn tại" for a CCCD held outside the user's scope
        (core.uniqueness decides what a refusal may tell)."""


class ApprovalFields(forms.Form):
    """The written approval an admission may need: over 60 (rule M1) or any re-admission (M12), with the day the
    cell considered the case (age is counted on it)."""

    considered_on = date_field("Ngày chi bộ xét kết nạp (tuổi đời tính đến ngày này)", required=False)
    approval = forms.CharField(label="Văn bản đồng ý của Ban Thường vụ tỉnh ủy (số)", required=False)
    approval_on = date_field("Ngày văn bản đồng ý", required=False)
    approval_by = forms.CharField(label="Cơ quan đồng ý", required=False)
    approval_reason = forms.CharField(label="Lý do (trường hợp đặc biệt)", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def approvals(self, rule: str) -> list[dict]:
        d = self.cleaned_data
        if not any(d.get(k) for k in ("approval", "approval_on", "approval_by", "approval_reason")):
            return []
        return [{"rule": rule, "decision_ref": d["approval"], "decided_on": d["approval_on"],
                 "decided_by": d["approval_by"], "reason": d["approval_reason"]}]


class MemberCreateForm(MemberForm, ApprovalFields):
    field_order = [*PERSON_FIELDS, "org", "admitted_on", "official_on", "external_org", "decision_ref"]
    org = OrgChoiceField(label="Chi bộ", queryset=Org.objects.none())
    admitted_on = date_field("Ngày vào Đảng (kết nạp)")
    official_on = date_field("Ngày chính thức", required=False)
    external_org = forms.CharField(label="Kết nạp tại tổ chức ngoài hệ thống (nếu có)", required=False)
    decision_ref = forms.CharField(label="Số quyết định kết nạp", required=False)

    def __init__(self, *args, cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = cells


class EventForm(ApprovalFields):
    field_order = ["kind", "date", "org", "external_org", "decision_ref", "decided_by", "note", "leave_reason",
                   "record_cleared_on", "follow_restructuring"]
    kind = forms.ChoiceField(label="Sự kiện", choices=EventKind.choices)
    date = date_field("Ngày")
    org = OrgChoiceField(label="Chi bộ (nơi chuyển đến, kết nạp, phục hồi)", queryset=Org.objects.none(),
                         required=False)
    external_org = forms.CharField(label="Tổ chức ngoài hệ thống (chuyển đi / đến)", required=False)
    decision_ref = forms.CharField(label="Số quyết định", required=False)
    decided_by = forms.CharField(label="Cơ quan quyết định", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    leave_reason = forms.ChoiceField(label="Lý do ra khỏi Đảng (xóa tên, cho ra khỏi Đảng, khai trừ)",
                                     choices=[("", "—"), *LeaveReason.choices], required=False)
    record_cleared_on = date_field("Ngày được xóa án tích (kết nạp lại)", required=False)
    follow_restructuring = forms.BooleanField(
        label="Ghi lùi ngày vào tổ chức đã sáp nhập: ghi luôn việc chuyển sang tổ chức nhận sáp nhập", required=False)

    def __init__(self, *args, cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = cells


class CorrectionForm(forms.Form):
    void = forms.BooleanField(label="Hủy sự kiện này (ghi nhầm)", required=False)
    date = date_field("Ngày đúng", required=False)
    note = forms.CharField(label="Lý do đính chính", widget=forms.Textarea(attrs={"rows": 2}))


class DisciplineFormForm(forms.Form):
    form = forms.ChoiceField(label="Hình thức kỷ luật", choices=[
        c for c in DisciplineForm.choices if c[0] != DisciplineForm.DISBANDMENT])
    date = date_field("Ngày quyết định")
    decided_by = forms.CharField(label="Cấp quyết định")
    decision_ref = forms.CharField(label="Số quyết định", required=False)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="Tìm (tên, CCCD; không cần dấu)", required=False)
    # Picked by name through the htmx org picker (accounts:audit_orgs): a <select> of every org in scope was
    # 5.459 options (421 KB) for a province.
    org = OrgChoiceField(label="Tổ chức", queryset=Org.objects.none(), required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Trạng thái", choices=[("", "Đang sinh hoạt"), *MemberStatus.choices],
                               required=False)
    category = forms.ChoiceField(label="Đối tượng", choices=[("", "Tất cả"), *MemberCategory.choices],
                                 required=False)
    gender = forms.ChoiceField(label="Giới tính", choices=[("", "Tất cả"), *Gender.choices], required=False)
    political_theory = forms.ChoiceField(label="Lý luận chính trị",
                                         choices=[("", "Tất cả"), *PoliticalTheory.choices], required=False)
    exempt = forms.ChoiceField(label="Miễn sinh hoạt", choices=[("", "Tất cả"), ("1", "Có"), ("0", "Không")],
                               required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


def member_filter(*, user, data):
    """The filter form on ``data`` (the list page's query, or an export job's copy of it) and the members it
    selects within ``user``'s scope. A bad filter (e.g. an org outside the scope) is dropped on its own; the others
    still apply."""
    form = MemberFilterForm(data or None, orgs=org_selectors.org_list(user=user))
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    return form, selectors.member_list(user=user, **{k: v for k, v in filters.items() if v not in (None, "")})


class PostForm(forms.Form):
    kind = forms.ChoiceField(label="Chức vụ", choices=PostKind.choices)
    title = forms.CharField(label="Ghi rõ (vd: Trưởng thôn Đạ Nghịt)", required=False)
    starts_on = date_field("Từ ngày")
    ends_on = date_field("Đến ngày", required=False)
