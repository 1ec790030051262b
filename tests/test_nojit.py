"""The kernels run as plain Python with ``NUMBA_DISABLE_JIT=1`` and give the same results.

This is what makes line coverage of the kernels meaningful (``NUMBA_JIT_COVERAGE`` marks compiled
lines covered even when they never ran): ``NUMBA_DISABLE_JIT=1 python -m pytest --cov`` measures
the rules as Python. Here one small run is compared between the two modes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from regimesim import Schedule, simulate

CASE = {"scale": 0.006, "start_year": 2020, "end_year": 2023, "spinup_years": 1}
SCRIPT = """
import json, sys
from regimesim import simulate, Schedule
case = json.loads(sys.argv[1])
levers = {"build_up": Schedule.from_year(2021, 0.7), "rebuild": Schedule.from_year(2022, 0.5)}
r = simulate(case, levers=levers, seed=5)
print(json.dumps(r.indicators.to_numpy().tolist()))
"""


@pytest.mark.compiled_only
def test_pure_python_run_matches_the_compiled_run():
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(CASE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    python = np.array(json.loads(proc.stdout))
    levers = {"build_up": Schedule.from_year(2021, 0.7), "rebuild": Schedule.from_year(2022, 0.5)}
    compiled = simulate(CASE, levers=levers, seed=5).indicators.to_numpy()
    assert python.shape == compiled.shape
    # float sums may differ in the last bits between LLVM and CPython (environment notes);
    # every draw and decision is the same, so the trajectories agree to rounding
    np.testing.assert_allclose(python, compiled, rtol=1e-9, atol=1e-12)
