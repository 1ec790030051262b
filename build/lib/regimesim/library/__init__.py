"""The scenario library: the TOML files in this folder ship with regimesim as ``regimesim.library``.

This file only makes the folder a package so that the files are installed with the code; the
functions that read them are :func:`regimesim.scenario.library` and
:func:`regimesim.scenario.find_scenario`.
"""
