"""Stage 1-2: read the document (load, JSON pointers, $refs, parse, lenient repairs)."""
