"""Evidence and certification: declarations, requirement coverage, waivers, certification status,
signed evidence bundles and spec-change impact. Built on the result store and the report renderers."""
