"""Build official-style workbooks from a SpecBundle, for the importer tests.

The data list has a two-row header ("キー" merged over "主" / "外部"), a title row above it, and
the group name merged down over its items; the requirement list has chapter cells merged down.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from conformance.domain.spec import SpecBundle

TYPE_LABELS = {
    "string": "文字列",
    "integer": "数値",
    "decimal": "小数",
    "date": "日付",
    "datetime": "日時",
    "flag": "フラグ",
}
CLASS_LABELS = {
    "gyosei-standard": "行政事務標準文字",
    "fullwidth-katakana": "全角カタカナ",
    "halfwidth-alnum": "半角英数字",
    "digits": "数字",
}


def write_data_list(bundle: SpecBundle, path: Path, *, drop_column: str | None = None) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "基本データリスト"
    sheet["A1"] = f"{bundle.meta.name_ja} 基本データリスト"
    headers = [
        "データグループ名",
        "データ項目ID",
        "データ項目名称",
        "英字名称",
        "データ型",
        "桁数",
        "必須",
        "キー",
        "キー",
        "コード表",
        "文字種",
        "説明",
    ]
    sub = ["", "", "", "", "", "", "", "主", "外部", "", "", ""]
    if drop_column:
        index = headers.index(drop_column)
        del headers[index], sub[index]
    for col, (top, bottom) in enumerate(zip(headers, sub, strict=True), start=1):
        sheet.cell(3, col, top)
        sheet.cell(4, col, bottom or None)
        if not bottom:
            sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    key_col = headers.index("キー") + 1
    sheet.merge_cells(start_row=3, start_column=key_col, end_row=3, end_column=key_col + 1)
    row = 5
    for group in bundle.data_groups:
        first = row
        fk_items = {i for fk in group.foreign_keys for i in fk.items}
        for item in group.items:
            values = {
                "データグループ名": group.name_ja,
                "データ項目ID": item.id,
                "データ項目名称": item.name_ja,
                "英字名称": item.name_en,
                "データ型": TYPE_LABELS[item.type.value],
                "桁数": (f"{item.length}.{item.scale}" if item.scale else item.length) if item.length else None,
                "必須": "○" if item.mandatory else None,
                "コード表": item.code_table,
                "文字種": CLASS_LABELS.get(item.char_class.value) if item.char_class else None,
                "説明": item.description,
            }
            for col, header in enumerate(headers, start=1):
                if header == "キー":
                    continue
                sheet.cell(row, col, values.get(header))
            sheet.cell(row, key_col, "○" if item.id in group.primary_key else None)
            sheet.cell(row, key_col + 1, "○" if item.id in fk_items else None)
            row += 1
        sheet.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    codes = book.create_sheet("コード一覧")
    codes.append(["コード表ID", "コード表名称", "コード", "コード名称"])
    for table in bundle.code_tables.values():
        if table.id.startswith("C-"):
            continue  # shared tables stay in specs/common
        for code in table.codes:
            codes.append([table.id, table.name_ja, code.code, code.label_ja])
    book.save(path)


def write_requirements(bundle: SpecBundle, path: Path, *, category_override: dict[str, str] | None = None) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "機能要件"
    sheet.append([f"{bundle.meta.document_ja} 機能・帳票要件"])
    sheet.append([])
    sheet.append(["大項目", "中項目", "小項目", "機能ID", "機能名称", "機能要件", "実装区分", "備考"])
    previous: tuple[str, ...] = ()
    start = 4
    for offset, requirement in enumerate(bundle.requirements):
        chapter = (*requirement.chapter, "", "")[:3]
        label = (category_override or {}).get(requirement.id, requirement.category.label_ja)
        sheet.append([*chapter, requirement.id, requirement.title, requirement.text, label, requirement.note])
        if chapter[:1] == previous[:1] and offset:
            pass
        previous = chapter
    # merge the 大項目 column over runs of equal values, like the official lists
    row = start
    last = sheet.max_row
    while row <= last:
        end = row
        while end + 1 <= last and sheet.cell(end + 1, 1).value == sheet.cell(row, 1).value:
            end += 1
        if end > row:
            value = sheet.cell(row, 1).value
            for r in range(row + 1, end + 1):
                sheet.cell(r, 1).value = None
            sheet.merge_cells(start_row=row, start_column=1, end_row=end, end_column=1)
            sheet.cell(row, 1).value = value
        row = end + 1
    book.save(path)
