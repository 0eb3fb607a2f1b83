"""The server's access log without query strings.

uvicorn writes every request line as ``"GET /path?query HTTP/1.1" 200``. A
query string can carry whatever a client put there (a name typed into a
search, an old bookmark), and a log line outlives any erasure, so the access
log keeps the path and drops the query. Kasane itself writes no request log.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"
PATH_ARGUMENT = 2
"""uvicorn's access record arguments: client address, method, path with query, HTTP version, status."""


class WithoutQueryStrings(logging.Filter):
    """Cut the query string off the path of an access log record (the record is kept)."""

    def filter(self, record: logging.LogRecord) -> bool:
        arguments = record.args
        if isinstance(arguments, tuple) and len(arguments) > PATH_ARGUMENT:
            path = str(arguments[PATH_ARGUMENT]).split("?", 1)[0]
            record.args = (*arguments[:PATH_ARGUMENT], path, *arguments[PATH_ARGUMENT + 1 :])
        return True


def drop_query_strings() -> None:
    """Install the filter on uvicorn's access logger, once however many apps are made."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, WithoutQueryStrings) for f in logger.filters):
        logger.addFilter(WithoutQueryStrings())
