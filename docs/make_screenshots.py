"""Regenerate the screenshots of the main window in docs/.

Run from the repository root, on a virtual X screen::

    xvfb-run -a python docs/make_screenshots.py

(``QT_QPA_PLATFORM=offscreen`` works too.)  The main window is shown on the
default example project at 1366 x 768 (a common laptop screen) and 1600 x
1000, in Chinese and in English (``screenshot-<lang>-1366x768.png``;
``screenshot-zh.png`` / ``screenshot-en.png`` are the 1600 x 1000 ones),
with private settings so the user's recent files and language stay untouched.
Then, at 1366 x 768 in both languages, the window's Decide tab with the
sensitivity (tornado, spider, break-even) and the Monte Carlo (10,000 draws)
pages (``screenshot-decide-<page>-<lang>.png``), and the portfolio window on
the seeds folder (``screenshot-portfolio-<lang>.png``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(out_dir: Path = REPO / "docs") -> int:
    tmp = Path(tempfile.mkdtemp(prefix="rp-shots-"))
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_application, configure_fonts, create_main_window

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    app = QApplication.instance() or QApplication(["retrofit-planner"])
    configure_application(app)
    configure_fonts(app)
    app.setStyle("Fusion")
    from PySide6.QtCore import QEventLoop, QTimer

    window, _ = create_main_window(None, autosave_dir=tmp / "recovery")
    window.resize(1600, 1000)
    window.show()
    if not window.doc.results_current():
        loop = QEventLoop()
        window.doc.computeFinished.connect(loop.quit)
        QTimer.singleShot(20000, loop.quit)
        loop.exec()
    shots = []
    for w, h in ((1366, 768), (1600, 1000)):
        for lang, short in (("zh_CN", "zh"), ("en", "en")):
            name = f"screenshot-{short}.png" if (w, h) == (1600, 1000) else f"screenshot-{short}-{w}x{h}.png"
            shots.append((w, h, lang, name))
    for w, h, lang, name in shots:
        window.translations.set_language(lang, persist=False)
        for _ in range(20):
            app.processEvents()
        window.resize(w, h)
        window.splitter.setSizes([int(w * 0.36), w - int(w * 0.36)])
        for _ in range(10):
            app.processEvents()
        image = window.grab()
        target = out_dir / name
        image.save(str(target), "PNG", 9)
        print(f"wrote {target} ({image.width()}x{image.height()})")
    _decide_shots(app, window, out_dir)
    _portfolio_shots(app, window, out_dir)
    window.doc.undo_stack.setClean()
    window.close()
    return 0


def _settle(app, n: int = 20) -> None:
    for _ in range(n):
        app.processEvents()


def _decide_shots(app, window, out_dir: Path) -> None:
    panel = window.results_panel
    decide = panel.decide_tab
    window.resize(1366, 768)
    window.splitter.setSizes([int(1366 * 0.36), 1366 - int(1366 * 0.36)])
    panel.tabs.setCurrentWidget(panel.decide_scroll)
    for lang, short in (("zh_CN", "zh"), ("en", "en")):
        window.translations.set_language(lang, persist=False)
        _settle(app)
        for page, view in (("sensitivity", decide.sensitivity), ("montecarlo", decide.montecarlo)):
            decide.tabs.setCurrentWidget(view)
            view.run()
            view.runner.wait(120000)
            _settle(app, 50)
            target = out_dir / f"screenshot-decide-{page}-{short}.png"
            window.grab().save(str(target), "PNG", 9)
            print(f"wrote {target}")


def _portfolio_shots(app, window, out_dir: Path) -> None:
    for lang, short in (("zh_CN", "zh"), ("en", "en")):
        window.translations.set_language(lang, persist=False)
        win = window.open_portfolio(str(REPO / "seeds"), workers=1)
        win.resize(1200, 420)
        win.view.runner.wait(300000)
        _settle(app, 50)
        target = out_dir / f"screenshot-portfolio-{short}.png"
        win.grab().save(str(target), "PNG", 9)
        print(f"wrote {target}")
        win.close()
        _settle(app)


if __name__ == "__main__":
    sys.exit(main())
