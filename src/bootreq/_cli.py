"""The ``bootreq`` command: check server-create bodies before Nova sees them.

Commands (``bootreq COMMAND --help`` for each):

- ``check FILE...``: Nova's answer to each body, with every schema violation;
- ``needs FILE...``: the microversions at which each body is accepted, and
  which of its members decide it;
- ``schema``: the create body's JSON Schema at a microversion, or an
  OpenAPI 3.1 document of ``POST /servers`` across microversions;
- ``versions``: the create body's microversion table and Nova's releases.

Exit status: 0 success (every body accepted), 1 some body rejected (``needs``:
accepted at no microversion), 2 usage error (bad option, unreadable file),
3 internal error (a bootreq bug: please report it).

The JSON output of ``check`` (``--format json``) is stable, versioned by its
``format`` member (``"bootreq-check/1"``)::

    {"format": "bootreq-check/1",
     "accepted": 1, "rejected": 1,
     "results": [
       {"file": "ok.json", "microversion": "2.104", "accepted": true,
        "summary": {"name": ..., "flavor_id": ..., "image_ref": ..., ...},
        "error": null},
       {"file": "bad.json", "microversion": "2.51", "accepted": false,
        "summary": null,
        "error": {"status": 400, "fault": "badRequest", "message": "<Nova's text>",
                  "pointer": "/server",
                  "violations": [{"pointer": "/server", "message": "...",
                                  "hint": "what to change, or null"}]}}]}

New members may be added to objects within format version 1; none is
removed or changes meaning without a new format version.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

import attrs

from bootreq import releases, schemas
from bootreq._api import parse
from bootreq._suggest import Suggestion, suggest
from bootreq.advice import Acceptance, accepted_microversions, schema_changes
from bootreq.cloud import Cloud
from bootreq.errors import HttpError
from bootreq.microversion import (
    MAX_VERSION,
    MIN_VERSION,
    InvalidMicroversion,
    Microversion,
)
from bootreq.model import BuildRequest
from bootreq.openapi import json_schema, openapi_document
from bootreq.options import Options
from bootreq.release_rules import COVERED, behaviour_for, changes_between, newest_microversion

__all__ = ["CHECK_FORMAT", "main"]


def __dir__() -> list[str]:
    return __all__


CHECK_FORMAT = "bootreq-check/1"
NEEDS_FORMAT = "bootreq-needs/1"
VERSIONS_FORMAT = "bootreq-versions/1"

OK, REJECTED, USAGE, INTERNAL = 0, 1, 2, 3


class _UsageError(Exception):
    """A problem with the command line or its files (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    # argparse exits with 2 on usage errors already; keep its message format.
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: error: {message}\n")


# -- shared option handling


def _microversion_arg(text: str) -> str:
    if text.lower() == "latest":
        return "latest"
    try:
        Microversion.parse(text)
    except InvalidMicroversion as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _add_cloud_options(parser: argparse.ArgumentParser) -> None:
    cloud = parser.add_mutually_exclusive_group()
    cloud.add_argument(
        "--max-microversion",
        metavar="V",
        type=_microversion_arg,
        help=f"the newest microversion the cloud serves (default: {MAX_VERSION}, Nova 34.0.0)",
    )
    cloud.add_argument(
        "--release",
        metavar="NAME",
        help="answer as a Nova release: a version (31.3.1), a series (2025.1) or a "
        "name (epoxy): its newest microversion, schemas, rules and messages "
        "(default: 34.0.0; see 'bootreq versions')",
    )


def _options(args: argparse.Namespace) -> Options:
    """The Options of the cloud options (--release, --max-microversion, --api-only)."""
    try:
        return Options(max_microversion=_maximum(args), release=args.release,
                       compute_checks=not args.api_only,
                       cloud=_cloud(getattr(args, "cloud", None)))
    except releases.UnknownRelease as error:
        raise _UsageError(str(error)) from None


def _cloud(name: str | None) -> Cloud | None:
    """The cloud-state file --cloud names (bootreq.cloud's JSON form)."""
    if name is None:
        return None
    try:
        with open(name, encoding="utf-8") as f:
            document = json.load(f)
        return Cloud.from_json(document)
    except (OSError, ValueError) as error:  # CloudStateError is a ValueError
        raise _UsageError(f"--cloud {name}: {error}") from None


def _maximum(args: argparse.Namespace) -> Microversion | None:
    if args.release is not None:
        # The release's own maximum, spelled out for the layers reading only
        # max_microversion (bootreq.http).
        try:
            return newest_microversion(args.release)
        except releases.UnknownRelease as error:
            raise _UsageError(str(error)) from None
    if args.max_microversion in (None, "latest"):
        return None
    version = Microversion.parse(args.max_microversion)
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise _UsageError(
            f"--max-microversion {version} is outside {MIN_VERSION} - {MAX_VERSION}"
        )
    return version


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text; json is stable, see the docs)",
    )


