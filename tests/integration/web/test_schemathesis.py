"""The JSON API against its own OpenAPI document, with generated input, over real HTTP, logged in.

Schemathesis generates requests for every operation in ``/openapi.json``
(bounded: a few examples each, so this stays well under a minute) and checks
each answer: never a 5xx, status codes and bodies as documented. Input the
schema allows but a domain rule refuses (an unknown agency code, an empty
household name) is rightly answered 422, so "schema-valid input is accepted"
is the one check left out.
"""

from __future__ import annotations

from collections.abc import Iterator

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.core.result import Err, Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance

from domain.application import Kasane
from tests.builders import given_open_case, given_standard_setup
from tests.e2e.conftest import PASSWORD, seeded, serving, with_passwords
from web.storage.settings import Settings

EXAMPLES = 6


def a_city_with_one_case(app: Kasane) -> None:
    given_standard_setup(app)
    given_open_case(app)


@pytest.fixture
def live(settings: Settings) -> Iterator[str]:
    seeded(settings, a_city_with_one_case)
    with_passwords(settings, "sato")
    with serving(settings) as url:
        yield url


def logged_in(url: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(f"{url}/login", data={"username": "sato", "password": PASSWORD}, allow_redirects=False)
    assert answer.status_code == 303
    session.headers["X-CSRF-Token"] = session.get(f"{url}/api/session").json()["csrf_token"]
    return session


def test_every_api_operation_answers_as_documented_whatever_it_is_sent(live: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live}/openapi.json")
    session = logged_in(live)
    results = list(schema.get_all_operations())
    assert all(isinstance(r, Ok) for r in results), [r.err() for r in results if isinstance(r, Err)]
    operations = [r.ok() for r in results if isinstance(r, Ok)]
    assert len(operations) >= 10

    for operation in operations:

        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=operation.as_strategy())
        def answers_as_documented(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=live, session=session, excluded_checks=[positive_data_acceptance])

        answers_as_documented()
