"""Excel-proposal export benchmark.

    python bench/bench_export.py [--repeats 5] [--lang zh] [--recalc]

Reports the median wall time of ``workbook_bytes`` (build + serialise the
.xlsx in memory) and of ``export_workbook`` (the same plus the atomic write)
for

* ``default``: the default example project (seeds/shandong-midsize-factory.json);
* ``200 measures``: the default project's measures copied, with unique names,
  to 200 measures (PV included once per copy of the list).

The engine run is timed separately (it is not part of the export).  With
``--recalc`` it also times one LibreOffice headless recalculation of each
workbook (``soffice --convert-to xlsx``), the cost of the agreement tests.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.engine.chain import run_project  # noqa: E402
from planner.io.projectfile import load_project  # noqa: E402
from planner.model.project import Project  # noqa: E402
from planner.report.workbook import export_workbook, workbook_bytes  # noqa: E402

DEFAULT = REPO / "seeds" / "shandong-midsize-factory.json"


def many_measures(n: int = 200) -> Project:
    """The default project with its measures repeated to ``n``, names made unique."""
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    base = data["measures"]
    data["measures"] = [dict(base[i % len(base)], name=f"{base[i % len(base)]['name']} #{i + 1}") for i in range(n)]
    return Project.model_validate(data)


def _median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description="Excel proposal export time")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--recalc", action="store_true", help="also time a LibreOffice recalculation")
    args = ap.parse_args()

    cases = [("default", load_project(DEFAULT)), ("200 measures", many_measures(200))]
    print(
        f"{'project':<14} {'measures':>8} {'engine s':>9} {'bytes s':>8} {'export s':>9} {'size kB':>8}"
        + (f" {'LO recalc s':>11}" if args.recalc else "")
    )
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        tmpdir = Path(tmp)
        for label, project in cases:
            t0 = time.perf_counter()
            result = run_project(project, DEFAULT.parent)
            engine_s = time.perf_counter() - t0
            workbook_bytes(project, result, args.lang)  # warm-up (imports)
            bytes_s = _median(lambda p=project, r=result: workbook_bytes(p, r, args.lang), args.repeats)
            out = tmpdir / f"{label.replace(' ', '-')}.xlsx"
            export_s = _median(
                lambda p=project, r=result, o=out: export_workbook(p, r, o, lang=args.lang), args.repeats
            )
            line = (
                f"{label:<14} {len(project.measures):>8} {engine_s:>9.3f} {bytes_s:>8.3f} {export_s:>9.3f} "
                f"{out.stat().st_size / 1024:>8.0f}"
            )
            if args.recalc:
                soffice = shutil.which("soffice") or shutil.which("libreoffice")
                if not soffice:
                    line += f" {'n/a':>11}"
                else:
                    profile = tmpdir / f"lo-{label.replace(' ', '-')}"
                    t0 = time.perf_counter()
                    subprocess.run(
                        [
                            soffice,
                            f"-env:UserInstallation={profile.as_uri()}",
                            "--headless",
                            "--convert-to",
                            "xlsx",
                            "--outdir",
                            str(tmpdir / "recalc"),
                            str(out),
                        ],
                        check=True,
                        capture_output=True,
                        timeout=600,
                    )
                    line += f" {time.perf_counter() - t0:>11.2f}"
            print(line)


if __name__ == "__main__":
    main()
