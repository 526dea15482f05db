"""Build valid PDFs in memory: hostile content streams for the limit tests, forms for others."""

from __future__ import annotations

import zlib

_BLOCK = 16 * 1024 * 1024
_ADLER_BASE = 65521


def pdf_with_content(compressed: bytes, pages: int = 1) -> bytes:
    """A well-formed PDF (correct xref) whose every page draws one FlateDecode stream."""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed)
        + compressed
        + b"\nendstream",
    ]
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources "
    objects += [page + font + b" >>"] * pages
    return pdf_from_objects(objects)


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF with a correct xref whose object n is `objects[n - 1]`; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def zeros_bomb(total: int) -> bytes:
    """A zlib stream that inflates to `total` zero bytes (a multiple of 16 MiB), built fast.

    After a full flush deflate starts afresh, so every further 16 MiB of zeros compresses to
    the same bytes: compress two blocks, repeat the second, and write the Adler-32 of `total`
    zeros (a = 1, b = total mod 65521) by hand instead of compressing gigabytes.
    """
    assert total % _BLOCK == 0 and total >= 2 * _BLOCK
    compressor = zlib.compressobj(9)
    zeros = bytes(_BLOCK)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()[:-4]
    adler = ((total % _ADLER_BASE) << 16) | 1
    return first + again * (total // _BLOCK - 1) + tail + adler.to_bytes(4, "big")


def deflate(data: bytes) -> bytes:
    """Plain zlib compression, for content that is large but within pypdf's limits."""
    return zlib.compress(data, 6)


def text_content(text: str, lines: int) -> bytes:
    """An uncompressed content stream that writes `text` on `lines` lines."""
    line = b"BT /F1 10 Tf 20 %d Td (%s) Tj ET\n"
    return b"".join(line % (20 + i % 700, text.encode()) for i in range(lines))


def filled_form() -> bytes:
    """One page of printed text with a filled-in form and a typed comment on it.

    Annotations in page order: a text field with a user-facing name, the same field's value in
    a second widget, a hidden text field, a check box, a free-text annotation, a widget whose
    type and value come from its parent field, a multi-select list box, an empty text field.
    """
    rect = b"/Rect [72 600 300 620]"
    widget = b"<< /Type /Annot /Subtype /Widget " + rect
    content = b"BT /F1 12 Tf 72 720 Td (Printed text) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 6 0 R 7 0 R 8 0 R 10 0 R"
        b" 12 0 R 13 0 R 14 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources"
        b" << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
        b" /Annots [5 0 R 6 0 R 7 0 R 8 0 R 9 0 R 11 0 R 13 0 R 14 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        widget + b" /FT /Tx /T (name) /TU (Your name) /V (Ada Lovelace) >>",
        widget + b" /FT /Tx /T (name) /TU (Your name) /V (Ada Lovelace) >>",
        widget + b" /F 2 /FT /Tx /T (secret) /V (hidden value) >>",
        widget + b" /FT /Btn /T (agree) /V /Yes /AS /Yes >>",
        b"<< /Type /Annot /Subtype /FreeText " + rect + b" /Contents (Check the totals.)"
        b" /DA (/F1 12 Tf 0 g) >>",
        b"<< /FT /Tx /T (address) /V (12 Main Street\r2nd floor) /Kids [11 0 R] >>",
        widget + b" /Parent 10 0 R >>",
        b"<< >>",  # an unused field number keeps the numbering readable
        widget + b" /FT /Ch /Ff 2097152 /T (colours) /Opt [(Red) (Green) (Blue)]"
        b" /V [(Red) (Blue)] >>",
        widget + b" /FT /Tx /T (empty) /V () >>",
    ]
    return pdf_from_objects(objects)
