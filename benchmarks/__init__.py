"""Benchmarks and reference models of regimesim (not part of the installed package)."""
