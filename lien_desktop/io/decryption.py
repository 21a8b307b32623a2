"""Password-protected workbooks, opened with the secretary's password (msoffcrypto-tool), in memory only.

Excel wraps a password-protected .xlsx in an OLE compound file (an "EncryptedPackage" stream, ECMA-376
encryption); an encrypted .xls keeps its records encrypted inside its own compound file. msoffcrypto
decrypts both. The plaintext is written to a BytesIO and never to disk: a member list that its owner
protected must not be left lying decrypted in a temporary folder. The caller (file_safety) then checks the
decrypted bytes exactly as it checks a file (sizes, zip bombs, XML entities).
"""

from __future__ import annotations

import io
from pathlib import Path

import msoffcrypto
from msoffcrypto import exceptions
from msoffcrypto.format.ooxml import OOXMLFile


class WrongPassword(ValueError):
    """The password does not open the file."""


class CannotDecrypt(ValueError):
    """The file's encryption is damaged or of a kind that cannot be opened here."""


def decrypt(path: Path, password: str, limit: int) -> bytes:
    """The decrypted file, at most `limit` bytes; WrongPassword or CannotDecrypt otherwise."""
    out = io.BytesIO()
    try:
        with path.open("rb") as handle:
            office = msoffcrypto.OfficeFile(handle)
            if not office.is_encrypted():
                raise CannotDecrypt("it is not encrypted after all")
            if isinstance(office, OOXMLFile):
                office.load_key(password=password, verify_password=True)
            else:  # .xls and the other 97-2003 formats always verify the password
                office.load_key(password=password)
            office.decrypt(out)
    except exceptions.InvalidKeyError:
        raise WrongPassword() from None
    except (WrongPassword, CannotDecrypt):
        raise
    except Exception as exc:  # noqa: BLE001 - msoffcrypto raises many kinds (struct, olefile, its own) on bad files
        raise CannotDecrypt(f"{exc.__class__.__name__}: {exc}") from None
    if out.tell() > limit:
        raise CannotDecrypt(f"it decrypts to more than {limit // (1024 * 1024)} MB")
    return out.getvalue()


def is_encrypted_xls(path: Path) -> bool:
    """True for an .xls whose records are encrypted (a FILEPASS record); False for anything else or unreadable."""
    try:
        with path.open("rb") as handle:
            office = msoffcrypto.OfficeFile(handle)
            return office.format == "xls97" and office.is_encrypted()
    except Exception:  # noqa: BLE001 - not a file msoffcrypto understands: calamine will say what it is
        return False
