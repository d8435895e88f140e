"""Reading, checking, comparing and importing machine-readable standard specifications.

Other packages use the names below, never the modules behind them. Where the specs live
(`resolve_specs_dir`, `ENV_VAR`) and what a problem is (`SpecLoadError`, `SpecProblem`) are light and
imported at once; every other name is imported on first use, so that `conformance --help` and commands
that never load a spec do not pay for YAML, JSON Schema or openpyxl.

Modules: loader.py (folder → SpecBundle), yamlfile.py (YAML with line provenance), receipts.py (schema
passes remembered by content hash), rules.py (consistency checks), openapi.py (generate + drift),
catalog.py (load one, load all, check all), diff.py (version differences), workbook.py + importer.py
(official-style workbooks → spec documents), writer.py (regenerated openapi.yaml; an imported version
added only once it loads), location.py (where the specs live), problems.py (what is wrong, where).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from conformance.specs.location import ENV_VAR, default_specs_dir, resolve_specs_dir
from conformance.specs.problems import Severity, SpecLoadError, SpecProblem
from conformance.specs.receipts import ENV_VAR as CACHE_ENV_VAR

if TYPE_CHECKING:
    from conformance.specs.catalog import CheckReport, check_specs, load_all, load_spec
    from conformance.specs.diff import Change, ChangeKind, Entity, SpecDiff, diff_specs
    from conformance.specs.importer import (
        REQ_COLUMNS,
        ImportContentError,
        ImportResult,
        business_from_name,
        date_from_name,
        import_workbooks,
        version_from_name,
    )
    from conformance.specs.loader import SpecSource, discover, find_source, normalise_version
    from conformance.specs.openapi import generate as generate_openapi
    from conformance.specs.workbook import WorkbookError
    from conformance.specs.writer import (
        ImportedSpecError,
        ImportedVersion,
        NoBusinessInNameError,
        VersionExistsError,
        build_openapi,
        import_version,
        openapi_text,
    )

# public name -> (module, attribute): imported on first use
_LAZY: dict[str, tuple[str, str]] = {
    **{name: ("catalog", name) for name in ("CheckReport", "check_specs", "load_all", "load_spec")},
    **{name: ("diff", name) for name in ("Change", "ChangeKind", "Entity", "SpecDiff", "diff_specs")},
    **{name: ("importer", name) for name in ("REQ_COLUMNS", "ImportContentError", "ImportResult",
                                             "business_from_name", "date_from_name", "import_workbooks",
                                             "version_from_name")},
    **{name: ("loader", name) for name in ("SpecSource", "discover", "find_source", "normalise_version")},
    "generate_openapi": ("openapi", "generate"),
    "WorkbookError": ("workbook", "WorkbookError"),
    **{name: ("writer", name) for name in ("ImportedSpecError", "ImportedVersion", "NoBusinessInNameError",
                                           "VersionExistsError", "build_openapi", "import_version",
                                           "openapi_text")},
}

__all__ = [
    "CACHE_ENV_VAR",
    "ENV_VAR",
    "REQ_COLUMNS",
    "Change",
    "ChangeKind",
    "CheckReport",
    "Entity",
    "ImportContentError",
    "ImportResult",
    "ImportedSpecError",
    "ImportedVersion",
    "NoBusinessInNameError",
    "Severity",
    "SpecDiff",
    "SpecLoadError",
    "SpecProblem",
    "SpecSource",
    "VersionExistsError",
    "WorkbookError",
    "build_openapi",
    "business_from_name",
    "check_specs",
    "date_from_name",
    "default_specs_dir",
    "diff_specs",
    "discover",
    "find_source",
    "generate_openapi",
    "import_version",
    "import_workbooks",
    "load_all",
    "load_spec",
    "normalise_version",
    "openapi_text",
    "resolve_specs_dir",
    "version_from_name",
]

if not TYPE_CHECKING:  # for the type checker the imports above are the names; at run time they load here

    def __getattr__(name: str) -> object:
        if name not in _LAZY:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
