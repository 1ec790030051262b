"""Regional outputs: indicator tables per youth-care region and per municipality.

The national table (:mod:`regimesim.indicators`) hides the differences the sources stress
between proeftuinen and regions ([DRIFT2025]: every proeftuin finds its own way). These tables
show them: one row per region (or municipality) and recorded month, one column per indicator of
:data:`REGION_INDICATORS` (or :data:`MUNICIPALITY_INDICATORS`), declared once here.

They are recomputed from the agents' rows (families by their ``region`` and ``municipality``,
posts by their ``region``) by :func:`record_regional`, a kernel that only reads the state: it
draws no random numbers and changes nothing, so a run's national results are identical with
regional output on or off. Both drivers use it: :func:`regimesim.engine.simulate` (``regional=``)
calls it from the compiled loop :func:`run_regional`, :meth:`regimesim.model.RegimeModel.regions`
on the current state.

As in the national table, counts (families, posts) are at the Dutch scale (simulated count /
``scale``), so summing a count over regions gives the national indicator of the same month, and
a region's mean weighted by its count (families, occupied posts, municipalities) gives the
national mean. Incidents are drawn nationally (:mod:`regimesim.rules.risk_reflex`), so they have
no regional column.

Memory: ``n_units x n_records x n_indicators`` float64. Monthly output of the 342 municipalities
over 36 years is 342 x 432 x 13 x 8 bytes = 15 MB (the 42 regions add 3 MB); yearly output
(``regional="year"``, each December) is 12 times smaller.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regimesim._numba import kernel
from regimesim.indicators import Indicator, column, record
from regimesim.state import COERCIVE, NEW, VOLUNTARY, WAITING, State
from regimesim.step import step

#: Indicators of one youth-care region (one row a region and recorded month).
REGION_INDICATORS: tuple[Indicator, ...] = (
    Indicator("families", "families", "households facing unsafety living in the region"),
    Indicator("waiting", "families", "families waiting for help"),
    Indicator("voluntary", "families", "families in voluntary help"),
    Indicator("coercive", "families", "families under a coercive measure"),
    Indicator("niche_share", "0-1", "share of the region's families in help helped the new way"),
    Indicator("wellbeing", "0-1", "mean wellbeing of the region's households"),
    Indicator("trust", "0-1", "mean trust in government of the region's households"),
    Indicator("posts", "posts", "professional posts in the region (occupied or vacant)"),
    Indicator("active_posts", "posts", "occupied posts"),
    Indicator("vacancy_rate", "0-1", "share of the region's posts vacant"),
    Indicator("caseload", "cases/post", "mean cases per occupied post"),
    Indicator("workload", "ratio", "mean workload of occupied posts (1 = sustainable)"),
    Indicator("stress", "0-1", "mean stress of occupied posts"),
    Indicator("professionals_new_share", "0-1", "share of occupied posts practising the new way"),
    Indicator("burnout_share", "0-1", "share of occupied posts whose holder is burnt out"),
    Indicator("access", "0-1", "room to practise the new way (experimental space or institutions)"),
    Indicator("proeftuin_active", "0/1", "1 if the region's proeftuin has started"),
    Indicator("proeftuin_maturity", "0-1", "maturity of the proeftuin's new practice (NaN: none)"),
    Indicator("innovator_energy", "0-1", "innovator energy of the proeftuin (NaN: none)"),
    Indicator("experimental_space", "0-1", "experimental space of the proeftuin (NaN: none)"),
    Indicator("municipalities", "count", "municipalities in the region"),
    Indicator("budget_stress", "ratio", "mean overspend of its municipalities (0 = on budget)"),
    Indicator("costs", "M EUR/year", "annualised cost of families' help"),
)
#: Indicators of one municipality (one row a municipality and recorded month).
MUNICIPALITY_INDICATORS: tuple[Indicator, ...] = (
    Indicator("families", "families", "households facing unsafety living in the municipality"),
    Indicator("waiting", "families", "families waiting for help"),
    Indicator("voluntary", "families", "families in voluntary help"),
    Indicator("coercive", "families", "families under a coercive measure"),
    Indicator("cases", "families", "families in help (voluntary + coercive)"),
    Indicator("niche_share", "0-1", "share of its families in help helped the new way"),
    Indicator("wellbeing", "0-1", "mean wellbeing of its households"),
    Indicator("trust", "0-1", "mean trust in government of its households"),
    Indicator("budget_stress", "ratio", "overspend on families' help (0 = on budget)"),
    Indicator("team_capacity", "0-1", "share of needed local-team intake it can fund"),
    Indicator("fallback_use", "0-1", "smoothed share of new-route intakes sent back to the old route"),
    Indicator("in_proeftuin", "0/1", "1 if its region is an active proeftuin"),
    Indicator("costs", "M EUR/year", "annualised cost of families' help"),
)
REGION_NAMES: tuple[str, ...] = tuple(i.name for i in REGION_INDICATORS)
MUNICIPALITY_NAMES: tuple[str, ...] = tuple(i.name for i in MUNICIPALITY_INDICATORS)
N_REGION_INDICATORS = len(REGION_INDICATORS)
N_MUNICIPALITY_INDICATORS = len(MUNICIPALITY_INDICATORS)

# Columns by name (``R_`` / ``M_`` + the indicator's name in capitals), looked up in the
# declarations above: declaring an indicator anywhere in them renumbers nothing by hand.
R_FAMILIES = column("families", REGION_INDICATORS)
R_WAITING = column("waiting", REGION_INDICATORS)
R_VOLUNTARY = column("voluntary", REGION_INDICATORS)
R_COERCIVE = column("coercive", REGION_INDICATORS)
R_NICHE_SHARE = column("niche_share", REGION_INDICATORS)
R_WELLBEING = column("wellbeing", REGION_INDICATORS)
R_TRUST = column("trust", REGION_INDICATORS)
R_POSTS = column("posts", REGION_INDICATORS)
R_ACTIVE_POSTS = column("active_posts", REGION_INDICATORS)
R_VACANCY_RATE = column("vacancy_rate", REGION_INDICATORS)
R_CASELOAD = column("caseload", REGION_INDICATORS)
R_WORKLOAD = column("workload", REGION_INDICATORS)
R_STRESS = column("stress", REGION_INDICATORS)
R_PROFESSIONALS_NEW_SHARE = column("professionals_new_share", REGION_INDICATORS)
R_BURNOUT_SHARE = column("burnout_share", REGION_INDICATORS)
R_ACCESS = column("access", REGION_INDICATORS)
R_PROEFTUIN_ACTIVE = column("proeftuin_active", REGION_INDICATORS)
R_PROEFTUIN_MATURITY = column("proeftuin_maturity", REGION_INDICATORS)
R_INNOVATOR_ENERGY = column("innovator_energy", REGION_INDICATORS)
R_EXPERIMENTAL_SPACE = column("experimental_space", REGION_INDICATORS)
R_MUNICIPALITIES = column("municipalities", REGION_INDICATORS)
R_BUDGET_STRESS = column("budget_stress", REGION_INDICATORS)
R_COSTS = column("costs", REGION_INDICATORS)

M_FAMILIES = column("families", MUNICIPALITY_INDICATORS)
M_WAITING = column("waiting", MUNICIPALITY_INDICATORS)
M_VOLUNTARY = column("voluntary", MUNICIPALITY_INDICATORS)
M_COERCIVE = column("coercive", MUNICIPALITY_INDICATORS)
M_CASES = column("cases", MUNICIPALITY_INDICATORS)
M_NICHE_SHARE = column("niche_share", MUNICIPALITY_INDICATORS)
M_WELLBEING = column("wellbeing", MUNICIPALITY_INDICATORS)
M_TRUST = column("trust", MUNICIPALITY_INDICATORS)
M_BUDGET_STRESS = column("budget_stress", MUNICIPALITY_INDICATORS)
M_TEAM_CAPACITY = column("team_capacity", MUNICIPALITY_INDICATORS)
M_FALLBACK_USE = column("fallback_use", MUNICIPALITY_INDICATORS)
M_IN_PROEFTUIN = column("in_proeftuin", MUNICIPALITY_INDICATORS)
M_COSTS = column("costs", MUNICIPALITY_INDICATORS)

#: Allowed values of ``regional=`` and the months between two records.
FREQUENCIES = {"month": 1, "year": 12}


@kernel
def record_families(fam, reg_out, mun_out) -> None:
    """The families' columns of the (zeroed) region and municipality rows, counts unscaled."""
    # the share and mean columns accumulate first: new-route cases, wellbeing and trust sums
    for f in range(fam.status.shape[0]):
        r = fam.region[f]
        m = fam.municipality[f]
        st_f = fam.status[f]
        reg_out[r, R_FAMILIES] += 1.0
        mun_out[m, M_FAMILIES] += 1.0
        reg_out[r, R_WELLBEING] += fam.wellbeing[f]
        mun_out[m, M_WELLBEING] += fam.wellbeing[f]
        reg_out[r, R_TRUST] += fam.trust[f]
        mun_out[m, M_TRUST] += fam.trust[f]
        if st_f == WAITING:
            reg_out[r, R_WAITING] += 1.0
            mun_out[m, M_WAITING] += 1.0
        elif st_f == VOLUNTARY or st_f == COERCIVE:
            if st_f == VOLUNTARY:
                reg_out[r, R_VOLUNTARY] += 1.0
                mun_out[m, M_VOLUNTARY] += 1.0
            else:
                reg_out[r, R_COERCIVE] += 1.0
                mun_out[m, M_COERCIVE] += 1.0
            mun_out[m, M_CASES] += 1.0
            if fam.route[f] == NEW:
                reg_out[r, R_NICHE_SHARE] += 1.0
                mun_out[m, M_NICHE_SHARE] += 1.0
    for r in range(reg_out.shape[0]):
        n = reg_out[r, R_FAMILIES]
        in_help = reg_out[r, R_VOLUNTARY] + reg_out[r, R_COERCIVE]
        reg_out[r, R_NICHE_SHARE] = reg_out[r, R_NICHE_SHARE] / in_help if in_help > 0 else 0.0
        reg_out[r, R_WELLBEING] = reg_out[r, R_WELLBEING] / n if n > 0 else 0.0
        reg_out[r, R_TRUST] = reg_out[r, R_TRUST] / n if n > 0 else 0.0
    for m in range(mun_out.shape[0]):
        n = mun_out[m, M_FAMILIES]
        cases = mun_out[m, M_CASES]
        mun_out[m, M_NICHE_SHARE] = mun_out[m, M_NICHE_SHARE] / cases if cases > 0 else 0.0
        mun_out[m, M_WELLBEING] = mun_out[m, M_WELLBEING] / n if n > 0 else 0.0
        mun_out[m, M_TRUST] = mun_out[m, M_TRUST] / n if n > 0 else 0.0


