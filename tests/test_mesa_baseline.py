"""The Mesa baseline of ``benchmarks/`` stays in step with regimesim's rules (issue 11).

The baseline re-implements every rule in plain Python with its own random draws, so the two agree
as distributions over seeds, not run by run. Each check runs both over ``N_SEEDS`` seeds (the
baseline on other seeds than regimesim, so the two samples are independent: different initial
populations and draws), takes each key indicator's mean over the years after the levers start,
and compares the two samples with Welch's t-test. The family of ``len(KEY)`` tests is held at
``FAMILY_ALPHA`` = 1% by Bonferroni: if the baseline computes the same model, the chance that a
seed set fails the check is at most 1% (the seeds are fixed, so the test is deterministic). Its
power is modest by design (a fast test): at that level, with 8 runs a side, a shift of an
indicator's mean by 2.6 seed-to-seed standard deviations is found with 80% probability (noncentral
t, 14 degrees of freedom); smaller discrepancies are the business of the 50-seed study,
``benchmarks/check_mesa_baseline.py`` (0.68 SD per test). The broken baselines below -- families
that never step, a doubled signalling rate, frozen regime layers -- must fail the same check,
which shows that it has the power to see a broken rule.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: `benchmarks`

from benchmarks.mesa_baseline import BaselineModel, Family, run_baseline

from regimesim.indicators import NAMES
from regimesim.scenario import Scenario, find_scenario, run

N_SEEDS = 8
FAMILY_ALPHA = 0.01
#: the indicators the rules feed back on, and the issue's list
KEY = (
    "pressure",
    "regime_strength",
    "niche_share",
    "institutionalised_share",
    "costs",
    "workload",
    "waiting_list",
    "coercive_stock",
    "wellbeing",
    "trust",
    "professionals_new_share",
    "risk_aversion",
)
YEARS = (2027, 2030)  # the months compared: the full mix's levers start in 2027-01


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """The full mix at scale 0.01, 2025-2030 after two spin-up years (all levers move from 2027)."""
    sc = Scenario.load(find_scenario("full_mix"))
    return sc.replace(start=2025, end=2030, scale=0.01).with_parameters(spinup_years=2)


def outcome(df: pd.DataFrame) -> pd.Series:
    """Each key indicator's mean over the compared years."""
    years = df.index.year
    return df.loc[(years >= YEARS[0]) & (years <= YEARS[1]), list(KEY)].mean()


@pytest.fixture(scope="module")
def reference(scenario) -> pd.DataFrame:
    return pd.DataFrame([outcome(run(scenario, seed).indicators) for seed in range(N_SEEDS)])


def baseline(scenario, model_class=BaselineModel) -> pd.DataFrame:
    seeds = range(1000, 1000 + N_SEEDS)  # other seeds than the reference's: independent samples
    return pd.DataFrame([outcome(run_baseline(scenario, s, model_class=model_class)) for s in seeds])


def disagreements(a: pd.DataFrame, b: pd.DataFrame) -> dict[str, float]:
    """Indicators whose means differ by Welch's t-test at the Bonferroni level, with p-values."""
    out = {}
    for name in KEY:
        x, y = a[name].to_numpy(), b[name].to_numpy()
        if np.ptp(x) == 0.0 and np.ptp(y) == 0.0:
            p = 1.0 if x[0] == y[0] else 0.0
        else:
            p = float(stats.ttest_ind(x, y, equal_var=False).pvalue)
        if p < FAMILY_ALPHA / len(KEY):
            out[name] = p
    return out


def test_same_index_and_columns_as_regimesim(scenario):
    short = scenario.replace(start=2025, end=2025).with_parameters(spinup_years=0)
    got = run_baseline(short, 3)
    ref = run(short, 3).indicators
    assert list(got.columns) == list(NAMES)
    assert got.index.equals(ref.index)
    assert np.isfinite(got.to_numpy()).all()
    # the inputs are regimesim's: the same lever intents month by month
    intended = [c for c in NAMES if c.startswith("intended_")]
    np.testing.assert_array_equal(got[intended].to_numpy(), ref[intended].to_numpy())


