"""Values by name for one build, made in it or kept in the result store (builder.store), read
only when asked for: the documents' parts of entity pages, their signatures for related
documents, the search words of editorial records."""

from __future__ import annotations

import pickle
from typing import Iterable

from builder.store import Cache, dumps


class Kept:
    """Values by name for one build: those made in this build (pickled, in memory), and the
    others kept in ``store`` under ``keys[name]``, read only when asked for. A value found in
    neither (another build on the same folder dropped it) is made again by the caller's
    ``compute``: see :meth:`get_or_compute`."""

    def __init__(self, store: Cache | None, keys: dict[str, str], made: dict[str, bytes]) -> None:
        self.store, self.keys, self.made = store, keys, made

    def get_or_compute(self, names: Iterable[str], compute) -> dict[str, object]:
        """The value of each of ``names``, in their order: made in this build, else read from
        the store (all in one go), else ``compute(missing names)`` (a dict by name)."""
        names = list(names)
        found = {name: pickle.loads(self.made[name]) for name in names if name in self.made}
        wanted = {self.keys[name]: name for name in names if name not in found and name in self.keys}
        if wanted and self.store is not None:
            found.update((wanted[k], value) for k, value in self.store.get_many(list(wanted)).items())
        missing = [name for name in names if name not in found]
        if missing:
            made = compute(missing)
            found.update(made)
            if self.store is not None:  # kept again, for the next build
                self.store.put_many((self.keys[name], dumps(value)) for name, value in made.items() if name in self.keys)
        return {name: found[name] for name in names}
