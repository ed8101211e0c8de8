"""API authentication (session + CSRF, bearer tokens), the one error shape, the offline docs, and the helpers
the other API test modules share (``Api``, ``assert_error``, ``db_state``)."""

import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from dangbo.accounts import services
from dangbo.accounts.models import ApiToken, AuditEntry
from dangbo.core.testing import Role, user_with
from dangbo.members.models import DisciplineDecision, LifecycleEvent, Member
from dangbo.orgs.models import Org, OrgEvent, OrgPlacement

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"code", "message", "field", "citation"}


class Api:
    """A JSON client acting as one user: by session (default) or by bearer token."""

    def __init__(self, user=None, *, token: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if user is not None:
            self.client.force_login(user)

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)

    def post(self, path, body=None):
        return self.client.post(path, json.dumps(body or {}), content_type="application/json", **self.headers)

    def patch(self, path, body=None):
        return self.client.patch(path, json.dumps(body or {}), content_type="application/json", **self.headers)

    def call(self, method, path, body=None):
        return self.get(path, **(body or {})) if method == "GET" else getattr(self, method.lower())(path, body)


def assert_error(response, status: int, code: str | None = None, field: str | None = None) -> dict:
    """The one error shape, with a Vietnamese message (not the framework's English default)."""
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["message"] and not body["message"].isascii(), body
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    return body


def db_state():
    """Everything a refused request could have touched; compare before/after to prove nothing changed."""
    return (
        AuditEntry.objects.count(),
        list(Org.objects.values_list("pk", "name", "path", "status", "ended_on", "type_id")),
        list(OrgPlacement.objects.values_list("pk", "org_id", "path", "name", "valid_from", "valid_to")),
        OrgEvent.objects.count(),
        list(Member.objects.values_list("pk", "full_name", "status", "org_id", "cccd", "is_exempt")),
        list(LifecycleEvent.objects.values_list("pk", "date", "org_id", "is_void")),
        DisciplineDecision.objects.count(),
        list(ApiToken.objects.values_list("pk", "revoked_at")),
    )


@pytest.fixture
def secretary(tree):
    return user_with(Role.CELL_SECRETARY, org=tree.cell1)


# --- out-of-scope cases: one per auth path; the meta-test in orgs/tests/test_api.py checks coverage ----------


def _me(ctx):
    body = ctx.outsider.get("/api/auth/me").json()
    assert body["read_org_ids"] == [ctx.tree.cell2.pk] and body["write_org_ids"] == [ctx.tree.cell2.pk]
    assert body["is_admin"] is False and body["member_ids"] == []


def _tokens(ctx):
    response = ctx.outsider.get("/api/auth/tokens")
    assert response.status_code == 200
    assert ctx.admin_token.pk not in {t["id"] for t in response.json()}


def _issue_for_other(ctx):
    assert_error(ctx.outsider.post("/api/auth/tokens", {"name": "của người khác", "user_id": ctx.admin.pk}), 404,
                 "out_of_scope")


def _revoke_other(ctx):
    assert_error(ctx.outsider.post(f"/api/auth/tokens/{ctx.admin_token.pk}/revoke"), 404, "out_of_scope")


OUTSIDER_CASES = {
    ("GET", "/api/auth/me"): _me,
    ("GET", "/api/auth/tokens"): _tokens,
    ("POST", "/api/auth/tokens"): _issue_for_other,
    ("POST", "/api/auth/tokens/{token_id}/revoke"): _revoke_other,
}


class Ctx:
    def __init__(self, tree, admin):
        self.tree, self.admin = tree, admin
        self.admin_token, _ = services.token_issue(actor=admin, user=admin, name="máy chủ báo cáo")
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_cannot_reach_other_accounts(tree, admin, key):
    ctx = Ctx(tree, admin)
    before = db_state()
    OUTSIDER_CASES[key](ctx)
    assert db_state() == before


# --- authentication ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method,path", [("GET", "/api/orgs"), ("GET", "/api/members/1"), ("POST", "/api/orgs"),
                                         ("GET", "/api/auth/me")])
def test_anonymous_gets_401_in_vietnamese(tree, method, path):
    before = db_state()
    body = assert_error(Api().call(method, path, {"name": "x"} if method == "POST" else None), 401,
                        "unauthenticated")
    assert "đăng nhập" in body["message"]
    assert db_state() == before


def test_bearer_token_authenticates_and_is_stored_hashed(tree, secretary):
    token, raw = services.token_issue(actor=secretary, user=secretary, name="script")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(v) for v in stored.values()}
    assert stored["digest"] == services.token_digest(raw) and stored["prefix"] == raw[:8]
    response = Api(token=raw).get("/api/orgs")
    assert response.status_code == 200
    assert [o["id"] for o in response.json()["items"]] == [tree.cell1.pk]


@pytest.mark.parametrize("header", ["Bearer sai-ma-truy-cap", "Bearer ", "bearer x"])
def test_bad_token_is_401(tree, header):
    response = Client().get("/api/orgs", HTTP_AUTHORIZATION=header)
    assert_error(response, 401, "unauthenticated")


def test_revoked_token_is_401_even_alongside_a_session(tree, secretary):
    token, raw = services.token_issue(actor=secretary, user=secretary, name="script")
    assert Api(token=raw).get("/api/orgs").status_code == 200
    revoked = Api(token=raw).post(f"/api/auth/tokens/{token.pk}/revoke")
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert_error(Api(token=raw).get("/api/orgs"), 401, "unauthenticated")
    # A wrong token is refused outright, never silently replaced by the browser session's identity.
    assert_error(Api(secretary, token=raw).get("/api/orgs"), 401, "unauthenticated")
    assert Api(secretary).get("/api/orgs").status_code == 200


