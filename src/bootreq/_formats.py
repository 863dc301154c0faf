"""Nova's string formats, reimplemented without Nova's libraries.

Each checker takes a ``str`` (formats never apply to other types) and
answers ``True`` when the string is valid. ``base64`` can also answer
:data:`NON_ASCII`: Nova's checker crashes on such strings (a 500), and
bootreq reports them as an invalid base64 value instead.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Mapping
from typing import Final

from bootreq._base64 import accepted_patched, accepted_unpatched
from bootreq._unicode import is_name, is_name_with_leading_trailing_spaces

__all__ = [
    "CHECKERS",
    "CHECKERS_BASE64_PATCHED",
    "INVALID_NAME_REASONS",
    "NON_ASCII",
    "Checkers",
    "is_uuid_like",
    "normalise_ip",
]


def __dir__() -> list[str]:
    return __all__


NON_ASCII: Final = "non-ascii"

_HEX_DIGITS = frozenset("0123456789abcdef")
_CANONICAL_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def is_uuid_like(value: str) -> bool:
    """oslo.utils' ``is_uuid_like``: 32 hex digits once decorations are dropped.

    ``urn:`` and ``uuid:`` anywhere, braces at either end, hyphens anywhere
    and upper case are all tolerated; whitespace and underscores are not.
    """
    if _CANONICAL_UUID.fullmatch(value):
        return True  # the usual form, decided in one match
    digits = (
        value.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "").lower()
    )
    return len(digits) == 32 and _HEX_DIGITS.issuperset(digits)


# What ipaddress.IPv4Address accepts: four decimal octets, no leading zeros.
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


def _is_ipv4(value: str) -> bool:
    if _IPV4.fullmatch(value):
        return True
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


# Plain hexadecimal IPv6 forms (no embedded IPv4, no zone): eight groups, or
# fewer around exactly one "::". ipaddress accepts every string these match
# (and the C library parses them alike); anything else goes to ipaddress.
_HEXTET = "[0-9a-fA-F]{1,4}"
_IPV6_FULL = re.compile(rf"{_HEXTET}(?::{_HEXTET}){{7}}")
_HEXTETS = rf"(?:{_HEXTET}(?::{_HEXTET}){{0,6}})?"
_IPV6_COMPRESSED = re.compile(rf"{_HEXTETS}::{_HEXTETS}")


def _is_plain_ipv6(value: str) -> bool:
    if _IPV6_FULL.fullmatch(value):
        return True
    # At most seven groups beside the "::" (it stands for one at least).
    return _IPV6_COMPRESSED.fullmatch(value) is not None and value.count(":") <= 8 and (
        len(value.replace("::", ":").strip(":").split(":")) <= 7
    )


def _is_ipv6(value: str) -> bool:
    if _is_plain_ipv6(value):
        return True
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return not address.scope_id


def _is_base64(value: str) -> bool | str:
    if not value.isascii():
        return NON_ASCII
    # Decided by bootreq, not by the running binascii (CVE-2026-3446 changed it).
    return accepted_unpatched(value)


def _is_base64_patched(value: str) -> bool | str:
    if not value.isascii():
        return NON_ASCII
    return accepted_patched(value)


def normalise_ip(value: str) -> str:
    """A valid fixed IP in netaddr's string form (``2001:0db8::0001`` -> ``2001:db8::1``)."""
    if ":" not in value:
        return value if _IPV4.fullmatch(value) else str(ipaddress.IPv4Address(value))
    # netaddr formats IPv6 with the C library's inet_ntop (embedded IPv4 kept).
    if _is_plain_ipv6(value):
        packed = socket.inet_pton(socket.AF_INET6, value)
    else:
        packed = ipaddress.IPv6Address(value).packed
    return socket.inet_ntop(socket.AF_INET6, packed)


#: Format name -> checker (``True`` when valid).
Checkers = Mapping[str, Callable[[str], bool | str]]

CHECKERS: Checkers = {
    "uuid": is_uuid_like,
    "ipv4": _is_ipv4,
    "ipv6": _is_ipv6,
    "base64": _is_base64,
    "name": is_name,
    "name_with_leading_trailing_spaces": is_name_with_leading_trailing_spaces,
}

#: The formats of a Nova whose Python has the CVE-2026-3446 base64 fix.
CHECKERS_BASE64_PATCHED: Checkers = {
    **CHECKERS, "base64": _is_base64_patched,
}

#: Nova raises ``InvalidName`` for these formats; its message replaces the usual one.
INVALID_NAME_REASONS = {
    "name": "printable characters. Can not start or end with whitespace.",
    "name_with_leading_trailing_spaces": (
        "printable characters with at least one non space character"
    ),
}
