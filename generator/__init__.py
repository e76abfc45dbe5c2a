"""clientgen: turns OpenAPI 3.0/3.1 documents into typed Python API clients."""

__version__ = "0.1.0"
