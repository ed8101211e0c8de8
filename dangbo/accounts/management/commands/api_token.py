"""Issue, list or revoke API bearer tokens from the shell (for scripts on the closed network)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dangbo.accounts import services
from dangbo.accounts.models import ApiToken
from dangbo.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Cấp, liệt kê hoặc thu hồi mã truy cập API (Authorization: Bearer <mã>)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="cấp mã mới cho một tài khoản; mã chỉ hiện một lần")
        issue.add_argument("username")
        issue.add_argument("--name", default="script", help="tên gợi nhớ của mã")
        listing = sub.add_parser("list", help="các mã của một tài khoản")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="thu hồi một mã theo số thứ tự (id)")
        revoke.add_argument("token_id", type=int)

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Không có tài khoản “{username}”.") from exc

    def handle(self, *args, action, **options):
        try:
            if action == "issue":
                token, raw = services.token_issue(actor=None, user=self._user(options["username"]),
                                                  name=options["name"])
                self.stderr.write(f"Đã cấp mã #{token.pk} “{token.name}”. Lưu lại ngay, mã không hiện lại lần nữa:")
                self.stdout.write(raw)
            elif action == "list":
                for token in ApiToken.objects.filter(user=self._user(options["username"])):
                    state = "đang dùng" if token.is_active else f"đã thu hồi {token.revoked_at:%d/%m/%Y %H:%M}"
                    self.stdout.write(f"#{token.pk}\t{token.prefix}…\t{token.name}\t"
                                      f"{token.created_at:%d/%m/%Y}\t{state}")
            else:
                token = ApiToken.objects.filter(pk=options["token_id"]).first()
                if token is None:
                    raise CommandError(f"Không có mã #{options['token_id']}.")
                services.token_revoke(actor=None, token=token)
                self.stdout.write(f"Đã thu hồi mã #{token.pk}.")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
