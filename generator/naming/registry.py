"""The name registry: hands out distinct names in the order they are asked for."""

from __future__ import annotations

from collections.abc import Iterable


class Namespace:
    """Hands out distinct names: the first to ask for one gets it, later ones get `_2`, `_3`...

    Comparison is case-insensitive for modules (file systems) when `fold_case` is set.
    """

    def __init__(self, taken: Iterable[str] = (), *, fold_case: bool = False) -> None:
        self._fold = fold_case
        self._taken = {self._key(name) for name in taken}

    def _key(self, name: str) -> str:
        return name.lower() if self._fold else name

    def claim(self, preferred: str, *, separator: str = "_") -> str:
        """`preferred` if free, else the first free `preferred{separator}N`, N >= 2."""
        name = preferred
        counter = 2
        while self._key(name) in self._taken:
            name = f"{preferred}{separator}{counter}"
            counter += 1
        self._taken.add(self._key(name))
        return name

    def __contains__(self, name: str) -> bool:
        return self._key(name) in self._taken

    def __copy__(self) -> Namespace:
        """An independent copy: names claimed in one are not taken in the other."""
        twin = Namespace(fold_case=self._fold)
        twin._taken = set(self._taken)
        return twin
