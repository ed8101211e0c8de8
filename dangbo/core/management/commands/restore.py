"""Replace the whole database with a snapshot made by ``manage.py backup`` (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangbo.core import backup
from dangbo.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ một bản sao lưu: toàn bộ dữ liệu hiện tại bị thay thế."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="thư mục bản sao lưu (hoặc tệp manifest.json của nó)")
        parser.add_argument("--yes", action="store_true", help="không hỏi xác nhận")

    def handle(self, *args, path, yes, **options):
        try:
            _, manifest = backup.check(path)
            if not yes:
                self.stdout.write(f"Bản sao lưu lúc {manifest['created']} (phiên bản {manifest['dangbo_version']}). "
                                  "Toàn bộ dữ liệu hiện tại sẽ bị thay thế.")
                try:
                    answer = input("Gõ “co” để khôi phục: ")
                except EOFError:  # no terminal (cron, a pipe): only --yes may go ahead
                    answer = ""
                if answer.strip().lower() not in ("co", "có"):
                    raise CommandError("Đã hủy, không thay đổi gì (chạy không có người trực thì thêm --yes).")
            backup.restore(path)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã khôi phục từ {path}.")
