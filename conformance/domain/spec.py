"""The machine-readable standard specification of one business and version (SpecBundle).

The on-disk format (YAML files validated by a bundled JSON Schema) is documented in
docs/reference/spec-format.md; `conformance.specs.load_spec` turns it into these types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """Requirement category (実装区分)."""

    MANDATORY = "mandatory"
    STANDARD_OPTION = "standard_option"
    NOT_ALLOWED = "not_allowed"

    @property
    def label_ja(self) -> str:
        """The official Japanese label: 実装必須機能 / 標準オプション機能 / 実装不可機能."""
        return {
            Category.MANDATORY: "実装必須機能",
            Category.STANDARD_OPTION: "標準オプション機能",
            Category.NOT_ALLOWED: "実装不可機能",
        }[self]

    @classmethod
    def from_label(cls, label: str) -> Category:
        """Map an official Japanese label (or a short form such as 実装必須) to a category."""
        text = label.strip()
        for category in cls:
            if text in (category.value, category.label_ja, category.label_ja.removesuffix("機能")):
                return category
        raise ValueError(f"unknown requirement category '{label}'")


class VerificationMethod(StrEnum):
    """How a requirement is verified: by automated checks, or by the vendor's declaration."""

    AUTOMATED = "automated"
    DECLARATION = "declaration"


class Fidelity(StrEnum):
    """Whether a spec reproduces an official list or is authored from public knowledge."""

    TRANSCRIBED = "transcribed"
    REPRESENTATIVE = "representative"


class ItemType(StrEnum):
    """Data type of a data item (データ型)."""

    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    FLAG = "flag"


class CharClass(StrEnum):
    """Character class (文字種) a string item allows."""

    GYOSEI_STANDARD = "gyosei-standard"  # 行政事務標準文字
    FULLWIDTH_KATAKANA = "fullwidth-katakana"  # 全角カタカナ
    HALFWIDTH_ALNUM = "halfwidth-alnum"  # 半角英数字
    DIGITS = "digits"  # 数字


class CheckDigit(StrEnum):
    """Check-digit scheme of an identifier item."""

    LG_CODE = "lg-code"  # 地方公共団体コード
    MY_NUMBER = "my-number"  # 個人番号
    CORPORATE_NUMBER = "corporate-number"  # 法人番号


class ApiOperationKind(StrEnum):
    """The pull-API operation kinds every business exposes."""

    LOOKUP = "lookup"  # by 宛名番号 (or the group's key)
    SEARCH = "search"  # with paging
    CHANGES = "changes"  # change feed since a timestamp


class CrossFieldKind(StrEnum):
    """The closed set of cross-field rule kinds."""

    NOT_BEFORE = "not_before"  # item must not be earlier than other item (both dates)
    REQUIRED_WHEN = "required_when"  # item is mandatory when other item has one of the values
    EMPTY_WHEN = "empty_when"  # item must be empty when other item has one of the values


@dataclass(frozen=True, slots=True)
class Verification:
    """How a requirement is verified.

    `checks` names the automated check families (e.g. ``api.lookup``, ``file.delta``,
    ``data.code``) from which suites derive cases; `reason` says why a declaration-only
    requirement is not tested automatically.
    """

    method: VerificationMethod
    checks: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """A functional requirement (機能要件)."""

    id: str
    chapter: tuple[str, ...]
    title: str
    text: str
    category: Category
    verification: Verification
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Code:
    """One value of a code table."""

    code: str
    label_ja: str
    label_en: str | None = None


@dataclass(frozen=True, slots=True)
class CodeTable:
    """A code table (コード表), shared (in specs/common) or business-specific."""

    id: str
    name_ja: str
    name_en: str
    codes: tuple[Code, ...]

    def values(self) -> frozenset[str]:
        """The set of valid code values."""
        return frozenset(code.code for code in self.codes)


