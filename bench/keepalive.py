"""The load generator's connection: a kept-alive HTTP/1.1 GET, with as little of the client's own CPU as it takes.

The load generator shares the server's two cores. httpx spent 3.4–5.3 ms of CPU on each case page it asked for at
20 clients (``load_generator_cpu_ms_per_request`` in ``bench.floor``, 2026-12-08): a third of what the cores have
for a page at 150 pages/s (2 cores ÷ 150 = 13.3 ms), taken from the server being measured. A benchmark of the
server's throughput must not be bounded by its client, so each client here writes one request made once (its
path, host and cookies never change) and reads the answer's head and the ``Content-Length`` bytes of its body,
on one connection kept alive, as a browser does. Each answer is still read whole, its status checked and its
size counted. The server under test is the one place that speaks HTTP in full; this speaks the part a GET of
our pages needs, and refuses anything else (a chunked or length-less answer) rather than mis-time it.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

import httpx


class UnexpectedAnswer(Exception):
    """An answer this client does not read (no ``Content-Length``): the benchmark stops rather than mis-measure."""


class KeptAlive:
    """One client's connection to ``base``, asking for ``path`` again and again with ``cookies``."""

    def __init__(self, base: str, path: str, cookies: httpx.Cookies | None = None) -> None:
        url = urlsplit(base)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        cookie = "; ".join(f"{name}={value}" for name, value in (cookies or httpx.Cookies()).items())
        lines = [f"GET {path} HTTP/1.1", f"Host: {url.netloc}", "Accept: */*"]
        if cookie:
            lines.append(f"Cookie: {cookie}")
        self.request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self) -> tuple[int, int]:
        """(status, body bytes) of one answer, the connection opened first when there is none, and opened again
        when the server had closed the kept-alive one while it idled (its keep-alive timeout, 5 s for uvicorn), as a
        browser does: a client pausing longer than that between pages (``--think``) finds it closed."""
        reused = self._reader is not None
        try:
            return await self._exchange()
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            closed_while_idle = reused and not (isinstance(error, asyncio.IncompleteReadError) and error.partial)
            await self.close()
            if not closed_while_idle:
                raise
            return await self._exchange()

    async def _exchange(self) -> tuple[int, int]:
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        reader, writer = self._reader, self._writer
        writer.write(self.request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        fields = _fields(head)
        if "content-length" not in fields:
            await self.close()
            raise UnexpectedAnswer(f"{status} without Content-Length: {head[:200]!r}")
        body = await reader.readexactly(int(fields["content-length"]))
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, len(body)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):  # the server may have closed its end first
                await self._writer.wait_closed()
        self._reader = self._writer = None


def _fields(head: bytes) -> dict[str, str]:
    """The header fields of an answer's head, their names lower-cased."""
    fields: dict[str, str] = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name:
            fields[name.strip().lower()] = value.strip()
    return fields
