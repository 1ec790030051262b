"""An idiomatic Mesa baseline: regimesim's rule set written as a Mesa user would (issue 11).

The same model as :mod:`regimesim.step` -- the same month order, equations and parameter values
-- but written the way a Mesa user writes a model: ``mesa.Agent`` subclasses that hold their own
attributes as plain Python numbers and have ``step()`` methods, ``AgentSet.shuffle_do`` /
``AgentSet.do`` to activate them, a ``mesa.DataCollector`` with one model reporter per indicator,
plain Python arithmetic and no numba. It serves two purposes:

- a speed reference: how fast is a straightforward Mesa model of the same rules, per agent-step,
  against regimesim's compiled kernels (``benchmarks/`` only, never in the package);
- an independent check of the rules: run over many seeds, its indicator distributions must agree
  with regimesim's (``benchmarks/check_mesa_baseline.py``; ``tests/test_mesa_baseline.py`` keeps
  it in step at a small scale).

What is shared with regimesim, and what is not
-----------------------------------------------
Shared (inputs, not rules): the parameters (:class:`regimesim.parameters.Parameters` and its
kernel tuple ``params.kernel()``), the lever and event matrices that
:func:`regimesim.engine.prepare` builds (plain numpy arrays, read one row a month), the indicator
names, the constants of :mod:`regimesim.state` (status and route codes) and the lever shares of
:data:`regimesim.rules.governance.JUSTICE_SHARE`. The *initial population* is regimesim's
:func:`regimesim.initial.build_state` (drawn from the seed's own regimesim generator), wrapped
into agents: municipalities and regions, families and posts with their peer ties, the proeftuin
tranches. This keeps the comparison on the rules: the population-building code (including the one
bookkeeping pass of the compiled ``census`` that ``build_state`` ends with) is not a rule.

Not shared: every monthly rule, including the spin-up months, is re-implemented here per agent.
Each rule method names the kernel it ports (module and function). Random draws come from the
model's own generators (``self.random`` for per-agent uniforms and Beta draws, ``self.rng`` for
the few Poisson and binomial counts): the draw order differs from the kernels', so the two agree
as distributions over seeds, not bit for bit.

Activation order. The kernels loop over rows in index order; here families and posts are
activated in random order (``shuffle_do``), which a Mesa user would do and which is the same
distribution where the rules do not depend on row order (they are written so that they do not:
intake chances are per region, positions update synchronously). Posts update their practice
position synchronously: ``begin_month`` snapshots who holds a post, ``step`` computes the next
position from last month's positions of the peers, ``advance`` applies it (Mesa 2's simultaneous
activation). The proeftuinen' rules of one month (niche, dual running, space, small wins,
energy) touch only the proeftuin itself, so each proeftuin runs them in one ``step``. The census
re-assigns orphaned cases in the families' creation order, as the kernel does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np
import pandas as pd

from regimesim.engine import historical_events, lever_schedules, make_rng
from regimesim.indicators import NAMES
from regimesim.initial import build_state
from regimesim.lever_columns import (
    L_BUILD_ON,
    L_BUILD_UP,
    L_DIALOGUE,
    L_GUARANTEE,
    L_LEARNING,
    L_PHASE_OUT,
    L_REBUILD,
    LEVERS,
    X_DECENTRALISATION,
    X_FORCED_INCIDENTS,
    X_LABOUR,
    X_LANDSCAPE,
    X_SEVERE_INCIDENT,
    X_TRUST_SHOCK,
)
from regimesim.levers import (
    Event,
    Schedule,
    exo_matrix,
    lever_matrix,
)
from regimesim.parameters import Parameters
from regimesim.rules.governance import JUSTICE_SHARE
from regimesim.state import (
    A_CASELOAD,
    A_INCIDENT_RATE,
    A_N_ACTIVE,
    A_N_BURNT,
    A_N_COERCIVE,
    A_N_UNASSIGNED,
    A_N_VOLUNTARY,
    A_N_WAITING,
    A_NICHE,
    A_OPENNESS,
    A_PROS_NEW,
    A_STRESS,
    A_TRUST,
    A_TURBULENCE,
    A_WAITING_SHARE,
    A_WELLBEING,
    A_WORKLOAD,
    BUDGET_FACTOR,
    COERCIVE,
    CULTURE,
    INSTITUTIONALISED,
    KNOWLEDGE_POOL,
    NEW,
    NONE,
    OLD,
    OPTIMISATION,
    PRACTICE,
    PRESSURE,
    PROTOCOL,
    SALIENCE,
    STRUCTURE,
    VOLUNTARY,
    WAITING,
)
from regimesim.timeline import Timeline

__all__ = [
    "BaselineModel",
    "Family",
    "Ministry",
    "Municipality",
    "Proeftuin",
    "Professional",
    "Region",
    "run_baseline",
]

#: publicised events a month decided one by one (:data:`regimesim.rules.risk_reflex.MAX_DECIDED`)
MAX_DECIDED = 10_000


# --- small helpers (regimesim.rules._common) ---------------------------------------------------


def clip01(x: float) -> float:
    """Port of :func:`regimesim.rules._common.clip01`."""
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def logistic(x: float) -> float:
    """Port of :func:`regimesim.rules._common.logistic`."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


# --- agents --------------------------------------------------------------------------------------


class Ministry(mesa.Agent):
    """A commissioning ministry (:class:`regimesim.state.Ministries`)."""

    def __init__(self, model: BaselineModel, **attrs: float) -> None:
        super().__init__(model)
        self.risk_aversion = attrs["risk_aversion"]
        self.transformative_capacity = attrs["transformative_capacity"]
        self.knowledge_weighed = attrs["knowledge_weighed"]
        self.backing = attrs["backing"]
        self.space_granted = attrs["space_granted"]
        self.participation = attrs["participation"]
        self.justice = attrs["justice"]
        self.commitment = attrs["commitment"]
        self.response = 0.0  # this month's summed severity of answered events

    def commit(self) -> None:
        """Port of :func:`regimesim.rules.governance.realise_levers` (commitment of ministry k,
        moving toward ``commitment_target``)."""
        p, m = self.model.p, self.model
        target = clip01(
            p.commit_base
            + p.commit_tc * self.transformative_capacity
            + p.commit_participation * self.participation
            - p.commit_risk * self.risk_aversion
            + p.commit_urgency * m.optimisation
        )
        self.commitment = clip01(self.commitment + p.commit_adjust * (target - self.commitment))

    def decide(self, severity: float, dialogue: float) -> bool:
        """Port of :func:`regimesim.rules.risk_reflex.ministries_decide` and
        :func:`~regimesim.rules.risk_reflex.response_probability` for this ministry."""
        p = self.model.p
        z = (
            p.response_logit
            + p.response_risk * (self.risk_aversion - 0.5)
            + p.response_severity * math.log(severity)
            + p.response_salience * self.model.salience
        )
        q = logistic(z) * (1.0 - p.dialogue_damping * dialogue)
        q *= 1.0 - p.tc_damping * self.transformative_capacity
        if self.random.random() < q:
            self.response += severity
            return True
        return False

    def relax_risk(self, pressure: float, resistance: float) -> None:
        """Port of :func:`regimesim.rules.risk_reflex.incidents_and_reflex` (risk aversion of k, its
        ``relax_risk_aversion``)."""
        p = self.model.p
        rho = self.risk_aversion
        rho += p.reflex_risk * self.response * (1.0 - rho)
        base = clip01(
            p.risk_baseline + p.justice_risk * (self.justice - 0.5) + p.risk_pressure * pressure + resistance
        )
        rho += p.risk_relax * (base - rho)
        self.risk_aversion = clip01(rho)

    def weigh(self, pool: float, diversity: float, learning: float, build_on: float, n_min: int) -> float:
        """Port of :func:`regimesim.rules.learning.learning_step` (ministry k's weighing, its
        transformative capacity and stance: ``weighing_rate``, ``ministry_stance``)."""
        p = self.model.p
        part = p.participation_base
        part = clip01(part + (1.0 - part) * p.coalition_participation * learning)
        self.participation = part
        crowding = 1.0 - p.salience_crowding * min(1.0, self.model.salience)
        legible = 1.0 - p.diversity_legibility * diversity
        rate = clip01(
            p.weigh_rate
            * self.transformative_capacity
            * part
            * (1.0 + p.build_on_legibility * build_on)
            * crowding
            * legible
        )
        w = rate * pool / n_min
        self.knowledge_weighed += w
        tc = self.transformative_capacity
        tc += p.tc_learning * w * (1.0 - tc) + p.tc_build_on * build_on * (1.0 - tc) - p.tc_turnover * tc
        tc = clip01(tc)
        self.transformative_capacity = tc
        self.backing = clip01(p.backing_base + p.backing_tc * tc - p.backing_risk * self.risk_aversion)
        self.space_granted = clip01(p.space_base + p.space_tc * tc - p.space_risk * self.risk_aversion)
        return w


