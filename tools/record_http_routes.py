#!/usr/bin/env python3
"""Record Nova's answers outside ``POST /servers``: version documents, 300, 404.

Run from the repository root with the Nova venv's Python:
``~/nova-venv/bin/python tools/record_http_routes.py``. Writes
tests/http/data/routes.jsonl: one request (method, path, headers) and Nova's
status, headers (less the random request ids, whose presence is noted) and
exact body per line, answered by Nova 34.0.0's real ``osapi_compute`` app.
"""

import json
import sys

sys.path.insert(0, "../shared/oracle")
import nova_oracle

HOST = "nova-api.example.com:8774"
PATHS = ["/", "/v2.1", "/v2.1/", "/v2", "/v2/", "/v3", "/v2.1/foo", "/v2/foo", "/foo/bar",
         "/v2.1/servers/", "/v2.10", "/v21", "/v2.1/servers/x/y", "/v2/servers/"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
HEADER_SETS = [
    {"Accept": "application/json"},
    {},
    {"Accept": "application/vnd.openstack.compute+json"},
    {"Accept": "text/html"},
    {"Accept": "application/atom+xml"},
    {"Accept": "application/json", "OpenStack-API-Version": "compute 2.50"},
    {"Accept": "application/json", "OpenStack-API-Version": "compute latest"},
    {"Accept": "application/json", "OpenStack-API-Version": "compute 2.999"},
    {"Accept": "application/json", "X-OpenStack-Nova-API-Version": "2.x"},
    {"Accept": "application/json", "Content-Type": "text/html"},
]


def main() -> None:
    import webob

    oracle = nova_oracle.get_oracle()
    with open("tests/http/data/routes.jsonl", "w", encoding="utf-8") as out:
        for path in PATHS:
            for method in METHODS:
                header_sets = HEADER_SETS if method in ("GET", "POST") else HEADER_SETS[:1]
                for headers in header_sets:
                    request = webob.Request.blank(path, method=method)
                    request.host = HOST
                    for name, value in headers.items():
                        request.headers[name] = value
                    response = request.get_response(oracle.app)
                    out.write(json.dumps({
                        "method": method, "path": path, "headers": headers,
                        "status": response.status_int,
                        "response_headers": [[k, v] for k, v in response.headerlist
                                             if "request-id" not in k.lower()],
                        "request_ids": any("request-id" in k.lower()
                                           for k, _ in response.headerlist),
                        "body": response.body.decode("utf-8"),
                    }, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
