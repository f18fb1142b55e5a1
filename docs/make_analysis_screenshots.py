"""Regenerate docs/analysis-{scenarios,sensitivity,montecarlo}-{zh,en}.png.

Run from the repository root::

    QT_QPA_PLATFORM=offscreen python docs/make_analysis_screenshots.py

Each analysis view (ui/results/*_view.py) is shown on the default example
project with two scenarios and a payback target of 5 years, at 1200 x 800,
in Chinese and in English.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(out_dir: Path = REPO / "docs") -> int:
    from PySide6.QtWidgets import QApplication

    import ui.i18n as i18n
    from planner.io.projectfile import project_from_dict
    from tests.ui.conftest import with_example_scenarios  # the tests' example scenarios
    from ui.app import configure_fonts
    from ui.document import ProjectDocument
    from ui.results.montecarlo_view import MonteCarloView
    from ui.results.scenarios_view import ScenariosView
    from ui.results.sensitivity_view import SensitivityView

    app = QApplication.instance() or QApplication(["retrofit-planner"])
    configure_fonts(app)
    app.setStyle("Fusion")
    d = json.loads((REPO / "seeds" / "shandong-midsize-factory.json").read_text(encoding="utf-8"))
    with_example_scenarios(d, "EMC 光伏 / EMC PV", "不含光伏 / Without PV")
    doc = ProjectDocument(project_from_dict(d))
    doc._template_dir = REPO / "seeds"
    translations = i18n.TranslationManager(app)
    for lang in ("zh_CN", "en"):
        translations.set_language(lang, persist=False)
        for name, cls, start in (
            ("scenarios", ScenariosView, "refresh"),
            ("sensitivity", SensitivityView, "run"),
            ("montecarlo", MonteCarloView, "run"),
        ):
            view = cls(doc)
            view.resize(1200, 800)
            view.show()
            getattr(view, start)()
            view.runner.wait(120000)
            for _ in range(50):
                app.processEvents()
            target = out_dir / f"analysis-{name}-{lang[:2]}.png"
            view.grab().save(str(target))
            print(f"wrote {target}")
            view.close()
    if not doc.results_current():
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        doc.computeFinished.connect(loop.quit)
        QTimer.singleShot(20000, loop.quit)
        loop.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
