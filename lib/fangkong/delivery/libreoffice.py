"""A Word file rendered by LibreOffice: to PDF, and a picture of its first page.

The bulletin's .docx names the offices' fonts (仿宋_GB2312, 黑体, 楷体_GB2312,
方正小标宋简体). Where they are not installed, LibreOffice takes whatever fontconfig
offers for an unknown name; :func:`to_pdf` runs it with a fontconfig file of its
own that includes the system's and maps each name to a CJK font of the same style
(serif for 仿宋 and 小标宋, sans for 黑体), so that the picture reads as the office
sees the file. LibreOffice (Debian ``libreoffice-writer-nogui``), ``pdftoppm``
(``poppler-utils``) and a CJK font (``fonts-noto-cjk``) are needed; without them
:func:`first_page_png` says in one line how to get them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: How to get what is missing, said in one line.
HOW_TO_GET = (
    "bulletin picture: not written ({why}); to get it install LibreOffice Writer, poppler "
    "and a CJK font (Debian: apt-get install libreoffice-writer-nogui poppler-utils "
    "fonts-noto-cjk)"
)
#: The office's font names -> the family fontconfig offers in their place, by style.
FONT_ALIASES = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}
#: Seconds LibreOffice may take to convert one file.
TIMEOUT = 180


def find_soffice() -> str | None:
    """LibreOffice's ``soffice``, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fonts_conf(folder: Path) -> Path:
    aliases = "".join(
        f'<alias binding="same"><family>{name}</family><prefer><family>{family}</family>'
        "</prefer></alias>"
        for name, family in FONT_ALIASES.items()
    )
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>',
        encoding="utf-8",
    )
    return conf


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert a .docx to PDF with LibreOffice headless; the PDF's path.

    Raises
    ------
    FileNotFoundError
        When LibreOffice is not installed.
    RuntimeError
        When it ran and wrote no PDF.
    """
    soffice = find_soffice()
    if soffice is None:
        raise FileNotFoundError("LibreOffice (soffice) not found")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fangkong-lo-") as tmp:
        tmp = Path(tmp)
        env = os.environ | {
            "FONTCONFIG_FILE": str(_fonts_conf(tmp)),
            "HOME": str(tmp),  # a profile of its own: no clash with a running LibreOffice
        }
        profile = f"-env:UserInstallation={(tmp / 'profile').as_uri()}"
        command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir"]
        subprocess.run(
            [*command, str(out_dir), str(docx)],
            env=env,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    pdf = out_dir / (Path(docx).stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def first_page_png(docx: Path, png: Path, dpi: int = 80) -> tuple[Path | None, str]:
    """A picture of a Word file's first page, through LibreOffice and pdftoppm.

    Parameters
    ----------
    docx : Path
    png : Path
        Where the picture goes.
    dpi : int

    Returns
    -------
    (Path or None, str)
        The picture (None when it could not be made) and one line saying what
        was done, or why not and how to get what is missing.
    """
    if find_soffice() is None:
        return None, HOW_TO_GET.format(why="LibreOffice not found")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None, HOW_TO_GET.format(why="pdftoppm not found")
    with tempfile.TemporaryDirectory(prefix="fangkong-pdf-") as tmp:
        try:
            pdf = to_pdf(Path(docx), Path(tmp))
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            return None, HOW_TO_GET.format(why=str(exc))
        stem = Path(tmp) / "page"
        args = ["-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([pdftoppm, *args, str(pdf), str(stem)], check=True, timeout=TIMEOUT)
        Path(png).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(stem.with_suffix(".png")), png)
    return Path(png), f"bulletin picture: first page of {Path(docx).name} in {png}"
