"""行政事務標準文字 (MJ + GJ) reference data shipped with the package, read-only: the MJ character table, the
registered IVS sequences, the MJ縮退マップ, and JIS X 0208 / 0213 membership as attributes.

The MJ data is CC BY-SA 2.1 JP and ships as separate data files in `data/` with their attribution
(`MJ_ATTRIBUTION_JA`); the code is the project's (MIT). Sits beside `conformance.municipalities`: services may
read it; it reads nothing of the project.
"""

from conformance.characters.jis import in_jis_x_0208, in_jis_x_0213
from conformance.characters.repertoire import (
    GJ_DEFAULT_RANGE,
    MJ_ATTRIBUTION_EN,
    MJ_ATTRIBUTION_JA,
    ShrinkCandidate,
    Standing,
    bare_code_points,
    characters_of,
    code_points,
    is_selector,
    jis_x_0213_position,
    mj_numbers,
    registered_sequences,
    shrink_candidates,
    standing,
)

__all__ = [
    "GJ_DEFAULT_RANGE",
    "MJ_ATTRIBUTION_EN",
    "MJ_ATTRIBUTION_JA",
    "ShrinkCandidate",
    "Standing",
    "bare_code_points",
    "characters_of",
    "code_points",
    "in_jis_x_0208",
    "in_jis_x_0213",
    "is_selector",
    "jis_x_0213_position",
    "mj_numbers",
    "registered_sequences",
    "shrink_candidates",
    "standing",
]
