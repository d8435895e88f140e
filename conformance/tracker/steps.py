"""The 40 PMO-tool migration steps, the four step statuses and the dashboard's rate formulas.

The official 40-step table of the procedure manual (手順書) is not public (brief §8.1). The list
below is **representative**: it follows the manual's three phases (計画立案 / 選定・調達 / 移行)
and the steps the public sources confirm (Fit&Gap分析, 予算要求調整, ベンダ選定, step 24
「RFPベンダー質問回答」, step 25 「ベンダーからのRFP回答」). The step *number* is the identity
everywhere (workbook columns, database rows); names are labels and may be replaced by the
official wording without a migration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

STEP_COUNT = 40


class Phase(StrEnum):
    """The three phases of the procedure manual."""

    PLANNING = "計画立案"
    PROCUREMENT = "選定・調達"
    MIGRATION = "移行"


@dataclass(frozen=True, slots=True)
class Step:
    """One PMO step. `number` (1..40) is the identity; `confirmed` marks names seen in public sources."""

    number: int
    phase: Phase
    name_ja: str
    name_en: str
    confirmed: bool = False


_P, _S, _M = Phase.PLANNING, Phase.PROCUREMENT, Phase.MIGRATION

STEPS: tuple[Step, ...] = (
    Step(1, _P, "推進体制の立ち上げ", "Set up the project organisation", True),
    Step(2, _P, "現行システムの概要調査", "Survey the current systems"),
    Step(3, _P, "標準仕様書との比較分析（Fit&Gap分析）", "Fit & gap analysis against the standard", True),
    Step(4, _P, "移行計画の作成", "Write the migration plan"),
    Step(5, _P, "情報システム部門と業務所管部門の役割分担", "Split roles between IT and business owners"),
    Step(6, _P, "ガバメントクラウド利用の検討", "Assess use of the government cloud"),
    Step(7, _P, "他団体との共同利用の検討", "Assess joint use with other bodies"),
    Step(8, _P, "予算要求調整（計画）", "Budget request (planning)", True),
    Step(9, _P, "現行契約の確認", "Review current contracts"),
    Step(10, _S, "RFI資料の作成", "Prepare the RFI"),
    Step(11, _S, "RFIの実施", "Run the RFI"),
    Step(12, _S, "RFI回答の分析", "Analyse RFI answers"),
    Step(13, _S, "移行スケジュールの見直し", "Revise the migration schedule"),
    Step(14, _S, "予算要求調整（調達）", "Budget request (procurement)", True),
    Step(15, _S, "調達方式の決定", "Decide the procurement method"),
    Step(16, _S, "RFP資料の作成", "Prepare the RFP"),
    Step(17, _S, "非機能要件の整理", "Settle non-functional requirements"),
    Step(18, _S, "データ移行要件の整理", "Settle data-migration requirements"),
    Step(19, _S, "連携要件の整理", "Settle linkage requirements"),
    Step(20, _S, "文字要件への対応方針の決定", "Decide the character-requirements approach"),
    Step(21, _S, "RFPの公示", "Publish the RFP"),
    Step(22, _S, "事業者説明会", "Vendor briefing"),
    Step(23, _S, "ベンダーからの質問受付", "Receive vendor questions"),
    Step(24, _S, "RFPベンダー質問回答", "Answer vendor questions on the RFP", True),
    Step(25, _S, "ベンダーからのRFP回答", "Receive vendor RFP responses", True),
    Step(26, _S, "提案評価", "Evaluate proposals"),
    Step(27, _S, "ベンダ選定", "Select the vendor", True),
    Step(28, _S, "契約締結", "Sign the contract"),
    Step(29, _M, "詳細移行計画の作成", "Detailed migration plan"),
    Step(30, _M, "ガバメントクラウド環境の構築・接続", "Build and connect the government-cloud environment"),
    Step(31, _M, "システム設定・パラメータ設定", "Configure the system"),
    Step(32, _M, "データ移行（抽出・変換・投入）", "Data migration (extract, convert, load)"),
    Step(33, _M, "文字同定", "Character identification"),
    Step(34, _M, "移行リハーサル", "Migration rehearsal"),
    Step(35, _M, "連携テスト", "Linkage testing"),
    Step(36, _M, "操作研修", "User training"),
    Step(37, _M, "運用テスト", "Operational testing"),
    Step(38, _M, "本番移行判定", "Go/no-go decision"),
    Step(39, _M, "本番稼働", "Go-live"),
    Step(40, _M, "旧システムの契約変更・解約", "Change or end the old system's contract"),
)

GO_LIVE_STEP = 39
"""The step whose completion means the standard system is in production."""

PREREQUISITES: Mapping[int, tuple[int, ...]] = {
    27: (25, 26),
    28: (27,),
    32: (28,),
    34: (32,),
    38: (34, 37),
    39: (28, 32, 38),
    40: (39,),
}
"""Hard dependencies: a step reported done while one of these is not done (nor 対象外) is out of order."""


class StepStatus(StrEnum):
    """The four statuses of the PMO tool."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label_ja(self) -> str:
        """The PMO tool's Japanese label."""
        return _STATUS_JA[self]

    @property
    def rank(self) -> int:
        """Progress order used to detect a step going backwards (対象外 ranks with done)."""
        return _RANK[self]


