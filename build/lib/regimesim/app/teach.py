"""The teaching mode's event log: what happened, month by month, in plain language.

Built only from what the model records (its indicator rows, the X-curve phases of
:mod:`regimesim.xcurve`, the number of posts): a publicised incident and what followed it in the same
month (the ministries' risk aversion, the proeftuinen's experimental space, professionals going back
to the old route -- the risk-regulation reflex of [DRIFT2025] Destabilisatie: "Wanneer
calamiteiten in het nieuws komen, schiet de sector opnieuw in een kramp van risicobeheersing"), a
condemning report, a regulatory response, proeftuinen starting, a new phase of either curve and
the crossing of the curves. Nothing is logged that the model did not record.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from regimesim.app.charts import phase_frame
from regimesim.app.text import phase_name

#: events that pause the teaching mode's play (when asked to)
PAUSING = ("incident", "phase", "crossing")


@dataclass(frozen=True)
class LogEvent:
    """One line of the log."""

    month: pd.Period
    kind: str  # incident, report, regulation, proeftuinen, phase, crossing
    nl: str
    en: str

    def text(self, lang: str) -> str:
        return f"{self.month}: {self.nl if lang == 'nl' else self.en}"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _incident(month, prev, row, posts: float) -> LogEvent:
    n = int(round(row["publicised_incidents"]))
    nl = ["een incident in het nieuws" if n == 1 else f"{n} incidenten in het nieuws"]
    en = ["a publicised incident" if n == 1 else f"{n} publicised incidents"]
    if prev is not None:
        ra0, ra1 = prev["risk_aversion"], row["risk_aversion"]
        if ra1 > ra0:
            nl.append(f"de risicomijding van de ministeries stijgt ({ra0:.2f} → {ra1:.2f})")
            en.append(f"the ministries' risk aversion rises ({ra0:.2f} → {ra1:.2f})")
        es0, es1 = prev["experimental_space"], row["experimental_space"]
        if row["active_proeftuinen"] > 0 and np.isfinite(es0) and es1 < es0:
            k = int(row["active_proeftuinen"])
            change = f"({_pct(es0)} → {_pct(es1)})"
            nl.append(f"de experimenteerruimte in {k} proeftuinen wordt kleiner {change}")
            en.append(f"experimental space narrows in {k} proeftuinen {change}")
        back = (prev["professionals_new_share"] - row["professionals_new_share"]) * posts
        if back >= 1:
            nl.append(f"{back:.0f} professionals gaan terug naar de oude werkwijze")
            en.append(f"{back:.0f} professionals revert to the old route")
    return LogEvent(month, "incident", " → ".join(nl), " → ".join(en))


def month_events(
    df: pd.DataFrame, k: int, posts: float, phases: pd.DataFrame | None = None
) -> list[LogEvent]:
    """The events of month ``k`` of the indicator table ``df`` (``posts``: occupied professional
    posts, national; ``phases``: the table's X-curve phases, if labelled)."""
    row = df.iloc[k]
    prev = df.iloc[k - 1] if k > 0 else None
    month = df.index[k]
    out = []
    if row["publicised_incidents"] > 0:
        out.append(_incident(month, prev, row, posts))
    if row["condemning_reports"] > 0:
        out.append(
            LogEvent(
                month, "report", "een veroordelend rapport over het systeem", "a report condemning the system"
            )
        )
    if row["regulatory_responses"] > 0 and prev is not None:
        p0, p1 = prev["protocol_strictness"], row["protocol_strictness"]
        change = f"{p0:.2f} → {p1:.2f}"
        out.append(
            LogEvent(
                month,
                "regulation",
                f"de ministeries reageren met nieuwe regels (protocollen {change})",
                f"the ministries respond with new rules (protocols {change})",
            )
        )
    if prev is not None and row["active_proeftuinen"] > prev["active_proeftuinen"]:
        n = int(row["active_proeftuinen"] - prev["active_proeftuinen"])
        out.append(
            LogEvent(month, "proeftuinen", f"{n} nieuwe proeftuinen beginnen", f"{n} new proeftuinen start")
        )
    if prev is not None and phases is not None:
        for side, nl_side, en_side in (
            ("regime", "het regime", "the regime"),
            ("niche", "de nieuwe praktijk", "the new practice"),
        ):
            a, b = phases[f"{side}_phase"].iloc[k - 1], phases[f"{side}_phase"].iloc[k]
            if a != b:
                out.append(
                    LogEvent(
                        month,
                        "phase",
                        f"{nl_side} gaat de fase {phase_name(str(b), 'nl')} in",
                        f"{en_side} enters the phase {phase_name(str(b), 'en')}",
                    )
                )
    if (
        prev is not None
        and prev["niche_share"] < prev["regime_strength"]
        and row["niche_share"] >= row["regime_strength"]
    ):
        out.append(
            LogEvent(
                month,
                "crossing",
                "de curves kruisen: de nieuwe praktijk haalt het regime in",
                "the curves cross: the new practice overtakes the regime",
            )
        )
    return out


def event_log(df: pd.DataFrame, posts: float) -> list[LogEvent]:
    """Every event of the indicator table ``df``, oldest first."""
    phases = phase_frame(df)
    return [e for k in range(len(df)) for e in month_events(df, k, posts, phases)]


def national_posts(model) -> float:
    """Occupied professional posts of the model, in national numbers (the model is scaled)."""
    return float(model.state.professionals.active.sum()) / float(model.params.scale)


def latest_events(model) -> list[LogEvent]:
    """The events of the month the model simulated last."""
    df = model.indicators()
    if df.empty:
        return []
    return month_events(df, len(df) - 1, national_posts(model), phase_frame(df))


def teach_step(model, pause_on_event: bool) -> bool:
    """Step the model one month; True if play should pause (an incident, a new phase or the
    crossing happened and ``pause_on_event`` is set, or the run has ended)."""
    model.step()
    if not model.running:
        return True
    return pause_on_event and any(e.kind in PAUSING for e in latest_events(model))