class Region(mesa.Agent):
    """A youth-care region: its posts are pooled (:class:`regimesim.state.Regions`)."""

    def __init__(self, model: BaselineModel) -> None:
        super().__init__(model)
        self.posts: list[Professional] = []
        self.proeftuin: Proeftuin | None = None
        self.active_pros = 0
        self.cases = 0
        self.waiting = 0
        self.slots = 0.0
        self.position = 0.0
        self.intake_prob = 0.0
        self.access = 0.0

    def _random_active(self) -> Professional | None:
        """Port of :func:`regimesim.rules._common._random_active`."""
        posts = self.posts
        for _ in range(8):
            j = self.random.choice(posts)
            if j.active:
                return j
        for j in posts:  # deterministic fallback scan
            if j.active:
                return j
        return None

    def pick_professional(self) -> Professional | None:
        """Port of :func:`regimesim.rules._common.pick_professional`: the less loaded of two
        random active posts, or None."""
        if not self.posts or self.active_pros <= 0:
            return None
        a = self._random_active()
        b = self._random_active()
        if a is None:
            return b
        if b is not None and b.caseload < a.caseload:
            return b
        return a


class Municipality(mesa.Agent):
    """A municipality (:class:`regimesim.state.Municipalities`)."""

    def __init__(
        self, model: BaselineModel, region: Region, n_families: int, budget: float, **attrs: float
    ) -> None:
        super().__init__(model)
        self.region = region
        self.n_families = n_families
        self.budget = budget
        self.budget_stress = attrs["budget_stress"]
        self.team_capacity = attrs["team_capacity"]
        self.new_route_share = attrs["new_route_share"]
        self.fallback_use = attrs["fallback_use"]
        self.costs = attrs["costs"]
        self.in_proeftuin = attrs["in_proeftuin"]
        self.waiting = attrs["waiting"]
        self.cases = attrs["cases"]
        self.new_intakes = 0
        self.fallbacks = 0

    def step(self) -> None:
        """Port of :func:`regimesim.rules.municipal.municipal_step`."""
        p = self.model.p
        budget = self.budget * self.model.budget_factor
        stress = self.costs / budget - 1.0 if budget > 0.0 else 0.0
        self.budget_stress = max(0.0, stress)
        self.team_capacity = 1.0 / (1.0 + p.rationing * self.budget_stress)
        self.in_proeftuin = self.region.proeftuin.active
        if self.new_intakes > 0:
            share = self.fallbacks / self.new_intakes
            self.fallback_use += p.fallback_smoothing * (share - self.fallback_use)


class Proeftuin(mesa.Agent):
    """The candidate proeftuin of one region (:class:`regimesim.state.Proeftuinen`)."""

    def __init__(self, model: BaselineModel, region: Region, start: int) -> None:
        super().__init__(model)
        self.region = region
        self.active = 0
        self.start = start
        self.maturity = 0.0
        self.knowledge = 0.0
        self.energy = 0.0
        self.exp_space = 0.0
        self.small_wins = 0.0
        self.barriers = 0.0
        self.dual_running = 0.0
        self.approach = 0.0

    def start_now(self, t: int) -> None:
        """Port of :func:`regimesim.rules.niche.start_proeftuin`."""
        p, m = self.model.p, self.model
        self.active = 1
        self.approach = 0.5 + p.proeftuin_diversity * (self.random.random() - 0.5)
        self.start = t
        self.maturity = p.maturity_initial
        self.energy = p.energy_initial
        self.exp_space = sum(k.space_granted for k in m.ministries) / len(m.ministries)
        self.barriers = 1.0
        self.knowledge = 0.0
        self.small_wins = 0.0

    def step(self) -> None:
        """One month of the proeftuin's own rules, in the order of :func:`regimesim.step.step`."""
        self.niche()
        self.dual()
        self.space()
        self.wins()
        self.burnout()

    def niche(self) -> None:
        """Port of :func:`regimesim.rules.niche.niche_step` (and ``carrying_capacity``)."""
        p, m = self.model.p, self.model
        build_up = m.real[L_BUILD_UP]
        if not self.active:
            scheduled = self.start >= 0 and m.t >= self.start
            spread = self.start < 0 and build_up > 0.0
            if scheduled or (spread and self.random.random() < p.build_up_spread * build_up):
                self.start_now(m.t)
        if not self.active:
            return
        n = self.maturity
        K = p.k_min + (1.0 - p.k_min) * (1.0 - m.regime_strength()) * (1.0 - p.barrier_cap * self.barriers)
        g = p.maturity_growth * (1.0 + p.build_up_growth * build_up)
        g *= (1.0 + p.win_attraction * self.small_wins) * self.energy * self.exp_space
        if n < K:
            n += g * n * (1.0 - n / K)
        else:
            n -= p.maturity_erosion * (n - K)
        n -= p.maturity_decay * (1.0 - self.energy) * n
        self.maturity = clip01(n)

    def dual(self) -> None:
        """Port of :func:`regimesim.rules.fallback.dual_running`."""
        self.dual_running = self.maturity * self.model.structure if self.active else 0.0

    def space(self) -> None:
        """Port of :func:`regimesim.rules.experimental_space.space_step`."""
        if not self.active:
            return
        p, m = self.model.p, self.model
        granted = sum(k.space_granted for k in m.ministries) / len(m.ministries)
        e = self.exp_space
        e += p.space_relax * (granted - e)
        e -= p.space_narrowing * self.maturity * m.risk * (1.0 - m.real[L_REBUILD])
        self.exp_space = max(clip01(e), m.real[L_GUARANTEE])

    def wins(self) -> None:
        """Port of :func:`regimesim.rules.small_wins.small_wins_step`."""
        if not self.active:
            return
        p, m = self.model.p, self.model
        rate = p.win_rate * self.maturity * self.energy * self.exp_space
        wins = float(m.rng.poisson(rate)) if rate > 0.0 else 0.0
        m.flow["wins"] += wins
        self.small_wins = (self.small_wins + wins) * (1.0 - p.win_decay)
        self.energy = 1.0 - (1.0 - self.energy) * (1.0 - p.win_energy) ** wins
        self.knowledge += p.win_knowledge * wins

    def burnout(self) -> None:
        """Port of :func:`regimesim.rules.burnout.energy_step`."""
        if not self.active:
            return
        p = self.model.p
        e = self.energy
        e += p.energy_backing * self.model.backing
        e -= p.energy_barrier * self.barriers
        e -= p.energy_dual * self.dual_running
        e -= p.energy_insecurity * (1.0 - self.exp_space)
        self.energy = clip01(e)

    def develop_and_share(self, share: float) -> float:
        """Port of :func:`regimesim.rules.learning.learning_step` (operational learning, sharing)."""
        if not self.active:
            return 0.0
        self.knowledge += self.model.p.learn_rate * self.maturity * self.energy
        moved = share * self.knowledge
        self.knowledge -= moved
        return moved


