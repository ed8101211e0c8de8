"""Every API operation, fed what its schema allows and what it does not (schemathesis): never a 5xx, and every
answer matches the schema the operation declares. Bounded and derandomized, so a run is reproducible and short."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from dangbo.accounts import services
from dangbo.core.testing import Role, Tree, admin_user, user_with

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = 5
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# Revoking would end the fuzzing caller's own token (small ids are generated first); its refusals are covered by
# the accounts API tests.
SKIPPED = {("POST", "/api/auth/tokens/{token_id}/revoke")}


def _failures(operation, mode, headers) -> list[str]:
    found = []

    # No shrinking: the first failing example of an operation is reported as found, which keeps the run short.
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        if found:
            return
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup) as exc:  # schemathesis's Failure, or a FailureGroup of them
            found.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: {str(exc)[:1500]}")

    run()
    return found


def test_no_server_error_and_schema_conformance():
    tree = Tree(admin_user())
    tree.member("Nguyễn Văn An", org=tree.cell1)
    callers = {
        "org_commission": user_with(Role.ORG_COMMISSION, org=tree.province),
        "cell_secretary": user_with(Role.CELL_SECRETARY, org=tree.cell1),
    }
    tokens = {role: services.token_issue(actor=None, user=user, name="fuzz")[1] for role, user in callers.items()}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        for token in tokens.values():
            headers = {"Authorization": f"Bearer {token}"}
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                failures += _failures(operation, mode, headers)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
