"""The whole ``POST /servers`` exchange, as Nova 34.0.0 answers it over HTTP.

    >>> from bootreq import http
    >>> reply = http.create_server(
    ...     b'{"server": {"name": "vm", "flavorRef": "1", "networks": "none",'
    ...     b' "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}',
    ...     {"Content-Type": "application/json", "OpenStack-API-Version": "compute 2.74"},
    ... )
    >>> reply.status, reply.header("OpenStack-API-Version")
    (202, 'compute 2.74')

:func:`create_server` is framework-free (standard library only); the
WSGI and ASGI applications (:func:`wsgi_app`, :func:`asgi_app`) serve it with
Nova's routes and version documents, and :class:`FakeNova` runs one on a
loopback port for tests.
"""


from bootreq.http._exchange import create_server, generate_password
from bootreq.http._reply import Reply

__all__ = ["Reply", "create_server", "generate_password"]


def __dir__() -> list[str]:
    return __all__
