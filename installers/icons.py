"""Makes the app icons each OS wants from `resources/icons/lanthorn.svg`: PNG, ICO and ICNS.

Qt draws the SVG at every size (so small sizes are drawn for their size, not shrunk from a big
bitmap); the ICO (Windows) and ICNS (macOS) containers are written here, holding PNG images,
which both have read since Windows Vista and Mac OS X 10.7: no Pillow, no iconutil. The results
are committed; run `python -m installers.icons` after changing the SVG.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICONS / "lanthorn.svg"
PNG_SIZE = 256  # the Linux desktop entry's icon (hicolor/256x256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08",
              512: b"ic09", 1024: b"ic10"}


def render(size: int) -> bytes:
    """The SVG drawn at `size` x `size` pixels, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows icon file: a directory of entries, then each PNG."""
    offset = 6 + 16 * len(images)
    head = struct.pack("<HHH", 0, 1, len(images))
    entries, blobs = b"", b""
    for size, png in images.items():
        side = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return head + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS icon file: `icns` + total length, then typed, length-prefixed PNG elements."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png for size, png in images.items()
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write lanthorn.png, lanthorn.ico and lanthorn.icns beside the SVG."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted({PNG_SIZE, *ICO_SIZES, *ICNS_TYPES})
    pngs = {size: render(size) for size in sizes}
    (ICONS / "lanthorn.png").write_bytes(pngs[PNG_SIZE])
    (ICONS / "lanthorn.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (ICONS / "lanthorn.icns").write_bytes(icns({size: pngs[size] for size in ICNS_TYPES}))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
