#!/usr/bin/env python3
"""Load on the fake Nova over loopback: requests/s, latency percentiles, errors, server RSS.

    .venv/bin/python benchmarks/http_load.py [--requests 4000] [--clients 8] [--json FILE]

Starts each server in its own process on 127.0.0.1 (a free port), drives it
from this process with a bounded number of ``POST /v2.1/servers`` (a mix of
accepted and rejected bodies, the rejected ones answered with Nova's 400)
over ``http.client`` in ``--clients`` threads, and reads the server's RSS
from ``/proc`` before and after. Servers:

- ``bootreq serve --keep 100``: the standard library's threaded wsgiref (a
  fake Nova for tests; HTTP/1.0, one connection per request), keeping the
  last 100 accepted requests (by default it keeps all: memory then grows by
  about 2.5 KiB per accepted request, by design);
- ``gunicorn``: ``bootreq.http.wsgi_app()`` under gunicorn's sync workers
  (``--gunicorn-workers``), if gunicorn is installed (``pip install gunicorn``).

An error is any answer other than the expected status, or a failed
connection; the run stops by itself after ``--requests`` requests per server.
Loopback only. Writes benchmarks/HTTP_LOAD.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
ACCEPTED = {"server": {"name": "web-1", "flavorRef": "1", "imageRef": IMAGE, "networks": "auto",
                       "metadata": {"role": "web"}, "security_groups": [{"name": "web"}]}}
REJECTED = {"server": {"name": "web-1", "flavorRef": "1", "imageRef": "not-a-uuid",
                       "networks": "auto"}}
# Three accepted requests for one rejected one, at the versions clients send.
MIX = [(ACCEPTED, "2.74", 202), (ACCEPTED, "2.1", 400), (ACCEPTED, "2.94", 202),
       (REJECTED, "2.74", 400), (ACCEPTED, "2.37", 202)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_kib(pid: int) -> int:
    total = 0
    # The server and its children (gunicorn's workers).
    pids = [pid, *_children(pid)]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _wait_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server on port {port}")


def _one(port: int, body: bytes, version: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/v2.1/servers", body=body, headers={
            "Content-Type": "application/json", "Accept": "application/json",
            "OpenStack-API-Version": f"compute {version}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def drive(port: int, requests: int, clients: int) -> dict[str, Any]:
    bodies = [(json.dumps(body).encode(), version, status) for body, version, status in MIX]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        mine: list[float] = []
        for index in counter:
            body, version, expected = bodies[index % len(bodies)]
            start = time.perf_counter()
            try:
                status = _one(port, body, version)
            except OSError as error:
                status, problem = -1, f"{type(error).__name__}: {error}"
            else:
                problem = "" if status == expected else f"status {status} != {expected}"
            mine.append(time.perf_counter() - start)
            if problem:
                with lock:
                    errors.append(problem)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    return {"requests": len(latencies), "seconds": round(elapsed, 2),
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(pct(50), 2), "p90_ms": round(pct(90), 2),
            "p99_ms": round(pct(99), 2), "max_ms": round(1000 * latencies[-1], 2),
            "mean_ms": round(1000 * statistics.fmean(latencies), 2),
            "errors": len(errors), "error_examples": sorted(set(errors))[:3]}


def run_server(
    name: str, command: list[str], port: int, args: argparse.Namespace
) -> dict[str, Any]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port, time.monotonic() + 60)
        drive(port, min(200, args.requests), args.clients)  # warm-up, not counted
        before = _rss_kib(process.pid)
        result = drive(port, args.requests, args.clients)
        after = _rss_kib(process.pid)
        second = drive(port, args.requests, args.clients)  # memory must stay flat
        after_second = _rss_kib(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"server": name, **result, "rss_kib_before": before, "rss_kib_after": after,
            "rss_kib_after_2x": after_second, "errors_second_run": second["errors"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    results = []
    port = _free_port()
    bootreq = str(bin_dir / "bootreq") if (bin_dir / "bootreq").exists() else None
    serve = [bootreq] if bootreq else [sys.executable, "-m", "bootreq"]
    results.append(run_server("bootreq serve --keep 100 (wsgiref, threads)",
                              [*serve, "serve", "--port", str(port), "--keep", "100"], port, args))
    gunicorn = bin_dir / "gunicorn" if (bin_dir / "gunicorn").exists() else shutil.which(
        "gunicorn")
    if gunicorn:
        port = _free_port()
        results.append(run_server(
            f"gunicorn, {args.gunicorn_workers} sync workers",
            [str(gunicorn), "-w", str(args.gunicorn_workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "bootreq.http:wsgi_app()"], port, args))
    for result in results:
        print(json.dumps(result))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
    if not args.no_write:
        _write(results, args)
    return 0 if all(r["errors"] == 0 and r["errors_second_run"] == 0 for r in results) else 1


def _write(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    lines = [
        "# HTTP load: the fake Nova over loopback",
        "",
        f"`benchmarks/http_load.py --requests {args.requests} --clients {args.clients}` "
        f"on {os.cpu_count()} cores, Python {sys.version.split()[0]}: one server process, "
        "the client threads in a second process, one connection per request, "
        "4 in 5 requests accepted (202), 1 in 5 refused (400). RSS is the server's "
        "(all its processes), after a warm-up, before and after the measured run, and "
        "after a second run of the same size.",
        "",
        "| server | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors "
        "| RSS before | after | after 2nd run |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['server']} | {r['requests']} | {r['requests_per_s']} | {r['p50_ms']} "
            f"| {r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} "
            f"| {r['rss_kib_before'] / 1024:.1f} MiB | {r['rss_kib_after'] / 1024:.1f} MiB "
            f"| {r['rss_kib_after_2x'] / 1024:.1f} MiB |")
    lines += ["", "Run it again with `.venv/bin/python benchmarks/http_load.py` "
              "(gunicorn rows need `pip install gunicorn`)."]
    (HERE / "HTTP_LOAD.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
