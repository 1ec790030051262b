"""The model's rules: one module per mechanism of the seeds, each a numba kernel.

Every kernel takes the :class:`~regimesim.state.State`, the kernel parameters ``p`` (a NamedTuple
of floats from :mod:`regimesim.parameters`), this month's lever row ``lev`` and exogenous row
``exo`` where it needs them, and a ``numpy.random.Generator``. The order in which
:func:`regimesim.step.step` calls them is the model's schedule (``docs/model.md``, "Process
overview and scheduling").
"""
