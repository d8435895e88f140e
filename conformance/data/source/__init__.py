"""Stage 1, source: where the files of a delivery come from (folder, list, zip) and which data group each is."""
