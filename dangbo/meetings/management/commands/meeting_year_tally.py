"""Write the closed years' ``YearTally`` rows that are missing (never written, or voided by a change since): run
after loading data, and nightly, so the nine indicators of a past year read one row per org."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min

from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError
from dangbo.meetings import services
from dangbo.meetings.models import Meeting
from dangbo.meetings.selectors.subtree import valid_on
from dangbo.meetings.selectors.year_tally import year_closed
from dangbo.orgs.models import Org, OrgPlacement


class Command(BaseCommand):
    help = "Chốt số liệu sinh hoạt chi bộ, công tác đảng viên của các năm đã qua (chỉ ghi phần còn thiếu)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="năm cần chốt (mặc định: mọi năm đã qua có "
                            "kỳ sinh hoạt)")

    def handle(self, *args, year=None, **options):
        now = today()
        first = Meeting.objects.aggregate(first=Min("month"))["first"]
        years = year or ([y for y in range(first.year, now.year + 1) if year_closed(y, now)] if first else [])
        for y in years:
            started, written = time.monotonic(), 0
            on = dt.date(y, 12, 31)
            # one top org at a time, its children first: each call counts a bounded subtree
            tops = OrgPlacement.objects.filter(valid_on(on), parent__isnull=True).values_list("org_id", flat=True)
            for top in tops:
                below = OrgPlacement.objects.filter(valid_on(on), parent_id=top).values_list("org_id", flat=True)
                try:
                    for org in [*Org.objects.filter(pk__in=list(below)), Org.objects.get(pk=top)]:
                        written += services.year_tally_fill(actor=None, org=org, year=y)
                except DomainError as exc:
                    raise CommandError(exc.message) from exc
            self.stdout.write(f"Năm {y}: ghi {written:,} dòng trong {time.monotonic() - started:.1f} s".replace(
                ",", "."))