@kernel
def record_posts(pro, reg, pt, reg_out) -> None:
    """The posts' and proeftuinen's columns of the region rows, counts unscaled."""
    # the means over occupied posts accumulate first as sums
    for j in range(pro.active.shape[0]):
        r = pro.region[j]
        reg_out[r, R_POSTS] += 1.0
        if pro.active[j] == 1:
            reg_out[r, R_ACTIVE_POSTS] += 1.0
            reg_out[r, R_CASELOAD] += pro.caseload[j]
            reg_out[r, R_WORKLOAD] += pro.workload[j]
            reg_out[r, R_STRESS] += pro.stress[j]
            if pro.position[j] > 0.5:
                reg_out[r, R_PROFESSIONALS_NEW_SHARE] += 1.0
            if pro.burnt_out[j] == 1:
                reg_out[r, R_BURNOUT_SHARE] += 1.0
    for r in range(reg_out.shape[0]):
        posts = reg_out[r, R_POSTS]
        act = reg_out[r, R_ACTIVE_POSTS]
        reg_out[r, R_VACANCY_RATE] = 1.0 - act / posts if posts > 0 else 0.0
        for k in (R_CASELOAD, R_WORKLOAD, R_STRESS, R_PROFESSIONALS_NEW_SHARE, R_BURNOUT_SHARE):
            reg_out[r, k] = reg_out[r, k] / act if act > 0 else 0.0
        reg_out[r, R_ACCESS] = reg.access[r]
        if pt.active[r] == 1:
            reg_out[r, R_PROEFTUIN_ACTIVE] = 1.0
            reg_out[r, R_PROEFTUIN_MATURITY] = pt.maturity[r]
            reg_out[r, R_INNOVATOR_ENERGY] = pt.energy[r]
            reg_out[r, R_EXPERIMENTAL_SPACE] = pt.exp_space[r]
        else:
            reg_out[r, R_PROEFTUIN_MATURITY] = np.nan
            reg_out[r, R_INNOVATOR_ENERGY] = np.nan
            reg_out[r, R_EXPERIMENTAL_SPACE] = np.nan


