"""The intervention mixes of the library rank as the seeds argue, over 20 seeds (digest §5, fact 1).

DRIFT ([DRIFT2025], Aanbeveling 2): "met focus op alleen opbouw blijf je
terugschieten in dezelfde groef" and "Om weg te breken ... is ook om- en afbouw nodig"; the full
mix adds rebuild, build-on and learning. So over the same seeds the full mix is well ahead of
build-up alone and of build-up with phase-out, on the niche share the new practice reaches and on
the crossing year, while phase-out without rebuild does not reach a crossing.

The shipped scenario files run unchanged except for ``scale`` (0.05: 5,000 families and 750
posts, big enough that regional dynamics are not a handful of agents). Orderings are tested on
the distributions over seeds with a one-sided Mann-Whitney U test at the 1% level (20 seeds a
scenario; the test makes no assumption about the shape of the distributions), never on one run.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from regimesim.compare import compare
from regimesim.scenario import Scenario, find_scenario

pytestmark = pytest.mark.slow
MIXES = ("build_up_only", "build_up_and_phase_out", "full_mix")


@pytest.fixture(scope="module")
def outcomes():
    scenarios = [Scenario.load(find_scenario(name)).with_parameters(scale=0.05) for name in MIXES]
    return compare(scenarios, seeds=20, year=2050).outcomes


def _values(outcomes, name, column):
    return outcomes.loc[outcomes["scenario"] == name, column].to_numpy(dtype=float)


@pytest.mark.fact(1)
def test_niche_share_in_2050_rises_with_the_mix(outcomes):
    # 2050: the mixes' levers start in 2027 and the transition takes decades (issue 9, item 5).
    # [DRIFT2025] Aanbeveling 2: build-up and phase-out carry only with rebuild. Phase-out without
    # rebuild takes the niche further than build-up alone -- the bill of ten years of optimising
    # makes the ministries carry it out with urgency, and the old structures go -- but the
    # barriers stand and it does not cross (test below); measured over seeds 0-19: medians
    # 0.049 (build-up alone), 0.142 (with phase-out), 0.311 (full mix). The full mix's step is
    # asked at p < 0.01 against either, and to be larger than 0.05 in the median.
    only, both, full = (_values(outcomes, m, "niche_share_2050") for m in MIXES)
    assert np.median(only) < np.median(both) < np.median(full), (np.median(only), np.median(both))
    assert mannwhitneyu(full, both, alternative="greater").pvalue < 0.01
    assert mannwhitneyu(full, only, alternative="greater").pvalue < 0.01
    assert np.median(full) - max(np.median(only), np.median(both)) > 0.05


@pytest.mark.fact(1)
def test_the_crossing_comes_earlier_and_more_often_with_the_mix(outcomes):
    # a run that never crosses counts as crossing after the horizon (censored at +inf)
    only, both, full = (np.nan_to_num(_values(outcomes, m, "crossing_year"), nan=np.inf) for m in MIXES)
    crossed = [int(np.isfinite(x).sum()) for x in (only, both, full)]
    assert crossed[0] <= crossed[1] <= crossed[2]
    # build-up alone falls back into the same groove: (almost) never a crossing by 2075
    assert crossed[0] <= 2
    # the full mix gives a crossing in most seeds by 2075 (not all: the path is not plannable,
    # issue 9 item 5), well before build-up and phase-out
    assert crossed[2] >= 12
    assert mannwhitneyu(full, both, alternative="less").pvalue < 0.01
