"""Stage 5: the intermediate model -> files (filters, templates, black, cache, manifest, write)."""
