"""Every parameter and lever of the model, declared once.

Each :class:`Parameter` carries its default, plausible range, unit, one-line meaning, kind and the
seed passage or paper it comes from. The model's defaults, validation (:func:`make_parameters`),
scenario files, the app's sliders and the Sobol bounds all read :data:`PARAMETERS`.

Kinds (after EMA Workbench's levers vs uncertainties):

- ``lever``: what a policy maker controls; its value is a constant intensity in [0, 1] that a
  schedule (:mod:`regimesim.levers`) may replace; rules read levers only through schedules; a
  lever also names its ``holder`` (the ministries, with the ``justice_share`` held by JenV, or
  the municipalities), and the levers' declaration order is their column order
  (:mod:`regimesim.lever_columns`);
- ``uncertainty``: a behavioural or calibration constant nobody controls;
- ``structural``: sizes, calendar and initial conditions, fixed during a run.

Sources are written ``[KEY] passage``, the key naming a document listed with its publication
details in ``docs/sources.md`` and ``CITATION.cff`` (``[DRIFT2025]``, ``[Athena2024]``,
``[Movisie2023]``, ``[PBLVU2026]``, ``[Potjer2022]``), ``data:`` for the CBS figures in
``data/``, and ``stylised`` where the sources give only a direction (they give no effect sizes,
digest §0): those values are plausible choices, calibrated to the patterns of digest §5, and are
the first candidates for a sensitivity study.
"""

from __future__ import annotations

import difflib
import math
from collections import namedtuple
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["lever", "uncertainty", "structural"]
#: Who carries out a lever: the ministries (national levers) or the municipalities.
Holder = Literal["ministries", "municipalities"]


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
    #: a lever's holder (:mod:`regimesim.rules.governance`); None for the other kinds
    holder: Holder | None = None
    #: a ministries' lever: the share held by the justice side (JenV), the rest by VWS
    justice_share: float = 0.0

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


def _lever(name, meaning, source, holder, justice_share=0.0):
    return Parameter(name, 0.0, 0.0, 1.0, "intensity", meaning, "lever", source, False, holder, justice_share)