_STATUS_JA: dict[StepStatus, str] = {
    StepStatus.DONE: "完了済み",
    StepStatus.IN_PROGRESS: "作業中",
    StepStatus.NOT_STARTED: "未着手",
    StepStatus.NOT_APPLICABLE: "対象外",
}
_RANK: dict[StepStatus, int] = {
    StepStatus.NOT_STARTED: 0,
    StepStatus.IN_PROGRESS: 1,
    StepStatus.DONE: 2,
    StepStatus.NOT_APPLICABLE: 2,
}
_ALIASES: dict[str, StepStatus] = {
    "完了済み": StepStatus.DONE, "完了済": StepStatus.DONE, "完了": StepStatus.DONE,
    "作業中": StepStatus.IN_PROGRESS,
    "未着手": StepStatus.NOT_STARTED, "": StepStatus.NOT_STARTED,
    "対象外": StepStatus.NOT_APPLICABLE,
    **{s.value: s for s in StepStatus},
}


def parse_status(text: str) -> StepStatus | None:
    """The status for a cell (Japanese label, English value, or blank = 未着手); None if unknown."""
    return _ALIASES.get(text.strip().lower() if text.isascii() else text.strip())


def step(number: int) -> Step:
    """The step with this number (1..40)."""
    if not 1 <= number <= STEP_COUNT:
        raise ValueError(f"step number must be 1..{STEP_COUNT}, got {number}")
    return STEPS[number - 1]


@dataclass(frozen=True, slots=True)
class StepCounts:
    """How many of the 40 steps are in each status, and the dashboard's rates."""

    done: int = 0
    in_progress: int = 0
    not_started: int = STEP_COUNT
    not_applicable: int = 0

    @classmethod
    def of(cls, statuses: Iterable[StepStatus]) -> StepCounts:
        """Count a full set of statuses (missing steps count as 未着手)."""
        tally = dict.fromkeys(StepStatus, 0)
        for status in statuses:
            tally[status] += 1
        reported = sum(tally.values())
        return cls(
            done=tally[StepStatus.DONE],
            in_progress=tally[StepStatus.IN_PROGRESS],
            not_started=tally[StepStatus.NOT_STARTED] + STEP_COUNT - reported,
            not_applicable=tally[StepStatus.NOT_APPLICABLE],
        )

    @property
    def completion_rate(self) -> float:
        """完了率 = (完了済み + 対象外) / 40, exactly as the MIC dashboard computes it."""
        return (self.done + self.not_applicable) / STEP_COUNT

    @property
    def in_progress_rate(self) -> float:
        """作業中率 = 作業中 / 40."""
        return self.in_progress / STEP_COUNT

    @property
    def not_started_rate(self) -> float:
        """未着手率 = 未着手 / 40."""
        return self.not_started / STEP_COUNT

    @property
    def all_not_applicable(self) -> bool:
        """True when every step is 対象外: the body does not run this business itself."""
        return self.not_applicable == STEP_COUNT
