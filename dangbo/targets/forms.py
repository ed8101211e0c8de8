"""Forms of documents, targets, tasks, manual values and the dashboard filter. They parse input only; every
rule lives in ``targets.services`` / ``targets.rules`` and comes back as a DomainError on the named field."""

from django import forms

from dangbo.core.periods import parse_period
from dangbo.orgs.forms import OrgChoiceField, date_field
from dangbo.orgs.models import Org
from dangbo.targets import catalog, registry
from dangbo.targets.choices import Comparator, DocumentKind, Frequency, TaskStatus
from dangbo.targets.models import Document

COMPUTED, MANUAL, NO_DATA = "tính từ dữ liệu", "nhập tay theo năm", "chưa có dữ liệu"


def indicator_kind(code: str) -> str:
    ind = registry.get(code)
    if ind is None:
        return NO_DATA
    return MANUAL if ind.manual else COMPUTED


def indicator_choices() -> list:
    """The catalog of TARGETS.md merged with the registry, grouped by where the value comes from."""
    codes = sorted(set(catalog.NAMES) | set(registry.REGISTRY), key=lambda c: catalog.name_of(c))
    groups = {COMPUTED: [], MANUAL: [], NO_DATA: []}
    for code in codes:
        kind = indicator_kind(code)
        groups[kind].append((code, f"{catalog.name_of(code)} ({kind})"))
    return [("", "— chọn chỉ số —")] + [(f"Chỉ số {kind}", items) for kind, items in groups.items() if items]


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} — {obj.title[:80]}"


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label="Tìm (số, ký hiệu, trích yếu)", required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Loại văn bản", choices=DocumentKind.choices)
    reference = forms.CharField(label="Số và ký hiệu (vd: 03-CTr/HU)", max_length=40)
    title = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))
    issuing_body = forms.CharField(label="Cơ quan ban hành (vd: Huyện ủy Lạc Dương)", max_length=200)
    issuing_org = OrgChoiceField(label="Tổ chức ban hành (trong hệ thống)", queryset=Org.objects.none(),
                                 required=False)
    issued_on = date_field("Ngày ban hành")
    period = forms.CharField(label="Giai đoạn (vd: 2020–2025)", max_length=40)
    scope_org = OrgChoiceField(label="Phạm vi thực hiện", queryset=Org.objects.none())
    implements = DocumentChoiceField(label="Thực hiện văn bản", queryset=Document.objects.none(), required=False)
    place = forms.CharField(label="Địa danh (vd: Lạc Dương)", max_length=80, required=False)
    signer_title = forms.CharField(label="Chức danh ký", max_length=80, required=False, initial="BÍ THƯ")
    signer_name = forms.CharField(label="Người ký", max_length=120, required=False)

    def __init__(self, *args, orgs=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_org"].queryset = orgs
        self.fields["issuing_org"].queryset = orgs
        self.fields["implements"].queryset = documents

    def clean_period(self):
        try:
            period = parse_period(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(f"Giai đoạn: {exc}") from exc
        return period.start.year, period.end.year


class TargetForm(forms.Form):
    text = forms.CharField(label="Chỉ tiêu như văn bản ghi", widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.ChoiceField(label="Chỉ số")
    comparator = forms.ChoiceField(label="So sánh", choices=Comparator.choices)
    low = forms.DecimalField(label="Ngưỡng (vd: 90 hoặc 96,5; 1.800)", localize=True)
    high = forms.DecimalField(label="Ngưỡng trên (chỉ với “từ … đến …”)", localize=True, required=False)
    frequency = forms.ChoiceField(label="Tần suất", choices=Frequency.choices)
    deadline_year = forms.IntegerField(label="Hạn (năm, với “đến thời hạn”)", required=False, min_value=1945,
                                       max_value=2100)
    scope_org = OrgChoiceField(label="Phạm vi", queryset=Org.objects.none())
    order = forms.IntegerField(label="Thứ tự", min_value=0, initial=0, required=False)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices()
        self.fields["scope_org"].queryset = orgs


class ManualValueForm(forms.Form):
    org = OrgChoiceField(label="Tổ chức", queryset=Org.objects.none())
    year = forms.TypedChoiceField(label="Năm", coerce=int)
    numerator = forms.IntegerField(label="Tử số (số đạt)", min_value=0)
    denominator = forms.IntegerField(label="Mẫu số (tổng số; bỏ trống nếu là số đếm)", required=False)
    note = forms.CharField(label="Nguồn, ghi chú (vd: Quyết định công nhận số …)", max_length=255, required=False)

    def __init__(self, *args, orgs=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["year"].choices = [(y, str(y)) for y in years]


class TaskForm(forms.Form):
    responsible = forms.CharField(label="Cơ quan chủ trì", max_length=200)
    responsible_org = OrgChoiceField(label="Tổ chức chủ trì (trong hệ thống)", queryset=Org.objects.none(),
                                     required=False)
    deliverable = forms.CharField(label="Nội dung, sản phẩm", widget=forms.Textarea(attrs={"rows": 2}))
    deadline_text = forms.CharField(label="Thời hạn (vd: quý IV/2021, tháng 7/2021, năm 2025)", max_length=60)
    order = forms.IntegerField(label="Thứ tự", min_value=0, initial=0, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_org"].queryset = orgs


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    done_on = date_field("Ngày hoàn thành", required=False)
    evidence = forms.CharField(label="Kết quả, minh chứng (số văn bản, sản phẩm)", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class DashboardForm(forms.Form):
    # Picked by name through the htmx org picker (accounts:audit_orgs): a province's document has hundreds of
    # committees below it, and a <select> of them all made the page's weight follow the scope's size.
    org = OrgChoiceField(label="Phạm vi", queryset=Org.objects.none(), required=False, widget=forms.HiddenInput)
    as_of = date_field("Tính đến ngày", required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
