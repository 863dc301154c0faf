"""Malformed HTTP gets a clear 4xx from the fake Nova, and it keeps serving.

Raw sockets on 127.0.0.1: what no well-behaved client library would send.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from bootreq.testing import FakeNova

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
GOOD = json.dumps({"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                              "networks": "none"}}).encode()


@pytest.fixture(scope="module")
def nova() -> Iterator[FakeNova]:
    with FakeNova() as server:
        yield server


def _exchange(nova: FakeNova, raw: bytes, *, half_close: bool = True) -> tuple[int, bytes]:
    host, port = nova.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def _post(headers: str, body: bytes = GOOD) -> bytes:
    return (b"POST /v2.1/servers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + headers.encode("latin-1") + b"\r\n" + body)


def _still_serving(nova: FakeNova) -> None:
    status, body = _exchange(nova, _post(
        f"Content-Type: application/json\r\nOpenStack-API-Version: compute 2.74\r\n"
        f"Content-Length: {len(GOOD)}\r\nConnection: close\r\n"))
    assert status == 202, body


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        # Content-Length that is not a number, negative, or far too large.
        (_post("Content-Type: application/json\r\nContent-Length: abc\r\n"), 400),
        (_post("Content-Type: application/json\r\nContent-Length: -5\r\n"), 400),
        (_post("Content-Type: application/json\r\nContent-Length: 99999999999\r\n"), 413),
        # A body shorter than its Content-Length (the client stopped sending).
        (_post("Content-Type: application/json\r\nContent-Length: 500\r\n"), 400),
        # Header values that are not UTF-8: read as Latin-1, Nova's 400.
        (_post("Content-Type: application/json\r\nContent-Length: "
               f"{len(GOOD)}\r\nOpenStack-API-Version: compute 2.\xff\xfe\r\n"), 400),
        # A huge header line, too many headers, a request line that is not HTTP.
        (_post("X-Big: " + "a" * 70000 + "\r\n"), 431),
        (_post("".join(f"X-H{i}: v\r\n" for i in range(150))), 431),
        (b"\x16\x03\x01\x02\x00 garbage\r\n\r\n", 400),
        (b"POST /v2.1/servers HTTP/9.9\r\n\r\n", 505),
        # Invalid UTF-8 and truncated JSON in the body.
        (_post("Content-Type: application/json\r\nContent-Length: 4\r\n", b"\xff\xfe{}"), 400),
        (_post("Content-Type: application/json\r\nContent-Length: 20\r\n", GOOD[:20]), 400),
    ],
    ids=["length-abc", "length-negative", "length-huge", "truncated-body", "latin1-header",
         "huge-header", "many-headers", "not-http", "http-version", "invalid-utf8",
         "truncated-json"],
)
def test_malformed_request_gets_a_4xx_and_the_server_keeps_serving(
    nova: FakeNova, raw: bytes, status: int
) -> None:
    answered, body = _exchange(nova, raw)
    assert answered == status, body
    _still_serving(nova)


def test_truncated_body_message_is_clear(nova: FakeNova) -> None:
    status, body = _exchange(nova, _post("Content-Type: application/json\r\n"
                                         "Content-Length: 500\r\n"))
    assert status == 400
    assert json.loads(body) == {"badRequest": {"code": 400,
                                               "message": "The request body is incomplete."}}
