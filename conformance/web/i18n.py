"""The message catalogue: every label once, in Japanese and English (Japanese first)."""

from __future__ import annotations

from collections.abc import Callable

from conformance.domain.businesses import BUSINESSES

MESSAGES: dict[str, tuple[str, str]] = {
    "app_title": ("標準化 移行進捗ダッシュボード", "Standardization migration dashboard"),
    "skip": ("本文へスキップ", "Skip to main content"),
    "nav": ("メインメニュー", "Main menu"),
    "national": ("全国概況", "National overview"),
    "prefectures": ("都道府県", "Prefectures"),
    "prefecture": ("都道府県", "Prefecture"),
    "vendors": ("ベンダ", "Vendors"),
    "vendor": ("製品ベンダ", "Vendor"),
    "registry": ("適合製品一覧", "Conformance registry"),
    "sign_in": ("サインイン", "Sign in"),
    "sign_out": ("サインアウト", "Sign out"),
    "username": ("ユーザー名", "User name"),
    "password": ("パスワード", "Password"),
    "bad_login": ("ユーザー名またはパスワードが違います。", "Wrong user name or password."),
    "login_throttled": ("サインインの失敗が続いたため一時的に受け付けていません。{minutes}分後に再度お試しください。",
                        "Too many failed sign-ins: try again in {minutes} minutes."),
    "signed_in_as": ("サインイン中", "Signed in as"),
    "language": ("言語", "Language"),
    "synthetic": ("合成データ（デモ用・実在の進捗ではありません）", "SYNTHETIC demo data — not real progress"),
    "completion": ("完了率", "Completion"),
    "in_progress_rate": ("作業中率", "In progress"),
    "systems": ("システム数", "Systems"),
    "live": ("稼働済み", "Live"),
    "specific_support": ("特定移行支援", "Specific migration support"),
    "by_reason": ("特定移行支援システム（理由別）", "Specific-support systems by reason"),
    "reason": ("理由", "Reason"),
    "count": ("件数", "Count"),
    "distribution": ("完了率の分布（システム数）", "Completion distribution (systems)"),
    "trend": ("推移（全国の完了率）", "Trend (national completion)"),
    "as_of": ("基準日", "As of"),
    "at_risk": ("期限超過見込み（上位）", "At risk of missing the deadline (top)"),
    "at_risk_total": ("期限超過見込みの総数", "Total at risk"),
    "body": ("団体", "Body"),
    "code": ("団体コード", "Code"),
    "business": ("業務", "Business"),
    "target": ("目標日", "Target"),
    "projected": ("予測移行日", "Projected cut-over"),
    "map": ("市区町村別 完了率マップ", "Completion by municipality"),
    "map_alt": ("市区町村ごとの完了率（平均）を色の濃さで示した日本地図。数値は下の都道府県表を参照。",
                "Map of Japan shaded by each municipality's mean completion; the numbers are in the table below."),
    "legend": ("凡例", "Legend"),
    "no_data": ("データなし", "No data"),
    "by_prefecture": ("都道府県別", "By prefecture"),
    "grid": ("団体 × 業務 完了率", "Body × business completion"),
    "filters": ("絞り込み", "Filters"),
    "search_name": ("団体名で検索", "Search by name"),
    "body_class": ("団体区分", "Kind of body"),
    "all": ("すべて", "All"),
    "only_specific": ("特定移行支援を含む団体のみ", "Only bodies with specific-support systems"),
    "max_completion": ("平均完了率の上限（%）", "Mean completion at most (%)"),
    "sort": ("並べ替え", "Sort"),
    "sort_code": ("団体コード順", "By code"),
    "sort_name": ("団体名順", "By name"),
    "sort_low": ("平均完了率の低い順", "Lowest completion first"),
    "sort_high": ("平均完了率の高い順", "Highest completion first"),
    "apply": ("適用", "Apply"),
    "download_excel": ("Excel でダウンロード", "Download Excel"),
    "mean": ("平均", "Mean"),
    "steps": ("手順", "Steps"),
    "step": ("手順", "Step"),
    "status": ("状況", "Status"),
    "product": ("製品", "Product"),
    "product_version": ("製品版", "Product version"),
    "spec_version": ("仕様書版", "Spec version"),
    "certification": ("適合確認", "Certification"),
    "evidence": ("根拠", "Evidence"),
    "readiness": ("判定", "Readiness"),
    "contradictions": ("矛盾・注意点", "Contradictions and flags"),
    "history": ("変更履歴", "History"),
    "who": ("更新者", "Who"),
    "when": ("日時", "When"),
    "field": ("項目", "Field"),
    "old": ("変更前", "Before"),
    "new": ("変更後", "After"),
    "update_step": ("手順の状況を更新", "Update a step"),
    "save": ("保存", "Save"),
    "edit_assignment": ("製品・移行予定日を変更", "Change product and planned cut-over"),
    "planned_cutover": ("移行予定日", "Planned cut-over"),
    "saved": ("保存しました（変更履歴に記録）。", "Saved (recorded in the history)."),
    "nothing_changed": ("変更はありませんでした。", "Nothing changed."),
    "rejected": ("更新できません", "Not saved"),
    "products": ("製品", "Products"),
    "cutovers": ("月別の移行件数（実績または予測）", "Cut-overs per month (actual or projected)"),
    "month": ("月", "Month"),
    "certified": ("適合", "Certified"),
    "not_certified": ("不適合", "Not certified"),
    "unknown": ("判定未了", "Pending"),
    "none": ("なし", "None"),
    "forbidden": ("この画面を表示する権限がありません。", "You may not view this page."),
    "not_found": ("見つかりません。", "Not found."),
    "attribution": ("地図の出典", "Map source"),
    "deployments": ("導入団体数", "Deployments"),
    "lvl_ready": ("移行完了", "Ready"),
    "lvl_on_track": ("順調", "On track"),
    "lvl_at_risk": ("要注意", "At risk"),
    "lvl_late": ("遅延", "Late"),
    "lvl_contradicted": ("矛盾あり", "Contradicted"),
    "lvl_not_applicable": ("対象外", "Not applicable"),
    "ready": ("移行完了", "Ready"),
    "on_track": ("順調", "On track"),
    "late": ("遅延", "Late"),
    "contradicted": ("矛盾あり", "Contradicted"),
    "not_applicable": ("対象外", "Not applicable"),
    "done": ("完了済み", "Done"),
    "in_progress": ("作業中", "In progress"),
    "not_started": ("未着手", "Not started"),
    "class_prefecture": ("都道府県", "Prefecture"),
    "class_designated_city": ("政令指定都市", "Designated city"),
    "class_special_ward": ("特別区", "Special ward"),
    "class_city": ("市", "City"),
    "class_town": ("町", "Town"),
    "class_village": ("村", "Village"),
    "home": ("ホーム", "Home"),
    "api": ("JSON API（OpenAPI）", "JSON API (OpenAPI)"),
}

REASONS_EN = {1: "Mainframe", 2: "Individually developed system", 3: "No compliant product or alternative",
              4: "Vendor resource shortage"}


def translator(lang: str) -> Callable[[str], str]:
    """A function from message key to text in `lang` (the key itself when unknown, so gaps show)."""
    index = 1 if lang == "en" else 0

    def translate(key: str) -> str:
        entry = MESSAGES.get(key)
        return entry[index] if entry else key

    return translate


def business_labels(lang: str) -> dict[str, str]:
    """Business slug → label (the MIC dashboard's Japanese label, or the English name)."""
    return {b.slug: (b.name_en if lang == "en" else b.label_ja) for b in BUSINESSES}
