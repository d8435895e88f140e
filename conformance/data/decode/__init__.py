"""Stage 2, decode: a file's bytes to UTF-8 (encoding sniffed from the head, other encodings transcoded)."""