class Professional(mesa.Agent):
    """A professional post (:class:`regimesim.state.Professionals`)."""

    def __init__(self, model: BaselineModel, region: Region, **attrs: float) -> None:
        super().__init__(model)
        self.region = region
        self.position = attrs["position"]
        self.caseload = attrs["caseload"]
        self.workload = attrs["workload"]
        self.stress = attrs["stress"]
        self.active = attrs["active"]
        self.vacancy = attrs["vacancy"]
        self.tasted_new = attrs["tasted_new"]
        self.burnt_out = attrs["burnt_out"]
        self.in_proeftuin = attrs["in_proeftuin"]
        self.peers: list[Professional] = []
        self.occupied = self.active
        self.next_position = self.position

    def begin_month(self) -> None:
        """Snapshot for the synchronous update of :func:`regimesim.rules.professionals.professionals_step`."""
        self.occupied = self.active
        self.next_position = self.position

    def step(self) -> None:
        """Port of :func:`regimesim.rules.professionals.professionals_step` (one post; with ``hire``,
        ``stress_after``, ``adoption_thresholds`` and ``position_after``)."""
        p, m = self.model.p, self.model
        rnd = self.random.random
        if not self.active:
            self.vacancy += 1
            if rnd() < p.hire_rate * (1.0 - m.exo[X_LABOUR]):
                self.active = 1
                self.vacancy = 0
                x0 = p.newhire_position * rnd()
                self.next_position = max(x0, m.institutionalised)
                self.stress = p.newhire_stress
                self.tasted_new = 1 if self.next_position > 0.5 else 0
                self.burnt_out = 0
                m.flow["hires"] += 1.0
            return
        pt = self.region.proeftuin
        in_pt = pt.active == 1
        access = self.region.access
        energy = pt.energy if in_pt else 1.0
        x = self.position
        s = self.stress
        s += p.stress_gain * max(0.0, self.workload - 1.0) - p.stress_recovery * s
        s += p.transition_pain * self.tasted_new * (1.0 - access)
        s += p.reorganisation_stress * m.turbulence
        s += p.phase_out_pain * m.real[L_PHASE_OUT] * (1.0 - x) * m.structure
        if in_pt:
            s += p.innovator_leak * x * (1.0 - energy)
        s = clip01(s)
        self.stress = s
        self.burnt_out = 1 if s > p.burnout_threshold else 0
        labour = m.exo[X_LABOUR]
        hazard = p.attrition_base * (1.0 + p.labour_pull * labour) + p.attrition_stress * s * s
        if rnd() < hazard:
            self.active = 0
            self.vacancy = 0
            m.flow["exits"] += 1.0
            return
        threshold = p.adopt_threshold * (1.0 - p.participation_threshold * (1.0 if in_pt else 0.0))
        mean_position, share = self.peer_view()
        reinforced = threshold_response(share, threshold, p.adopt_slope)
        peer = (1.0 - p.adopt_reinforcement) * mean_position
        pull = p.adopt_peer * (peer + p.adopt_reinforcement * reinforced)
        if in_pt:
            pull += p.adopt_proeftuin * pt.maturity * energy
        pull *= access * m.willingness
        push = (m.push_regime + m.defensive) * (1.0 - p.ratchet * self.tasted_new)
        x = clip01(x + pull * (1.0 - x) - clip01(push) * x)
        self.next_position = x
        if x > 0.5:
            self.tasted_new = 1

    def peer_view(self) -> tuple[float, float]:
        """Port of :func:`regimesim.rules.professionals.peers` (last month's positions of peers
        that held their post at the start of the month)."""
        total = 0.0
        adopting = 0
        n = 0
        for q in self.peers:
            if q.occupied:
                total += q.position
                n += 1
                if q.position > 0.5:
                    adopting += 1
        if n == 0:
            return self.position, 1.0 if self.position > 0.5 else 0.0
        return total / n, adopting / n

    def advance(self) -> None:
        """Apply the synchronous update (end of ``professionals_step``)."""
        self.position = self.next_position
        self.in_proeftuin = self.region.proeftuin.active


def threshold_response(share: float, threshold: float, slope: float) -> float:
    """Port of :func:`regimesim.rules.professionals.threshold_response` (its bounds,
    ``threshold_bounds``, and the rescaling, ``threshold_response_within``, computed together)."""
    if slope <= 0.0:
        return share
    lo = logistic(-slope * threshold)
    hi = logistic(slope * (1.0 - threshold))
    return clip01((logistic(slope * (share - threshold)) - lo) / (hi - lo))


