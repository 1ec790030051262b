"""regimesim.execution.Execution: the execution options, checked once, each mistake named."""

import pytest

from regimesim.execution import BACKENDS, Execution, ExecutionError, resolve


def test_the_defaults_and_every_backend_are_accepted():
    assert Execution() == Execution(backend="threads", workers=None, scheduler=None, resume=False)
    for backend in BACKENDS:
        assert Execution(backend=backend, workers=2).n_workers == 2
    assert Execution(backend="dask", scheduler="tcp://127.0.0.1:8786").scheduler == "tcp://127.0.0.1:8786"
    assert Execution().n_workers >= 1


@pytest.mark.parametrize(
    ("options", "field", "message", "flag_message"),
    [
        (
            {"backend": "thread"},
            "backend",
            "backend: unknown backend 'thread'. Did you mean 'threads'? Allowed: threads, processes, dask",
            "--backend thread: choose from threads, processes, dask",
        ),
        (
            {"workers": 0},
            "workers",
            "workers: expected at least 1, got 0",
            "--workers must be at least 1, got 0",
        ),
        (
            {"backend": "processes", "scheduler": "tcp://127.0.0.1:1"},
            "scheduler",
            "scheduler: a scheduler address is for the dask backend, not 'processes'",
            "--scheduler runs on Dask; it does not go with --backend processes",
        ),
    ],
)
def test_each_bad_field_is_named(options, field, message, flag_message):
    with pytest.raises(ValueError) as info:
        Execution(**options)
    assert isinstance(info.value, ExecutionError) and info.value.field == field
    assert str(info.value) == message
    assert info.value.flag_message == flag_message


def test_a_changed_copy_is_checked_again():
    with pytest.raises(ExecutionError, match="workers"):
        Execution(workers=2).replace(workers=-1)
    assert Execution(resume=False).replace(resume=True).resume


def test_the_entry_points_take_an_execution_or_its_keywords_not_both():
    assert resolve(None, {"workers": 3}, "run_ensemble") == Execution(workers=3)
    given = Execution(backend="processes")
    assert resolve(given, {}, "run_ensemble") is given
    with pytest.raises(TypeError, match="not both"):
        resolve(given, {"workers": 3}, "run_ensemble")
    with pytest.raises(TypeError, match="unexpected keyword argument 'worker'"):
        resolve(None, {"worker": 3}, "run_ensemble")
    with pytest.raises(ValueError, match="threads, processes"):
        resolve(None, {"backend": "thread"}, "run_ensemble")
