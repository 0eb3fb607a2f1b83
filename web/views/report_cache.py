"""The planner's year documents, counted once per position of the log, in each server process.

Planners open the same year again and again (a committee looks at it together), and nothing in a report changes
unless an event does. So the year page keeps the document it made, keyed by:

- the head every read model was caught up to for the request (``CaughtUp.head``, after ``catch_up_rest``): any
  event recorded since moves it, so a newly recorded event always shows on the next page. A document is made
  after that catch-up, so it is never older than its key (as ``web.views.names.MasterDataCache``);
- the plan's code and version (revision and digest), the year and the as-of moment.

Beside it, its measures' charts, per language. Only the screens' document is kept (nothing suppressed: downloads
make their own). A kept document is shared by the requests that find it: pages only read it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from projections.reports.documents import Document


class ReportCache:
    def __init__(self, size: int) -> None:
        self.size = size
        """Documents kept, the most recently used; 0 keeps none (``KASANE_REPORT_CACHE``)."""
        self._documents: OrderedDict[Hashable, Document] = OrderedDict()
        self._lock = threading.Lock()

    def document(self, key: Hashable | None, make: Callable[[], Document]) -> Document:
        """The document kept under ``key``, else the one ``make`` makes (kept); a None key is never kept."""
        if key is None or self.size == 0:
            return make()
        with self._lock:
            found = self._documents.get(key)
            if found is not None:
                self._documents.move_to_end(key)
                return found
        made = make()
        with self._lock:
            self._documents[key] = made
            while len(self._documents) > self.size:
                self._documents.popitem(last=False)
        return made
