"""Sensitivity studies and scenario discovery: which levers and uncertain parameters drive the
transition (SALib's Sobol, Morris and PAWN), and which lever mixes reliably lead to a crossing
(PRIM, from the EMA Workbench) -- sampled by SALib, run on the ensemble engine
(:mod:`regimesim.ensemble`), analysed by the libraries' own estimators.

A *study* is a TOML file (data only; :func:`load_study`, docs/studies.md)::

    title = "The levers of the full mix"
    scenario = "full_mix"            # the base scenario (library name or file)
    seed = 0                         # sampling, bootstrap and the runs' seeds
    replicates = 2                   # runs per point (seeds common to every point)
    [set]                            # fixed overrides of the base scenario
    scale = 0.1
    end_year = 2045
    [factors]
    build_up = {}                    # the declared range ([0, 1] for a lever's intensity)
    "build_up.from" = {low = 2025, high = 2035}
    pressure_escalation = {low = 0.5, high = 2.0, group = "pressure"}
    noise_floor = {dummy = true}     # read by nothing (PAWN's threshold of importance)
    [outputs]
    crossing = {statistic = "crossing_year", no_crossing = 2046}
    niche_2035 = {indicator = "niche_share", statistic = "value", year = 2035}
    incidents = {indicator = "incidents", statistic = "total", years = [2027, 2045]}
    [sensitivity]
    method = "sobol"                 # sobol | morris | pawn
    n = 1024
    [discovery]
    output = "crossing"
    below = 2040                     # a run is a hit when crossing <= 2040
    n = 512

Each point runs ``replicates`` times with the same seeds as every other point (common random
numbers); the analysis takes the mean per point, and reports next to the indices the share of
the outputs' variance that is the seeds' (the mean within-point variance over the total).

The study as data is in :mod:`regimesim.study_spec`, its files are read by
:mod:`regimesim.study_file`; both are exported here.
"""

from __future__ import annotations

from regimesim.fields import StudyError
from regimesim.study_file import find_study, load_study, study_from
from regimesim.study_spec import DISTS, METHODS, Discovery, Factor, Sensitivity, Study, TestFunction

__all__ = [
    "DISTS",
    "METHODS",
    "Discovery",
    "Factor",
    "Sensitivity",
    "Study",
    "StudyError",
    "TestFunction",
    "find_study",
    "load_study",
    "study_from",
]
