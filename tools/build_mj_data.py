"""Build the MJ character tables the validator reads, from the MJ data in the npm package @mandel59/mojidata.

The MJ文字情報一覧表 and the MJ縮退マップ (© 独立行政法人情報処理推進機構 IPA, now kept by 文字情報技術促進協議会) are
licensed CC BY-SA 2.1 JP. Their share-alike terms must not reach the project's own code (MIT), so this script
derives two separate, attributed data files that ship in `conformance/characters/data/` under that licence:

- `mj_characters.tsv.gz`: one row per MJ character: MJ number, its corresponding and implemented UCS
  character, its Moji_Joho IVS sequence(s) (comma-separated), its JIS X 0213 面-区-点;
- `mj_shrink.tsv.gz`: the MJ縮退マップ: MJ number, map, target character (and rank, where the map has one).

Characters are written as themselves (UTF-8), so the package reads them without conversion.

Nothing is downloaded at run time; this script runs once per data update, on a machine with npm:

    npm pack @mandel59/mojidata@1.8.1                # 41 MB; sha256 d51b41cc…b87b4 (checked below)
    tar xzf mandel59-mojidata-1.8.1.tgz package/dist/moji.db
    python tools/build_mj_data.py package/dist/moji.db

The output is byte-for-byte reproducible from the same moji.db (gzip without a time stamp, rows sorted).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import sqlite3
import sys
from pathlib import Path

MOJIDATA_VERSION = "1.8.1"
MOJI_DB_SHA256 = "fb959e14abdd5b2fd6306513d1e7f477577f7555bc08d3b0ed081a7504526f3d"
OUT_DIR = Path(__file__).resolve().parents[1] / "conformance" / "characters" / "data"
EXPECTED_CHARACTERS = 58_862
EXPECTED_IVS = 11_382
MAPS = {  # table in moji.db → the map's name in the data file (the MJ縮退マップ's own sheet names)
    "mjsm_JIS包摂規準UCS統合規則": "JIS包摂規準・UCS統合規則",
    "mjsm_法務省告示582号別表第四_一": "法務省告示582号別表第四（一）",
    "mjsm_法務省告示582号別表第四_二": "法務省告示582号別表第四（二）",
    "mjsm_戸籍統一文字情報_親字正字": "戸籍統一文字情報 親字・正字",
    "mjsm_民一2842号通達別表_誤字俗字正字一覧表_俗字": "民一2842号通達別表 誤字俗字・正字一覧表（俗字）",
    "mjsm_民一2842号通達別表_誤字俗字正字一覧表_別字": "民一2842号通達別表 誤字俗字・正字一覧表（別字）",
    "mjsm_民一2842号通達別表_誤字俗字正字一覧表_無印": "民一2842号通達別表 誤字俗字・正字一覧表（無印）",
    "mjsm_民二5202号通知別表_正字俗字等対照表": "民二5202号通知別表 正字・俗字等対照表",
    "mjsm_読み字形による類推": "読み・字形による類推",
    "mjsm_辞書類等による関連字": "辞書類等による関連字",
}


def _text(text: str | None) -> str:
    """The characters themselves (UTF-8 in the file: read without conversion), empty for none."""
    return text or ""


def _gzip(rows: list[str], header: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(("\n".join([header, *rows]) + "\n").encode("utf-8"))
    return buffer.getvalue()


def characters(db: sqlite3.Connection) -> list[str]:
    duplicated: dict[str, list[str]] = {}
    for mj, ivs in db.execute('SELECT "MJ文字図形名", "重複実装したMoji_JohoコレクションIVS" FROM mji_duplicated_ivs'):
        duplicated.setdefault(mj, []).append(_text(ivs))
    rows = []
    query = ('SELECT "MJ文字図形名", "対応するUCS", "実装したUCS", "実装したMoji_JohoコレクションIVS", "X0213" '
             "FROM mji ORDER BY 1")
    for mj, corresponding, implemented, ivs, x0213 in db.execute(query):
        sequences = ",".join([_text(ivs), *duplicated.get(mj, [])] if ivs else duplicated.get(mj, []))
        rows.append("\t".join((mj, _text(corresponding), _text(implemented), sequences, x0213 or "")))
    return rows


def shrink(db: sqlite3.Connection) -> list[str]:
    rows = []
    for table, name in MAPS.items():
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        rank = "順位" if "順位" in columns else "ホップ数" if "ホップ数" in columns else None
        order_column = f'"{rank}"' if rank else "NULL"
        select = f'SELECT "MJ文字図形名", "縮退UCS", {order_column} FROM "{table}"'
        for mj, target, order in db.execute(select):
            rows.append("\t".join((mj, name, _text(target), "" if order is None else str(order))))
    return sorted(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("moji_db", type=Path, help="dist/moji.db of @mandel59/mojidata " + MOJIDATA_VERSION)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    digest = hashlib.sha256(args.moji_db.read_bytes()).hexdigest()
    if digest != MOJI_DB_SHA256:
        print(f"{args.moji_db}: sha256 {digest} is not that of mojidata {MOJIDATA_VERSION}'s moji.db", file=sys.stderr)
        return 2
    db = sqlite3.connect(f"file:{args.moji_db}?mode=ro", uri=True)
    table = characters(db)
    with_ivs = sum(1 for row in table if row.split("\t")[3])
    if len(table) != EXPECTED_CHARACTERS or with_ivs != EXPECTED_IVS:
        print(f"unexpected counts: {len(table)} characters, {with_ivs} with IVS", file=sys.stderr)
        return 2
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "mj_characters.tsv.gz").write_bytes(
        _gzip(table, "mj\tcorresponding_ucs\timplemented_ucs\tivs\tx0213"))
    maps = shrink(db)
    (args.out_dir / "mj_shrink.tsv.gz").write_bytes(_gzip(maps, "mj\tmap\ttarget\trank"))
    print(f"wrote {len(table)} MJ characters ({with_ivs} with IVS) and {len(maps)} 縮退 rows to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
