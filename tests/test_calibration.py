"""Orders of magnitude against the CBS child-protection series (``data/``).

The model counts households, CBS counts measures (children), and the rules are stylised, so the
check is on orders of magnitude: the historical default, averaged over 20 seeds, must land within
25% of the published levels (a mis-set duration or coercion rate moves them by 50-100%).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from regimesim import simulate

pytestmark = pytest.mark.slow


def _cbs() -> pd.DataFrame | None:
    here = Path(__file__).resolve()
    for base in (os.environ.get("REGIMESIM_DATA"), here.parents[1] / "data"):
        if base and (Path(base) / "nl_child_protection.csv").exists():
            df = pd.read_csv(Path(base) / "nl_child_protection.csv", dtype=str)
            return df.assign(value=pd.to_numeric(df.value, errors="coerce"))
    return None


CBS = _cbs()


@pytest.fixture(scope="module")
def history():
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(
            pool.map(lambda s: simulate({"scale": 0.05, "end_year": 2023}, seed=s).indicators, range(20))
        )
    return sum(runs) / len(runs)


@pytest.mark.skipif(CBS is None, reason="CBS series (data/) not found")
def test_coercive_measures_stock_and_inflow_match_cbs(history):
    stock = CBS[CBS.series == "measures_stock"]
    years = pd.to_datetime(stock.date).dt.year
    cbs_stock = stock.value[(years >= 2019) & (years <= 2023)].mean()
    model_stock = history.coercive_stock[history.index.year >= 2019].mean()
    assert abs(model_stock / cbs_stock - 1) < 0.25

    inflow = CBS[CBS.series == "measures_inflow"].astype({"date": int})  # yearly flows
    cbs_inflow = inflow.value[(inflow.date >= 2016) & (inflow.date <= 2021)].mean()
    per_year = history.coercive_inflow.groupby(history.index.year).sum()
    model_inflow = per_year.loc[2016:2021].mean()
    assert abs(model_inflow / cbs_inflow - 1) < 0.25
