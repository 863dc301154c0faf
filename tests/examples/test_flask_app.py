"""The Flask recipe answers every case as Nova does."""

from __future__ import annotations

import pytest
from recipe_cases import CASES, Case, check_response

pytest.importorskip("flask")

import flask_app


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    return flask_app.app.test_client()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_case(client, case: Case) -> None:  # type: ignore[no-untyped-def]
    response = client.post(case.path, data=case.body, headers=case.request_headers())
    check_response(
        case,
        response.status_code,
        list(response.headers.items()),
        response.get_data(),
        "http://localhost",
    )


def test_version_document(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/v2.1")
    assert response.status_code == 200
    assert response.get_json()["version"]["version"] == "2.104"
