"""Every parameter and lever of the model, declared once.

Each :class:`Parameter` carries its default, plausible range, unit, one-line meaning, kind and the
seed passage or paper it comes from. The model's defaults, validation (:func:`make_parameters`),
scenario files, the app's sliders and the Sobol bounds all read :data:`PARAMETERS`.

Kinds (after EMA Workbench's levers vs uncertainties):

- ``lever``: what a policy maker controls; its value is a constant intensity in [0, 1] that a
  schedule (:mod:`regimesim.levers`) may replace; rules read levers only through schedules;
- ``uncertainty``: a behavioural or calibration constant nobody controls;
- ``structural``: sizes, calendar and initial conditions, fixed during a run.

Sources are written ``file:section`` with the seed (source) documents abbreviated to their
number (``000`` = ``000_b25d9b2d34752588.txt``, DRIFT 2025; ``001`` = Athena/VU 2024; ``002`` =
Movisie 2023; ``003`` = PBL & VU 2026; ``004`` = Agenda Stad newsletters), ``data:`` for the
CBS figures in ``data/``, and ``stylised`` where the seeds give only a direction (the seeds
give no effect sizes, digest §0): those values are plausible choices, calibrated to the patterns
of digest §5, and are the first candidates for a sensitivity study.
"""

from __future__ import annotations

import difflib
import math
from collections import namedtuple
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from regimesim.levers import LEVERS

Kind = Literal["lever", "uncertainty", "structural"]