@attrs.frozen
class _Input:
    name: str
    body: Any  # the raw bytes, or the envelope's decoded body
    microversion: str | None  # an envelope's own microversion


def _read(name: str) -> _Input:
    try:
        if name == "-":
            raw = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            with open(name, "rb") as file:
                raw = file.read()
    except OSError as error:
        raise _UsageError(f"cannot read {name}: {error.strerror or error}") from None
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        document = None
    if isinstance(document, dict) and "body" in document and "server" not in document:
        # An envelope {"microversion": ..., "body": ...} pins its own version.
        version = document.get("microversion")
        return _Input(name, document["body"], None if version is None else str(version))
    # The bytes themselves: bootreq decodes them the way Nova does.
    return _Input(name, raw, None)


def _error_json(error: HttpError) -> dict[str, Any]:
    return {
        "status": error.status,
        "fault": error.fault,
        "message": error.message,
        "pointer": error.pointer,
        "violations": [
            {"pointer": violation.pointer, "message": violation.message, "hint": violation.hint}
            for violation in error.violations
        ],
    }


def _dump(value: Any, out: TextIO) -> None:
    json.dump(value, out, indent=2, ensure_ascii=False)
    out.write("\n")


# -- check


def _summary(request: BuildRequest) -> dict[str, Any]:
    networks = request.requested_networks
    mappings = request.block_device_mappings
    return {
        "name": request.name,
        "flavor_id": request.flavor_id,
        "image_ref": request.image_ref,
        "min_count": request.min_count,
        "max_count": request.max_count,
        "networks": networks if isinstance(networks, str) or networks is None
        else len(networks),
        "block_device_mappings": None if mappings is None else len(mappings),
        "availability_zone": request.availability_zone,
        "key_name": request.key_name,
        "tags": None if request.tags is None else list(request.tags),
        "policies": list(request.policies),
    }


def _summary_text(summary: dict[str, Any]) -> str:
    parts = [f"name {summary['name']!r}", f"flavor {summary['flavor_id']}"]
    parts.append(f"image {summary['image_ref']}" if summary["image_ref"] else "boot from volume")
    if summary["max_count"] > 1:
        parts.append(f"{summary['min_count']}-{summary['max_count']} servers")
    networks = summary["networks"]
    if networks is not None:
        parts.append(f"networks {networks}" if isinstance(networks, str) else
                     f"{networks} network request{'s' * (networks != 1)}")
    if summary["block_device_mappings"]:
        count = summary["block_device_mappings"]
        parts.append(f"{count} block device{'s' * (count != 1)}")
    if summary["availability_zone"]:
        parts.append(f"zone {summary['availability_zone']}")
    if summary["key_name"]:
        parts.append(f"key {summary['key_name']}")
    if summary["tags"]:
        parts.append("tags " + ", ".join(summary["tags"]))
    return ", ".join(parts)


def _error_text(error: HttpError) -> list[str]:
    lines = [f"  {error.message.rstrip()}"]
    if error.pointer is not None:
        lines.append(f"  at {error.pointer or '/'} (JSON Pointer)")
    violations = error.violations
    if len(violations) == 1 and violations[0].pointer == error.pointer and (
            error.message.endswith(violations[0].message)):
        if violations[0].hint:
            lines.append(f"  hint: {violations[0].hint}")
        return lines
    if violations:
        count = len(violations)
        lines.append(f"  {count} violation{'s' * (count != 1)}:")
        for v in violations:
            lines.append(f"    {v.pointer or '/'}: {v.message}")
            if v.hint:
                lines.append(f"      hint: {v.hint}")
    return lines


