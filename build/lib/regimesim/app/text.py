"""Every word the app shows, in Dutch and English (the Dutch terms are the sources' own).

:func:`t` looks a key up in the chosen language; a text missing in either language fails a test
(tests/test_app.py), so a label never shows up half-translated. Lever labels and help come from here,
the lever *controls* themselves from the declarations (:mod:`regimesim.app.controls`).
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

#: key -> (Dutch, English)
TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "regimesim: transitie in de kind- en gezinsbescherming",
        "regimesim: transition in child and family protection",
    ),
    "language": ("Taal", "Language"),
    "scenario": ("Startscenario", "Starting scenario"),
    "seed": ("Seed (zelfde seed, zelfde verloop)", "Seed (same seed, same run)"),
    "scale": ("Schaal (1 = heel Nederland)", "Scale (1 = the whole Netherlands)"),
    "controls": ("Afspelen", "Play"),
    "levers": ("Interventiemix", "Intervention mix"),
    "intensity": ("intensiteit", "intensity"),
    "from_year": ("vanaf", "from"),
    "uncertain": ("Onzekere parameters", "Uncertain parameters"),
    "show_uncertain": ("Toon de onzekere parameters", "Show the uncertain parameters"),
    "apply_hint": ("Wijzigingen gelden na Reset.", "Changes take effect on Reset."),
    "render_interval": ("Maanden per beeld", "Months per frame"),
    "xcurve": ("De X-curve", "The X-curve"),
    "regime_curve": ("afbraak: sterkte van het regime", "breakdown: regime strength"),
    "niche_curve": ("opbouw: aandeel nieuwe praktijk", "build-up: share of the new practice"),
    "month": ("Maand", "Month"),
    "phase_now": ("Fase nu", "Phase now"),
    "regime_side": ("Regime", "Regime"),
    "niche_side": ("Niche", "Niche"),
    "not_started": ("Druk op Step of ▶ om te beginnen.", "Press Step or ▶ to start."),
    "too_short": ("nog te kort om een fase te herkennen", "too early to name a phase"),
    "dashboard": ("Uitkomsten", "Outcomes"),
    "indicator": ("indicator", "indicator"),
    "value": ("waarde", "value"),
    "source": ("Bron", "Source"),
    "explore": ("Verkennen", "Explore"),
    "compare": ("Vergelijken", "Compare"),
    "files": ("Bestanden", "Files"),
    "download_toml": ("Mix als scenario (TOML)", "Mix as a scenario (TOML)"),
    "download_csv": ("Verloop als CSV", "Run as CSV"),
    "download_parquet": ("Verloop als Parquet", "Run as Parquet"),
    "download_png": ("X-curve als PNG", "X-curve as PNG"),
    "download_svg": ("X-curve als SVG", "X-curve as SVG"),
    "upload": ("Sleep een scenariobestand (TOML) hierheen", "Drop a scenario file (TOML) here"),
    "uploaded": (
        "Geladen: {title}. Druk op Reset om ermee te beginnen.",
        "Loaded: {title}. Press Reset to start from it.",
    ),
    "uploaded_base": ("(geladen) {title}", "(uploaded) {title}"),
    "add_mix": ("Huidige mix toevoegen", "Add the current mix"),
    "clear_mixes": ("Leegmaken", "Clear"),
    "max_mixes": ("Hoogstens drie mixen.", "At most three mixes."),
    "seeds": ("Aantal seeds (minstens 10)", "Number of seeds (at least 10)"),
    "run_compare": ("Vergelijk", "Compare"),
    "comparing": ("Bezig: {done} van {total} runs", "Running: {done} of {total} runs"),
    "compare_hint": (
        "Voeg twee of drie mixen toe en vergelijk ze over dezelfde seeds.",
        "Add two or three mixes and compare them over the same seeds.",
    ),
    "mixes": ("mix", "mix"),
    "compare_title": (
        "Mediaan over {seeds} seeds, met 90%-band",
        "Median over {seeds} seeds, with the 90% band",
    ),
    "mix_label": ("mix {letter}: {base}", "mix {letter}: {base}"),
    "layers": ("De drie lagen van het regime", "The regime's three layers"),
    "proeftuinen": ("Proeftuinen", "Proeftuinen"),
    "proeftuinen_now": (
        "{n} proeftuinen actief; {wins:.0f} kleine successen deze maand",
        "{n} proeftuinen active; {wins:.0f} small wins this month",
    ),
    "regions": ("Jeugdregio's", "Youth-care regions"),
    "region_indicator": ("Kleur naar", "Colour by"),
    "teach": ("Lesmodus", "Teach"),
    "teach_play": ("▶ langzaam", "▶ slowly"),
    "teach_pause": ("❚❚ pauze", "❚❚ pause"),
    "teach_step": ("1 maand", "1 month"),
    "pause_on_event": ("Pauzeer bij een gebeurtenis", "Pause on an event"),
    "teach_speed": ("Milliseconden per maand", "Milliseconds per month"),
    "event_log": ("Wat er gebeurde", "What happened"),
    "no_events": ("Nog niets gebeurd.", "Nothing has happened yet."),
    "region_note": (
        "Omlijnd: regio met een actieve proeftuin.",
        "Outlined: region with an active proeftuin.",
    ),
}

#: lever name -> ((Dutch label, English label), (Dutch help, English help)); the groups are the
#: sources' own ([DRIFT2025] Aanbeveling 2: opbouw, ombouw, afbouw, voortbouw; Aanbeveling 3-4)
LEVER_TEXT: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "build_up": (
        ("Opbouw", "Build-up"),
        (
            "Proeftuinen financieren en opschalen: de nieuwe praktijk versnellen.",
            "Fund and scale the proeftuinen: accelerate the new practice.",
        ),
    ),
    "phase_out": (
        ("Afbouw", "Phase-out"),
        (
            "Stoppen met en afbouwen van oude structuren en de terugvaloptie.",
            "Stop and dismantle old structures and the fallback route.",
        ),
    ),
    "rebuild": (
        ("Ombouw", "Rebuild"),
        (
            "Regels, criteria en financiering veranderen; barrières wegnemen.",
            "Change rules, criteria and financing; remove barriers.",
        ),
    ),
    "build_on": (
        ("Voortbouw", "Build-on"),
        (
            "Vasthouden aan de leidende principes als gedeelde richting.",
            "Hold on to the guiding principles as the shared direction.",
        ),
    ),
    "learning_infrastructure": (
        ("Leerinfrastructuur", "Learning infrastructure"),
        (
            "Proeftuinen, praktijk-beleidscoalities en ministeries leren samen.",
            "Proeftuinen, practice-policy coalitions and ministries learn together.",
        ),
    ),
    "space_guarantee": (
        ("Experimenteerruimte", "Experimental space"),
        (
            "Een gegarandeerde ondergrens onder de ruimte van de proeftuinen.",
            "A guaranteed floor under the proeftuinen's room to deviate.",
        ),
    ),
    "societal_dialogue": (
        ("Maatschappelijke dialoog", "Societal dialogue"),
        (
            "Een tegengeluid over (on)veiligheid dat de reflex op incidenten dempt.",
            "A counter-discourse on (un)safety that damps the reflex to incidents.",
        ),
    ),
}

#: phase -> ((Dutch name, English name), (Dutch explanation, English explanation), source);
#: the explanations follow the seeds digest §6 and quote [DRIFT2025]
PHASE_TEXT: dict[str, tuple[tuple[str, str], tuple[str, str], str]] = {
    "optimising": (
        ("optimaliseren", "optimising"),
        (
            "Het regime is sterk en verbetert zichzelf; oplossingen worden gezocht binnen de "
            'bestaande principes: "Weinig besef bij het Rijk dat de transitie ook dáár plaats '
            'moet vinden".',
            "The regime is strong and improves itself; solutions are sought within the existing "
            'principles: "little awareness at national level that the transition must also '
            'happen there".',
        ),
        "[DRIFT2025] Optimalisatie",
    ),
    "destabilising": (
        ("destabiliseren", "destabilising"),
        (
            'Het regime "komt steeds verder onder druk te staan en destabiliseert": '
            "incidenten, veroordelende rapporten, wachtlijsten, werkdruk en kosten.",
            'The regime "comes under increasing pressure and destabilises": incidents, '
            "condemning reports, waiting lists, workload and costs.",
        ),
        "[DRIFT2025] Destabilisatie",
    ),
    "chaos": (
        ("chaos", "chaos"),
        (
            'Oud en nieuw liggen "op dezelfde tafel": de curves komen bij elkaar en alles schommelt.',
            'Old and new lie "at the same table": the curves meet and everything fluctuates.',
        ),
        "[DRIFT2025] Spagaat tussen oud en nieuw; X-curve figure",
    ),
    "breaking_down": (
        ("afbreken", "breaking down"),
        (
            'Het regime brokkelt af: "Waar moeten we mee stoppen?"',
            'The regime breaks down: "what must we stop doing?"',
        ),
        "[DRIFT2025] Aanbeveling 2 (afbouw)",
    ),
    "phasing_out": (
        ("uitfaseren", "phasing out"),
        (
            "Wat overblijft van het oude wordt uitgefaseerd en afgebouwd.",
            "What is left of the old is phased out and dismantled.",
        ),
        "[DRIFT2025] Aanbeveling 2 (uitfaseren en afbouwen)",
    ),
    "experimenting": (
        ("experimenteren", "experimenting"),
        (
            'Proeftuinen proberen de nieuwe praktijk, met "veel ruimte om te experimenteren", '
            "nog klein en los van elkaar.",
            'Proeftuinen try the new practice, with "much room to experiment", still small and apart.',
        ),
        "[DRIFT2025] Zoeken naar experimenteerruimte",
    ),
    "accelerating": (
        ("versnellen", "accelerating"),
        (
            'De nieuwe praktijken versterken elkaar en groeien sneller: "versnelling van ... '
            'nieuwe praktijken".',
            'The new practices reinforce each other and grow faster: "acceleration of new practices".',
        ),
        "[DRIFT2025] Er is transitiedynamiek zichtbaar",
    ),
    "emerging": (
        ("emergentie", "emerging"),
        (
            'Er "ontstaat een beeld van hoe kind- en gezinsbescherming (0-100) ... vorm kan '
            'krijgen": de nieuwe praktijk wordt zichtbaar.',
            '"A picture emerges of how child and family protection could take shape": the '
            "new practice becomes visible.",
        ),
        "[DRIFT2025] Emergentie",
    ),
    "institutionalising": (
        ("institutionaliseren", "institutionalising"),
        (
            "De nieuwe praktijk wordt verankerd in regels, financiering en organisaties: "
            '"Hoe institutionaliseren van de nieuwe praktijken?"',
            'The new practice is anchored in rules, financing and organisations: "how '
            'to institutionalise the new practices?"',
        ),
        "[DRIFT2025] Afstand tussen praktijk en beleid",
    ),
    "stabilising": (
        ("stabiliseren", "stabilising"),
        (
            "De nieuwe praktijk is het nieuwe regime geworden en stabiliseert.",
            "The new practice has become the new regime and stabilises.",
        ),
        "[DRIFT2025] Wat is een transitie?",
    ),
}

#: indicator -> (Dutch, English) for the outcome dashboard
INDICATOR_TEXT: dict[str, tuple[str, str]] = {
    "coercive_stock": ("gedwongen maatregelen (lopend)", "coercive measures (running)"),
    "waiting_list": ("wachtlijst", "waiting list"),
    "workload": ("werkdruk (1 = norm)", "workload (1 = norm)"),
    "attrition": ("uitstroom professionals", "professionals leaving"),
    "incidents": ("incidenten", "incidents"),
    "trust": ("vertrouwen van ouders", "parents' trust"),
    "costs": ("kosten", "costs"),
    "regime_strength": ("sterkte van het regime", "regime strength"),
    "niche_share": ("aandeel nieuwe praktijk", "share of the new practice"),
    "culture": ("cultuur", "culture"),
    "structure": ("structuur", "structure"),
    "practice": ("werkwijze", "practice"),
    "innovator_energy": ("energie van vernieuwers", "innovators' energy"),
    "experimental_space": ("experimenteerruimte", "experimental space"),
}

#: outcome of a comparison (regimesim.compare; "{year}": the outcome year) -> (Dutch, English)
OUTCOME_TEXT: dict[str, tuple[str, str]] = {
    "crossing_year": ("jaar van kruising", "crossing year"),
    "niche_share_{year}": ("aandeel nieuwe praktijk {year}", "niche share {year}"),
    "coercive_measures_{year}": ("gedwongen maatregelen {year}", "coercive measures {year}"),
    "incidents_cumulative": ("incidenten (opgeteld)", "incidents (cumulative)"),
    "costs_cumulative_bn": ("kosten (opgeteld, mld euro)", "costs (cumulative, bn EUR)"),
    "workload_peak": ("hoogste werkdruk", "peak workload"),
}
#: the phrases of a comparison's table cells, in Dutch
CELL_NL: tuple[tuple[str, str], ...] = (
    (r"none by (\d+)", r"geen vóór \1"),
    (r"\((\d+)/(\d+) cross\)", r"(\1 van \2 kruisen)"),
    (r"after (\d+)", r"na \1"),
    (r"n/a \(outside horizon\)", "n.v.t. (buiten de horizon)"),
)

#: region indicator -> (Dutch, English), the ones the map can colour by
REGION_TEXT: dict[str, tuple[str, str]] = {
    "niche_share": ("aandeel nieuwe praktijk", "share of the new practice"),
    "professionals_new_share": ("professionals die nieuw werken", "professionals working the new way"),
    "waiting": ("wachtende gezinnen", "families waiting"),
    "workload": ("werkdruk (1 = norm)", "workload (1 = norm)"),
    "trust": ("vertrouwen van ouders", "parents' trust"),
    "budget_stress": ("budgettekort gemeenten", "municipalities' overspend"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    return pair[LANGUAGES.index(lang)]


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang`` (``"nl"`` or ``"en"``)."""
    return _pick(TEXT[key], lang)


