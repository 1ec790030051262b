"""The strategists' and teachers' web app (``regimesim app``; extra ``app``).

- :mod:`regimesim.app.controls`: the controls, generated from the parameter and lever declarations,
  and the intervention :class:`~regimesim.app.controls.Mix` they set;
- :mod:`regimesim.app.text`: every label in Dutch and English;
- :mod:`regimesim.app.page`: the Solara page on Mesa's ``ModelController``;
- :mod:`regimesim.app.serve`: starting the server (on 127.0.0.1 unless told otherwise).
"""
