"""A realistic demo chapter: UK names (a good share with accents), addresses, statuses, timelines.

The same seed gives the same chapter. Phone numbers are Ofcom's drama ranges and emails use
example.org, so no real person can be reached by mistake. Loaded with bulk inserts in one
transaction (100,000 members in seconds).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from lien_desktop.db.audit import record_bulk
from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.chapters import ChapterRepository
from lien_desktop.db.repositories.demo_register import DemoRegisterRepository
from lien_desktop.domain.members import ConsentChannel, MemberStatus, StandingKind
from lien_desktop.domain.search import member_name_key, member_search_text
from lien_desktop.domain.text import fold
from lien_desktop.io.constituencies import constituencies

FIRST_NAMES = (
    "James Oliver Harry George Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas Henry William "
    "Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Florence Poppy Evie Margaret "
    "Susan Patricia Janet Christine Carol Linda Peter John David Michael Paul Andrew Mark Richard Stephen "
    "Aisha Priya Ravi Sanjay Amir Fatima Yusuf Kwame Ama Chidi Ngozi Tomasz Agnieszka Katarzyna Piotr"
).split()
ACCENTED_FIRST = (
    "Siobhán Łukasz Zoë Seán Niamh Aoife Dafydd Llŷr Siân Eilís Bríd Pádraig Małgorzata Wojciech "
    "Zoé Chloë Renée José Inés Jürgen Søren Åsa Ciarán Róisín Gráinne Ffion Rhodri Gwenllïan Anaïs"
).split()
LAST_NAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson Evans Walker "
    "White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner Martin Cooper Hill Ward "
    "Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris Khan Scott Watson Davis Parker James "
    "Bennett Young Phillips Richardson Mitchell Bailey Carter Cook Singh Shaw Bell Collins Morgan Kelly "
    "Begum Dixon Miller Mason Hussain Ahmed Okafor Mensah Nowak Kowalski Campbell Murphy O'Brien"
).split()
ACCENTED_LAST = (
    "Wiśniewski Ní Bhriain Ó Súilleabháin Lewandowski Żółkiewski Müller Gonçalves Núñez Łęcka Dvořák "
    "Ó Briain Mac Giolla Phádraig Brontë Böhm Sørensen"
).split(" ")
STREETS = (
    "High Street, Station Road, Church Lane, Victoria Road, Green Lane, Manor Road, Park Road, "
    "Queen Street, Mill Lane, Kings Road, New Road, School Lane, The Crescent, Grange Road, Heol y Parc, "
    "Stryd Fawr, Bóthar an Dúin"
).split(", ")
TOWNS_POSTCODES = (
    ("Leeds", "LS"), ("Manchester", "M"), ("Cardiff", "CF"), ("Glasgow", "G"), ("Bristol", "BS"),
    ("London", "N"), ("London", "SE"), ("Liverpool", "L"), ("Sheffield", "S"), ("Belfast", "BT"),
    ("Swansea", "SA"), ("Newcastle upon Tyne", "NE"), ("Nottingham", "NG"), ("Brighton", "BN"),
)
BRANCHES = ("Central ward", "North ward", "South ward", "East ward", "West ward", "Riverside", "Hillside")
UNIONS = ("Unite", "UNISON", "GMB", "CWU", "NEU", "RMT", "PCS", "UCU", "")
TAGS = ("leafleting", "canvassing", "newsletter", "driver", "welsh speaker", "youth", "trade union liaison")
POSTS = ("Chair", "Secretary", "Treasurer", "Membership officer", "Women's officer", "Youth officer")
UNIT = "ABDEFGHJLNPQRSTUWXYZ"

_HISTORIES = (
    (StandingKind.MEMBER,),
    (StandingKind.MEMBER, StandingKind.SUSPENDED),
    (StandingKind.MEMBER, StandingKind.NOTICE_OF_INVESTIGATION, StandingKind.SUSPENDED, StandingKind.EXPELLED),
    (StandingKind.MEMBER, StandingKind.EXPELLED),
    (StandingKind.MEMBER, StandingKind.EXPELLED, StandingKind.APPEAL_LODGED),
    (StandingKind.MEMBER, StandingKind.SUSPENDED, StandingKind.READMITTED),
    (StandingKind.MEMBER, StandingKind.RESIGNED),
    (StandingKind.NEVER_MEMBER,),
)
_HISTORY_WEIGHTS = (20, 15, 15, 20, 5, 5, 15, 5)


@dataclass(frozen=True, slots=True)
class DemoResult:
    chapter_id: int
    chapter_name: str
    members: int


def _person(rng: random.Random, i: int, chapter_code: str, start: dt.date) -> dict[str, object]:
    accented = rng.random() < 0.25
    first = rng.choice(ACCENTED_FIRST if accented and rng.random() < 0.7 else FIRST_NAMES)
    last = rng.choice(ACCENTED_LAST if accented and rng.random() < 0.5 else LAST_NAMES)
    town, area = rng.choice(TOWNS_POSTCODES)
    postcode = f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(UNIT)}{rng.choice(UNIT)}"
    email = f"{fold(first).replace(' ', '')}.{fold(last).replace(' ', '').replace(chr(39), '')}{i}@example.org"
    roll = rng.random()
    status = MemberStatus.ACTIVE if roll < 0.8 else MemberStatus.LAPSED if roll < 0.93 else MemberStatus.LEFT
    values: dict[str, object] = {
        "first_name": first,
        "last_name": last,
        "preferred_name": rng.choice(("", "", "", "", first[:3])) if len(first) > 4 else "",
        "email": email if rng.random() < 0.92 else "",
        "mobile_phone": f"+447700900{rng.randint(0, 999):03d}" if rng.random() < 0.85 else "",
        "home_phone": f"+441632960{rng.randint(0, 999):03d}" if rng.random() < 0.2 else "",
        "address_line1": f"{rng.randint(1, 250)} {rng.choice(STREETS)}",
        "address_line2": "",
        "town": town,
        "postcode": postcode,
        "constituency_code": chapter_code,
        "branch": rng.choice(BRANCHES),
        "trade_union": rng.choice(UNIONS),
        "joined_on": start + dt.timedelta(days=rng.randint(0, 1500)),
        "labour_membership_number": f"L{rng.randint(1000000, 9999999)}" if rng.random() < 0.6 else "",
        "notes": "",
        "status": status,
        "confidential": rng.random() < 0.03,
    }
    values["search_text"] = member_search_text(values)
    values["name_key"] = member_name_key(values)
    return values


def fill_demo(database: Database, members: int = 500, seed: int = 1, chapter_name: str = "") -> DemoResult:
    """Add a demo chapter with `members` members (deterministic for a seed) in one transaction."""
    if not 0 <= members <= 1_000_000:
        raise ValueError("members must be between 0 and 1,000,000")
    rng = random.Random(seed)
    seat = rng.choice(constituencies())
    name = chapter_name or f"{seat.name} LIEN (demo {seed})"
    start = dt.date(2019, 1, 1)
    now = dt.datetime(2026, 1, 1, 12, 0)
    with database.transaction() as session:
        chapters = ChapterRepository(session)
        chapter = chapters.by_name(name) or chapters.add(name, seat.code)
        register = DemoRegisterRepository(session)
        first_id = register.next_member_id()
        tag_ids = [register.tag_id(chapter.id, tag_name) for tag_name in TAGS]
        rows, events, tags, consents, posts = [], [], [], [], []
        for n in range(members):
            member_id = first_id + n
            person = _person(rng, member_id, seat.code, start)
            person.update(id=member_id, chapter_id=chapter.id, created_at=now, updated_at=now)
            rows.append(person)
            day = person["joined_on"] - dt.timedelta(days=rng.randint(200, 4000))  # type: ignore[operator]
            history = rng.choices(_HISTORIES, _HISTORY_WEIGHTS)[0]
            for kind in history:
                events.append({"member_id": member_id, "kind": kind, "event_date": day, "note": "",
                               "recorded_at": now})
                day += dt.timedelta(days=rng.randint(20, 500))
            person["standing"] = history[-1]
            for tag_id in rng.sample(tag_ids, rng.choice((0, 0, 1, 1, 2))):
                tags.append({"member_id": member_id, "tag_id": tag_id})
            for channel in ConsentChannel:
                if rng.random() < 0.6:
                    consents.append({"member_id": member_id, "channel": channel, "granted": True,
                                     "recorded_on": person["joined_on"], "source": "sign-up form"})
            if n < len(POSTS):
                posts.append({"member_id": member_id, "title": POSTS[n], "start_date": dt.date(2024, 5, 1)})
            if len(rows) >= 5000:
                register.insert_rows(rows, events, tags, consents, posts)
        register.insert_rows(rows, events, tags, consents, posts)
        # Core bulk inserts bypass the automatic audit trail: one entry says what was loaded.
        record_bulk(session, "bulk", "members", members, f"demo chapter (seed {seed})", chapter_id=chapter.id)
        return DemoResult(chapter_id=chapter.id, chapter_name=chapter.name, members=members)
