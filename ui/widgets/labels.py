"""Display names of the project's enumerations, fields and units, and problem
messages, in the UI language.

Every word comes from the Qt-free catalogue :mod:`planner.terms`
(``assets/terms/*.json``), the same vocabulary the workbook and the command
line use; Qt's ``tr()`` stays for window chrome (menus, buttons, dialog
titles).  The language is the one of :mod:`ui.i18n` (``zh`` / ``en``).
"""

from __future__ import annotations

import re

from planner.io.projectfile import Problem
from planner.terms import Note, catalogue, has_term, term
from ui.i18n import export_language


def lang() -> str:
    """The catalogue language of the UI: ``"zh"`` or ``"en"``."""
    return export_language()


def is_chinese() -> bool:
    """True when the UI is in Chinese."""
    return lang() == "zh"


def t(key: str, **fmt: object) -> str:
    """:func:`planner.terms.term` in the UI language."""
    return term(key, lang(), **fmt)


def _enum(prefix: str, value: str) -> str:
    key = f"{prefix}.{value}"
    return t(key) if has_term(key) else value


def pick_label(item: dict) -> str:
    """``label_zh`` or ``label_en`` of a reference-data preset, by the active language."""
    if is_chinese():
        return item.get("label_zh") or item.get("label_en") or item.get("id", "")
    return item.get("label_en") or item.get("label_zh") or item.get("id", "")


def pick_text(item: dict, key: str) -> str:
    """``key_zh`` / ``key_en`` (or plain ``key``) of a reference-data entry, by the active language.

    Reference entries hold e.g. ``source`` (English) and ``source_zh``; in
    Chinese the ``_zh`` text is shown when there is one.
    """
    if is_chinese():
        return str(item.get(f"{key}_zh") or item.get(key) or item.get(f"{key}_en") or "")
    return str(item.get(f"{key}_en") or item.get(key) or item.get(f"{key}_zh") or "")


def reference_text(text: str | None) -> str:
    """A reference-data source or note (English in ``assets/reference``, ``assets/tariffs``) in the UI language.

    The Chinese comes from the ``ref.*`` entries of the catalogue whose
    English is exactly ``text``; a text without one is shown as it is.
    """
    if not text:
        return ""
    if not is_chinese():
        return str(text)
    for key, entry in catalogue().items():
        if key.startswith("ref.") and entry.get("en") == text:
            return entry["zh"]
    return str(text)


def confidence_label(code: str | None) -> str:
    return _enum("confidence", str(code or ""))


def period_label(period: str) -> str:
    return _enum("period", period)


def period_short(period: str) -> str:
    """One or two characters drawn inside a TOU grid cell."""
    key = f"period_short.{period}"
    return t(key) if has_term(key) else period[:2]


def shift_label(pattern: str) -> str:
    return _enum("shift_pattern", pattern)


def schedule_label(schedule: str) -> str:
    return _enum("schedule", schedule)


def working_days_label(value: str) -> str:
    return _enum("working_days", value)


def measure_type_label(mtype: str) -> str:
    # the storage and bill helpers' words live in their catalogue files
    for key in {"battery": "storage.measure", "power_factor_correction": "measure.power_factor_correction"}.get(
        mtype, ""
    ).split():
        if has_term(key):
            return t(key)
    return _enum("measure_type", mtype)


def motor_class_label(motor_class: str) -> str:
    return _enum("motor_class", motor_class)


def month_label(month: int) -> str:
    """Short month name, 1..12."""
    return t(f"month.{int(month)}")


_UNIT_KEYS = {
    "kW": "unit.kw",
    "kWp": "unit.kwp",
    "kVA": "unit.kva",
    "kWh": "unit.kwh",
    "kWh/a": "unit.kwh_per_year",
    "kWh/kWp": "unit.kwh_per_kwp",
    "yuan": "unit.yuan",
    "yuan/a": "unit.yuan_per_year",
    "yuan/kWh": "unit.yuan_per_kwh",
    "yuan/kVA-month": "unit.yuan_per_kva_month",
    "yuan/kW-month": "unit.yuan_per_kw_month",
    "%": "unit.pct",
    "%/a": "unit.pct_per_year",
    "deg": "unit.deg",
    "h/a": "unit.h_per_year",
    "h": "unit.h",
    "a": "unit.years",
    "units/a": "unit.units_per_year",
    "pcs": "unit.pcs",
    "kg/kWh": "unit.kg_per_kwh",
    "kgce/kWh": "unit.kgce_per_kwh",
}


