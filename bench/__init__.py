"""Benchmarks: a large generated ward, list and filter timings, GUI launch time."""
