"""Import interval meter data (CSV / XLSX): preview chart and repair report before accepting.

The file is read with :func:`planner.engine.load.read_hourly_profile`; what it
repaired (gaps, duplicates, daylight-saving artefacts ...) is listed, and a
file that cannot be used is explained (the OK button stays disabled), so
the project never takes a profile the user has not seen.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
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

from ui.editors.common import note_label, set_error
from ui.widgets.fields import format_number
from ui.widgets.labels import unit
from ui.widgets.profile_chart import ProfileChart


def stored_profile_path(path: str | os.PathLike, base_dir: str | os.PathLike) -> str:
    """``path`` relative to ``base_dir`` when the file is inside it, else absolute (POSIX slashes)."""
    p = Path(path).resolve()
    try:
        return p.relative_to(Path(base_dir).resolve()).as_posix()
    except ValueError:
        return str(p)


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
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update_ok()

    # -- actions -----------------------------------------------------------------------
    def browse(self) -> None:
        start = str(self.path.parent if self.path else self.base_dir)
        name, _ = QFileDialog.getOpenFileName(
            self, self.windowTitle(), start, self.tr("Meter data (*.csv *.xlsx *.xlsm *.txt);;All files (*)")
        )
        if name:
            self.load_file(name)

    def load_file(self, path: str | os.PathLike) -> bool:
        """Read ``path`` and show the result; True if it can be used."""
        self.profile = None
        self.path = None
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
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        from planner.engine.load import ProfileError, read_hourly_profile  # lazy: pandas loads after the window

        try:
            profile = read_hourly_profile(p, year=self.year, utc_offset_h=self.utc_offset_h)
        except ProfileError as err:
            set_error(self.error_label, self.tr("This file cannot be used: {reason}").format(reason=str(err)))
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
            lines.extend(f"• {m}" for m in r.messages)
        else:
            lines.append(self.tr("Nothing had to be repaired."))
        return "\n".join(lines)

    def stored_path(self) -> str:
        """What goes into the project file: relative to the project's folder when inside it."""
        if self.path is None:
            return ""
        return stored_profile_path(self.path, self.base_dir)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.profile is not None)
