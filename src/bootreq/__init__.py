"""bootreq: Nova's ``POST /servers`` request handling, without Nova.

    >>> import bootreq
    >>> result = bootreq.parse({"server": {"name": "vm", "flavorRef": "1",
    ...     "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}, "2.1")
    >>> result.flavor_id
    '1'
"""

from bootreq.errors import HttpError, Violation
from bootreq.microversion import Microversion
from bootreq.model import BlockDeviceMapping, BuildRequest, NetworkRequest, Options
from bootreq.parse import parse

__all__ = [
    "BlockDeviceMapping",
    "BuildRequest",
    "HttpError",
    "Microversion",
    "NetworkRequest",
    "Options",
    "Violation",
    "parse",
]


def __dir__() -> list[str]:
    return __all__