def _check(args: argparse.Namespace, out: TextIO) -> int:
    options = _options(args)
    inputs = [_read(name) for name in args.files]
    results: list[dict[str, Any]] = []
    for item in inputs:
        requested = args.microversion or item.microversion or "latest"
        answer = parse(item.body, requested, options=options)
        if isinstance(answer, BuildRequest):
            results.append({
                "file": item.name, "microversion": str(answer.microversion),
                "accepted": True, "summary": _summary(answer), "error": None,
            })
        else:
            version = newest_microversion(options.release, options.max_microversion)
            shown = str(version) if requested.lower() == "latest" else requested
            results.append({
                "file": item.name, "microversion": shown, "accepted": False,
                "summary": None, "error": _error_json(answer), "_error": answer,
            })
    rejected = sum(not result["accepted"] for result in results)
    if args.format == "json":
        for result in results:
            result.pop("_error", None)
        _dump({"format": CHECK_FORMAT, "accepted": len(results) - rejected,
               "rejected": rejected, "results": results}, out)
    else:
        for result in results:
            if result["accepted"]:
                print(f"{result['file']}: accepted at {result['microversion']}", file=out)
                print(f"  {_summary_text(result['summary'])}", file=out)
            else:
                error = result["_error"]
                fault = f" {error.fault}" if error.fault else ""
                print(f"{result['file']}: rejected at {result['microversion']}: "
                      f"{error.status}{fault}", file=out)
                print("\n".join(_error_text(error)), file=out)
        print(f"{len(results) - rejected} accepted, {rejected} rejected", file=out)
    return REJECTED if rejected else OK


# -- needs


def _needs_json(name: str, acceptance: Acceptance, suggestion: Suggestion) -> dict[str, Any]:
    return {
        "file": name,
        "suggestion": suggestion.to_json(),
        "accepted": acceptance.lowest is not None,
        "lowest": None if acceptance.lowest is None else str(acceptance.lowest),
        "highest": None if acceptance.highest is None else str(acceptance.highest),
        "contiguous": acceptance.contiguous,
        "forcing_lowest": list(acceptance.forcing_lowest),
        "members_since": [
            {"field": field, "microversion": str(version)}
            for field, version in acceptance.members_since
        ],
        "forcing_highest": list(acceptance.forcing_highest),
        "legacy_v2": acceptance.legacy_v2 is None,
        "spans": [
            {
                "first": str(span.first),
                "last": str(span.last),
                "accepted": span.accepted,
                "changes": list(span.changes),
                "fields": list(span.fields),
                "error": None if span.error is None else _error_json(span.error),
            }
            for span in acceptance.spans
        ],
    }


def _needs_text(name: str, acceptance: Acceptance, suggestion: Suggestion) -> list[str]:
    lowest, highest = acceptance.lowest, acceptance.highest
    if lowest is None or highest is None:
        lines = [f"{name}: accepted at no microversion"]
    else:
        lines = [f"{name}: needs microversion {lowest} or newer"
                 if highest == acceptance.spans[-1].last
                 else f"{name}: accepted from {lowest} to {highest}"]
        if acceptance.members_since:
            lines.append("  because of: " + ", ".join(
                f"{field} ({version})" for field, version in acceptance.members_since))
        if acceptance.forcing_highest:
            lines.append(f"  highest {highest} because of: "
                         f"{', '.join(acceptance.forcing_highest)}")
        if not acceptance.contiguous:
            accepted = ", ".join(str(span) for span in acceptance.spans if span.accepted)
            lines.append(f"  accepted only at: {accepted}")
    lines.extend(suggestion.lines())
    for span in acceptance.spans:
        verdict = "accepted" if span.accepted else "rejected"
        why = f" ({'; '.join(span.changes)})" if span.changes else ""
        lines.append(f"  {span}: {verdict}{why}")
        if span.error is not None and span.error.violations:
            lines.extend(f"    {v.pointer or '/'}: {v.message}" for v in span.error.violations)
        elif span.error is not None:
            lines.append(f"    {span.error.status}: {span.error.message}")
    legacy = "accepted" if acceptance.legacy_v2 is None else "rejected"
    lines.append(f"  legacy v2.0 endpoint: {legacy}")
    return lines


