"""Values made a chunk at a time, and work cut in two (for emit.reuse.Groups)."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

Made = dict[str, object] | Iterator[dict[str, object]]
"""What a group's maker returns (see :meth:`Groups.add`)."""


def chunks(made: Made) -> Iterable[dict[str, object]]:
    """What a maker returned, as the chunks it gave: one dict, or each of them in turn."""
    return [made] if isinstance(made, dict) else made


def halves(names: list[str], cost: Callable[[str], float]) -> tuple[list[str], list[str]]:
    """``names`` in two shares of about the same ``cost``, the costliest first, each to the share
    that costs less so far (the first, on a tie); each share in the order of ``names``."""
    costs = [cost(name) for name in names]
    shares: tuple[list[int], list[int]] = ([], [])
    totals = [0.0, 0.0]
    for i in sorted(range(len(names)), key=lambda i: -costs[i]):
        share = 0 if totals[0] <= totals[1] else 1
        shares[share].append(i)
        totals[share] += costs[i]
    return [names[i] for i in sorted(shares[0])], [names[i] for i in sorted(shares[1])]


CHUNK = 200
"""Values a maker that makes them one by one gives to be stored at once (:func:`in_chunks_of`)."""


def in_chunks_of(made: Iterable[tuple[str, object]], size: int | None = None) -> Iterator[dict[str, object]]:
    """(name, value) pairs, as they are made, in dicts of at most ``size`` (default
    :data:`CHUNK`): what a maker returns to have each stored before the next are made."""
    size = size or CHUNK
    chunk: dict[str, object] = {}
    for name, value in made:
        chunk[name] = value
        if len(chunk) >= size:
            yield chunk
            chunk = {}
    if chunk:
        yield chunk
