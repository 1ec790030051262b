"""Regional outputs: per-region and per-municipality tables that add up to the national table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regimesim import RegimeModel, Schedule, simulate
from regimesim.cli import main
from regimesim.regional import MUNICIPALITY_NAMES, REGION_NAMES
from regimesim.state import A_STRESS, COERCIVE, NEW, VOLUNTARY, WAITING, states_equal

SHORT = {"scale": 0.02, "start_year": 2019, "end_year": 2024}  # spans the 2021/2022 tranches
LEVERS = {"build_up": Schedule.from_year(2021, 0.8), "phase_out": Schedule.from_year(2022, 0.5)}
SEED = 5


@pytest.fixture(scope="module")
def monthly():
    return simulate(SHORT, levers=LEVERS, seed=SEED, regional="month")


def _weighted(df: pd.DataFrame, column: str, weight: pd.Series) -> pd.Series:
    """Mean of ``column`` per month weighted by ``weight``."""
    w = df[column] * weight
    return w.groupby(df["month"]).sum() / weight.groupby(df["month"]).sum()


def test_region_counts_sum_to_the_national_counts(monthly):
    regions, ind = monthly.regions, monthly.indicators
    sums = regions.groupby("month")[["waiting", "voluntary", "coercive", "costs"]].sum()
    assert list(sums.index) == list(ind.index)
    # both at the Dutch scale (simulated count / scale), as the national indicators are
    np.testing.assert_allclose(sums["waiting"], ind["waiting_list"], rtol=1e-12)
    np.testing.assert_allclose(sums["voluntary"], ind["voluntary_stock"], rtol=1e-12)
    np.testing.assert_allclose(sums["coercive"], ind["coercive_stock"], rtol=1e-12)
    np.testing.assert_allclose(sums["costs"] / 1e3, ind["costs"], rtol=1e-9)  # M EUR vs bn EUR
    assert ind["waiting_list"].min() > 0 and ind["coercive_stock"].min() > 0  # not vacuous
    active = regions.groupby("month")["proeftuin_active"].sum()
    np.testing.assert_array_equal(active, ind["active_proeftuinen"])
    assert active.iloc[0] == 0 and active.iloc[-1] > 0


def test_region_means_weighted_by_their_counts_give_the_national_means(monthly):
    r, ind = monthly.regions, monthly.indicators
    in_help = r["voluntary"] + r["coercive"]
    np.testing.assert_allclose(_weighted(r, "niche_share", in_help), ind["niche_share"], atol=1e-12)
    for col, nat in [
        ("caseload", "caseload"),
        ("workload", "workload"),
        ("professionals_new_share", "professionals_new_share"),
        ("burnout_share", "burnout_share"),
    ]:
        np.testing.assert_allclose(_weighted(r, col, r["active_posts"]), ind[nat], atol=1e-12, err_msg=col)
    np.testing.assert_allclose(_weighted(r, "vacancy_rate", r["posts"]), ind["vacancy_rate"], atol=1e-12)
    for col in ("wellbeing", "trust"):
        np.testing.assert_allclose(_weighted(r, col, r["families"]), ind[col], atol=1e-12, err_msg=col)
    budget = _weighted(r, "budget_stress", r["municipalities"])
    np.testing.assert_allclose(budget, ind["budget_stress"], atol=1e-12)
    # proeftuin columns are NaN where none is active: their plain mean is the national one
    for col, nat in [("experimental_space", "experimental_space"), ("innovator_energy", "innovator_energy")]:
        mean = r.groupby("month")[col].mean().fillna(0.0)  # national: 0 with no proeftuin
        np.testing.assert_allclose(mean, ind[nat], atol=1e-12, err_msg=col)
    assert r.loc[r["proeftuin_active"] == 0, "proeftuin_maturity"].isna().all()
    assert r.loc[r["proeftuin_active"] == 1, "proeftuin_maturity"].notna().all()
    # mean stress is not a national indicator: compare with the census aggregate of the last month
    last = r[r["month"] == r["month"].iloc[-1]]
    stress = (last["stress"] * last["active_posts"]).sum() / last["active_posts"].sum()
    assert stress == pytest.approx(monthly.state.agg[A_STRESS], abs=1e-12)
    # the regions differ (the point of the table)
    assert last["niche_share"].std() > 0 and last["workload"].std() > 0


def test_last_month_recomputed_independently_from_the_final_state(monthly):
    st, s = monthly.state, monthly.params.scale
    fam, mun = st.families, st.municipalities
    n_reg, n_mun = len(st.regions.pro_start), len(mun.region)
    reg = monthly.regions[monthly.regions["month"] == monthly.regions["month"].iloc[-1]]
    muni = monthly.municipalities[monthly.municipalities["month"] == reg["month"].iloc[0]]
    for status, col in [(WAITING, "waiting"), (VOLUNTARY, "voluntary"), (COERCIVE, "coercive")]:
        by_region = np.bincount(fam.region[fam.status == status], minlength=n_reg) / s
        by_mun = np.bincount(fam.municipality[fam.status == status], minlength=n_mun) / s
        np.testing.assert_array_equal(reg[col].to_numpy(), by_region, err_msg=col)
        np.testing.assert_array_equal(muni[col].to_numpy(), by_mun, err_msg=col)
    np.testing.assert_array_equal(reg["families"], np.bincount(fam.region, minlength=n_reg) / s)
    in_help = (fam.status == VOLUNTARY) | (fam.status == COERCIVE)
    new = np.bincount(fam.municipality[in_help & (fam.route == NEW)], minlength=n_mun)
    cases = np.bincount(fam.municipality[in_help], minlength=n_mun)
    share = np.divide(new, cases, out=np.zeros(n_mun), where=cases > 0)
    np.testing.assert_allclose(muni["niche_share"], share, atol=1e-12)
    np.testing.assert_array_equal(muni["cases"], cases / s)
    for col in ("budget_stress", "team_capacity", "fallback_use"):
        np.testing.assert_array_equal(muni[col], getattr(mun, col), err_msg=col)
    np.testing.assert_array_equal(muni["in_proeftuin"], mun.in_proeftuin)
    np.testing.assert_array_equal(reg["proeftuin_active"], st.proeftuinen.active)
    pros = st.professionals
    np.testing.assert_array_equal(reg["posts"], np.bincount(pros.region, minlength=n_reg) / s)
    np.testing.assert_array_equal(
        reg["active_posts"], np.bincount(pros.region[pros.active == 1], minlength=n_reg) / s
    )


def test_ids_cover_every_region_and_municipality_every_month(monthly):
    st = monthly.state
    n_reg, n_mun = len(st.regions.pro_start), len(st.municipalities.region)
    regions, munis = monthly.regions, monthly.municipalities
    assert list(regions.columns) == ["month", "region", *REGION_NAMES]
    assert list(munis.columns) == ["month", "municipality", "region", *MUNICIPALITY_NAMES]
    n_months = len(monthly.indicators)
    assert len(regions) == n_months * n_reg and len(munis) == n_months * n_mun
    for _, group in regions.groupby("month"):
        assert sorted(group["region"]) == list(range(n_reg))
    for _, group in munis.groupby("month"):
        assert sorted(group["municipality"]) == list(range(n_mun))
        np.testing.assert_array_equal(group.sort_values("municipality")["region"], st.municipalities.region)
    assert isinstance(regions["month"].dtype, pd.PeriodDtype)


def test_municipality_rows_sum_to_their_region_rows(monthly):
    munis, regions = monthly.municipalities, monthly.regions
    cols = ["families", "waiting", "voluntary", "coercive", "costs"]
    sums = munis.groupby(["month", "region"])[cols].sum()
    sums["municipalities"] = munis.groupby(["month", "region"]).size()
    sums["budget_stress"] = munis.groupby(["month", "region"])["budget_stress"].mean()
    by_region = regions.set_index(["month", "region"])
    for col in [*cols, "municipalities", "budget_stress"]:
        np.testing.assert_allclose(
            sums[col].to_numpy(),
            by_region.loc[sums.index, col].to_numpy(),
            rtol=1e-12,
            atol=1e-12,
            err_msg=col,
        )
    np.testing.assert_allclose(munis["cases"], munis["voluntary"] + munis["coercive"], rtol=1e-12)
    # a municipality is in a proeftuin exactly when its region's proeftuin is active
    joined = munis.merge(regions[["month", "region", "proeftuin_active"]], on=["month", "region"])
    assert (joined["in_proeftuin"] == joined["proeftuin_active"]).all()


@pytest.mark.compiled_only
def test_national_results_identical_with_regional_output_on_or_off(monthly):
    off = simulate(SHORT, levers=LEVERS, seed=SEED)
    yearly = simulate(SHORT, levers=LEVERS, seed=SEED, regional="year")
    assert off.regions is None and off.municipalities is None
    for res in (monthly, yearly):
        np.testing.assert_array_equal(res.indicators.to_numpy(), off.indicators.to_numpy())
        assert states_equal(res.state, off.state)
    # yearly records are the December rows of the monthly ones, labelled by year
    dec = monthly.regions[monthly.regions["month"].dt.month == 12]
    assert list(yearly.regions.columns) == ["year", "region", *REGION_NAMES]
    assert list(yearly.regions["year"].unique()) == list(range(2019, 2025))
    np.testing.assert_array_equal(
        yearly.regions[list(REGION_NAMES)].to_numpy(), dec[list(REGION_NAMES)].to_numpy()
    )
    dec_m = monthly.municipalities[monthly.municipalities["month"].dt.month == 12]
    np.testing.assert_array_equal(
        yearly.municipalities[list(MUNICIPALITY_NAMES)].to_numpy(), dec_m[list(MUNICIPALITY_NAMES)].to_numpy()
    )


def test_progress_bar_run_records_the_same_regional_tables(monthly):
    res = simulate(SHORT, levers=LEVERS, seed=SEED, regional="month", progress=True)
    pd.testing.assert_frame_equal(res.regions, monthly.regions)
    pd.testing.assert_frame_equal(res.municipalities, monthly.municipalities)


def test_model_view_equals_the_recorded_month_of_simulate(monthly):
    model = RegimeModel(SHORT, levers=LEVERS, seed=SEED)
    with pytest.raises(RuntimeError, match="after the first step"):
        model.regions()
    checked = 0
    while model.running:
        model.step()
        if model.month in (1, 30, len(monthly.indicators)):
            month = model.timeline.index()[model.month - 1]
            for view, table in (
                (model.regions(), monthly.regions),
                (model.municipalities(), monthly.municipalities),
            ):
                expected = table[table["month"] == month].reset_index(drop=True)
                assert len(expected) > 0
                pd.testing.assert_frame_equal(view, expected)
            checked += 1
    assert checked == 3


@pytest.mark.parametrize("bad", ["weekly", "Month", 12, True, ""])
def test_bad_regional_value_names_the_allowed_values(bad):
    with pytest.raises(ValueError, match=r"regional must be one of 'month', 'year' or None.*got"):
        simulate(SHORT, seed=1, regional=bad)


@pytest.mark.compiled_only
def test_scenario_run_passes_regional_through():
    from regimesim.scenario import Scenario, find_scenario, run

    sc = Scenario.load(find_scenario("history")).replace(scale=0.02, start=2019, end=2020)
    res = run(sc, seed=2, regional="year")
    assert list(res.regions["year"].unique()) == [2019, 2020]
    direct = simulate(**sc.inputs(), seed=2, regional="year")
    pd.testing.assert_frame_equal(res.regions, direct.regions)
    pd.testing.assert_frame_equal(res.municipalities, direct.municipalities)
    assert run(sc, seed=2).regions is None
    with pytest.raises(ValueError, match="'month', 'year'"):
        run(sc, seed=2, regional="decade")


def test_cli_writes_regions_and_municipalities_parquet(tmp_path, capsys):
    fast = ["--set", "scale=0.02", "--set", "start_year=2019", "--until", "2020", "-q", "--seed", "3"]
    out = tmp_path / "yearly"
    assert main(["run", *fast, "--regional", "year", "--out", str(out)]) == 0
    regions = pd.read_parquet(out / "regions.parquet")
    munis = pd.read_parquet(out / "municipalities.parquet")
    assert list(regions.columns) == ["year", "region", *REGION_NAMES]
    assert list(munis.columns) == ["year", "municipality", "region", *MUNICIPALITY_NAMES]
    national = pd.read_parquet(out / "indicators.parquet")
    december = national[national.index.month == 12]
    np.testing.assert_allclose(regions.groupby("year")["waiting"].sum(), december["waiting_list"], rtol=1e-12)

    out = tmp_path / "monthly"
    assert main(["run", *fast, "--regional", "--out", str(out)]) == 0  # the default: every month
    regions = pd.read_parquet(out / "regions.parquet")
    assert list(regions.columns) == ["month", "region", *REGION_NAMES]
    assert pd.api.types.is_datetime64_any_dtype(regions["month"])
    assert sorted(regions["month"].unique()) == sorted(pd.read_parquet(out / "indicators.parquet").index)

    out = tmp_path / "plain"
    assert main(["run", *fast, "--out", str(out)]) == 0
    assert not (out / "regions.parquet").exists() and not (out / "municipalities.parquet").exists()

    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["run", *fast, "--regional", "weekly", "--out", str(tmp_path / "bad")])
    assert exc.value.code == 2
    assert "'month', 'year'" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()


def test_named_columns_are_the_positions_of_their_declarations():
    """``R_<NAME>`` / ``M_<NAME>`` is the column of the region / municipality indicator ``name``."""
    from regimesim import regional

    for prefix, names in (("R_", REGION_NAMES), ("M_", MUNICIPALITY_NAMES)):
        constants = {a: getattr(regional, a) for a in vars(regional) if a.startswith(prefix)}
        assert constants == {f"{prefix}{n.upper()}": k for k, n in enumerate(names)}, prefix
        assert all(type(c) is int for c in constants.values())  # compile-time constants


def _per(index: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(index, weights=weights, minlength=n).astype(float)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(len(num)), where=den > 0)


def _expected_regional(st, s: float) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Every regional column of ``st`` computed in numpy from the agents' rows, by name."""
    fam, pro, mun, pt = st.families, st.professionals, st.municipalities, st.proeftuinen
    n_reg, n_mun = len(st.regions.pro_start), len(mun.region)
    in_help = (fam.status == VOLUNTARY) | (fam.status == COERCIVE)
    new = in_help & (fam.route == NEW)
    act = pro.active == 1
    fam_r, fam_m = _per(fam.region, n_reg), _per(fam.municipality, n_mun)
    posts, active = _per(pro.region, n_reg), _per(pro.region[act], n_reg)
    n_muns = _per(mun.region, n_reg)
    costs = mun.costs * 12.0 / s / 1e6

    def pt_or_nan(values: np.ndarray) -> np.ndarray:
        return np.where(pt.active == 1, values, np.nan)

    regions = {
        "families": fam_r / s,
        "waiting": _per(fam.region[fam.status == WAITING], n_reg) / s,
        "voluntary": _per(fam.region[fam.status == VOLUNTARY], n_reg) / s,
        "coercive": _per(fam.region[fam.status == COERCIVE], n_reg) / s,
        "niche_share": _ratio(_per(fam.region[new], n_reg), _per(fam.region[in_help], n_reg)),
        "wellbeing": _ratio(_per(fam.region, n_reg, fam.wellbeing), fam_r),
        "trust": _ratio(_per(fam.region, n_reg, fam.trust), fam_r),
        "posts": posts / s,
        "active_posts": active / s,
        "vacancy_rate": 1.0 - _ratio(active, posts),
        "caseload": _ratio(_per(pro.region[act], n_reg, pro.caseload[act]), active),
        "workload": _ratio(_per(pro.region[act], n_reg, pro.workload[act]), active),
        "stress": _ratio(_per(pro.region[act], n_reg, pro.stress[act]), active),
        "professionals_new_share": _ratio(_per(pro.region[act & (pro.position > 0.5)], n_reg), active),
        "burnout_share": _ratio(_per(pro.region[act & (pro.burnt_out == 1)], n_reg), active),
        "access": st.regions.access,
        "proeftuin_active": pt.active.astype(float),
        "proeftuin_maturity": pt_or_nan(pt.maturity),
        "innovator_energy": pt_or_nan(pt.energy),
        "experimental_space": pt_or_nan(pt.exp_space),
        "municipalities": n_muns,
        "budget_stress": _ratio(_per(mun.region, n_reg, mun.budget_stress), n_muns),
        "costs": _per(mun.region, n_reg, costs),
    }
    munis = {
        "families": fam_m / s,
        "waiting": _per(fam.municipality[fam.status == WAITING], n_mun) / s,
        "voluntary": _per(fam.municipality[fam.status == VOLUNTARY], n_mun) / s,
        "coercive": _per(fam.municipality[fam.status == COERCIVE], n_mun) / s,
        "cases": _per(fam.municipality[in_help], n_mun) / s,
        "niche_share": _ratio(_per(fam.municipality[new], n_mun), _per(fam.municipality[in_help], n_mun)),
        "wellbeing": _ratio(_per(fam.municipality, n_mun, fam.wellbeing), fam_m),
        "trust": _ratio(_per(fam.municipality, n_mun, fam.trust), fam_m),
        "budget_stress": mun.budget_stress,
        "team_capacity": mun.team_capacity,
        "fallback_use": mun.fallback_use,
        "in_proeftuin": mun.in_proeftuin.astype(float),
        "costs": costs,
    }
    return regions, munis


def test_record_regional_writes_every_named_column_with_its_quantity():
    """The kernel, called directly, writes each column (by its constant) with the quantity it names."""
    from regimesim import regional

    model = RegimeModel(SHORT, levers=LEVERS, seed=SEED)
    for _ in range(40):  # into 2022: proeftuinen active in some regions, not in others
        model.step()
    st = model.state
    assert 0 < st.proeftuinen.active.sum() < len(st.proeftuinen.active)
    reg_out, mun_out = regional.allocate(st, 1)
    regional.record_regional(st, model.prepared.kernel_params, reg_out[0], mun_out[0])
    regions, munis = _expected_regional(st, model.params.scale)
    assert set(regions) == set(REGION_NAMES) and set(munis) == set(MUNICIPALITY_NAMES)
    for prefix, out, expected in (("R_", reg_out[0], regions), ("M_", mun_out[0], munis)):
        for name, values in expected.items():
            col = getattr(regional, f"{prefix}{name.upper()}")
            np.testing.assert_allclose(out[:, col], values, rtol=1e-12, atol=1e-12, err_msg=name)
