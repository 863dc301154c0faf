"""The million-input run: every guarantee and the engine/jsonschema agreement at scale.

    .venv/bin/python -m tests.property.long_run --inputs 1000000 --workers 2 --seed 0

Input ``i`` of a run is generated from ``Random(f"{seed}:{i}")`` alone, so any
failure is reproduced with ``--first i --inputs 1``. Each input is a
schema-valid body for a random microversion (2.0 to 2.104), mutated 70% of
the time; every 16th input is also fed as damaged raw bytes. Each is checked
with :func:`tests.property.guarantees.check_body` (no exception, no mutation,
one answer whatever the body's form) and against jsonschema in its own range
and one other range. Each worker's address space is capped (``--max-memory-gib``) and each input
has ``INPUT_TIMEOUT`` seconds: a runaway input is a reported failure, never a
lost chunk. ``pytest -m slow`` runs it through
``test_long_run.py`` (``BOOTREQ_LONG_RUN_INPUTS`` sets the count).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import signal
import sys
import time
import traceback
from collections import Counter

from bootreq.schemas import range_for
from tests.property.fastgen import generate, mutate
from tests.property.guarantees import check_body, check_raw
from tests.property.strategies import ALL_VERSIONS, RANGE_SCHEMAS
from tests.property.test_agreement import assert_agrees

__all__ = ["main", "run"]

_BY_NAME = {name: (soft, schema) for name, soft, schema in RANGE_SCHEMAS}


def one_input(seed: int, index: int, stats: Counter[str]) -> None:
    rng = random.Random(f"{seed}:{index}")
    version = rng.choice(ALL_VERSIONS)
    own = range_for(version).name
    soft, schema = _BY_NAME[own]
    document = generate(rng, schema)
    if rng.random() < 0.7:
        document = mutate(rng, document)
        stats["mutated"] += 1
    answer = check_body(document, version, views=rng.random() < 0.25)
    stats[type(answer).__name__ + (f" {answer.status}" if hasattr(answer, "status") else "")] += 1
    other = rng.choice(RANGE_SCHEMAS)
    try:
        text = json.dumps(document, ensure_ascii=rng.random() < 0.5)
    except RecursionError:  # deeper than json can write: parse() took it as a value
        return
    except ValueError:  # a mutation made it contain itself: no JSON, no schema to agree on
        stats["circular"] += 1
        return
    assert_agrees(own, soft, schema, document)
    assert_agrees(other[0], other[1], other[2], document)
    if index % 16 == 0:
        raw = text.encode("utf-8", "surrogatepass")
        cut = rng.randrange(len(raw) + 1)
        check_raw(raw[:cut] + bytes([rng.randrange(256)]) + raw[cut + 1:], version)
        stats["raw"] += 1


#: Seconds one input may take before it is reported (a hang is a finding too).
INPUT_TIMEOUT = 60


def _timed_out(signum: int, frame: object) -> None:
    raise TimeoutError(f"one input took more than {INPUT_TIMEOUT} s")


def run(seed: int, first: int, count: int) -> tuple[Counter[str], list[str]]:
    stats: Counter[str] = Counter()
    failures: list[str] = []
    previous = signal.signal(signal.SIGALRM, _timed_out)
    try:
        for index in range(first, first + count):
            signal.alarm(INPUT_TIMEOUT)
            try:
                one_input(seed, index, stats)
            except Exception:  # a finding: keep going, report them all
                failures.append(f"input {index} (seed {seed}):\n{traceback.format_exc()}")
            finally:
                signal.alarm(0)
            stats["inputs"] += 1
    finally:
        signal.signal(signal.SIGALRM, previous)
    return stats, failures


def _chunk(args: tuple[int, int, int]) -> tuple[Counter[str], list[str]]:
    return run(*args)


def _limit_memory(gib: float) -> None:
    # A runaway input must raise MemoryError (a reported failure), not get its
    # worker OOM-killed: the pool would lose that chunk and wait for it forever.
    cap = int(gib * 2**30)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--max-memory-gib", type=float, default=4.0,
                        help="address-space cap per worker (MemoryError past it)")
    args = parser.parse_args(argv)
    total: Counter[str] = Counter()
    failures: list[str] = []
    chunks = [
        (args.seed, start, min(args.chunk, args.first + args.inputs - start))
        for start in range(args.first, args.first + args.inputs, args.chunk)
    ]
    started = time.monotonic()
    with multiprocessing.Pool(args.workers, _limit_memory, (args.max_memory_gib,)) as pool:
        for stats, found in pool.imap_unordered(_chunk, chunks):
            total.update(stats)
            failures.extend(found)
            for failure in found:
                print(failure, file=sys.stderr, flush=True)
            print(f"{total['inputs']:>9} inputs  {len(failures)} failures  "
                  f"{time.monotonic() - started:8.0f}s", flush=True)
    print(json.dumps({"inputs": total["inputs"], "failures": len(failures),
                      "seconds": round(time.monotonic() - started),
                      "answers": dict(total.most_common())}, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
