"""Recipe: pre-flight validation of server templates in CI.

Checks every ``*.json`` server-create body in a folder (or the files named)
against the microversion your cloud runs, and fails the build with Nova's
own message for each body Nova would reject::

    python examples/preflight.py examples/bodies --microversion 2.94
    python examples/preflight.py deploy/servers/*.json --max-microversion 2.79

Exit status: 0 when every body would be accepted, 1 when one would not,
2 for a usage error (no such file). A file may hold a bare body
(``{"server": {...}}``) or an envelope ``{"microversion": "2.74", "body": {...}}``
that pins its own version.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import bootreq


@dataclass(frozen=True)
class Verdict:
    path: Path
    microversion: str
    error: bootreq.HttpError | None

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self) -> str:
        if self.error is None:
            return f"ok    {self.path} @ {self.microversion}"
        return (
            f"FAIL  {self.path} @ {self.microversion}: "
            f"{self.error.status} {self.error.fault}: {self.error.message}"
        )


def template_files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.json"))
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(path)


def check(path: Path, microversion: str, options: bootreq.Options) -> Verdict:
    raw = path.read_bytes()
    try:
        document = json.loads(raw)
    except ValueError:
        document = None
    if isinstance(document, dict) and "body" in document and "server" not in document:
        microversion = str(document.get("microversion", microversion))
        result = bootreq.parse(document["body"], microversion, options=options)
    else:
        # Hand over the bytes: bootreq decodes them the way Nova does.
        result = bootreq.parse(raw, microversion, options=options)
    error = result if isinstance(result, bootreq.HttpError) else None
    return Verdict(path, microversion, error)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="template files or folders")
    parser.add_argument("--microversion", default="latest", help="default: latest")
    parser.add_argument("--max-microversion", help="the newest version your cloud supports")
    parser.add_argument(
        "--api-only",
        action="store_true",
        help="only Nova's API layer, not the request-only compute checks",
    )
    args = parser.parse_args(argv)
    options = bootreq.Options(
        max_microversion=args.max_microversion, compute_checks=not args.api_only
    )
    try:
        verdicts = [check(p, args.microversion, options) for p in template_files(args.paths)]
    except FileNotFoundError as missing:
        print(f"preflight: no such file: {missing}", file=sys.stderr)
        return 2
    for verdict in verdicts:
        print(verdict.line())
    failed = sum(not verdict.ok for verdict in verdicts)
    print(f"{len(verdicts) - failed} ok, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