def lever_label(name: str, lang: str) -> str:
    return _pick(LEVER_TEXT[name][0], lang)


def lever_help(name: str, lang: str) -> str:
    return _pick(LEVER_TEXT[name][1], lang)


def phase_name(phase: str, lang: str) -> str:
    return _pick(PHASE_TEXT[phase][0], lang)


def phase_explanation(phase: str, lang: str) -> str:
    return _pick(PHASE_TEXT[phase][1], lang)


def phase_source(phase: str) -> str:
    return PHASE_TEXT[phase][2]


def indicator_label(name: str, lang: str) -> str:
    return _pick(INDICATOR_TEXT[name], lang)


def region_label(name: str, lang: str) -> str:
    return _pick(REGION_TEXT[name], lang)


def parameter_meaning(param, lang: str) -> str:
    """A declared parameter's one-line meaning in ``lang`` (the declaration is the English one;
    :mod:`regimesim.app.parameter_text` the Dutch)."""
    from regimesim.app.parameter_text import PARAMETER_NL

    return _pick((PARAMETER_NL.get(param.name, param.meaning), param.meaning), lang)


def outcome_label(name: str, year: int, lang: str) -> str:
    """The header of a comparison's outcome ``name`` (as :mod:`regimesim.compare` names it)."""
    key = name.replace(str(year), "{year}")
    return _pick(OUTCOME_TEXT[key], lang).format(year=year)


def cell_text(text: str, lang: str) -> str:
    """A comparison's table cell in ``lang`` (the table is written in English)."""
    import re

    _pick(("", ""), lang)  # checks the language
    if lang == "nl":
        for pattern, repl in CELL_NL:
            text = re.sub(pattern, repl, text)
    return text
