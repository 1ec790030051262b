"""Initialisation: the state in January of the first spin-up year.

All random draws come from the run's generator, in a fixed order, so that the same seed gives the
same initial state in both drivers. Municipality sizes are log-normal (Dutch municipalities range
from about a thousand to nearly a million inhabitants); families are spread over municipalities
in proportion, municipalities over youth-care regions (each region at least one), professional
posts over regions in proportion to their families (each region at least two, contiguous rows so
a region's posts are a slice). The proeftuin tranches go to regions drawn in proportion to size
(the first tranche held the large urban regions: ``data/``, proeftuin_region). Families'
statuses start from rough national shares and settle during the spin-up.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from regimesim.lever_columns import N_LEVERS
from regimesim.parameters import Parameters
from regimesim.rules.census import initial_census
from regimesim.rules.governance import commitment_target, ministry_justice
from regimesim.rules.learning import ministry_stance
from regimesim.state import (
    BUDGET_FACTOR,
    COERCIVE,
    CULTURE,
    INSTITUTIONALISED,
    KNOWLEDGE_POOL,
    N_AGG,
    N_FLOW,
    N_REGIME,
    OPTIMISATION,
    PRACTICE,
    PRESSURE,
    PROTOCOL,
    SALIENCE,
    STRUCTURE,
    VOLUNTARY,
    Families,
    Ministries,
    Municipalities,
    Proeftuinen,
    Professionals,
    Regions,
    State,
)

#: Rough initial shares of households by status (none, waiting, voluntary, coercive).
INITIAL_STATUS_SHARES = (0.42, 0.10, 0.18, 0.30)
NOT_SCHEDULED = -1


def _allocate(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Integer counts summing to ``total``, proportional to ``weights`` (largest remainder)."""
    n = weights.shape[0]
    counts = np.full(n, minimum, dtype=np.int64)
    rest = total - minimum * n
    if rest < 0:
        raise ValueError(f"cannot give {minimum} each to {n} groups out of {total}")
    share = weights / weights.sum() * rest
    base = np.floor(share).astype(np.int64)
    counts += base
    left = rest - int(base.sum())
    if left > 0:
        order = np.argsort(-(share - base), kind="stable")
        counts[order[:left]] += 1
    return counts


class _Layout(NamedTuple):
    """How the population is laid out: municipalities in regions, families and posts in them."""

    mun_region: np.ndarray  # region of each municipality
    fam_per_mun: np.ndarray  # families in each municipality
    fam_per_reg: np.ndarray  # families in each region (float, from a bincount)
    pro_per_reg: np.ndarray  # posts in each region
    pro_start: np.ndarray  # first post row of each region


def _layout(p: Parameters, n_fam: int, n_pro: int, rng: np.random.Generator) -> _Layout:
    """Municipality sizes (log-normal), municipalities over regions (each region at least one),
    families over municipalities in proportion, posts over regions in proportion (at least two)."""
    n_mun, n_reg = p.n_municipalities, p.n_regions
    mun_weight = rng.lognormal(0.0, 1.0, size=n_mun)
    mun_region = np.empty(n_mun, dtype=np.int32)
    mun_region[:n_reg] = np.arange(n_reg)
    mun_region[n_reg:] = rng.integers(0, n_reg, size=n_mun - n_reg)
    fam_per_mun = _allocate(n_fam, mun_weight)
    fam_per_reg = np.bincount(mun_region, weights=fam_per_mun, minlength=n_reg)
    pro_per_reg = _allocate(n_pro, fam_per_reg + 1e-9, minimum=2)
    pro_start = np.concatenate(([0], np.cumsum(pro_per_reg)[:-1])).astype(np.int32)
    return _Layout(mun_region, fam_per_mun, fam_per_reg, pro_per_reg, pro_start)


def _families(kp, lay: _Layout, n_fam: int, rng: np.random.Generator) -> Families:
    """Families: unsafety (beta), status (the initial shares) and, for those in help, a post of
    their region."""
    fam_mun = np.repeat(np.arange(lay.fam_per_mun.shape[0], dtype=np.int32), lay.fam_per_mun)
    fam_reg = lay.mun_region[fam_mun].astype(np.int32)
    a = kp.unsafety_concentration * kp.unsafety_mean
    b = kp.unsafety_concentration * (1.0 - kp.unsafety_mean)
    unsafety = rng.beta(a, b, size=n_fam)
    status = rng.choice(4, size=n_fam, p=INITIAL_STATUS_SHARES).astype(np.int8)
    in_help = (status == VOLUNTARY) | (status == COERCIVE)
    professional = np.full(n_fam, -1, dtype=np.int32)
    offsets = rng.random(n_fam)
    region = fam_reg[in_help]
    professional[in_help] = (
        lay.pro_start[region] + (offsets[in_help] * lay.pro_per_reg[region]).astype(np.int64)
    ).astype(np.int32)
    return Families(
        municipality=fam_mun,
        region=fam_reg,
        unsafety=unsafety,
        status=status,
        route=np.zeros(n_fam, dtype=np.int8),
        wellbeing=np.full(n_fam, kp.wellbeing_none),
        trust=np.full(n_fam, kp.trust_initial),
        professional=professional,
        months=np.zeros(n_fam, dtype=np.int32),
        fallback=np.zeros(n_fam, dtype=np.int8),
    )


