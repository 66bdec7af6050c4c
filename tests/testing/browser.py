"""A real headless browser for tests of the pages we generate (Debian's `chromium`).

Installed by `scripts/install-browser` (CI runs it from `.ci/run`). On a learner's machine
without it, the browser tests skip with the reason; with `ROADMAP_REQUIRE_BROWSER=1` (CI)
a missing browser fails them instead.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome")
# Quiet, offline, throwaway profile: nothing leaves the machine, nothing is kept.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium() -> str:
    """The browser's path; skips (or fails under ROADMAP_REQUIRE_BROWSER=1) when missing."""
    found = next((path for name in NAMES if (path := shutil.which(name))), None)
    if found:
        return found
    reason = "chromium is not installed; run scripts/install-browser to run the browser tests"
    if os.environ.get("ROADMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def run(page: Path, profile: Path, *args: str) -> str:
    """Open `page` in headless chromium with `args`; its stdout."""
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG (chromium's)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0), "unexpected PNG format"
    assert color in (2, 6), "unexpected PNG colour type"
    step = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    rows, previous, stride = [], bytes(width * step), width * step
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            line[i] = (line[i] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = bytes(line)
    return width, height, [_rgb(row, step) for row in rows]


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    estimate = left + up - corner
    pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
    return left if pa <= pb and pa <= pc else up if pb <= pc else corner


def _rgb(row: bytes, step: int) -> bytes:
    return row if step == 3 else b"".join(row[i : i + 3] for i in range(0, len(row), 4))


def count_color(path: Path, rgb: tuple[int, int, int], tolerance: int = 8) -> int:
    """How many pixels of the screenshot are (close to) `rgb`."""
    _, _, rows = png_pixels(path)
    count = 0
    for row in rows:
        for i in range(0, len(row), 3):
            if all(abs(row[i + k] - rgb[k]) <= tolerance for k in range(3)):
                count += 1
    return count
