"""Excel-proposal export benchmark: the XlsxWriter writer, side by side with the old one.

    python bench/bench_export.py [--repeats 3] [--lang zh] [--sizes 200,1000,5000] [--old-max 1000] [--recalc]

For the default project (seeds/shandong-midsize-factory.json) and copies of
its measures to 200, 1,000 and 5,000 measures it prints the median wall time
of ``export_workbook`` (build + serialise + atomic write) of

* ``new``: planner.report (XlsxWriter, constant-memory mode, cached values);
* ``old``: the openpyxl writer of main before issue 13 (``git show
  fe678b3:planner/report/workbook.py``, loaded as a module), for sizes up to
  ``--old-max`` (it takes ~52 s at 5,000 measures), and the ratio old / new.

The engine run is timed separately (it is not part of the export).  With
``--recalc`` it also times one LibreOffice headless recalculation of each new
workbook, the cost of the agreement tests.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import types
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.timing import git_show, median_time  # noqa: E402
from planner.engine.chain import run_project  # noqa: E402
from planner.io.projectfile import load_project  # noqa: E402
from planner.model.project import Project  # noqa: E402
from planner.report.workbook import export_workbook  # noqa: E402

DEFAULT = REPO / "seeds" / "shandong-midsize-factory.json"
OLD_COMMIT = "fe678b3"


def many_measures(n: int) -> Project:
    """The default project with its measures repeated to ``n``, names made unique."""
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    base = data["measures"]
    data["measures"] = [dict(base[i % len(base)], name=f"{base[i % len(base)]['name']} #{i + 1}") for i in range(n)]
    return Project.model_validate(data)


def old_writer():
    """The openpyxl writer of ``OLD_COMMIT`` as a module, or None when git cannot show it."""
    src = git_show(REPO, OLD_COMMIT, "planner/report/workbook.py")
    if src is None:
        return None
    mod = types.ModuleType("old_workbook")
    exec(compile(src, "old_workbook.py", "exec"), mod.__dict__)
    return mod


def main() -> None:
    ap = argparse.ArgumentParser(description="Excel proposal export time")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--sizes", default="200,1000,5000")
    ap.add_argument("--old-max", type=int, default=1000, help="largest size timed with the old writer")
    ap.add_argument("--recalc", action="store_true", help="also time a LibreOffice recalculation")
    args = ap.parse_args()

    old = old_writer()
    cases = [("default", load_project(DEFAULT))]
    cases += [(f"{n} measures", many_measures(n)) for n in (int(x) for x in args.sizes.split(",") if x)]
    print(
        f"{'project':<15} {'measures':>8} {'engine s':>9} {'new s':>8} {'old s':>8} {'old/new':>8} {'size kB':>8}"
        + (f" {'LO recalc s':>11}" if args.recalc else "")
    )
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        tmpdir = Path(tmp)
        for name, project in cases:
            t0 = time.perf_counter()
            result = run_project(project, DEFAULT.parent)
            engine_s = time.perf_counter() - t0
            out = tmpdir / f"{name.replace(' ', '-')}.xlsx"
            n = len(project.measures)
            reps = args.repeats if n <= 1000 else 1
            export_workbook(project, result, out, lang=args.lang)  # warm-up (imports)
            new_s = median_time(partial(export_workbook, project, result, out, lang=args.lang), reps)
            size = out.stat().st_size / 1024
            old_s = None
            if old is not None and n <= args.old_max:
                old_out = tmpdir / f"old-{out.name}"
                old_s = median_time(partial(old.export_workbook, project, result, old_out, lang=args.lang), reps)
            old_txt = f"{old_s:>8.2f} {old_s / new_s:>8.1f}" if old_s is not None else f"{'-':>8} {'-':>8}"
            line = f"{name:<15} {n:>8} {engine_s:>9.2f} {new_s:>8.2f} {old_txt} {size:>8.0f}"
            if args.recalc:
                soffice = shutil.which("soffice") or shutil.which("libreoffice")
                if not soffice:
                    line += f" {'n/a':>11}"
                else:
                    profile = tmpdir / f"lo-{name.replace(' ', '-')}"
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
                        timeout=1800,
                    )
                    line += f" {time.perf_counter() - t0:>11.2f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
