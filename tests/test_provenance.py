"""Provenance records: what they hold, and that making one costs a run next to nothing."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError

from regimesim import provenance as prov


def test_library_versions_are_read_once_a_process_not_once_a_run(monkeypatch):
    looked_up = []

    def fake_version(dist):
        looked_up.append(dist)
        if dist == "mesa":
            raise PackageNotFoundError(dist)
        return f"{dist}-1.0"

    monkeypatch.setattr(prov, "version", fake_version)
    prov._version.cache_clear()
    try:
        first = prov.provenance(seed=3)
        second = prov.provenance(seed=4)
    finally:
        prov._version.cache_clear()  # the real versions again for later tests
    assert first["regimesim_version"] == "regimesim-1.0"
    assert first["libraries"] == {
        "numpy": "numpy-1.0",
        "numba": "numba-1.0",
        "mesa": None,
        "pandas": "pandas-1.0",
        "pyarrow": "pyarrow-1.0",
    }
    assert second["libraries"] == first["libraries"] and second["seed"] == 4
    # importlib.metadata parses a METADATA file a call (about 3 ms): six a process, not six a run
    assert sorted(looked_up) == sorted(["regimesim", "numpy", "numba", "mesa", "pandas", "pyarrow"])


def test_the_real_versions_are_recorded():
    import numpy

    record = prov.provenance(seed=0)
    assert record["libraries"]["numpy"] == numpy.__version__
    assert record["regimesim_version"]
