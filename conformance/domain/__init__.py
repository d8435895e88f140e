"""The pure vocabulary of the project: businesses, specs, identifiers and results.

Nothing here performs I/O or imports a third-party library (enforced by import-linter). Every
service above reads and produces these types. Unlike the other packages, each module here is public
vocabulary in its own right and is imported directly (`from conformance.domain.spec import SpecBundle`):

- businesses.py: the 20 standardized core businesses (標準化対象事務), their stable slugs, `business(slug)`
- bodies.py: local public bodies (地方公共団体): municipalities and prefectures, their codes
- identifiers.py: check digits of 全国地方公共団体コード, 個人番号 and 法人番号
- spec.py: the spec model of one business and version (`SpecBundle` and its parts)
- results.py: the result model (`Verdict`, `Finding`, `CaseResult`, `RunResult`) and the one roll-up (`rollup`)
- results_codec.py: the plain-data (JSON-ready) form of a RunResult, and back
"""
