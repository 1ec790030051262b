"""Benchmarks of regimesim: speed and memory, measured side by side (not part of the package)."""
