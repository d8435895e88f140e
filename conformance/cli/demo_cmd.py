"""`conformance demo`: the whole flow on the embedded defaults and synthetic data.

Each step runs a real command of this CLI, in-process, and the demo reports every step's exit
code; a step that could not run stops the demo with exit 2. Outputs go under --out (default
reports/demo/), which is replaced on each run.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from conformance.cli.console import EXIT_USAGE, err, out

DEMO_BUSINESS = "resident-registry"
REFERENCE_PRODUCT = "conformance reference vendor"  # as in vendors/reference.toml
REFERENCE_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Step:
    """One demo step: a command line (shell-quoted) and the exit codes that count as success for the demo."""

    title: str
    command: str
    expected: frozenset[int] = frozenset({0})

    @property
    def args(self) -> list[str]:
        """The command line split as a shell would."""
        return shlex.split(self.command)


def demo_steps(folder: Path) -> list[Step]:
    """The demo, in order."""
    q = shlex.quote
    delivery, keys, bundle = q(str(folder / "delivery")), folder / "keys", q(str(folder / "certification.zip"))
    tracker_db = q(f"sqlite:///{(folder / 'tracker.db').resolve()}")
    results_db = q(f"sqlite:///{(folder / 'results.db').resolve()}")
    profile = "vendors/reference.toml" if Path("vendors/reference.toml").is_file() else "reference"
    generate = f"data generate --business {DEMO_BUSINESS} --rows 20000 --defect-rate 0.005 --seed 2026 --out"
    clean, second = generate.replace("--defect-rate 0.005", "--defect-rate 0"), q(str(folder / "delivery-2"))
    certify = f"certify --product {REFERENCE_PRODUCT!r} --product-version {REFERENCE_VERSION} --signing-key"
    return [
        Step("1. 標準仕様の検査 / Check the specs of all 20 businesses", "specs check"),
        Step("   標準仕様カタログ / Spec catalogue", "specs list"),
        Step("2. 移行データ生成 / Synthetic 住民記録 delivery, defects injected", f"{generate} {delivery}"),
        Step(
            "   移行データ検証 / Validate it (defects expected: exit 1)",
            f"data validate --business {DEMO_BUSINESS} {delivery} --report-dir {q(str(folder / 'data'))}",
            frozenset({1}),
        ),
        Step("   2回目のリハーサル / Second rehearsal: the defects fixed", f"{clean} {second}"),
        Step(
            "   再検証 / Validate it (clean: exit 0)",
            f"data validate --business {DEMO_BUSINESS} {second} --report-dir {q(str(folder / 'data-2'))}",
        ),
        Step(
            "   前回との比較 / Compare the two rehearsals",
            f"data compare {q(str(folder / 'data'))} {q(str(folder / 'data-2'))}",
        ),
        Step("3. 移行進捗管理 / Tracker: synthetic national dataset", f"tracker init --db {tracker_db} --demo"),
        Step("   全国集計 / National roll-up", f"tracker status --db {tracker_db}"),
        Step("   都道府県別 / By prefecture", f"tracker status --db {tracker_db} --by prefecture"),
        Step(
            "4. 連携要件の適合性確認 / Linkage suites: reference vendor, 20 businesses",
            f"run --vendor {profile} --report-dir {q(str(folder / 'linkage'))} --db {results_db} --workers 2",
        ),
        Step(
            "5. 機能要件の申告 / The reference vendor's functional declarations",
            f"declare reference --save --out-dir {q(str(folder / 'declarations'))} --db {results_db}",
        ),
        Step(
            "   移行データ出力の検証 / Its migration-data export, validated",
            f"report reference-data --out-dir {q(str(folder / 'migration'))} --db {results_db}",
        ),
        Step("6. 署名鍵 / Ed25519 signing key (demo only)", f"keys generate --out {q(str(keys))}"),
        Step(
            "   適合性判定・証跡パッケージ / Certify 20 businesses, signed bundle",
            f"{certify} {q(str(keys / 'signing-key.pem'))} --out {bundle} --db {results_db}",
        ),
        Step(
            "   証跡の検証 / Verify the bundle offline",
            f"bundle verify {bundle} --public-key {q(str(keys / 'signing-key.pub.pem'))}",
        ),
    ]


@click.command()
@click.option(
    "--out",
    "out_dir",
    default="reports/demo",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the demo writes its outputs.",
)
@click.option("--serve", is_flag=True, help="At the end, serve the dashboard on the demo data (until Ctrl-C).")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Dashboard port with --serve."
)
@click.pass_context
def demo(ctx: click.Context, out_dir: Path, serve: bool, port: int) -> None:
    """Run the demo on the embedded defaults (デモ実行): specs, data, tracker, linkage, certification, dashboard."""
    root = ctx.find_root().command
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    results = []
    for step in demo_steps(out_dir):
        out.rule(step.title, align="left")
        code = _run(root, step.args)
        results.append((step, code))
        if code not in step.expected:
            err.print(f"demo step failed (exit {code}): conformance {' '.join(step.args)}", markup=False)
            sys.exit(EXIT_USAGE)
    out.rule("デモ完了 / Demo finished", align="left")
    out.print(f"outputs: {out_dir.resolve()}", markup=False)
    out.print(
        f"  migration-data report: {out_dir / 'data' / 'defects.csv'} (masked values), summary.json, run.json; "
        f"second rehearsal in {out_dir / 'data-2'}",
        markup=False,
    )
    out.print(f"  tracker database:      {out_dir / 'tracker.db'} (synthetic data)", markup=False)
    out.print(
        f"  linkage run:           {out_dir / 'linkage'} (run.json, junit.xml); results in {out_dir / 'results.db'}",
        markup=False,
    )
    out.print(f"  certification package: {out_dir / 'certification.zip'} (signed, verified above)", markup=False)
    tracker_db = f"sqlite:///{(out_dir / 'tracker.db').resolve()}"
    serve_args = ["tracker", "serve", "--db", tracker_db, "--demo", "--port", str(port)]
    out.rule("7. ダッシュボード / Dashboard", align="left")
    if serve:  # `tracker serve --demo` lists the demo accounts and the URL itself
        sys.exit(_run(root, serve_args))
    from conformance.web import DEMO_ACCOUNTS

    out.print("demo accounts (DEMO ONLY — synthetic data, never reuse these passwords):", markup=False)
    for account in DEMO_ACCOUNTS:
        out.print(
            f"  {account.username} / {account.password}  ({account.role.value} {' '.join(account.scope)})", markup=False
        )
    out.print(f"start it with:  conformance {shlex.join(serve_args)}", markup=False)
    out.print(f"then open:      http://127.0.0.1:{port}/   (or run: conformance demo --serve)", markup=False)


def _run(root: click.Command, args: Sequence[str]) -> int:
    try:
        code = root.main(args=list(args), prog_name="conformance", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    return code if isinstance(code, int) else 0
