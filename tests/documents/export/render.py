"""Render a .docx with LibreOffice and read the PDF back with poppler (helpers of the render test)."""

# `python -m tests.documents.export.render docs/img/page1.png` regenerates the README's picture.

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdffonts"))
FONTS_CONF = Path(__file__).with_name("fonts.conf")
_XHTML = "{http://www.w3.org/1999/xhtml}"
PAGE_NO = re.compile(r"^—\s*(\d+)\s*—$")


def _env(tmp: Path) -> dict[str, str]:
    """A private HOME and the test font mapping, so conversions work as root and side by side."""
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "HOME": str(home), "FONTCONFIG_FILE": str(FONTS_CONF)}


def to_pdf(docx_bytes: bytes, tmp: Path) -> Path:
    """Convert with `soffice --headless` in its own user profile; returns the PDF's path."""
    src = tmp / "draft.docx"
    src.write_bytes(docx_bytes)
    profile = (tmp / "lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(src)],
                   env=_env(tmp), check=True, capture_output=True, timeout=240)
    pdf = tmp / "draft.pdf"
    if not pdf.exists():
        raise RuntimeError("LibreOffice produced no PDF")
    return pdf


def text(pdf: Path) -> str:
    """pdftotext in reading order; pages separated by form feeds."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


@dataclass
class Line:
    """One rendered line with its box in points (origin top left)."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def lines(pdf: Path) -> tuple[list[Line], tuple[float, float]]:
    """Every line of every page with its bounding box, and the page size."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    root = ET.fromstring(out)
    result, size = [], (0.0, 0.0)
    for n, page in enumerate(root.iter(f"{_XHTML}page"), 1):
        size = (float(page.get("width")), float(page.get("height")))
        for line in page.iter(f"{_XHTML}line"):
            words = "".join(w.text or "" for w in line.iter(f"{_XHTML}word"))
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            result.append(Line(n, words, *box))
    return result, size


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts (name, type, emb)."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = []
    for row in out.splitlines()[2:]:
        parts = row.split()
        # name, type (one or two words), encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "type": " ".join(parts[1:-6])})
    return rows


def installed_charset() -> set[int]:
    """Code points that some installed font (under the test mapping) has a glyph for."""
    out = subprocess.run(["fc-list", "--format", "%{charset}\n"], check=True, capture_output=True, text=True,
                         env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}).stdout
    cps: set[int] = set()
    for token in out.split():
        lo, _, hi = token.partition("-")
        try:
            cps.update(range(int(lo, 16), int(hi or lo, 16) + 1))
        except ValueError:
            continue
    return cps


def page_png(pdf: Path, out: Path, dpi: int = 60) -> Path:
    """Page 1 as a small PNG."""
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(stem)], check=True, capture_output=True)
    return stem.with_suffix(".png")


def main(argv: list[str]) -> int:
    """Write page 1 of the sample draft to the given PNG path."""
    import tempfile

    from drafter.documents.export import to_docx
    from tests.documents.export.conftest import make_draft

    target = Path(argv[1] if len(argv) > 1 else "docs/img/page1.png").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = to_pdf(to_docx(make_draft()), Path(tmp))
        png = page_png(pdf, Path(tmp) / "page1.png")
        try:  # a grey PNG is a third of the size; Pillow comes with Streamlit but is optional here
            from PIL import Image

            Image.open(png).convert("L").save(target, optimize=True)
        except ImportError:
            shutil.copyfile(png, target)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
