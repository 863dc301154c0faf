"""Make this Python's base64 decoder behave as CPython's CVE-2026-3446 fix does.

    PYTHONPATH=tools/cve_2026_3446 ~/nova-venv/bin/python ../shared/oracle/nova_verdict.py ...

records what Nova 34.0.0 answers on a Python with the fix (gh-145264), which
the machines here do not have. Only the non-strict decoder changes (the one
``base64.b64decode`` and thus Nova use); strict mode is left to the original.
"""

from __future__ import annotations

import binascii

from fixed_a2b_base64 import install

install(binascii)
