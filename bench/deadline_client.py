"""A browser-like HTTP/1.1 client on asyncio streams, and the tallies of bench/deadline_day.py.

Neither aiohttp nor httpx is in the venv, so `Browser` speaks HTTP/1.1 itself: one keep-alive
connection per virtual user (reopened after `IDLE_S`, under uvicorn's 5 s keep-alive, and
once more when a reused connection turns out closed before any answer, as browsers do),
Content-Length and chunked bodies, a cookie jar, and the CSRF header the portal sends (the
`jixiao_csrf` cookie repeated in `X-CSRF-Token`). Each virtual user sends its own
`X-Forwarded-For` address, as behind the reverse proxy: `jixiao serve` trusts the header from
127.0.0.1 (uvicorn's proxy headers), so the per-address sign-in throttle and rate limit count
each user apart, as they would count real offices.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import json
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

CSRF_COOKIE = "jixiao_csrf"
IDLE_S = 4.0
TIMEOUT_S = 60.0


class Closed(Exception):
    """The server closed the connection before answering."""


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """One user's connection and cookies."""

    def __init__(self, host: str, port: int, address: str) -> None:
        self.host, self.port, self.address = host, port, address
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0.0

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def gql(self, query: str, variables: dict[str, Any]) -> Answer:
        body = json.dumps({"query": query, "variables": variables}).encode()
        return await self.request(
            "POST", "/graphql", body, {"Content-Type": "application/json"}, csrf=True
        )

    async def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        csrf: bool = False,
    ) -> Answer:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: jixiao-bench-deadline-day",
            "Accept: application/json",
            f"X-Forwarded-For: {self.address}",
        ]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if csrf and CSRF_COOKIE in self.cookies:
            lines.append(f"X-CSRF-Token: {self.cookies[CSRF_COOKIE]}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        return await asyncio.wait_for(self._send(raw), TIMEOUT_S)

    async def _send(self, raw: bytes) -> Answer:
        if self.writer is not None and time.monotonic() - self.used > IDLE_S:
            await self.close()
        for attempt in (1, 2):
            reused = self.writer is not None
            if not reused:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            assert self.writer is not None
            try:
                self.writer.write(raw)
                await self.writer.drain()
                answer = await self._read(self.reader)
            except (Closed, ConnectionResetError, BrokenPipeError):
                await self.close()
                if reused and attempt == 1:
                    continue  # the server had closed the idle connection: once more, fresh
                raise
            except BaseException:
                await self.close()
                raise
            self.used = time.monotonic()
            self._keep(answer.headers)
            if any(n == "connection" and v.lower() == "close" for n, v in answer.headers):
                await self.close()
            return answer
        raise AssertionError("unreachable")

    async def _read(self, reader: asyncio.StreamReader) -> Answer:
        status_line = await reader.readline()
        if not status_line:
            raise Closed
        status = int(status_line.split(b" ", 2)[1])
        headers = []
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        found = dict(headers)
        if found.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await reader.readline()).split(b";")[0], 16):
                parts.append(await reader.readexactly(size))
                await reader.readexactly(2)
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            body = b"".join(parts)
        elif "content-length" in found:
            body = await reader.readexactly(int(found["content-length"]))
        elif status in (204, 304):
            body = b""
        else:
            body = await reader.read()
            headers.append(("connection", "close"))
        return Answer(status, headers, body)

    def _keep(self, headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            if name != "set-cookie":
                continue
            pair, *attributes = value.split(";")
            key, _, content = pair.strip().partition("=")
            gone = any(a.strip().lower() in ("max-age=0", "max-age=-1") for a in attributes)
            if gone or not content:
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = content


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Tally:
    """One operation's answers: seconds of those answered (ok or refused), and counts."""

    seconds: list[float] = field(default_factory=list)
    ok: int = 0
    refused: int = 0
    errors: int = 0


@dataclass
class Stats:
    """Every operation's tally, what was refused and why, what failed and how."""

    ops: dict[str, Tally] = field(default_factory=dict)
    refusals: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)  # a message of each failure kind
    idle: Counter[str] = field(default_factory=Counter)  # actions that found nothing to do
    started: float = field(default_factory=time.monotonic)
    slowest: list[tuple[float, float, str]] = field(default_factory=list)  # (s, sent at, op)
    timeline: list[tuple[float, float]] = field(default_factory=list)  # (sent at, s)

    def _timed(self, op: str, seconds: float) -> None:
        sent = time.monotonic() - self.started - seconds
        self.timeline.append((sent, seconds))
        heapq.heappush(self.slowest, (seconds, sent, op))
        if len(self.slowest) > 5:
            heapq.heappop(self.slowest)

    def answered(self, op: str, seconds: float, refusal: str | None = None) -> None:
        tally = self.ops.setdefault(op, Tally())
        tally.seconds.append(seconds)
        self._timed(op, seconds)
        if refusal is None:
            tally.ok += 1
        else:
            tally.refused += 1
            self.refusals[f"{op}: {refusal}"] += 1

    def failed(self, op: str, kind: str, message: str = "", seconds: float | None = None) -> None:
        tally = self.ops.setdefault(op, Tally())
        tally.errors += 1
        if seconds is not None:
            tally.seconds.append(seconds)
            self._timed(op, seconds)
        key = f"{op}: {kind}"
        self.failures[key] += 1
        self.samples.setdefault(key, message[:300])

    def by_window(self, width: float) -> list[tuple[float, int, float]]:
        """(start, requests, p95) of the requests sent in each `width` seconds of the run:
        whether the tail comes from the sign-ins of the first seconds or from all along."""
        windows: dict[int, list[float]] = {}
        for sent, seconds in self.timeline:
            windows.setdefault(int(max(sent, 0.0) // width), []).append(seconds)
        return [
            (index * width, len(found), percentile(sorted(found), 0.95))
            for index, found in sorted(windows.items())
        ]

    def all_seconds(self) -> list[float]:
        return sorted(s for tally in self.ops.values() for s in tally.seconds)

    @property
    def requests(self) -> int:
        return sum(t.ok + t.refused + t.errors for t in self.ops.values())

    @property
    def errors(self) -> int:
        return sum(t.errors for t in self.ops.values())

    @property
    def refused(self) -> int:
        return sum(t.refused for t in self.ops.values())
