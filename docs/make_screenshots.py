"""Regenerate docs/screenshot-zh.png and docs/screenshot-en.png.

Run from the repository root, on a virtual X screen::

    xvfb-run -a python docs/make_screenshots.py

(``QT_QPA_PLATFORM=offscreen`` works too.)  The main window is shown on the
default example project at 1600 x 1000, once in Chinese and once in English,
with private settings so the user's recent files and language stay untouched.
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
    window, _ = create_main_window(None, autosave_dir=tmp / "recovery")
    window.resize(1600, 1000)
    window.show()
    window.doc.wait_for_results(20000)
    for lang, name in (("zh_CN", "screenshot-zh.png"), ("en", "screenshot-en.png")):
        window.translations.set_language(lang, persist=False)
        for _ in range(20):
            app.processEvents()
        window.resize(1600, 1000)
        app.processEvents()
        image = window.grab()
        target = out_dir / name
        image.save(str(target))
        print(f"wrote {target} ({image.width()}x{image.height()})")
    window.doc.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
