"""The result store's keys: a key made in two steps (the shared first parts hashed once) is
the key made in one, and no two lists of parts give the same key."""

from __future__ import annotations

import hashlib

from builder import store


def test_a_key_in_two_steps_is_the_key_in_one():
    parts = ["fingerprint", "document", b"\x00raw bytes\xff", "caf\u00e9", ""]
    whole = store.key(*parts)
    for cut in range(len(parts) + 1):
        shared = store.hashed(*parts[:cut])
        assert store.key_after(shared, *parts[cut:]) == whole
        assert store.key_after(shared, *parts[cut:]) == whole  # the shared hash is left as it was


def test_the_key_is_the_hash_of_the_length_prefixed_parts():
    expected = hashlib.sha256(b"".join(len(p).to_bytes(8, "big") + p for p in (b"ab", "c\u00e9".encode()))).hexdigest()
    assert store.key(b"ab", "c\u00e9") == expected


def test_parts_split_differently_give_different_keys():
    keys = [store.key("ab", "c"), store.key("a", "bc"), store.key("abc"), store.key("abc", ""), store.key("", "abc")]
    assert len(set(keys)) == len(keys)
