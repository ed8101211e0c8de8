"""Forms of the accounts pages: the audit log's filters, logging in (throttled by address), the password change
and the reset by link, in Vietnamese."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError

from dangbo.accounts import throttle
from dangbo.accounts.audit import action_choices

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")


class AuditFilterForm(forms.Form):
    """Who, what, where (an org's subtree, picked by searching), which object, when."""

    actor = forms.CharField(label="Người thực hiện", required=False,
                            widget=forms.TextInput(attrs={"placeholder": "tên hoặc tài khoản"}))
    action = forms.ChoiceField(label="Thao tác", required=False)
    org_q = forms.CharField(label="Tổ chức (cả cấp dưới)", required=False, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": "gõ vài chữ của tên", "autocomplete": "off"}))
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)
    obj = forms.CharField(label="Đối tượng", required=False,
                          widget=forms.TextInput(attrs={"placeholder": "tên đảng viên, tổ chức…"}))
    date_from = forms.DateField(label="Từ ngày", required=False, widget=DATE_WIDGET, input_formats=["%d/%m/%Y"])
    date_to = forms.DateField(label="Đến ngày", required=False, widget=DATE_WIDGET, input_formats=["%d/%m/%Y"])
    model = forms.CharField(required=False, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Mọi thao tác"), *action_choices()]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "“Đến ngày” phải sau “Từ ngày”.")
        return data


class VietnamesePasswordChangeForm(PasswordChangeForm):
    """Django's form, labelled in Vietnamese whatever the active language."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng. Xin nhập lại.",
        "password_mismatch": "Hai lần nhập mật khẩu mới không khớp nhau.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())


class AddressThrottleMixin:
    """Refuse before any password is checked when the client's address is locked (``throttle``): not even the
    right password gets through, and the refusal itself is not counted."""

    lock = None

    def clean(self):
        self.lock = throttle.lock_for(throttle.client_ip(self.request)) if self.request is not None else None
        if self.lock is not None:
            raise ValidationError(self.lock.message, code="throttled")
        return super().clean()


class ThrottledAuthenticationForm(AddressThrottleMixin, AuthenticationForm):
    """The login page's form."""


class ThrottledAdminAuthenticationForm(AddressThrottleMixin, AdminAuthenticationForm):
    """The admin site's login form (``/quan-tri/login/``)."""


class VietnameseSetPasswordForm(SetPasswordForm):
    """The new password chosen through a reset link, validated by AUTH_PASSWORD_VALIDATORS like a change."""

    error_messages = {**SetPasswordForm.error_messages,
                      "password_mismatch": "Hai lần nhập mật khẩu mới không khớp nhau."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())
