"""A destination id typed by the user resolves through the public directory of active cells only: an unknown id,
a committee outside the scope and an ended cell all get the one message, in the API and in the form, without the
org's name — an id tells nothing of what lies behind it (issue 11, no existence leaks)."""

import pytest
from django.urls import reverse

from dangbo.accounts.tests.test_api_auth import assert_error
from dangbo.admissions.tests.test_api import token_api
from dangbo.orgs.models import Org, OrgStatus
from dangbo.transfers.selectors import UNKNOWN_DESTINATION
from dangbo.transfers.tests.test_api import LETTER, T, state, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def not_in_directory(tree) -> dict[str, int]:
    """Ids that name no cell of the directory, with the names that must not appear."""
    ended = Org.objects.filter(pk=tree.other_commune.pk)
    ended.update(status=OrgStatus.ENDED)
    return {"Đảng bộ huyện Đam Rông": tree.other_district.pk, "Đảng bộ xã Rô Men": tree.other_commune.pk,
            "": 999_999_999}


def test_api_answers_every_id_outside_the_directory_alike(world):  # noqa: F811
    api = token_api(world.district)
    ids = not_in_directory(world.tree)
    before = state()
    for name, pk in ids.items():
        response = api.post(f"{T}/letters", {**LETTER, "member": world.an.pk, "to_org": pk})
        assert assert_error(response, 404, "out_of_scope", "to_org")["message"] == UNKNOWN_DESTINATION
        assert not name or name not in response.content.decode()
    assert state() == before


def test_form_answers_every_id_outside_the_directory_alike(client, world):  # noqa: F811
    client.force_login(world.district)
    url = reverse("transfers:issue", args=[world.an.pk])
    ids = not_in_directory(world.tree)
    before = state()
    for name, pk in ids.items():
        response = client.post(url, {"kind": "official", "reason": "new_job", "issued_on": "02/02/2026", "to_org": pk})
        body = response.content.decode()
        assert response.status_code == 200 and UNKNOWN_DESTINATION in body
        assert not name or name not in body
    assert state() == before
