"""Every UI route, tried from outside the user's scope. A new route without a case here fails the suite."""

import datetime as dt

import pytest
from django.urls import get_resolver, reverse

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.testing import user_with
from dangbo.members.models import LifecycleEvent, Member
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.reviews.models import Assessment, RemediationPlan, TargetRegistration

# url name -> which out-of-scope object fills its kwargs
OBJECT_ROUTES = {
    "orgs:detail": "org", "orgs:children": "org", "orgs:tree_on": "org", "orgs:create": "org",
    "orgs:rename": "org", "orgs:transfer": "org", "structure:dissolve": "org", "structure:merge": "org", "structure:split": "org",
    "members:detail": "member", "members:edit": "member", "members:event": "member",
    "members:event_correct": "event", "members:discipline": "member", "members:post": "member",
    "orgs:term_create": "org", "orgs:seat_create": "org", "orgs:village_create": "org", "orgs:village_edit": "village",
}
# routes without an object: the out-of-scope name must not appear in what they return
LIST_ROUTES = {"orgs:tree", "orgs:export", "members:list", "members:export", "members:create", "members:import",
               "members:import_template", "accounts:audit", "accounts:audit_export", "accounts:audit_orgs",
               "accounts:password_change"}
PUBLIC_ROUTES = {"accounts:login", "accounts:logout", "accounts:reset_confirm"}
UI_NAMESPACES = ("orgs", "structure", "members", "accounts", "reviews", "targets", "reports", "meetings",
                 "admissions", "transfers", "statforms", "memberwork", "jobs", "training", "dues",
                 "inspection")

# Other apps declare their routes in ``dangbo/<app>/tests/scope_cases*.py``: ROUTES maps a url name to a
# function (objs) -> url kwargs, LIST_ROUTES names routes without an object, and setup(tree, objs) adds to
# ``objs`` the out-of-scope objects (in tree.cell1 / tree.commune) those routes need.
def _case_modules():
    import importlib
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/tests/scope_cases*.py")):
        yield importlib.import_module(f"dangbo.{path.parent.parent.name}.tests.{path.stem}")


CASE_MODULES = list(_case_modules())
EXTRA_ROUTES = {name: fn for m in CASE_MODULES for name, fn in m.ROUTES.items()}
EXTRA_LIST_ROUTES = {name for m in CASE_MODULES for name in getattr(m, "LIST_ROUTES", ())}


def setup_cases(tree, objs):
    """Let every app's case module add the objects its routes need (a module of list routes alone has none)."""
    for module in CASE_MODULES:
        if hasattr(module, "setup"):
            module.setup(tree, objs)


