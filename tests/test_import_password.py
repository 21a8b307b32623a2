"""Password-protected workbooks (issue 3): opened with the password, in memory only, then checked and read
like any file; a wrong or missing password is said clearly and nothing changes. CLI and wizard."""

import io
import json
import random
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from import_fixtures import minimal_xlsx_entries, people, write_xlsx, zip_with
from lien_desktop.io.file_safety import PasswordRequired, UnsafeFile
from lien_desktop.services.importing import ImportService
from lien_desktop.services.members import MemberService
from lien_desktop.ui.import_wizard import FILE, MAPPING, open_import_wizard
from lien_desktop.ui.workbook_password import WorkbookPasswordDialog
from test_import_hostile import BILLION_LAUGHS, SHEET, XXE

PASSWORD = "Sécret 1"


def encrypt(plain: Path, out: Path, password: str = PASSWORD) -> Path:
    """What Excel writes for File › Info › Protect Workbook › Encrypt with Password (ECMA-376 agile)."""
    buffer = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt(password, buffer)
    out.write_bytes(buffer.getvalue())
    return out


@pytest.fixture
def secret(tmp_path):
    (tmp_path / "plain").mkdir()
    plain = write_xlsx(tmp_path / "plain" / "members.xlsx", people(3))
    path = encrypt(plain, tmp_path / "secret.xlsx")
    plain.unlink()
    return path


def test_the_right_password_imports_the_wrong_one_says_so(database, chapter_id, secret, tmp_path):
    service = ImportService(database)
    with pytest.raises(PasswordRequired) as info:
        service.open(secret)
    assert not info.value.wrong and "“secret.xlsx” is protected with a password" in str(info.value)
    with pytest.raises(PasswordRequired) as info:
        service.open(secret, password="sécret 1")  # case matters
    assert info.value.wrong
    assert str(info.value) == ("the password for “secret.xlsx” is not right, so it was not opened (passwords are "
                               "case-sensitive); nothing was read")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    source = service.open(secret, password=PASSWORD)
    assert (source.kind, source.sheet, source.header_row) == ("xlsx", "Members", 1)
    report = service.run(service.preview(source, chapter_id))
    assert report.counts["imported"] == 3
    assert sorted(m["email"] for m in MemberService(database).plain_rows(chapter_id)) == [
        "ann0@example.org", "ann1@example.org", "ann2@example.org"]
    after = sorted(p.name for p in tmp_path.rglob("*"))
    assert [n for n in after if n not in before and not n.startswith("register")] == []  # no decrypted copy


@pytest.mark.parametrize(("entries", "words"), [
    ({**minimal_xlsx_entries(SHEET), "xl/media/big.bin": b"\x00" * (50 * 1024 * 1024)}, "compression bomb"),
    (minimal_xlsx_entries(SHEET, BILLION_LAUGHS), "XML entity declarations"),
    (minimal_xlsx_entries(SHEET.replace(b'encoding="UTF-8"?>', b'encoding="UTF-8"?>' + XXE)), "XML entity declarations"),
    ({**minimal_xlsx_entries(SHEET), "../../evil.txt": b"x"}, "points outside the workbook"),
])
def test_decrypted_bytes_pass_the_same_checks_as_a_file(database, tmp_path, entries, words):
    # Incompressible padding: msoffcrypto cannot read back what it encrypts under 4 KiB (Excel's files are larger).
    padding = {"docProps/padding.bin": random.Random(1).randbytes(6000)}
    hostile = encrypt(zip_with(tmp_path / "hostile.zip", {**entries, **padding}), tmp_path / "hostile.xlsx")
    with pytest.raises(UnsafeFile) as info:
        ImportService(database).open(hostile, password=PASSWORD)
    assert words in str(info.value) and "hostile.xlsx" in str(info.value)


def test_cli_takes_the_password_from_a_file_or_the_environment_never_an_argument(run_cli, secret, tmp_path):
    db = tmp_path / "register.sqlite3"
    assert run_cli("init", "--db", db, "--chapter", "T").returncode == 0
    refused = run_cli("import", secret, "--db", db)
    assert refused.returncode == 2
    assert "“secret.xlsx” is protected with a password: give the password with --password-file FILE or in " \
           "$LIEN_IMPORT_PASSWORD" in refused.stderr
    argv = run_cli("import", secret, "--db", db, "--password", PASSWORD)
    assert argv.returncode == 2 and "never taken from the command line" in argv.stderr
    assert PASSWORD not in argv.stderr
    wrong_file = tmp_path / "wrong.txt"
    wrong_file.write_text("not it\n", encoding="utf-8")
    wrong = run_cli("import", secret, "--db", db, "--password-file", wrong_file)
    assert wrong.returncode == 2 and "the password for “secret.xlsx” is not right" in wrong.stderr
    assert json.loads(run_cli("members", "--db", db, "--json").stdout) == []
    right_file = tmp_path / "password.txt"
    right_file.write_text(PASSWORD + "\n", encoding="utf-8")
    done = run_cli("import", secret, "--db", db, "--password-file", right_file, "--json", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["read"] == 3
    done = run_cli("import", secret, "--db", db, "--json", env={"LIEN_IMPORT_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["imported"] == 3
    assert len(json.loads(run_cli("members", "--db", db, "--json").stdout)) == 3


def _answer_password_dialogs(answers: list[str | None]) -> tuple[QTimer, list[str]]:
    """Type each answer into the next password dialog shown (None: press Cancel); record what each said."""
    said: list[str] = []
    timer = QTimer()
    timer.setInterval(10)

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, WorkbookPasswordDialog) and widget.isVisible() and answers:
                said.append(widget.message.text())
                typed = answers.pop(0)
                if typed is None:
                    widget.reject()
                else:
                    widget.password.setText(typed)
                    widget.accept()
                if not answers:
                    timer.stop()
                return

    timer.timeout.connect(answer)
    timer.start()
    return timer, said


def test_wizard_asks_for_the_password_again_when_wrong(qtbot, database, chapter_id, secret):
    timer, said = _answer_password_dialogs(["wrong", PASSWORD])
    wizard = open_import_wizard(database, chapter_id, secret)
    qtbot.addWidget(wizard)
    timer.stop()
    assert said == ["“secret.xlsx” is protected with a password. Type its password to import it; the file is "
                    "opened in memory and the password is not kept.",
                    "That password does not open “secret.xlsx” (passwords are case-sensitive). Try again:"]
    assert wizard.currentId() == MAPPING
    assert wizard.source is not None and len(wizard.source.raw.rows) == 4
    wizard.next()
    wizard.preview_page.valid_only.setChecked(False)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.outcome != "", timeout=30_000)
    assert wizard.outcome == "imported"
    assert MemberService(database).count(chapter_id) == 3


def test_wizard_cancelled_password_changes_nothing(qtbot, database, chapter_id, secret):
    timer, said = _answer_password_dialogs([None])
    wizard = open_import_wizard(database, chapter_id, secret)
    qtbot.addWidget(wizard)
    timer.stop()
    assert len(said) == 1
    assert wizard.currentId() == FILE
    assert wizard.file_page.error.text().startswith("“secret.xlsx” is protected with a password")
    assert MemberService(database).count(chapter_id) == 0
