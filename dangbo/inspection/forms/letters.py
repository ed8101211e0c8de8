"""Forms of the letters pages (denunciations, complaints, discipline proposals, naming officials): they only
parse; the services judge (K5, K7–K9, M15, scope) and name the field they refuse."""

from django import forms

from dangbo.inspection.choices import (
    Body,
    ComplaintResult,
    DenunciationOutcome,
    DenunciationStatus,
    ViolationField,
)
from dangbo.members.choices import DisciplineForm
from dangbo.orgs.forms import date_field


class LetterFilterForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng", choices=[("", "Tất cả")] + DenunciationStatus.choices,
                               required=False)
    q = forms.CharField(label="Đảng viên, tổ chức bị tố cáo", max_length=100, required=False)


class DenunciationForm(forms.Form):
    received_on = date_field("Ngày nhận đơn")
    anonymous = forms.BooleanField(label="Đơn nặc danh, mạo tên", required=False)
    denouncer_name = forms.CharField(label="Họ tên người tố cáo", max_length=200, required=False)
    denouncer_address = forms.CharField(label="Địa chỉ người tố cáo", max_length=300, required=False)
    denouncer_contact = forms.CharField(label="Điện thoại, liên hệ người tố cáo", max_length=120, required=False)
    subject_member = forms.IntegerField(required=False)
    subject_org = forms.IntegerField(required=False)
    content = forms.CharField(label="Nội dung tố cáo", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Phải ghi nội dung tố cáo."})
    repeated = forms.BooleanField(label="Tố cáo lại nội dung đã được giải quyết", required=False)
    new_evidence = forms.BooleanField(label="Có tài liệu, chứng cứ mới", required=False)
    specific = forms.BooleanField(label="Nội dung cụ thể, có cơ sở thẩm tra, xác minh", required=False,
                                  initial=True)


class ScreenForm(forms.Form):
    on = date_field("Ngày phân loại")
    note = forms.CharField(label="Ý kiến phân loại (để trống: ghi theo quy định)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    case = forms.TypedChoiceField(label="Cuộc giải quyết tố cáo", coerce=int, choices=(),
                                  error_messages={"required": "Phải chọn cuộc giải quyết tố cáo.",
                                                  "invalid_choice": "Cuộc giải quyết tố cáo không hợp lệ."})

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "— chọn —")] + [
            (c.pk, f"{c.decision_number or c.pk} ngày {c.decided_on:%d/%m/%Y} — {c.org.name}") for c in cases]


class ResolveForm(forms.Form):
    resolved_on = date_field("Ngày giải quyết xong")
    outcome = forms.ChoiceField(label="Kết quả", choices=[("", "— chọn —")] + DenunciationOutcome.choices,
                                error_messages={"required": "Phải chọn kết quả.",
                                                "invalid_choice": "Kết quả không hợp lệ."})
    outcome_note = forms.CharField(label="Kết luận", widget=forms.Textarea(attrs={"rows": 3}),
                                   error_messages={"required": "Phải ghi kết luận giải quyết tố cáo."})
    notified_on = date_field("Ngày thông báo người tố cáo", required=False)


class WithdrawForm(forms.Form):
    withdrawn_on = date_field("Ngày rút đơn")
    forced = forms.BooleanField(label="Rút đơn do bị ép buộc, đe dọa", required=False)


class AccessForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập của người được phân công", max_length=150,
                               error_messages={"required": "Phải ghi tên đăng nhập."})
    may_see_denouncer = forms.BooleanField(label="Được biết người tố cáo (phải liên hệ người tố cáo)",
                                           required=False)


class ComplaintForm(forms.Form):
    decision = forms.IntegerField(required=False)
    body = forms.ChoiceField(label="Chủ thể giải quyết", choices=Body.choices, initial=Body.COMMISSION,
                             error_messages={"invalid_choice": "Chủ thể không hợp lệ.",
                                             "required": "Phải chọn chủ thể giải quyết."})
    received_on = date_field("Ngày nhận đơn khiếu nại")
    decision_received_on = date_field("Ngày người khiếu nại nhận quyết định (để trống: chưa nhận văn bản)",
                                      required=False)
    handled_above = forms.BooleanField(label="Đang được cấp trên giải quyết, hoặc cấp cao nhất đã giải quyết",
                                       required=False)
    court_sentence = forms.BooleanField(label="Đã bị tòa án tuyên án, chưa được hủy bỏ", required=False)
    on_behalf = forms.BooleanField(label="Khiếu nại hộ, khiếu nại thay người khác", required=False)
    refused_decision = forms.BooleanField(label="Không nhận quyết định kỷ luật", required=False)
    moved_away = forms.BooleanField(label="Đã chuyển sinh hoạt đảng sang tổ chức không cùng cấp trên trực tiếp",
                                    required=False)


