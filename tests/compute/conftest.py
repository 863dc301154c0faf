"""Until parse() lands, importing bootreq fails on ``bootreq.parse``.

The compute checks do not need it: stand in an empty module so these tests
run either way (removed automatically once bootreq.parse exists).
"""

import sys
import types

try:
    import bootreq  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - only before parse() lands
    if exc.name != "bootreq.parse":
        raise
    stub = types.ModuleType("bootreq.parse")
    stub.parse = None  # type: ignore[attr-defined]
    sys.modules["bootreq.parse"] = stub
