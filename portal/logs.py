"""Logging set-up: text or one JSON object per line, every record naming its request.

`configure_logging` installs one handler on the root logger. A record logged while a request
runs carries that request's ID (the `X-Request-ID` the client received), whichever module logs
it, so an `INTERNAL_SERVER_ERROR`'s `requestId` leads to its traceback.
"""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar
from typing import Any, TextIO

from pythonjsonlogger.orjson import OrjsonFormatter

FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

current_request: ContextVar[dict[str, Any] | None] = ContextVar("current_request", default=None)
"""The running request's `scope["state"]` (set by `portal.observability`), or None."""


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id`: the running request's, or None outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate `record`; never drops it."""
        if not hasattr(record, "request_id"):
            state = current_request.get()
            record.request_id = state.get("request_id") if state is not None else None
        return True


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is now (test runners swap it), not the one at start-up."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def json_formatter() -> logging.Formatter:
    """One JSON object per record: time, level, logger, message, request_id and any extras."""
    return OrjsonFormatter(
        ["levelname", "name", "message"],
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
    )


def configure_logging(log_format: str) -> None:
    """Send every record to standard error in `log_format` (`text` or `json`).

    Idempotent: a second call replaces the handler the first one installed. Uvicorn's own
    access line is switched off: `kilometer.access` writes a richer one per request.

    Raises:
        ValueError: `log_format` is neither `text` nor `json`.
    """
    if log_format not in FORMATS:
        raise ValueError(f"KILOMETER_LOG_FORMAT must be one of {FORMATS}, not {log_format!r}")
    formatter = json_formatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler = StderrHandler()
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    logging.getLogger("kilometer").setLevel(logging.INFO)
    # Uvicorn's loggers do not propagate to the root: give their handlers the same format.
    for name in ("uvicorn", "uvicorn.error"):
        for uvicorn_handler in logging.getLogger(name).handlers:
            uvicorn_handler.setFormatter(formatter)
            if not any(isinstance(f, RequestIdFilter) for f in uvicorn_handler.filters):
                uvicorn_handler.addFilter(RequestIdFilter())
    logging.getLogger("uvicorn.access").disabled = True