class ComplaintDecideForm(forms.Form):
    result = forms.ChoiceField(label="Kết quả", choices=[("", "— chọn —")] + ComplaintResult.choices,
                               error_messages={"required": "Phải chọn kết quả.",
                                               "invalid_choice": "Kết quả không hợp lệ."})
    resolved_on = date_field("Ngày giải quyết")
    note = forms.CharField(label="Nội dung giải quyết", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Phải ghi nội dung giải quyết."})


class ProposalForm(forms.Form):
    subject = forms.ChoiceField(label="Đối tượng", choices=(),
                                error_messages={"required": "Phải chọn đối tượng.",
                                                "invalid_choice": "Đối tượng không thuộc cuộc kiểm tra."})
    form = forms.ChoiceField(label="Hình thức đề nghị", choices=[("", "— chọn —")] + DisciplineForm.choices,
                             error_messages={"required": "Phải chọn hình thức.",
                                             "invalid_choice": "Hình thức kỷ luật không hợp lệ."})
    reason = forms.CharField(label="Lý do, nội dung vi phạm", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Phải ghi nội dung vi phạm."})
    violation_from = date_field("Ngày vi phạm (từ)")
    violation_to = date_field("Vi phạm kéo dài đến (nếu có)", required=False)
    violation_field = forms.ChoiceField(label="Lĩnh vực vi phạm", choices=ViolationField.choices,
                                        initial=ViolationField.ORDINARY,
                                        error_messages={"invalid_choice": "Lĩnh vực vi phạm không hợp lệ."})
    deciding_org = forms.TypedChoiceField(label="Tổ chức có thẩm quyền quyết định", coerce=int, choices=(),
                                          error_messages={"required": "Phải chọn tổ chức quyết định.",
                                                          "invalid_choice": "Tổ chức quyết định không hợp lệ."})
    body = forms.ChoiceField(label="Chủ thể quyết định", choices=Body.choices,
                             error_messages={"invalid_choice": "Chủ thể không hợp lệ.",
                                             "required": "Phải chọn chủ thể quyết định."})
    proposed_on = date_field("Ngày đề nghị")
    higher_task = forms.BooleanField(label="Vi phạm nhiệm vụ cấp trên giao (cán bộ cấp trên quản lý)",
                                     required=False)

    def __init__(self, *args, subjects=(), orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "— chọn —")] + [
            (f"m{s.member_id}", f"Đảng viên {s.member.full_name}") if s.member_id else
            (f"o{s.org_id}", f"Tổ chức {s.org.name}") for s in subjects]
        self.fields["deciding_org"].choices = [("", "— chọn —")] + [(o.pk, o.name) for o in orgs]


class VoteForm(forms.Form):
    voted_on = date_field("Ngày biểu quyết")
    votes_for = forms.IntegerField(label="Số phiếu tán thành", min_value=0,
                                   error_messages={"required": "Phải ghi số phiếu tán thành.",
                                                   "invalid": "Số phiếu phải là số nguyên.",
                                                   "min_value": "Số phiếu không được âm."})
    votes_against = forms.IntegerField(label="Số phiếu không tán thành", min_value=0,
                                       error_messages={"required": "Phải ghi số phiếu không tán thành.",
                                                       "invalid": "Số phiếu phải là số nguyên.",
                                                       "min_value": "Số phiếu không được âm."})
    eligible = forms.IntegerField(label="Số người được biểu quyết", min_value=1,
                                  error_messages={"required": "Phải ghi số người được biểu quyết.",
                                                  "invalid": "Số người phải là số nguyên.",
                                                  "min_value": "Số người được biểu quyết phải từ 1 trở lên."})


class DecideForm(forms.Form):
    decided_on = date_field("Ngày quyết định")
    decision_ref = forms.CharField(label="Số quyết định", max_length=80, required=False)