def test_own_generator_is_seeded(scenario):
    short = scenario.replace(start=2025, end=2025).with_parameters(spinup_years=0)
    a, b, c = run_baseline(short, 5), run_baseline(short, 5), run_baseline(short, 6)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


# 8 reference runs: compiled only (as plain Python, in CI's coverage pass, they would take minutes and
# cover no line of regimesim that other tests miss)
@pytest.mark.compiled_only
def test_baseline_agrees_with_regimesim(scenario, reference):
    assert disagreements(baseline(scenario), reference) == {}


class SignalTwiceAsOften(BaselineModel):
    """Broken on purpose: households are signalled at twice the parameter's rate."""

    def _populate(self, st) -> None:
        self.p = self.p._replace(signal_rate=2.0 * self.p.signal_rate)
        super()._populate(st)


class FrozenRegime(BaselineModel):
    """Broken on purpose: the lock-in rule (regimesim.rules.lockin) never moves the layers."""

    def lockin(self) -> None:
        pass


@pytest.mark.compiled_only
# a frozen quantity gives nearly identical samples: scipy warns, and the p-value is tiny, as it should be
@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
@pytest.mark.parametrize("broken", ["families_never_step", "signal_twice_as_often", "frozen_regime"])
def test_check_fails_on_a_broken_baseline(scenario, reference, broken, monkeypatch):
    model_class = BaselineModel
    if broken == "families_never_step":
        monkeypatch.setattr(Family, "step", lambda self: None)
    elif broken == "signal_twice_as_often":
        model_class = SignalTwiceAsOften
    else:
        model_class = FrozenRegime
    assert disagreements(baseline(scenario, model_class), reference) != {}


#: Kernels the baseline shares rather than ports: they build the initial population, which the
#: baseline takes from :func:`regimesim.initial.build_state` (module docstring of the baseline).
SHARED_WITH_THE_BASELINE = {
    "regimesim.rules.census.initial_census": "the bookkeeping pass that ends build_state",
    "regimesim.rules.governance.ministry_justice": "the ministries' justice shares, drawn once",
}


def _rule_kernels() -> list[tuple[str, str]]:
    """(module, name) of every kernel defined in :mod:`regimesim.rules`: the functions decorated
    with ``kernel`` or ``agent_kernel``, read from the sources (so also when the kernels run as
    plain Python, ``NUMBA_DISABLE_JIT=1``)."""
    import ast

    rules = Path(__file__).resolve().parents[1] / "src" / "regimesim" / "rules"
    found = []
    for path in sorted(rules.glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Name) and d.id in ("kernel", "agent_kernel") for d in node.decorator_list
            ):
                found.append((f"regimesim.rules.{path.stem}", node.name))
    return found


def test_every_rule_kernel_has_its_port_in_the_baseline():
    """The baseline is a port rule by rule: each kernel of ``rules/`` is named where it is ported
    ("Port of :func:`regimesim.rules.m.k`", or ``k`` in double backquotes beside its caller's
    port), so a new or split kernel without a port fails here rather than only, perhaps, in the
    statistical agreement check above."""
    text = (Path(__file__).resolve().parents[1] / "benchmarks" / "mesa_baseline.py").read_text()
    kernels = _rule_kernels()
    assert len(kernels) > 40  # every rule module was found
    unported = [
        f"{module}.{name}"
        for module, name in kernels
        if f"{module}.{name}" not in SHARED_WITH_THE_BASELINE
        and f"{module}.{name}`" not in text
        and f"``{name}``" not in text
    ]
    assert not unported, f"name the port of these kernels in benchmarks/mesa_baseline.py: {unported}"


def test_the_shared_kernels_only_build_the_initial_population():
    """What the baseline shares must not be a monthly rule: only initial.py may call it."""
    src = Path(__file__).resolve().parents[1] / "src" / "regimesim"
    for full in SHARED_WITH_THE_BASELINE:
        name = full.rsplit(".", 1)[1]
        callers = {
            str(p.relative_to(src))
            for p in src.rglob("*.py")
            if p.read_text().count(f"{name}(") > p.read_text().count(f"def {name}(")
        }
        assert callers <= {"initial.py"}, f"{name} is called from {callers}: port it in the baseline"
