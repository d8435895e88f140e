"""Evidence and certification: declarations, requirement coverage, waivers, certification status,
signed evidence bundles and spec-change impact. Built on the result store and the report renderers.

Other packages (the CLI, a web page, the tests) import these names from here, never a module inside.
The reference vendor's evidence is imported on first use: it builds migration data with the
generator, which nothing else here needs.
"""

from typing import TYPE_CHECKING, Any

from conformance.evidence.bundle import BundleCheck, build_bundle, canonical_zip, verify_bundle
from conformance.evidence.certification import (
    Certification,
    Status,
    certify,
    certify_all,
    certify_stored_products,
    coverage_rows,
    latest_runs,
)
from conformance.evidence.coverage import (
    CoverageGap,
    coverage_document,
    coverage_report,
    requirement_rows,
    rows_to_csv,
    run_report,
    spec_coverage_gaps,
)
from conformance.evidence.declarations import (
    ANSWER_COLUMN,
    IMPLEMENTED,
    NOT_IMPLEMENTED,
    TEMPLATE_FORMATS,
    Answer,
    Declaration,
    DeclarationFileError,
    check_declaration,
    declaration_from_dict,
    read_declaration,
    save_declaration,
    template_workbook,
    template_yaml,
)
from conformance.evidence.impact import Impact, ProductImpact, Retest, spec_impact
from conformance.evidence.package import blocking_reasons, certification_bundle, package_payload
from conformance.evidence.selection import (
    ProductMismatchError,
    attach_product,
    product_runs,
    product_waivers,
    subject_runs,
    subjects,
)
from conformance.evidence.signing import ENV_VAR as SIGNING_KEY_ENV_VAR
from conformance.evidence.signing import (
    SigningKeyError,
    generate_keypair,
    load_private_key,
    public_pem,
    signing_key_path,
)
from conformance.evidence.waivers import (
    WaiverFileError,
    WaiverPeriodError,
    apply_waivers,
    check_period,
    load_waivers,
)

if TYPE_CHECKING:
    from conformance.evidence.reference_vendor_evidence import conforming_declaration, migration_data_run

__all__ = [
    "ANSWER_COLUMN",
    "IMPLEMENTED",
    "NOT_IMPLEMENTED",
    "SIGNING_KEY_ENV_VAR",
    "TEMPLATE_FORMATS",
    "Answer",
    "BundleCheck",
    "Certification",
    "CoverageGap",
    "Declaration",
    "DeclarationFileError",
    "Impact",
    "ProductImpact",
    "ProductMismatchError",
    "Retest",
    "SigningKeyError",
    "Status",
    "WaiverFileError",
    "WaiverPeriodError",
    "apply_waivers",
    "attach_product",
    "blocking_reasons",
    "build_bundle",
    "canonical_zip",
    "certification_bundle",
    "certify",
    "certify_all",
    "certify_stored_products",
    "check_declaration",
    "check_period",
    "conforming_declaration",
    "coverage_document",
    "coverage_report",
    "coverage_rows",
    "declaration_from_dict",
    "generate_keypair",
    "latest_runs",
    "load_private_key",
    "load_waivers",
    "migration_data_run",
    "package_payload",
    "product_runs",
    "product_waivers",
    "public_pem",
    "read_declaration",
    "requirement_rows",
    "rows_to_csv",
    "run_report",
    "save_declaration",
    "signing_key_path",
    "spec_coverage_gaps",
    "spec_impact",
    "subject_runs",
    "subjects",
    "template_workbook",
    "template_yaml",
    "verify_bundle",
]

_LAZY = frozenset({"conforming_declaration", "migration_data_run"})


def __getattr__(name: str) -> Any:
    """The reference vendor's evidence, imported on first use (it pulls in the migration-data generator)."""
    if name in _LAZY:
        from conformance.evidence import reference_vendor_evidence

        return getattr(reference_vendor_evidence, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