@kernel
def record_municipalities(mun, s, reg_out, mun_out) -> None:
    """The municipalities' budget columns of the municipality and region rows."""
    for m in range(mun.region.shape[0]):
        r = mun.region[m]
        costs = mun.costs[m] * 12.0 / s / 1e6
        reg_out[r, R_MUNICIPALITIES] += 1.0
        reg_out[r, R_BUDGET_STRESS] += mun.budget_stress[m]
        reg_out[r, R_COSTS] += costs
        mun_out[m, M_BUDGET_STRESS] = mun.budget_stress[m]
        mun_out[m, M_TEAM_CAPACITY] = mun.team_capacity[m]
        mun_out[m, M_FALLBACK_USE] = mun.fallback_use[m]
        mun_out[m, M_IN_PROEFTUIN] = mun.in_proeftuin[m]
        mun_out[m, M_COSTS] = costs
    for r in range(reg_out.shape[0]):
        if reg_out[r, R_MUNICIPALITIES] > 0:
            reg_out[r, R_BUDGET_STRESS] /= reg_out[r, R_MUNICIPALITIES]


@kernel
def record_regional(st, p, reg_out, mun_out) -> None:
    """Write the region rows (``reg_out``: regions x :data:`N_REGION_INDICATORS`) and the
    municipality rows (``mun_out``: municipalities x :data:`N_MUNICIPALITY_INDICATORS`) of the
    current state. Reads the state only."""
    s = p.scale
    reg_out[:, :] = 0.0
    mun_out[:, :] = 0.0
    record_families(st.families, reg_out, mun_out)
    record_posts(st.professionals, st.regions, st.proeftuinen, reg_out)
    record_municipalities(st.municipalities, s, reg_out, mun_out)
    # counts at the Dutch scale
    for r in range(reg_out.shape[0]):
        for k in (R_FAMILIES, R_WAITING, R_VOLUNTARY, R_COERCIVE, R_POSTS, R_ACTIVE_POSTS):
            reg_out[r, k] /= s
    for m in range(mun_out.shape[0]):
        for k in (M_FAMILIES, M_WAITING, M_VOLUNTARY, M_COERCIVE, M_CASES):
            mun_out[m, k] /= s


