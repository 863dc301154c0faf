"""``bootreq serve``: a fake Nova on a port, for clients to point at.

The command's parser and its run function; the server is
:class:`bootreq.testing.FakeNova` (stdlib ``wsgiref``, a thread per
connection). For load, run :func:`bootreq.http.wsgi_app` under a real WSGI
server instead (docs/http.md).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from typing import IO, Any, TextIO

from bootreq import Options
from bootreq.cloud import Cloud
from bootreq.microversion import Microversion
from bootreq.testing import Accepted, FakeNova

__all__ = ["add_parser"]


def __dir__() -> list[str]:
    return __all__


def add_parser(
    commands: Any,
    add_cloud_options: Callable[[argparse.ArgumentParser], None],
    maximum: Callable[[argparse.Namespace], Microversion | None],
    read_cloud: Callable[[str | None], Cloud | None],
) -> None:
    """Add ``serve`` to the ``bootreq`` command's sub-commands.

    ``read_cloud`` reads the ``--cloud`` file (as ``bootreq check`` does).
    """
    serve = commands.add_parser(
        "serve",
        help="a fake Nova: answer POST /servers over HTTP, as Nova would",
        description="Serve Nova's compute API for POST /v2.1/servers, "
        "POST /v2.1/{project_id}/servers, POST /v2/servers and the version documents "
        "(GET /, /v2.1, /v2), answering exactly as Nova 34.0.0's API layer would, "
        "and keep every accepted request. Point a client at http://HOST:PORT/v2.1 "
        "(no authentication: e.g. openstacksdk's auth_type none). Ctrl-C stops.",
        epilog="Not a production server: for load, run bootreq.http.wsgi_app() under "
        "gunicorn or uvicorn.",
    )
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8774,
                       help="the port (default: 8774, Nova's; 0 picks a free one)")
    add_cloud_options(serve)
    serve.add_argument(
        "--cloud", metavar="FILE",
        help="a cloud-state JSON file: what Nova's services answer (flavors, images, "
        "volumes, networks, ports, security groups, key pairs, server groups, hosts, "
        "quotas ...; see the docs' cloud state page)",
    )
    serve.add_argument("--print", dest="show", action="store_true",
                       help="print a line for each accepted request as it arrives")
    serve.add_argument("--keep", metavar="N", type=int,
                       help="keep only the N most recent accepted requests in memory "
                       "(default: all; --print and --dump still see every one)")
    serve.add_argument("--dump", metavar="FILE",
                       help="append each accepted request to FILE as a JSON line "
                       "(- for standard output)")
    serve.set_defaults(run=functools.partial(_run, maximum=maximum, read_cloud=read_cloud))


def _line(record: Accepted) -> str:
    request = record.request
    return (f"{record.status} server {record.server_id or '-'} name {request.name!r} "
            f"flavor {request.flavor_id!r} image {request.image_ref!r} "
            f"at {request.microversion}")


def _run(
    args: argparse.Namespace,
    out: TextIO,
    *,
    maximum: Callable[[argparse.Namespace], Microversion | None],
    read_cloud: Callable[[str | None], Cloud | None],
) -> int:
    options = Options(max_microversion=maximum(args), release=args.release,
                      cloud=read_cloud(args.cloud))
    dump: IO[str] | None = None
    if args.dump == "-":
        dump = out
    elif args.dump:
        dump = open(args.dump, "a", encoding="utf-8")

    def record(accepted: Accepted) -> None:
        if args.show:
            print(_line(accepted), file=out, flush=True)
        if dump is not None:
            dump.write(json.dumps(accepted.to_json()) + "\n")
            dump.flush()

    try:
        nova = FakeNova(host=args.host, port=args.port, options=options, on_record=record,
                        keep=args.keep)
    except OSError as error:
        print(f"bootreq serve: error: cannot listen on {args.host}:{args.port}: {error}",
              file=sys.stderr)
        return 2
    print(f"bootreq serve: Nova's compute API on {nova.compute_url} (Ctrl-C stops)",
          file=sys.stderr, flush=True)
    try:
        nova.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        nova.stop()
        if dump is not None and dump is not out:
            dump.close()
    return 0
