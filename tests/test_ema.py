"""The EMA Workbench adapter (regimesim.ema): uncertainties, levers and outcomes from the
parameter declarations; EMA's experiments give the ensemble engine's results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ema_workbench")

from ema_workbench import perform_experiments

from regimesim.ema import ema_model
from regimesim.ensemble import Design, DesignError, Outputs, read_table, run_ensemble
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario, find_scenario

FIXED = {"scale": 0.01, "end_year": 2012}
OUTPUTS = {"values": {"pressure": 2012}, "means": {"costs": [2011, 2012]}}


def test_the_model_is_built_from_the_declarations():
    model = ema_model("history", uncertainties=["pressure_escalation"], levers=["phase_out"], outputs=OUTPUTS,
                      fixed=FIXED)  # fmt: skip
    u = model.uncertainties["pressure_escalation"]
    p = BY_NAME["pressure_escalation"]
    assert (u.lower_bound, u.upper_bound) == (p.low, p.high)
    lever = model.levers["phase_out"]
    assert (lever.lower_bound, lever.upper_bound) == (0.0, 1.0)
    assert sorted(o.name for o in model.outcomes) == ["costs_2011_2012", "crossing_year", "pressure_2012"]
    with pytest.raises(DesignError, match="pressure_escalation"):
        ema_model("history", uncertainties=["presure_escalation"])
    with pytest.raises(DesignError, match="phase_out"):
        ema_model("history", levers=["phaseout"])


@pytest.mark.compiled_only
def test_perform_experiments_gives_the_engines_outcomes(tmp_path):
    model = ema_model("history", uncertainties={"pressure_escalation": (0.05, 0.3)}, levers=["build_up"],
                      outputs=OUTPUTS, fixed=FIXED, seed=5)  # fmt: skip
    experiments, outcomes = perform_experiments(model, scenarios=3, policies=2)
    assert len(experiments) == 6
    points = experiments[["pressure_escalation", "build_up"]].reset_index(drop=True)
    base = Scenario.load(find_scenario("history")).with_parameters(**FIXED)
    outputs = Outputs(values=(("pressure", 2012),), means=(("costs", 2011, 2012),))
    design = Design((base,), points, seeds=(5,), replicates=1, outputs=outputs)
    ours = read_table(run_ensemble(design, tmp_path / "o", workers=2))
    for name in ("pressure_2012", "costs_2011_2012"):
        np.testing.assert_array_equal(ours[name].to_numpy(), np.asarray(outcomes[name], dtype=float))
    assert len(set(ours.pressure_2012)) == 6  # six different experiments
    pd.testing.assert_frame_equal(ours[points.columns], points, check_dtype=False)
