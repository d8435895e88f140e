"""Every linkage and declaration finding code the code base can emit is in docs/reference/finding-codes.md.

The codes are read from the source: the first argument (or ``code=``) of every ``Finding(...)`` and
``http_finding(...)`` call in conformance/linkage and conformance/evidence, and every ``"DECL-…"``
literal. A code built by an
f-string must be one of the known patterns (transport failures, cell codes, data codes, schemathesis
checks); a new pattern fails this test until it is documented here and in the reference.
(The data-validation codes have their own test in tests/data.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conformance.linkage import TRANSPORT_FAILURES

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "reference" / "finding-codes.md"
SOURCES = [*sorted((REPO / "conformance" / "linkage").glob("*.py")),
           *sorted((REPO / "conformance" / "evidence").glob("*.py"))]
# f-string prefix → the placeholder the reference documents for it
PATTERNS = {"api.": "api.<cell code>", "file.": "file.<data code>", "schemathesis.": "schemathesis.<check>"}


def _code_argument(call: ast.Call) -> ast.expr | None:
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)
    if name not in ("Finding", "http_finding"):
        return None
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value
    return call.args[0] if call.args else None


def emitted() -> tuple[set[str], set[str]]:
    """(literal codes, f-string prefixes) of every finding built in the linkage and evidence packages."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            argument = _code_argument(node)
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                literals.add(argument.value)
            elif isinstance(argument, ast.JoinedStr):
                head = argument.values[0]
                assert isinstance(head, ast.Constant), f"{path.name}: a finding code must start with a literal prefix"
                prefixes.add(str(head.value))
            elif argument is not None and not isinstance(argument, ast.Name):
                raise AssertionError(f"{path.name}:{node.lineno}: a finding code that is neither literal nor f-string")
        # a code passed on through a variable (http_finding's `code`, the declaration rules' tuples) is a literal
        # elsewhere; the declaration codes are the DECL-* literals
        literals |= set(re.findall(r'"(DECL-[A-Z-]+)"', path.read_text(encoding="utf-8")))
    return literals, prefixes


def schemathesis_checks() -> list[str]:
    """The names of the checks `checks: enabled` turns on."""
    import schemathesis.specs.openapi.checks  # noqa: F401  (registers the OpenAPI checks)
    from schemathesis.checks import CHECKS

    return list(CHECKS.get_all_names())


def test_every_linkage_and_declaration_code_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Za-z0-9_.<> -]+)`", text))
    literals, prefixes = emitted()
    assert {"api.paging-repeats", "file.missing", "nonfunctional.response-time",
            "DECL-MANDATORY-NOT-IMPLEMENTED"} <= literals  # the scan finds the codes at all
    missing = sorted(code for code in literals if code not in documented)
    assert not missing, f"not documented in {DOC.name}: {missing}"
    for prefix in prefixes:
        if prefix == "http.":
            expanded = [f"http.{kind}" for kind in TRANSPORT_FAILURES]
            assert not [c for c in expanded if c not in documented], "a transport failure code is not documented"
        elif prefix == "schemathesis.":
            expanded = [f"schemathesis.{check}" for check in schemathesis_checks()]
            assert not [c for c in expanded if c not in documented], "a schemathesis check is not documented"
        else:
            assert prefix in PATTERNS, f"new finding-code pattern {prefix!r}…: document it and add it here"
            assert PATTERNS[prefix] in documented, f"{PATTERNS[prefix]} is not documented"


def test_data_code_table_is_unchanged_by_the_linkage_tables() -> None:
    """The data test reads rows that start with a backticked code; linkage rows start with their family."""
    text = DOC.read_text(encoding="utf-8")
    first_column = re.findall(r"^\| `([a-z0-9.-]+)` \|", text, flags=re.MULTILINE)
    assert all(code.startswith(("file.", "cell.", "table.")) for code in first_column)
    assert not any(code.startswith(("api.", "http.", "schemathesis.", "nonfunctional.")) for code in first_column)