def _needs(args: argparse.Namespace, out: TextIO) -> int:
    options = _options(args)
    inputs = [_read(name) for name in args.files]
    found = []
    for item in inputs:
        acceptance = accepted_microversions(item.body, options=options)
        requested = args.microversion or item.microversion or "latest"
        answer = parse(item.body, requested, options=options)
        sent = newest_microversion(options.release, options.max_microversion) \
            if requested.lower() == "latest" \
            else Microversion.parse(requested)
        error = answer if isinstance(answer, HttpError) else None
        found.append((item.name, acceptance, suggest(acceptance, sent, error)))
    if args.format == "json":
        _dump({"format": NEEDS_FORMAT,
               "results": [_needs_json(*result) for result in found]}, out)
    else:
        for result in found:
            print("\n".join(_needs_text(*result)), file=out)
    return REJECTED if any(acceptance.lowest is None for _, acceptance, _ in found) else OK


# -- schema


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    if args.openapi:
        _dump(openapi_document(), out)
        return OK
    try:
        document = json_schema(args.microversion)
    except InvalidMicroversion as error:
        raise _UsageError(str(error)) from None
    _dump(document, out)
    return OK


# -- versions


def _versions(args: argparse.Namespace, out: TextIO) -> int:
    rows = []
    for schema_range in schemas.RANGES:
        last = "latest" if schema_range.last == MAX_VERSION else str(schema_range.last)
        rows.append({
            "range": schema_range.name,
            "first": str(schema_range.first),
            "last": str(schema_range.last),
            "summary": schema_range.summary,
            "changes": [str(change) for change in schema_changes(schema_range)],
            "_span": str(schema_range.first) if schema_range.first == schema_range.last
            else f"{schema_range.first} - {last}",
        })
    known = [
        {"name": release.name, "codename": release.codename,
         "max_microversion": str(release.max_microversion)}
        for release in releases.RELEASES
    ]
    covered = _covered_releases()
    if args.format == "json":
        for row in rows:
            del row["_span"]
        _dump({"format": VERSIONS_FORMAT, "ranges": rows, "releases": known,
               "nova_releases": covered}, out)
        return OK
    print("Create body (POST /servers) by microversion range:", file=out)
    for row in rows:
        print(f"  {row['_span']:<13} {row['range']:<12} {row['summary']}", file=out)
        for change in row["changes"]:
            print(f"  {'':<13} {'':<12}   {change}", file=out)
    print("\nNewest microversion of each Nova release (--release NAME):", file=out)
    for release in releases.RELEASES:
        print(f"  {release.max_microversion!s:<6} {release}", file=out)
    print("\nNova releases answered as recorded (--release VERSION), newest first,"
          "\neach with what it answers differently from the one above it (-: the older"
          "\nanswer; +: a fix the one above does not have yet):", file=out)
    for nova in covered:
        print(f"  {nova['version']:<7} {nova['series']:<18} max {nova['max_microversion']}",
              file=out)
        for change in nova["changes"]:
            mark = "-" if change["older_answer"] else "+"
            print(f"    {mark} {change['name']}: {change['summary']}", file=out)
    return OK


def _covered_releases() -> list[dict[str, Any]]:
    """The covered releases, newest first, with their changes against the next newer."""
    found = []
    newer: str | None = None
    for version in reversed(COVERED):
        nova = behaviour_for(version)
        changes = [] if newer is None else [
            {"name": change.name, "summary": change.summary, "older_answer": older}
            for change, older in changes_between(version, newer)]
        found.append({"version": version, "series": str(nova.series),
                      "max_microversion": str(nova.max_microversion), "changes": changes})
        newer = version
    return found


# -- the parser


