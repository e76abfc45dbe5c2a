"""Python spelling: type annotations, import plans and module grouping, from IR values alone."""
