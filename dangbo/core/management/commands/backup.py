"""Take a consistent snapshot of the database while the system runs (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangbo.core import backup
from dangbo.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu (chạy được khi hệ thống đang hoạt động)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help=f"thư mục chứa bản sao lưu (mặc định {backup.default_dir()})")

    def handle(self, *args, **options):
        try:
            folder = backup.create(options["dir"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(str(folder))
