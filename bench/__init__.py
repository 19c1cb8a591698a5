"""Benchmarks for issue #6 (speed at the alliance's size and at 100,000 pages).

Not tests: they print figures. See docs/performance.md for the commands and results.
"""
