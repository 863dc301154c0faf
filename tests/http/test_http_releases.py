"""The whole exchange answered as an older Nova release, byte for byte.

Each covered release's verdicts on the shared corpora
(``../shared/oracle/releases/<version>/``, recorded from that release's own
installation, response headers and 202 bodies included) graded through
:func:`bootreq.http.create_server` with ``Options(release=...)``: the
release's maximum microversion in the 406 text, the version headers of
``latest`` and the version documents, the 202 body's ``security_groups``
echo (``sgecho``), the 413 text of its oslo.middleware (``413text``).
"""

from __future__ import annotations

import gzip
import json
import pathlib
from typing import Any

import pytest

from bootreq.release_rules import COVERED, NEWEST
from tests.http.test_http_conformance import differences

SHARED = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "oracle"


def _lines(path: pathlib.Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the oracle material) not present")
@pytest.mark.parametrize("corpus", ["dev", "api_samples"])
@pytest.mark.parametrize("version", [v for v in COVERED if v != NEWEST])
def test_release_exchange_is_novas(version: str, corpus: str) -> None:
    cases = {case["id"]: case for case in _lines(SHARED / "corpus" / f"{corpus}.jsonl")}
    verdicts = _lines(SHARED / "releases" / version / f"{corpus}.verdicts.jsonl.gz")
    report = []
    for nova in verdicts:
        report += [f"{nova['id']}: {problem}"
                   for problem in differences(cases[nova["id"]], nova, release=version)]
    assert len(verdicts) == len(cases) and not report, "\n".join(report[:10])
