"""Every rule kernel against a slow, obviously-correct twin (``tests/kernel_twins.py``).

The twins are plain Python (loops over rows, ``math``, a little NumPy), written from the formulas
in the rule modules' docstrings and ``docs/model.md``, never from kernel output: no expected value
below was copied from a run. They, the realistic states and the parameter draws live in
``kernel_twins``; this file holds the comparisons.

- Scalar kernels are compared over seeded grids of inputs (0/1 edges and random interior
  points) and over parameter sets drawn within their declared ranges, with ``rtol=1e-12``: twin
  and kernel evaluate the same float formula, so only rounding (the order of operations) may
  differ. The logistic twin is evaluated in 40-digit decimal arithmetic.
- State kernels run on one copy of a realistic, randomly perturbed state and their twin on
  another; then *every* array of the state is compared (integers exactly, floats to rounding),
  so a kernel that writes where it should not is caught too.
- Stochastic kernels have twins that draw from a deep copy of the same ``numpy`` Generator, in
  the kernel's order (numba's Generator draws exactly like NumPy's); the generators must end in
  the same state, so the kernel drew neither more nor less than the twin.
- Where kernel and documentation disagreed, one of them was corrected; no twin follows a
  reading that neither the code nor the docs state.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from kernel_twins import (
    clip,
    grid,
    levers,
    mean3,
    param_sets,
    perturbed,
    prepared,
    sig,
    twin_census,
    twin_coercion_probability,
    twin_diversity,
    twin_dual_running,
    twin_energy,
    twin_fallback_probability,
    twin_families,
    twin_governance,
    twin_incident_hazard,
    twin_incidents,
    twin_landscape,
    twin_learning,
    twin_lockin,
    twin_municipal,
    twin_news_severity,
    twin_news_share,
    twin_niche,
    twin_optimisation,
    twin_pressure,
    twin_professionals,
    twin_protocol_load,
    twin_reflex_response,
    twin_relay_handover,
    twin_response_probability,
    twin_small_wins,
    twin_space,
    twin_stance,
    twin_step,
    twin_strain,
    twin_threshold_response,
    twin_weighing_rate,
    vacant_region_of,
    with_params,
)
from regimesim.lever_columns import (
    L_BUILD_UP,
    L_PHASE_OUT,
    N_EXO,
    N_LEVERS,
    X_DECENTRALISATION,
    X_FORCED_INCIDENTS,
    X_LABOUR,
    X_LANDSCAPE,
    X_SEVERE_INCIDENT,
    X_TRUST_SHOCK,
)
from regimesim.parameters import BY_NAME
from regimesim.rules._common import clip01, logistic, regime_strength
from regimesim.rules.burnout import energy_step
from regimesim.rules.census import census, protocol_load, relay_handover
from regimesim.rules.experimental_space import space_step
from regimesim.rules.fallback import dual_running, fallback_probability
from regimesim.rules.families import coercion_probability, families_step
from regimesim.rules.governance import realise_levers
from regimesim.rules.landscape import landscape_step
from regimesim.rules.learning import learning_step, ministry_stance, niche_diversity, weighing_rate
from regimesim.rules.lockin import lockin_step
from regimesim.rules.municipal import municipal_step
from regimesim.rules.niche import carrying_capacity, niche_step
from regimesim.rules.optimisation import optimisation_step
from regimesim.rules.pressure import pressure_step, strain
from regimesim.rules.professionals import professionals_step, threshold_response
from regimesim.rules.risk_reflex import (
    incident_hazard,
    incidents_and_reflex,
    news_severity,
    news_share,
    reflex_response,
    response_probability,
    severity,
)
from regimesim.rules.small_wins import small_wins_step
from regimesim.state import (
    A_DUAL,
    A_N_ACTIVE_PT,
    A_SPACE,
    COERCIVE,
    F_COERCIVE_IN,
    F_COERCIVE_OUT,
    F_HIRES,
    F_INCIDENTS,
    F_INTAKES,
    F_NEWS,
    F_REPORTS,
    F_RESOLVED,
    F_RESPONSES,
    F_WINS,
    INSTITUTIONALISED,
    NEW,
    NONE,
    OLD,
    STRUCTURE,
    VOLUNTARY,
    WAITING,
    State,
    copy_state,
)
from regimesim.step import step

RTOL = 1e-12  # same formula, so only rounding may differ
ATOL = 1e-13  # for values that cancel to ~0 (a relative tolerance is meaningless there)


# ---------------------------------------------------------------------------------------------
# comparisons
# ---------------------------------------------------------------------------------------------


def assert_same_state(got: State, want: State) -> None:
    """Every array equal: integers exactly, floats to rounding; dtypes unchanged."""
    for part_name, g_part, w_part in zip(State._fields, got, want, strict=True):
        if isinstance(g_part, tuple):
            items = list(zip(g_part._fields, g_part, w_part, strict=True))
        else:
            items = [(None, g_part, w_part)]
        for name, g, w in items:
            label = part_name if name is None else f"{part_name}.{name}"
            assert g.dtype == w.dtype, label
            if np.issubdtype(g.dtype, np.integer):
                np.testing.assert_array_equal(g, w, err_msg=label)
            else:
                np.testing.assert_allclose(g, w, rtol=RTOL, atol=ATOL, err_msg=label)


def same_generator_state(a: np.random.Generator, b: np.random.Generator) -> bool:
    return a.bit_generator.state == b.bit_generator.state


# ---------------------------------------------------------------------------------------------
# scalar kernels
# ---------------------------------------------------------------------------------------------


def test_clip01_over_edges_and_random_points():
    rng = np.random.default_rng(11)
    xs = np.r_[
        -np.inf,
        -1e300,
        -1.0,
        -5e-324,
        -0.0,
        0.0,
        5e-324,
        0.5,
        1 - 2**-53,
        1.0,
        1 + 2**-52,
        2.0,
        1e300,
        np.inf,
        rng.normal(0.5, 1.0, 2000),
    ]
    got = np.array([clip01(x) for x in xs])
    np.testing.assert_array_equal(got, [clip(x) for x in xs])  # exact: no arithmetic at all
    inside = (xs >= 0) & (xs <= 1)
    np.testing.assert_array_equal(got[inside], xs[inside])  # identity on [0, 1]


def test_logistic_matches_high_precision_value():
    rng = np.random.default_rng(12)
    xs = np.r_[
        0.0,
        -0.0,
        1.0,
        -1.0,
        36.0,
        -36.0,
        700.0,
        -700.0,
        5e-324,
        -5e-324,
        rng.normal(0, 3, 1000),
        rng.uniform(-700, 700, 500),
    ]
    got = np.array([logistic(x) for x in xs])
    np.testing.assert_allclose(got, [sig(x) for x in xs], rtol=RTOL, atol=0)
    # far tails: no overflow, the exact limits
    for x in (750.0, 1e3, 1e308, np.inf):
        assert logistic(x) == 1.0
        assert logistic(-x) == 0.0
    assert logistic(0.0) == 0.5
    np.testing.assert_allclose(got + np.array([logistic(-x) for x in xs]), 1.0, rtol=1e-15)


def test_regime_strength_is_the_mean_of_the_three_layers():
    rng = np.random.default_rng(13)
    vectors = [np.zeros(9), np.ones(9)] + [rng.random(9) for _ in range(300)]
    for v in vectors:
        np.testing.assert_allclose(regime_strength(v), mean3(v), rtol=RTOL)
        other = v.copy()
        other[3:] = rng.random(6) * 10  # pressure, salience, ... do not enter
        assert regime_strength(other) == regime_strength(v)


def _check_scalar(kernel, twin, param_names, n_args, seed, scale=None, extra=None, atol=0.0):
    """kernel(p, *row) == twin(p, *row) over the grid, for every parameter set (``atol`` only
    where the formula subtracts, so a result may cancel to ~0)."""
    rows = grid(n_args, seed)
    if scale is not None:
        rows = rows * scale
    p0 = prepared(1).kernel_params
    for p in param_sets(p0, param_names, seed=seed):
        for row in rows:
            args = tuple(float(a) for a in row) + tuple(extra or ())
            np.testing.assert_allclose(
                kernel(p, *args), twin(p, *args), rtol=RTOL, atol=atol, err_msg=f"{kernel.__name__}{args}"
            )


def test_fallback_probability():
    names = [
        "fallback_unsafety",
        "fallback_threshold",
        "fallback_maturity",
        "fallback_backing",
        "fallback_phase_out",
    ]
    _check_scalar(fallback_probability, twin_fallback_probability, names, 4, seed=21)
    p = prepared(1).kernel_params  # the documented directions
    assert fallback_probability(p, 0.9, 0, 0, 0) > fallback_probability(p, 0.1, 0, 0, 0)
    assert fallback_probability(p, 0.9, 1, 1, 1) < fallback_probability(p, 0.9, 0, 0, 0)


@pytest.mark.parametrize("route", [OLD, NEW])
def test_coercion_probability(route):
    names = [
        "coercion_base",
        "coercion_unsafety",
        "coercion_risk",
        "coercion_protocol",
        "coercion_culture",
        "coercion_new_route",
    ]
    _check_scalar(coercion_probability, twin_coercion_probability, names, 4, seed=22 + route, extra=(route,))


def test_carrying_capacity():
    def twin(p, R, B):
        return p.k_min + (1 - p.k_min) * (1 - R) * (1 - p.barrier_cap * B)

    _check_scalar(carrying_capacity, twin, ["k_min", "barrier_cap"], 2, seed=24)
    p = prepared(1).kernel_params
    assert carrying_capacity(p, 1.0, 0.0) == pytest.approx(p.k_min, rel=RTOL)  # full regime
    assert carrying_capacity(p, 0.0, 0.0) == 1.0  # no regime, no barriers: room for all


def test_threshold_response():
    """The peer threshold of complex contagion against its twin over shares, thresholds and
    slopes in range; it runs from 0 (no adopting peer) to 1 (all adopt), rises with the share,
    and is the share itself at slope 0."""
    rows = grid(2, seed=27)
    for slope in (0.0, 0.5, 15.0, 100.0, *np.random.default_rng(27).uniform(0, 100, 3)):
        for share, theta in rows:
            np.testing.assert_allclose(
                threshold_response(share, theta, slope),
                twin_threshold_response(share, theta, slope),
                rtol=RTOL,
                atol=ATOL,
            )
        for theta in (0.0, 0.3, 1.0):
            assert threshold_response(0.0, theta, slope) == pytest.approx(0.0, abs=ATOL)
            assert threshold_response(1.0, theta, slope) == pytest.approx(1.0, rel=RTOL)
            ys = [threshold_response(a, theta, slope) for a in np.linspace(0, 1, 13)]
            assert all(b >= a for a, b in zip(ys, ys[1:], strict=False))
    assert threshold_response(0.4, 0.5, 0.0) == 0.4
    # steep: one adopting peer in six barely pulls, five in six nearly fully
    assert threshold_response(1 / 6, 0.5, 15.0) < 0.01 < 0.99 < threshold_response(5 / 6, 0.5, 15.0)


def test_weighing_rate():
    names = ["weigh_rate", "build_on_legibility", "salience_crowding", "diversity_legibility"]
    # salience up to 2: the crowding saturates at salience 1
    _check_scalar(weighing_rate, twin_weighing_rate, names, 5, seed=25, scale=[1, 1, 1, 2, 1])


def test_niche_diversity():
    """D is 0 for identical approaches, 1 for an even split at 0 and 1 (capped), and only the
    active proeftuinen count."""
    for seed in range(3):
        st = perturbed(seed)
        assert niche_diversity(st.proeftuinen) == pytest.approx(twin_diversity(st.proeftuinen), rel=RTOL)
    pt = perturbed(0, proeftuinen="all").proeftuinen
    pt.approach[:] = 0.3
    assert niche_diversity(pt)[0] == pytest.approx(0.0, abs=1e-12)
    pt.approach[:] = np.arange(pt.approach.size) % 2  # half at 0, half at 1: deviation 0.5 -> 2, capped
    assert niche_diversity(pt)[0] == 1.0
    pt.active[:] = 0
    assert niche_diversity(pt) == (0.0, 0.0)


def test_ministry_stance():
    names = ["backing_base", "backing_tc", "backing_risk", "space_base", "space_tc", "space_risk"]
    _check_scalar(ministry_stance, twin_stance, names, 2, seed=26, atol=ATOL)


def test_reflex_response():
    names = ["dialogue_damping", "tc_damping"]
    for news in (0.0, 1.0, 2.0, 7.0):
        _check_scalar(
            lambda p, d, tc, n=news: reflex_response(p, n, d, tc),
            lambda p, d, tc, n=news: twin_reflex_response(p, n, d, tc),
            names,
            2,
            seed=27,
        )
    p = prepared(1).kernel_params
    assert reflex_response(p, 0.0, 0.0, 0.0) == 0.0  # no news, no reflex


def test_protocol_load():
    _check_scalar(
        protocol_load,
        twin_protocol_load,
        ["protocol_burden", "optimise_time"],
        2,
        seed=28,
        scale=np.array([1.0, 5.0]),
    )
    p = prepared(1).kernel_params
    assert protocol_load(p, 0.0, 0.0) == 1.0  # no protocols, no optimisation: no extra time
    assert protocol_load(p, 0.0, 2.0) > protocol_load(p, 0.0, 1.0)  # optimising eats time


def test_strain():
    for seed in range(4):
        st = perturbed(seed)
        p = prepared(1).kernel_params
        for q in param_sets(
            p,
            [
                "pressure_regime",
                "pressure_waiting",
                "pressure_workload",
                "pressure_incidents",
                "pressure_costs",
                "pressure_escalation",
                "pressure_distrust",
                "pressure_unanchored",
            ],
            seed=seed,
            n_random=1,
        ):
            np.testing.assert_allclose(strain(st, q), twin_strain(st, q), rtol=RTOL)


@pytest.mark.parametrize("vacant", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_incident_hazard(seed, vacant):
    st = perturbed(seed, vacant_region=vacant)
    if vacant:  # a case without a post (not yet handed over) has no workload term
        r = vacant_region_of(st)
        helped = (st.families.region == r) & (st.families.status >= VOLUNTARY)
        st.families.professional[helped] = -1
    for p in param_sets(
        prepared(1).kernel_params, ["incident_base", "incident_waiting", "incident_workload"], seed=seed
    ):
        np.testing.assert_allclose(incident_hazard(st, p), twin_incident_hazard(st, p), rtol=RTOL)


def test_incident_hazard_is_at_most_one_incident_a_household_a_month():
    """Overloaded posts at the top of the ranges: the hazard saturates at one a household (so the
    Poisson count stays finite) instead of growing as exp(incident_workload x (workload - 1))."""
    st = perturbed(0)
    st.professionals.workload[:] = 50.0
    p = prepared(1).kernel_params._replace(incident_base=0.01, incident_workload=10.0)
    n = len(st.families.status)
    total = incident_hazard(st, p)
    assert np.isfinite(total) and 0.1 * n < total <= n
    # below the bound nothing changes: at the defaults the cap is never reached
    st.professionals.workload[:] = 1.0
    q = prepared(1).kernel_params
    u2 = st.families.unsafety.astype(float) ** 2
    untreated = np.isin(st.families.status, (NONE, WAITING))
    np.testing.assert_allclose(
        incident_hazard(st, q),
        (q.incident_base * u2 * np.where(untreated, 1 + q.incident_waiting, 1)).sum(),
        rtol=RTOL,
    )


# ---------------------------------------------------------------------------------------------
# deterministic state kernels: kernel on one copy, twin on another, every array compared
# ---------------------------------------------------------------------------------------------


DETERMINISTIC = {
    "space_step": (lambda st, p, lev, exo: space_step(st, p, lev), twin_space),
    "energy_step": (lambda st, p, lev, exo: energy_step(st, p), lambda st, p, lev: twin_energy(st, p)),
    "dual_running": (lambda st, p, lev, exo: dual_running(st), lambda st, p, lev: twin_dual_running(st)),
    "lockin_step": (lambda st, p, lev, exo: lockin_step(st, p, lev), twin_lockin),
    "pressure_step": (lambda st, p, lev, exo: pressure_step(st, p), lambda st, p, lev: twin_pressure(st, p)),
    "learning_step": (lambda st, p, lev, exo: learning_step(st, p, lev), twin_learning),
    "municipal_step": (
        lambda st, p, lev, exo: municipal_step(st, p),
        lambda st, p, lev: twin_municipal(st, p),
    ),
    "realise_levers": (lambda st, p, lev, exo: realise_levers(st, p, lev), twin_governance),
    "optimisation_step": (lambda st, p, lev, exo: optimisation_step(st, p, lev), twin_optimisation),
}


@pytest.mark.parametrize("name", list(DETERMINISTIC))
@pytest.mark.parametrize("proeftuinen", ["random", "none", "all"])
@pytest.mark.parametrize("lever", [0.0, 1.0, "random"])
@pytest.mark.parametrize("seed", range(2))
def test_deterministic_kernel(name, proeftuinen, lever, seed):
    kernel, twin = DETERMINISTIC[name]
    st = perturbed(seed, proeftuinen=proeftuinen)
    want = copy_state(st)
    p = prepared(1).kernel_params
    lev = levers(lever, seed)
    kernel(st, p, lev, None)
    twin(want, p, lev)
    assert_same_state(st, want)


UNCERTAINTIES = [name for name, par in BY_NAME.items() if par.kind == "uncertainty"]


@pytest.mark.parametrize("how", ["low", "high", "random"])
@pytest.mark.parametrize("name", list(DETERMINISTIC))
def test_deterministic_kernel_across_parameter_ranges(name, how):
    """Every uncertain parameter at its low bound, its high bound, or drawn in its range."""
    kernel, twin = DETERMINISTIC[name]
    rng = np.random.default_rng(31)
    for seed in range(2):
        p = with_params(prepared(1).kernel_params, rng, UNCERTAINTIES, how)
        st = perturbed(seed)
        want = copy_state(st)
        lev = levers("random", seed)
        kernel(st, p, lev, None)
        twin(want, p, lev)
        assert_same_state(st, want)


def test_space_guarantee_is_a_floor_and_inactive_proeftuinen_are_untouched():
    st = perturbed(0)
    before = copy_state(st)
    p = prepared(1).kernel_params
    space_step(st, p, levers(1.0))  # full guarantee: every active proeftuin has all the room
    pt = st.proeftuinen
    assert np.all(pt.exp_space[pt.active == 1] == 1.0)
    inactive = pt.active == 0
    np.testing.assert_array_equal(pt.exp_space[inactive], before.proeftuinen.exp_space[inactive])


@pytest.mark.parametrize("exo_mode", ["quiet", "events", "random"])
def test_landscape_step(exo_mode):
    rng = np.random.default_rng(41)
    st = perturbed(3)
    want = copy_state(st)
    exo = np.zeros(N_EXO)
    if exo_mode == "events":
        exo[[X_DECENTRALISATION, X_LANDSCAPE, X_TRUST_SHOCK]] = 1.0, 0.4, 0.25
    elif exo_mode == "random":
        exo[:] = rng.random(N_EXO) * 2
    p = prepared(1).kernel_params
    landscape_step(st, p, exo)
    twin_landscape(want, p, exo)
    assert_same_state(st, want)


# ---------------------------------------------------------------------------------------------
# census: exact twin, including the hand-overs drawn from the generator
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vacant", [False, True])
@pytest.mark.parametrize("proeftuinen", ["random", "none"])
@pytest.mark.parametrize("seed", range(3))
def test_census(seed, proeftuinen, vacant):
    st = perturbed(seed, proeftuinen=proeftuinen, vacant_region=vacant)
    want = copy_state(st)
    p = prepared(1).kernel_params
    lev = levers("random", seed)
    gen = np.random.default_rng(seed)
    twin_gen = copy.deepcopy(gen)
    census(st, p, lev, gen)
    twin_census(want, p, lev, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    # and the census's own invariants, independently of the twin
    fam, pro = st.families, st.professionals
    helped = fam.status >= VOLUNTARY
    assigned = helped & (fam.professional >= 0)
    assert np.all(pro.active[fam.professional[assigned]] == 1)
    counted = np.bincount(fam.professional[assigned], minlength=pro.active.size)
    np.testing.assert_array_equal(pro.caseload, counted)
    np.testing.assert_array_equal(pro.region[fam.professional[assigned]], fam.region[assigned])
    if vacant:  # nobody to hand the region's cases to: unassigned, and no intake there
        r = vacant_region_of(st)
        assert np.all(fam.professional[helped & (fam.region == r)] == -1)
        assert st.regions.slots[r] == 0 and st.regions.intake_prob[r] == 0
        assert st.regions.active_pros[r] == 0 and st.regions.position[r] == 0
    if proeftuinen == "none":
        assert st.agg[A_N_ACTIVE_PT] == 0 and st.agg[A_SPACE] == 0 and st.agg[A_DUAL] == 0
        vacated = min(1.0, p.phase_out_room * lev[L_PHASE_OUT] * (1 - st.regime[STRUCTURE]))
        closed = (1 - p.space_outside) * (1 - st.regime[INSTITUTIONALISED]) * (1 - vacated)
        np.testing.assert_allclose(st.regions.access, 1 - closed, rtol=RTOL)


@pytest.mark.parametrize("cap", [0.0, 4.0, 1e9])
@pytest.mark.parametrize("seed", range(2))
def test_relay_handover(seed, cap):
    """The relay hand-over on its own, for every family in help in row order (orphaned cases of a
    vacant region, cases never assigned, cases with a worker; all posts full, some, none)."""
    st = perturbed(seed, vacant_region=True, statuses="mixed")
    st.families.professional[np.flatnonzero(st.families.status >= VOLUNTARY)[::7]] = -1  # unassigned
    want = copy_state(st)
    p = prepared(1).kernel_params._replace(handover_harm=0.1)
    gen = np.random.default_rng(700 + seed)
    twin_gen = copy.deepcopy(gen)
    reg, pro, fam = st.regions, st.professionals, st.families
    for f in np.flatnonzero(fam.status >= VOLUNTARY):
        got = relay_handover(reg, pro, fam, p, int(f), cap, gen)
        assert got == twin_relay_handover(want, p, f, cap, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)


# ---------------------------------------------------------------------------------------------
# stochastic kernels: twins drawing from a copy of the same generator
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vacant", [False, True])
@pytest.mark.parametrize("lever", [0.0, 1.0, "random"])
@pytest.mark.parametrize("seed", range(3))
def test_families_step(seed, lever, vacant):
    st = perturbed(seed, vacant_region=vacant)
    p = prepared(1).kernel_params
    census(st, p, levers(lever, seed), np.random.default_rng(seed))  # consistent caseloads
    st.flow[:] = 0.0
    if vacant:  # every waiting household of the all-vacant region passes the intake draw
        r = vacant_region_of(st)
        st.regions.intake_prob[r] = 1.0
    want = copy_state(st)
    lev = levers(lever, seed)
    gen = np.random.default_rng(100 + seed)
    twin_gen = copy.deepcopy(gen)
    families_step(st, p, lev, gen)
    twin_families(want, p, lev, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    fam = st.families  # and a few properties, independently of the twin
    assert st.flow[F_INTAKES] > 0 and st.flow[F_RESOLVED] > 0
    assert np.all(np.isin(fam.status, [NONE, WAITING, VOLUNTARY, COERCIVE]))
    assert np.all(fam.status[fam.route == NEW] >= VOLUNTARY)
    mun = st.municipalities
    assert np.all(mun.fallbacks <= mun.new_intakes)
    if vacant:  # nobody in the region can take a waiting household on
        r = vacant_region_of(st)
        in_r = st.families.region == r
        assert not np.any(in_r & (fam.status >= VOLUNTARY) & (fam.months == 0))


@pytest.mark.parametrize("seed", range(4))
def test_families_step_flows_account_for_the_stocks(seed):
    """Independent of any twin: statuses change only through counted flows."""
    st = perturbed(seed)
    p = prepared(1).kernel_params
    census(st, p, levers(0.5), np.random.default_rng(seed))
    st.flow[:] = 0.0
    fam = st.families
    n = fam.status.size
    n_help, n_coer = (fam.status >= VOLUNTARY).sum(), (fam.status == COERCIVE).sum()
    was_waiting = fam.status == WAITING
    families_step(st, p, levers("random", seed), np.random.default_rng(seed))
    assert fam.status.size == n
    assert (fam.status >= VOLUNTARY).sum() == n_help - st.flow[F_RESOLVED] + st.flow[F_INTAKES]
    net_coercive = st.flow[F_COERCIVE_IN] - st.flow[F_COERCIVE_OUT]
    assert (fam.status == COERCIVE).sum() == n_coer + net_coercive
    taken_on = was_waiting & (fam.status >= VOLUNTARY)
    assert taken_on.sum() == st.flow[F_INTAKES]
    assert np.all(st.professionals.region[fam.professional[taken_on]] == fam.region[taken_on])
    mun = st.municipalities
    assert (taken_on & (fam.route == NEW)).sum() == mun.new_intakes.sum() - mun.fallbacks.sum()


@pytest.mark.parametrize("severe", [0.0, 6.0])
@pytest.mark.parametrize("forced", [0.0, 3.0])
@pytest.mark.parametrize("lever", [0.0, 1.0, "random"])
@pytest.mark.parametrize("seed", range(3))
def test_incidents_and_reflex(seed, lever, forced, severe):
    st = perturbed(seed)
    p = prepared(1).kernel_params
    p = p._replace(news_base=0.3, report_base=1.0)  # enough news and reports to see the reflex work
    exo = np.zeros(N_EXO)
    exo[X_FORCED_INCIDENTS] = forced
    exo[X_SEVERE_INCIDENT] = severe
    lev = levers(lever, seed)
    want = copy_state(st)
    gen = np.random.default_rng(200 + seed)
    twin_gen = copy.deepcopy(gen)
    incidents_and_reflex(st, p, lev, exo, gen)
    twin_incidents(want, p, lev, exo, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    assert st.flow[F_NEWS] > 0
    assert st.flow[F_NEWS] <= st.flow[F_INCIDENTS]
    assert st.flow[F_RESPONSES] <= 2 * (st.flow[F_NEWS] + st.flow[F_REPORTS])  # two ministries


def test_severity_is_pareto_with_mean_one():
    """The severity law: mean 1, tail ``severity_tail`` (P(s > x) = (x_min / x)^a)."""
    p = prepared(1).kernel_params
    u = np.random.default_rng(5).random(200_000)
    s = np.array([severity(p, x) for x in u])
    a = p.severity_tail
    x_min = (a - 1) / a
    assert s.min() >= x_min
    assert abs(s.mean() - 1) < 0.03  # the sample mean of a tail-2.5 Pareto: sd/sqrt(n) ~ 0.005+
    for x in (1.0, 2.0, 4.0):
        assert (s > x).mean() == pytest.approx((x_min / x) ** a, rel=0.1)


@pytest.mark.parametrize("c", [0.01, 0.05, 0.5, 3.0])
def test_publicised_severities_are_the_thinned_severity_law(c):
    """Thinning: drawing every incident and keeping it with chance min(1, c s) gives the same
    share and severities as news_share and news_severity (Monte Carlo against the kernels)."""
    p = prepared(1).kernel_params
    rng = np.random.default_rng(11)
    s = np.array([severity(p, u) for u in rng.random(400_000)])
    kept = s[rng.random(s.size) < np.minimum(1.0, c * s)]
    assert news_share(p, c) == pytest.approx(kept.size / s.size, rel=0.05)
    assert news_share(p, c) == pytest.approx(twin_news_share(p, c), rel=RTOL)
    drawn = np.array([news_severity(p, c, u1, u2) for u1, u2 in rng.random((20_000, 2))])
    for q in (0.25, 0.5, 0.9):  # quantiles within Monte Carlo error
        assert np.quantile(drawn, q) == pytest.approx(np.quantile(kept, q), rel=0.05)
    u = rng.random((50, 2))
    np.testing.assert_allclose(
        [news_severity(p, c, *x) for x in u], [twin_news_severity(p, c, *x) for x in u], rtol=RTOL
    )


def test_response_probability_follows_the_ministries_state():
    """A risk-averse ministry, a graver incident and media attention make a response likelier;
    dialogue and transformative capacity make the ministry pause (docstring of rules.risk_reflex)."""
    p = prepared(1).kernel_params
    names = [
        "response_logit",
        "response_risk",
        "response_severity",
        "response_salience",
        "dialogue_damping",
        "tc_damping",
    ]
    _check_scalar(
        lambda p, rho, x, sal, d, tc: response_probability(p, rho, 0.6 + 4 * x, sal, d, tc),
        lambda p, rho, x, sal, d, tc: twin_response_probability(p, rho, 0.6 + 4 * x, sal, d, tc),
        names,
        5,
        seed=31,
    )

    def q(rho=0.5, s=1.0, sal=0.2, d=0.0, tc=0.2):
        return response_probability(p, rho, s, sal, d, tc)

    assert q(rho=0.9) > q() > q(rho=0.1)
    assert q(s=5.0) > q() > q(s=0.7)
    assert q(sal=1.0) > q(sal=0.0)
    assert q(d=1.0) < q() and q(tc=1.0) < q()


@pytest.mark.parametrize("labour", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("seed", range(3))
def test_professionals_step(seed, labour):
    st = perturbed(seed, vacant_region=seed == 0)
    p = prepared(1).kernel_params
    st.flow[:] = 0.0
    st.flow[F_NEWS] = float(seed)
    exo = np.zeros(N_EXO)
    exo[X_LABOUR] = labour
    lev = levers("random", seed)
    want, before = copy_state(st), copy_state(st)
    gen = np.random.default_rng(300 + seed)
    twin_gen = copy.deepcopy(gen)
    professionals_step(st, p, lev, exo, gen)
    twin_professionals(want, p, lev, exo, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    hires = st.flow[F_HIRES]
    assert hires == ((before.professionals.active == 0) & (st.professionals.active == 1)).sum()
    if labour == 1.0:  # a fully squeezed labour market fills no post
        assert hires == 0


def test_professionals_peer_adoption_is_synchronous():
    """Every vacant post is refilled this month: the new hires must not count as peers yet."""
    st = perturbed(1)
    p = prepared(1).kernel_params._replace(hire_rate=1.0, adopt_peer=1.0)  # every post refilled
    st.professionals.active[::3] = 0
    lev, exo = levers(0.0), np.zeros(N_EXO)
    want = copy_state(st)
    gen = np.random.default_rng(9)
    twin_gen = copy.deepcopy(gen)
    professionals_step(st, p, lev, exo, gen)
    twin_professionals(want, p, lev, exo, twin_gen)
    assert_same_state(st, want)


@pytest.mark.parametrize("build_up", [0.0, 0.6, 1.0])
@pytest.mark.parametrize("proeftuinen", ["random", "none"])
@pytest.mark.parametrize("seed", range(3))
def test_niche_step(seed, proeftuinen, build_up):
    st = perturbed(seed, proeftuinen=proeftuinen)
    rng = np.random.default_rng(seed)
    pt = st.proeftuinen
    # some regions scheduled (due or not yet), the others free for build-up
    pt.start[:] = np.where(rng.random(pt.start.size) < 0.3, rng.integers(0, 400, pt.start.size), -1)
    p = prepared(1).kernel_params
    lev = np.zeros(N_LEVERS)
    lev[L_BUILD_UP] = build_up
    want = copy_state(st)
    was_active = pt.active.copy()
    gen = np.random.default_rng(400 + seed)
    twin_gen = copy.deepcopy(gen)
    niche_step(st, p, lev, 300, gen)
    twin_niche(want, p, lev, 300, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    if build_up == 0.0:  # no spreading: one draw per started proeftuin (its approach), no more
        started = int(((pt.active == 1) & (was_active == 0)).sum())
        expected = np.random.default_rng(400 + seed)
        expected.random(started)
        assert same_generator_state(gen, expected)


@pytest.mark.parametrize("proeftuinen", ["random", "all", "none"])
@pytest.mark.parametrize("seed", range(3))
def test_small_wins_step(seed, proeftuinen):
    st = perturbed(seed, proeftuinen=proeftuinen)
    st.flow[:] = 0.0
    p = prepared(1).kernel_params
    want = copy_state(st)
    gen = np.random.default_rng(500 + seed)
    twin_gen = copy.deepcopy(gen)
    small_wins_step(st, p, gen)
    twin_small_wins(want, p, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    if proeftuinen == "none":  # no proeftuin, no draw, no win
        assert st.flow[F_WINS] == 0
        assert same_generator_state(gen, np.random.default_rng(500 + seed))


def test_small_wins_keep_energy_within_bounds():
    """Many wins at full win_energy (allowed ranges) must not push energy above 1."""
    st = perturbed(0, proeftuinen="all")
    pt = st.proeftuinen
    pt.maturity[:], pt.energy[:], pt.exp_space[:] = 1.0, 0.5, 1.0
    p = prepared(1).kernel_params._replace(win_energy=1.0, win_rate=20.0)
    small_wins_step(st, p, np.random.default_rng(0))
    assert np.all(st.proeftuinen.energy <= 1.0)


STOCHASTIC = {  # (kernel, twin), both called as f(st, p, lev, exo, generator)
    "census": (
        lambda st, p, lev, exo, g: census(st, p, lev, g),
        lambda st, p, lev, exo, g: twin_census(st, p, lev, g),
    ),
    "families_step": (
        lambda st, p, lev, exo, g: families_step(st, p, lev, g),
        lambda st, p, lev, exo, g: twin_families(st, p, lev, g),
    ),
    "incidents_and_reflex": (incidents_and_reflex, twin_incidents),
    "professionals_step": (professionals_step, twin_professionals),
    "niche_step": (
        lambda st, p, lev, exo, g: niche_step(st, p, lev, 300, g),
        lambda st, p, lev, exo, g: twin_niche(st, p, lev, 300, g),
    ),
    "small_wins_step": (
        lambda st, p, lev, exo, g: small_wins_step(st, p, g),
        lambda st, p, lev, exo, g: twin_small_wins(st, p, g),
    ),
}


@pytest.mark.parametrize("how", ["low", "high", "random"])
@pytest.mark.parametrize("name", list(STOCHASTIC))
def test_stochastic_kernel_across_parameter_ranges(name, how):
    """Every uncertain parameter at its low bound, its high bound, or drawn in its range (the
    high bounds make rare branches common: escalation on the new route, many wins, ...)."""
    kernel, twin = STOCHASTIC[name]
    rng = np.random.default_rng(32)
    for seed in range(2):
        p = with_params(prepared(1).kernel_params, rng, UNCERTAINTIES, how)
        st = perturbed(seed, vacant_region=seed == 1, statuses="mixed")
        st.proeftuinen.start[:] = np.where(st.proeftuinen.active == 1, st.proeftuinen.start, -1)
        st.flow[:] = 0.0
        st.flow[F_NEWS] = 2.0
        want = copy_state(st)
        lev = levers("random", seed)
        exo = np.random.default_rng(seed).random(N_EXO)
        gen = np.random.default_rng(600 + seed)
        twin_gen = copy.deepcopy(gen)
        kernel(st, p, lev, exo, gen)
        twin(want, p, lev, exo, twin_gen)
        assert_same_state(st, want)
        assert same_generator_state(gen, twin_gen)


# ---------------------------------------------------------------------------------------------
# the month: step is the twins in the documented order
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lever", "params"),
    [(0.0, "default"), (1.0, "default"), ("random", "default"), ("random", "high"), ("random", "random")],
)
def test_step_is_the_twins_in_schedule_order(lever, params):
    prep = prepared(2)
    st = copy_state(prep.state)
    want = copy_state(st)
    p = prep.kernel_params
    if params != "default":  # "high": fast relaxations, many wins and incidents
        p = with_params(p, np.random.default_rng(78), UNCERTAINTIES, params)
    gen = np.random.default_rng(77)
    twin_gen = copy.deepcopy(gen)
    t0 = prep.spinup + 24
    exo = prep.exo[t0].copy()
    exo[X_FORCED_INCIDENTS] = 1.0  # a publicised incident in the first month
    for k in range(3):
        lev = levers(lever, k)
        step(st, p, lev, exo, t0 + k, gen)
        twin_step(want, p, lev, exo, t0 + k, twin_gen)
        assert_same_state(st, want)
        assert same_generator_state(gen, twin_gen)
        exo = prep.exo[t0 + k + 1]
