"""manage.py generate_demo --size district --seed 2023: a synthetic party organization in an empty tree."""

from django.core.management.base import BaseCommand, CommandError

from dangbo.core.dates import parse_date
from dangbo.core.exceptions import DomainError
from dangbo.demo.generator import SIZES, generate


class Command(BaseCommand):
    help = "Sinh dữ liệu mẫu (tổ chức đảng, đảng viên, lịch sử) vào cây tổ chức trống."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="district",
                            help="district ≈ 4.200 đảng viên; province ≈ 100.000; national ≈ 5,5 triệu")
        parser.add_argument("--seed", type=int, default=2023, help="cùng seed cho cùng dữ liệu")
        parser.add_argument("--as-of", dest="as_of", default="", help="ngày của dữ liệu (dd/mm/yyyy), mặc định hôm nay")
        parser.add_argument("--scale", type=float, default=1.0, help="thu nhỏ số đảng viên (0 < scale ≤ 1)")
        parser.add_argument("--verify", action="store_true", help="đối chiếu mọi lịch sử với members.rules.replay")

    def handle(self, *args, size, seed, as_of, scale, verify, **options):
        try:
            day = parse_date(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(f"--as-of: {exc}") from exc
        try:
            stats = generate(size=size, seed=seed, as_of=day, scale=scale, verify=True if verify else None,
                             progress=lambda message: self.stdout.write(message))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        active = f"{stats['active']:,}".replace(",", ".")
        total = f"{stats['members']:,}".replace(",", ".")
        orgs = f"{stats['orgs']:,}".replace(",", ".")
        self.stdout.write(self.style.SUCCESS(
            f"Đã sinh {orgs} tổ chức, {total} hồ sơ đảng viên ({active} đang sinh hoạt) trong {stats['seconds']} giây."))
