"""Stage 4, rules: the check families of single cells and of rows, each in one module (codes, messages, the
scalar and the polars form), and their assembly into one file's plan."""
