"""Render the Excel proposal's pages: every sheet of the default project, the
Taishan EMC PV project, the battery project (seeds/shandong-factory-storage.json),
the bill-calibration project (bills, PF adjustment, surcharges, PFC) and an
analysis sample, in Chinese and English.

Each workbook goes through LibreOffice headless -> PDF (the cached values
the workbook carries, as a non-calculating viewer shows them), then
``pdftoppm -png -r 60`` page by page.  A small selection is copied to docs/
(``proposal-<what>-<lang>.png``); ``--all DIR`` keeps every page there.

The analysis sample is the default project with ``scenarios``,
``sensitivity`` and ``uncertainty`` keys, computed the way
``retrofit-planner export`` does (:func:`planner.analysis.bundle.workbook_analysis`,
2,000 Monte Carlo draws, seed 1).

Usage::

    python docs/make_proposal_pages.py [--outdir docs] [--all DIR] [--dpi 60]

Needs ``soffice`` (Debian: libreoffice-calc-nogui), ``pdftoppm`` and
``pdftotext`` (poppler-utils) and fonts-wqy-microhei for the Chinese pages.
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

from planner.analysis.bundle import workbook_analysis  # noqa: E402
from planner.engine.chain import run_project  # noqa: E402
from planner.io.projectfile import load_project, project_from_dict  # noqa: E402
from planner.report.workbook import build_proposal  # noqa: E402

SEEDS = REPO / "seeds"
PROJECTS = {
    "default": SEEDS / "shandong-midsize-factory.json",
    "taishan": SEEDS / "taishan-steel-pv.json",
    "storage": SEEDS / "shandong-factory-storage.json",
    "bill": SEEDS / "bill-calibration.json",
    "analysis": SEEDS / "shandong-midsize-factory.json",
}
ANALYSIS_KEYS = {
    "scenarios": [
        {"name": "折现率 10% / Discount rate 10 %", "changes": [{"path": "finance/discount_rate_pct", "value": 10}]},
        {
            "name": "电价年涨 2% / Prices +2 %/yr",
            "changes": [{"path": "tariff/escalation_pct_per_year", "value": 2}],
        },
    ],
    "sensitivity": {
        "drivers": [{"driver": d} for d in ("energy_price", "capex", "efficiency_savings", "pv_yield", "discount_rate")]
    },
    "uncertainty": [
        {"driver": "energy_price", "distribution": "triangular", "low": -20, "mode": 0, "high": 15},
        {"driver": "capex", "distribution": "uniform", "low": -10, "high": 20},
    ],
}
# (project, lang, sheet key) -> docs/proposal-<name>.png
SELECTION = {
    ("default", "zh", "summary"): "summary-zh",
    ("default", "en", "summary"): "summary-en",
    ("taishan", "zh", "summary"): "taishan-summary-zh",
    ("default", "zh", "cash_flow"): "cash-flow-zh",
    ("default", "en", "measures"): "measures-en",
    ("default", "zh", "monthly"): "monthly-zh",
    ("analysis", "en", "sensitivity"): "sensitivity-en",
    ("analysis", "zh", "montecarlo"): "montecarlo-zh",
    ("storage", "zh", "cash_flow"): "storage-cash-flow-zh",
    ("storage", "zh", "storage"): "storage-zh",
    ("storage", "en", "storage"): "storage-en",
    ("bill", "en", "bill_check"): "bill-check-en",
    ("bill", "zh", "monthly"): "bill-monthly-zh",
    ("analysis", "en", "scenarios"): "scenarios-en",
}


def render(outdir: Path, all_pages: Path | None = None, dpi: int = 60, day: date | None = None) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        raise SystemExit("needs soffice (libreoffice-calc-nogui) and pdftoppm (poppler-utils) on PATH")
    day = day or date(2025, 6, 30)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="proposal-pages-") as tmp:
        work = Path(tmp)
        books, titles = [], {}
        for name, path in PROJECTS.items():
            project = load_project(path)
            analysis = None
            if name == "analysis":
                project = project_from_dict({**project.model_dump(mode="json"), **ANALYSIS_KEYS})
                analysis = workbook_analysis(project, path.parent, draws=2000, seed=1)
            result = run_project(project, path.parent)
            for lang in ("zh", "en"):
                prop = build_proposal(project, result, lang, today=day, analysis=analysis)
                book = work / f"{name}-{lang}.xlsx"
                book.write_bytes(prop.data)
                books.append(book)
                titles[(name, lang)] = prop.titles
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(work / 'lo').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "pdf"),
                *map(str, books),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        pages = work / "pages"
        pages.mkdir()
        for book in books:
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(dpi), str(work / "pdf" / f"{book.stem}.pdf"), str(pages / book.stem)],
                check=True,
                timeout=300,
            )
        if all_pages is not None:
            all_pages.mkdir(parents=True, exist_ok=True)
            for png in sorted(pages.glob("*.png")):
                shutil.copyfile(png, all_pages / png.name)
        outdir.mkdir(parents=True, exist_ok=True)
        for (name, lang, sheet), stem in SELECTION.items():
            if (name, lang) not in titles or sheet not in titles[(name, lang)]:
                continue
            stem_in = f"{name}-{lang}"
            page = _page_of(work / "pdf" / f"{stem_in}.pdf", pages, stem_in, titles[(name, lang)][sheet])
            if page is None:
                continue
            target = outdir / f"proposal-{stem}.png"
            shutil.copyfile(page, target)
            written.append(target)
    return written


def _page_of(pdf: Path, pages: Path, stem: str, title: str) -> Path | None:
    """The PNG of the first page whose page header names the sheet ``title``."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    files = sorted(pages.glob(f"{stem}-*.png"))
    for n, page in enumerate(text.split("\f")):
        head = page.strip().splitlines()[0] if page.strip() else ""
        if head.rstrip().endswith(f"- {title}") and n < len(files):
            return files[n]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outdir", type=Path, default=REPO / "docs")
    ap.add_argument("--all", type=Path, default=None, help="also copy every page here")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args()
    for path in render(args.outdir, args.all, dpi=args.dpi):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
