"""The path of a URL as Python 3.11.7's ``urllib.parse.urlsplit`` finds it.

Nova takes a flavor id from ``flavorRef`` with ``urlsplit(href).path``, and
``urlsplit`` has changed in CPython patch releases more than once (what it
strips, which brackets it refuses: gh-103848, gh-105704 and later security
fixes), and its NFKC check follows the Unicode database. bootreq answers as
Nova on CPython 3.11.7 on every Python, so it splits the URL itself, the way
3.11.7 does. Only the path is needed; every ``ValueError`` 3.11.7 raises is
raised here too.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final

__all__ = ["url_path"]


def __dir__() -> list[str]:
    return __all__


# What 3.11.7 strips from the start (C0 controls and space) and removes anywhere.
_LEADING: Final = "".join(chr(code) for code in range(0x21))
_REMOVED: Final = re.compile("[\t\r\n]")
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_IPV_FUTURE: Final = re.compile(r"\Av[a-fA-F0-9]+\..+\Z")
# The characters whose NFKC form (Unicode 14.0, Python 3.11) holds one of
# "/?#@:": a netloc holding one is refused. Each stands for itself here; none
# can combine with its neighbours into, or out of, those five.
_NFKC_SEPARATORS: Final = frozenset(
    "\u2047\u2048\u2049\u2100\u2101\u2105\u2106\u2a74\ufe13\ufe16"
    "\ufe55\ufe56\ufe5f\ufe6b\uff03\uff0f\uff1a\uff1f\uff20"
)


def _check_bracketed_host(host: str) -> None:
    if host.startswith("v"):
        if not _IPV_FUTURE.match(host):
            raise ValueError("IPvFuture address is invalid")
        return
    if isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address):
        raise ValueError("An IPv4 address cannot be in brackets")


def url_path(url: str) -> str:
    """``urllib.parse.urlsplit(url).path`` of CPython 3.11.7, ``ValueError`` included."""
    url = _REMOVED.sub("", url.lstrip(_LEADING))
    scheme = _SCHEME.match(url)
    if scheme is not None:
        url = url[scheme.end():]
    if url[:2] == "//":
        ends = [found for found in map(url.find, "/?#", (2, 2, 2)) if found >= 0]
        end = min(ends, default=len(url))
        netloc, url = url[2:end], url[end:]
        if ("[" in netloc) != ("]" in netloc):
            raise ValueError("Invalid IPv6 URL")
        if "[" in netloc:
            _check_bracketed_host(netloc.partition("[")[2].partition("]")[0])
        if not netloc.isascii() and not _NFKC_SEPARATORS.isdisjoint(netloc):
            raise ValueError("netloc contains invalid characters under NFKC normalization")
    return url.split("#", 1)[0].split("?", 1)[0]
