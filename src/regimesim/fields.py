"""Field errors and the shared toolkit of the three TOML file formats (scenarios, designs, studies).

Every mistake in a file is a :class:`FieldError` naming the file (if any), the field by its path
(``levers.build_up[0].to``, ``factors.phase_out.low``) with its TOML line where it can be found
(:func:`line_of`), and what is allowed; :class:`ScenarioError`, :class:`DesignError` and
:class:`StudyError` are its siblings, one per format (catch :class:`FieldError` for any of them).

Here too are the pieces the formats share: :func:`did_you_mean` for a misspelt name, the typed
readers (:func:`check_number`, :func:`check_table`, :func:`check_seed`, :func:`parameter_value`)
and :func:`read_toml`, which reads a file and names what is wrong with it. Times are read by
:func:`regimesim.timeline.parse_time`; lever schedules and events by :mod:`regimesim.schedules`.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regimesim.parameters import Parameter

#: Seeds are whole numbers 0 <= seed <= MAX_SEED: what numpy's SeedSequence takes and a TOML
#: integer (signed 64-bit) holds, so that every seed written to a file can be read back.
MAX_SEED = 2**63 - 1


class FieldError(ValueError):
    """A mistake in a file's field: names the file (if any), the field and what is allowed."""

    def __init__(
        self, field: str, message: str, file: str | os.PathLike | None = None, line: int | None = None
    ) -> None:
        self.field, self.message, self.line = field, message, line
        self.file = None if file is None else str(file)
        super().__init__(self._text())

    def _text(self) -> str:
        where = "" if self.file is None else f"{self.file}"
        if self.line is not None:
            where += f" (line {self.line})" if where else f"line {self.line}"
        parts = [p for p in (where, self.field) if p]
        return f"{': '.join(parts)}: {self.message}" if parts else self.message

    def at(self, file: str | os.PathLike | None, text: str | None = None) -> FieldError:
        """This error (of the same class) attributed to ``file``, with the field's line looked up
        in ``text``."""
        line = self.line if self.line is not None else (line_of(text, self.field) if text else None)
        return type(self)(self.field, self.message, file if self.file is None else self.file, line)


class ScenarioError(FieldError):
    """A mistake in a scenario: names the file (if any), the field and what is allowed."""


class DesignError(FieldError):
    """A mistake in a design: names the file, the field and what is allowed."""


class StudyError(FieldError):
    """A mistake in a study: names the file, the field and what is allowed."""


