"""Recording the calls a test wants to count, while the function still does its work."""

from __future__ import annotations


def recorded(monkeypatch, owner, name: str, what=lambda *args, **kwargs: args[0]) -> list:
    """From now on (for the test), each call of ``owner.name`` appends ``what(*args, **kwargs)``
    (its first argument, unless told) to the list returned, then runs as before."""
    calls: list = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(what(*args, **kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
