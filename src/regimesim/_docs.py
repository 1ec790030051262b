"""Generate the parts of the documentation that must not drift from the code or the library.

    python -m regimesim._docs            # rewrite the generated blocks of every file in FILES

In ``docs/model.md`` the submodel section is the rule modules' own docstrings (each cites its
seed passage), in the order the month runs them, and the parameter table comes from
:data:`regimesim.parameters.PARAMETERS`. In ``docs/scenarios.md`` and ``scenarios/README.md``
the library's list and descriptions are read from the scenario files themselves, and the lever
and event tables from their declarations. A test checks that every file is up to date.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

from regimesim.indicators import INDICATORS
from regimesim.parameters import BY_NAME, PARAMETERS

#: rule modules in the order :func:`regimesim.step.step` calls them
ORDER = (
    "landscape",
    "governance",
    "families",
    "fallback",
    "risk_reflex",
    "professionals",
    "niche",
    "experimental_space",
    "small_wins",
    "burnout",
    "learning",
    "municipal",
    "census",
    "pressure",
    "optimisation",
    "lockin",
)


def submodels() -> str:
    parts = []
    for i, name in enumerate(ORDER, start=1):
        mod = importlib.import_module(f"regimesim.rules.{name}")
        doc = inspect.cleandoc(mod.__doc__ or "")
        title, _, body = doc.partition("\n")
        parts.append(f"### 7.{i} {title.strip()}\n\n*Module* `regimesim/rules/{name}.py`\n\n{body.strip()}\n")
    return "\n".join(parts)


def parameters() -> str:
    rows = ["| name | kind | default | range | unit | meaning | source |", "|---|---|---|---|---|---|---|"]
    for p in PARAMETERS:
        rows.append(
            f"| `{p.name}` | {p.kind} | {p.default:g} | [{p.low:g}, {p.high:g}] | {p.unit} | "
            f"{p.meaning} | {p.source} |"
        )
    return "\n".join(rows) + "\n"


def indicators() -> str:
    rows = ["| indicator | unit | meaning |", "|---|---|---|"]
    rows += [f"| `{i.name}` | {i.unit} | {i.meaning} |" for i in INDICATORS]
    return "\n".join(rows) + "\n"


def regional() -> str:
    from regimesim.regional import MUNICIPALITY_INDICATORS, REGION_INDICATORS

    parts = []
    for title, table in (("per region", REGION_INDICATORS), ("per municipality", MUNICIPALITY_INDICATORS)):
        rows = [f"| indicator {title} | unit | meaning |", "|---|---|---|"]
        rows += [f"| `{i.name}` | {i.unit} | {i.meaning} |" for i in table]
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def _library():
    from regimesim.scenario import library

    return library()


def library_list() -> str:
    """One line a scenario: name, horizon, title (the README's list)."""
    from regimesim.scenario import DEFAULT_SCENARIO

    rows = ["| file | horizon | scenario |", "|---|---|---|"]
    for sc in _library():
        extra = f" ({len(sc.variants())} variants)" if sc.sweep else ""
        default = " **(default)**" if sc.name == DEFAULT_SCENARIO else ""
        link = f"[`{sc.name}.toml`]({sc.name}.toml)"
        rows.append(f"| {link} | {sc.start}-{sc.end} | {sc.title}{extra}{default} |")
    return "\n".join(rows) + "\n"


def library_details() -> str:
    """Each library scenario: description, the seed passages it explores, levers and events."""
    from regimesim.compare import event_text, schedule_text
    from regimesim.settings import show_setting

    parts = []
    for sc in _library():
        lines = [f"### `{sc.name}.toml` -- {sc.title}", "", " ".join(sc.description.split()), ""]
        for src in sc.sources:
            quote = f': "{src.quote}"' if src.quote else ""
            lines.append(f"- *Source*: `{src.file}`, {src.section}{quote}")
        lines.append(
            f"- *Horizon* {sc.start}-{sc.end}, scale {sc.scale:g}, seed {sc.seed}, landscape {sc.landscape}"
        )
        lines += [f"- *Lever* `{k}`: {schedule_text(v)}" for k, v in sc.levers]
        lines += [f"- *Event*: {event_text(e)}" for e in sc.events]
        lines += [f"- *Sweep* `{k}`: {', '.join(show_setting(k, x) for x in v)}" for k, v in sc.sweep]
        changed = [(k, v) for k, v in sc.parameters if v != BY_NAME[k].default]
        if changed:
            lines.append(
                "- *Parameters* (others at their defaults): "
                + ", ".join(f"`{k}` = {v:g}" for k, v in changed)
            )
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def levers() -> str:
    rows = ["| lever | meaning | source |", "|---|---|---|"]
    rows += [f"| `{p.name}` | {p.meaning} | {p.source} |" for p in PARAMETERS if p.kind == "lever"]
    return "\n".join(rows) + "\n"


def events() -> str:
    from regimesim.levers import EVENT_MEANINGS

    rows = ["| kind | meaning |", "|---|---|"]
    rows += [f"| `{k}` | {m} |" for k, m in EVENT_MEANINGS.items()]
    return "\n".join(rows) + "\n"


#: generated blocks of each documentation file (paths relative to the repository root)
FILES = {
    "docs/model.md": {
        "submodels": submodels,
        "parameters": parameters,
        "indicators": indicators,
        "regional": regional,
    },
    "docs/scenarios.md": {"levers": levers, "events": events, "library": library_details},
    "scenarios/README.md": {"library": library_list},
}


def render(text: str, blocks=None) -> str:
    """``text`` with every generated block replaced by its current content."""
    blocks = FILES["docs/model.md"] if blocks is None else blocks
    for name, fn in blocks.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"no generated block {name!r}")
        text = pattern.sub(lambda m, fn=fn: m.group(1) + "\n" + fn() + "\n" + m.group(2), text)
    return text


def main(root: str = ".") -> None:
    for rel, blocks in FILES.items():
        f = Path(root) / rel
        f.write_text(render(f.read_text(), blocks))
        print(f"updated {f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
