"""The command-line shell: thin click commands that wire services together and print results.

Nothing imports the shell; its entry point is `conformance.cli.main:main` (the console script and `python -m`).
"""

__all__: list[str] = []
