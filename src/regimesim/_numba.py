"""Numba settings in one place (the stumpy pattern), and a cache that follows the rule sources.

Every kernel in :mod:`regimesim.rules` is decorated with :data:`kernel`. ``cache=True`` keeps
compiled code on disk (set ``NUMBA_CACHE_DIR`` to choose where; otherwise numba's usual places:
``__pycache__`` beside the sources, or the user-wide cache if that is not writable); kernels
take plain arrays and NamedTuples of arrays so that the cache hits (jitclass arguments defeat
numba's cache). Set ``NUMBA_DISABLE_JIT=1`` to run every kernel as plain Python, for debugging
and for line coverage.

**Compile time.** A kernel is compiled without numba's CPython wrapper (:class:`Kernel`): that
wrapper unboxes every argument from Python objects, and for the ~40 kernels taking the whole
state it cost about 2 s of compiling each, half of a cold compile. Kernels call one another from
compiled code only; a call from Python goes to a twin with the wrapper, compiled when first
needed (``run`` for the drivers, any kernel for the tests).

**A changed rule never runs as its old compiled self.** Numba on its own stamps a cached function
with the source of *its own file* only: :func:`regimesim.step.run` compiled into the cache keeps
the old code of every rule it calls after that rule's module changes. This module therefore
registers cache locators (:class:`numba.core.caching.CacheImpl` locator classes, used only for
files of this package) whose source stamp is a hash of *all the kernel sources*: every package
module that defines a :data:`kernel`, every package module those import (the rule modules,
``step.py``, ``indicators.py``, ``state.py``, ``lever_columns.py``, ``_numba.py`` ...) and
``parameters.py`` (it defines the kernel parameter tuple whose field order the compiled code
bakes in). Edit any of them and every cached kernel of the package is stale at once and
recompiled (about a minute); leave them alone and the cache loads as before. Where the cache
lives is numba's choice as usual, so ``NUMBA_CACHE_DIR`` is honoured.

The locators rely on numba's private caching API (checked against numba 0.68). If that API is
missing, a :class:`RuntimeWarning` says so and numba's own locators are used (then clear the
cache by hand after editing a rule). ``NUMBA_CACHE_LOCATOR_CLASSES``, if you set it, bypasses
them too.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import re
import sys
import threading
import types
import warnings
from pathlib import Path

from numba import njit
from numba.core.registry import CPUDispatcher

#: The package's source directory: only kernels defined under it get the package-wide stamp.
PACKAGE_DIR = Path(__file__).resolve().parent
#: Modules whose contents compiled kernels depend on without importing them (argument types).
_ARGUMENT_TYPE_MODULES = ("parameters.py", "state.py")


def _module_file(module: str) -> Path | None:
    """The source file of ``regimesim.<...>`` in this package, or None if not a package module."""
    parts = module.split(".")
    if parts[0] != PACKAGE_DIR.name:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


#: A line that decorates with :data:`kernel` or :data:`agent_kernel` (checked again by the AST).
_DECORATOR_LINE = re.compile(r"^[ \t]*@(?:[\w.]*\.)?(?:kernel|agent_kernel)\b", re.M)


def _imports_and_kernels(path: Path) -> tuple[set[Path], bool]:
    """Package modules imported by ``path``, and whether it defines a :data:`kernel`."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = ".".join((PACKAGE_DIR.name, *path.relative_to(PACKAGE_DIR).parent.parts))
    imported: set[Path] = set()
    defines_kernel = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against this file's package
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{node.module}" if node.module else parent
            else:
                base = node.module or ""
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.FunctionDef):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                defines_kernel |= name in ("kernel", "agent_kernel")
            continue
        else:
            continue
        for name in names:
            file = _module_file(name)
            if file is not None:
                imported.add(file)
    return imported, defines_kernel


