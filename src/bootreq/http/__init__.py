"""The whole ``POST /servers`` exchange, as Nova 34.0.0 answers it over HTTP.

    >>> from bootreq import http
    >>> reply = http.create_server(
    ...     b'{"server": {"name": "vm", "flavorRef": "1", "networks": "none",'
    ...     b' "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}',
    ...     {"Content-Type": "application/json", "OpenStack-API-Version": "compute 2.74"},
    ... )
    >>> reply.status, reply.header("OpenStack-API-Version")
    (202, 'compute 2.74')

:func:`create_server` is framework-free (standard library only);
:func:`answer` adds Nova's routes and version documents around it, and the
WSGI and ASGI applications (:func:`wsgi_app`, :func:`asgi_app`) serve them.
:mod:`bootreq.testing` runs one on a loopback port for tests.
"""


from bootreq.http._apps import asgi_app, wsgi_app
from bootreq.http._exchange import create_server, generate_password
from bootreq.http._reply import Reply
from bootreq.http._routes import answer

__all__ = [
    "Reply",
    "answer",
    "asgi_app",
    "create_server",
    "generate_password",
    "wsgi_app",
]


def __dir__() -> list[str]:
    return __all__
