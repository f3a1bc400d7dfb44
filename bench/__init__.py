"""Benchmarks: synthetic archives and build timings. Not tests: they only report numbers."""
