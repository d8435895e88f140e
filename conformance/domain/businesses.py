"""The 20 standardized core businesses (標準化対象事務) and their stable slugs.

The slugs are used everywhere — CLI, spec folders, database rows — and must never change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Business:
    """One of the 20 standardized businesses.

    Attributes:
        number: position in the official list (the 3-digit prefix of a basic-data-list file name).
        slug: the stable identifier used in the CLI, file names and the database.
        name_ja: the statutory Japanese name (e.g. 住民基本台帳).
        label_ja: the label used on the MIC dashboard (e.g. 住民記録).
        name_en: English name.
        ministry_ja: the owning ministry (所管府省), in Japanese.
        ministry_en: the owning ministry, in English.
        prefecture_scope: True for the two businesses prefectures also run (児童扶養手当, 生活保護).
    """

    number: int
    slug: str
    name_ja: str
    label_ja: str
    name_en: str
    ministry_ja: str
    ministry_en: str
    prefecture_scope: bool = False


_MIC = ("総務省", "Ministry of Internal Affairs and Communications")
_MOJ = ("法務省", "Ministry of Justice")
_MEXT = ("文部科学省", "Ministry of Education, Culture, Sports, Science and Technology")
_MHLW = ("厚生労働省", "Ministry of Health, Labour and Welfare")
_CFA = ("こども家庭庁", "Children and Families Agency")

BUSINESSES: tuple[Business, ...] = (
    Business(1, "resident-registry", "住民基本台帳", "住民記録", "Basic resident register", *_MIC),
    Business(2, "koseki-supplement", "戸籍の附票", "戸籍附票", "Family-register supplement", *_MIC),
    Business(3, "seal-registration", "印鑑登録", "印鑑登録", "Seal registration", *_MIC),
    Business(4, "electoral-roll", "選挙人名簿管理", "選挙人名簿管理", "Electoral roll", *_MIC),
    Business(5, "fixed-asset-tax", "固定資産税", "固定資産税", "Fixed-asset tax", *_MIC),
    Business(6, "individual-inhabitant-tax", "個人住民税", "個人住民税", "Individual inhabitant tax", *_MIC),
    Business(7, "corporate-inhabitant-tax", "法人住民税", "法人住民税", "Corporate inhabitant tax", *_MIC),
    Business(8, "light-vehicle-tax", "軽自動車税", "軽自動車税", "Light-vehicle tax", *_MIC),
    Business(9, "family-register", "戸籍", "戸籍", "Family register", *_MOJ),
    Business(10, "school-enrollment", "就学", "就学", "School enrollment", *_MEXT),
    Business(11, "health-management", "健康管理", "健康管理", "Health management", *_MHLW),
    Business(12, "child-allowance", "児童手当", "児童手当", "Child allowance", *_CFA),
    Business(
        13, "child-care-support", "子ども・子育て支援", "子ども・子育て支援", "Child and child-care support", *_CFA
    ),
    Business(
        14,
        "child-rearing-allowance",
        "児童扶養手当",
        "児童扶養手当",
        "Child-rearing allowance",
        *_CFA,
        prefecture_scope=True,
    ),
    Business(15, "public-assistance", "生活保護", "生活保護", "Public assistance", *_MHLW, prefecture_scope=True),
    Business(16, "disability-welfare", "障害者福祉", "障害者福祉", "Disability welfare", *_MHLW),
    Business(17, "long-term-care-insurance", "介護保険", "介護保険", "Long-term-care insurance", *_MHLW),
    Business(18, "national-health-insurance", "国民健康保険", "国民健康保険", "National health insurance", *_MHLW),
    Business(19, "late-elderly-medical-care", "後期高齢者医療", "後期高齢者医療", "Late-elderly medical care", *_MHLW),
    Business(20, "national-pension", "国民年金", "国民年金", "National pension", *_MHLW),
)

SLUGS: tuple[str, ...] = tuple(b.slug for b in BUSINESSES)


class UnknownBusinessError(LookupError):
    """Raised for a slug that is not one of the 20 businesses; carries a did-you-mean hint."""

    def __init__(self, slug: str, suggestion: str | None) -> None:
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        super().__init__(f"unknown business '{slug}'{hint}; known: {', '.join(SLUGS)}")
        self.slug = slug
        self.suggestion = suggestion


def business(slug: str) -> Business:
    """Return the business for a slug, or raise UnknownBusinessError with a did-you-mean hint."""
    for candidate in BUSINESSES:
        if candidate.slug == slug:
            return candidate
    raise UnknownBusinessError(slug, closest(slug, SLUGS))


def closest(word: str, candidates: tuple[str, ...] | list[str]) -> str | None:
    """Return the candidate nearest to `word` by edit distance, if it is reasonably near."""
    best: tuple[int, str] | None = None
    for candidate in candidates:
        distance = _edit_distance(word.lower(), candidate.lower())
        if best is None or distance < best[0]:
            best = (distance, candidate)
    if best is None:
        return None
    limit = max(2, len(word) // 3)
    return best[1] if best[0] <= limit else None


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]
