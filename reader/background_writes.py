"""The reader's store writes, off the UI thread and in order.

A durable write (temporary file, fsync, rename, fsync of the folder) takes
milliseconds on a quiet disk and tens of them on a busy one: too long for a key
press. `BackgroundWriter` is the reading session's writer in the app: one
thread runs the writes in the order they were asked for, and each outcome comes
back to the app's message queue, where the session applies it on the UI
thread. `flush` waits for what is queued (quitting loses no write).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from textual.app import App
from textual.message import Message

from reader.session import Finish
from reader.store import StoreError


class WriteDone(Message):
    def __init__(self, finish: Finish, result: object, error: str | None) -> None:
        super().__init__()
        self.finish = finish
        self.result = result
        self.error = error


class BackgroundWriter:
    def __init__(self, app: App) -> None:
        self._app = app
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writes")
        self._pending = 0
        self._lock = threading.Lock()
        self._last: Future | None = None

    @property
    def pending(self) -> int:
        return self._pending

    def __call__(self, attempt: Callable[[], object], finish: Finish) -> None:
        with self._lock:
            self._pending += 1

        def run() -> None:
            try:
                result, error = attempt(), None
            except StoreError as err:
                result, error = None, str(err)
            except Exception as err:  # a bug must not stop later writes; say it plainly
                result, error = None, f"{type(err).__name__}: {err}"
            finally:
                with self._lock:
                    self._pending -= 1
            self._app.post_message(WriteDone(finish, result, error))

        self._last = self._pool.submit(run)

    def flush(self, timeout: float | None = None) -> None:
        """Wait until every queued write has run."""
        if self._last is not None:
            self._last.exception(timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
