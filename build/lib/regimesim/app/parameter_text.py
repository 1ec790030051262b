"""Dutch meanings of the uncertain parameters, for the app's folded-away sliders.

The English meaning of each parameter is its declaration (:data:`regimesim.parameters.PARAMETERS`);
this is its Dutch translation, in the terms of the sources (tests/test_app.py checks that every
uncertain parameter has one and that none is left over).
"""

from __future__ import annotations

#: parameter name -> its meaning in Dutch
PARAMETER_NL: dict[str, str] = {
    "unsafety_mean": "gemiddelde onveiligheid/complexiteit van een nieuw huishouden",
    "unsafety_concentration": "concentratie van de Beta-trekking van onveiligheid",
    "leave_rate": "huishoudens die zonder hulp uit de onveiligheid komen",
    "signal_rate": "signaleringskans van een huishouden zonder hulp",
    "unsafety_drift": "groei van onbehandelde onveiligheid",
    "intake_rate": "deel van de vrije plekken voor casussen dat per maand wordt gevuld",
    "voluntary_duration": "gemiddelde duur van vrijwillige hulp",
    "coercive_duration": "gemiddelde duur van een gedwongen maatregel",
    "new_route_effect": "snellere afronding en sterker hulpeffect op de nieuwe route (ecosysteem)",
    "escalation_rate": "vrijwillige hulp die escaleert naar een gedwongen maatregel",
    "help_effect": "maandelijkse afname van onveiligheid tijdens hulp",
    "handover_harm": "onveiligheid die een overdracht in de keten toevoegt",
    "coercion_base": "basis-log-odds van een gedwongen start",
    "coercion_unsafety": "effect van onveiligheid op dwang",
    "coercion_risk": "effect van de risicomijding van ministeries op dwang",
    "coercion_protocol": "effect van de strengheid van protocollen op dwang",
    "coercion_culture": "effect van de cultuurlaag van het regime (ten opzichte van de start) op dwang",
    "coercion_new_route": "minder dwang op de nieuwe route",
    "wellbeing_none": "welbevinden van een huishouden zonder hulp",
    "wellbeing_waiting_loss": "verlies aan welbevinden tijdens het wachten",
    "wellbeing_help": "welbevinden in vrijwillige hulp",
    "wellbeing_coercion_loss": "verlies aan welbevinden onder een gedwongen maatregel",
    "new_route_relief": "winst aan welbevinden en vertrouwen op de nieuwe route",
    "wellbeing_rate": "snelheid waarmee het welbevinden zich aanpast",
    "trust_initial": "vertrouwen in de overheid van een nieuw huishouden",
    "trust_waiting_loss": "verlies aan vertrouwen tijdens het wachten",
    "trust_coercion_loss": "verlies aan vertrouwen onder een gedwongen maatregel",
    "trust_rate": "snelheid waarmee het vertrouwen zich aanpast",
    "sustainable_caseload": (
        "casussen die een formatieplaats draagt bij werkdruk 1 zonder protocollen "
        "(alle typen professionals samen)"
    ),
    "protocol_burden": "extra tijd per casus bij volledige strengheid van protocollen",
    "optimise_time": (
        "extra tijd van professionals per casus voor elke eenheid optimalisatie (onderzoeken, "
        "second opinions)"
    ),
    "caseload_stretch": "hoe ver teams bij een lange wachtlijst gezinnen aannemen boven de houdbare caseload",
    "cost_coercive": "kosten van een gezin onder een gedwongen maatregel",
    "cost_voluntary": "kosten van een gezin in vrijwillige hulp",
    "cost_waiting": "kosten van een wachtend gezin",
    "cost_new_route": "kostenfactor op de nieuwe route",
    "decentralisation_budget_cut": "korting op het gemeentelijk budget bij de decentralisatie",
    "decentralisation_shock": "daling van de structuurlaag bij de decentralisatie",
    "budget_recovery": "herstel van gemeentelijke budgetten na een korting",
    "budget_cover": "deel van de opgelopen kosten van hulp dat het Rijk uiteindelijk financiert",
    "rationing": "rantsoenering van de instroom door gemeenten die over hun budget heen gaan",
    "fallback_smoothing": "afvlakking van het aandeel dat de terugvaloptie gebruikt",
    "fallback_unsafety": "effect van onveiligheid op gebruik van de terugvaloptie",
    "fallback_threshold": "onveiligheid waarbij de kans op de terugvaloptie 50 % is",
    "fallback_maturity": "volwassenheid die het gebruik van de terugvaloptie verlaagt",
    "fallback_backing": "rugdekking die het gebruik van de terugvaloptie verlaagt",
    "fallback_phase_out": "afbouw die de terugvaloptie wegneemt",
    "dual_workload": "werkdruk die de spagaat tussen oud en nieuw toevoegt",
    "incident_base": "incidentrisico van een huishouden bij onveiligheid 1",
    "incident_waiting": "extra incidentrisico zonder hulp",
    "incident_workload": "incidentrisico dat stijgt met de werkdruk",
    "incident_smoothing": "afvlakking van het aantal incidenten per maand",
    "news_base": "kans dat een incident het nieuws haalt",
    "news_salience": "extra kans op het nieuws bij volledige media-aandacht",
    "salience_gain": "media-aandacht die elk incident in het nieuws toevoegt",
    "salience_decay": "afname van de media-aandacht",
    "severity_tail": (
        "Pareto-staart van de ernst van incidenten (gemiddelde 1; kleiner = ernstiger incidenten)"
    ),
    "report_base": "veroordelende rapporten per maand per eenheid druk",
    "report_severity": "gewicht van een veroordelend rapport ten opzichte van een gemiddeld incident",
    "response_logit": (
        "neiging van ministeries om een incident in het nieuws te beantwoorden met nieuwe regels"
    ),
    "response_risk": "risicomijding die de kans op een reactie met nieuwe regels verhoogt",
    "response_severity": "ernstiger incidenten krijgen vaker een reactie",
    "response_salience": "media-aandacht die de kans op een reactie verhoogt",
    "reflex_risk": "toename van risicomijding per incident in het nieuws",
    "reflex_protocol": "protocollen die per incident in het nieuws worden gestapeld",
    "reflex_space": "inperking van de experimenteerruimte per incident in het nieuws",
    "reflex_defensive": "duw richting defensief werken per incident in het nieuws",
    "dialogue_damping": (
        "deel van de reflex (en van de reacties) dat volledige maatschappelijke dialoog wegneemt"
    ),
    "tc_damping": "deel van de reflex (en van de reacties) dat volledig transformatief vermogen wegneemt",
    "risk_baseline": "basisniveau van de risicomijding van ministeries",
    "risk_pressure": "risicomijding die stijgt met de druk",
    "risk_relax": "terugkeer van de risicomijding naar haar basisniveau",
    "phase_out_resistance": (
        "risicomijding opgewekt door organisaties van wie afbouw het bestaansrecht ter discussie stelt"
    ),
    "protocol_baseline": "basisniveau van de strengheid van protocollen",
    "protocol_relax": "langzaam terugdraaien van gestapelde protocollen",
    "rebuild_protocol": "sneller terugdraaien van gestapelde protocollen bij ombouw",
    "pressure_adjust": "snelheid waarmee de druk zich aanpast",
    "pressure_regime": "druk door een onveranderd regime",
    "pressure_waiting": "druk door wachtlijsten (per 10 %)",
    "pressure_workload": "druk door werkdruk boven 1",
    "pressure_incidents": "druk door incidenten (per 20 per maand)",
    "turbulence_smoothing": "afvlakking van de afbraaksnelheid",
    "reorganisation_stress": (
        "maandelijkse stress door de afbraaksnelheid van het regime (reorganisaties, overdrachten)"
    ),
    "pressure_distrust": (
        "druk per eenheid vertrouwen in de overheid die huishoudens verloren hebben "
        "(ten opzichte van een nieuw huishouden)"
    ),
    "pressure_absorb": (
        "deel van de opgebouwde druk dat intacte structuren "
        "(of de verankerde nieuwe praktijk) per maand opvangen"
    ),
    "pressure_unanchored": (
        "druk doordat de nieuwe praktijk vooruitloopt op haar verankering "
        "(niche boven het geïnstitutionaliseerde aandeel)"
    ),
    "pressure_erosion": "erosie van de structuur- en cultuurlaag door druk, bij volledige openheid",
    "pressure_resilience": "druk die het regime opvangt zonder te eroderen (halve erosie bij dit niveau)",
    "erosion_slope": "steilheid van de erosie bij druk boven de veerkracht",
    "culture_erosion": "erosie van de cultuurlaag door druk, ten opzichte van die van de structuurlaag",
    "pressure_costs": "druk door budgettekorten bij gemeenten",
    "pressure_escalation": (
        "druk per eenheid van de optimalisatievoorraad Z (bij Z = 1 kost een casus twee keer zoveel)"
    ),
    "openness_threshold": "druk waarbij het regime half open is",
    "openness_slope": "steilheid van de openheid van het regime als functie van de druk",
    "deviation_pressure": "mate waarin druk ontmoedigt om van het protocol af te wijken",
    "optimise_rate": (
        "kosten die per maand bij een casus komen per eenheid druk die met optimaliseren "
        "wordt beantwoord in plaats van met kiezen"
    ),
    "optimise_unwind": (
        "tempo waarin systeemkeuzes en de verankerde nieuwe praktijk de optimalisatie terugdraaien"
    ),
    "commit_base": "commitment van een ministerie zonder transformatief vermogen, deelname of risicomijding",
    "commit_tc": "commitment per eenheid transformatief vermogen",
    "commit_participation": "commitment per eenheid deelname van beleidsmakers aan het leren",
    "commit_risk": "commitment dat uitblijft per eenheid risicomijding",
    "commit_urgency": (
        "commitment per eenheid van de opgelopen rekening (optimalisatievoorraad Z): "
        "keuzes vooruitgeschoven tot ze zo urgent zijn dat niemand er meer omheen kan"
    ),
    "commit_adjust": "snelheid waarmee het commitment zijn streefwaarde volgt",
    "justice_risk": (
        "hoeveel hoger het basisniveau van de risicomijding van het ministerie van JenV ligt "
        "dan dat van VWS (jeugd)"
    ),
    "practice_adjust": "werkwijzelaag die volgt wat er feitelijk gedaan wordt",
    "coupling": "lagen die elkaar terugtrekken",
    "absorption": "structuur die terugveert naar cultuur en werkwijze",
    "culture_adjust": "cultuur die structuur en werkwijze volgt",
    "culture_risk": "risicomijding die de cultuur verhardt",
    "protocol_structure": "protocollen die de structuur verharden",
    "phase_out_practice": "afbouw die de oude werkwijze ontmantelt",
    "phase_out_structure": "afbouw die oude structuren ontmantelt",
    "rebuild_structure": "ombouw die regels en financiering verandert",
    "build_on_culture": "leidende principes die de oude cultuur uithollen",
    "culture_learning": "gewogen lessen die de oude cultuur uithollen",
    "stress_gain": "stress door werkdruk boven 1",
    "stress_recovery": "herstel van stress",
    "transition_pain": (
        "stress van professionals die het nieuwe werken hebben geproefd wanneer de ruimte daarvoor dichtgaat"
    ),
    "phase_out_pain": (
        "stress van professionals in de oude werkwijze van wie afbouw de structuren "
        "ontmantelt, bij volledige afbouw"
    ),
    "innovator_leak": "stress door weglekkende energie in een proeftuin",
    "burnout_threshold": "stress waarboven de professional op een formatieplaats opgebrand is",
    "burnout_capacity_loss": "capaciteit die een opgebrande professional verliest",
    "attrition_base": "basisuitstroom per maand",
    "attrition_stress": "uitstroom bij volledige stress",
    "labour_pull": "extra uitstroom bij een krappe arbeidsmarkt",
    "hire_rate": "kans dat een openstaande formatieplaats wordt vervuld",
    "newhire_position": "bovengrens van de positie van een nieuwe medewerker tussen oude en nieuwe werkwijze",
    "newhire_stress": "stress van een nieuwe medewerker",
    "adopt_peer": "trek van de werkwijze van collega's (olievlek)",
    "adopt_reinforcement": (
        "gewicht van de drempelrespons (aandeel collega's dat overstapt) in de trek van "
        "collega's; 0 = lineaire trek naar de gemiddelde positie van collega's"
    ),
    "adopt_threshold": (
        "aandeel overstappende collega's waarbij de trek van collega's half is (complexe besmetting)"
    ),
    "adopt_slope": "steilheid van de drempel bij collega's (0 = het aandeel overstappers zelf, lineair)",
    "participation_threshold": (
        "deel van de drempel dat wegvalt voor teams die meedoen aan het actieonderzoek van een proeftuin"
    ),
    "adopt_proeftuin": "trek van de volwassen praktijk van de proeftuin",
    "regime_pull": "trek van de oude werkwijzelaag op elke professional",
    "ratchet": (
        "hoeveel minder wie het nieuwe werken heeft geproefd terugkeert "
        "(onder de trek van het regime en de reflex)"
    ),
    "phase_out_room": "ruimte voor de nieuwe praktijk waar afbouw de oude structuren heeft ontmanteld",
    "space_outside": "ruimte voor de nieuwe praktijk buiten de proeftuinen",
    "maturity_initial": "volwassenheid van een startende proeftuin",
    "maturity_growth": "logistische groeisnelheid van de volwassenheid",
    "maturity_erosion": "erosie van de volwassenheid boven het plafond dat het regime toelaat",
    "maturity_decay": "erosie van de volwassenheid zonder energie",
    "k_min": "draagkracht van een niche onder een volledig regime",
    "barrier_cap": "deel van de ruimte dat openstaande barrières wegnemen",
    "build_up_spread": "kans dat een regio aansluit bij volledige opbouw",
    "build_up_growth": "snellere groei van de volwassenheid bij volledige opbouw",
    "space_relax": "experimenteerruimte die beweegt naar wat ministeries toestaan",
    "space_narrowing": "inperking door zichtbaarheid en risicomijding",
    "space_base": "experimenteerruimte die een ministerie zonder risicomijding toestaat",
    "space_risk": "experimenteerruimte die per eenheid risicomijding wordt ingehouden",
    "space_tc": "experimenteerruimte die per eenheid transformatief vermogen wordt toegestaan",
    "energy_initial": "energie van vernieuwers in een startende proeftuin",
    "energy_backing": "energie uit rugdekking",
    "energy_barrier": "energieverlies door openstaande barrières",
    "energy_dual": "energieverlies door de spagaat tussen oud en nieuw",
    "energy_insecurity": "energieverlies door weinig experimenteerruimte",
    "win_rate": "small wins per maand bij volledige volwassenheid, energie en ruimte",
    "win_decay": "verval van verankerde small wins (robuustheid)",
    "win_energy": "energie per small win (energie geven)",
    "win_knowledge": "lessen per small win (experimenteren)",
    "win_attraction": "snellere groei per verankerde small win (aantrekkingskracht)",
    "learn_rate": "operationele lessen van een proeftuin",
    "share_rate": "deel van de lessen van een proeftuin dat wordt gedeeld",
    "community_share": "extra delen via een leergemeenschap",
    "radar_loss": "gedeelde lessen die verloren gaan voordat ze gewogen zijn",
    "weigh_rate": "tempo van wegen bij volledig transformatief vermogen en volledige deelname",
    "participation_base": "beleidsmakers die deelnemen zonder coalities",
    "coalition_participation": "deelname die coalities toevoegen bij volledige intensiteit van de hefboom",
    "build_on_legibility": "wegen vergemakkelijkt door gedeelde principes",
    "salience_crowding": "wegen dat bij hoge media-aandacht wordt verdrongen",
    "tc_learning": "transformatief vermogen per gewogen les",
    "tc_build_on": "transformatief vermogen uit gedeelde richting",
    "tc_turnover": "transformatief vermogen dat afneemt door personeelsverloop",
    "backing_base": "rugdekking van ministeries bij nul transformatief vermogen en nul risicomijding",
    "backing_tc": "rugdekking per eenheid transformatief vermogen",
    "backing_risk": "rugdekking die per eenheid risicomijding wordt ingehouden",
    "coevolution": (
        "barrières doorbroken door co-evolutie van deeloplossingen, per eenheid diversiteit en volwassenheid"
    ),
    "diversity_legibility": (
        "deel van het wegen door ministeries dat verloren gaat als de aanpakken van de "
        "proeftuinen volledig divers zijn"
    ),
    "use_barriers": "barrières weggenomen per gewogen les die wordt gebruikt",
    "rebuild_barriers": "barrières weggenomen door volledige ombouw",
    "inst_rate": "snelheid van het institutionaliseren van de nieuwe praktijk",
    "inst_weighed": "institutionalisering per gewogen les",
    "inst_decay": "de-institutionalisering door gestapelde protocollen",
}
