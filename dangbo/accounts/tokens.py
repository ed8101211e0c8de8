"""The one-time password reset links an administrator hands over (``services.password_reset_link_issue``)."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int

RESET_HOURS = 24


class ResetTokenGenerator(PasswordResetTokenGenerator):
    """Django's generator (void once the password or last login changes) with its own salt, so that no other token
    of the site passes for one, and a lifetime of its own: shorter than ``PASSWORD_RESET_TIMEOUT``'s 3 days."""

    key_salt = "dangbo.accounts.tokens.ResetTokenGenerator"

    def hours(self) -> int:
        return int(getattr(settings, "DANGBO_RESET_LINK_HOURS", RESET_HOURS))

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued <= self.hours() * 3600


reset_tokens = ResetTokenGenerator()
