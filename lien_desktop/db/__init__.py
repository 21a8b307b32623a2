"""SQLAlchemy 2 models, engines, sessions, migrations and repositories."""
