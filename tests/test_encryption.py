"""Encryption at rest (SQLCipher): the file is unreadable without the passphrase, a wrong passphrase
never changes it, and encrypt / change passphrase / decrypt keep every row."""

import hashlib
import sqlite3

import pytest

from lien_desktop.db.opening import PassphraseNeeded, inspect_file
from lien_desktop.domain.errors import DatabaseRefused, LienError
from lien_desktop.domain.members import MemberFilter
from lien_desktop.services.backups import backup_now
from lien_desktop.services.database import check_database, init_database, needs_passphrase, open_existing
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.encryption import change_encryption, passphrase_strength
from lien_desktop.services.members import MemberService

PASS = "correct horse battery staple"
# Quotes, a backslash, a percent sign, an at sign and non-ASCII: all must reach SQLCipher exactly.
AWKWARD = "it's \"quoted\" \\ 100% @home; DROP TABLE members; -- Łódź ŵ"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def everything(database):
    with database.engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{n}"'))) for n in names
                if not n.startswith("member_search")}


@pytest.fixture
def encrypted(db_path):
    database = init_database(db_path, "Leeds", passphrase=PASS)
    fill_demo(database, members=400, seed=3)
    database.close()
    return db_path


def test_the_file_is_unreadable_without_the_passphrase(encrypted):
    raw = encrypted.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"example.org" not in raw and b"Leeds" not in raw  # no member's email or chapter name in clear
    conn = sqlite3.connect(encrypted)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()
    assert needs_passphrase(encrypted)


def test_without_a_passphrase_it_says_encrypted_and_changes_nothing(encrypted):
    before = digest(encrypted)
    with pytest.raises(PassphraseNeeded, match="is encrypted: a passphrase is needed"):
        open_existing(encrypted)
    assert digest(encrypted) == before


@pytest.mark.parametrize("wrong", ["wrong", PASS.upper(), PASS + " ", "'", AWKWARD])
def test_a_wrong_passphrase_is_refused_calmly_and_the_file_is_unchanged(encrypted, wrong):
    before = digest(encrypted)
    with pytest.raises(DatabaseRefused, match="passphrase does not open"):
        open_existing(encrypted, passphrase=wrong)
    with pytest.raises(DatabaseRefused, match="passphrase does not open"):
        check_database(encrypted, passphrase=wrong)
    assert digest(encrypted) == before
    assert not encrypted.with_name(encrypted.name + "-wal").exists()


def test_the_right_passphrase_opens_searches_and_checks(encrypted):
    database = open_existing(encrypted, passphrase=PASS)
    try:
        assert database.encrypted and not database.read_only
        service = MemberService(database)
        chapter = [c for c in __import__("lien_desktop.services.chapters", fromlist=["x"]).ChapterService(
            database).list() if c.member_count][0]
        assert len(service.ids(chapter.id)) == 400
        assert service.ids(chapter.id, MemberFilter(search="lukasz")) or service.ids(chapter.id, MemberFilter(search="a"))
        assert database.verify_passphrase(PASS) and not database.verify_passphrase("nope")
    finally:
        database.close()
    report = check_database(encrypted, passphrase=PASS)
    assert report.ok and report.integrity == "ok" and report.encryption.startswith("SQLCipher")


def test_awkward_passphrases_are_passed_exactly(db_path):
    init_database(db_path, "X", passphrase=AWKWARD).close()
    open_existing(db_path, passphrase=AWKWARD).close()
    with pytest.raises(DatabaseRefused):
        open_existing(db_path, passphrase=AWKWARD.replace("'", ""))


def test_a_backup_of_an_encrypted_database_is_encrypted(encrypted, tmp_path):
    database = open_existing(encrypted, passphrase=PASS)
    out = backup_now(database, tmp_path / "backup.sqlite3")
    database.close()
    assert not out.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(PassphraseNeeded):
        inspect_file(out)
    assert inspect_file(out, full_check=True, passphrase=PASS).encrypted


def test_encrypt_change_passphrase_and_decrypt_keep_every_row(db_path):
    database = init_database(db_path, "Plain")
    fill_demo(database, members=500, seed=5)
    original = everything(database)
    database.close()

    change_encryption(db_path, old_passphrase=None, new_passphrase=PASS)
    assert needs_passphrase(db_path)
    with pytest.raises(PassphraseNeeded):
        open_existing(db_path)
    database = open_existing(db_path, passphrase=PASS)
    assert everything(database) == original
    database.close()

    change_encryption(db_path, old_passphrase=PASS, new_passphrase=AWKWARD)
    with pytest.raises(DatabaseRefused, match="passphrase does not open"):
        open_existing(db_path, passphrase=PASS)
    database = open_existing(db_path, passphrase=AWKWARD)
    assert everything(database) == original
    database.close()

    with pytest.raises(LienError, match="explicit confirmation"):
        change_encryption(db_path, old_passphrase=AWKWARD, new_passphrase=None)
    change_encryption(db_path, old_passphrase=AWKWARD, new_passphrase=None, allow_unencrypted=True)
    assert db_path.read_bytes().startswith(b"SQLite format 3")
    database = open_existing(db_path)
    assert everything(database) == original
    database.close()
    assert check_database(db_path).ok
    leftovers = [p.name for p in db_path.parent.iterdir() if ".rekey-" in p.name]
    assert leftovers == []


def test_rekey_with_the_wrong_old_passphrase_changes_nothing(encrypted):
    before = digest(encrypted)
    with pytest.raises(DatabaseRefused):
        change_encryption(encrypted, old_passphrase="wrong", new_passphrase="another good passphrase")
    assert digest(encrypted) == before


def test_rekey_refuses_while_the_app_has_the_database_open(encrypted):
    database = open_existing(encrypted, passphrase=PASS, lock=True)
    try:
        before = digest(encrypted)
        with pytest.raises(DatabaseRefused, match="already open"):
            change_encryption(encrypted, old_passphrase=PASS, new_passphrase="another good passphrase")
        assert digest(encrypted) == before
    finally:
        database.close()


@pytest.mark.parametrize("text, acceptable", [
    ("", False), ("abc", False), ("aaaaaaaaaaaa", False), ("password1", False),
    ("tulips in may", True), ("correct horse battery staple", True), ("Tr0ub4dor&3xyz", True),
])
def test_the_strength_hint(text, acceptable):
    strength = passphrase_strength(text)
    assert strength.acceptable == acceptable and strength.hint
    assert passphrase_strength("correct horse battery staple").score == 4
