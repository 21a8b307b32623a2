"""PySide6 6.12.0 drops references to None on CPython 3.11 and aborts the interpreter after a few thousand
Qt calls (see ../shared/style/ENVIRONMENT.md). This fails loudly if an upgrade brings that bug back."""

import sys

import PySide6
from PySide6.QtWidgets import QLabel


def test_pyside_is_pinned_below_6_12():
    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), PySide6.__version__


def test_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(50):
        label.setText("warm up")
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(500):
        label.setText(f"row {i}")
        label.setVisible(False)
    assert abs(sys.getrefcount(None) - before_none) < 50
    assert abs(sys.getrefcount(True) - before_true) < 50
