"""The readiness rules in docs/guides/tracker.md are the rules the code runs: same codes, order, levels and texts.

The code's rules are one table (`READINESS_RULES`); the guide's "Readiness rules" section holds a Markdown table
with a row per rule: code, level, a prose "when", then the Japanese and English texts in backticks. A rule added,
removed, reordered, re-levelled or re-worded on one side only fails here.
"""

from __future__ import annotations

from pathlib import Path

from conformance.tracker import READINESS_RULES, Level

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "tracker.md"


def documented_rules() -> list[tuple[str, str, str, str]]:
    """(code, level, Japanese text, English text) of every row of the guide's readiness table, in order."""
    section = GUIDE.read_text(encoding="utf-8").split("## Readiness rules", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert rows, "the guide's readiness section has no table"
    found = []
    for line in rows[2:]:  # after the header and the |---| line
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 5, f"a readiness row needs 5 columns: {line}"
        code, level, _when, ja, en = cells
        assert ja.startswith("`") and ja.endswith("`") and en.startswith("`") and en.endswith("`"), line
        found.append((code, level, ja[1:-1], en[1:-1]))
    return found


def test_the_guide_lists_every_rule_in_order_with_its_level_and_texts() -> None:
    in_code = [(rule.code, rule.level.value, rule.ja, rule.en) for rule in READINESS_RULES]
    documented = documented_rules()
    assert [row[0] for row in documented] == [row[0] for row in in_code], "codes or their order differ"
    for doc_row, code_row in zip(documented, in_code, strict=True):
        assert doc_row == code_row


def test_the_guide_names_each_level_with_its_japanese_label() -> None:
    section = GUIDE.read_text(encoding="utf-8").split("## Readiness rules", 1)[1]
    for level in Level:
        assert f"{level.value} ({level.label_ja})" in section, level
