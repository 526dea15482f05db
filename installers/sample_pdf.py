"""Writes `resources/samples/lanthorn-sample.pdf`: the document the self-test indexes and asks.

The PDF is written by hand (a few objects, the standard Helvetica font, no dates), so the file is
byte-for-byte reproducible and needs no PDF library or installed font: `python -m
installers.sample_pdf` rewrites the committed copy, and a unit test checks that they match. The
self-test's answer (1843, see engine/api/self_test.py) is on page 2 and nowhere else, and the
lighthouse is made up, so only a search of the document finds it.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "resources" / "samples" / "lanthorn-sample.pdf"
TITLE = "Lanthorn sample document"

PAGES = (
    (
        "What a lanthorn is",
        "A lanthorn is the old English spelling of lantern. Before glass was cheap, the windows "
        "of a lantern were thin sheets of animal horn, scraped until light passed through them, "
        "and people wrote the word as they heard it: lant-horn.",
        "This short document ships with Lanthorn. The self-test adds it to a new, empty library, "
        "asks a question about it and checks that the answer cites the right page. You can add "
        "it to your own library to try the app.",
    ),
    (
        "The Gull Rock light",
        "The lighthouse on Gull Rock was first lit in 1843. Its lamp burned colza oil and could "
        "be seen eighteen nautical miles out to sea.",
        "Agnes Penhale kept the light for thirty-one years; her log records two hundred and "
        "twelve nights of fog. In 1921 the oil lamp gave way to an electric one, and the last "
        "keeper left the rock in 1987. Gull Rock and its keepers are made up for this sample.",
    ),
)

_WIDTH, _HEIGHT, _MARGIN = 595, 842, 72  # A4 in points, one-inch margins
_LEADING = 16
_WRAP = 78  # characters per line of 11-point Helvetica across the text width


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(heading: str, paragraphs: tuple[str, ...], number: int) -> bytes:
    lines = [f"BT /F2 16 Tf {_MARGIN} {_HEIGHT - _MARGIN} Td {_LEADING + 8} TL"]
    lines.append(f"({_escape(heading)}) Tj T* /F1 11 Tf {_LEADING} TL")
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, _WRAP):
            lines.append(f"({_escape(line)}) Tj T*")
        lines.append("T*")
    lines.append(f"ET BT /F1 9 Tf {_WIDTH // 2 - 4} {_MARGIN // 2} Td ({number}) Tj ET")
    return "\n".join(lines).encode("latin-1")


def _objects() -> list[bytes]:
    """Catalog, page tree, two fonts, the info dictionary, then each page and its content."""
    count = len(PAGES)
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({TITLE}) /Producer (installers/sample_pdf.py) >>".encode(),
    ]
    for index, (heading, *paragraphs) in enumerate(PAGES):
        stream = _content(heading, tuple(paragraphs), index + 1)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_WIDTH} {_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + 2 * index} 0 R >>"
            .encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return objects


def render() -> bytes:
    """The whole PDF file."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(_objects(), start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(offsets) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def main() -> int:
    """Write the sample PDF into resources/samples."""
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(render())
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
