"""The strategists' and teachers' web app (``regimesim app``; extra ``app``).

- :mod:`regimesim.app.controls`: the controls, generated from the parameter and lever declarations,
  and the intervention :class:`~regimesim.app.controls.Mix` they set;
- :mod:`regimesim.app.text`: every label in Dutch and English;
- :mod:`regimesim.app.charts`: the charts and tables (pure functions of a model or a comparison);
- :mod:`regimesim.app.page`: the Solara page on Mesa's ``ModelController``;
- :mod:`regimesim.app.teach`: the teaching mode's event log;
- :mod:`regimesim.app.files`: downloads and the upload of a scenario file;
- :mod:`regimesim.app.assets`: the front-end files, installed for use with no internet;
- :mod:`regimesim.app.serve`: starting the server (on 127.0.0.1 unless told otherwise).
"""
