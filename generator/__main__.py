"""`python -m generator` runs the clientgen command line."""

from .cli import main

main()