def _peer_ties(p: Parameters, lay: _Layout, pro_reg: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each post's ``peer_ties`` ties: in its own region with probability ``peer_ties_local``,
    else anywhere; none to itself (-1)."""
    n_pro, k = pro_reg.shape[0], p.peer_ties
    ties = np.full((n_pro, k), -1, dtype=np.int32)
    if k > 0:
        local = rng.random((n_pro, k)) < p.peer_ties_local
        within = lay.pro_start[pro_reg][:, None] + (
            rng.random((n_pro, k)) * lay.pro_per_reg[pro_reg][:, None]
        ).astype(np.int64)
        anywhere = rng.integers(0, n_pro, size=(n_pro, k))
        ties[:] = np.where(local, within, anywhere)
        ties[ties == np.arange(n_pro)[:, None]] = -1  # no tie to oneself
    return ties


def _professionals(p: Parameters, kp, lay: _Layout, rng: np.random.Generator) -> Professionals:
    """Posts, contiguous by region, all filled, with their peer ties and new hires' positions."""
    pro_reg = np.repeat(np.arange(p.n_regions, dtype=np.int32), lay.pro_per_reg)
    n_pro = pro_reg.shape[0]
    ties = _peer_ties(p, lay, pro_reg, rng)
    return Professionals(
        region=pro_reg,
        position=kp.newhire_position * rng.random(n_pro),
        caseload=np.zeros(n_pro, dtype=np.int32),
        workload=np.zeros(n_pro),
        stress=np.full(n_pro, kp.newhire_stress),
        active=np.ones(n_pro, dtype=np.int8),
        vacancy=np.zeros(n_pro, dtype=np.int32),
        tasted_new=np.zeros(n_pro, dtype=np.int8),
        burnt_out=np.zeros(n_pro, dtype=np.int8),
        in_proeftuin=np.zeros(n_pro, dtype=np.int8),
        ties=ties,
    )


def _municipalities(p: Parameters, kp, lay: _Layout) -> Municipalities:
    """Municipalities with budgets at the initial expected cost per family (the spread of budgets
    per family is drawn last, in :func:`build_state`)."""
    n_mun = lay.mun_region.shape[0]
    shares = np.asarray(INITIAL_STATUS_SHARES)
    cost_per_family = (
        shares[1] * kp.cost_waiting + shares[2] * kp.cost_voluntary + shares[3] * kp.cost_coercive
    )
    return Municipalities(
        region=lay.mun_region,
        n_families=lay.fam_per_mun.astype(np.int32),
        budget_stress=np.zeros(n_mun),
        team_capacity=np.ones(n_mun),
        new_route_share=np.zeros(n_mun),
        fallback_use=np.zeros(n_mun),
        in_proeftuin=np.zeros(n_mun, dtype=np.int8),
        waiting=np.zeros(n_mun, dtype=np.int32),
        cases=np.zeros(n_mun, dtype=np.int32),
        budget=lay.fam_per_mun * cost_per_family * p.budget_margin,
        costs=np.zeros(n_mun),
        new_intakes=np.zeros(n_mun, dtype=np.int32),
        fallbacks=np.zeros(n_mun, dtype=np.int32),
    )


def _regions(lay: _Layout) -> Regions:
    """Regions: their slice of posts; everything else is the census's to fill in."""
    n_reg = lay.pro_per_reg.shape[0]
    return Regions(
        pro_start=lay.pro_start,
        pro_count=lay.pro_per_reg.astype(np.int32),
        active_pros=np.zeros(n_reg, dtype=np.int32),
        cases=np.zeros(n_reg, dtype=np.int32),
        waiting=np.zeros(n_reg, dtype=np.int32),
        slots=np.zeros(n_reg),
        position=np.zeros(n_reg),
        intake_prob=np.zeros(n_reg),
        access=np.zeros(n_reg),
    )


def _proeftuinen(
    p: Parameters, lay: _Layout, schedule_steps: dict[str, int], rng: np.random.Generator
) -> Proeftuinen:
    """Proeftuinen, none active yet: the tranches go to regions drawn in proportion to their size."""
    n_reg = p.n_regions
    start = np.full(n_reg, NOT_SCHEDULED, dtype=np.int32)
    n1, n2 = p.proeftuinen_first, p.proeftuinen_second
    if n1 + n2 > 0:
        w = lay.fam_per_reg + 1e-9
        chosen = rng.choice(n_reg, size=n1 + n2, replace=False, p=w / w.sum())
        start[chosen[:n1]] = max(schedule_steps["first"], 0)
        start[chosen[n1:]] = max(schedule_steps["second"], 0)
    return Proeftuinen(
        active=np.zeros(n_reg, dtype=np.int8),
        start=start,
        maturity=np.zeros(n_reg),
        knowledge=np.zeros(n_reg),
        energy=np.zeros(n_reg),
        exp_space=np.zeros(n_reg),
        small_wins=np.zeros(n_reg),
        barriers=np.zeros(n_reg),
        dual_running=np.zeros(n_reg),
        approach=np.zeros(n_reg),
    )


def _ministries(p: Parameters, kp) -> Ministries:
    """The ministries differ by portfolio (rules.governance): risk aversion rests higher on the
    justice side; each starts at the stance and commitment its capacity and risk give."""
    n_min = p.n_ministries
    justice = np.array([ministry_justice(k, n_min) for k in range(n_min)])
    tc0 = float(p.initial_transformative_capacity)
    rho = np.minimum(
        1.0,
        np.maximum(
            0.0, kp.risk_baseline + kp.justice_risk * (justice - 0.5) + kp.risk_pressure * p.initial_pressure
        ),
    )
    stance = [ministry_stance(kp, tc0, float(r)) for r in rho]
    return Ministries(
        risk_aversion=rho,
        transformative_capacity=np.full(n_min, tc0),
        knowledge_weighed=np.zeros(n_min),
        backing=np.array([b for b, _ in stance]),
        space_granted=np.array([g for _, g in stance]),
        participation=np.full(n_min, kp.participation_base),
        justice=justice,
        commitment=np.array([commitment_target(kp, tc0, kp.participation_base, float(r), 0.0) for r in rho]),
    )


def _regime(p: Parameters, kp) -> np.ndarray:
    """The regime's stocks at the start: the three layers at ``initial_regime``, the initial
    pressure, the protocol baseline, a full budget factor, nothing institutionalised."""
    regime = np.zeros(N_REGIME)
    regime[CULTURE] = regime[STRUCTURE] = regime[PRACTICE] = p.initial_regime
    regime[PRESSURE] = p.initial_pressure
    regime[SALIENCE] = 0.0
    regime[PROTOCOL] = kp.protocol_baseline
    regime[INSTITUTIONALISED] = 0.0
    regime[KNOWLEDGE_POOL] = 0.0
    regime[BUDGET_FACTOR] = 1.0
    regime[OPTIMISATION] = 0.0
    return regime


def build_state(params: Parameters, schedule_steps: dict[str, int], rng: np.random.Generator) -> State:
    """A fresh state for ``params``; ``schedule_steps`` gives the absolute steps of the tranches.

    ``schedule_steps`` has keys ``first`` and ``second``: the step (counted from the first spin-up
    month) at which each proeftuin tranche starts. The steps below draw from ``rng`` in this
    order: layout, families, professionals, proeftuinen, budgets, census.
    """
    p = params
    kp = params.kernel()
    n_fam = max(1, round(p.scale * p.n_families_full))
    n_pro = round(p.scale * p.n_professionals_full)
    lay = _layout(p, n_fam, n_pro, rng)
    families = _families(kp, lay, n_fam, rng)
    professionals = _professionals(p, kp, lay, rng)
    municipalities = _municipalities(p, kp, lay)
    st = State(
        ministries=_ministries(p, kp),
        municipalities=municipalities,
        regions=_regions(lay),
        proeftuinen=_proeftuinen(p, lay, schedule_steps, rng),
        professionals=professionals,
        families=families,
        regime=_regime(p, kp),
        agg=np.zeros(N_AGG),
        flow=np.zeros(N_FLOW),
        intended=np.zeros(N_LEVERS),
        realised=np.zeros(N_LEVERS),
    )
    # municipalities differ in budget per family (log-normal with mean 1), drawn last so the
    # draws above do not depend on it
    sd = p.budget_spread
    municipalities.budget[:] *= rng.lognormal(-sd * sd / 2.0, sd, size=p.n_municipalities)
    initial_census(st, kp, np.zeros(N_LEVERS), rng)
    return st
