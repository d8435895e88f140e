"""The prefecture grid as an Excel workbook (the same columns as the page, plus attribution and labels)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook

from conformance.municipalities import ATTRIBUTION_EN, ATTRIBUTION_JA
from conformance.tracker import SYNTHETIC_LABEL_EN, SYNTHETIC_LABEL_JA
from conformance.web.i18n import business_labels, translator
from conformance.web.views import PrefectureView


def grid_workbook(view: PrefectureView, lang: str) -> Any:
    """A workbook with one sheet of body × business 完了率 (as fractions, formatted as %)."""
    t, labels = translator(lang), business_labels(lang)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{t('completion')}_{view.code}"[:31]
    row = 1
    if view.synthetic:
        sheet.append([f"{SYNTHETIC_LABEL_JA} / {SYNTHETIC_LABEL_EN}"])
        row += 1
    sheet.append([t("code"), t("body"), t("mean"), t("specific_support"), *(labels[b] for b in view.businesses)])
    for item in view.rows:
        cells = [None if c is None else round(c.completion_rate, 4) for c in item.cells]
        sheet.append([item.body.lg_code, item.body.name, None if item.mean is None else round(item.mean, 4),
                      item.specific_support, *cells])
    for line in sheet.iter_rows(min_row=row + 1, min_col=3):
        for cell in line:
            if isinstance(cell.value, float):
                cell.number_format = "0.0%"
    sheet.freeze_panes = sheet.cell(row=row + 1, column=3)
    notes = workbook.create_sheet("出典")
    for text in (ATTRIBUTION_JA, ATTRIBUTION_EN):
        notes.append([text])
    if view.synthetic:
        notes.append([SYNTHETIC_LABEL_JA])
        notes.append([SYNTHETIC_LABEL_EN])
    return workbook
