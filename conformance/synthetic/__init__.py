"""Synthetic migration data: realistic deliveries for any business, with known injected defects and their truth.

Everything derives from the SpecBundle the caller passes in (this package never loads specs). It uses the
validator's own rules (`conformance.data`) to make sure a clean delivery is clean and each injected defect
yields exactly its finding code; the validator never imports this package (import contract).
Entry point: `generate_delivery`.
"""

from conformance.synthetic.generator import GenerationResult, generate_delivery
from conformance.synthetic.truth import TruthRow
from conformance.synthetic.value_pools import GenerationError, Municipality

__all__ = ["GenerationError", "GenerationResult", "Municipality", "TruthRow", "generate_delivery"]
