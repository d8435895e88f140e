"""The pure vocabulary of the project: businesses, specs, identifiers and results.

Nothing here performs I/O or imports a third-party library (enforced by import-linter). Every
service above reads and produces these types.
"""
