"""Long work off the GUI thread: a job reports progress, can be cancelled, and returns or fails.

A job is a plain function `job(progress: Progress) -> result` (usually calling a service). It runs on
a QThreadPool thread; it calls `progress.report(done, total, text)` as it goes and checks
`progress.cancelled` (or calls `progress.check()`, which raises `Cancelled`) at safe points. Results,
progress and errors come back to the GUI thread as Qt signals. Every exception reaches `failed`, so a
progress dialog can never stay up forever.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from lien_desktop.domain.errors import LienError

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel; the job's transaction is rolled back."""


class Progress:
    """Handed to the job: thread-safe progress reporting and the cancel flag."""

    def __init__(self, emit: Callable[[int, int, str], None]):
        self._emit = emit
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        self._emit(done, total, text)


@dataclass(frozen=True, slots=True)
class JobError:
    """What went wrong, for the user (`message`) and for the log and 'copy details' (`details`)."""

    message: str
    details: str
    expected: bool  # a refusal the user can act on (LienError), not a bug


class JobSignals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # JobError
    cancelled = Signal()
    finished = Signal()  # after any of the three above


class Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], name: str = "job"):
        super().__init__()
        self.setAutoDelete(False)  # the Python object owns it; Qt must not delete it under us
        self.name = name
        self.signals = JobSignals()
        self.progress = Progress(self.signals.progressed.emit)
        self._work = work

    def cancel(self) -> None:
        self.progress.cancel()

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except LienError as exc:
            self.signals.failed.emit(JobError(str(exc), str(exc), expected=True))
        except Exception as exc:  # noqa: BLE001 - every error must reach the GUI
            log.exception("%s failed", self.name)
            details = "".join(traceback.format_exception(exc))
            self.signals.failed.emit(JobError(f"{exc.__class__.__name__}: {exc}", details, expected=False))
        else:
            if self.progress.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


class JobRunner(QObject):
    """Starts jobs on a thread pool and keeps them alive until they finish."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Job] = set()

    def prepare(self, work: Callable[[Progress], Any], name: str = "job") -> Job:
        """A job not yet started: connect to its signals, then `submit` it (no signal can be missed)."""
        return Job(work, name)

    def submit(self, job: Job) -> Job:
        self._running.add(job)
        job.signals.finished.connect(lambda: self._running.discard(job))
        self.pool.start(job)
        return job

    def start(
        self,
        work: Callable[[Progress], Any],
        name: str = "job",
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[JobError], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> Job:
        """Prepare, connect the given callbacks, and submit."""
        job = self.prepare(work, name)
        for signal, slot in ((job.signals.succeeded, on_success), (job.signals.failed, on_failure),
                             (job.signals.progressed, on_progress), (job.signals.cancelled, on_cancel)):
            if slot is not None:
                signal.connect(slot)
        return self.submit(job)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)


def run_while_waiting(runner: JobRunner, parent: Any, work: Callable[[], Any], label: str, *,
                      cancellable: bool = True) -> Any:
    """Run `work()` on the pool while the window stays responsive; return its result here.

    For steps whose answer the GUI needs before it can go on (reading a file for a wizard page): a
    modal progress dialog with Cancel appears if the work takes more than a moment, and a local event
    loop keeps the window painting. The work's own exception is re-raised here, on the GUI thread, with
    its type (so callers can catch LienError subclasses); Cancel raises LienError and drops the result
    (offer it only for work without side effects: `cancellable=False` hides the button).
    """
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    outcome: dict[str, Any] = {}

    def wrapped(_progress: Progress) -> Any:
        try:
            return ("ok", work())
        except Exception as exc:  # noqa: BLE001 - handed back to the GUI thread below
            return ("error", exc)

    loop = QEventLoop()
    job = runner.prepare(wrapped, label)
    job.signals.succeeded.connect(lambda value: outcome.setdefault("value", value))
    job.signals.failed.connect(lambda error: outcome.setdefault("failed", error))
    job.signals.finished.connect(loop.quit)
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    if not cancellable:
        dialog.setCancelButton(None)

    def cancel() -> None:
        outcome["cancelled"] = True
        job.cancel()
        loop.quit()

    dialog.canceled.connect(cancel)
    runner.submit(job)
    loop.exec()
    dialog.canceled.disconnect(cancel)
    dialog.close()
    dialog.deleteLater()
    if outcome.get("cancelled"):
        raise LienError(f"{label.rstrip('…. ')}: cancelled, nothing was changed")
    if "failed" in outcome:
        raise LienError(outcome["failed"].message)
    kind, value = outcome["value"]
    if kind == "error":
        raise value
    return value
