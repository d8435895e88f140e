"""`python -m conformance` runs the CLI."""

from conformance.cli.main import main

main()
