"""The documentation stays true: every relative link resolves, and the README keeps its two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# the project's own documents: not what tools leave in hidden folders (pytest writes .pytest_cache/README.md after
# its first run, which made the number of collected tests differ between a fresh clone and a second run)
DOCS = sorted(
    path
    for path in {REPO / "README.md", REPO / "ARCHITECTURE.md", *REPO.glob("docs/**/*.md"), *REPO.glob("*/README.md")}
    if not any(part.startswith(".") for part in path.relative_to(REPO).parts)
)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if not (doc.parent / path).exists():
            broken.append(target)
    assert not broken, f"{doc.relative_to(REPO)} links to missing files: {broken}"


def test_readme_has_exactly_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Set up and run", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(commands) == 2
    assert "conformance demo" in commands[0]
    assert "nox" in commands[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "nox" in ci, ".ci/run must call the README's test command"
