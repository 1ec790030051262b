"""Generate the parts of ``docs/model.md`` that must not drift from the code.

    python -m regimesim._docs            # rewrite the generated blocks of docs/model.md

The submodel section is the rule modules' own docstrings (each cites its seed passage), in the
order the month runs them; the parameter table comes from :data:`regimesim.parameters.PARAMETERS`.
A test checks that the file is up to date.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

from regimesim.indicators import INDICATORS
from regimesim.parameters import PARAMETERS

#: rule modules in the order :func:`regimesim.step.step` calls them
ORDER = (
    "landscape", "families", "fallback", "risk_reflex", "professionals", "niche",
    "experimental_space", "small_wins", "burnout", "learning", "municipal", "census", "pressure",
    "lockin",
)  # fmt: skip

BLOCKS = {"submodels": None, "parameters": None, "indicators": None}


def submodels() -> str:
    parts = []
    for i, name in enumerate(ORDER, start=1):
        mod = importlib.import_module(f"regimesim.rules.{name}")
        doc = inspect.cleandoc(mod.__doc__ or "")
        title, _, body = doc.partition("\n")
        parts.append(f"### 7.{i} {title.strip()}\n\n*Module* `regimesim/rules/{name}.py`\n\n"
                     f"{body.strip()}\n")  # fmt: skip
    return "\n".join(parts)


def parameters() -> str:
    rows = ["| name | kind | default | range | unit | meaning | source |", "|---|---|---|---|---|---|---|"]
    for p in PARAMETERS:
        rows.append(f"| `{p.name}` | {p.kind} | {p.default:g} | [{p.low:g}, {p.high:g}] | {p.unit} | "
                    f"{p.meaning} | {p.source} |")  # fmt: skip
    return "\n".join(rows) + "\n"


def indicators() -> str:
    rows = ["| indicator | unit | meaning |", "|---|---|---|"]
    rows += [f"| `{i.name}` | {i.unit} | {i.meaning} |" for i in INDICATORS]
    return "\n".join(rows) + "\n"


def render(text: str) -> str:
    """``text`` with every generated block replaced by its current content."""
    for name, fn in (("submodels", submodels), ("parameters", parameters),
                     ("indicators", indicators)):  # fmt: skip
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"docs/model.md has no generated block {name!r}")
        text = pattern.sub(lambda m, fn=fn: m.group(1) + "\n" + fn() + "\n" + m.group(2), text)
    return text


def main(path: str = "docs/model.md") -> None:
    f = Path(path)
    f.write_text(render(f.read_text()))
    print(f"updated {f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