@kernel
def run_regional(st, p, levers, exo, t0, t1, first_recorded, rng, out, every, reg_out, mun_out) -> None:
    """:func:`regimesim.step.run` that also records the regional tables.

    Month ``i = t - first_recorded`` (0-based) is recorded nationally in ``out[i]`` as by
    ``run``; every ``every``-th month (``(i + 1) % every == 0``) also regionally, in
    ``reg_out[k]`` and ``mun_out[k]`` with ``k = (i + 1) // every - 1``.
    """
    for t in range(t0, t1):
        step(st, p, levers[t], exo[t], t, rng)
        if t >= first_recorded:
            i = t - first_recorded
            record(st, p, out[i])
            if (i + 1) % every == 0:
                k = (i + 1) // every - 1
                record_regional(st, p, reg_out[k], mun_out[k])


def check_frequency(regional: object) -> int:
    """Months between two regional records for ``regional`` (``"month"`` or ``"year"``)."""
    if isinstance(regional, str) and regional in FREQUENCIES:
        return FREQUENCIES[regional]
    allowed = ", ".join(repr(k) for k in FREQUENCIES)
    raise ValueError(f"regional must be one of {allowed} or None (no regional output), got {regional!r}")


def allocate(state: State, n_records: int) -> tuple[np.ndarray, np.ndarray]:
    """Zeroed arrays for ``n_records`` records of the region and municipality tables."""
    n_reg = state.regions.pro_start.shape[0]
    n_mun = state.municipalities.region.shape[0]
    return (
        np.zeros((n_records, n_reg, N_REGION_INDICATORS)),
        np.zeros((n_records, n_mun, N_MUNICIPALITY_INDICATORS)),
    )


def frames(
    reg_out: np.ndarray, mun_out: np.ndarray, labels: pd.Index, mun_region: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tidy tables of recorded arrays: one row a unit and record, labelled by ``labels``.

    ``labels`` (one per record) is a ``PeriodIndex`` named ``month`` or an integer index named
    ``year``; it becomes the first column, then ``region`` (and for municipalities
    ``municipality``, ``region``), then the indicators.
    """
    n_rec, n_reg, _ = reg_out.shape
    n_mun = mun_out.shape[1]
    when = labels.name

    def tidy(values: np.ndarray, ids: dict[str, np.ndarray], names: tuple[str, ...], n: int):
        frame = pd.DataFrame(values.reshape(n_rec * n, len(names)), columns=list(names))
        head = pd.DataFrame({when: labels.repeat(n), **{k: np.tile(v, n_rec) for k, v in ids.items()}})
        return pd.concat([head, frame], axis=1)

    regions = tidy(reg_out, {"region": np.arange(n_reg)}, REGION_NAMES, n_reg)
    munis = tidy(
        mun_out,
        {"municipality": np.arange(n_mun), "region": np.asarray(mun_region, dtype=np.int64)},
        MUNICIPALITY_NAMES,
        n_mun,
    )
    return regions, munis


def record_labels(timeline_index: pd.PeriodIndex, every: int) -> pd.Index:
    """Labels of the records made every ``every`` months of a run with months ``timeline_index``."""
    months = timeline_index[every - 1 :: every]
    if every == 12:
        return pd.Index(months.year.astype(np.int64), name="year")
    return months.rename("month")