class Family(mesa.Agent):
    """A household facing unsafety (:class:`regimesim.state.Families`). When its case is resolved
    the household leaves and a newcomer takes its place (:meth:`renew`), as in the kernels."""

    def __init__(
        self,
        model: BaselineModel,
        municipality: Municipality,
        region: Region,
        professional: Professional | None,
        **attrs: float,
    ) -> None:
        super().__init__(model)
        self.municipality = municipality
        self.region = region
        self.professional = professional
        self.unsafety = attrs["unsafety"]
        self.status = attrs["status"]
        self.route = attrs["route"]
        self.wellbeing = attrs["wellbeing"]
        self.trust = attrs["trust"]
        self.months = attrs["months"]
        self.fallback = attrs["fallback"]

    def renew(self) -> None:
        """Port of :func:`regimesim.rules.families.renew_family`."""
        p = self.model.p
        a = p.unsafety_concentration * p.unsafety_mean
        b = p.unsafety_concentration * (1.0 - p.unsafety_mean)
        self.unsafety = self.random.betavariate(a, b)
        self.status = NONE
        self.route = OLD
        self.wellbeing = p.wellbeing_none
        self.trust = p.trust_initial
        self.professional = None
        self.months = 0
        self.fallback = 0

    def choose_route(self, j: Professional) -> int:
        """Port of :func:`regimesim.rules.fallback.choose_route` (and ``fallback_probability``)."""
        p, m = self.model.p, self.model
        if self.random.random() >= j.position * self.region.access:
            return OLD
        mun = self.municipality
        mun.new_intakes += 1
        pt = self.region.proeftuin
        maturity = pt.maturity if pt.active == 1 else 0.0
        backing = sum(k.backing for k in m.ministries) / len(m.ministries)
        phi = logistic(
            p.fallback_unsafety * (self.unsafety - p.fallback_threshold)
            - p.fallback_maturity * maturity
            - p.fallback_backing * backing
            - p.fallback_phase_out * m.real[L_PHASE_OUT]
        )
        if self.random.random() < phi:
            self.fallback = 1
            mun.fallbacks += 1
            return OLD
        return NEW

    def step(self) -> None:
        """Port of :func:`regimesim.rules.families.families_step` (one household; with ``signalled``,
        ``drifted``, the intake's ``coercion_probability``, ``help_outcome`` with ``help_hazard``
        and ``escalation_hazard``, and ``helped``)."""
        p, m = self.model.p, self.model
        rnd = self.random.random
        s = self.status
        self.months += 1
        u = self.unsafety
        if s == NONE:
            x = rnd()
            if x < p.leave_rate:
                self.renew()
                return
            if x < p.leave_rate + (1.0 - p.leave_rate) * p.signal_rate * (0.5 + u):
                self.status = WAITING
                self.months = 0
            self.unsafety = clip01(u + p.unsafety_drift * (1.0 - u))
        elif s == WAITING:
            if rnd() < self.region.intake_prob * self.municipality.team_capacity:
                j = self.region.pick_professional()
                if j is not None:
                    route = self.choose_route(j)
                    self.route = route
                    self.professional = j
                    j.caseload += 1  # seen by the next pick this month
                    self.months = 0
                    m.flow["intakes"] += 1.0
                    z = (
                        p.coercion_base
                        + p.coercion_unsafety * (u - 0.5)
                        + p.coercion_risk * (m.risk - 0.5)
                        + p.coercion_protocol * (m.protocol - 0.5)
                        + p.coercion_culture * (m.culture - p.initial_regime)
                        - p.coercion_new_route * route
                    )
                    if rnd() < logistic(z):
                        self.status = COERCIVE
                        m.flow["coercive_in"] += 1.0
                    else:
                        self.status = VOLUNTARY
                    return
            self.unsafety = clip01(u + p.unsafety_drift * (1.0 - u))
        else:
            new = self.route == NEW
            hazard = 1.0 / (p.coercive_duration if s == COERCIVE else p.voluntary_duration)
            if new:
                hazard *= 1.0 + p.new_route_effect
            j = self.professional
            if j is not None and j.workload > 1.0:
                hazard /= j.workload
            x = rnd()
            if x < hazard:
                m.flow["resolved"] += 1.0
                if s == COERCIVE:
                    m.flow["coercive_out"] += 1.0
                self.renew()
                return
            if s == VOLUNTARY:
                esc = p.escalation_rate * u * (1.0 + m.risk)
                if new:
                    esc *= 1.0 - p.new_route_effect / (1.0 + p.new_route_effect)
                if x < hazard + (1.0 - hazard) * esc:
                    self.status = COERCIVE
                    m.flow["coercive_in"] += 1.0
            if j is not None:
                gain = p.help_effect * (1.0 + p.new_route_effect * new)
                self.unsafety = clip01(u - gain * u)
            else:
                self.unsafety = clip01(u + p.unsafety_drift * (1.0 - u))
        self.relax_wellbeing_and_trust()

    def relax_wellbeing_and_trust(self) -> None:
        """Port of the end of :func:`regimesim.rules.families.families_step` (``relaxed`` and
        ``relaxation_targets``)."""
        p = self.model.p
        s = self.status
        new = self.route == NEW and (s == VOLUNTARY or s == COERCIVE)
        if s == NONE:
            wb_target, tr_target = p.wellbeing_none, p.trust_initial
        elif s == WAITING:
            wb_target = p.wellbeing_none - p.wellbeing_waiting_loss
            tr_target = p.trust_initial - p.trust_waiting_loss
        elif s == VOLUNTARY:
            wb_target, tr_target = p.wellbeing_help, p.trust_initial
        else:
            wb_target = p.wellbeing_help - p.wellbeing_coercion_loss
            tr_target = p.trust_initial - p.trust_coercion_loss
        if new:
            wb_target += p.new_route_relief
            tr_target += p.new_route_relief
        self.wellbeing = clip01(self.wellbeing + p.wellbeing_rate * (wb_target - self.wellbeing))
        self.trust = clip01(self.trust + p.trust_rate * (tr_target - self.trust))

    def relay_handover(self, cap: float) -> Professional | None:
        """Port of :func:`regimesim.rules.census.relay_handover`: an orphaned case (its worker
        left) is handed over along the chain at a cost in unsafety; a case without a worker goes
        to the less loaded of two posts of the region if it is below ``cap``; the post, or None."""
        j = self.professional
        if j is not None and not j.active:  # the worker left: a hand-over along the chain
            self.unsafety = clip01(self.unsafety + self.model.p.handover_harm)
            j = None
        if j is None:
            j = self.region.pick_professional()
            if j is not None and j.caseload >= cap:
                j = None
            self.professional = j
            if j is not None:
                j.caseload += 1
        return j

    def incident_hazard(self) -> float:
        """Port of :func:`regimesim.rules.risk_reflex.incident_hazard` (one household's term)."""
        p = self.model.p
        u = self.unsafety
        h = p.incident_base * u * u
        s = self.status
        if s == WAITING or s == NONE:
            h *= 1.0 + p.incident_waiting
        elif self.professional is not None:
            h *= math.exp(p.incident_workload * (self.professional.workload - 1.0))
        return min(h, 1.0)


# --- severity laws of the incidents (regimesim.rules.risk_reflex) ---------------------------------


def severity(a: float, u: float) -> float:
    """Port of :func:`regimesim.rules.risk_reflex.severity` (Pareto of tail ``a``, mean 1)."""
    return (a - 1.0) / a * (1.0 - u) ** (-1.0 / a)


def news_share(a: float, c: float) -> float:
    """Port of :func:`regimesim.rules.risk_reflex.news_share`."""
    if c <= 0.0:
        return 0.0
    xm = (a - 1.0) / a
    b = 1.0 / c
    if b <= xm:
        return 1.0
    return c * a / (a - 1.0) * (xm - xm**a * b ** (1.0 - a)) + (xm / b) ** a


def news_severity(a: float, c: float, u1: float, u2: float) -> float:
    """Port of :func:`regimesim.rules.risk_reflex.news_severity`."""
    xm = (a - 1.0) / a
    b = 1.0 / c
    if b <= xm:
        return severity(a, u2)
    w1 = c * a / (a - 1.0) * (xm - xm**a * b ** (1.0 - a))
    w2 = (xm / b) ** a
    if u1 * (w1 + w2) < w1:
        k = 1.0 - (xm / b) ** (a - 1.0)
        return xm * (1.0 - u2 * k) ** (-1.0 / (a - 1.0))
    return b * (1.0 - u2) ** (-1.0 / a)


# --- the model -------------------------------------------------------------------------------------

FLOWS = (
    "incidents",
    "news",
    "coercive_in",
    "coercive_out",
    "exits",
    "fallback",
    "intakes",
    "wins",
    "resolved",
    "hires",
    "weighed",
    "reports",
    "responses",
)


