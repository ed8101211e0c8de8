"""The JSON API at /api/: one NinjaAPI, the same scopes, selectors and services as the web UI.

Docs at /api/docs are served from ninja's own static files ("ninja" is in INSTALLED_APPS), never a CDN.
"""

from django.http import Http404
from ninja import NinjaAPI, Router, Swagger

from dangbo.accounts.api import BearerAuth
from dangbo.accounts.api import router as accounts_router
from dangbo.admissions.api import router as admissions_router
from dangbo.core.api import SessionAuth, VietnameseJSONRenderer, install_error_handlers
from dangbo.dues.api import router as dues_router
from dangbo.inspection.api import router as inspection_router
from dangbo.jobs.api import router as jobs_router
from dangbo.meetings.api import router as meetings_router
from dangbo.meetings.api.compliance import router as meeting_compliance_router
from dangbo.members.api import router as members_router
from dangbo.memberwork.api import router as memberwork_router
from dangbo.orgs.api import router as orgs_router
from dangbo.reviews.api import router as reviews_router
from dangbo.reviews.api.stats import router as review_stats_router
from dangbo.statforms.api.forms import router as statforms_router
from dangbo.statforms.api.snapshots import router as statforms_snapshots_router
from dangbo.structure.api import router as structure_router
from dangbo.targets.api import router as targets_router
from dangbo.training.api import router as training_router
from dangbo.transfers.api import router as transfers_router
from dangbo.workdays.api import router as workdays_router

DESCRIPTION = """API của cơ sở dữ liệu tổ chức đảng và đảng viên.

Xác thực: phiên đăng nhập của trang web (gửi kèm mã CSRF với POST/PATCH), hoặc mã truy cập
`Authorization: Bearer <mã>` cấp bằng `POST /api/auth/tokens` hay `manage.py api_token issue <tên đăng nhập>`.
Phạm vi dữ liệu giống giao diện web. Ngày tháng theo ISO `YYYY-MM-DD`.
Mọi lỗi có cùng dạng `{"code", "message", "field", "citation"}`; đối tượng ngoài phạm vi trả về 404.
"""

api = NinjaAPI(
    title="dangbo API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[BearerAuth(), SessionAuth()],
    renderer=VietnameseJSONRenderer(),
    # validatorUrl null: Swagger UI would otherwise load a badge from validator.swagger.io (call home).
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)
api.add_router("", orgs_router)
api.add_router("", structure_router)
api.add_router("", members_router)
api.add_router("", accounts_router)
api.add_router("", review_stats_router)
api.add_router("", reviews_router)
api.add_router("", targets_router)
# before the records: "/meetings/alerts" would otherwise be read as the meeting "/meetings/{meeting_id}"
api.add_router("", meeting_compliance_router)
api.add_router("", meetings_router)
api.add_router("", admissions_router)
api.add_router("", transfers_router)
api.add_router("", workdays_router)
api.add_router("", statforms_router)
api.add_router("", statforms_snapshots_router)
api.add_router("", memberwork_router)
api.add_router("", training_router)
api.add_router("", jobs_router)
api.add_router("", dues_router)
api.add_router("", inspection_router)

# Last, so it only catches what no endpoint matched: an unknown /api/ path answers in the API's error shape.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None,
                        include_in_schema=False)
def unknown_path(request, rest: str):
    raise Http404(rest)


api.add_router("", fallback)
