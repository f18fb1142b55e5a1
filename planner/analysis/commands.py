"""Command-line commands of the analysis package (registered by ``planner.cli``).

::

    retrofit-planner compare FILE [--json]
    retrofit-planner sensitivity FILE [--json] [--payback-target YEARS] [--spider N]
    retrofit-planner montecarlo FILE [--draws N] [--seed S] [--payback-target YEARS] [--exact] [--json]
    retrofit-planner batch DIR [-o portfolio.xlsx] [--json] [--workers N] [--lang zh|en]

Each command is ``<name>_arguments(parser)`` + ``<name>_run(args) -> exit code``;
``planner/commands/<name>.py`` registers it in ``planner.cli``'s table.  A
problem with the input raises :class:`planner.model.errors.InputError`, which
``planner.cli`` prints as ``FILE: where: expected X, found Y`` with exit 2.
Heavy imports (scipy, the engine) happen inside ``run``.

``batch -o`` writes the workbook through ``write_portfolio(rows, lang, title)
-> bytes``, which ``planner.commands.batch`` passes in (planner.analysis does
not import planner.report; the layers are independent).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.model.errors import InputError

EXIT_OK = 0


def _dump(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")


def _load(path: str):
    from planner.io.projectfile import load_project

    return load_project(path), Path(path).resolve().parent


def _fmt(v: Any) -> str:
    if v is None:
        return "n/a"
    return f"{v:,.2f}" if isinstance(v, float) else str(v)


# --- compare ----------------------------------------------------------------------------------


def compare_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON on stdout")


def compare_run(args: argparse.Namespace) -> int:
    """The base project and every scenario side by side."""
    from planner.analysis.scenarios import compare

    project, base = _load(args.file)
    cmp = compare(project, base)
    if args.json:
        _dump(cmp.to_dict())
        return EXIT_OK
    keys = ("capex_yuan", "first_year_savings_yuan", "npv_yuan", "irr_pct", "payback_years", "lifetime_co2_avoided_t")
    for s in cmp.scenarios:
        print(s.name)
        for k in keys:
            mark = " *" if cmp.best.get(k) == s.name else ""
            print(f"  {k:28s} {_fmt(getattr(s.summary, k))}{mark}")
    return EXIT_OK


# --- sensitivity ------------------------------------------------------------------------------


def sensitivity_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the tornado and break-even values as JSON")
    p.add_argument(
        "--payback-target", type=float, default=None, metavar="YEARS", help="energy-price change for this payback"
    )
    p.add_argument("--spider", type=int, default=0, metavar="N", help="also N points per driver (spider plot)")


def sensitivity_run(args: argparse.Namespace) -> int:
    """Tornado end points and break-even, by full recomputes."""
    from planner.analysis.sensitivity import sensitivity

    project, base = _load(args.file)
    res = sensitivity(project, base, payback_target_years=args.payback_target, spider_points=args.spider)
    if args.json:
        _dump(res.to_dict())
        return EXIT_OK
    print(f"base NPV {_fmt(res.npv_yuan)} yuan, IRR {_fmt(res.irr_pct)} %, payback {_fmt(res.payback_years)} years")
    for d in sorted(res.drivers, key=lambda d: -d.npv_swing_yuan):
        print(f"  {d.driver:20s} {d.low:+g} .. {d.high:+g}: NPV {_fmt(d.npv_low_yuan)} .. {_fmt(d.npv_high_yuan)}")
    print(f"  break-even energy price change {_fmt(res.energy_price_break_even_pct)} %")
    print(f"  break-even capex change        {_fmt(res.capex_break_even_pct)} %")
    if res.payback_target_years is not None:
        print(
            f"  energy price change for a {res.payback_target_years:g}-year payback "
            f"{_fmt(res.energy_price_for_payback_pct)} %"
        )
    return EXIT_OK


# --- montecarlo -------------------------------------------------------------------------------


def _int_arg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        try:
            f = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
        if f != int(f):
            raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
        return int(f)


def montecarlo_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--draws", type=_int_arg, default=10_000, help="Latin hypercube draws, 1..1000000")
    p.add_argument("--seed", type=int, default=1, help="seed of the draws (default 1)")
    p.add_argument("--payback-target", type=float, default=None, metavar="YEARS")
    p.add_argument("--exact", action="store_true", help="full recomputes (slow) instead of the decomposition")
    p.add_argument("--json", action="store_true", help="print the statistics as JSON")


def montecarlo_run(args: argparse.Namespace) -> int:
    """P10/P50/P90 of NPV, IRR and payback over the project's uncertainty."""
    from planner.analysis.montecarlo import check_draws, monte_carlo

    check_draws(args.draws)  # before any computing
    project, base = _load(args.file)
    res = monte_carlo(
        project,
        base,
        draws=args.draws,
        seed=args.seed,
        payback_target_years=args.payback_target,
        force_exact=args.exact,
    )
    out = res.to_dict()
    if args.json:
        _dump(out)
        return EXIT_OK
    print(f"{out['draws']} draws ({out['method']}), seed {out['seed']}")
    for k in ("npv_yuan", "irr_pct", "payback_years"):
        s = out[k]
        print(f"  {k:16s} mean {_fmt(s['mean'])}  P10 {_fmt(s['p10'])}  P50 {_fmt(s['p50'])}  P90 {_fmt(s['p90'])}")
    print(f"  P(NPV > 0) = {out['probability_npv_positive']:.3f}")
    for t, p in out["probability_payback_within"].items():
        print(f"  P(payback <= {t} years) = {p:.3f}")
    if out.get("reason"):
        print(f"  note: {out['reason']}")
    return EXIT_OK


# --- batch ------------------------------------------------------------------------------------


def batch_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", metavar="DIR")
    p.add_argument("-o", "--output", default=None, help="the portfolio .xlsx to write")
    p.add_argument("--json", action="store_true", help="print the ranked table as JSON")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: the CPU count)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="workbook language")


def batch_run(args: argparse.Namespace, write_portfolio: Callable[[list, str, str], bytes] | None = None) -> int:
    """Every project file of a folder, in parallel, ranked; bad files are rows with their error."""
    from planner.analysis.portfolio import run_batch
    from planner.io.projectfile import write_bytes_atomic

    port = run_batch(args.folder, workers=args.workers)
    if args.output:
        if write_portfolio is None:
            raise RuntimeError("no portfolio writer given (planner.commands.batch passes planner.report's)")
        out = Path(args.output)
        if not out.parent.is_dir():
            raise InputError(str(out), "a file in an existing folder", f"no folder {out.parent}")
        write_bytes_atomic(out, write_portfolio(port.rows, args.lang, Path(args.folder).name))
    if args.json:
        _dump(port.to_dict())
    else:
        for r in port.rows:
            if r["error"]:
                print(f"  {r['file']}: error: {r['error']}")
            else:
                print(
                    f"  {r['rank_npv']:>4} {r['file']}: NPV {_fmt(r['npv_yuan'])}, payback {_fmt(r['payback_years'])}"
                )
        if args.output:
            print(f"wrote {args.output}")
    return EXIT_OK