class BaselineModel(mesa.Model):
    """regimesim's rules as a plain Mesa model (see the module docstring).

    Parameters
    ----------
    params
        A :class:`regimesim.parameters.Parameters` (scale, horizon, every rule parameter).
    levers
        Lever schedules by name (others constant at their parameter values), as for
        :func:`regimesim.engine.simulate`.
    events
        Exogenous events; ``None`` means the historical landscape.
    seed
        Seed of the model's own generators (``self.random``, ``self.rng``) *and* of the initial
        population, drawn by :func:`regimesim.initial.build_state` from regimesim's generator for
        this seed. Construction runs the spin-up years (unrecorded), as
        :func:`regimesim.engine.prepare` does.
    """

    def __init__(
        self,
        params: Parameters,
        levers: Mapping[str, Schedule | float] | None = None,
        events: list[Event] | None = None,
        seed: int = 0,
    ) -> None:
        super().__init__(rng=seed)
        self.params = params
        self.p = params.kernel()
        self.timeline = Timeline(params.start_year, params.end_year)
        self.spinup = 12 * params.spinup_years
        # the inputs of regimesim.engine.prepare: lever and event matrices, spin-up rows zero
        schedules = lever_schedules(params, levers)
        events = historical_events(params) if events is None else list(events)
        n_total = self.spinup + self.timeline.n_steps
        self.levers = np.zeros((n_total, len(schedules)))
        self.levers[self.spinup :] = lever_matrix(schedules, self.timeline)
        self.exo_rows = np.zeros((n_total, exo_matrix([], self.timeline).shape[1]))
        self.exo_rows[self.spinup :] = exo_matrix(events, self.timeline)
        tranche_steps = {
            "first": self.spinup + self.timeline.step_of(params.proeftuinen_first_year),
            "second": self.spinup + self.timeline.step_of(params.proeftuinen_second_year),
        }
        self._populate(build_state(params, tranche_steps, make_rng(seed)))
        self.t = 0  # absolute month, spin-up included
        self.flow = dict.fromkeys(FLOWS, 0.0)
        self.current: dict[str, float] = {}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda m, n=name: m.current[n]) for name in NAMES}
        )
        for _ in range(self.spinup):
            self.step()

    # --- building the agents from regimesim's initial population ------------------------------

    def _populate(self, st) -> None:
        self.regions = [Region(self) for _ in range(st.regions.pro_start.shape[0])]
        pt = st.proeftuinen
        for r, region in enumerate(self.regions):
            region.proeftuin = Proeftuin(self, region, int(pt.start[r]))
        mi = st.ministries
        self.ministries = [
            Ministry(self, **{name: float(getattr(mi, name)[k]) for name in mi._fields})
            for k in range(mi.risk_aversion.shape[0])
        ]
        mun = st.municipalities
        self.municipalities = [
            Municipality(
                self,
                self.regions[int(mun.region[m])],
                int(mun.n_families[m]),
                float(mun.budget[m]),
                **{
                    f: getattr(mun, f)[m].item()
                    for f in (
                        "budget_stress",
                        "team_capacity",
                        "new_route_share",
                        "fallback_use",
                        "costs",
                        "in_proeftuin",
                        "waiting",
                        "cases",
                    )
                },
            )
            for m in range(mun.region.shape[0])
        ]
        pro = st.professionals
        fields = (
            "position",
            "caseload",
            "workload",
            "stress",
            "active",
            "vacancy",
            "tasted_new",
            "burnt_out",
            "in_proeftuin",
        )
        cols = {f: getattr(pro, f).tolist() for f in fields}
        self.posts = [
            Professional(self, self.regions[r], **{f: cols[f][j] for f in fields})
            for j, r in enumerate(pro.region.tolist())
        ]
        for j, row in enumerate(pro.ties.tolist()):
            self.posts[j].peers = [self.posts[q] for q in row if q >= 0]
        for post in self.posts:
            post.region.posts.append(post)
        fam = st.families
        fields = ("unsafety", "status", "route", "wellbeing", "trust", "months", "fallback")
        cols = {f: getattr(fam, f).tolist() for f in fields}
        self.families = [
            Family(
                self,
                self.municipalities[m],
                self.regions[r],
                None if j < 0 else self.posts[j],
                **{f: cols[f][i] for f in fields},
            )
            for i, (m, r, j) in enumerate(
                zip(fam.municipality.tolist(), fam.region.tolist(), fam.professional.tolist(), strict=True)
            )
        ]
        reg = st.regime
        self.culture, self.structure, self.practice = reg[CULTURE], reg[STRUCTURE], reg[PRACTICE]
        self.pressure, self.salience, self.protocol = reg[PRESSURE], reg[SALIENCE], reg[PROTOCOL]
        self.institutionalised, self.knowledge_pool = reg[INSTITUTIONALISED], reg[KNOWLEDGE_POOL]
        self.budget_factor, self.optimisation = reg[BUDGET_FACTOR], reg[OPTIMISATION]
        # regions and aggregates as the census of build_state left them
        rg = st.regions
        for r, region in enumerate(self.regions):
            for name in ("active_pros", "cases", "waiting", "slots", "position", "intake_prob", "access"):
                setattr(region, name, getattr(rg, name)[r].item())
        agg = st.agg.tolist()
        self.niche, self.waiting_share, self.wellbeing = agg[A_NICHE], agg[A_WAITING_SHARE], agg[A_WELLBEING]
        self.workload, self.stress, self.caseload = agg[A_WORKLOAD], agg[A_STRESS], agg[A_CASELOAD]
        self.pros_new, self.trust, self.incident_rate = agg[A_PROS_NEW], agg[A_TRUST], agg[A_INCIDENT_RATE]
        self.openness, self.turbulence = agg[A_OPENNESS], agg[A_TURBULENCE]
        self.n_coercive, self.n_voluntary = int(agg[A_N_COERCIVE]), int(agg[A_N_VOLUNTARY])
        self.n_waiting, self.n_unassigned = int(agg[A_N_WAITING]), int(agg[A_N_UNASSIGNED])
        self.n_active, self.n_burnt = int(agg[A_N_ACTIVE]), int(agg[A_N_BURNT])
        self.intended = st.intended.tolist()
        self.real = st.realised.tolist()
        self.census_aggregates()

    # --- derived quantities -----------------------------------------------------------------------

    def regime_strength(self) -> float:
        """Port of :func:`regimesim.rules._common.regime_strength`."""
        return (self.culture + self.structure + self.practice) / 3.0

    def national_costs(self) -> tuple[float, float]:
        """Port of :func:`regimesim.rules.municipal.national_costs`."""
        return sum(m.costs for m in self.municipalities), sum(m.budget for m in self.municipalities)

    # --- the month ------------------------------------------------------------------------------------

    def step(self) -> None:
        """One month, in the order of :func:`regimesim.step.step` (the municipalities' counts zeroed as
        :func:`regimesim.rules.families.reset_intake_counts` does)."""
        lev = self.levers[self.t].tolist()
        self.exo = self.exo_rows[self.t].tolist()
        for key in self.flow:
            self.flow[key] = 0.0
        self.landscape()
        self.realise_levers(lev)
        for mun in self.municipalities:
            mun.new_intakes = 0
            mun.fallbacks = 0
        self.agents_by_type[Family].shuffle_do("step")
        self.incidents_and_reflex()
        self.professionals_month()
        self.agents_by_type[Proeftuin].do("step")
        self.learning()
        self.agents_by_type[Municipality].do("step")
        self.census()
        self.pressure_step()
        self.optimisation_step()
        self.lockin()
        if self.t >= self.spinup:
            self.record()
            self.datacollector.collect(self)
        self.t += 1

    def landscape(self) -> None:
        """Port of :func:`regimesim.rules.landscape.landscape_step`."""
        p, exo = self.p, self.exo
        dec = exo[X_DECENTRALISATION]
        if dec > 0.0:
            self.structure = clip01(self.structure - p.decentralisation_shock * dec)
            self.budget_factor *= 1.0 - p.decentralisation_budget_cut * min(dec, 1.0)
        costs, base = self.national_costs()
        target = max(1.0, p.budget_cover * costs / base) if base > 0.0 else 1.0
        self.budget_factor += p.budget_recovery * (target - self.budget_factor)
        self.pressure += exo[X_LANDSCAPE]
        shock = exo[X_TRUST_SHOCK]
        if shock > 0.0:
            for f in self.families:
                f.trust = clip01(f.trust * (1.0 - shock))

    def realise_levers(self, lev: list[float]) -> None:
        """Port of :func:`regimesim.rules.governance.realise_levers`."""
        self.agents_by_type[Ministry].do("commit")
        for lever in range(len(LEVERS)):
            self.intended[lever] = lev[lever]
            if lever == L_BUILD_UP:
                continue
            js = JUSTICE_SHARE[lever]
            num = den = 0.0
            for k in self.ministries:
                w = js * k.justice + (1.0 - js) * (1.0 - k.justice)
                num += w * k.commitment
                den += w
            self.real[lever] = lev[lever] * (num / den if den > 0.0 else 0.0)
        room = sum(m.n_families * m.team_capacity for m in self.municipalities)
        total = sum(m.n_families for m in self.municipalities)
        self.real[L_BUILD_UP] = lev[L_BUILD_UP] * (room / total if total > 0 else 1.0)

    def incidents_and_reflex(self) -> None:
        """Port of :func:`regimesim.rules.risk_reflex.incidents_and_reflex` (and ``incidents_in_news``,
        ``forced_incidents``, ``reports_answered``, ``scale_decisions``, ``stack_protocols``,
        ``update_salience`` and ``narrow_spaces``)."""
        p, exo, rng = self.p, self.exo, self.rng
        ministries = self.ministries
        n_min = len(ministries)
        dialogue = self.real[L_DIALOGUE]
        for k in ministries:
            k.response = 0.0
        answered = 0.0
        c = p.news_base + p.news_salience * self.salience
        hazard = sum(f.incident_hazard() for f in self.families)
        incidents = int(rng.poisson(hazard / p.scale))
        share = news_share(p.severity_tail, c)
        n_news = int(rng.binomial(incidents, share)) if incidents > 0 and share > 0.0 else 0
        decided = min(n_news, MAX_DECIDED)
        a0, r0 = answered, [k.response for k in ministries]
        for _ in range(decided):
            s = news_severity(p.severity_tail, c, self.random.random(), self.random.random())
            answered += sum(k.decide(s, dialogue) for k in ministries)
        if n_news > decided:
            f = n_news / decided
            answered = a0 + (answered - a0) * f
            for k, r in zip(ministries, r0, strict=True):
                k.response = r + (k.response - r) * f
        news = float(n_news)
        forced = int(round(exo[X_FORCED_INCIDENTS]))
        for _ in range(forced):
            news += 1.0
            answered += sum(k.decide(1.0, dialogue) for k in ministries)
        if exo[X_SEVERE_INCIDENT] > 0.0:
            forced += 1
            news += 1.0
            answered += sum(k.decide(exo[X_SEVERE_INCIDENT], dialogue) for k in ministries)
        reports = int(rng.poisson(p.report_base * self.pressure))
        a0, r0 = answered, [k.response for k in ministries]
        for _ in range(min(reports, MAX_DECIDED)):
            answered += sum(k.decide(p.report_severity, dialogue) for k in ministries)
        if reports > MAX_DECIDED:
            f = reports / MAX_DECIDED
            answered = a0 + (answered - a0) * f
            for k, r in zip(ministries, r0, strict=True):
                k.response = r + (k.response - r) * f
        flow = self.flow
        flow["incidents"] = incidents + forced
        flow["news"] = news
        flow["reports"] = reports
        flow["responses"] = answered
        self.incident_rate += p.incident_smoothing * (incidents + forced - self.incident_rate)

        resistance = p.phase_out_resistance * self.real[L_PHASE_OUT] * self.structure
        mean_response = sum(k.response for k in ministries) / n_min
        self.agents_by_type[Ministry].do("relax_risk", self.pressure, resistance)

        prot = self.protocol
        prot += p.reflex_protocol * mean_response * (1.0 - prot)
        relax = p.protocol_relax * (1.0 + p.rebuild_protocol * self.real[L_REBUILD])
        prot += relax * (p.protocol_baseline - prot)
        self.protocol = clip01(prot)

        sal = self.salience
        public = news + reports
        gain = 1.0 - math.exp(-p.salience_gain * public)
        self.salience = sal * (1.0 - p.salience_decay) + (1.0 - sal) * gain

        guarantee = self.real[L_GUARANTEE]
        if mean_response > 0.0:
            cut = clip01(p.reflex_space * mean_response * (1.0 - guarantee))
            for pt in self.agents_by_type[Proeftuin]:
                if pt.active == 1:
                    pt.exp_space = max(pt.exp_space * (1.0 - cut), guarantee)

    def professionals_month(self) -> None:
        """Port of :func:`regimesim.rules.professionals.professionals_step`: the month's shared
        terms (``defensive_push``, whose news term is ``reflex_response``), then every post
        (synchronous update of positions)."""
        p = self.p
        self.willingness = math.exp(-p.deviation_pressure * self.pressure)
        self.push_regime = p.regime_pull * self.practice
        defensive = p.reflex_defensive * self.flow["news"] * (1.0 - p.tc_damping * self.tc)
        self.defensive = defensive * (1.0 - p.dialogue_damping * self.real[L_DIALOGUE])
        posts = self.agents_by_type[Professional]
        posts.do("begin_month")
        posts.shuffle_do("step")
        posts.do("advance")

    def learning(self) -> None:
        """Port of :func:`regimesim.rules.learning.learning_step` (and ``niche_diversity``)."""
        p = self.p
        learning, build_on, rebuild = self.real[L_LEARNING], self.real[L_BUILD_ON], self.real[L_REBUILD]
        share = clip01(p.share_rate * (1.0 + p.community_share * learning))
        proeftuinen = self.agents_by_type[Proeftuin]
        pool = self.knowledge_pool + sum(proeftuinen.map("develop_and_share", share))
        pool *= 1.0 - p.radar_loss

        active = [pt for pt in proeftuinen if pt.active == 1]
        if active:
            mean_a = sum(pt.approach for pt in active) / len(active)
            dev = sum(abs(pt.approach - mean_a) for pt in active)
            diversity = min(1.0, dev / len(active) / 0.25)
            practised = sum(pt.maturity * pt.exp_space for pt in active) / len(active)
        else:
            diversity = practised = 0.0
        n_min = len(self.ministries)
        weighed = sum(k.weigh(pool, diversity, learning, build_on, n_min) for k in self.ministries)
        self.knowledge_pool = max(0.0, pool - weighed)
        self.flow["weighed"] = weighed

        removal = (
            p.use_barriers * weighed + p.rebuild_barriers * rebuild + p.coevolution * diversity * practised
        )
        for pt in active:
            pt.barriers = clip01(pt.barriers - removal * pt.barriers)

        inst = self.institutionalised
        gap = max(0.0, self.pros_new - inst)
        inst += p.inst_rate * (p.inst_weighed * weighed + rebuild * self.openness) * gap
        inst -= p.inst_decay * max(0.0, self.protocol - p.protocol_baseline) * inst
        self.institutionalised = clip01(inst)

    def census(self) -> None:
        """Port of :func:`regimesim.rules.census.census` (with ``protocol_load``), in its steps;
        the aggregates of ``family_and_post_aggregates`` are set here."""
        p = self.p
        load = 1.0 + p.protocol_burden * self.protocol + p.optimise_time * self.optimisation
        self.census_reset_posts()
        n_help, n_unassigned, n_new, n_wait, n_coercive, wb_sum, trust_sum = self.census_families(load)
        n_active, n_burnt, wl_sum, stress_sum, case_sum, n_pos_new = self.census_posts(load)
        self.census_regions()
        n_fam = len(self.families)
        self.niche = n_new / n_help if n_help > 0 else 0.0
        self.waiting_share = n_wait / n_fam if n_fam > 0 else 0.0
        self.wellbeing = wb_sum / n_fam if n_fam > 0 else 0.0
        self.workload = wl_sum / n_active if n_active > 0 else 0.0
        self.stress = stress_sum / n_active if n_active > 0 else 0.0
        self.caseload = case_sum / n_active if n_active > 0 else 0.0
        self.pros_new = n_pos_new / n_active if n_active > 0 else 0.0
        self.n_coercive, self.n_voluntary, self.n_waiting = n_coercive, n_help - n_coercive, n_wait
        self.n_unassigned, self.n_active, self.n_burnt = n_unassigned, n_active, n_burnt
        self.trust = trust_sum / n_fam if n_fam > 0 else 0.0
        for m in self.municipalities:
            if m.cases > 0:
                m.new_route_share /= m.cases
        self.census_aggregates()

    def census_reset_posts(self) -> None:
        """Port of :func:`regimesim.rules.census.reset_posts`."""
        for r in self.regions:
            r.active_pros = r.cases = r.waiting = 0
            r.slots = r.position = 0.0
        for j in self.posts:
            j.caseload = 0
            if j.active:
                j.region.active_pros += 1
        for f in self.families:
            if (
                (f.status == VOLUNTARY or f.status == COERCIVE)
                and f.professional is not None
                and f.professional.active
            ):
                f.professional.caseload += 1

    def census_families(self, load: float) -> tuple[int, int, int, int, int, float, float]:
        """Port of :func:`regimesim.rules.census.count_families` (with the relay hand-over)."""
        p = self.p
        for m in self.municipalities:
            m.waiting = m.cases = 0
            m.costs = m.new_route_share = 0.0
        n_help = n_unassigned = n_new = n_wait = n_coercive = 0
        wb_sum = trust_sum = 0.0
        escalation = 1.0 + self.optimisation
        cap = (1.0 + p.caseload_stretch) * p.sustainable_caseload / load
        for f in self.families:  # creation order, as the kernel's row order
            s = f.status
            m = f.municipality
            wb_sum += f.wellbeing
            trust_sum += f.trust
            if s == WAITING:
                n_wait += 1
                m.waiting += 1
                f.region.waiting += 1
                m.costs += p.cost_waiting
            elif s == VOLUNTARY or s == COERCIVE:
                if f.relay_handover(cap) is None:
                    n_unassigned += 1
                n_help += 1
                m.cases += 1
                f.region.cases += 1
                if s == COERCIVE:
                    n_coercive += 1
                c = (p.cost_coercive if s == COERCIVE else p.cost_voluntary) * escalation
                if f.route == NEW:
                    n_new += 1
                    m.new_route_share += 1.0
                    c *= p.cost_new_route
                m.costs += c
        return n_help, n_unassigned, n_new, n_wait, n_coercive, wb_sum, trust_sum

    def census_posts(self, load: float) -> tuple[int, int, float, float, float, int]:
        """Port of :func:`regimesim.rules.census.count_posts`."""
        p = self.p
        n_active = n_burnt = n_pos_new = 0
        wl_sum = stress_sum = case_sum = 0.0
        for j in self.posts:
            if not j.active:
                j.workload = 0.0
                continue
            r = j.region
            pt = r.proeftuin
            dual = pt.dual_running if pt.active == 1 else 0.0
            j.workload = j.caseload * load / p.sustainable_caseload + p.dual_workload * dual
            capacity = p.sustainable_caseload / load
            if j.burnt_out:
                n_burnt += 1
                capacity *= 1.0 - p.burnout_capacity_loss
            r.slots += capacity
            r.position += j.position
            n_active += 1
            wl_sum += j.workload
            stress_sum += j.stress
            case_sum += j.caseload
            if j.position > 0.5:
                n_pos_new += 1
        return n_active, n_burnt, wl_sum, stress_sum, case_sum, n_pos_new

    def census_regions(self) -> None:
        """Port of :func:`regimesim.rules.census.intake_and_access` (regions: intake probability, access)."""
        p = self.p
        guarantee = self.real[L_GUARANTEE]
        vacated = clip01(p.phase_out_room * self.real[L_PHASE_OUT] * (1.0 - self.structure))
        for r in self.regions:
            if r.active_pros > 0:
                r.position /= r.active_pros
            urgency = r.waiting / (r.waiting + r.slots) if r.slots > 0.0 else 0.0
            free = r.slots * (1.0 + p.caseload_stretch * urgency) - r.cases
            if r.waiting > 0 and free > 0.0:
                r.intake_prob = min(1.0, p.intake_rate * free / r.waiting)
            else:
                r.intake_prob = 0.0
            room = p.space_outside
            if r.proeftuin.active == 1:
                room = max(r.proeftuin.exp_space, guarantee)
            r.access = 1.0 - (1.0 - room) * (1.0 - self.institutionalised) * (1.0 - vacated)

    def census_aggregates(self) -> None:
        """Port of :func:`regimesim.rules.census.governance_aggregates` (proeftuinen, ministries) and
        :func:`regimesim.rules.census.municipal_aggregates` (municipalities; each municipality's
        new-route share is divided by its cases in :meth:`census`)."""
        active = [pt for pt in self.agents_by_type[Proeftuin] if pt.active == 1]
        n_pt = len(active)
        self.n_active_pt = n_pt
        self.space = sum(pt.exp_space for pt in active) / n_pt if n_pt else 0.0
        self.energy = sum(pt.energy for pt in active) / n_pt if n_pt else 0.0
        self.barriers = sum(pt.barriers for pt in active) / n_pt if n_pt else 0.0
        self.dual = sum(pt.dual_running for pt in active) / n_pt if n_pt else 0.0
        n_min = len(self.ministries)
        self.risk = sum(k.risk_aversion for k in self.ministries) / n_min
        self.tc = sum(k.transformative_capacity for k in self.ministries) / n_min
        self.backing = sum(k.backing for k in self.ministries) / n_min
        self.participation = sum(k.participation for k in self.ministries) / n_min
        muns = self.municipalities
        self.costs = sum(m.costs for m in muns)
        self.budget_stress = sum(m.budget_stress for m in muns) / max(len(muns), 1)
        new_intakes = sum(m.new_intakes for m in muns)
        fallbacks = sum(m.fallbacks for m in muns)
        self.fallback_share = fallbacks / new_intakes if new_intakes > 0 else 0.0

    def pressure_step(self) -> None:
        """Port of :func:`regimesim.rules.pressure.pressure_step` (and ``strain``)."""
        p = self.p
        R = self.regime_strength()
        costs, budget = self.national_costs()
        budget *= self.budget_factor
        overspend = max(0.0, costs / budget - 1.0) if budget > 0.0 else 0.0
        strain = (
            p.pressure_regime * R * (1.0 - self.institutionalised)
            + p.pressure_unanchored * max(0.0, self.niche - self.institutionalised)
            + p.pressure_waiting * self.waiting_share / 0.1
            + p.pressure_workload * max(0.0, self.workload - 1.0)
            + p.pressure_incidents * self.incident_rate / 20.0
            + p.pressure_costs * overspend
            + p.pressure_escalation * self.optimisation
            + p.pressure_distrust * max(0.0, p.trust_initial - self.trust)
        )
        absorbed = p.pressure_absorb * (self.structure + self.institutionalised) * self.pressure
        self.pressure = max(0.0, self.pressure + p.pressure_adjust * strain - absorbed)
        R = self.regime_strength()
        self.openness = logistic(p.openness_slope * (self.pressure - p.openness_threshold * R))

    def optimisation_step(self) -> None:
        """Port of :func:`regimesim.rules.optimisation.optimisation_step`."""
        p = self.p
        choice = min(1.0, self.real[L_REBUILD] + self.real[L_PHASE_OUT])
        inst = self.institutionalised
        z = self.optimisation
        grow = p.optimise_rate * self.pressure * (1.0 - choice) * (1.0 - inst)
        self.optimisation = max(0.0, z + grow - p.optimise_unwind * (choice + inst) * z)

    def lockin(self) -> None:
        """Port of :func:`regimesim.rules.lockin.lockin_step`."""
        p = self.p
        Rc, Rs, Rp = self.culture, self.structure, self.practice
        O = self.openness  # noqa: E741
        phase_out, rebuild, build_on = self.real[L_PHASE_OUT], self.real[L_REBUILD], self.real[L_BUILD_ON]
        dp = p.practice_adjust * ((1.0 - self.niche) - Rp) + p.coupling * (0.5 * (Rc + Rs) - Rp)
        dp -= p.phase_out_practice * phase_out * O * Rp
        ds = p.absorption * (0.5 * (Rc + Rp) - Rs)
        ds += p.protocol_structure * (self.protocol - p.protocol_baseline) * (1.0 - Rs)
        over = logistic(p.erosion_slope * (self.pressure - p.pressure_resilience))
        ds -= p.pressure_erosion * over * Rs
        ds -= (p.rebuild_structure * rebuild + p.phase_out_structure * phase_out) * O * Rs
        dc = p.culture_adjust * (0.5 * (Rs + Rp) - Rc)
        dc += p.culture_risk * (self.risk - p.risk_baseline) * (1.0 - Rc)
        dc -= p.culture_erosion * p.pressure_erosion * over * Rc
        dc -= (p.build_on_culture * build_on + p.culture_learning * self.flow["weighed"]) * Rc
        before = (Rc + Rs + Rp) / 3.0
        self.practice = clip01(Rp + dp)
        self.structure = clip01(Rs + ds)
        self.culture = clip01(Rc + dc)
        decline = 12.0 * max(0.0, before - self.regime_strength())
        self.turbulence += p.turbulence_smoothing * (decline - self.turbulence)

    def record(self) -> None:
        """Port of :func:`regimesim.indicators.record`: this month's indicators, by name."""
        s = self.p.scale
        flow = self.flow
        n_active = self.n_active
        n_posts = len(self.posts)
        row = {
            "regime_strength": self.regime_strength(),
            "culture": self.culture,
            "structure": self.structure,
            "practice": self.practice,
            "niche_share": self.niche,
            "institutionalised_share": self.institutionalised,
            "pressure": self.pressure,
            "incidents": flow["incidents"],
            "publicised_incidents": flow["news"],
            "condemning_reports": flow["reports"],
            "regulatory_responses": flow["responses"],
            "coercive_stock": self.n_coercive / s,
            "coercive_inflow": flow["coercive_in"] / s,
            "coercive_outflow": flow["coercive_out"] / s,
            "waiting_list": self.n_waiting / s,
            "voluntary_stock": self.n_voluntary / s,
            "caseload": self.caseload,
            "workload": self.workload,
            "attrition": 12.0 * flow["exits"] / n_active if n_active > 0 else 0.0,
            "vacancy_rate": 1.0 - n_active / n_posts if n_posts > 0 else 0.0,
            "burnout_share": self.n_burnt / n_active if n_active > 0 else 0.0,
            "costs": self.costs * 12.0 / s / 1e9,
            "wellbeing": self.wellbeing,
            "trust": self.trust,
            "experimental_space": self.space,
            "innovator_energy": self.energy,
            "risk_aversion": self.risk,
            "transformative_capacity": self.tc,
            "protocol_strictness": self.protocol,
            "media_salience": self.salience,
            "active_proeftuinen": float(self.n_active_pt),
            "professionals_new_share": self.pros_new,
            "fallback_share": self.fallback_share,
            "dual_running": self.dual,
            "open_barriers": self.barriers,
            "lessons_weighed": flow["weighed"],
            "small_wins": flow["wins"],
            "budget_stress": self.budget_stress,
            "commitment": sum(k.commitment for k in self.ministries) / len(self.ministries),
            "unassigned": self.n_unassigned / s,
            "optimisation": self.optimisation,
        }
        for k, name in enumerate(LEVERS):
            row[f"intended_{name}"] = self.intended[k]
            row[f"realised_{name}"] = self.real[k]
        self.current = row

    def indicators(self) -> pd.DataFrame:
        """The recorded months as a table like ``regimesim.scenario.run(...).indicators``."""
        df = self.datacollector.get_model_vars_dataframe()[list(NAMES)].astype(float)
        df.index = self.timeline.index()[: len(df)]
        return df


def run_baseline(
    scenario: Any, seed: int, *, model_class: type[BaselineModel] = BaselineModel
) -> pd.DataFrame:
    """Run ``scenario`` (a :class:`regimesim.scenario.Scenario`) with the Mesa baseline.

    Returns a DataFrame with the month index and indicator columns of
    ``regimesim.scenario.run(scenario, seed).indicators``. ``model_class`` may be a subclass of
    :class:`BaselineModel` (the tests run deliberately broken ones).
    """
    inputs = scenario.inputs()
    model = model_class(inputs["params"], levers=inputs["levers"], events=inputs["events"], seed=seed)
    for _ in range(model.timeline.n_steps):
        model.step()
    return model.indicators()
