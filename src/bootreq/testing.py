"""A fake Nova for tests: Nova 34.0.0's ``POST /servers`` on a loopback port.

    >>> import bootreq.testing
    >>> with bootreq.testing.FakeNova() as nova:
    ...     nova.compute_url.startswith("http://127.0.0.1:")
    True

Point any client (openstacksdk, python-novaclient, the ``openstack`` CLI,
gophercloud, Terraform) at :attr:`FakeNova.compute_url`: it answers exactly
as Nova's API layer would (bootreq's :mod:`bootreq.http`), and keeps every
accepted request, typed, in :attr:`FakeNova.accepted`. pytest users get the
``fake_nova`` fixture (this package's pytest plugin); unittest users the
context manager.

Clients look things up around a create: the ``openstack`` CLI reads the
flavor and the image first, and shows the server after. With ``lookups``
on (the default), ``GET .../flavors/{id}``, ``GET .../images/{id}`` and
``GET .../servers/{id}`` of an accepted server answer small stub documents
(not Nova's answers: just enough for a client to go on); everything else
is Nova's answer, or Nova's 404.

The server is the standard library's ``wsgiref``, one thread per
connection, with a socket timeout so that a client that stops sending cannot
hold a thread. It is a test double, not a production server: run
:func:`bootreq.http.wsgi_app` under gunicorn or uvicorn for load.
"""

from __future__ import annotations

import collections
import json
import re
import socketserver
import threading
import time
from collections.abc import Callable
from typing import IO, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import attrs

from bootreq import BuildRequest, Options
from bootreq.http._apps import wsgi_app
from bootreq.http._reply import Reply

__all__ = ["Accepted", "FakeNova"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen
class Accepted:
    """One accepted ``POST /servers``: the build request and what was answered."""

    request: BuildRequest
    status: int
    server_id: str | None
    received_at: float

    def to_json(self) -> dict[str, Any]:
        """A JSON-able record (what ``bootreq serve --dump`` writes, one per line)."""
        return {
            "received_at": self.received_at,
            "status": self.status,
            "server_id": self.server_id,
            "microversion": str(self.request.microversion),
            "flavor_id": self.request.flavor_id,
            "policies": list(self.request.policies),
            "kwargs": self.request.to_nova_kwargs(),
        }


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # Many clients connect at once in load tests: a deeper accept queue.
    request_queue_size = 128


class _Handler(WSGIRequestHandler):
    # A client that stops sending mid-request frees its thread after this long.
    timeout = 10
    # An unreadable request line is answered with a status line and headers,
    # not HTTP/0.9's bare body.
    default_request_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a test double stays quiet; FakeNova.accepted is the record


_LOOKUP = re.compile(r"^/v2(?:\.1)?(?:/[^/]+)?/(flavors|images|servers)/([^/]+)$")


def _stub_flavor(flavor_id: str) -> dict[str, Any]:
    return {"flavor": {
        "id": flavor_id, "name": flavor_id, "ram": 512, "vcpus": 1, "disk": 1,
        "OS-FLV-EXT-DATA:ephemeral": 0, "OS-FLV-DISABLED:disabled": False, "swap": 0,
        "rxtx_factor": 1.0, "os-flavor-access:is_public": True, "description": None,
        "extra_specs": {}, "links": [],
    }}


def _stub_image(image_id: str) -> dict[str, Any]:
    return {
        "id": image_id, "name": image_id, "status": "active", "visibility": "public",
        "disk_format": "qcow2", "container_format": "bare", "min_disk": 0, "min_ram": 0,
        "size": 0, "tags": [], "protected": False,
    }


def _stub_server(record: Accepted) -> dict[str, Any]:
    request = record.request
    return {"server": {
        "id": record.server_id, "name": request.name, "status": "BUILD",
        "OS-EXT-STS:vm_state": "building", "OS-EXT-STS:task_state": "scheduling",
        "OS-EXT-STS:power_state": 0, "tenant_id": "fake-project", "user_id": "fake-user",
        "flavor": {"id": request.flavor_id, "links": []},
        "image": {"id": request.image_ref, "links": []} if request.image_ref else "",
        "addresses": {}, "metadata": dict(request.metadata), "links": [],
        "key_name": request.key_name, "accessIPv4": request.access_ip_v4 or "",
        "accessIPv6": request.access_ip_v6 or "", "hostId": "", "progress": 0,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.received_at)),
        "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.received_at)),
        "config_drive": "", "security_groups": [{"name": name} for name in
                                                (request.security_groups or ("default",))],
    }}


