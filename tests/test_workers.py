"""Background jobs: progress and results reach the GUI thread; errors and cancel always end the job."""

import threading

import pytest

from lien_desktop.domain.errors import LienError
from lien_desktop.ui.workers import JobRunner


@pytest.fixture
def runner(qtbot):
    runner = JobRunner()
    yield runner
    runner.wait(5000)


def test_result_and_progress_arrive(qtbot, runner):
    steps = []

    def work(progress):
        for i in range(3):
            progress.report(i + 1, 3, f"step {i + 1}")
        return threading.get_ident()

    job = runner.prepare(work)
    job.signals.progressed.connect(lambda done, total, text: steps.append((done, total, text)))
    with qtbot.waitSignal(job.signals.succeeded, timeout=5000) as blocker:
        runner.submit(job)
    assert blocker.args[0] != threading.get_ident()  # it ran off the GUI thread
    qtbot.waitUntil(lambda: len(steps) == 3, timeout=5000)
    assert steps[-1] == (3, 3, "step 3")


def test_refusal_and_crash_reach_failed(qtbot, runner):
    job = runner.prepare(lambda progress: (_ for _ in ()).throw(LienError("row 3: bad postcode")))
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        runner.submit(job)
    assert blocker.args[0].message == "row 3: bad postcode" and blocker.args[0].expected
    failures = []
    job = runner.start(lambda progress: 1 / 0, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert not failures[0].expected and "ZeroDivisionError" in failures[0].details


def test_cancel(qtbot, runner):
    started = threading.Event()

    def work(progress):
        started.set()
        while True:
            progress.check()

    job = runner.prepare(work)
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        runner.submit(job)
        assert started.wait(5)
        job.cancel()


def test_cancel_via_start_callbacks(qtbot, runner):
    started = threading.Event()
    cancelled = []

    def work(progress):
        started.set()
        while True:
            progress.check()

    job = runner.start(work, on_cancel=lambda: cancelled.append(True))
    assert started.wait(5)
    job.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)


def test_run_while_waiting_works_off_the_gui_thread_and_reraises_typed_errors(qtbot, runner):
    from lien_desktop.ui.workers import run_while_waiting

    class Undecided(LienError):
        pass

    gui_thread = threading.get_ident()
    assert run_while_waiting(runner, None, threading.get_ident, "Reading…") != gui_thread

    def refuse():
        raise Undecided("which encoding?")

    with pytest.raises(Undecided, match="which encoding"):
        run_while_waiting(runner, None, refuse, "Reading…")
