"""Whether CPython's lenient base64 decoder accepts a text, without decoding it.

Nova's ``base64`` format check is ``base64.b64decode`` (non-strict
``binascii.a2b_base64``) of the value: valid when it does not raise. What that
decoder accepts changed with CPython's fix for CVE-2026-3446 (gh-145264, in
3.13.13+, 3.14.4+ and distributions' patched builds), so bootreq decides it
itself instead of asking the running interpreter:

* :func:`accepted_unpatched`: CPython 3.11.7, the reference (the interpreter
  Nova 34.0.0 is graded on). Characters outside the alphabet are dropped; a
  quad completed by padding ends the input (anything after it is ignored);
  otherwise the data characters must fill whole quads.
* :func:`accepted_patched`: CPython with the fix. Padding before the end is
  ignored and decoding goes on, so only the padding after the last data
  character can complete the final quad.

Both answer for ASCII text (non-ASCII never reaches the decoder in Nova: it
fails earlier). Neither depends on the interpreter.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["accepted_patched", "accepted_unpatched"]


def __dir__() -> list[str]:
    return __all__


_ALPHABET: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# Everything the decoder skips (all but the alphabet and "="), deleted at C
# speed with bytes.translate.
_SKIPPED: Final = bytes(set(range(256)) - set(_ALPHABET + b"="))
# Where 3.11.7's decoder stops early: pads count only at quad positions 2
# and 3, and completing the quad (two pads at 2, one at 3) ends the input,
# whatever follows. Whole quads (pads at 0 and 1 ignored, one pad at 2 let
# through) are skipped possessively, so the match is linear.
_D = rb"[A-Za-z0-9+/]"
_TO_POSITION_2 = rb"=*" + _D + rb"=*" + _D
_STOPS: Final = re.compile(
    rb"(?:" + _TO_POSITION_2 + rb"=?" + _D + _D + rb")*+" + _TO_POSITION_2
    + rb"(?:==|=?" + _D + rb"=)"
)


def _kept(text: str) -> bytes | None:
    """The alphabet and pads of ``text``; ``None`` when it is canonical base64.

    Canonical (whole quads, at most two pads at the end; line breaks
    allowed, both machines skip them) is valid for either machine.
    """
    raw = text.encode("ascii")
    kept = raw.translate(None, _SKIPPED)
    data = kept.rstrip(b"=")
    if (len(kept) % 4 == 0 and len(kept) - len(data) <= 2
            and not data.translate(None, _ALPHABET)):
        return None
    return kept


def accepted_unpatched(text: str) -> bool:
    """CPython 3.11.7's non-strict ``a2b_base64`` does not raise on ``text``."""
    kept = _kept(text)
    if kept is None or _STOPS.match(kept):
        return True
    return (len(kept) - kept.count(b"=")) % 4 == 0


def accepted_patched(text: str) -> bool:
    """Non-strict ``a2b_base64`` with the CVE-2026-3446 fix does not raise on ``text``."""
    kept = _kept(text)
    if kept is None:
        return True
    body = kept.rstrip(b"=")
    trailing = len(kept) - len(body)  # pads after the last data character
    position = (len(body) - body.count(b"=")) % 4
    return position == 0 or (position == 2 and trailing >= 2) or (
        position == 3 and trailing >= 1
    )
