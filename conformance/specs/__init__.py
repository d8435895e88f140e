"""Reading, checking, comparing and importing machine-readable standard specifications."""
