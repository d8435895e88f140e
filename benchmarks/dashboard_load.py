"""Dashboard load: the national and prefecture pages under concurrent users, loopback only.

Starts the dashboard (uvicorn, one worker) in a subprocess on a free 127.0.0.1 port over the
given database (PostgreSQL with the full national demo by default; seeded when empty), warms the
per-data-version caches once, then runs `--clients` concurrent signed-in users, each making
`--requests` requests alternating between the national page and a prefecture page with `--think`
seconds between page views (0 = back-to-back stress), under a hard `--time-limit`. Prints p50/p95/p99
per page, requests per second and the machine.

    python benchmarks/dashboard_load.py [--db postgresql://postgres@127.0.0.1/dashboard_bench]
        [--clients 50] [--requests 20] [--think 1] [--time-limit 180]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-secret-key-not-for-production"
PREFECTURES = ("01", "13", "14", "23", "27", "40", "47")
SERVER = """
import sys, uvicorn
from conformance.web import Settings, create_app
app = create_app(Settings(db_url=sys.argv[1], secret_key=sys.argv[2]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(db_url: str) -> None:
    from conformance.tracker import TrackerService
    from conformance.web import AccountStore

    service = TrackerService.from_url(db_url)
    service.init()
    if service.is_empty():
        print("seeding the full synthetic national demo (takes a minute or two) …", flush=True)
        service.init(demo=True)
    accounts = AccountStore(service.store.engine)
    accounts.upgrade()
    accounts.create_demo_accounts()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _user(client: httpx.AsyncClient, index: int, *, requests: int, stop: float, think: float,
                timings: dict[str, list[float]], errors: list[str]) -> None:
    await asyncio.sleep(think * index / 50)  # users arrive spread over one think time, not all at once
    for number in range(requests):
        if time.monotonic() > stop:
            return
        path = "/national" if number % 2 == 0 else f"/prefectures/{PREFECTURES[(index + number) % len(PREFECTURES)]}"
        began = time.perf_counter()
        response = await client.get(path)
        elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 200:
            errors.append(f"{path}: {response.status_code}")
        timings["national" if path == "/national" else "prefecture"].append(elapsed)
        await asyncio.sleep(think)


async def _load(base: str, token: str, *, clients: int, requests: int, limit: float,
                think: float) -> tuple[dict[str, list[float]], list[str], float]:
    timings: dict[str, list[float]] = {"national": [], "prefecture": []}
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, cookies={"cf_session": token}, limits=limits, timeout=60) as client:
        began = time.monotonic()
        await asyncio.gather(*(_user(client, i, requests=requests, stop=began + limit, think=think,
                                     timings=timings, errors=errors)
                               for i in range(clients)))
        return timings, errors, time.monotonic() - began


def main() -> int:
    """Run the benchmark; exit 1 when a request failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("CONFORMANCE_BENCH_DB",
                                                       "postgresql://postgres@127.0.0.1/dashboard_bench"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    parser.add_argument("--time-limit", type=float, default=180.0, help="hard limit of the measured phase (s)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds each user waits between page views (0 = back-to-back stress)")
    args = parser.parse_args()
    _prepare(args.db)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, args.db, SECRET, str(port)], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        from conformance.web import issue_session

        token = issue_session(SECRET, "agency", hours=2)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the dashboard did not start") from None
                time.sleep(0.2)
        began = time.perf_counter()
        with httpx.Client(base_url=base, cookies={"cf_session": token}, timeout=600) as warm:
            for path in ("/national", *(f"/prefectures/{p}" for p in PREFECTURES)):
                warm.get(path).raise_for_status()
        print(f"warm-up (first national build + {len(PREFECTURES)} grids): {time.perf_counter() - began:.1f} s")
        timings, errors, wall = asyncio.run(_load(base, token, clients=args.clients, requests=args.requests,
                                                  limit=args.time_limit, think=args.think))
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(v) for v in timings.values())
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"database: {args.db.split('@')[-1]}; {args.clients} clients × {args.requests} requests, "
          f"think time {args.think:g} s; "
          f"{total} requests in {wall:.1f} s = {total / wall:.0f} req/s; errors: {len(errors)}")
    for page, values in timings.items():
        if values:
            print(f"{page:>10}: n={len(values)} p50={statistics.median(values):.0f} ms "
                  f"p95={_percentile(values, 0.95):.0f} ms p99={_percentile(values, 0.99):.0f} ms "
                  f"max={max(values):.0f} ms")
    for error in errors[:10]:
        print("error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
