from django import forms

from dangbo.core.dates import today
from dangbo.orgs.models import CommitteePost, Org, OrgKind, OrgType

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")


def date_field(label="Ngày hiệu lực", required=True):
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, input_formats=["%d/%m/%Y"],
                           error_messages={"invalid": "Ngày phải có dạng dd/mm/yyyy.",
                                           "required": "Phải nhập ngày."})


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ("— " * (obj.depth - 1)) + obj.name


class OrgCreateForm(forms.Form):
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    type = forms.ModelChoiceField(label="Loại tổ chức", queryset=OrgType.objects.all())
    kind = forms.ModelChoiceField(label="Loại hình", queryset=OrgKind.objects.all(), required=False)
    code = forms.CharField(label="Mã tổ chức", required=False, max_length=40)
    founded_on = date_field("Ngày thành lập")
    decision_ref = forms.CharField(label="Số quyết định", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["founded_on"].initial = today()


class OrgRenameForm(forms.Form):
    name = forms.CharField(label="Tên mới", max_length=255)
    on = date_field()
    decision_ref = forms.CharField(label="Số quyết định", required=False)


class OrgTransferForm(forms.Form):
    new_parent = OrgChoiceField(label="Cấp trên trực tiếp mới", queryset=Org.objects.none())
    on = date_field()
    decision_ref = forms.CharField(label="Số quyết định", required=False)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class OrgDissolveForm(forms.Form):
    on = date_field()
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))
    decision_ref = forms.CharField(label="Số quyết định", required=False)


class OrgMergeForm(forms.Form):
    others = forms.ModelMultipleChoiceField(label="Sáp nhập cùng với (các tổ chức)", queryset=Org.objects.none(),
                                            required=False)
    into = OrgChoiceField(label="…vào tổ chức đã có (sáp nhập)", queryset=Org.objects.none(), required=False)
    name = forms.CharField(label="…hoặc thành tổ chức mới tên (hợp nhất)", required=False)
    type = forms.ModelChoiceField(label="Loại tổ chức mới", queryset=OrgType.objects.all(), required=False)
    kind = forms.ModelChoiceField(label="Loại hình", queryset=OrgKind.objects.all(), required=False)
    on = date_field()
    decision_ref = forms.CharField(label="Số quyết định", required=False)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = candidates
        self.fields["into"].queryset = candidates

    def clean(self):
        data = super().clean()
        if not data.get("into") and not data.get("name"):
            raise forms.ValidationError("Chọn tổ chức nhận, hoặc nhập tên tổ chức mới.")
        if data.get("name") and not data.get("type"):
            self.add_error("type", "Phải chọn loại tổ chức cho tổ chức mới.")
        return data


class OrgSplitForm(forms.Form):
    """Two new orgs; each member and child is assigned by a select named ``assign_<kind>_<id>``."""

    name_1 = forms.CharField(label="Tên tổ chức mới thứ nhất")
    name_2 = forms.CharField(label="Tên tổ chức mới thứ hai")
    type = forms.ModelChoiceField(label="Loại tổ chức", queryset=OrgType.objects.all())
    kind = forms.ModelChoiceField(label="Loại hình", queryset=OrgKind.objects.all(), required=False)
    on = date_field()
    decision_ref = forms.CharField(label="Số quyết định", required=False)


class TreeOnForm(forms.Form):
    on = date_field("Cây tổ chức tại ngày")


class TermForm(forms.Form):
    name = forms.CharField(label="Nhiệm kỳ (vd: 2025–2030)", max_length=40)
    starts_on = date_field("Bắt đầu từ ngày")
    committee_name = forms.CharField(label="Tên cấp ủy (vd: Chi ủy, Ban Chấp hành Đảng bộ)", required=False)
    has_working_rules = forms.BooleanField(label="Đã ban hành quy chế làm việc", required=False)


class SeatForm(forms.Form):
    member = forms.ModelChoiceField(label="Đảng viên", queryset=None)
    post = forms.ChoiceField(label="Chức vụ")
    starts_on = date_field("Từ ngày")
    is_full_time = forms.BooleanField(label="Chuyên trách", required=False, initial=True)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["post"].choices = CommitteePost.choices


class VillageForm(forms.Form):
    name = forms.CharField(label="Tên thôn, tổ dân phố", max_length=120)
    kind = forms.ModelChoiceField(label="Loại", queryset=OrgKind.objects.filter(is_residential=True))
    cell = OrgChoiceField(label="Chi bộ", queryset=Org.objects.none(), required=False)
    head_name = forms.CharField(label="Trưởng thôn / tổ trưởng", required=False)
    head_member = forms.ModelChoiceField(label="…là đảng viên (chọn nếu có)", queryset=None, required=False)
    valid_from = date_field("Từ ngày")

    def __init__(self, *args, cells=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells
        self.fields["head_member"].queryset = members
