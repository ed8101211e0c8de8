"""Out-of-range numbers in the query or the path answer in the one error shape (or as not found), never 500."""

import pytest
from ninja import Schema

from dangbo import api  # noqa: F401 - every router imported, so every schema class exists
from dangbo.accounts.tests.test_api_auth import Api, assert_error

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"
ABOVE_INT64 = str(2**63)


@pytest.mark.parametrize("value", [HUGE, ABOVE_INT64, "0", "-1"])
@pytest.mark.parametrize("path", ["/api/orgs", "/api/members", "/api/reviews/plans", "/api/tasks/overdue"])
def test_page_out_of_range_is_422_naming_the_page(tree, admin, path, value):
    assert_error(Api(admin).get(path, page=value), 422, "validation", "page")


def test_page_past_the_last_is_an_empty_page(tree, admin):
    body = Api(admin).get("/api/orgs", page="1000000").json()
    assert body["items"] == [] and body["page"] == 1000000


@pytest.mark.parametrize("value", [HUGE, ABOVE_INT64, "-" + ABOVE_INT64, "0"])
def test_org_id_out_of_range_in_the_query_is_422(tree, admin, value):
    assert_error(Api(admin).get("/api/reviews/stats/people", child=value), 422, "validation", "child")


@pytest.mark.parametrize("path", ["/api/orgs/{}", "/api/members/{}", "/api/orgs/{}/members"])
def test_id_above_int64_in_the_path_is_not_a_server_error(tree, admin, path):
    response = Api(admin).get(path.format(ABOVE_INT64))
    assert response.status_code in (404, 422), response.content
    assert_error(response, response.status_code)


def test_every_api_schema_has_its_own_name():
    # ninja files every schema under its class name in the OpenAPI components: two classes of one name would
    # publish one of them for both, and the other operation's answers would break its documented schema.
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    seen = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("dangbo.") and ".tests" not in cls.__module__:
            seen.setdefault(cls.__name__, set()).add(cls.__module__)
    assert not {name: mods for name, mods in seen.items() if len(mods) > 1}


@pytest.mark.parametrize("value", [HUGE, ABOVE_INT64, "0", "abc"])
def test_ui_rating_list_of_an_org_id_out_of_range_is_not_found(tree, admin, client, value):
    client.force_login(admin)
    response = client.get("/danh-gia/thong-ke/danh-sach/", {"org": tree.province.pk, "child": value})
    assert response.status_code == 404


@pytest.mark.parametrize("query", [{"page": HUGE}, {"page": ABOVE_INT64}, {"page": "0"}, {"year": "0"},
                                   {"nam": "0"}, {"ngay": "0"}, {"year": HUGE}, {"ngay": "2024-13-45"}])
@pytest.mark.parametrize("path", ["/dang-vien/", "/danh-gia/thong-ke/", "/chuyen-sinh-hoat/chua-den/",
                                  "/phat-trien-dang-vien/chi-tieu/", "/phat-trien-dang-vien/du-bi/"])
def test_ui_lists_take_any_page_year_or_day(tree, admin, client, path, query):
    client.force_login(admin)
    assert client.get(path, query).status_code < 500


@pytest.mark.parametrize("path", ["/to-chuc/{}/", "/dang-vien/{}/", "/chuyen-sinh-hoat/{}/"])
def test_ui_id_above_int64_in_the_url_is_not_found(tree, admin, client, path):
    client.force_login(admin)
    assert client.get(path.format(ABOVE_INT64)).status_code == 404