def kernel_sources() -> list[Path]:
    """The package files the compiled kernels depend on, sorted (see the module docstring).

    Every module defining a :data:`kernel`, everything in the package those import
    (transitively), this module and the modules defining the kernels' argument types.
    """
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    graph: dict[Path, tuple[set[Path], bool]] = {}

    def parsed(path: Path) -> tuple[set[Path], bool]:
        if path not in graph:
            graph[path] = _imports_and_kernels(path)
        return graph[path]

    # only files with a decorator line can define a kernel: the others (the command line, the
    # scenarios, ...) are parsed only if a kernel module imports them (a cached start is faster)
    todo = [path for path in files if _DECORATOR_LINE.search(path.read_text()) and parsed(path)[1]]
    todo += [PACKAGE_DIR / m for m in ("_numba.py", *_ARGUMENT_TYPE_MODULES)]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        todo.extend(parsed(path)[0])
    return sorted(seen)


@functools.lru_cache(maxsize=8)
def _stamp_of(files_and_stats: tuple[tuple[str, int, int], ...]) -> str:
    del files_and_stats  # the cache key only: re-hash when any file changed
    digest = hashlib.sha256()
    for path in kernel_sources():
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def kernel_source_stamp() -> str:
    """SHA-256 of every kernel source of the package (recomputed when any package file changes)."""
    stats = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        st = path.stat()
        stats.append((str(path), st.st_mtime_ns, st.st_size))
    return _stamp_of(tuple(stats))


def _in_package(py_file: str) -> bool:
    try:
        return Path(py_file).resolve().is_relative_to(PACKAGE_DIR)
    except OSError:
        return False


def _install_locators() -> bool:
    """Put package-stamped locators at the front of numba's list; False if the API is missing."""
    try:
        from numba.core import caching

        impl = getattr(caching, "CacheImpl", None) or caching._CacheImpl
        bases = [
            getattr(caching, name, None) or getattr(caching, "_" + name)
            for name in ("UserProvidedCacheLocator", "InTreeCacheLocator", "UserWideCacheLocator")
        ]
        classes = impl._locator_classes
        for base in bases:  # the contract used below, checked before relying on it
            if not (callable(base.from_function) and callable(base.get_source_stamp)):
                raise AttributeError(base.__name__)
    except (ImportError, AttributeError) as exc:
        warnings.warn(
            f"numba's cache locator API is not what regimesim expects ({exc!r}); using numba's own "
            "cache, which does not notice edits to the rules step.run calls: clear the cache "
            "after editing a rule",
            RuntimeWarning,
            stacklevel=2,
        )
        return False
    if any(getattr(c, "_regimesim", False) for c in classes):  # already installed (reload)
        return True

    def package_stamped(base: type) -> type:
        def from_function(cls, py_func, py_file):
            if not _in_package(py_file):
                return None
            return base.from_function.__func__(cls, py_func, py_file)

        def get_source_stamp(self):
            return (base.get_source_stamp(self), kernel_source_stamp())

        return type(
            f"RegimesimPackage{base.__name__.lstrip('_')}",
            (base,),
            {
                "__doc__": f"{base.__name__} whose source stamp covers every regimesim kernel source.",
                "__module__": __name__,
                "_regimesim": True,
                "from_function": classmethod(from_function),
                "get_source_stamp": get_source_stamp,
            },
        )

    classes[:0] = [package_stamped(base) for base in bases]
    return True


#: True if numba's cache of this package's kernels is stamped with all kernel sources.
PACKAGE_STAMPED_CACHE = _install_locators()


def _python_entry_of(dispatcher):
    """The twin of ``dispatcher`` that Python calls: the same function, compiled with numba's
    CPython wrapper, and cached under its own name (see :class:`Kernel`)."""
    twin = dispatcher.__dict__.get("_regimesim_entry")
    if twin is None:
        func = dispatcher.py_func
        copy = types.FunctionType(
            func.__code__, func.__globals__, func.__name__, func.__defaults__, func.__closure__
        )
        copy.__qualname__ = f"{func.__qualname__}__python_entry"
        copy.__module__ = func.__module__
        copy.__doc__ = func.__doc__
        twin = njit(cache=True, nogil=True)(copy)
        dispatcher.__dict__["_regimesim_entry"] = twin
    return twin


