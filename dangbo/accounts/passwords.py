"""Password rules with Vietnamese messages (Django's own catalogue leaves them in English). Each is Django's own
check; only the words change, so AUTH_PASSWORD_VALIDATORS may name any of them."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

ATTRIBUTE_NAMES = {"username": "tên đăng nhập", "first_name": "tên", "last_name": "họ", "email": "thư điện tử"}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                                  code="password_too_short")

    def get_help_text(self):
        return f"Ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as exc:
            # Django names the field by its verbose name, in whatever language is active: name it ourselves
            attribute = next((a for a in self.user_attributes if _similar(self, password, user, a)), "")
            name = ATTRIBUTE_NAMES.get(attribute, "thông tin cá nhân")
            raise ValidationError(f"Mật khẩu quá giống {name} của tài khoản.", code="password_too_similar") from exc

    def get_help_text(self):
        return "Không quá giống tên đăng nhập, họ tên của mình."


def _similar(validator, password, user, attribute) -> bool:
    try:
        password_validation.UserAttributeSimilarityValidator(
            user_attributes=(attribute,), max_similarity=validator.max_similarity).validate(password, user)
    except ValidationError:
        return True
    return False


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu này quá phổ biến, dễ bị đoán."

    def get_help_text(self):
        return "Không dùng mật khẩu phổ biến."


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self):
        return "Không chỉ gồm chữ số."
