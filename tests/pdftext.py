"""The text a PDF reader extracts from a PDF, to test what it prints."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def squeezed(text: str) -> str:
    """Without white space, nor the NULs pypdf reads between the characters of a CID-keyed
    (CJK) font whose codes an embedded CMap maps, as one-byte codes: the characters it finds
    are the right ones, in order (poppler's pdftotext reads the same file without them)."""
    return "".join(text.replace("\x00", "").split())
