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


# Everything the decoder skips (all but the alphabet and "="), in runs.
_SKIPPED: Final = re.compile(r"[^A-Za-z0-9+/=]+")
# Where 3.11.7's decoder stops early: pads count only at quad positions 2
# and 3, and completing the quad (two pads at 2, one at 3) ends the input,
# whatever follows. Whole quads (pads at 0 and 1 ignored, one pad at 2 let
# through) are skipped possessively, so the match is linear.
_D = "[A-Za-z0-9+/]"
_TO_POSITION_2 = f"=*{_D}=*{_D}"
_STOPS: Final = re.compile(
    rf"(?:{_TO_POSITION_2}=?{_D}{_D})*+{_TO_POSITION_2}(?:==|=?{_D}=)"
)
_NON_ALPHABET: Final = re.compile(r"[^A-Za-z0-9+/]")


def _canonical(text: str) -> bool:
    # Whole quads, at most two pads, at the end: valid for either machine.
    # Line breaks are skipped by both, so MIME-style text is canonical too.
    if "\n" in text:
        text = text.replace("\n", "").replace("\r", "")
    data = text.rstrip("=")
    return (len(text) % 4 == 0 and len(text) - len(data) <= 2
            and _NON_ALPHABET.search(data) is None)


def accepted_unpatched(text: str) -> bool:
    """CPython 3.11.7's non-strict ``a2b_base64`` does not raise on ``text``."""
    if _canonical(text):
        return True
    kept = _SKIPPED.sub("", text)
    if _STOPS.match(kept):
        return True
    return (len(kept) - kept.count("=")) % 4 == 0


def accepted_patched(text: str) -> bool:
    """Non-strict ``a2b_base64`` with the CVE-2026-3446 fix does not raise on ``text``."""
    if _canonical(text):
        return True
    kept = _SKIPPED.sub("", text)
    body = kept.rstrip("=")
    trailing = len(kept) - len(body)  # pads after the last data character
    position = (len(body) - body.count("=")) % 4
    return position == 0 or (position == 2 and trailing >= 2) or (
        position == 3 and trailing >= 1
    )
