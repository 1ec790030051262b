"""The study layer's guards (issue 34): the Morris branch of the convergence verdict, the
screening rule's boundary, the seeds a plugged-in model receives and the EMA model's bounds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from regimesim.ensemble import read_table, run_ensemble
from regimesim.sensitivity import convergence, screened, verdict
from regimesim.study import TestFunction, study_from

ISHIGAMI_MORRIS = {
    "title": "Ishigami, Morris",
    "seed": 11,
    "factors": {"x1": {}, "x2": {}, "x3": {}},
    "outputs": {"y": {}},
    "sensitivity": {"method": "morris", "n": 64, "convergence": [16, 32], "resamples": 200},
}


def _ishigami(study, sample: pd.DataFrame) -> pd.DataFrame:
    """The Ishigami function at each point of ``sample`` (the model's runs, without the engine)."""
    f = TestFunction()
    return pd.DataFrame({"y": [f(dict(zip(study.names, r, strict=True)), 0)["y"] for r in sample.to_numpy()]})


# --- the Morris branch of the convergence verdict --------------------------------------------------


def _morris_table(rows: list[tuple[int, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [("y", n, f, "mu_star", v, c) for n, f, v, c in rows],
        columns=["output", "n", "factor", "index", "value", "conf"],
    )


def test_the_morris_verdict_compares_mu_star_as_a_share_of_the_largest():
    """mu_star has the output's unit: the verdict compares each factor's share of the largest
    mu_star at each size with its share at the full n. Worked out by hand: both factors' mu_star
    grow by 50 %, 30 %, 10 % above their final values (10 and 5) at N = 16, 32, 64, so their shares
    (1 and 0.5) never move and the indices are stable from the first size, though the raw values
    move by up to 5 output units; the widest half-width at n = 128 is 2 / 10 = 0.2 of the largest."""
    study = study_from(
        {**ISHIGAMI_MORRIS, "sensitivity": {"method": "morris", "n": 128}}, model=TestFunction()
    )
    assert study.sensitivity.ladder() == (16, 32, 64, 128)
    rows = []
    for n, s in ((16, 0.5), (32, 0.3), (64, 0.1), (128, 0.0)):
        rows += [(n, "a", 10 * (1 + s), 2.0 * (1 + s)), (n, "b", 5 * (1 + s), 1.0)]
    table = _morris_table(rows).sample(frac=1.0, random_state=3).reset_index(drop=True)
    text = verdict(study, table, "y")
    assert text == (
        "stable within ±0.05 from N = 16 (mu_star as a share of the largest); "
        "widest 95% CI half-width at N = 128: 0.200"
    )
    # b's share 0.6 at N = 16 (0.1 from its final 0.5), 0.54 at N = 32 (within 0.05): stable from 32
    table.loc[(table["n"] == 16) & (table["factor"] == "b"), "value"] = 0.6 * 15
    table.loc[(table["n"] == 32) & (table["factor"] == "b"), "value"] = 0.54 * 13
    assert verdict(study, table, "y").startswith("stable within ±0.05 from N = 32 (mu_star as a share")
    # and a share that still moves at N = 64 (0.44 against 0.5) is not stable
    table.loc[(table["n"] == 64) & (table["factor"] == "b"), "value"] = 0.44 * 11
    assert verdict(study, table, "y").startswith(
        "not shown stable within ±0.05 by N = 128 (mu_star as a share of the largest): from N = 64 an "
        "index still moved by 0.060"
    )


def test_a_stable_morris_study_of_the_ishigami_function_is_called_stable():
    """A Morris study of the Ishigami function (its mu_star of order 7 output units) reaches the
    Morris branch of the verdict through the real pipeline. The expected verdict is worked out
    here from the convergence table: each factor's mu_star divided by the largest at its size, the
    largest change of those shares from the full n's. With 4 levels mu_star takes few values, so
    the shares move by up to about 0.09 between sizes at this seed: the tolerance is 0.15, and
    the raw mu_star still moves by more than 0.5 output units (what an unrescaled verdict sees)."""
    sens = {"method": "morris", "n": 256, "convergence": [64, 128], "tolerance": 0.15, "resamples": 100}
    study = study_from({**ISHIGAMI_MORRIS, "sensitivity": sens}, model=TestFunction())
    sample = study.sample()
    conv = convergence(study, sample, _ishigami(study, sample))
    raw = conv.pivot(index="n", columns="factor", values="value")
    assert list(raw.index) == [64, 128, 256]
    shares = raw.div(raw.max(axis=1), axis=0)
    worst = (shares - shares.loc[256]).abs().max(axis=1)
    assert worst[64] <= 0.15 and worst[128] <= 0.15, worst  # the study is stable from 64 ...
    assert (raw - raw.loc[256]).abs().max(axis=1)[128] > 0.5  # ... in shares, not in output units
    widest = conv[conv["n"] == 256]["conf"].max() / raw.loc[256].max()
    assert verdict(study, conv, "y") == (
        "stable within ±0.15 from N = 64 (mu_star as a share of the largest); "
        f"widest 95% CI half-width at N = 256: {widest:.3f}"
    )


# --- the screening rule ----------------------------------------------------------------------------


def test_screening_keeps_a_factor_whose_interval_reaches_the_cut():
    """Morris screening keeps a factor when mu_star + its half-width reaches ``share`` of the
    largest mu_star (a missing half-width counts as 0). Worked out by hand with share 0.25 of the
    largest 8.0, a cut of 2.0 (every number exact in binary): b (1.5 + 0.5) and d (2.0, no
    interval) sit exactly on it and are kept, c (1.25 + 0.6875) and e (1.75) fall short, f (0.25 +
    3.0) is kept by its interval alone; the kept are sorted by mu_star. Rows of another output or
    another index do not count."""
    rows = [
        ("y", "a", "mu_star", 8.0, 0.5),
        ("y", "b", "mu_star", 1.5, 0.5),
        ("y", "c", "mu_star", 1.25, 0.6875),
        ("y", "d", "mu_star", 2.0, np.nan),
        ("y", "e", "mu_star", 1.75, np.nan),
        ("y", "f", "mu_star", 0.25, 3.0),
        ("y", "g", "sigma", 50.0, 0.0),
        ("z", "a", "mu_star", 100.0, 0.0),
        ("z", "c", "mu_star", 30.0, 0.0),
    ]
    ind = pd.DataFrame(rows, columns=["output", "factor", "index", "value", "conf"])
    assert screened(ind, "y", share=0.25) == ["a", "d", "b", "f"]
    # the default share, 0.1 of 8.0: a cut of 0.8; only g (not a mu_star row) is left out
    assert screened(ind, "y") == ["a", "d", "e", "b", "c", "f"]
    assert screened(ind, "z", share=0.25) == ["a", "c"]  # 30 >= 25
    assert screened(ind, "z", share=0.5) == ["a"]


# --- the seeds of a plugged-in model ---------------------------------------------------------------


class _SeedModel:
    """Hands back the seed it was given (its low 52 bits: exact as a float) and the point's x1."""

    def __init__(self):
        self.factors = {"x1": (0.0, 1.0), "x2": (0.0, 1.0)}

    def __call__(self, point, seed):
        return {"seed_bits": float(seed % 2**52), "x1_seen": float(point["x1"])}


def test_a_plugged_in_model_gets_common_seeds_across_points(tmp_path):
    """Every point's replicate r is run with the same seed, the documented one:
    ``SeedSequence(root, spawn_key=(r,))``'s first 64-bit word shifted right by one (derived here
    with numpy), and with its own point's factor values."""
    raw = {
        "seed": 7,
        "replicates": 3,
        "factors": {"x1": {}, "x2": {}},
        "outputs": {"seed_bits": {}, "x1_seen": {}},
        "discovery": {"output": "x1_seen", "above": 0.5, "n": 10},
    }
    study = study_from(raw, model=_SeedModel())
    sample = study.discovery_sample()
    run_ensemble(study.design(sample), tmp_path / "runs")
    table = read_table(tmp_path / "runs").sort_values("run")
    assert len(table) == 10 * 3 and sorted(set(table["point"])) == list(range(10))
    for r in range(3):
        word = np.random.SeedSequence(7, spawn_key=(r,)).generate_state(1, np.uint64)[0]
        expected = int(word >> np.uint64(1)) % 2**52
        got = table[table["replicate"] == r]["seed_bits"]
        assert len(got) == 10 and (got == float(expected)).all(), (r, got.tolist(), expected)
    np.testing.assert_array_equal(
        table["x1_seen"].to_numpy(), sample["x1"].to_numpy()[table["point"].to_numpy()]
    )
