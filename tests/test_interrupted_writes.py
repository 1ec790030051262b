"""Writes cut short in-process, made deterministic (the subprocess tests only hit them by luck).

- a signal while pyarrow writes a Parquet file surfaces once, as the interruption, with no
  traceback printed later and no temporary file left;
- an interruption in the middle of an ensemble part's write leaves no temporary file;
- ``resume`` removes the temporary parts a kill left and reruns exactly the chunks whose output
  part is missing, to the uninterrupted tables.
"""

from __future__ import annotations

import gc
import os
import signal
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from regimesim import _output
from regimesim.ensemble import design_from, read_table, run_ensemble

SMALL = {
    "title": "small",
    "scenarios": ["history"],
    "set": {"scale": 0.01, "end_year": 2012},
    "replicates": 2,
    "seed": 11,
    "factors": {"pressure_escalation": {"values": [0.05, 0.2]}},
    "points": {"method": "factorial"},
    "outputs": {"values": {"pressure": 2012}, "crossing_year": True},
    "chunk_size": 1,
}


def _hidden(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith("."))


@pytest.fixture
def sigint_raises():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_a_signal_inside_a_parquet_writer_surfaces_once_with_no_traceback(
    tmp_path, monkeypatch, sigint_raises
):
    # the signal lands while pyarrow's writer is open (as a SIGTERM can during df.to_parquet):
    # raised there, it leaves the writer open, and its __del__ later closes it onto the closed
    # file -- a traceback on stderr ("Exception ignored in ... ParquetWriter.__del__")
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    df = pd.DataFrame({"a": range(1000), "b": [0.5] * 1000})
    table = pa.Table.from_pandas(df, preserve_index=False)

    def writer(fh):
        w = pq.ParquetWriter(fh, table.schema)
        os.kill(os.getpid(), signal.SIGINT)
        w.write_table(table)
        w.close()

    with pytest.raises(KeyboardInterrupt):
        _output.save(tmp_path / "t.parquet", writer)
    gc.collect()
    assert [str(u.exc_value) for u in unraisable] == []
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary name


def test_an_interruption_in_the_middle_of_a_part_leaves_no_temporary_file(tmp_path, monkeypatch):
    real, calls = pd.DataFrame.to_parquet, []

    def half_then_interrupted(self, fh, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # chunk 1's runs part: bytes written, then Ctrl-C
            fh.write(b"PAR1 half a file")
            fh.flush()
            raise KeyboardInterrupt
        return real(self, fh, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_ensemble(design_from(SMALL), tmp_path / "o", workers=1)
    assert len(calls) == 3
    assert _hidden(tmp_path) == []
    assert sorted(p.name for p in (tmp_path / "o" / "outputs").iterdir()) == ["part-00000.parquet"]
    assert sorted(p.name for p in (tmp_path / "o" / "runs").iterdir()) == ["part-00000.parquet"]


def test_resume_removes_stale_temporary_parts_and_reruns_only_the_missing_chunks(tmp_path):
    d = design_from(SMALL)
    whole = run_ensemble(d, tmp_path / "whole", workers=1)
    cut = run_ensemble(d, tmp_path / "cut", workers=1)
    # as a kill leaves it: chunk 2 killed writing its output part (its runs part is whole), chunk
    # 3 killed writing its runs part; the summary not yet written
    for k in (2, 3):
        (cut / "outputs" / f"part-0000{k}.parquet").unlink()
    (cut / "runs" / "part-00003.parquet").unlink()
    (cut / "summary.parquet").unlink()
    stale = [
        cut / "outputs" / ".part-00002.parquet.part-0123abcd",
        cut / "runs" / ".part-00003.parquet.part-89ef",
    ]
    for p in stale:
        p.write_bytes(b"PAR1 cut short")
    kept = (cut / "outputs" / "part-00000.parquet").stat().st_mtime_ns
    seen = []
    run_ensemble(d, cut, workers=1, resume=True, progress=lambda done, total: seen.append(done))
    # 4 runs in chunks of 1: chunks 0 and 1 are kept, 2 and 3 run again; the first report comes
    # after the first chunk run again (2 kept + 1)
    assert seen[0] == 3
    assert (cut / "outputs" / "part-00000.parquet").stat().st_mtime_ns == kept
    assert _hidden(cut) == []
    for table in ("runs", "outputs", "summary"):
        if table == "summary":
            pd.testing.assert_frame_equal(
                pd.read_parquet(cut / "summary.parquet"), pd.read_parquet(whole / "summary.parquet")
            )
        else:
            pd.testing.assert_frame_equal(read_table(cut, table), read_table(whole, table))
