"""Stage 5, keys: primary-key uniqueness and foreign keys, over the key sets collected from every file."""
