"""manage.py demo_setup: called by ``make run``. Generates the district demo into an empty database, makes
sure the demo accounts exist, and says how to log in. Running it again changes nothing."""

import logging
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from dangbo.core.numbers import format_int
from dangbo.demo import admissions as demo_admissions
from dangbo.demo import documents as demo_documents
from dangbo.demo import dues as demo_dues
from dangbo.demo import inspection as demo_inspection
from dangbo.demo import meetings as demo_meetings
from dangbo.demo import memberwork as demo_memberwork
from dangbo.demo import reviews as demo_reviews
from dangbo.demo import screening as demo_screening
from dangbo.demo import statforms as demo_statforms
from dangbo.demo import training as demo_training
from dangbo.demo import transfers as demo_transfers
from dangbo.demo.generator import generate
from dangbo.demo.users import demo_district, ensure_accounts
from dangbo.members.choices import ACTIVE_STATUSES
from dangbo.members.models import Member
from dangbo.orgs.models import Org, OrgStatus

SEED = 2023
log = logging.getLogger(__name__)


def _timed(step, **kwargs) -> dict:
    """One demo step, its time logged (not printed: a second run must print the same)."""
    began = time.perf_counter()
    made = step.create(**kwargs)
    log.info("demo_setup %s: %.1f s %s", step.__name__.rsplit(".", 1)[-1], time.perf_counter() - began, made)
    return made


class Command(BaseCommand):
    help = "Chuẩn bị dữ liệu mẫu và tài khoản dùng thử (chạy lại nhiều lần vẫn như nhau)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="thu nhỏ dữ liệu mẫu (dùng khi kiểm thử)")

    def handle(self, *args, scale, **options):
        if not Org.objects.exists():
            self.stdout.write("Cơ sở dữ liệu trống: đang sinh dữ liệu mẫu Đảng bộ huyện Tây Sơn (khoảng một phút)…")
            generate(size="district", seed=SEED, scale=scale)
        accounts = ensure_accounts()
        district = demo_district()
        if district is not None:
            admin = get_user_model().objects.get(username="admin")
            province = Org.objects.filter(depth=1).order_by("path").first()
            demo_reviews.create(actor=admin, district=district)
            demo_documents.create(actor=admin, province=province, district=district)
            demo_meetings.create(actor=admin, district=district)
            demo_admissions.create(actor=admin, district=district)
            demo_transfers.create(actor=admin, district=district)
            demo_screening.create(actor=admin, district=district)
            demo_memberwork.create(actor=admin, district=district)
            demo_statforms.create(actor=admin, district=district)
            _timed(demo_training, actor=admin, district=district)
            _timed(demo_dues, actor=admin, district=district)
            _timed(demo_inspection, district=district)
        if district is not None:
            members = Member.objects.filter(org__path__startswith=district.path, status__in=ACTIVE_STATUSES).count()
            grassroots = Org.objects.filter(path__startswith=district.path, type__is_grassroots=True,
                                            status=OrgStatus.ACTIVE).count()
            self.stdout.write(f"Dữ liệu: {district.name} — {format_int(grassroots)} tổ chức cơ sở đảng, "
                              f"{format_int(members)} đảng viên đang sinh hoạt; kết quả xếp loại 2021–2025; "
                              "Chương trình 03-CTr/HU và Kế hoạch 10-KH/HU với chỉ tiêu, nhiệm vụ; "
                              "sinh hoạt chi bộ, điểm danh, cam kết của đảng viên một năm rưỡi gần nhất; "
                              "chỉ tiêu kết nạp và quần chúng ưu tú ở từng bước của hồ sơ kết nạp; "
                              "giấy giới thiệu sinh hoạt đảng (đã đến, đến chậm, chưa đến nơi mới); "
                              "kết quả rà soát, sàng lọc đảng viên; khen thưởng, Huy hiệu Đảng, thẻ đảng viên "
                              "2024–2025; biểu mẫu thống kê đã chốt năm 2024 và 6 tháng đầu năm 2025; "
                              "lớp bồi dưỡng, đào tạo hai năm gần nhất với học viên và kết quả; đảng phí 18 tháng "
                              "(kê khai, miễn giảm, thu, nợ đọng, nộp cấp trên) qua lần đổi quy định 02/2026; "
                              "chương trình, kế hoạch, các cuộc kiểm tra, giám sát, đơn tố cáo, khiếu nại và kỷ luật "
                              "của Ủy ban Kiểm tra (tài khoản kiemtra).")
        self.stdout.write("Mở http://127.0.0.1:8000 và đăng nhập bằng một trong các tài khoản dùng thử "
                          "(mật khẩu chỉ để thử trên máy này, không dùng cho dữ liệu thật):")
        width = max(len(a.username) + len(a.password) for a, _ in accounts) + 3
        for account, scope in accounts:
            login = f"{account.username} / {account.password}".ljust(width)
            self.stdout.write(f"  {login}  {account.label}" + (f" — {scope}" if scope else ""))