def test_token_of_a_deactivated_user_is_401(tree, secretary):
    _, raw = services.token_issue(actor=secretary, user=secretary, name="script")
    secretary.is_active = False
    secretary.save()
    assert_error(Api(token=raw).get("/api/orgs"), 401)


def test_token_endpoints_issue_list_revoke(tree, secretary):
    api = Api(secretary)
    issued = api.post("/api/auth/tokens", {"name": "  báo cáo   tháng "})
    assert issued.status_code == 201, issued.content
    body = issued.json()
    assert body["name"] == "báo cáo tháng" and body["is_active"] and body["token"].startswith(body["prefix"])
    assert Api(token=body["token"]).get("/api/auth/me").json()["username"] == secretary.username
    listed = api.get("/api/auth/tokens").json()
    assert [t["id"] for t in listed] == [body["id"]] and "token" not in listed[0]
    assert AuditEntry.objects.filter(action="api_token_issue", object_id=str(body["id"])).exists()
    assert api.post(f"/api/auth/tokens/{body['id']}/revoke").status_code == 200
    assert_error(api.post(f"/api/auth/tokens/{body['id']}/revoke"), 400, "invalid", "token")


def test_token_cannot_mint_tokens(tree, secretary):
    _, raw = services.token_issue(actor=secretary, user=secretary, name="script")
    before = db_state()
    assert_error(Api(token=raw).post("/api/auth/tokens", {"name": "con"}), 401)
    assert db_state() == before


def test_admin_may_issue_a_token_for_another_user(tree, admin, secretary):
    response = Api(admin).post("/api/auth/tokens", {"name": "cho bí thư", "user_id": secretary.pk})
    assert response.status_code == 201
    assert ApiToken.objects.get(pk=response.json()["id"]).user == secretary


def test_token_name_is_required(tree, secretary):
    assert_error(Api(secretary).post("/api/auth/tokens", {"name": " "}), 400, field="name")
    assert_error(Api(secretary).post("/api/auth/tokens", {}), 422, "validation", "name")


def test_session_post_needs_csrf_but_bearer_does_not(tree):
    # Renaming a cell is its superior's decision (O3): the commune's committee acts here.
    commission = user_with(Role.ORG_COMMISSION, org=tree.commune)
    client = Client(enforce_csrf_checks=True)
    client.force_login(commission)
    api = Api(client=client)
    body = {"name": "Chi bộ thôn Đạ Nghịt mới", "on": "2020-01-01"}
    before = db_state()
    assert_error(api.post(f"/api/orgs/{tree.cell1.pk}/rename", body), 403, "csrf")
    assert db_state() == before
    assert api.get("/api/orgs").status_code == 200  # safe methods need no token
    client.get("/api/docs")  # sets the csrftoken cookie, as the browser would
    api.headers = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    assert api.post(f"/api/orgs/{tree.cell1.pk}/rename", body).status_code == 200
    _, raw = services.token_issue(actor=commission, user=commission, name="script")
    scripted = Api(token=raw, client=Client(enforce_csrf_checks=True))
    assert scripted.post(f"/api/orgs/{tree.cell1.pk}/rename", {**body, "on": "2021-01-01"}).status_code == 200


def test_management_command_issues_and_revokes(tree, secretary):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "issue", secretary.username, "--name", "cron", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert "không hiện lại" in err.getvalue()
    assert Api(token=raw).get("/api/auth/me").json()["username"] == secretary.username
    token = ApiToken.objects.get(user=secretary)
    listing = io.StringIO()
    call_command("api_token", "list", secretary.username, stdout=listing)
    assert f"#{token.pk}" in listing.getvalue() and raw not in listing.getvalue()
    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    assert_error(Api(token=raw).get("/api/auth/me"), 401)


# --- error shape, schema, docs ----------------------------------------------------------------------------


def test_validation_errors_name_the_field_in_vietnamese(tree, admin):
    body = assert_error(Api(admin).get(f"/api/orgs/{tree.commune.pk}/tree", on="31/12/2020"), 422, "validation",
                        "on")
    assert "Ngày hiệu lực (on)" in body["message"] and "YYYY-MM-DD" in body["message"]
    body = assert_error(Api(admin).post(f"/api/orgs/{tree.cell1.pk}/rename", {"name": "X", "on": "2020-01-01",
                                                                               "ngay": 1}), 422, field="ngay")
    assert "không phải trường hợp lệ" in body["message"]


def test_malformed_json_is_400_in_the_same_shape(tree, admin):
    client = Client()
    client.force_login(admin)
    response = client.post(f"/api/orgs/{tree.cell1.pk}/rename", "{khong-phai-json", content_type="application/json")
    assert_error(response, 400, "bad_request")


def test_unknown_api_path_is_404_in_the_same_shape(tree):
    assert_error(Client().get("/api/khong-co"), 404, "not_found")
    assert_error(Client().post("/api/orgs/1/khong-co", {}), 404, "not_found")


def test_openapi_schema_lists_every_endpoint_and_both_auths(tree):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    for path in ("/api/orgs", "/api/orgs/{org_id}/tree", "/api/members", "/api/events/{event_id}/correct",
                 "/api/auth/tokens"):
        assert path in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message"]


def test_docs_page_loads_every_asset_from_the_app_itself(tree):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert not [a for a in assets if re.match(r"(https?:)?//", a)], assets
    for asset in assets:
        assert asset.startswith("/static/") and finders.find(asset.removeprefix("/static/")), asset
    settings_json = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings_json["validatorUrl"] is None  # no badge fetched from validator.swagger.io
    assert settings_json["url"] == "/api/openapi.json"
