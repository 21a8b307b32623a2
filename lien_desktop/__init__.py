"""LIEN Desktop: the record book of a Labour in Exile Network chapter secretary."""

__version__ = "0.1.0"
APP_NAME = "LIEN Desktop"