def unit(key: str) -> str:
    """Unit label for ``key`` (``"kW"``, ``"yuan/a"`` ...) in the UI language, from ``assets/terms``."""
    if key == "-":
        return ""
    k = _UNIT_KEYS.get(key)
    return t(k) if k else key


_EXPECTED = [
    # (English phrase written by planner.io.projectfile, catalogue key); bounds are kept
    ("a value (the field is required)", "expected.required"),
    ("no such field (check the spelling)", "expected.no_such_field"),
    ("a whole number", "expected.whole_number"),
    ("a finite number", "expected.finite_number"),
    ("a number", "expected.number"),
    ("text", "expected.text"),
    ("true or false", "expected.true_false"),
    ("a list", "expected.list"),
    ("an object", "expected.object"),
    ("a date YYYY-MM-DD", "expected.date"),
    ("nothing", "expected.nothing"),
]
_BOUND = re.compile(r"^a number (>=|<=|>|<) (.+)$")
_BOUND_KEYS = {">": "expected.gt", ">=": "expected.ge", "<": "expected.lt", "<=": "expected.le"}


def expected_text(text: str) -> str:
    """An ``expected`` / ``found`` phrase of a :class:`Problem` in the UI language (known phrases only)."""
    if isinstance(text, Note):
        return text.text(lang())
    s = str(text)
    for phrase, key in _EXPECTED:
        if s == phrase:
            return t(key)
    m = _BOUND.match(s)
    if m:
        return t(_BOUND_KEYS[m.group(1)], bound=_plain_number(m.group(2)))
    if s.startswith("one of "):
        return t("expected.one_of", values=s[len("one of ") :])
    return s


def _plain_number(text: str) -> str:
    """``"0.0"`` -> ``"0"`` (bounds read as people write them)."""
    try:
        v = float(text)
    except ValueError:
        return text
    return str(int(v)) if v.is_integer() else text


def field_label(path: str) -> str:
    """The display name of a problem path's last field (``measures[2].capex_yuan`` -> "投资"), else the path."""
    last = re.split(r"[.\[]", path)[-1].rstrip("]") if path else ""
    key = f"field.{last}"
    return t(key) if last and has_term(key) else path


def problem_text(problems: list[Problem], own_path: str | None = None) -> str:
    """One line per problem: "Expected ..., found ..." (prefixed by its field when it is another field)."""
    lines = []
    for p in problems:
        line = t("message.expected_found", expected=expected_text(p.expected), found=expected_text(p.found))
        # name the field only when the problem is about another one (not this field, nor the
        # object it belongs to, e.g. "measures[0]" for a rule between two of its fields)
        if p.path and own_path is not None and not (own_path == p.path or own_path.startswith(p.path + ".")):
            line = t("message.field_problem", field=field_label(p.path), text=line)
        lines.append(line)
    return "\n".join(lines)


def problem_line(p: Problem) -> str:
    """``where: expected ..., found ...`` in the UI language (in English exactly ``str(p)``)."""
    if not is_chinese():
        return str(p)
    body = t("message.expected_found", expected=expected_text(p.expected), found=expected_text(p.found))
    return f"{p.path or t('message.file')}：{body}"


def error_text(err: BaseException) -> str:
    """Why a project cannot be computed, one line in the UI language.

    A project-file error lists every problem (``; ``-joined); a reader's
    error with its own ``text(lang)`` (a meter file's row and column) gives
    that; another input error its first problem; an ``OSError`` its file and
    reason; anything else the first line of its message.
    """
    from planner.io.projectfile import ProjectError

    if isinstance(err, ProjectError) and err.problems:
        return "; ".join(problem_line(p) for p in err.problems)
    text_in = getattr(err, "text", None)
    if callable(text_in):
        return str(text_in(lang())).strip().splitlines()[0]
    problems = getattr(err, "problems", None)
    if problems:
        return problem_line(problems[0])
    text = str(err).strip()
    first = text.splitlines()[0] if text else type(err).__name__
    if isinstance(err, OSError) and getattr(err, "filename", None):
        return f"{err.filename}: {err.strerror or first}"
    return first


def path_string(path: tuple) -> str:
    """``("measures", 2, "capex_yuan")`` -> ``"measures[2].capex_yuan"`` (as Problem.path writes it)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
