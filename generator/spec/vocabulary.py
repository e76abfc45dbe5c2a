"""The schema keywords the generator knows, by the role each plays (the one keyword list).

Every stage that walks a document by keyword (the `$ref` walk, the 3.1 boolean-schema fix-up
before parsing, the lenient repairs, the builder's check of narrowing and unsupported keywords)
takes its sets from here, so that a keyword is classified once.
"""

from __future__ import annotations

SCHEMA_SLOTS = frozenset({"items", "not", "contains", "propertyNames", "if", "then", "else"})
"""Keywords whose value is one subschema, which openapi-pydantic takes only as an object."""
BOOLEAN_SCHEMA_SLOTS = frozenset(
    {"additionalProperties", "unevaluatedItems", "unevaluatedProperties"}
)
"""Keywords whose value is one subschema that may also be a boolean as it stands."""
SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
"""Keywords whose value maps names to subschemas."""
SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
"""Keywords whose value is a list of subschemas."""
DATA_KEYWORDS = frozenset({"example", "default", "enum", "const"})
"""Keywords whose value is data, never structure (a `$ref` inside one is just data)."""
SCHEMA_DATA_KEYWORDS = DATA_KEYWORDS | {"examples"}
"""The same inside a schema, where 3.1's `examples` is a list of data too."""
NARROWING_KEYWORDS = (
    ("not", "schema_not"),
    ("if", "schema_if"),
    ("then", "then"),
    ("else", "schema_else"),
)
"""Schema keywords that only narrow what is valid (keyword, attribute of the parsed schema): no
Python type says "anything but X" or "this shape when that holds", but leaving them out only
makes the type wider, so a schema using one is typed by its other keywords, with a warning (an
error with `strict_keywords`)."""
UNSUPPORTED_KEYWORDS = (("$dynamicRef", "$dynamicRef"),)
"""Schema keywords no Python type expresses and none can stand in for (keyword, attribute or
extra key of the parsed schema): a document using one fails with its location, or leaves out
what uses it."""
TYPE_NEUTRAL_KEYWORDS = frozenset(
    {
        "description",
        "title",
        "default",
        "example",
        "examples",
        "readOnly",
        "writeOnly",
        "deprecated",
        "nullable",
        "externalDocs",
        "xml",
        # constraints the generated types do not check, so they do not change the type either
        "format",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    }
)
"""Schema keywords that describe or constrain a value without changing its Python type."""
