"""The FastAPI (ASGI) recipe answers every case as Nova does."""

from __future__ import annotations

import pytest
from recipe_cases import CASES, Case, check_response

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

import warnings

import fastapi_app

with warnings.catch_warnings():
    # Starlette 1.x asks for "httpx2" in its TestClient; httpx still works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(fastapi_app.app)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_case(client: TestClient, case: Case) -> None:
    response = client.post(case.path, content=case.body, headers=case.request_headers())
    check_response(
        case,
        response.status_code,
        list(response.headers.multi_items()),
        response.content,
        "http://testserver",
    )


def test_version_document(client: TestClient) -> None:
    response = client.get("/v2.1/")
    assert response.status_code == 200
    assert response.json()["version"]["min_version"] == "2.1"
