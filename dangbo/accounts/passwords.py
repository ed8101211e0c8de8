"""Password rules with Vietnamese messages (Django's own catalogue leaves them in English)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                                  code="password_too_short")

    def get_help_text(self):
        return f"Ít nhất {self.min_length} ký tự."