def ui_route_names():
    resolver = get_resolver()
    names = set()
    for ns in UI_NAMESPACES:
        _prefix, sub = resolver.namespace_dict[ns]
        names |= {f"{ns}:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    return names


def test_every_ui_route_has_an_out_of_scope_case():
    assert ui_route_names() == set(OBJECT_ROUTES) | LIST_ROUTES | PUBLIC_ROUTES | set(EXTRA_ROUTES) | EXTRA_LIST_ROUTES


@pytest.fixture
def outsider_setup(tree, client):
    victim = tree.member("Phan Văn Bí Mật", org=tree.cell1)
    event = victim.events.first()
    outsiders = [
        user_with(Role.CELL_SECRETARY, org=tree.cell2),
        user_with(Role.ORG_COMMISSION, org=tree.other_district),
        user_with(Role.INSPECTION, org=tree.other_commune),
        user_with(Role.MEMBER, member=tree.member("Lê Thị Riêng", org=tree.cell2, gender="F")),
    ]
    from dangbo.core.testing import okind
    from dangbo.orgs.services import village_save

    village = village_save(actor=tree.actor, commune=tree.commune, name="Đạ Nghịt", kind=okind("thon"),
                           valid_from=dt.date(2015, 1, 1), cell=tree.cell1)
    objs = {"org": tree.cell1, "member": victim, "event": event, "village": village, "users": outsiders}
    setup_cases(tree, objs)
    return objs


def kwargs_for(name, objs):
    if name in EXTRA_ROUTES:
        return EXTRA_ROUTES[name](objs)
    kind = OBJECT_ROUTES[name]
    if kind == "event":
        return {"pk": objs["member"].pk, "event_pk": objs["event"].pk}
    if kind == "village":
        return {"pk": objs["village"].commune_id, "village_pk": objs["village"].pk}
    return {"pk": objs[kind].pk}


def state():
    return (Org.objects.count(), OrgPlacement.objects.count(), Member.objects.count(),
            LifecycleEvent.objects.count(), list(Org.objects.values_list("name", "status")),
            list(Member.objects.values_list("full_name", "status", "org_id")),
            list(Assessment.objects.values_list("status", "proposed_level", "final_level", "self_level")),
            TargetRegistration.objects.count(), RemediationPlan.objects.count())


@pytest.mark.parametrize("name", sorted({*OBJECT_ROUTES, *EXTRA_ROUTES}))
def test_object_routes_are_404_from_outside_scope(client, outsider_setup, name):
    url = reverse(name, kwargs=kwargs_for(name, outsider_setup))
    audit_before = AuditEntry.objects.count()
    before = state()
    for user in outsider_setup["users"]:
        client.force_login(user)
        assert client.get(url).status_code == 404, (name, user)
        payload = {"name": "Đổi", "on": "01/01/2024", "date": "01/01/2024", "kind": "exempt", "reason": "x",
                   "note": "x", "void": "on", "form": "warning", "decided_by": "x", "full_name": "X Y",
                   "name_1": "A", "name_2": "B"}
        assert client.post(url, payload).status_code == 404, (name, user)
    assert state() == before
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("name", sorted(LIST_ROUTES | EXTRA_LIST_ROUTES))
def test_list_routes_never_show_out_of_scope_records(client, outsider_setup, name):
    url = reverse(name)
    for user in outsider_setup["users"]:
        client.force_login(user)
        response = client.get(url, {"q": "bi mat"})
        assert response.status_code in (200, 302, 403, 404)
        body = response.content
        if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
            import io

            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(body))
            body = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row).encode()
        assert "Phan Văn Bí Mật".encode() not in body, (name, user)
        assert outsider_setup["org"].name.encode() not in body, (name, user)


def test_anonymous_is_sent_to_login(client, tree):
    for name in sorted(OBJECT_ROUTES):
        if OBJECT_ROUTES[name] == "village":
            continue  # covered with the same views as village_create
        objs = {"org": tree.cell1, "member": tree.member(f"Ẩn Danh {name}"), "event": None}
        objs["event"] = objs["member"].events.first()
        response = client.get(reverse(name, kwargs=kwargs_for(name, objs)))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_in_scope_user_can_open_the_same_routes(client, tree):
    member = tree.member("Phan Văn Bí Mật", org=tree.cell1)
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    client.force_login(secretary)
    for name in ("orgs:detail", "orgs:tree_on", "members:detail", "members:edit", "members:event",
                 "members:discipline"):
        assert client.get(reverse(name, kwargs={"pk": member.pk if name.startswith("members") else tree.cell1.pk})
                          ).status_code == 200, name
    assert "Phan Văn Bí Mật" in client.get(reverse("members:list"), {"q": "bi mat"}).content.decode()


def test_member_role_sees_only_own_record(client, tree):
    me = tree.member("Lê Thị Riêng", org=tree.cell1, gender="F")
    other = tree.member("Phan Văn Khác", org=tree.cell1)
    client.force_login(user_with(Role.MEMBER, member=me))
    assert client.get(reverse("members:detail", kwargs={"pk": me.pk})).status_code == 200
    assert client.get(reverse("members:detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("members:edit", kwargs={"pk": me.pk})).status_code == 404  # read-only
    body = client.get(reverse("members:list")).content.decode()
    assert "Lê Thị Riêng" in body and "Phan Văn Khác" not in body


def test_inspection_reads_but_cannot_write(client, tree):
    m = tree.member(org=tree.cell1)
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    assert client.get(reverse("members:detail", kwargs={"pk": m.pk})).status_code == 200
    before = state()
    assert client.post(reverse("members:event", kwargs={"pk": m.pk}),
                       {"kind": "exempt", "date": "01/01/2024"}).status_code == 404
    assert client.post(reverse("orgs:rename", kwargs={"pk": tree.cell1.pk}),
                       {"name": "X", "on": "01/01/2024"}).status_code == 404
    assert state() == before
