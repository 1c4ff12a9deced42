"""A TCP forwarder to stand between the app and PostgreSQL, so tests can take the database
away (cut), hang it (stall), and bring it back, without touching the shared server."""

from __future__ import annotations

import asyncio
import contextlib
import socket


def free_port() -> int:
    """A local port nothing listens on (for a moment)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Forwarder:
    """Forwards 127.0.0.1:`port` to `target`.

    `stalled` forwarders accept connections and read what comes, but never pass a byte on,
    as a database whose host stopped answering would.
    """

    def __init__(self, target: tuple[str, int] | None, port: int | None = None) -> None:
        self.target = target
        self.port = port or free_port()
        self.stalled = target is None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> Forwarder:
        """Listen (again) on the same port."""
        self._server = await asyncio.start_server(
            self._accept, "127.0.0.1", self.port, reuse_address=True
        )
        return self

    async def cut(self) -> None:
        """Stop listening and close every connection: the database is gone."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.sleep(0.05)
        self._writers.clear()

    def stall(self) -> None:
        """Keep every connection open but pass nothing on from now on."""
        self.stalled = True

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        if self.stalled or self.target is None:
            await self._swallow(reader)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.add(up_writer)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _swallow(self, reader: asyncio.StreamReader) -> None:
        with contextlib.suppress(Exception):
            while await reader.read(65536):
                pass

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while chunk := await source.read(65536):
                if self.stalled:
                    await self._swallow(source)
                    return
                sink.write(chunk)
                await sink.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            if not self.stalled:
                sink.transport.abort()
