"""Where a person's data lives: each part of the data model contributes a provider.

A provider knows one area (the register, the audit trail, meetings...) and does two things for one
member, inside the caller's transaction:

    collect(session, member_id) -> list[Section]   everything held about them, as plain text tables
    erase(session, member_id) -> int                remove (or redact) it; returns how many records

Subject access (services/subject_access.py) shows every provider's sections; erasure
(services/erasure.py) calls every provider's `erase`, lowest `erase_order` first, while the member row
still exists until the register's provider (order 50) deletes it. A provider that must find the
person's name in free text (minutes) therefore uses an order below 50 and reads the member itself.

To add an area, give its module a `PROVIDERS` list and name the module in PROVIDER_MODULES.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from lien_desktop.db.engine import Session
from lien_desktop.domain.data_protection import Section

PROVIDER_MODULES: tuple[str, ...] = (
    "lien_desktop.services.meetings_data",
    "lien_desktop.services.register_data",
)


class PersonalDataProvider(Protocol):
    name: str
    erase_order: int  # erased in ascending order; the member row is deleted at 50

    def collect(self, session: Session, member_id: int) -> list[Section]: ...

    def erase(self, session: Session, member_id: int) -> int: ...


_extra: list[PersonalDataProvider] = []


def register_provider(provider: PersonalDataProvider) -> None:
    """Add a provider at run time (tests, plug-ins); modules in PROVIDER_MODULES need not call this."""
    if provider not in _extra:
        _extra.append(provider)


def providers() -> list[PersonalDataProvider]:
    found: list[PersonalDataProvider] = []
    for module_name in PROVIDER_MODULES:
        found.extend(importlib.import_module(module_name).PROVIDERS)
    found.extend(_extra)
    return sorted(found, key=lambda p: p.erase_order)


def collect_all(session: Session, member_id: int) -> list[Section]:
    sections = [s for p in providers() for s in p.collect(session, member_id)]
    return sorted(sections, key=lambda s: s.position)


def erase_all(session: Session, member_id: int) -> dict[str, int]:
    return {p.name: p.erase(session, member_id) for p in providers()}
