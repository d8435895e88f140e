"""Stage 3, read: UTF-8 CSV to polars frames of records (header, blocks, the whole-file proof, frames)."""