@dataclass(frozen=True)
class Parameter:
    """One declared parameter or lever."""

    name: str
    default: float | int
    low: float
    high: float
    unit: str
    meaning: str
    kind: Kind
    source: str
    integer: bool = False

    def check(self, value: Any) -> float | int:
        """``value`` converted to this parameter's type, or a ValueError/TypeError naming it."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(value) if not self.integer else int(str(value))
            except (TypeError, ValueError):
                kind = "a whole number" if self.integer else "a number"
                raise TypeError(
                    f"parameter {self.name!r} must be {kind} in [{self.low:g}, {self.high:g}] "
                    f"({self.unit}), got {value!r}"
                ) from None
        if self.integer:
            if isinstance(value, float) and not value.is_integer():
                raise TypeError(
                    f"parameter {self.name!r} must be a whole number in "
                    f"[{self.low:g}, {self.high:g}] ({self.unit}), got {value!r}"
                )
            value = int(value)
        else:
            value = float(value)
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise ValueError(
                f"parameter {self.name!r} = {value!r} is outside its allowed range "
                f"[{self.low:g}, {self.high:g}] ({self.unit}): {self.meaning}"
            )
        return value


def _s(name, default, low, high, unit, meaning, source, integer=True):
    return Parameter(name, default, low, high, unit, meaning, "structural", source, integer)


def _u(name, default, low, high, unit, meaning, source):
    return Parameter(name, default, low, high, unit, meaning, "uncertainty", source)


def _lever(name, meaning, source):
    return Parameter(name, 0.0, 0.0, 1.0, "intensity", meaning, "lever", source)


PARAMETERS: tuple[Parameter, ...] = (
    # --- levers (their constant intensity; schedules override) -----------------------------------
    _lever("build_up", "opbouw: fund and scale the proeftuinen, accelerate the new practice",
           "000:Aanbeveling 2 (opbouw); digest I1, I5"),
    _lever("phase_out", "afbouw: stop and dismantle old structures and the fallback route",
           "000:Aanbeveling 2 (afbouw, uitfaseren); 001 (samenvoegen of opheffen); digest I3"),
    _lever("rebuild", "ombouw: change rules, criteria and financing, remove barriers",
           "000:Aanbeveling 2 (ombouw); 001 (one family budget, legislation); digest I2, I17"),
    _lever("build_on", "voortbouw: hold on to the guiding principles as shared direction",
           "000:Aanbeveling 2 (voortbouw, leidende principes); digest I4"),
    _lever("learning_infrastructure",
           "learning community and practice-policy coalitions with policy makers taking part",
           "000:Aanbeveling 3 and 4; digest I9, I10"),
    _lever("space_guarantee", "guaranteed floor under the proeftuinen's experimental space",
           "000:Zoeken naar experimenteerruimte; digest I6, I7"),
    _lever("societal_dialogue", "counter-discourse on (un)safety that damps the reflex to incidents",
           "001:acties governance (tegenkracht n.a.v. incidenten); digest I16"),
    # --- structural: sizes, calendar, initial state ---------------------------------------------
    # the lowest scale that leaves the default 42 regions their 2 posts each (84 of 15,000);
    # make_parameters cross-checks other region and post counts
    _s("scale", 1.0, 0.0056, 1.0, "share of NL",
       "share of the Dutch families and professionals simulated (1 = the Netherlands)",
       "design.md §3", integer=False),
    _s("start_year", 2010, 1990, 2100, "year", "first simulated month is January of this year",
       "issue 2 (default run 2010-2045)"),
    _s("end_year", 2045, 1990, 2100, "year", "last simulated month is December of this year",
       "000:Wat is een transitie (20-50 jaar)"),
    _s("spinup_years", 5, 0, 50, "years",
       "years simulated before start_year without levers or events, not recorded",
       "stylised (lets stocks settle from the initial draw)"),
    _s("n_families_full", 100_000, 1_000, 1_000_000, "households",
       "households facing unsafety at scale 1", "issue 2; data:measures_stock (~31k measures)"),
    _s("n_professionals_full", 15_000, 100, 200_000, "posts",
       "professional posts (local teams, certified institutions, Veilig Thuis, Council) at scale 1",
       "issue 2"),
    _s("n_municipalities", 342, 1, 1_000, "municipalities", "municipalities",
       "data:municipalities (342 in 2023)"),
    _s("n_regions", 42, 1, 100, "regions", "youth-care regions (candidate proeftuinen)",
       "stylised (42 jeugdzorgregio's)"),
    _s("n_ministries", 2, 1, 10, "ministries", "commissioning ministries",
       "000:Aanleiding (de betrokken ministeries)"),
    _s("peer_ties", 6, 0, 50, "ties", "peer ties per professional post",
       "002:Small wins (olievlek)"),
    _s("peer_ties_local", 0.8, 0.0, 1.0, "share", "share of peer ties within the own region",
       "stylised", integer=False),
    _s("proeftuinen_first", 6, 0, 100, "proeftuinen", "first tranche of proeftuinen",
       "data:proeftuinen 2021 (6)"),
    _s("proeftuinen_first_year", 2021, 1990, 2100, "year", "year the first tranche starts",
       "data:proeftuinen 2021"),
    _s("proeftuinen_second", 4, 0, 100, "proeftuinen", "second tranche of proeftuinen",
       "data:proeftuinen 2022 (+4, 10 in all)"),
    _s("proeftuinen_second_year", 2022, 1990, 2100, "year", "year the second tranche starts",
       "data:proeftuinen 2022"),
    _s("decentralisation_year", 2015, 1990, 2100, "year",
       "January of this year youth care moves to municipalities (no shock if outside the run)",
       "000:Destabilisatie (2015); glossary"),
    _s("benefits_scandal_year", 2021, 1990, 2100, "year",
       "year the benefits scandal shocks trust and pressure", "000:Destabilisatie (toeslagenaffaire)"),
    _s("labour_shortage_year", 2022, 1990, 2100, "year", "year the labour-market squeeze starts",
       "001:professionals (roze olifant)"),
    _s("labour_shortage", 0.3, 0.0, 1.0, "share",
       "labour-market squeeze from labour_shortage_year: fewer hires, more leavers",
       "001:professionals (roze olifant); stylised", integer=False),
    _s("benefits_scandal_trust", 0.1, 0.0, 1.0, "share", "fraction of trust lost in the scandal",
       "000:Destabilisatie; 003 ch. 4 (vertrouwen)", integer=False),
    _s("benefits_scandal_pressure", 0.3, 0.0, 5.0, "pressure", "pressure added by the scandal",
       "000:Destabilisatie", integer=False),
    _s("initial_regime", 0.9, 0.0, 1.0, "strength", "initial strength of each regime layer",
       "000:Een hardnekkig regime (50 jaar dezelfde effecten)", integer=False),
    _s("initial_transformative_capacity", 0.2, 0.0, 1.0, "share",
       "ministries' initial transformative capacity", "000:Aanbeveling 4; 003", integer=False),
    _s("initial_pressure", 1.0, 0.0, 5.0, "pressure", "initial pressure", "000:Aanbeveling 1",
       integer=False),
    _s("budget_margin", 1.02, 0.5, 2.0, "ratio",
       "municipal budgets at the start relative to the initial cost of help",
       "stylised", integer=False),
    # --- families (needs, waiting, help, measures; M10) ---------------------------------------
    _u("unsafety_mean", 0.35, 0.05, 0.95, "share", "mean unsafety/complexity of a new household",
       "stylised"),
    _u("unsafety_concentration", 5.0, 1.0, 50.0, "1", "concentration of the Beta unsafety draw",
       "stylised"),
    _u("leave_rate", 0.01, 0.0, 0.2, "/month", "households leaving unsafety without help",
       "stylised"),
    _u("signal_rate", 0.03, 0.001, 0.5, "/month", "signalling rate of an unhelped household",
       "001:acties (tijdige hulp); stylised"),
    _u("unsafety_drift", 0.003, 0.0, 0.05, "/month", "growth of untreated unsafety",
       "001:resultaten (schadelijke patronen); stylised"),
    _u("intake_rate", 0.5, 0.01, 1.0, "/month", "share of free case slots filled a month",
       "stylised"),
    _u("voluntary_duration", 12.0, 1.0, 60.0, "months", "mean duration of voluntary help",
       "stylised"),
    _u("coercive_duration", 27.0, 3.0, 120.0, "months", "mean duration of a coercive measure",
       "data:measures_stock / measures_inflow (~31k / ~12k a year)"),
    _u("new_route_effect", 0.3, 0.0, 2.0, "ratio",
       "faster resolution and help effect on the new (ecosystem) route",
       "000:Er is transitiedynamiek (verlichting); 001 Figuur 3"),
    _u("escalation_rate", 0.01, 0.0, 0.1, "/month", "voluntary help escalating to a measure",
       "000:Een hardnekkig regime (veel gedwongen maatregelen)"),
    _u("help_effect", 0.02, 0.0, 0.2, "/month", "monthly reduction of unsafety in help",
       "001:resultaten; stylised"),
    _u("handover_harm", 0.02, 0.0, 0.2, "share", "unsafety added by a hand-over in the chain",
       "001:Figuur 3 (estafette); digest M10"),
    _u("coercion_base", 0.0, -5.0, 5.0, "logit", "baseline log-odds of a coercive start",
       "000:Een hardnekkig regime; stylised"),
    _u("coercion_unsafety", 3.0, 0.0, 10.0, "logit", "effect of unsafety on coercion",
       "stylised"),
    _u("coercion_risk", 2.0, 0.0, 10.0, "logit", "effect of ministries' risk aversion on coercion",
       "000:Destabilisatie (kramp van risicobeheersing)"),
    _u("coercion_protocol", 1.5, 0.0, 10.0, "logit", "effect of protocol strictness on coercion",
       "001:gestapelde protocollering"),
    _u("coercion_new_route", 1.0, 0.0, 10.0, "logit", "lower coercion on the new route",
       "001:Figuur 3 (ecosysteem: dialoog)"),
    _u("wellbeing_none", 0.45, 0.0, 1.0, "share", "wellbeing of a household without help",
       "001:resultaten (welbevinden); stylised"),
    _u("wellbeing_waiting_loss", 0.1, 0.0, 1.0, "share", "wellbeing lost while waiting",
       "004 (lange wachtlijsten)"),
    _u("wellbeing_help", 0.6, 0.0, 1.0, "share", "wellbeing in voluntary help", "stylised"),
    _u("wellbeing_coercion_loss", 0.15, 0.0, 1.0, "share", "wellbeing lost under a measure",
       "000:Een hardnekkig regime"),
    _u("new_route_relief", 0.15, 0.0, 1.0, "share", "wellbeing and trust gained on the new route",
       "000:Er is transitiedynamiek (brengt verlichting)"),
    _u("wellbeing_rate", 0.05, 0.001, 1.0, "/month", "speed of wellbeing adjustment", "stylised"),
    _u("trust_initial", 0.5, 0.0, 1.0, "share", "trust in government of a new household",
       "003 ch. 4; stylised"),
    _u("trust_waiting_loss", 0.1, 0.0, 1.0, "share", "trust lost while waiting", "stylised"),
    _u("trust_coercion_loss", 0.2, 0.0, 1.0, "share", "trust lost under a measure",
       "000:Een hardnekkig regime (wantrouwen richting gezinnen)"),
    _u("trust_rate", 0.03, 0.001, 1.0, "/month", "speed of trust adjustment", "stylised"),
    # --- capacity, costs, municipalities ------------------------------------------------------
    _u("sustainable_caseload", 4.4, 0.5, 30.0, "cases/post",
       "cases a post carries at workload 1 without protocols (all professional types together)",
       "data:caseload_norm, caseload_practice; stylised"),
    _u("protocol_burden", 0.5, 0.0, 3.0, "ratio", "extra time per case at full protocol strictness",
       "001:gestapelde protocollering"),
    _u("cost_coercive", 2500.0, 0.0, 20000.0, "EUR/month", "cost of a family under a measure",
       "data:youth_care_spending; stylised"),
    _u("cost_voluntary", 1000.0, 0.0, 20000.0, "EUR/month", "cost of a family in voluntary help",
       "stylised"),
    _u("cost_waiting", 100.0, 0.0, 5000.0, "EUR/month", "cost of a waiting family", "stylised"),
    _u("cost_new_route", 0.85, 0.1, 2.0, "ratio", "cost multiplier on the new route",
       "001:Figuur 3; stylised"),
    _u("decentralisation_budget_cut", 0.15, 0.0, 0.9, "share",
       "municipal budget cut with the decentralisation", "004 (grote geldtekorten)"),
    _u("decentralisation_shock", 0.3, 0.0, 1.0, "strength",
       "drop of the structure layer at the decentralisation", "000:Destabilisatie (geforceerd)"),
    _u("budget_recovery", 0.004, 0.0, 0.1, "/month", "recovery of municipal budgets after a cut",
       "stylised"),
    _u("rationing", 2.0, 0.0, 20.0, "1/stress", "intake rationing by municipalities over budget",
       "004 (lange wachtlijsten, grote geldtekorten)"),
    _u("fallback_smoothing", 0.1, 0.001, 1.0, "/month", "smoothing of the fallback-use share",
       "stylised"),
    # --- M8 fallback and dual running ---------------------------------------------------------
    _u("fallback_unsafety", 6.0, 0.0, 20.0, "logit", "effect of unsafety on fallback",
       "000:Spagaat (terugvaloptie voor complexe gezinnen)"),
    _u("fallback_threshold", 0.6, 0.0, 1.0, "unsafety", "unsafety at which fallback is even odds",
       "000:Spagaat; stylised"),
    _u("fallback_maturity", 3.0, 0.0, 20.0, "logit", "maturity lowering fallback", "digest M8"),
    _u("fallback_backing", 2.0, 0.0, 20.0, "logit", "backing lowering fallback", "digest M8"),
    _u("fallback_phase_out", 3.0, 0.0, 20.0, "logit", "phase-out removing the fallback option",
       "000:Aanbeveling 2 (afbouw); digest I3"),
    _u("dual_workload", 0.8, 0.0, 3.0, "workload", "workload added by dual running",
       "000:Spagaat (steeds meer moeite)"),
    # --- M2 incidents, media, risk reflex (M18, M20) ------------------------------------------
    _u("incident_base", 5e-4, 0.0, 0.01, "/month", "incident hazard of a household at unsafety 1",
       "000:Destabilisatie (incidenten); stylised (~20 a month nationally)"),
    _u("incident_waiting", 1.0, 0.0, 10.0, "ratio", "extra incident hazard without help",
       "004 (wachtlijsten); stylised"),
    _u("incident_workload", 1.0, 0.0, 10.0, "1/workload", "incident hazard rising with workload",
       "000:Er is transitiedynamiek; digest M2"),
    _u("incident_smoothing", 0.1, 0.001, 1.0, "/month", "smoothing of the incident rate",
       "stylised"),
    _u("news_base", 0.01, 0.0, 1.0, "probability", "chance an incident reaches the news",
       "000:Destabilisatie (calamiteiten in het nieuws)"),
    _u("news_salience", 0.03, 0.0, 1.0, "probability", "extra news chance at full media salience",
       "003 ch. 6 (incidenten worden uitvergroot)"),
    _u("salience_gain", 1.0, 0.0, 10.0, "salience", "media salience added per publicised incident",
       "003 ch. 6"),
    _u("salience_decay", 0.3, 0.01, 1.0, "/month", "decay of media salience", "stylised"),
    _u("reflex_risk", 0.05, 0.0, 1.0, "share", "rise of risk aversion per publicised incident",
       "000:Destabilisatie (kramp van risicobeheersing)"),
    _u("reflex_protocol", 0.05, 0.0, 1.0, "share", "protocols stacked per publicised incident",
       "001:gestapelde protocollering; 004 (negatief leren)"),
    _u("reflex_space", 0.03, 0.0, 1.0, "share", "experimental space cut per publicised incident",
       "000:Zoeken naar experimenteerruimte"),
    _u("reflex_defensive", 0.02, 0.0, 1.0, "share", "push to defensive practice per publicised incident",
       "000:Destabilisatie; 001 (individuele aansprakelijkheid)"),
    _u("dialogue_damping", 0.7, 0.0, 1.0, "share", "share of the reflex that full dialogue removes",
       "001:tegenkracht n.a.v. incidenten"),
    _u("tc_damping", 0.5, 0.0, 1.0, "share", "share of the reflex that full transformative capacity removes",
       "digest M16"),
    _u("risk_baseline", 0.4, 0.0, 1.0, "share", "ministries' resting risk aversion",
       "000:Een hardnekkig regime (risicomijding)"),
    _u("risk_pressure", 0.05, 0.0, 1.0, "1/pressure", "risk aversion rising with pressure",
       "003 ch. 6 (bewindspersonen uit de wind houden)"),
    _u("risk_relax", 0.05, 0.0, 1.0, "/month", "relaxation of risk aversion to its baseline",
       "stylised"),
    _u("phase_out_resistance", 0.2, 0.0, 1.0, "share",
       "risk aversion raised by organisations whose existence phase-out questions",
       "000:Transitiepijn (bestaansrecht); digest M9"),
    _u("protocol_baseline", 0.4, 0.0, 1.0, "share", "resting protocol strictness",
       "001:gestapelde protocollering"),
    _u("protocol_relax", 0.005, 0.0, 0.5, "/month", "slow unstacking of protocols",
       "001; stylised (a ratchet)"),
    _u("rebuild_protocol", 3.0, 0.0, 20.0, "ratio", "faster unstacking of protocols under rebuild",
       "001:supervision beyond individual liability; digest I17"),
    # --- M1 pressure --------------------------------------------------------------------------
    _u("pressure_adjust", 0.05, 0.001, 1.0, "/month", "speed of pressure adjustment", "stylised"),
    _u("pressure_regime", 0.5, 0.0, 5.0, "pressure", "pressure from an unchanged regime",
       "000:Aanbeveling 1 (onvermijdelijk gevolg van het uitblijven van verandering)"),
    _u("pressure_waiting", 0.3, 0.0, 5.0, "pressure", "pressure from waiting lists (per 10 %)",
       "000:Een hardnekkig regime (wachtlijsten)"),
    _u("pressure_workload", 1.0, 0.0, 10.0, "pressure", "pressure from workload above 1",
       "000 (werkdruk)"),
    _u("pressure_incidents", 0.2, 0.0, 5.0, "pressure", "pressure from incidents (per 20 a month)",
       "000 (incidenten)"),
    _u("pressure_turbulence", 15.0, 0.0, 50.0, "pressure per (strength/yr)",
       "pressure from the speed of the regime's breakdown (the chaos phase)",
       "000:X-curve figure (chaos); digest §6"),
    _u("turbulence_smoothing", 0.1, 0.001, 1.0, "/month", "smoothing of the breakdown speed",
       "stylised"),
    _u("reorganisation_stress", 0.05, 0.0, 1.0, "stress per (strength/yr)",
       "monthly stress from the regime's breakdown speed (reorganisations, hand-overs)",
       "000:Destabilisatie; 001 (transitiepijn)"),
    _u("pressure_costs", 1.0, 0.0, 10.0, "pressure", "pressure from municipal budget stress",
       "000 (kosten); 004"),
    _u("openness_threshold", 1.2, 0.0, 5.0, "pressure", "pressure at which the regime is half open",
       "digest M1 (double effect)"),
    _u("openness_slope", 3.0, 0.1, 20.0, "1/pressure", "steepness of regime openness in pressure",
       "digest M1"),
    _u("deviation_pressure", 0.2, 0.0, 5.0, "1/pressure",
       "how pressure discourages deviating from protocol", "000:Aanbeveling 4"),
    # --- M3 lock-in ----------------------------------------------------------------------------
    _u("practice_adjust", 0.02, 0.0, 0.5, "/month", "practice layer following what is done",
       "000:Aanbeveling 1 (padafhankelijkheid)"),
    _u("coupling", 0.02, 0.0, 0.5, "/month", "layers pulling each other back",
       "000:Een hardnekkig regime (cultuur, structuur, werkwijze)"),
    _u("absorption", 0.03, 0.0, 0.5, "/month", "structure absorbed back to culture and practice",
       "000:Een hardnekkig regime (hervormingen onderdeel van het regime)"),
    _u("culture_adjust", 0.01, 0.0, 0.5, "/month", "culture following structure and practice",
       "000:Aanbeveling 1"),
    _u("culture_risk", 0.003, 0.0, 0.5, "/month", "risk aversion hardening the culture",
       "000:Een hardnekkig regime (risicomijding, wantrouwen)"),
    _u("protocol_structure", 0.01, 0.0, 0.5, "/month", "protocols hardening the structure",
       "001:gestapelde protocollering"),
    _u("phase_out_practice", 0.02, 0.0, 0.5, "/month", "phase-out dismantling old practice",
       "000:Aanbeveling 2 (afbouw)"),
    _u("phase_out_structure", 0.05, 0.0, 0.5, "/month", "phase-out dismantling old structures",
       "000:Aanbeveling 2 (afbouw); 001 (opheffen)"),
    _u("rebuild_structure", 0.03, 0.0, 0.5, "/month", "rebuild changing rules and financing",
       "000:Aanbeveling 2 (ombouw)"),
    _u("build_on_culture", 0.003, 0.0, 0.1, "/month", "guiding principles eroding the old culture",
       "000:Aanbeveling 2 (voortbouw)"),
    _u("culture_learning", 0.01, 0.0, 1.0, "/lesson", "weighed lessons eroding the old culture",
       "000:Aanbeveling 4"),
    # --- professionals (M9, M15) ---------------------------------------------------------------
    _u("stress_gain", 0.05, 0.0, 1.0, "/month", "stress from workload above 1",
       "001:professionals ((tijds)druk)"),
    _u("stress_recovery", 0.05, 0.0, 1.0, "/month", "stress recovery", "stylised"),
    _u("transition_pain", 0.01, 0.0, 0.5, "/month",
       "stress of professionals who tasted the new way when its room closes",
       "000:Transitiepijn (niet meer terug willen)"),
    _u("innovator_leak", 0.01, 0.0, 0.5, "/month", "stress from energy leaking in a proeftuin",
       "000:Transitiepijn (weglekkende energie)"),
    _u("burnout_threshold", 0.6, 0.0, 1.0, "stress", "stress above which a holder is burnt out",
       "000:Transitiepijn (opbranden)"),
    _u("burnout_capacity_loss", 0.5, 0.0, 1.0, "share", "capacity lost by a burnt-out holder",
       "stylised"),
    _u("attrition_base", 0.01, 0.0, 0.2, "/month", "baseline monthly attrition", "stylised"),
    _u("attrition_stress", 0.03, 0.0, 0.5, "/month", "attrition at full stress", "stylised"),
    _u("labour_pull", 0.5, 0.0, 5.0, "ratio", "extra attrition in a tight labour market",
       "001:professionals (roze olifant)"),
    _u("hire_rate", 0.2, 0.0, 1.0, "/month", "chance a vacant post is filled", "stylised"),
    _u("newhire_position", 0.3, 0.0, 1.0, "position", "upper bound of a new hire's practice position",
       "000:De voorontwikkeling loopt al lang; stylised"),
    _u("newhire_stress", 0.1, 0.0, 1.0, "stress", "stress of a new hire", "stylised"),
    _u("adopt_peer", 0.05, 0.0, 1.0, "/month", "pull of peers' practice (oil spot)",
       "002:Small wins (olievlek); 002 Actieonderzoek"),
    _u("adopt_proeftuin", 0.5, 0.0, 1.0, "/month", "pull of the proeftuin's mature practice",
       "000:Er is transitiedynamiek (opnieuw uitvinden van rollen)"),
    _u("regime_pull", 0.005, 0.0, 0.5, "/month", "pull of the old practice layer on each professional",
       "000:Aanbeveling 1 (lock-in)"),
    _u("ratchet", 0.8, 0.0, 1.0, "share", "how much less those who tasted the new way revert",
       "000:Transitiepijn; digest stylised fact 27"),
    _u("phase_out_room", 2.0, 0.0, 5.0, "ratio",
       "room for the new practice where phase-out has dismantled the old structures",
       "000:Aanbeveling 2 (om- en afbouw nodig); 001 (samenvoegen of opheffen); digest I3"),
    _u("space_outside", 0.05, 0.0, 1.0, "share", "room for the new practice outside proeftuinen",
       "000:De voorontwikkeling loopt al lang"),
    # --- M6, M22 niche ---------------------------------------------------------------------------
    _u("maturity_initial", 0.1, 0.0, 1.0, "maturity", "maturity of a starting proeftuin",
       "004 (inrollen, niet uitrollen)"),
    _u("maturity_growth", 0.1, 0.0, 1.0, "/month", "logistic growth rate of maturity",
       "000:Er is transitiedynamiek (versnelling)"),
    _u("maturity_erosion", 0.02, 0.0, 1.0, "/month", "erosion of maturity above the regime's cap",
       "000:Aanbeveling 2 (terugschieten in dezelfde groef)"),
    _u("maturity_decay", 0.01, 0.0, 1.0, "/month", "erosion of maturity without energy",
       "000:Transitiepijn"),
    _u("k_min", 0.2, 0.0, 1.0, "maturity", "carrying capacity of a niche under a full regime",
       "digest M6 (K(R))"),
    _u("barrier_cap", 0.6, 0.0, 1.0, "share", "share of the room open barriers take away",
       "000:Afstand tussen praktijk en beleid"),
    _u("build_up_spread", 0.02, 0.0, 1.0, "/month", "chance a region joins at full build-up",
       "000:Aanbeveling 2 (opbouw); digest I5"),
    _u("build_up_growth", 1.0, 0.0, 10.0, "ratio", "faster maturity growth at full build-up",
       "000:Aanbeveling 2 (versnellen)"),
    # --- M7 experimental space -------------------------------------------------------------------
    _u("space_relax", 0.02, 0.0, 1.0, "/month", "space moving to what ministries grant",
       "000:Zoeken naar experimenteerruimte"),
    _u("space_narrowing", 0.02, 0.0, 1.0, "/month", "narrowing by visibility and risk aversion",
       "000:Zoeken naar experimenteerruimte (getoetst aan het oude systeem)"),
    _u("space_base", 1.0, 0.0, 2.0, "share", "space granted by a ministry without risk aversion",
       "000:Zoeken naar experimenteerruimte (oorspronkelijke opdracht)"),
    _u("space_risk", 0.6, 0.0, 2.0, "share", "space withheld per unit of risk aversion",
       "000:Zoeken naar experimenteerruimte"),
    _u("space_tc", 0.3, 0.0, 2.0, "share", "space granted per unit of transformative capacity",
       "000:Aanbeveling 4"),
    # --- M9 innovator energy ----------------------------------------------------------------------
    _u("energy_initial", 0.8, 0.0, 1.0, "energy", "innovator energy of a starting proeftuin",
       "000:Er is transitiedynamiek"),
    _u("energy_backing", 0.01, 0.0, 0.5, "/month", "energy from backing", "000 (rugdekking)"),
    _u("energy_barrier", 0.004, 0.0, 0.5, "/month", "energy drained by open barriers",
       "000:Transitiepijn (opbranden bij uitblijvende verandering)"),
    _u("energy_dual", 0.01, 0.0, 0.5, "/month", "energy drained by dual running",
       "000:Spagaat (steeds meer moeite)"),
    _u("energy_insecurity", 0.004, 0.0, 0.5, "/month", "energy drained by little experimental space",
       "000:Zoeken naar experimenteerruimte (onveiligheid)"),
    # --- M14 small wins ----------------------------------------------------------------------------
    _u("win_rate", 3, 0.0, 20.0, "/month", "small wins a month at full maturity, energy, space",
       "002:Small wins"),
    _u("win_decay", 0.02, 0.0, 1.0, "/month", "decay of embedded small wins (robustness)",
       "002:Small wins (robuustheid)"),
    _u("win_energy", 0.02, 0.0, 1.0, "share", "energy gained per small win (energising)",
       "002:Small wins (commitment, optimisme)"),
    _u("win_knowledge", 0.05, 0.0, 1.0, "lessons", "lessons per small win (experimenting)",
       "002:Small wins (experimenteren)"),
    _u("win_attraction", 0.05, 0.0, 1.0, "1/win", "faster growth per embedded win (attraction)",
       "002:Small wins (aantrekkingskracht)"),
    # --- M12, M13, M16, M11 learning and institutionalisation -----------------------------------
    _u("learn_rate", 0.1, 0.0, 2.0, "lessons/month", "operational lessons of a proeftuin",
       "000:Aanbeveling 3 (operationeel leren)"),
    _u("share_rate", 0.05, 0.0, 1.0, "/month", "share of a proeftuin's lessons shared",
       "001:kenniscyclus (delen)"),
    _u("community_share", 2.0, 0.0, 20.0, "ratio", "extra sharing with a learning community",
       "000:Aanbeveling 3 (leergemeenschap)"),
    _u("radar_loss", 0.03, 0.0, 1.0, "/month", "shared lessons lost before they are weighed",
       "001:kenniscyclus (onder de radar)"),
    _u("weigh_rate", 0.2, 0.0, 1.0, "/month", "weighing rate at full capacity and participation",
       "000:Aanbeveling 4 (wegen); 001"),
    _u("participation_base", 0.15, 0.0, 1.0, "share", "policy makers taking part without coalitions",
       "000:Aanbeveling 4 (onvoldoende deelgenoot)"),
    _u("coalition_participation", 0.8, 0.0, 1.0, "share", "participation coalitions add at full lever",
       "000:Aanbeveling 3 (coalities, duidingssessies)"),
    _u("build_on_legibility", 0.5, 0.0, 5.0, "ratio", "weighing eased by shared principles",
       "000:Aanbeveling 2 (voortbouw)"),
    _u("salience_crowding", 0.5, 0.0, 1.0, "share", "weighing crowded out at high media salience",
       "003 ch. 2, ch. 6 (waan van de dag)"),
    _u("tc_learning", 0.1, 0.0, 5.0, "/lesson", "transformative capacity per weighed lesson",
       "000:Aanbeveling 4"),
    _u("tc_build_on", 0.005, 0.0, 0.5, "/month", "transformative capacity from shared direction",
       "003 (loopbaanpaden, mandaat)"),
    _u("tc_turnover", 0.01, 0.0, 0.5, "/month", "transformative capacity fading with turnover",
       "003 ch. 4 (afhankelijk van individuen)"),
    _u("backing_base", 0.5, 0.0, 1.0, "share", "ministries' backing at zero capacity and risk",
       "000 (rugdekking)"),
    _u("backing_tc", 0.5, 0.0, 2.0, "share", "backing per unit of transformative capacity",
       "003 (top geeft rugdekking)"),
    _u("backing_risk", 0.4, 0.0, 2.0, "share", "backing withheld per unit of risk aversion",
       "000 (missen rugdekking)"),
    _u("use_barriers", 0.02, 0.0, 5.0, "/lesson", "barriers removed per weighed lesson used",
       "000:Aanbeveling 3 (institutionele barrières slechten)"),
    _u("rebuild_barriers", 0.03, 0.0, 1.0, "/month", "barriers removed by full rebuild",
       "000:Aanbeveling 2 (ombouw)"),
    _u("inst_rate", 0.02, 0.0, 1.0, "/month", "speed of institutionalising the new practice",
       "000:Afstand tussen praktijk en beleid"),
    _u("inst_weighed", 1.0, 0.0, 20.0, "1/lesson", "institutionalisation per weighed lesson",
       "000:Aanbeveling 4"),
    _u("inst_decay", 0.05, 0.0, 1.0, "/month", "de-institutionalisation by stacked protocols",
       "004 (negatief leren)"),
)

BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
if len(BY_NAME) != len(PARAMETERS):  # pragma: no cover - a declaration error
    raise RuntimeError("duplicate parameter names in PARAMETERS")
if tuple(p.name for p in PARAMETERS if p.kind == "lever") != LEVERS:  # pragma: no cover
    raise RuntimeError("lever declarations and regimesim.levers.LEVERS disagree")

#: Names of the parameters the kernels read (uncertainties and structural, never levers).
KERNEL_FIELDS: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.kind != "lever")

#: The NamedTuple of floats the kernels receive as ``p``.
KernelParams = namedtuple("KernelParams", KERNEL_FIELDS, module=__name__)


@dataclass(frozen=True)
class Parameters:
    """A validated, complete set of parameter values (defaults plus overrides)."""

    values: Mapping[str, float | int]

    def __getitem__(self, name: str) -> float | int:
        try:
            return self.values[name]
        except KeyError:
            raise _unknown(name) from None

    def __getattr__(self, name: str) -> float | int:
        if name.startswith("_") or name == "values":
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(f"no parameter named {name!r}") from None

    def replace(self, **overrides: Any) -> Parameters:
        """A copy with ``overrides`` applied (validated)."""
        return make_parameters({**self.values, **overrides})

    def overrides(self) -> dict[str, float | int]:
        """The values that differ from their defaults."""
        return {k: v for k, v in self.values.items() if v != BY_NAME[k].default}

    def kernel(self) -> KernelParams:
        """The NamedTuple of floats the kernels read."""
        return KernelParams(*(float(self.values[name]) for name in KERNEL_FIELDS))

    def to_dict(self) -> dict[str, float | int]:
        return dict(self.values)


def _unknown(name: str) -> ValueError:
    close = difflib.get_close_matches(name, list(BY_NAME), n=3)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return ValueError(
        f"unknown parameter {name!r}.{hint} See `regimesim parameters` for the full list."
    )


def make_parameters(overrides: Mapping[str, Any] | None = None, /, **kwargs: Any) -> Parameters:
    """Defaults with ``overrides`` applied; raises naming the parameter and its allowed range.

    Examples
    --------
    >>> make_parameters(scale=0.1).scale
    0.1
    """
    given = {**(overrides or {}), **kwargs}
    for name in given:
        if name not in BY_NAME:
            raise _unknown(name)
    values = {p.name: p.check(given[p.name]) if p.name in given else p.default for p in PARAMETERS}
    if values["end_year"] < values["start_year"]:
        raise ValueError(
            f"parameter 'end_year' = {values['end_year']} is before 'start_year' = "
            f"{values['start_year']}; a run must end in or after the year it starts"
        )
    if values["proeftuinen_first"] + values["proeftuinen_second"] > values["n_regions"]:
        raise ValueError(
            f"parameters 'proeftuinen_first' + 'proeftuinen_second' = "
            f"{values['proeftuinen_first'] + values['proeftuinen_second']} exceed 'n_regions' = "
            f"{values['n_regions']}: each proeftuin is a youth-care region"
        )
    n_pros = round(values["scale"] * values["n_professionals_full"])
    if n_pros < 2 * values["n_regions"]:
        low = 2 * values["n_regions"] / values["n_professionals_full"]
        raise ValueError(
            f"parameter 'scale' = {values['scale']:g} leaves {n_pros} professional posts for "
            f"{values['n_regions']} regions; at least 2 a region are needed: use scale >= {low:.4f}"
        )
    if values["n_regions"] > values["n_municipalities"]:
        raise ValueError(
            f"parameter 'n_regions' = {values['n_regions']} exceeds 'n_municipalities' = "
            f"{values['n_municipalities']}: every region holds at least one municipality"
        )
    return Parameters(values)


def table() -> list[dict[str, Any]]:
    """The declarations as rows (for docs, the CLI and the app)."""
    return [
        {
            "name": p.name, "kind": p.kind, "default": p.default, "low": p.low, "high": p.high,
            "unit": p.unit, "meaning": p.meaning, "source": p.source,
        }
        for p in PARAMETERS
    ]  # fmt: skip