def did_you_mean(name: str, allowed: Iterable[str]) -> str:
    """``" Did you mean 'x'?"`` for the allowed name closest to ``name``, or ``""``."""
    close = difflib.get_close_matches(name, list(allowed), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


# --- the TOML position finder: the line of a field ----------------------------------------------


def _mask(text: str) -> str:
    """``text`` with the insides of strings and comments blanked (newlines kept), so that keys
    and brackets can be found by position without being fooled by what strings contain."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            while i < n and text[i] != "\n":
                out[i] = " "
                i += 1
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and text[j : j + len(quote)] != quote:
                if quote[0] == '"' and text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] == "\n":
                    break  # an unterminated one-line string ends with its line
                j += 1
            for k in range(i + len(quote), min(j, n)):
                if out[k] != "\n":
                    out[k] = " "
            i = j + len(quote)
            continue
        i += 1
    return "".join(out)


def _value_end(m: str, start: int, stop: int) -> int:
    """End of the TOML value that starts at ``start``: balanced brackets, then a comma, a
    closing bracket or (at the top) the end of the line."""
    depth = 0
    for i in range(start, stop):
        c = m[i]
        if c in "[{":
            depth += 1
        elif c in "]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in ",\n" and i > start:
            return i
    return stop


def _element(m: str, start: int, stop: int, index: int) -> tuple[int, int] | None:
    """Span of element ``index`` of the array whose ``[`` is the first bracket after ``start``."""
    i = start
    while i < stop and m[i] in " \t\r\n":
        i += 1
    if i >= stop or m[i] != "[":
        return None
    i += 1
    for k in range(index + 1):
        while i < stop and m[i] in " \t\r\n,":
            i += 1
        if i >= stop or m[i] == "]":
            return None
        end = _value_end(m, i, stop)
        if k == index:
            return i, end
        i = end
    return None


def line_of(text: str, fieldpath: str) -> int | None:
    """The TOML line of a field such as ``levers.build_up[0].to`` or ``events[2].at``, or None
    when it cannot be told for sure (then no line is shown rather than a wrong one)."""
    parts = [
        (name, None if idx == "" else int(idx))
        for name, idx in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", fieldpath)
    ]
    if not parts:
        return None
    m = _mask(text)

    def line(pos: int) -> int:
        return m.count("\n", 0, pos) + 1

    headers = [
        (h.start(), h.group(1), h.group(2).replace('"', "").replace(" ", ""))
        for h in re.finditer(r"^[ \t]*(\[\[?)([^\]\n]*?)\]\]?[ \t]*$", m, re.M)
    ]
    region, rest = (0, headers[0][0] if headers else len(m)), parts
    for depth in range(len(parts), 0, -1):  # the longest leading part that is a table header
        name = ".".join(p for p, _ in parts[:depth])
        idx = parts[depth - 1][1]
        hits = [
            k for k, (_, kind, h) in enumerate(headers) if h == name and (kind == "[[") == (idx is not None)
        ]
        if not hits and depth == len(parts):  # the field itself, whatever kind of header it has
            hits = [k for k, (_, _, h) in enumerate(headers) if h == name]
        if not hits or (idx is not None and idx >= len(hits)):
            continue
        k = hits[idx or 0]
        region = (headers[k][0], headers[k + 1][0] if k + 1 < len(headers) else len(m))
        rest = parts[depth:]
        if not rest:
            return line(headers[k][0])
        break
    start, stop = region
    i = 0
    while i < len(rest):
        name, idx = rest[i]
        found = None
        longest = i
        while longest + 1 < len(rest) and rest[longest][1] is None:
            longest += 1
        for j in range(longest, i - 1, -1):  # a quoted key may hold dots: "phase_out.from"
            key = ".".join(p for p, _ in rest[i : j + 1])
            lead = r"(?:\A|(?<=[{,\n]))[ \t]*"  # a key starts a line or follows { or ,
            bare = re.compile(lead + "(" + re.escape(key) + r")[ \t]*=")
            quoted = re.compile(lead + '"(' + re.escape(key) + r')"[ \t]*=')
            hits = [
                *(bare.finditer(m, start, stop) if "." not in key else ()),
                *(
                    h
                    for h in quoted.finditer(text, start, stop)  # blanked in the mask, but a
                    if m[h.start(1) - 1] == '"'
                ),
            ]  # real key's own quotes are not
            hits = sorted((h for h in hits if _depth(m, start, h.start(1)) == 0), key=lambda h: h.start())
            if hits:
                found, idx, i_next = hits[0], rest[j][1], j + 1
                break
        if found is None:
            return None
        value = found.end()
        if idx is not None:
            span = _element(m, value, stop, idx)
            if span is None:
                return None
            if i_next == len(rest):
                return line(span[0])
            start, stop = (span[0] + 1, span[1]) if m[span[0]] == "{" else span
        else:
            if i_next == len(rest):
                return line(found.start(1))
            end = _value_end(m, value, stop)
            inner = m.find("{", value, end)
            start, stop = (inner + 1, end) if inner >= 0 else (value, end)
        i = i_next
    return None


def _depth(m: str, start: int, pos: int) -> int:
    """Bracket depth at ``pos`` relative to ``start``."""
    seg = m[start:pos]
    return seg.count("[") + seg.count("{") - seg.count("]") - seg.count("}")


# --- typed readers ------------------------------------------------------------------------------


def check_seed(value: Any, fieldpath: str = "seed") -> int:
    """``value`` as a seed, or a ScenarioError: a whole number from 0 to 2**63 - 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(
            fieldpath, f"{value!r} is not a seed; a seed is a whole number from 0 to 2**63 - 1 ({MAX_SEED})"
        )
    if not 0 <= value <= MAX_SEED:
        raise ScenarioError(
            fieldpath,
            f"{value} is outside the seeds' range: a seed is a non-negative whole "
            f"number below 2**63 (at most {MAX_SEED}), what a TOML file and numpy's "
            "SeedSequence both hold",
        )
    return int(value)


def check_number(value: Any, fieldpath: str, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(fieldpath, f"{value!r} is not a number; {what} must be in [{low:g}, {high:g}]")
    if not low <= value <= high:
        raise ScenarioError(fieldpath, f"{value!r} is outside the allowed range [{low:g}, {high:g}] ({what})")
    return float(value)


def check_table(
    value: Any,
    fieldpath: str,
    keys: Sequence[str],
    required: Sequence[str] = (),
    *,
    top_keys: Sequence[str] = (),
) -> dict:
    """``value`` as a table with only ``keys`` (and every one of ``required``), or a ScenarioError
    naming the unknown or missing key; a key of ``top_keys`` met inside a table is told to move up."""
    if not isinstance(value, Mapping):
        raise ScenarioError(fieldpath, f"expected a table with keys {', '.join(keys)}, got {value!r}")
    for k in value:
        if k not in keys:
            where = f"{fieldpath}.{k}" if fieldpath else k
            hint = did_you_mean(k, keys)
            if fieldpath and k in top_keys:
                hint += f" ('{k}' is a top-level key: put it above the first [table] header)"
            raise ScenarioError(where, f"unknown key.{hint} Allowed: {', '.join(keys)}")
    for k in required:
        if k not in value:
            raise ScenarioError(fieldpath, f"'{k}' is missing (needed: {', '.join(required)})")
    return dict(value)


def parameter_value(param: Parameter, value: Any, fieldpath: str) -> float | int:
    """A declared parameter's value from a file: a number (not text, not true/false), in range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "a whole number" if param.integer else "a number"
        raise ScenarioError(
            fieldpath,
            f"{value!r} is not {kind}; '{param.name}' must be {kind} in "
            f"[{param.low:g}, {param.high:g}] ({param.unit})",
        )
    try:
        return param.check(value)
    except (TypeError, ValueError) as exc:
        raise ScenarioError(fieldpath, str(exc)) from None


def read_toml(path: Path, error: type[FieldError], what: str) -> tuple[str, dict[str, Any]]:
    """The text and table of the TOML file ``path`` (a ``what`` file); a file that is missing,
    unreadable, not UTF-8 or not TOML raises ``error`` saying which."""
    if path.suffix != ".toml":
        raise error("", f"a {what} file is TOML and ends in .toml (got {path.name!r})", path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error("", "no such file", path) from None
    except UnicodeDecodeError as exc:
        why = f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8"
        raise error("", why, path) from None
    except OSError as exc:
        raise error("", f"cannot be read: {exc.strerror or exc}", path) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error("", f"not valid TOML: {exc}", path) from None
