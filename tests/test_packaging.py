"""The wheel ships every package: pyproject's explicit list matches the folders on disk.

CI builds the wheel and imports every sub-package from a non-editable install
(``scripts/check_wheel.sh``); this test catches a new sub-package left out of the list in the
quick pass already (the editable install used by the tests would hide it).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _on_disk() -> set[str]:
    """Package names of every folder that holds Python or library data files."""
    found = set()
    for init in (ROOT / "src").rglob("__init__.py"):
        if "__pycache__" not in init.parts:
            found.add(".".join(init.parent.relative_to(ROOT / "src").parts))
    library = ROOT / "scenarios"
    for folder in [library, *(d for d in library.iterdir() if d.is_dir())]:
        if any(folder.glob("*.toml")) or (folder / "__init__.py").exists():
            found.add(".".join(("regimesim", "library", *folder.relative_to(library).parts)))
    return found


def test_every_package_on_disk_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    assert listed == _on_disk(), (
        f"pyproject.toml [tool.setuptools] packages: missing {sorted(_on_disk() - listed)}, "
        f"stale {sorted(listed - _on_disk())}"
    )
    data = config["package-data"]
    for name in listed:
        if name.startswith("regimesim.library"):
            assert "*.toml" in data.get(name, []), f"{name} ships no *.toml files"
