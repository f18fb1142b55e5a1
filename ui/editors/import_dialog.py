"""Import interval meter data (CSV / XLSX): preview chart and repair report before accepting.

The file is read with :func:`planner.engine.load.read_hourly_profile`; what it
repaired (gaps, duplicates, daylight-saving artefacts ...) is listed, and a
file that cannot be used is explained (the OK button stays disabled), so
the project never takes a profile the user has not seen.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.terms import message_text
from ui.editors.common import note_label, set_error
from ui.widgets.fields import format_number
from ui.widgets.labels import lang, unit
from ui.widgets.profile_chart import ProfileChart


def stored_profile_path(path: str | os.PathLike, base_dir: str | os.PathLike) -> str:
    """``path`` relative to ``base_dir`` when the file is inside it, else absolute (POSIX slashes)."""
    p = Path(path).resolve()
    try:
        return p.relative_to(Path(base_dir).resolve()).as_posix()
    except ValueError:
        return str(p)


_TIME_WORDS = ("time", "date", "timestamp", "时间", "日期", "时刻")


def _looks_like_time_name(name: str) -> bool:
    n = name.strip().lower()
    return any(w in n for w in _TIME_WORDS)


def _unit_of(name: str) -> str:
    """``"kwh"`` / ``"kw"`` when a header names that unit (``正向有功总(kWh)``, ``有功功率(kW)``), else ``""``."""
    n = name.lower().replace(" ", "")
    if "kwh" in n:
        return "kwh"
    if re.search(r"kw(?![a-z])", n):
        return "kw"
    return ""


class ImportProfileDialog(QDialog):
    """Pick a profile file, see its chart and repair report, accept or cancel.

    ``kind`` is ``"load"`` (meter data of the factory) or ``"pv"`` (hourly
    AC output of a PV system).
    """

    def __init__(
        self,
        base_dir: str | os.PathLike,
        *,
        year: int | None = None,
        utc_offset_h: float | None = None,
        kind: str = "load",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.base_dir = Path(base_dir)
        self.year = year
        self.utc_offset_h = utc_offset_h
        self.kind = kind
        self.profile = None  # planner.engine.load.HourlyProfile once a file was read
        self.path: Path | None = None
        self.setWindowTitle(self.tr("Import meter data") if kind == "load" else self.tr("Import PV generation profile"))
        self.resize(760, 620)

        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A CSV or XLSX file with a header row: a timestamp column and a kW or kWh column, "
                "hourly or 15-minute, one year (8760 hours). Gaps, duplicates and daylight-saving "
                "artefacts are repaired and listed below before you accept."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("File path"))
        self.path_edit.returnPressed.connect(lambda: self.load_file(self.path_edit.text()))
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.browse_button)
        lay.addLayout(row)

        # column mapping: exports such as 表计名称, 数据时间, 正向有功总(kWh), 有功功率(kW), 无功功率(kvar)
        self.columns_row = QWidget()
        crow = QHBoxLayout(self.columns_row)
        crow.setContentsMargins(0, 0, 0, 0)
        self.time_label = QLabel(self.tr("Time column"))
        self.time_combo = QComboBox()
        self.value_label = QLabel(self.tr("Value column"))
        self.value_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(unit("kW"), "kw")
        self.unit_combo.addItem(unit("kWh"), "kwh")
        self.value_combo.currentIndexChanged.connect(self._guess_unit)
        self.apply_columns_button = QPushButton(self.tr("Read with these columns"))
        self.apply_columns_button.setAutoDefault(False)
        self.apply_columns_button.clicked.connect(self.apply_columns)
        for w in (self.time_label, self.time_combo, self.value_label, self.value_combo, self.unit_combo):
            crow.addWidget(w)
        crow.addWidget(self.apply_columns_button)
        crow.addStretch(1)
        self.columns_row.hide()
        lay.addWidget(self.columns_row)

        self.error_label = note_label(error=True)
        lay.addWidget(self.error_label)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.summary_label)

        self.chart = ProfileChart()
        lay.addWidget(self.chart, 3)

        lay.addWidget(QLabel(self.tr("What was repaired:")))
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setMinimumHeight(90)
        lay.addWidget(self.report_view, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Use this profile"))
        for b in self.buttons.buttons() + [self.browse_button]:
            b.setAutoDefault(False)  # Enter in the path field previews; it never accepts the dialog
            b.setDefault(False)
        self.columns: tuple[str | None, str, str] | None = None
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update_ok()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # Enter shows the preview (path field) and never applies the data
            return
        super().keyPressEvent(event)

    # -- columns -------------------------------------------------------------------------
    def _fill_columns(self, header: list[str]) -> None:
        keep_t, keep_v = self.time_combo.currentText(), self.value_combo.currentText()
        for combo in (self.time_combo, self.value_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(header)
            combo.blockSignals(False)
        t = keep_t if keep_t in header else next((h for h in header if _looks_like_time_name(h)), "")
        v = keep_v if keep_v in header else next((h for h in header if _unit_of(h) == "kw"), "")
        if t:
            self.time_combo.setCurrentText(t)
        if v:
            self.value_combo.setCurrentText(v)
        self._guess_unit()
        self.columns_row.setVisible(len(header) >= 2)

    def _guess_unit(self, *_args) -> None:
        u = _unit_of(self.value_combo.currentText())
        if u:
            self.unit_combo.setCurrentIndex(self.unit_combo.findData(u))

    def set_columns(self, time_column: str, value_column: str, value_unit: str) -> None:
        """Choose the columns (as the user does in the dialog)."""
        self.time_combo.setCurrentText(time_column)
        self.value_combo.setCurrentText(value_column)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(value_unit))

    def apply_columns(self) -> bool:
        """Read the file again with the chosen time and value columns."""
        if not self.path_edit.text().strip() or not self.value_combo.currentText():
            return False
        self.columns = (
            self.time_combo.currentText() or None,
            self.value_combo.currentText(),
            self.unit_combo.currentData(),
        )
        return self.load_file(self.path_edit.text(), keep_columns=True)

    # -- actions -----------------------------------------------------------------------
    def browse(self) -> None:
        start = str(self.path.parent if self.path else self.base_dir)
        name, _ = QFileDialog.getOpenFileName(
            self, self.windowTitle(), start, self.tr("Meter data (*.csv *.xlsx *.xlsm *.txt);;All files (*)")
        )
        if name:
            self.load_file(name)

    def load_file(self, path: str | os.PathLike, keep_columns: bool = False) -> bool:
        """Read ``path`` and show the result (preview and repair report); True if it can be used."""
        self.profile = None
        self.path = None
        if not keep_columns:
            self.columns = None
        text = str(path).strip()
        self.path_edit.setText(text)
        self.report_view.clear()
        self.summary_label.clear()
        self.chart.set_profile(None)
        if not text:
            set_error(self.error_label, self.tr("Expected a file name, found nothing"))
            self._update_ok()
            return False
        p = Path(text)
        if not p.is_absolute():
            p = self.base_dir / p
        from planner.engine.load import ProfileError, read_hourly_profile  # lazy: pandas loads after the window
        from planner.io.meter import sniff_header

        self._fill_columns(sniff_header(p))  # CSV or XLSX, within the reader's limits
        extra = {}
        if self.columns is not None:
            extra = dict(time_column=self.columns[0], value_column=self.columns[1], value_unit=self.columns[2])
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            profile = read_hourly_profile(p, year=self.year, utc_offset_h=self.utc_offset_h, **extra)
        except ProfileError as err:
            text = self.tr("This file cannot be used: {reason}").format(reason=err.text(lang()))
            if not self.columns_row.isHidden():
                text += "\n" + self.tr(
                    "Pick the time column and the value column (and its unit) above, then read again."
                )
            set_error(self.error_label, text)
            self._update_ok()
            return False
        except Exception as err:  # noqa: BLE001 - never let a bad file take the app down
            set_error(
                self.error_label,
                self.tr("This file cannot be used: {reason}").format(reason=f"{type(err).__name__}: {err}"),
            )
            self._update_ok()
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        set_error(self.error_label, "")
        self.profile = profile
        self.path = p
        self._show(profile)
        self._update_ok()
        return True

    def _show(self, profile) -> None:
        import numpy as np

        kw = np.asarray(profile.kw, dtype=float)
        r = profile.report
        self.summary_label.setText(
            self.tr(
                "{hours} hours, {energy} {kwh} a year; peak {peak} {kw}, mean {mean} {kw}. "
                "Read {rows} rows of {interval}-minute data in {unit_name}."
            ).format(
                hours=format_number(len(kw)),
                energy=format_number(round(float(kw.sum()))),
                kwh=unit("kWh"),
                peak=format_number(round(float(kw.max()), 1)),
                mean=format_number(round(float(kw.mean()), 1)),
                kw=unit("kW"),
                rows=format_number(r.input_rows),
                interval=r.interval_minutes,
                unit_name="kWh" if r.unit == "kwh" else "kW",
            )
        )
        self.chart.set_profile(kw)
        self.report_view.setPlainText(self.report_text())

    def report_text(self) -> str:
        """The repair report shown in the dialog."""
        if self.profile is None:
            return ""
        r = self.profile.report
        lines = [
            self.tr("Duplicates removed: {n}").format(n=r.duplicates_removed),
            self.tr("Hours filled (gaps): {n}").format(n=r.gaps_filled_hours),
            self.tr("Daylight-saving artefacts: {n}").format(n=r.dst_artefacts),
            self.tr("Negative values set to 0: {n}").format(n=r.negative_values),
        ]
        if r.leap_day_dropped:
            lines.append(self.tr("29 February dropped"))
        if r.messages:
            lines.append("")
            lines.extend(f"• {message_text(m, lang())}" for m in r.messages)  # Note: in the UI language
        else:
            lines.append(self.tr("Nothing had to be repaired."))
        return "\n".join(lines)

    def stored_path(self) -> str:
        """What goes into the project file: relative to the project's folder when inside it.

        With columns chosen by hand the project cannot name them (the project
        file has no such keys), so the hourly kW read with that choice are
        written beside the export as ``<name>.hourly.csv`` (``timestamp,kw``,
        8760 rows) and that file is stored; the export itself is untouched.
        """
        if self.path is None:
            return ""
        if self.columns is not None and self.profile is not None:
            return stored_profile_path(self.write_hourly_copy(), self.base_dir)
        return stored_profile_path(self.path, self.base_dir)

    def hourly_copy_path(self) -> Path | None:
        return self.path.with_name(self.path.stem + ".hourly.csv") if self.path is not None else None

    def write_hourly_copy(self) -> Path:
        """Write the profile read with the chosen columns as ``timestamp,kw`` (UTF-8), atomically."""
        from datetime import datetime, timedelta

        from planner.io.projectfile import write_bytes_atomic

        target = self.hourly_copy_path()
        start = datetime(int(self.year or 2025), 1, 1)
        lines = ["timestamp,kw"]
        for h, v in enumerate(self.profile.kw):
            lines.append(f"{(start + timedelta(hours=h)).strftime('%Y-%m-%d %H:%M')},{float(v):.6g}")
        write_bytes_atomic(target, ("\n".join(lines) + "\n").encode("utf-8"))
        return target

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.profile is not None)
