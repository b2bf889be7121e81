"""Benchmarks behind ``kg bench``: one module per topic (extract, store, …).

Speed and memory are measured here, with ratios against the alternative where there is
one, never asserted in timed tests.
"""
