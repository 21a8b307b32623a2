"""Widgets, Qt models and workers. The only layer (with app.py) that imports PySide6."""
