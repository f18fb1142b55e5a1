"""Regenerate docs/proposal-summary-zh.png and docs/proposal-summary-en.png.

The Summary sheet of the default project's Excel proposal, rendered the way a
reader without Excel sees it: LibreOffice headless -> PDF, then
``pdftoppm -png -r 80`` of page 1 (the Summary sheet prints on one page).

Usage::

    python docs/make_proposal_pages.py [--outdir docs] [--keep DIR]

Needs ``soffice`` (Debian: libreoffice-calc-nogui) and ``pdftoppm``
(poppler-utils); fonts-wqy-microhei for the Chinese page.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.engine.chain import run_project  # noqa: E402
from planner.io.projectfile import load_project  # noqa: E402
from planner.report.workbook import export_workbook  # noqa: E402

DEFAULT_PROJECT = REPO / "seeds" / "shandong-midsize-factory.json"


def render(outdir: Path, keep: Path | None = None, day: date | None = None, dpi: int = 80) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        raise SystemExit("needs soffice (libreoffice-calc-nogui) and pdftoppm (poppler-utils) on PATH")
    project = load_project(DEFAULT_PROJECT)
    result = run_project(project, DEFAULT_PROJECT.parent)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="proposal-pages-") as tmp:
        work = Path(tmp)
        books = []
        for lang in ("zh", "en"):
            path = work / f"proposal-{lang}.xlsx"
            export_workbook(project, result, path, lang=lang, today=day)
            books.append(path)
        profile = work / "lo-profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "pdf"),
                *map(str, books),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        for lang in ("zh", "en"):
            pdf = work / "pdf" / f"proposal-{lang}.pdf"
            stem = work / f"page-{lang}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                check=True,
                timeout=120,
            )
            target = outdir / f"proposal-summary-{lang}.png"
            shutil.copyfile(stem.with_suffix(".png"), target)
            written.append(target)
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            for f in [*books, *(work / "pdf").glob("*.pdf")]:
                shutil.copyfile(f, keep / f.name)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outdir", type=Path, default=REPO / "docs")
    ap.add_argument("--keep", type=Path, default=None, help="also copy the .xlsx and .pdf files here")
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args()
    for path in render(args.outdir, args.keep, dpi=args.dpi):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