class Kernel(CPUDispatcher):
    """A model kernel: compiled without numba's CPython and C wrappers, callable from Python.

    Numba compiles every jitted function it calls with a CPython wrapper that unboxes each
    argument from Python objects; for a kernel taking the whole :class:`regimesim.state.State`
    (about 60 arrays) and the parameter tuple, that wrapper costs some 2 s of compiling, and the
    model has about 40 such kernels. Kernels call one another only from compiled code, so this
    class compiles them without it. A call from Python (the drivers, the tests) goes to a twin
    compiled with the wrapper the first time it is needed (:func:`_python_entry_of`).
    """

    def __call__(self, *args, **kwargs):
        return _python_entry_of(self)(*args, **kwargs)

    @property
    def python_entry(self):
        """The dispatcher Python calls run (a normal numba dispatcher of the same function)."""
        return _python_entry_of(self)


def kernel(func):
    """Decorator for every model kernel: nopython, cached, no fastmath (bit-reproducible
    floats), compiled without Python wrappers (:class:`Kernel`)."""
    dispatcher = njit(cache=True, nogil=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)(func)
    if isinstance(dispatcher, CPUDispatcher):  # NUMBA_DISABLE_JIT=1 returns the plain function
        dispatcher.__class__ = Kernel
    return dispatcher


#: Decorator for the small helpers called once an agent inside the agents' loops (a peer count, a
#: pick of a post, a logistic): inlined into the caller at numba's IR level, so that such a call
#: costs no call and no reference counting of the arrays it is passed (the same arithmetic, so the
#: same results). Called from Python, they compile and run as any kernel.
agent_kernel = njit(cache=True, nogil=True, inline="always")


#: Seconds a cold compile of the whole model takes on the reference 2-core machine
#: (benchmarks/README.md); the first run says so instead of staying silent.
COMPILE_SECONDS = 60
#: Whether :func:`announce_compile` prints (the command line's ``--quiet`` turns it off).
ANNOUNCE = True


def needs_compiling(dispatcher) -> bool:
    """True if ``dispatcher`` (a :data:`kernel`) has no compiled version in this process and none
    in numba's cache for the current sources, so that its first call compiles. Best effort: False
    when the kernels run as Python or numba's private cache API is not as expected."""
    from numba.core import config

    if isinstance(dispatcher, Kernel):
        dispatcher = _python_entry_of(dispatcher)
    if config.DISABLE_JIT or getattr(dispatcher, "signatures", None):
        return False
    try:
        return not dispatcher._cache._cache_file._load_index()
    except Exception:  # numba's private API: say nothing rather than fail a run
        return False


#: Dispatchers whose compiling this process has announced (threads starting runs together
#: would otherwise each print the note while the first of them compiles).
_ANNOUNCED: set[int] = set()
_ANNOUNCE_LOCK = threading.Lock()


def announce_compile(dispatcher) -> bool:
    """Print (to stderr) that the model is being compiled if calling ``dispatcher`` is about to
    compile it; True if it printed. Once compiled, the dispatcher has its version and this
    stays silent; it says so once per process, however many threads start runs."""
    if not ANNOUNCE:
        return False
    with _ANNOUNCE_LOCK:
        if id(dispatcher) in _ANNOUNCED or not needs_compiling(dispatcher):
            return False
        _ANNOUNCED.add(id(dispatcher))
    print(
        f"regimesim: compiling the model (once, about {COMPILE_SECONDS} s; later runs load it from "
        "numba's cache)...",
        file=sys.stderr,
        flush=True,
    )
    return True