def _server_id(reply: Reply) -> str | None:
    location = reply.header("location")
    return location.rsplit("/", 1)[-1] if location else None


class FakeNova:
    """Nova's compute API on ``host:port`` (port 0: a free one), in a background thread.

    ``options`` are bootreq's (``max_microversion`` emulates an older
    release). ``on_accepted(build_request, reply)`` may return a
    :class:`~bootreq.http.Reply` to answer instead of Nova's 202;
    ``on_record(accepted)`` sees each :class:`Accepted` as it is kept.
    ``lookups`` answers clients' look-ups with stubs (see the module's doc).
    ``keep`` bounds :attr:`accepted` to the most recent requests (default: all).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        options: Options | None = None,
        on_accepted: Callable[[BuildRequest, Reply], Reply | None] | None = None,
        on_record: Callable[[Accepted], None] | None = None,
        lookups: bool = True,
        keep: int | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._accepted: collections.deque[Accepted] = collections.deque(maxlen=keep)
        self._hook = on_accepted
        self._on_record = on_record
        app = wsgi_app(options, on_accepted=self._keep)
        self._server = make_server(host, port, self._with_lookups(app) if lookups else app,
                                   server_class=_Server, handler_class=_Handler)
        self._thread: threading.Thread | None = None

    def _keep(self, request: BuildRequest, reply: Reply) -> Reply | None:
        answered = (self._hook(request, reply) if self._hook else None) or reply
        record = Accepted(request, answered.status, _server_id(answered), time.time())
        with self._lock:
            self._accepted.append(record)
        if self._on_record is not None:
            self._on_record(record)
        return answered

    def _lookup(self, kind: str, identifier: str) -> dict[str, Any] | None:
        if kind == "flavors":
            return _stub_flavor(identifier)
        if kind == "images":
            return _stub_image(identifier)
        for record in self.accepted:
            if record.server_id == identifier:
                return _stub_server(record)
        return None

    def _with_lookups(self, app: Callable[..., Any]) -> Callable[..., Any]:
        def lookups(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            match = _LOOKUP.match(environ.get("PATH_INFO", ""))
            if match and environ.get("REQUEST_METHOD") == "GET":
                document = self._lookup(match.group(1), match.group(2))
                if document is not None:
                    body = json.dumps(document).encode()
                    start_response("200 OK", [("Content-Type", "application/json"),
                                              ("Content-Length", str(len(body)))])
                    return [body]
            return app(environ, start_response)

        return lookups

    @property
    def url(self) -> str:
        """The root URL (``http://127.0.0.1:PORT``): Nova's version list."""
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}"

    @property
    def compute_url(self) -> str:
        """The compute endpoint (``.../v2.1``), what a service catalog would list."""
        return f"{self.url}/v2.1"

    @property
    def accepted(self) -> tuple[Accepted, ...]:
        """Every accepted request so far, oldest first."""
        with self._lock:
            return tuple(self._accepted)

    @property
    def build_requests(self) -> tuple[BuildRequest, ...]:
        """The accepted :class:`~bootreq.BuildRequest` objects, oldest first."""
        return tuple(record.request for record in self.accepted)

    def clear(self) -> None:
        """Forget the requests accepted so far."""
        with self._lock:
            self._accepted.clear()

    def dump(self, out: IO[str]) -> None:
        """Write every accepted request as a JSON line."""
        for record in self.accepted:
            out.write(json.dumps(record.to_json()) + "\n")

    def start(self) -> FakeNova:
        """Serve in a daemon thread; returns ``self``."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, name="bootreq-fake-nova", daemon=True
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`stop` (from another thread) or Ctrl-C."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> FakeNova:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
