"""Every Python name in the generated code is decided here.

Names are derived from spec text, never pasted: the text is split into ASCII words, joined in
the case the context needs, and checked against the names the context reserves (keywords,
pydantic's model attributes, the generated code's own names). Collisions are resolved by a
`Namespace`, which hands out names in the order it is asked and so is stable for a stable order.
"""
