"""bootreq.errors: HttpError's fields, Nova's fault names and the renderings."""

from __future__ import annotations

import attrs
import pytest

from bootreq.errors import HttpError, Violation, fault_name


# Nova's wsgi.Fault._fault_names (nova/api/openstack/wsgi.py, 34.0.0); others: computeFault.
@pytest.mark.parametrize(
    ("status", "fault"),
    [
        (400, "badRequest"),
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "itemNotFound"),
        (405, "badMethod"),
        (406, "computeFault"),
        (409, "conflictingRequest"),
        (413, "overLimit"),
        (415, "badMediaType"),
        (429, "overLimit"),
        (500, "computeFault"),
        (501, "notImplemented"),
        (503, "serviceUnavailable"),
    ],
)
def test_fault_name(status: int, fault: str) -> None:
    assert fault_name(status) == fault
    assert HttpError.of(status, "m").fault == fault


def test_of() -> None:
    error = HttpError.of(400, "Missing imageRef attribute", "/server/imageRef")
    assert (error.status, error.fault, error.message, error.pointer) == (
        400,
        "badRequest",
        "Missing imageRef attribute",
        "/server/imageRef",
    )
    assert HttpError.of(403, "m").pointer is None
    assert HttpError.of(403, "m").violations == ()


def test_to_body_is_novas_fault_document() -> None:
    error = HttpError.of(400, "Missing imageRef attribute")
    assert error.to_body() == {
        "badRequest": {"code": 400, "message": "Missing imageRef attribute"}
    }
    assert HttpError.of(406, "v").to_body() == {"computeFault": {"code": 406, "message": "v"}}


def test_to_body_without_a_fault_name() -> None:
    error = HttpError(413, None, "too large")
    assert error.to_body() == {"overLimit": {"code": 413, "message": "too large"}}


def test_to_problem_minimal() -> None:
    problem = HttpError.of(403, "Policy says no.").to_problem()
    assert problem == {
        "type": "about:blank",
        "title": "forbidden",
        "status": 403,
        "detail": "Policy says no.",
    }


def test_to_problem_with_pointer_and_violations() -> None:
    violations = (Violation("/server/name", "first"), Violation("/server/flavorRef", "second"))
    error = HttpError(400, "badRequest", "first", "/server/name", violations=violations)
    problem = error.to_problem()
    assert set(problem) == {"type", "title", "status", "detail", "pointer", "errors"}
    assert problem["pointer"] == "/server/name"
    assert problem["errors"] == [
        {"pointer": "/server/name", "detail": "first"},
        {"pointer": "/server/flavorRef", "detail": "second"},
    ]
    assert HttpError(413, None, "big").to_problem()["title"] == "overLimit"


def test_equality_ignores_violations() -> None:
    plain = HttpError.of(400, "m", "/server")
    detailed = HttpError(400, "badRequest", "m", "/server", violations=(Violation("/server", "m"),))
    assert plain == detailed
    assert hash(plain) == hash(detailed)
    assert plain != HttpError.of(400, "other", "/server")
    assert plain != HttpError.of(400, "m", "/server/name")
    assert plain != HttpError.of(409, "m", "/server")


def test_repr_leaves_violations_out() -> None:
    error = HttpError(400, "badRequest", "m", violations=(Violation("/x", "secret-ish"),))
    assert "secret-ish" not in repr(error)


def test_violations_computed_lazily_and_once() -> None:
    calls: list[int] = []

    def compute() -> tuple[Violation, ...]:
        calls.append(1)
        return (Violation("", "v"),)

    error = HttpError(400, "badRequest", "v", violations=compute)
    assert calls == []
    assert error.violations == (Violation("", "v"),)
    assert error.violations == (Violation("", "v"),)
    assert calls == [1]


def test_frozen() -> None:
    error = HttpError.of(400, "m")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        error.status = 500  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Violation("", "m").message = "x"  # type: ignore[misc]
