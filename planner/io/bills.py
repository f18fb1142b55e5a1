"""Read 12 monthly electricity bills from CSV or XLSX, one row a month.

Headers (English or Chinese, any order, case-insensitive):

=================  ===========================================  =========
key                accepted headers                              unit
=================  ===========================================  =========
month              month, 月份, 月                              1..12 or 2025-03
kwh                kwh, 电量, 有功电量, 用电量, 总电量          kWh
kwh_critical_peak  kwh_critical_peak, 尖峰电量, 尖峰              kWh
kwh_peak           kwh_peak, 高峰电量, 峰电量, 峰               kWh
kwh_flat           kwh_flat, 平段电量, 平电量, 平               kWh
kwh_valley         kwh_valley, 低谷电量, 谷电量, 谷             kWh
kwh_deep_valley    kwh_deep_valley, 深谷电量, 深谷              kWh
max_demand_kw      max_demand_kw, 最大需量, 需量                kW
kvarh              kvarh, 无功电量, 无功                        kvarh
total_yuan         total_yuan, 电费, 总电费, 电费合计, 金额     yuan
=================  ===========================================  =========

Refused, with the row number as the user sees it (header = row 1): not 12
data rows, a month twice, a total of 0 (or missing), a negative kvarh, a
cell that is not a number.  Nothing is returned from a half-read file.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from planner.io.files import FileProblem, decode_text
from planner.model.errors import InputError, Problem
from planner.model.project import PERIODS, MonthlyBillInput

HEADERS: dict[str, tuple[str, ...]] = {
    "month": ("month", "月份", "月", "账期", "结算月份"),
    "kwh": ("kwh", "电量", "有功电量", "用电量", "总电量", "有功总电量"),
    "kwh_critical_peak": ("kwh_critical_peak", "尖峰电量", "尖峰"),
    "kwh_peak": ("kwh_peak", "高峰电量", "峰电量", "峰", "高峰"),
    "kwh_flat": ("kwh_flat", "平段电量", "平电量", "平", "平段"),
    "kwh_valley": ("kwh_valley", "低谷电量", "谷电量", "谷", "低谷"),
    "kwh_deep_valley": ("kwh_deep_valley", "深谷电量", "深谷"),
    "max_demand_kw": ("max_demand_kw", "最大需量", "需量", "最大需量kw"),
    "kvarh": ("kvarh", "无功电量", "无功", "无功总电量"),
    "total_yuan": ("total_yuan", "电费", "总电费", "电费合计", "金额", "应缴电费", "合计电费"),
}
_LOOKUP = {re.sub(r"[\s()（）_\-]", "", h.lower()): key for key, hs in HEADERS.items() for h in hs}


def _norm(header: object) -> str:
    text = str(header or "").strip().lower()
    text = re.sub(r"[(（\[].*?[)）\]]", "", text)  # drop a unit in brackets: 电量(kWh)
    return re.sub(r"[\s()（）_\-]", "", text)


def _number(cell: object, where: str, what: str) -> float | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = str(cell).strip().replace(",", "").replace("，", "")
    try:
        return float(text)
    except ValueError:
        raise InputError(where, f"a number ({what})", repr(str(cell))[:40]) from None


def _month(cell: object, where: str) -> int:
    if hasattr(cell, "month") and not isinstance(cell, (int, float, str)):
        return int(cell.month)
    text = str(cell if cell is not None else "").strip()
    m = re.fullmatch(r"(?:\d{4}\s*[-/.年]\s*)?(\d{1,2})\s*(?:月)?(?:[-/.]\s*\d{1,2}.*)?", text)
    if m is None:
        try:
            value = float(text)
        except ValueError:
            raise InputError(where, "a month 1..12 (or 2025-03, 2025年3月)", repr(text)[:40]) from None
        if value != int(value):
            raise InputError(where, "a month 1..12", text)
        month = int(value)
    else:
        month = int(m.group(1))
    if not 1 <= month <= 12:
        raise InputError(where, "a month 1..12", str(month))
    return month


def _rows_from_csv(data: bytes) -> list[list[object]]:
    try:
        text, _ = decode_text(data)  # the one decoder of text files (also takes UTF-16 with a BOM)
    except FileProblem:
        raise InputError("bills file", "a UTF-8 or GB18030 text CSV", "undecodable bytes") from None
    return [row for row in csv.reader(io.StringIO(text))]


def _rows_from_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any openpyxl failure is a bad file
        raise InputError(str(path), "a readable XLSX workbook", type(err).__name__) from None
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def read_bills(path: str | Path) -> list[MonthlyBillInput]:
    """Read 12 monthly bills from a CSV or XLSX file.

    Parameters
    ----------
    path : path
        CSV (UTF-8 or GB18030) or XLSX (first sheet); header row, then one
        row a month.

    Returns
    -------
    list of MonthlyBillInput
        12 bills sorted by month.

    Raises
    ------
    InputError
        Naming the file, row and column of the first problems found.
    """
    p = Path(path)
    try:
        rows = _rows_from_xlsx(p) if p.suffix.lower() in (".xlsx", ".xlsm") else _rows_from_csv(p.read_bytes())
    except OSError as err:
        raise InputError(str(p), "a readable bills file (CSV or XLSX)", err.strerror or str(err)) from None
    return bills_from_rows(rows, source=p.name)


def bills_from_rows(rows: list[list[object]], source: str = "bills") -> list[MonthlyBillInput]:
    """Validate table rows (header first) into 12 bills; see :func:`read_bills`."""
    rows = [r for r in rows if any(c is not None and str(c).strip() for c in r)]
    if not rows:
        raise InputError(source, "a header row and 12 rows, one a month", "an empty file")
    header = rows[0]
    cols: dict[str, int] = {}
    for j, h in enumerate(header):
        key = _LOOKUP.get(_norm(h))
        if key and key not in cols:
            cols[key] = j
    missing = [k for k in ("month", "kwh", "total_yuan") if k not in cols]
    if missing:
        raise InputError(
            f"{source} row 1",
            "columns month, kwh, total_yuan (or 月份, 电量, 电费)",
            f"no column for {', '.join(missing)}",
        )
    data = rows[1:]
    if len(data) != 12:
        raise InputError(source, "12 rows, one per month (a year of bills)", f"{len(data)} rows")
    problems: list[Problem] = []
    bills: list[MonthlyBillInput] = []
    seen: dict[int, int] = {}
    for i, row in enumerate(data, start=2):
        try:
            bills.append(_bill_from_row(row, cols, f"{source} row {i}", i, seen))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems=problems)
    return sorted(bills, key=lambda b: b.month)


def _non_negative(cell: object, where: str, what: str) -> float | None:
    v = _number(cell, where, what)
    if v is not None and v < 0:
        raise InputError(where, f"{what} >= 0", f"{v:g}")
    return v


def _bill_from_row(
    row: list[object], cols: dict[str, int], where: str, i: int, seen: dict[int, int]
) -> MonthlyBillInput:
    """One row -> one bill; ``seen`` maps months already read to their row numbers."""

    def cell(key: str) -> object:
        j = cols.get(key)
        return row[j] if j is not None and j < len(row) else None

    month = _month(cell("month"), f"{where}, month")
    if month in seen:
        raise InputError(f"{where}, month", "each month once", f"month {month} twice (rows {seen[month]} and {i})")
    seen[month] = i
    kwh = _non_negative(cell("kwh"), f"{where}, kwh", "kWh")
    if kwh is None:
        raise InputError(f"{where}, kwh", "kWh >= 0", "nothing")
    total = _number(cell("total_yuan"), f"{where}, total_yuan", "yuan")
    if total is None or total <= 0:
        raise InputError(f"{where}, total_yuan", "a bill total > 0 yuan", "nothing" if total is None else f"{total:g}")
    kvarh = _non_negative(cell("kvarh"), f"{where}, kvarh", "kvarh")
    demand = _non_negative(cell("max_demand_kw"), f"{where}, max_demand_kw", "kW")
    by_period = {}
    for p in PERIODS:
        v = _non_negative(cell(f"kwh_{p}"), f"{where}, kwh_{p}", "kWh")
        if v is not None:
            by_period[p] = v
    return MonthlyBillInput(
        month=month,
        kwh=kwh,
        kwh_by_period=by_period or None,
        max_demand_kw=demand,
        kvarh=kvarh,
        total_yuan=total,
    )


def write_bills_csv(bills: list[MonthlyBillInput], path: str | Path) -> None:
    """Write bills in the format :func:`read_bills` reads (English headers)."""
    periods = [p for p in PERIODS if any(b.kwh_by_period and p in b.kwh_by_period for b in bills)]
    header = ["month", "kwh", *[f"kwh_{p}" for p in periods], "max_demand_kw", "kvarh", "total_yuan"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for b in sorted(bills, key=lambda x: x.month):
            w.writerow(
                [
                    b.month,
                    f"{b.kwh:.0f}",
                    *[f"{(b.kwh_by_period or {}).get(p, 0):.0f}" for p in periods],
                    "" if b.max_demand_kw is None else f"{b.max_demand_kw:.1f}",
                    "" if b.kvarh is None else f"{b.kvarh:.0f}",
                    f"{b.total_yuan:.2f}",
                ]
            )
