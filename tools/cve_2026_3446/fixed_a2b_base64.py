"""CPython's non-strict ``a2b_base64`` after the CVE-2026-3446 fix, in Python.

A test double, written from the fix's description (gh-145264: padding before
the end of the data is ignored and decoding goes on; the final quad must still
be completed by padding) and checked against its published examples
(``"Zg==Zg=="`` -> ``b"f\\x06`"``). It decodes character by character, as the
C loop does, independently of bootreq's own acceptance rules.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_VALUE = {ord(c): i for i, c in enumerate(_ALPHABET)}


def decode(data: bytes, error: type[Exception]) -> bytes:
    out = bytearray()
    quad = 0
    left = 0
    pads = 0
    for byte in data:
        if byte == 0x3D:  # "=": ignored before the end, counted at the end
            pads += 1
            continue
        value = _VALUE.get(byte)
        if value is None:
            continue
        pads = 0
        if quad == 0:
            left = value
        elif quad == 1:
            out.append(((left << 2) | (value >> 4)) & 0xFF)
            left = value & 0x0F
        elif quad == 2:
            out.append(((left << 4) | (value >> 2)) & 0xFF)
            left = value & 0x03
        else:
            out.append(((left << 6) | value) & 0xFF)
        quad = (quad + 1) % 4
    if quad == 1:
        raise error(
            "Invalid base64-encoded string: number of data characters "
            f"({len(out) // 3 * 4 + 1}) cannot be 1 more than a multiple of 4"
        )
    if quad and quad + pads < 4:
        raise error("Incorrect padding")
    return bytes(out)


def install(binascii: ModuleType) -> None:
    """Replace ``binascii.a2b_base64``'s non-strict mode with the fixed one."""
    binascii.a2b_base64 = fixed_a2b_base64(binascii)


def fixed_a2b_base64(binascii: ModuleType) -> Any:
    """``binascii.a2b_base64`` with the fixed non-strict mode (strict mode unchanged)."""
    original = binascii.a2b_base64

    def a2b_base64(data: Any, /, *, strict_mode: bool = False) -> bytes:
        if strict_mode:
            return bytes(original(data, strict_mode=True))
        if isinstance(data, str):
            data = data.encode("ascii")
        return decode(bytes(data), binascii.Error)

    return a2b_base64
