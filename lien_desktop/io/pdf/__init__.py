"""Printed meeting documents (reportlab): minutes, agenda, sign-in sheet and register of motions.

Each writer takes a plain document from `lien_desktop.domain.meeting_documents` and a path; it builds
the PDF in a temporary file beside the path and renames it into place. Fonts are embedded (DejaVu Sans,
Droid Sans Fallback for CJK) and every piece of user text prints literally.
"""

from lien_desktop.io.pdf.agenda import write_agenda
from lien_desktop.io.pdf.minutes import write_minutes
from lien_desktop.io.pdf.motions_register import write_motions_register
from lien_desktop.io.pdf.signin_sheet import write_signin_sheet

__all__ = ["write_agenda", "write_minutes", "write_motions_register", "write_signin_sheet"]
