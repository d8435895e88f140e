"""A small bundled list of invented surnames and given names with readings, and address parts.

Combinations are random, so no real person is described. A few entries carry the characters that
trip validators: 﨑 (a compatibility ideograph that is in JIS X 0213) and 葛 followed by the
ideographic variation selector U+E0100 (two code points, one character).
"""

from __future__ import annotations

# (kanji, katakana reading, romaji)
SURNAMES: tuple[tuple[str, str, str], ...] = (
    ("山田", "ヤマダ", "YAMADA"), ("佐藤", "サトウ", "SATO"), ("鈴木", "スズキ", "SUZUKI"),
    ("高橋", "タカハシ", "TAKAHASHI"), ("田中", "タナカ", "TANAKA"), ("伊藤", "イトウ", "ITO"),
    ("渡辺", "ワタナベ", "WATANABE"), ("中村", "ナカムラ", "NAKAMURA"), ("小林", "コバヤシ", "KOBAYASHI"),
    ("加藤", "カトウ", "KATO"), ("吉田", "ヨシダ", "YOSHIDA"), ("山口", "ヤマグチ", "YAMAGUCHI"),
    ("松本", "マツモト", "MATSUMOTO"), ("井上", "イノウエ", "INOUE"), ("木村", "キムラ", "KIMURA"),
    ("林", "ハヤシ", "HAYASHI"), ("清水", "シミズ", "SHIMIZU"), ("山﨑", "ヤマザキ", "YAMAZAKI"),
    ("森", "モリ", "MORI"), ("池田", "イケダ", "IKEDA"), ("橋本", "ハシモト", "HASHIMOTO"),
    ("阿部", "アベ", "ABE"), ("石川", "イシカワ", "ISHIKAWA"), ("前田", "マエダ", "MAEDA"),
    ("藤田", "フジタ", "FUJITA"), ("岡田", "オカダ", "OKADA"), ("後藤", "ゴトウ", "GOTO"),
    ("長谷川", "ハセガワ", "HASEGAWA"), ("村上", "ムラカミ", "MURAKAMI"), ("近藤", "コンドウ", "KONDO"),
    ("葛\U000e0100西", "カサイ", "KASAI"), ("齋藤", "サイトウ", "SAITO"), ("遠藤", "エンドウ", "ENDO"),
    ("青木", "アオキ", "AOKI"), ("坂本", "サカモト", "SAKAMOTO"), ("西村", "ニシムラ", "NISHIMURA"),
)

GIVEN_NAMES: tuple[tuple[str, str, str], ...] = (
    ("太郎", "タロウ", "TARO"), ("花子", "ハナコ", "HANAKO"), ("一郎", "イチロウ", "ICHIRO"),
    ("美咲", "ミサキ", "MISAKI"), ("健太", "ケンタ", "KENTA"), ("陽菜", "ヒナ", "HINA"),
    ("大輔", "ダイスケ", "DAISUKE"), ("さくら", "サクラ", "SAKURA"), ("翔", "ショウ", "SHO"),
    ("結衣", "ユイ", "YUI"), ("直樹", "ナオキ", "NAOKI"), ("由美", "ユミ", "YUMI"),
    ("蓮", "レン", "REN"), ("葵", "アオイ", "AOI"), ("誠", "マコト", "MAKOTO"),
    ("智子", "トモコ", "TOMOKO"), ("拓也", "タクヤ", "TAKUYA"), ("愛", "アイ", "AI"),
    ("悠真", "ユウマ", "YUMA"), ("恵子", "ケイコ", "KEIKO"), ("隆", "タカシ", "TAKASHI"),
    ("真由美", "マユミ", "MAYUMI"), ("浩二", "コウジ", "KOJI"), ("ゆかり", "ユカリ", "YUKARI"),
    ("勇気", "ユウキ", "YUKI"), ("千尋", "チヒロ", "CHIHIRO"), ("修", "オサム", "OSAMU"),
    ("綾乃", "アヤノ", "AYANO"), ("康介", "コウスケ", "KOSUKE"), ("舞", "マイ", "MAI"),
)

TOWNS: tuple[str, ...] = (
    "本町", "中央", "栄町", "緑町", "旭町", "桜台", "若葉", "東町", "西町", "南町", "北町", "新町",
    "富士見", "春日", "大手町", "港町", "錦町", "日の出町", "松原", "青葉台",
)

BUILDINGS: tuple[str, ...] = (
    "コーポ緑", "グランドハイツ本町", "メゾン桜", "サンシャイン中央", "パークハイム", "ハイツ青葉",
    "レジデンス港", "第二松原荘", "ライオンズ\"春日\"", "ビューテラス,東棟",
)

WORDS: tuple[str, ...] = (
    "特記事項なし", "確認済み", "申請書受付", "窓口にて対応", "郵送にて送付", "転入手続済", "再交付",
    "継続審査中", "書類不備なし", "本人確認済", "代理人申請", "職権記載",
)
