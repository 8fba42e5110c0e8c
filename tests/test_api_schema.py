"""Every API operation, fuzzed by schemathesis with a client's and a supporter's token: no
server error, every answer matches the OpenAPI document, and invalid input is refused.

Deterministic (a fixed seed, no example database) and bounded (a few examples per operation),
so it runs in CI with the rest of the suite."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application
from django.db import connection
from hypothesis import HealthCheck, settings

from accounts.services import create_api_token
from circle.models import Membership, Relationship, Scope
from tests.conftest import make_user

if TYPE_CHECKING:
    # The case type of an OpenAPI schema: an alias the library defines for type checkers only.
    from schemathesis.specs.openapi.schemas import OpenApiCase

# A few examples per operation in every run; API_FUZZ_EXAMPLES=100 for a deeper search.
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 11,
        # NUL is refused with a 422 on purpose (recoverycircle.request_guard).
        "generation": {"deterministic": True, "max-examples": EXAMPLES, "allow-x00": False},
        "checks": {
            # Rules across fields or over saved data (an end after its start, a day within
            # the last year, a person from your circle) refuse some bodies the schema alone
            # allows, with a 4xx and a message: not a schema violation.
            "positive_data_acceptance": {"enabled": False},
        },
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture(params=["client", "supporter"])
def token(request: pytest.FixtureRequest, transactional_db: None) -> str:
    """A client with one supporter who holds every scope; the token of one of them.

    Transactional: requests commit one by one, as in production, so a database error one of
    them handles cannot poison the next (a test transaction around them all would)."""
    if connection.vendor == "sqlite":
        # Thousands of small commits: no need to wait for the disk in a test. The
        # connection's own setting comes back when it closes, after the test.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
        request.addfinalizer(connection.close)
    client = make_user("fuzz-client@example.org", "Casey Client")
    supporter = make_user("fuzz-supporter@example.org", "Sam Supporter")
    Membership.objects.create(
        client=client, supporter=supporter, relationship=Relationship.FRIEND, scopes=list(Scope)
    )
    return create_api_token(client if request.param == "client" else supporter, "fuzz")[1]


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None, database=None)
def test_it_answers_every_operation_by_its_schema(case: OpenApiCase, token: str) -> None:
    try:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
    finally:
        # The test transport never closes the response, where a server would; closing it is
        # what ends the request (its bookkeeping writes, its connection handling).
        request_finished.send(sender=WSGIHandler)
