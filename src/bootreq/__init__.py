"""bootreq: Nova's ``POST /servers`` request handling, without Nova.

    >>> import bootreq
    >>> result = bootreq.parse({"server": {"name": "vm", "flavorRef": "1",
    ...     "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}, "2.1")
    >>> result.flavor_id
    '1'
"""

from bootreq._api import parse
from bootreq.advice import Acceptance, accepted_microversions
from bootreq.cloud import Deployment, Flavor, Image, Limits
from bootreq.errors import HttpError, Violation
from bootreq.microversion import Microversion
from bootreq.model import BlockDeviceMapping, BuildRequest, NetworkRequest
from bootreq.openapi import json_schema, openapi_document
from bootreq.options import Options
from bootreq.releases import Release, find_release

__all__ = [
    "Acceptance",
    "BlockDeviceMapping",
    "BuildRequest",
    "Deployment",
    "Flavor",
    "HttpError",
    "Image",
    "Limits",
    "Microversion",
    "NetworkRequest",
    "Options",
    "Release",
    "Violation",
    "accepted_microversions",
    "find_release",
    "json_schema",
    "openapi_document",
    "parse",
]


def __dir__() -> list[str]:
    return __all__
