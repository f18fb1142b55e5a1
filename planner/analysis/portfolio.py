"""Portfolio: every project file of a folder, computed in parallel, in one ranked table.

* Files: every ``*.json`` directly in the folder (not recursive), sorted by
  name.  Each is loaded and computed in a worker process
  (:class:`concurrent.futures.ProcessPoolExecutor`, ``os.cpu_count()``
  workers, files handed out in chunks).  A file that cannot be read, is not a
  valid project or fails to compute is a row with its ``error`` (the first
  problem line) and no figures; it never stops the batch.  A bug in the engine
  is reported in the row as ``internal error: ...``.
* Ranks (1 = best; rows with an error or a missing figure are not ranked):
  ``rank_npv`` by NPV, highest first; ``rank_payback`` by payback, shortest
  first; ``rank_co2_per_yuan`` by lifetime CO2 avoided per yuan of capex
  [kg CO2 / yuan], highest first (a project without capex has none).
  Ties keep file order.  The rows are listed in ``rank_npv`` order, errors
  last.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.model.errors import InputError

ROW_KEYS = (
    "file",
    "name",
    "capex_yuan",
    "first_year_savings_yuan",
    "npv_yuan",
    "irr_pct",
    "payback_years",
    "lifetime_co2_avoided_t",
    "co2_kg_per_yuan",
    "rank_npv",
    "rank_payback",
    "rank_co2_per_yuan",
    "error",
)


_SUMMARY_COLUMNS = ROW_KEYS[ROW_KEYS.index("capex_yuan") : ROW_KEYS.index("co2_kg_per_yuan")]
"""The summary attributes a portfolio row copies, in column order."""


def compute_row(path: str) -> dict[str, Any]:
    """One portfolio row of a project file (never raises)."""
    from planner.engine.chain import run_project
    from planner.io.projectfile import load_project

    row: dict[str, Any] = {k: None for k in ROW_KEYS}
    row["file"] = Path(path).name
    try:
        project = load_project(path)
        row["name"] = project.name
        s = run_project(project, Path(path).resolve().parent).summary
    except InputError as err:
        row["error"] = str(err).splitlines()[0] if str(err) else type(err).__name__
        return row
    except (ValueError, OSError) as err:  # profile / weather readers
        row["error"] = (str(err).splitlines() or [type(err).__name__])[0]
        return row
    except Exception as err:  # a bug: still a row, marked as such
        row["error"] = f"internal error: {type(err).__name__}: {err}"
        return row
    row.update({name: getattr(s, name) for name in _SUMMARY_COLUMNS})
    row["co2_kg_per_yuan"] = (s.lifetime_co2_avoided_t * 1000.0 / s.capex_yuan) if s.capex_yuan > 0 else None
    return row


def _rows_of(paths: list[str]) -> list[dict[str, Any]]:
    return [compute_row(p) for p in paths]


def _rank(rows: list[dict[str, Any]], key: str, rank_key: str, higher_first: bool) -> None:
    ok = [i for i, r in enumerate(rows) if r["error"] is None and r[key] is not None]
    ok.sort(key=lambda i: (-rows[i][key] if higher_first else rows[i][key], i))
    for rank, i in enumerate(ok, start=1):
        rows[i][rank_key] = rank


@dataclass
class Portfolio:
    """The ranked table; ``rows`` as in :data:`ROW_KEYS`."""

    folder: str
    rows: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        from planner.model.results import _clean

        return _clean(
            {
                "folder": self.folder,
                "count": len(self.rows),
                "failed": sum(1 for r in self.rows if r["error"] is not None),
                "projects": self.rows,
            }
        )


def run_batch(folder: str | os.PathLike, *, workers: int | None = None, chunk: int | None = None) -> Portfolio:
    """Compute every ``*.json`` in ``folder`` in parallel processes and rank them.

    Parameters
    ----------
    workers : int, optional
        Worker processes (default ``os.cpu_count()``); 1 computes in this process.
    chunk : int, optional
        Files per task (default: the files split in about 4 tasks per worker).
    """
    d = Path(folder)
    if not d.is_dir():
        raise InputError(str(folder), "a folder of project files", "no such folder" if not d.exists() else "a file")
    paths = sorted(str(p) for p in d.glob("*.json") if p.is_file())
    workers = max(1, int(workers or os.cpu_count() or 1))
    if workers == 1 or len(paths) <= 1:
        rows = _rows_of(paths)
    else:
        size = chunk or max(1, -(-len(paths) // (4 * workers)))
        batches = [paths[i : i + size] for i in range(0, len(paths), size)]
        rows = []
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(_rows_of, batches):
                rows.extend(part)
    _rank(rows, "npv_yuan", "rank_npv", True)
    _rank(rows, "payback_years", "rank_payback", False)
    _rank(rows, "co2_kg_per_yuan", "rank_co2_per_yuan", True)
    order = sorted(
        range(len(rows)),
        key=lambda i: (rows[i]["error"] is not None, rows[i]["rank_npv"] is None, rows[i]["rank_npv"] or 0, i),
    )
    return Portfolio(str(d), [rows[i] for i in order])
