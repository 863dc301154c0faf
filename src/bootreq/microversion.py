"""The compute API microversion: a strict ``major.minor`` value, Nova's way.

PEP 440 parsing is the wrong tool here (it accepts ``2.01``); Nova's own rule
is ``^([1-9]\\d*)\\.([1-9]\\d*|0)$`` read with :func:`re.match`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from bootreq._digits import DIGIT, WHITESPACE, to_int

__all__ = [
    "LEGACY_V2",
    "MAX_VERSION",
    "MIN_VERSION",
    "InvalidMicroversion",
    "Microversion",
    "UnsupportedMicroversion",
    "negotiate",
]


def __dir__() -> list[str]:
    return __all__


# ``re.match`` with ``$``: Nova's pattern (a trailing newline passes, as in Nova).
# ``\d`` is Python 3.11's (Unicode 14.0 digits, "2.1\u0661" is 2.11), on any Python.
_VERSION_RE = re.compile(rf"^([1-9]{DIGIT}*)\.([1-9]{DIGIT}*|0)$")
# str.split() with no separator, over Python 3.11's whitespace.
_SPACES = re.compile(f"[{WHITESPACE}]+")


class InvalidMicroversion(ValueError):
    """The version string is not ``MajorNum.MinorNum`` (Nova's 400)."""


class UnsupportedMicroversion(ValueError):
    """The version is well formed but outside the supported range (Nova's 406).

    ``str()`` is Nova's message; ``version`` the version asked for.
    """

    def __init__(self, version: Microversion, maximum: Microversion) -> None:
        super().__init__(
            f"Version {version} is not supported by the API. "
            f"Minimum is {MIN_VERSION} and maximum is {maximum}."
        )
        self.version = version


@attrs.frozen(order=False)
class Microversion:
    """A compute API microversion, ordered as integer pairs.

    ``Microversion(2, 0)`` stands for Nova's legacy v2.0 compatibility mode
    (the ``/v2`` endpoint): every "is the request at least X.Y" test is false.
    """

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Microversion:
        """Parse ``"2.94"`` (``"latest"`` is handled by :func:`bootreq.parse`)."""
        if not isinstance(text, str):
            raise TypeError(f"microversion must be a str, not {type(text).__name__}")
        match = _VERSION_RE.match(text)
        if match is None:
            raise InvalidMicroversion(
                f"API Version String {text} is of invalid format. "
                "Must be of format MajorNum.MinorNum."
            )
        try:
            return cls(to_int(match.group(1)), to_int(match.group(2)))
        except ValueError:
            # Past Python's 4300-digit int() limit (Nova: 500).
            raise InvalidMicroversion(
                f"API Version String {text} is of invalid format. "
                "MajorNum and MinorNum have at most 4300 digits."
            ) from None

    @staticmethod
    def from_headers(headers: Mapping[str, str]) -> str | None:
        """The version text a request's headers ask for, read the way Nova reads it.

        ``OpenStack-API-Version: compute X`` wins (rightmost ``compute`` entry),
        then the last value of ``X-OpenStack-Nova-API-Version``; ``None`` when
        neither is present. Header names are case-insensitive. The text is
        returned unparsed, so that :func:`bootreq.parse` answers a malformed
        one with Nova's 400.
        """
        by_name = {str(name).lower(): str(value) for name, value in headers.items()}
        service_header = by_name.get("openstack-api-version")
        if service_header is not None:
            for entry in reversed(service_header.split(",")):
                parts = _SPACES.split(entry.strip(WHITESPACE), 1)
                if len(parts) == 2 and parts[0].lower() == "compute":
                    return parts[1].strip(WHITESPACE)
        legacy_header = by_name.get("x-openstack-nova-api-version")
        if legacy_header is not None:
            return legacy_header.split(",")[-1].strip(WHITESPACE)
        return None

    # Hand-written ordering: attrs' generic one costs microseconds per request.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Microversion):
            return NotImplemented
        return (self.major, self.minor) < (other.major, other.minor)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Microversion):
            return NotImplemented
        return (self.major, self.minor) <= (other.major, other.minor)

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Microversion):
            return NotImplemented
        return (self.major, self.minor) > (other.major, other.minor)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Microversion):
            return NotImplemented
        return (self.major, self.minor) >= (other.major, other.minor)

    @property
    def is_legacy(self) -> bool:
        return self.minor == 0 and self.major == 2

    def supports(self, version: Microversion) -> bool:
        """Nova's ``is_supported``: at least ``version``, never in legacy mode."""
        if self.major == 2 and self.minor == 0:
            return False
        return (self.major, self.minor) >= (version.major, version.minor)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


LEGACY_V2 = Microversion(2, 0)
MIN_VERSION = Microversion(2, 1)
MAX_VERSION = Microversion(2, 104)


def negotiate(
    requested: Microversion | str | None, maximum: Microversion | None = None
) -> Microversion:
    """The version a request asking for ``requested`` runs at, Nova's way.

    ``requested`` is the compute version header's value (``"2.94"``,
    ``"latest"``, read as Nova reads the header), a :class:`Microversion`, or
    ``None`` (no header: 2.1); ``"2.0"`` stands for the legacy v2 endpoint.
    ``maximum`` is the cloud's newest version (default :data:`MAX_VERSION`).
    Raises :class:`InvalidMicroversion` (Nova's 400) or
    :class:`UnsupportedMicroversion` (Nova's 406); ``TypeError`` for a
    ``requested`` of another type.
    """
    maximum = maximum or MAX_VERSION
    if requested is None:
        return MIN_VERSION
    if isinstance(requested, Microversion):
        version = requested
        if version == LEGACY_V2:
            return LEGACY_V2
    elif requested == "2.0":
        return LEGACY_V2
    else:
        if not isinstance(requested, str):
            raise TypeError(f"microversion must be a str, not {type(requested).__name__}")
        text = Microversion.from_headers(
            {"OpenStack-API-Version": f"compute {requested}",
             "X-OpenStack-Nova-API-Version": requested}
        )
        if text == "latest":
            return maximum
        version = Microversion.parse(text or "")
    if not MIN_VERSION <= version <= maximum:
        raise UnsupportedMicroversion(version, maximum)
    return version