# one declaration a few lines, grouped by kind: the table is read as a table, so ruff format leaves it
# fmt: off
PARAMETERS: tuple[Parameter, ...] = (
    # --- levers (their constant intensity; schedules override) -----------------------------------
    # declaration order = column order of the lever matrix (regimesim.lever_columns). Holder: build-up
    # is municipal; the national levers are shared by the ministries, the justice (JenV) share
    # stylised after the public division of roles: the old structures that phase-out dismantles
    # (the Council for Child Protection, the certified institutions' measures) sit mostly with JenV;
    # rules, financing, the guiding principles, learning, the space guarantee and the dialogue are
    # shared ([DRIFT2025] "de betrokken ministeries", "opdrachtgevers"); see rules/governance.py
    _lever("build_up", "opbouw: fund and scale the proeftuinen, accelerate the new practice",
           "[DRIFT2025] Aanbeveling 2 (opbouw); digest I1, I5", "municipalities"),
    _lever("phase_out", "afbouw: stop and dismantle old structures and the fallback route",
           "[DRIFT2025] Aanbeveling 2 (afbouw, uitfaseren); [Athena2024] (samenvoegen of opheffen); "
           "digest I3", "ministries", justice_share=0.7),
    _lever("rebuild", "ombouw: change rules, criteria and financing, remove barriers",
           "[DRIFT2025] Aanbeveling 2 (ombouw); [Athena2024] (one family budget, legislation); "
           "digest I2, I17", "ministries", justice_share=0.5),
    _lever("build_on", "voortbouw: hold on to the guiding principles as shared direction",
           "[DRIFT2025] Aanbeveling 2 (voortbouw, leidende principes); digest I4",
           "ministries", justice_share=0.5),
    _lever("learning_infrastructure",
           "learning community and practice-policy coalitions with policy makers taking part",
           "[DRIFT2025] Aanbeveling 3 and 4; digest I9, I10", "ministries", justice_share=0.5),
    _lever("space_guarantee", "guaranteed floor under the proeftuinen's experimental space",
           "[DRIFT2025] Zoeken naar experimenteerruimte; digest I6, I7", "ministries", justice_share=0.5),
    _lever("societal_dialogue", "counter-discourse on (un)safety that damps the reflex to incidents",
           "[Athena2024] acties governance (tegenkracht n.a.v. incidenten); digest I16",
           "ministries", justice_share=0.5),
    # --- structural: sizes, calendar, initial state ---------------------------------------------
    # the lowest scale that leaves the default 42 regions their 2 posts each (84 of 15,000);
    # make_parameters cross-checks other region and post counts
    _s("scale", 1.0, 0.0056, 1.0, "share of NL",
       "share of the Dutch families and professionals simulated (1 = the Netherlands)",
       "design.md §3", integer=False),
    _s("start_year", 2010, 1990, 2100, "year", "first simulated month is January of this year",
       "issue 2 (default run 2010-2045)"),
    _s("end_year", 2045, 1990, 2100, "year", "last simulated month is December of this year",
       "[DRIFT2025] Wat is een transitie (20-50 jaar)"),
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
       "[DRIFT2025] Aanleiding (de betrokken ministeries)"),
    _s("peer_ties", 6, 0, 50, "ties", "peer ties per professional post",
       "[Movisie2023] Small wins (olievlek)"),
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
       "[DRIFT2025] Destabilisatie (2015); glossary"),
    _s("benefits_scandal_year", 2021, 1990, 2100, "year",
       "year the benefits scandal shocks trust and pressure",
       "[DRIFT2025] Destabilisatie (toeslagenaffaire)"),
    _s("labour_shortage_year", 2022, 1990, 2100, "year", "year the labour-market squeeze starts",
       "[Athena2024] professionals (roze olifant)"),
    _s("labour_shortage", 0.3, 0.0, 1.0, "share",
       "labour-market squeeze from labour_shortage_year: fewer hires, more leavers",
       "[Athena2024] professionals (roze olifant); stylised", integer=False),
    _s("benefits_scandal_trust", 0.1, 0.0, 1.0, "share", "fraction of trust lost in the scandal",
       "[DRIFT2025] Destabilisatie; [PBLVU2026] ch. 4 (vertrouwen)", integer=False),
    _s("benefits_scandal_pressure", 0.3, 0.0, 5.0, "pressure", "pressure added by the scandal",
       "[DRIFT2025] Destabilisatie", integer=False),
    _s("initial_regime", 0.9, 0.0, 1.0, "strength", "initial strength of each regime layer",
       "[DRIFT2025] Een hardnekkig regime (50 jaar dezelfde effecten)", integer=False),
    _s("initial_transformative_capacity", 0.2, 0.0, 1.0, "share",
       "ministries' initial transformative capacity", "[DRIFT2025] Aanbeveling 4; [PBLVU2026]",
       integer=False),
    _s("initial_pressure", 1.0, 0.0, 5.0, "pressure", "initial pressure", "[DRIFT2025] Aanbeveling 1",
       integer=False),
    _s("budget_margin", 1.02, 0.5, 2.0, "ratio",
       "municipal budgets at the start relative to the initial cost of help",
       "stylised", integer=False),
    _s("budget_spread", 0.15, 0.0, 1.0, "log sd",
       "spread of municipal budgets per family (log-normal, mean 1): some are tight from the start",
       "[DRIFT2025] (grote geldtekorten bij gemeenten); stylised", integer=False),
    _s("proeftuin_diversity", 0.5, 0.0, 1.0, "share",
       "spread of the proeftuinen's own approaches (0: all alike; 1: over the whole range)",
       "[DRIFT2025] Aanbeveling 1 (verschillende paden bewandelen); digest §1.4 (diverse); stylised",
       integer=False),
    # --- families (needs, waiting, help, measures; M10) ---------------------------------------
    _u("unsafety_mean", 0.35, 0.05, 0.95, "share", "mean unsafety/complexity of a new household",
       "stylised"),
    _u("unsafety_concentration", 5.0, 1.0, 50.0, "1", "concentration of the Beta unsafety draw",
       "stylised"),
    _u("leave_rate", 0.01, 0.0, 0.2, "/month", "households leaving unsafety without help",
       "stylised"),
    _u("signal_rate", 0.03, 0.001, 0.5, "/month", "signalling rate of an unhelped household",
       "[Athena2024] acties (tijdige hulp); stylised"),
    _u("unsafety_drift", 0.003, 0.0, 0.05, "/month", "growth of untreated unsafety",
       "[Athena2024] resultaten (schadelijke patronen); stylised"),
    _u("intake_rate", 0.5, 0.01, 1.0, "/month", "share of free case slots filled a month",
       "stylised"),
    _u("voluntary_duration", 12.0, 1.0, 60.0, "months", "mean duration of voluntary help",
       "stylised"),
    _u("coercive_duration", 27.0, 3.0, 120.0, "months", "mean duration of a coercive measure",
       "data:measures_stock / measures_inflow (~31k / ~12k a year)"),
    _u("new_route_effect", 0.3, 0.0, 2.0, "ratio",
       "faster resolution and help effect on the new (ecosystem) route",
       "[DRIFT2025] Er is transitiedynamiek (verlichting); [Athena2024] Figuur 3"),
    _u("escalation_rate", 0.01, 0.0, 0.1, "/month", "voluntary help escalating to a measure",
       "[DRIFT2025] Een hardnekkig regime (veel gedwongen maatregelen)"),
    _u("help_effect", 0.02, 0.0, 0.2, "/month", "monthly reduction of unsafety in help",
       "[Athena2024] resultaten; stylised"),
    _u("handover_harm", 0.02, 0.0, 0.2, "share", "unsafety added by a hand-over in the chain",
       "[Athena2024] Figuur 3 (estafette); digest M10"),
    _u("coercion_base", 0.5, -5.0, 5.0, "logit", "baseline log-odds of a coercive start",
       "[DRIFT2025] Een hardnekkig regime; stylised"),
    _u("coercion_unsafety", 3.0, 0.0, 10.0, "logit", "effect of unsafety on coercion",
       "stylised"),
    _u("coercion_risk", 2.0, 0.0, 10.0, "logit", "effect of ministries' risk aversion on coercion",
       "[DRIFT2025] Destabilisatie (kramp van risicobeheersing)"),
    _u("coercion_protocol", 1.5, 0.0, 10.0, "logit", "effect of protocol strictness on coercion",
       "[Athena2024] gestapelde protocollering"),
    _u("coercion_culture", 3.0, 0.0, 10.0, "logit",
       "effect of the regime's culture layer (against its start) on coercion",
       "[DRIFT2025] Een hardnekkig regime (risicomijding, wantrouwen; veel gedwongen maatregelen)"),
    _u("coercion_new_route", 1.0, 0.0, 10.0, "logit", "lower coercion on the new route",
       "[Athena2024] Figuur 3 (ecosysteem: dialoog)"),
    _u("wellbeing_none", 0.45, 0.0, 1.0, "share", "wellbeing of a household without help",
       "[Athena2024] resultaten (welbevinden); stylised"),
    _u("wellbeing_waiting_loss", 0.1, 0.0, 1.0, "share", "wellbeing lost while waiting",
       "[Potjer2022] (lange wachtlijsten)"),
    _u("wellbeing_help", 0.6, 0.0, 1.0, "share", "wellbeing in voluntary help", "stylised"),
    _u("wellbeing_coercion_loss", 0.15, 0.0, 1.0, "share", "wellbeing lost under a measure",
       "[DRIFT2025] Een hardnekkig regime"),
    _u("new_route_relief", 0.15, 0.0, 1.0, "share", "wellbeing and trust gained on the new route",
       "[DRIFT2025] Er is transitiedynamiek (brengt verlichting)"),
    _u("wellbeing_rate", 0.05, 0.001, 1.0, "/month", "speed of wellbeing adjustment", "stylised"),
    _u("trust_initial", 0.5, 0.0, 1.0, "share", "trust in government of a new household",
       "[PBLVU2026] ch. 4; stylised"),
    _u("trust_waiting_loss", 0.1, 0.0, 1.0, "share", "trust lost while waiting", "stylised"),
    _u("trust_coercion_loss", 0.2, 0.0, 1.0, "share", "trust lost under a measure",
       "[DRIFT2025] Een hardnekkig regime (wantrouwen richting gezinnen)"),
    _u("trust_rate", 0.03, 0.001, 1.0, "/month", "speed of trust adjustment", "stylised"),
    # --- capacity, costs, municipalities ------------------------------------------------------
    _u("sustainable_caseload", 4.4, 0.5, 30.0, "cases/post",
       "cases a post carries at workload 1 without protocols (all professional types together)",
       "data:caseload_norm, caseload_practice; stylised"),
    _u("protocol_burden", 0.5, 0.0, 3.0, "ratio", "extra time per case at full protocol strictness",
       "[Athena2024] gestapelde protocollering"),
    _u("optimise_time", 0.06, 0.0, 0.3, "ratio",
       "extra professional time per case for each unit of optimisation (assessments, second opinions)",
       "[DRIFT2025] Een hardnekkig regime (werkdruk); [Athena2024] (tijds)druk; stylised"),
    _u("caseload_stretch", 0.5, 0.0, 3.0, "share",
       "how far beyond the sustainable caseload teams take families on under a long waiting list",
       "[DRIFT2025] Een hardnekkig regime (werkdruk); [Athena2024] (tijds)druk; data/ caseload "
       "practice 17 vs norm 15 (2022)"),
    _u("cost_coercive", 2500.0, 0.0, 20000.0, "EUR/month", "cost of a family under a measure",
       "data:youth_care_spending; stylised"),
    _u("cost_voluntary", 1000.0, 0.0, 20000.0, "EUR/month", "cost of a family in voluntary help",
       "stylised"),
    _u("cost_waiting", 100.0, 0.0, 5000.0, "EUR/month", "cost of a waiting family", "stylised"),
    _u("cost_new_route", 0.85, 0.1, 2.0, "ratio", "cost multiplier on the new route",
       "[Athena2024] Figuur 3; stylised"),
    _u("decentralisation_budget_cut", 0.15, 0.0, 0.9, "share",
       "municipal budget cut with the decentralisation", "[Potjer2022] (grote geldtekorten)"),
    _u("decentralisation_shock", 0.3, 0.0, 1.0, "strength",
       "drop of the structure layer at the decentralisation", "[DRIFT2025] Destabilisatie (geforceerd)"),
    _u("budget_recovery", 0.008, 0.0, 0.1, "/month", "recovery of municipal budgets after a cut",
       "stylised"),
    _u("budget_cover", 0.9, 0.0, 2.0, "share",
       "share of the escalated cost of help the national government eventually funds",
       "[Potjer2022] (grote geldtekorten); stylised"),
    _u("rationing", 2.0, 0.0, 20.0, "1/stress", "intake rationing by municipalities over budget",
       "[Potjer2022] (lange wachtlijsten, grote geldtekorten)"),
    _u("fallback_smoothing", 0.1, 0.001, 1.0, "/month", "smoothing of the fallback-use share",
       "stylised"),
    # --- M8 fallback and dual running ---------------------------------------------------------
    _u("fallback_unsafety", 6.0, 0.0, 20.0, "logit", "effect of unsafety on fallback",
       "[DRIFT2025] Spagaat (terugvaloptie voor complexe gezinnen)"),
    _u("fallback_threshold", 0.6, 0.0, 1.0, "unsafety", "unsafety at which fallback is even odds",
       "[DRIFT2025] Spagaat; stylised"),
    _u("fallback_maturity", 3.0, 0.0, 20.0, "logit", "maturity lowering fallback", "digest M8"),
    _u("fallback_backing", 2.0, 0.0, 20.0, "logit", "backing lowering fallback", "digest M8"),
    _u("fallback_phase_out", 3.0, 0.0, 20.0, "logit", "phase-out removing the fallback option",
       "[DRIFT2025] Aanbeveling 2 (afbouw); digest I3"),
    _u("dual_workload", 0.8, 0.0, 3.0, "workload", "workload added by dual running",
       "[DRIFT2025] Spagaat (steeds meer moeite)"),
    # --- M2 incidents, media, risk reflex (M18, M20) ------------------------------------------
    _u("incident_base", 5e-4, 0.0, 0.01, "/month", "incident hazard of a household at unsafety 1",
       "[DRIFT2025] Destabilisatie (incidenten); stylised (~20 a month nationally)"),
    _u("incident_waiting", 1.0, 0.0, 10.0, "ratio", "extra incident hazard without help",
       "[Potjer2022] (wachtlijsten); stylised"),
    _u("incident_workload", 1.0, 0.0, 10.0, "1/workload", "incident hazard rising with workload",
       "[DRIFT2025] Er is transitiedynamiek; digest M2"),
    _u("incident_smoothing", 0.1, 0.001, 1.0, "/month", "smoothing of the incident rate",
       "stylised"),
    _u("news_base", 0.01, 0.0, 1.0, "probability", "chance an incident reaches the news",
       "[DRIFT2025] Destabilisatie (calamiteiten in het nieuws)"),
    _u("news_salience", 0.03, 0.0, 1.0, "probability", "extra news chance at full media salience",
       "[PBLVU2026] ch. 6 (incidenten worden uitvergroot)"),
    _u("salience_gain", 1.0, 0.0, 10.0, "salience", "media salience added per publicised incident",
       "[PBLVU2026] ch. 6"),
    _u("salience_decay", 0.3, 0.01, 1.0, "/month", "decay of media salience", "stylised"),
    _u("severity_tail", 2.5, 1.1, 10.0, "tail index",
       "Pareto tail of incident severity (mean 1; smaller = more grave incidents)",
       "[PBLVU2026] ch. 6 (incidenten worden uitvergroot); stylised"),
    _u("report_base", 0.05, 0.0, 5.0, "/month/pressure", "condemning reports a month per unit of pressure",
       "[DRIFT2025] Een hardnekkig regime (steeds opnieuw veroordelende rapporten); digest M2; stylised"),
    _u("report_severity", 2.0, 0.1, 10.0, "severity",
       "weight of a condemning report against an average incident",
       "[DRIFT2025] Een hardnekkig regime; stylised"),
    _u("response_logit", 0.0, -10.0, 10.0, "logit",
       "ministries' inclination to answer a publicised incident with new rules",
       "[DRIFT2025] Destabilisatie (kramp van risicobeheersing); digest M2"),
    _u("response_risk", 4.0, 0.0, 20.0, "logit", "risk aversion raising the chance of a regulatory response",
       "[PBLVU2026] ch. 6 (risicomijdend gedrag)"),
    _u("response_severity", 1.5, 0.0, 10.0, "logit/ln severity", "graver incidents answered more often",
       "[PBLVU2026] ch. 6 (schuldvragen domineren); stylised"),
    _u("response_salience", 1.0, 0.0, 10.0, "logit", "media attention raising the chance of a response",
       "[PBLVU2026] ch. 6 (bewindspersonen uit de wind houden)"),
    _u("reflex_risk", 0.018, 0.0, 1.0, "share", "rise of risk aversion per publicised incident",
       "[DRIFT2025] Destabilisatie (kramp van risicobeheersing)"),
    _u("reflex_protocol", 0.018, 0.0, 1.0, "share", "protocols stacked per publicised incident",
       "[Athena2024] gestapelde protocollering; [Potjer2022] (negatief leren)"),
    _u("reflex_space", 0.012, 0.0, 1.0, "share", "experimental space cut per publicised incident",
       "[DRIFT2025] Zoeken naar experimenteerruimte"),
    _u("reflex_defensive", 0.02, 0.0, 1.0, "share", "push to defensive practice per publicised incident",
       "[DRIFT2025] Destabilisatie; [Athena2024] (individuele aansprakelijkheid)"),
    _u("dialogue_damping", 0.7, 0.0, 1.0, "share",
       "share of the reflex (and of the responses) that full dialogue removes",
       "[Athena2024] tegenkracht n.a.v. incidenten"),
    _u("tc_damping", 0.5, 0.0, 1.0, "share",
       "share of the reflex (and of the responses) that full transformative capacity removes",
       "digest M16"),
    _u("risk_baseline", 0.4, 0.0, 1.0, "share", "ministries' resting risk aversion",
       "[DRIFT2025] Een hardnekkig regime (risicomijding)"),
    _u("risk_pressure", 0.05, 0.0, 1.0, "1/pressure", "risk aversion rising with pressure",
       "[PBLVU2026] ch. 6 (bewindspersonen uit de wind houden)"),
    _u("risk_relax", 0.05, 0.0, 1.0, "/month", "relaxation of risk aversion to its baseline",
       "stylised"),
    _u("phase_out_resistance", 0.2, 0.0, 1.0, "share",
       "risk aversion raised by organisations whose existence phase-out questions",
       "[DRIFT2025] Transitiepijn (bestaansrecht); digest M9"),
    _u("protocol_baseline", 0.4, 0.0, 1.0, "share", "resting protocol strictness",
       "[Athena2024] gestapelde protocollering"),
    _u("protocol_relax", 0.005, 0.0, 0.5, "/month", "slow unstacking of protocols",
       "[Athena2024]; stylised (a ratchet)"),
    _u("rebuild_protocol", 3.0, 0.0, 20.0, "ratio", "faster unstacking of protocols under rebuild",
       "[Athena2024] supervision beyond individual liability; digest I17"),
    # --- M1 pressure --------------------------------------------------------------------------
    _u("pressure_adjust", 0.05, 0.001, 1.0, "/month", "speed of pressure adjustment", "stylised"),
    _u("pressure_regime", 0.5, 0.0, 5.0, "pressure", "pressure from an unchanged regime",
       "[DRIFT2025] Aanbeveling 1 (onvermijdelijk gevolg van het uitblijven van verandering)"),
    _u("pressure_waiting", 0.3, 0.0, 5.0, "pressure", "pressure from waiting lists (per 10 %)",
       "[DRIFT2025] Een hardnekkig regime (wachtlijsten)"),
    _u("pressure_workload", 1.0, 0.0, 10.0, "pressure", "pressure from workload above 1",
       "[DRIFT2025] (werkdruk)"),
    _u("pressure_incidents", 0.2, 0.0, 5.0, "pressure", "pressure from incidents (per 20 a month)",
       "[DRIFT2025] (incidenten)"),
    _u("turbulence_smoothing", 0.1, 0.001, 1.0, "/month", "smoothing of the breakdown speed",
       "stylised"),
    _u("reorganisation_stress", 0.05, 0.0, 1.0, "stress per (strength/yr)",
       "monthly stress from the regime's breakdown speed (reorganisations, hand-overs)",
       "[DRIFT2025] Destabilisatie; [Athena2024] (transitiepijn)"),
    _u("pressure_distrust", 2.0, 0.0, 20.0, "pressure/trust",
       "pressure per unit of trust in government households lost (below a new household's)",
       "[DRIFT2025] Een hardnekkig regime (wantrouwen); [PBLVU2026] ch. 4 (toeslagenaffaire)"),
    _u("pressure_absorb", 0.05, 0.0, 1.0, "/month",
       "share of the pressure stock absorbed a month by intact structures (or the anchored new practice)",
       "[DRIFT2025] Een hardnekkig regime (hervormingen onderdeel van het regime)"),
    _u("pressure_unanchored", 4.0, 0.0, 20.0, "pressure",
       "pressure from the new practice running ahead of its anchoring (niche above institutionalised share)",
       "[DRIFT2025] Spagaat tussen oud en nieuw; Afstand tussen praktijk en beleid"),
    _u("pressure_erosion", 0.008, 0.0, 0.5, "/month",
       "erosion of the structure and culture layers by pressure, at full openness",
       "[DRIFT2025] Een hardnekkig regime (steeds verder onder druk, destabiliseert)"),
    _u("pressure_resilience", 0.95, 0.0, 5.0, "pressure",
       "pressure the regime absorbs without eroding (half erosion at this level)",
       "[DRIFT2025] Een hardnekkig regime (veerkrachtig); stylised"),
    _u("erosion_slope", 14.0, 0.1, 50.0, "1/pressure", "steepness of erosion in pressure above resilience",
       "stylised"),
    _u("culture_erosion", 0.5, 0.0, 2.0, "ratio",
       "erosion of the culture layer by pressure, relative to the structure layer's",
       "[DRIFT2025] Een hardnekkig regime (cultuur reproduceert zich); stylised"),
    _u("pressure_costs", 0.5, 0.0, 10.0, "pressure", "pressure from municipal budget stress",
       "[DRIFT2025] (kosten); [Potjer2022]"),
    _u("pressure_escalation", 0.1, 0.0, 0.5, "pressure",
       "pressure per unit of the optimisation stock Z (at Z = 1 a case costs twice as much)",
       "[DRIFT2025] Een hardnekkig regime (groeiende kosten), Er is transitiedynamiek zichtbaar; stylised"),
    _u("openness_threshold", 1.2, 0.0, 5.0, "pressure", "pressure at which the regime is half open",
       "digest M1 (double effect)"),
    _u("openness_slope", 3.0, 0.1, 20.0, "1/pressure", "steepness of regime openness in pressure",
       "digest M1"),
    _u("deviation_pressure", 0.2, 0.0, 5.0, "1/pressure",
       "how pressure discourages deviating from protocol", "[DRIFT2025] Aanbeveling 4"),
    # --- M5 optimisation ----------------------------------------------------------------------
    _u("optimise_rate", 0.004, 0.0, 0.1, "/month/pressure",
       "cost added to a case a month per unit pressure met by optimising instead of choosing",
       "[PBLVU2026] ch. 1 (optimaliseren: grotere maatschappelijke kosten); stylised"),
    _u("optimise_unwind", 0.02, 0.0, 0.5, "/month",
       "rate at which system choices and the anchored new practice unwind the optimisation",
       "[PBLVU2026] ch. 1-2; stylised"),
    # --- M16, M2, M11 governance: who carries out the levers ---------------------------------------
    _u("commit_base", 0.1, 0.0, 1.0, "share",
       "commitment of a ministry without capacity, participation or risk aversion",
       "[DRIFT2025] Waar het vastloopt (optimalisatie: weinig besef bij het Rijk); stylised"),
    _u("commit_tc", 0.8, 0.0, 2.0, "share", "commitment per unit of transformative capacity",
       "[DRIFT2025] Aanbeveling 4 (transformatief vermogen in de departementen)"),
    _u("commit_participation", 0.4, 0.0, 2.0, "share",
       "commitment per unit of policy makers' participation in the learning",
       "[DRIFT2025] Aanbeveling 4 (onvoldoende deelgenoot geworden van de opgave)"),
    _u("commit_risk", 0.6, 0.0, 2.0, "share", "commitment withheld per unit of risk aversion",
       "[DRIFT2025] Een hardnekkig regime (risicomijding)"),
    _u("commit_urgency", 0.25, 0.0, 1.0, "share",
       "commitment per unit of the escalated bill (optimisation stock Z): choices postponed until so "
       "urgent that no one can get around them",
       "[PBLVU2026] ch. 1-2 (vooruitschuiven tot ze zo urgent zijn dat niemand er meer omheen kan); "
       "stylised"),
    _u("commit_adjust", 0.03, 0.001, 1.0, "/month", "speed at which commitment follows its target",
       "[DRIFT2025] Waar het vastloopt (optimalisatie); stylised"),
    _u("justice_risk", 0.15, 0.0, 1.0, "share",
       "resting risk aversion of the justice ministry (JenV) above the youth ministry (VWS)",
       "stylised (JenV answers for children under a measure); [DRIFT2025] Een hardnekkig regime"),
    # --- M3 lock-in ----------------------------------------------------------------------------
    _u("practice_adjust", 0.02, 0.0, 0.5, "/month", "practice layer following what is done",
       "[DRIFT2025] Aanbeveling 1 (padafhankelijkheid)"),
    _u("coupling", 0.02, 0.0, 0.5, "/month", "layers pulling each other back",
       "[DRIFT2025] Een hardnekkig regime (cultuur, structuur, werkwijze)"),
    _u("absorption", 0.03, 0.0, 0.5, "/month", "structure absorbed back to culture and practice",
       "[DRIFT2025] Een hardnekkig regime (hervormingen onderdeel van het regime)"),
    _u("culture_adjust", 0.01, 0.0, 0.5, "/month", "culture following structure and practice",
       "[DRIFT2025] Aanbeveling 1"),
    _u("culture_risk", 0.003, 0.0, 0.5, "/month", "risk aversion hardening the culture",
       "[DRIFT2025] Een hardnekkig regime (risicomijding, wantrouwen)"),
    _u("protocol_structure", 0.01, 0.0, 0.5, "/month", "protocols hardening the structure",
       "[Athena2024] gestapelde protocollering"),
    _u("phase_out_practice", 0.02, 0.0, 0.5, "/month", "phase-out dismantling old practice",
       "[DRIFT2025] Aanbeveling 2 (afbouw)"),
    _u("phase_out_structure", 0.05, 0.0, 0.5, "/month", "phase-out dismantling old structures",
       "[DRIFT2025] Aanbeveling 2 (afbouw); [Athena2024] (opheffen)"),
    _u("rebuild_structure", 0.03, 0.0, 0.5, "/month", "rebuild changing rules and financing",
       "[DRIFT2025] Aanbeveling 2 (ombouw)"),
    _u("build_on_culture", 0.003, 0.0, 0.1, "/month", "guiding principles eroding the old culture",
       "[DRIFT2025] Aanbeveling 2 (voortbouw)"),
    _u("culture_learning", 0.01, 0.0, 1.0, "/lesson", "weighed lessons eroding the old culture",
       "[DRIFT2025] Aanbeveling 4"),
    # --- professionals (M9, M15) ---------------------------------------------------------------
    _u("stress_gain", 0.05, 0.0, 1.0, "/month", "stress from workload above 1",
       "[Athena2024] professionals ((tijds)druk)"),
    _u("stress_recovery", 0.05, 0.0, 1.0, "/month", "stress recovery", "stylised"),
    _u("transition_pain", 0.01, 0.0, 0.5, "/month",
       "stress of professionals who tasted the new way when its room closes",
       "[DRIFT2025] Transitiepijn (niet meer terug willen)"),
    _u("phase_out_pain", 0.1, 0.0, 0.5, "/month",
       "stress of old-practice professionals whose structures phase-out dismantles, at full phase-out",
       "[DRIFT2025] Transitiepijn (bestaansrecht ter discussie)"),
    _u("innovator_leak", 0.01, 0.0, 0.5, "/month", "stress from energy leaking in a proeftuin",
       "[DRIFT2025] Transitiepijn (weglekkende energie)"),
    _u("burnout_threshold", 0.6, 0.0, 1.0, "stress", "stress above which a holder is burnt out",
       "[DRIFT2025] Transitiepijn (opbranden)"),
    _u("burnout_capacity_loss", 0.5, 0.0, 1.0, "share", "capacity lost by a burnt-out holder",
       "stylised"),
    _u("attrition_base", 0.01, 0.0, 0.2, "/month", "baseline monthly attrition", "stylised"),
    _u("attrition_stress", 0.03, 0.0, 0.5, "/month", "attrition at full stress", "stylised"),
    _u("labour_pull", 0.5, 0.0, 5.0, "ratio", "extra attrition in a tight labour market",
       "[Athena2024] professionals (roze olifant)"),
    _u("hire_rate", 0.2, 0.0, 1.0, "/month", "chance a vacant post is filled", "stylised"),
    _u("newhire_position", 0.3, 0.0, 1.0, "position", "upper bound of a new hire's practice position",
       "[DRIFT2025] De voorontwikkeling loopt al lang; stylised"),
    _u("newhire_stress", 0.1, 0.0, 1.0, "stress", "stress of a new hire", "stylised"),
    _u("adopt_peer", 0.05, 0.0, 1.0, "/month", "pull of peers' practice (oil spot)",
       "[Movisie2023] Small wins (olievlek); [Movisie2023] Actieonderzoek"),
    _u("adopt_reinforcement", 1.0, 0.0, 1.0, "share",
       "weight of the threshold response (share of adopting peers) in the peer pull; "
       "0 = linear pull by the peers' mean position",
       "[DRIFT2025] Aanbeveling 1 (perioden van stagnatie en versnelling); "
       "digest stylised fact 25, M14 (threshold rule)"),
    _u("adopt_threshold", 0.5, 0.0, 1.0, "share",
       "share of adopting peers at which the peer pull is half way (complex contagion)",
       "[Movisie2023] Actieonderzoek (loslaten van bekende werkwijzen: veel onzekerheid); "
       "stylised"),
    _u("adopt_slope", 15.0, 0.0, 100.0, "1/share",
       "steepness of the peer threshold (0 = the adopting share itself, linear)", "stylised"),
    _u("participation_threshold", 0.2, 0.0, 1.0, "share",
       "share of the peer threshold removed for teams taking part in a proeftuin's action research",
       "[Movisie2023] Actieonderzoek (deel uitmaken van het onderzoek); digest M15, fact 20"),
    _u("adopt_proeftuin", 0.5, 0.0, 1.0, "/month", "pull of the proeftuin's mature practice",
       "[DRIFT2025] Er is transitiedynamiek (opnieuw uitvinden van rollen)"),
    _u("regime_pull", 0.005, 0.0, 0.5, "/month", "pull of the old practice layer on each professional",
       "[DRIFT2025] Aanbeveling 1 (lock-in)"),
    _u("ratchet", 0.95, 0.0, 1.0, "share",
       "how much less those who tasted the new way revert (to the regime's pull and the reflex)",
       "[DRIFT2025] Transitiepijn; digest stylised fact 27"),
    _u("phase_out_room", 3.0, 0.0, 5.0, "ratio",
       "room for the new practice where phase-out has dismantled the old structures",
       "[DRIFT2025] Aanbeveling 2 (om- en afbouw nodig); [Athena2024] (samenvoegen of opheffen); digest I3"),
    _u("space_outside", 0.05, 0.0, 1.0, "share", "room for the new practice outside proeftuinen",
       "[DRIFT2025] De voorontwikkeling loopt al lang"),
    # --- M6, M22 niche ---------------------------------------------------------------------------
    _u("maturity_initial", 0.1, 0.0, 1.0, "maturity", "maturity of a starting proeftuin",
       "[Potjer2022] (inrollen, niet uitrollen)"),
    _u("maturity_growth", 0.1, 0.0, 1.0, "/month", "logistic growth rate of maturity",
       "[DRIFT2025] Er is transitiedynamiek (versnelling)"),
    _u("maturity_erosion", 0.02, 0.0, 1.0, "/month", "erosion of maturity above the regime's cap",
       "[DRIFT2025] Aanbeveling 2 (terugschieten in dezelfde groef)"),
    _u("maturity_decay", 0.01, 0.0, 1.0, "/month", "erosion of maturity without energy",
       "[DRIFT2025] Transitiepijn"),
    _u("k_min", 0.2, 0.0, 1.0, "maturity", "carrying capacity of a niche under a full regime",
       "digest M6 (K(R))"),
    _u("barrier_cap", 0.6, 0.0, 1.0, "share", "share of the room open barriers take away",
       "[DRIFT2025] Afstand tussen praktijk en beleid"),
    _u("build_up_spread", 0.02, 0.0, 1.0, "/month", "chance a region joins at full build-up",
       "[DRIFT2025] Aanbeveling 2 (opbouw); digest I5"),
    _u("build_up_growth", 1.0, 0.0, 10.0, "ratio", "faster maturity growth at full build-up",
       "[DRIFT2025] Aanbeveling 2 (versnellen)"),
    # --- M7 experimental space -------------------------------------------------------------------
    _u("space_relax", 0.02, 0.0, 1.0, "/month", "space moving to what ministries grant",
       "[DRIFT2025] Zoeken naar experimenteerruimte"),
    _u("space_narrowing", 0.02, 0.0, 1.0, "/month", "narrowing by visibility and risk aversion",
       "[DRIFT2025] Zoeken naar experimenteerruimte (getoetst aan het oude systeem)"),
    _u("space_base", 1.0, 0.0, 2.0, "share", "space granted by a ministry without risk aversion",
       "[DRIFT2025] Zoeken naar experimenteerruimte (oorspronkelijke opdracht)"),
    _u("space_risk", 0.6, 0.0, 2.0, "share", "space withheld per unit of risk aversion",
       "[DRIFT2025] Zoeken naar experimenteerruimte"),
    _u("space_tc", 0.3, 0.0, 2.0, "share", "space granted per unit of transformative capacity",
       "[DRIFT2025] Aanbeveling 4"),
    # --- M9 innovator energy ----------------------------------------------------------------------
    _u("energy_initial", 0.8, 0.0, 1.0, "energy", "innovator energy of a starting proeftuin",
       "[DRIFT2025] Er is transitiedynamiek"),
    _u("energy_backing", 0.01, 0.0, 0.5, "/month", "energy from backing", "[DRIFT2025] (rugdekking)"),
    _u("energy_barrier", 0.004, 0.0, 0.5, "/month", "energy drained by open barriers",
       "[DRIFT2025] Transitiepijn (opbranden bij uitblijvende verandering)"),
    _u("energy_dual", 0.01, 0.0, 0.5, "/month", "energy drained by dual running",
       "[DRIFT2025] Spagaat (steeds meer moeite)"),
    _u("energy_insecurity", 0.004, 0.0, 0.5, "/month", "energy drained by little experimental space",
       "[DRIFT2025] Zoeken naar experimenteerruimte (onveiligheid)"),
    # --- M14 small wins ----------------------------------------------------------------------------
    _u("win_rate", 3, 0.0, 20.0, "/month", "small wins a month at full maturity, energy, space",
       "[Movisie2023] Small wins"),
    _u("win_decay", 0.02, 0.0, 1.0, "/month", "decay of embedded small wins (robustness)",
       "[Movisie2023] Small wins (robuustheid)"),
    _u("win_energy", 0.02, 0.0, 1.0, "share", "energy gained per small win (energising)",
       "[Movisie2023] Small wins (commitment, optimisme)"),
    _u("win_knowledge", 0.05, 0.0, 1.0, "lessons", "lessons per small win (experimenting)",
       "[Movisie2023] Small wins (experimenteren)"),
    _u("win_attraction", 0.05, 0.0, 1.0, "1/win", "faster growth per embedded win (attraction)",
       "[Movisie2023] Small wins (aantrekkingskracht)"),
    # --- M12, M13, M16, M11 learning and institutionalisation -----------------------------------
    _u("learn_rate", 0.1, 0.0, 2.0, "lessons/month", "operational lessons of a proeftuin",
       "[DRIFT2025] Aanbeveling 3 (operationeel leren)"),
    _u("share_rate", 0.05, 0.0, 1.0, "/month", "share of a proeftuin's lessons shared",
       "[Athena2024] kenniscyclus (delen)"),
    _u("community_share", 2.0, 0.0, 20.0, "ratio", "extra sharing with a learning community",
       "[DRIFT2025] Aanbeveling 3 (leergemeenschap)"),
    _u("radar_loss", 0.03, 0.0, 1.0, "/month", "shared lessons lost before they are weighed",
       "[Athena2024] kenniscyclus (onder de radar)"),
    _u("weigh_rate", 0.2, 0.0, 1.0, "/month", "weighing rate at full capacity and participation",
       "[DRIFT2025] Aanbeveling 4 (wegen); [Athena2024]"),
    _u("participation_base", 0.15, 0.0, 1.0, "share", "policy makers taking part without coalitions",
       "[DRIFT2025] Aanbeveling 4 (onvoldoende deelgenoot)"),
    _u("coalition_participation", 0.8, 0.0, 1.0, "share", "participation coalitions add at full lever",
       "[DRIFT2025] Aanbeveling 3 (coalities, duidingssessies)"),
    _u("build_on_legibility", 0.5, 0.0, 5.0, "ratio", "weighing eased by shared principles",
       "[DRIFT2025] Aanbeveling 2 (voortbouw)"),
    _u("salience_crowding", 0.5, 0.0, 1.0, "share", "weighing crowded out at high media salience",
       "[PBLVU2026] ch. 2, ch. 6 (waan van de dag)"),
    _u("tc_learning", 0.02, 0.0, 5.0, "/lesson", "transformative capacity per weighed lesson",
       "[DRIFT2025] Aanbeveling 4"),
    _u("tc_build_on", 0.003, 0.0, 0.5, "/month", "transformative capacity from shared direction",
       "[PBLVU2026] (loopbaanpaden, mandaat)"),
    _u("tc_turnover", 0.01, 0.0, 0.5, "/month", "transformative capacity fading with turnover",
       "[PBLVU2026] ch. 4 (afhankelijk van individuen)"),
    _u("backing_base", 0.5, 0.0, 1.0, "share", "ministries' backing at zero capacity and risk",
       "[DRIFT2025] (rugdekking)"),
    _u("backing_tc", 0.5, 0.0, 2.0, "share", "backing per unit of transformative capacity",
       "[PBLVU2026] (top geeft rugdekking)"),
    _u("backing_risk", 0.4, 0.0, 2.0, "share", "backing withheld per unit of risk aversion",
       "[DRIFT2025] (missen rugdekking)"),
    _u("coevolution", 0.06, 0.0, 1.0, "/month",
       "barriers broken through by co-evolving partial solutions, per unit of diversity and maturity",
       "[DRIFT2025] Aanbeveling 1 (co-evolutie van deeloplossingen, versterkende dwarsverbanden); "
       "digest M6"),
    _u("diversity_legibility", 0.25, 0.0, 1.0, "share",
       "share of the ministries' weighing lost when the proeftuinen's approaches are fully diverse",
       "digest M6 and M11 (diversity conflicts with legibility); [DRIFT2025] Afstand tussen praktijk "
       "en beleid"),
    _u("use_barriers", 0.02, 0.0, 5.0, "/lesson", "barriers removed per weighed lesson used",
       "[DRIFT2025] Aanbeveling 3 (institutionele barrières slechten)"),
    _u("rebuild_barriers", 0.03, 0.0, 1.0, "/month", "barriers removed by full rebuild",
       "[DRIFT2025] Aanbeveling 2 (ombouw)"),
    _u("inst_rate", 0.02, 0.0, 1.0, "/month", "speed of institutionalising the new practice",
       "[DRIFT2025] Afstand tussen praktijk en beleid"),
    _u("inst_weighed", 1.0, 0.0, 20.0, "1/lesson", "institutionalisation per weighed lesson",
       "[DRIFT2025] Aanbeveling 4"),
    _u("inst_decay", 0.05, 0.0, 1.0, "/month", "de-institutionalisation by stacked protocols",
       "[Potjer2022] (negatief leren)"),
)
# fmt: on

BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
if len(BY_NAME) != len(PARAMETERS):  # pragma: no cover - a declaration error
    raise RuntimeError("duplicate parameter names in PARAMETERS")
if any((p.kind == "lever") != (p.holder is not None) for p in PARAMETERS):  # pragma: no cover
    raise RuntimeError("every lever, and only a lever, names its holder in PARAMETERS")

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
            raise unknown_parameter(name) from None

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


def unknown_parameter(name: str) -> ValueError:
    """The error for a name that is no declared parameter, with the closest names."""
    close = difflib.get_close_matches(name, list(BY_NAME), n=3)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return ValueError(f"unknown parameter {name!r}.{hint} See `regimesim parameters` for the full list.")


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
            raise unknown_parameter(name)
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
            "name": p.name,
            "kind": p.kind,
            "default": p.default,
            "low": p.low,
            "high": p.high,
            "unit": p.unit,
            "meaning": p.meaning,
            "source": p.source,
        }
        for p in PARAMETERS
    ]