_EPILOG = """\
exit status: 0 all accepted, 1 some rejected, 2 usage error, 3 internal error.
Run 'bootreq COMMAND --help' for a command's options."""


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bootreq",
        description="Nova's verdict on POST /servers bodies (Nova 34.0.0, "
        f"microversions {MIN_VERSION} - {MAX_VERSION}), without Nova.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                     parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="Nova's answer to each body, with every violation",
        description="Check each FILE as the body of POST /servers: print a short summary "
        "of the build request, or Nova's error with the JSON Pointer of the offending "
        "member and every schema violation found. A FILE may also be an envelope "
        '{"microversion": "2.74", "body": {...}} pinning its own microversion.',
        epilog="exit status: 0 all accepted, 1 some rejected, 2 usage error, "
        "3 internal error.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a JSON body; - reads stdin")
    check.add_argument(
        "-m", "--microversion",
        type=_microversion_arg,
        help="the request's microversion: 2.94, latest, or 2.0 for the legacy v2 endpoint "
        "(default: an envelope's own, else latest)",
    )
    _add_cloud_options(check)
    check.add_argument(
        "--cloud", metavar="FILE",
        help="a cloud-state JSON file: what Nova's services answer (flavors, images, "
        "volumes, networks, ports, security groups, key pairs, server groups, hosts, "
        "quotas ...; see the docs' cloud state page)",
    )
    check.add_argument(
        "--api-only", action="store_true",
        help="only Nova's API layer, not the request-only checks of compute_api.create",
    )
    _add_format(check)
    check.set_defaults(run=_check)

    needs = commands.add_parser(
        "needs",
        help="the microversions at which each body is accepted, and why",
        description="Which microversion does this body need? Parse each FILE at every "
        "microversion and print the lowest and highest that accept it, the accepted "
        "ranges (they need not be contiguous) and the body's members whose schema "
        "changes decide it. Nova's API layer only, unless --compute-checks.",
        epilog="exit status: 0 accepted at some microversion, 1 at none, 2 usage error, "
        "3 internal error.",
    )
    needs.add_argument("files", nargs="+", metavar="FILE", help="a JSON body; - reads stdin")
    needs.add_argument(
        "-m", "--microversion",
        type=_microversion_arg,
        help="the microversion the client sends, for the smallest change and the fixes "
        "(default: an envelope's own, else latest)",
    )
    _add_cloud_options(needs)
    needs.add_argument(
        "--compute-checks", dest="api_only", action="store_false",
        help="also the request-only checks of compute_api.create",
    )
    _add_format(needs)
    needs.set_defaults(run=_needs, api_only=True)

    schema = commands.add_parser(
        "schema",
        help="the create body's JSON Schema, or an OpenAPI 3.1 document",
        description="Print the JSON Schema (2020-12) of the POST /servers body at a "
        "microversion, or with --openapi an OpenAPI 3.1 document covering every "
        "microversion (x-openstack min-ver/max-ver per schema, as OpenStack's code "
        "generator writes them). The schemas accept exactly what Nova's schema "
        "stage accepts, given Nova's formats (name, uuid, base64, ipv4, ipv6).",
    )
    schema.add_argument(
        "-m", "--microversion", type=_microversion_arg, default="latest",
        help="2.94, latest (the default) or 2.0 for the legacy v2 endpoint",
    )
    schema.add_argument("--openapi", action="store_true",
                        help="an OpenAPI 3.1 document for all microversions instead")
    schema.set_defaults(run=_schema)

    versions = commands.add_parser(
        "versions",
        help="the microversion table of the create body, and Nova's releases",
        description="Print which microversion range adds, removes or changes which "
        "member of the create body (computed from the schemas), and the newest "
        "microversion of each Nova release.",
    )
    _add_format(versions)
    versions.set_defaults(run=_versions)

    # The fake Nova server lives in its own module (bootreq._serve).
    from bootreq import _serve

    _serve.add_parser(commands, _add_cloud_options, _maximum, _cloud)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bootreq`` command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    out = sys.stdout
    try:
        status: int = args.run(args, out)
    except _UsageError as error:
        print(f"bootreq {args.command}: error: {error}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:  # `bootreq ... | head`
        return OK
    except Exception:
        print("bootreq: internal error (please report it):", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return INTERNAL
    out.flush()
    return status