@dataclass(frozen=True, slots=True)
class DataItem:
    """One item of the basic data list (基本データリスト).

    `name_ja` is the CSV column header; `field` is the JSON property name in the API.
    `length` is counted in characters (an IVS sequence counts as one character).
    """

    id: str
    name_ja: str
    name_en: str
    field: str
    type: ItemType
    mandatory: bool
    length: int | None = None
    scale: int | None = None
    code_table: str | None = None
    char_class: CharClass | None = None
    pattern: str | None = None
    check_digit: CheckDigit | None = None
    personal_data: bool = False
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """Items of one group that reference the primary key of another group."""

    items: tuple[str, ...]
    group: str
    ref_items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DataGroup:
    """A data group (データグループ): one CSV file per group in file linkage."""

    id: str
    name_ja: str
    name_en: str
    file: str
    items: tuple[DataItem, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    description: str | None = None

    def item(self, item_id: str) -> DataItem:
        """The item with this ID; KeyError if absent."""
        for candidate in self.items:
            if candidate.id == item_id:
                return candidate
        raise KeyError(item_id)

    @property
    def header(self) -> tuple[str, ...]:
        """The CSV header row of this group's file."""
        return tuple(item.name_ja for item in self.items)


@dataclass(frozen=True, slots=True)
class CrossFieldRule:
    """A rule between two items of one group's row."""

    id: str
    kind: CrossFieldKind
    group: str
    item: str
    other: str
    values: tuple[str, ...] = ()
    description: str = ""
    requirement_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileLinkage:
    """The basic linkage method: one CSV per data group, full and delta variants."""

    encoding: str
    delimiter: str
    line_ending: str
    header: bool
    variants: tuple[str, ...]
    file_name_pattern: str
    delta_columns: tuple[str, ...]
    operation_codes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ApiOperation:
    """One pull-API operation, bound to a data group."""

    operation_id: str
    kind: ApiOperationKind
    group: str
    path: str
    summary_ja: str


@dataclass(frozen=True, slots=True)
class ApiLinkage:
    """Pull-type API linkage; `openapi` is the OpenAPI 3.1 document (as loaded from openapi.yaml)."""

    base_path: str
    operations: tuple[ApiOperation, ...]
    openapi: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NonFunctionalParameter:
    """A named non-functional parameter (e.g. a response-time target), confirmed or assumed."""

    id: str
    name_ja: str
    name_en: str
    value: float
    unit: str
    confirmed: bool
    mandatory: bool
    applies_to: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SpecMeta:
    """Metadata of one business's spec version."""

    slug: str
    name_ja: str
    label_ja: str
    name_en: str
    ministry_ja: str
    ministry_en: str
    document_ja: str
    document_en: str
    version: str  # as printed, e.g. 第4.0版
    version_id: str  # folder name and CLI form, e.g. 4.0
    published: date
    fidelity: Fidelity
    requirement_id_pattern: str
    item_id_pattern: str


@dataclass(frozen=True, slots=True)
class SpecBundle:
    """One business's spec version, fully resolved (common code tables and items merged in)."""

    meta: SpecMeta
    requirements: tuple[Requirement, ...]
    data_groups: tuple[DataGroup, ...]
    code_tables: Mapping[str, CodeTable]
    cross_field_rules: tuple[CrossFieldRule, ...]
    file_linkage: FileLinkage
    api: ApiLinkage
    non_functional: tuple[NonFunctionalParameter, ...]
    source_files: Mapping[str, str] = field(default_factory=dict)  # relative path -> sha256

    @property
    def key(self) -> tuple[str, str]:
        """(slug, version_id): the identity of this spec version."""
        return (self.meta.slug, self.meta.version_id)

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this ID; KeyError if absent."""
        for candidate in self.requirements:
            if candidate.id == requirement_id:
                return candidate
        raise KeyError(requirement_id)

    def group(self, group_id: str) -> DataGroup:
        """The data group with this ID; KeyError if absent."""
        for candidate in self.data_groups:
            if candidate.id == group_id:
                return candidate
        raise KeyError(group_id)

    def requirements_by_category(self) -> dict[Category, int]:
        """Count of requirements per category (every category present as a key)."""
        counts = dict.fromkeys(Category, 0)
        for requirement in self.requirements:
            counts[requirement.category] += 1
        return counts

    @property
    def data_item_count(self) -> int:
        """Total number of data items over all groups."""
        return sum(len(group.items) for group in self.data_groups)
