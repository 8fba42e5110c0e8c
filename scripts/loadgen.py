"""A small HTTP/1.1 keep-alive load generator (asyncio), for the benchmark on loopback.

Each simulated client holds one connection and sends its requests one after another, so
`concurrency` is the number of requests in flight. Runs are bounded by count and by time.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else 0.0

    def summary(self) -> str:
        ok = self.statuses.get(200, 0) + self.statuses.get(201, 0)
        return (
            f"{len(self.latencies)} requests in {self.elapsed:.2f} s = {self.rate:,.0f}/s; "
            f"p50 {self.percentile(0.50):.1f} ms, p99 {self.percentile(0.99):.1f} ms, "
            f"mean {statistics.fmean(self.latencies) * 1000:.1f} ms; "
            f"statuses {dict(sorted(self.statuses.items()))} ({ok} ok)"
        )


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


async def one_client(
    host: str,
    port: int,
    make_request: Callable[[int], bytes],
    index: int,
    quota: int,
    stop_at: float,
    result: Result,
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for n in range(quota):
            if time.perf_counter() > stop_at:
                break
            started = time.perf_counter()
            # Each client walks its own stretch of requests, so at any moment the clients are
            # different people (as in life), not sixteen copies of one.
            writer.write(make_request(index * quota + n))
            status = await read_response(reader)
            result.latencies.append(time.perf_counter() - started)
            result.statuses[status] = result.statuses.get(status, 0) + 1
    finally:
        writer.close()


async def run(
    host: str,
    port: int,
    make_request: Callable[[int], bytes],
    concurrency: int,
    total: int,
    max_seconds: float,
) -> Result:
    result = Result()
    started = time.perf_counter()
    stop_at = started + max_seconds
    quota = max(1, total // concurrency)
    await asyncio.gather(
        *(
            one_client(host, port, make_request, i, quota, stop_at, result)
            for i in range(concurrency)
        )
    )
    result.elapsed = time.perf_counter() - started
    return result
