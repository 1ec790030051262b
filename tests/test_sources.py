"""Every source the code cites can be looked up: a key defined in docs/sources.md and CITATION.cff.

Rules, parameters and scenarios cite a document as ``[KEY] passage`` (``[DRIFT2025]
Transitiepijn``). The key must name an entry of ``docs/sources.md`` (title, author or publisher,
year, where it is published) and a work under ``references`` in ``CITATION.cff``; no source file
may point users at the developers' plain-text copies (``000_b25d9b2d34752588.txt``) or at a
folder beside the repository (``../shared``) instead.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import tomllib
from pathlib import Path

import pytest

from regimesim.parameters import PARAMETERS
from regimesim.scenario import library_files

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "regimesim"
SOURCES_MD = ROOT / "docs" / "sources.md"
CFF = ROOT / "CITATION.cff"

#: a citation key: a capitalised name and a year, in brackets and not a Markdown link ``[x](y)``
KEY = re.compile(r"\[([A-Z][A-Za-z]*(?:19|20)\d\d)\](?!\()")
#: the developers' plain-text copies of the sources, and the old ``000``-style abbreviations
SEED_FILE = re.compile(r"00[0-4]_[0-9a-f]{16}\.txt")
SEED_NUMBER = re.compile(r"``00[0-4]``|(?<![\w.])00[0-4]:|\(00[0-4][,;)]")
#: CFF 1.2.0 reference types (schema.json, definitions.reference.properties.type.enum)
CFF_TYPES = {
    "art",
    "article",
    "audiovisual",
    "bill",
    "blog",
    "book",
    "catalogue",
    "conference-paper",
    "conference",
    "data",
    "database",
    "dictionary",
    "edited-work",
    "encyclopedia",
    "film-broadcast",
    "generic",
    "government-document",
    "grant",
    "hearing",
    "historical-work",
    "legal-case",
    "legal-rule",
    "magazine-article",
    "manual",
    "map",
    "multimedia",
    "music",
    "newspaper-article",
    "pamphlet",
    "patent",
    "personal-communication",
    "proceedings",
    "report",
    "serial",
    "slides",
    "software-code",
    "software-container",
    "software-executable",
    "software-virtual-machine",
    "software",
    "sound-recording",
    "standard",
    "statute",
    "thesis",
    "unpublished",
    "video",
    "website",
}


def sources_md(text: str | None = None) -> dict[str, dict[str, str]]:
    """The entries of docs/sources.md: ``### KEY`` headings, each with ``- **Field**: value`` lines."""
    text = SOURCES_MD.read_text(encoding="utf-8") if text is None else text
    entries: dict[str, dict[str, str]] = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        key, _, body = block.partition("\n")
        fields = re.findall(r"^- \*\*([^*]+)\*\*: (.*(?:\n(?!- |\n|#).*)*)", body, re.M)
        entries[key.strip()] = {name: " ".join(value.split()) for name, value in fields}
    return entries


def _cff_minimal(text: str) -> dict:
    """Enough of CITATION.cff without PyYAML: top-level keys and each reference's own keys."""
    # a top-level key's value is the rest of its line, or the indented block below it (a list)
    top = {
        m.group(1): (m.group(2) or m.group(3)).strip().strip('"')
        for m in re.finditer(r"^([a-z][\w-]*):[ ]?(.*)\n((?:[ ].*\n)*)", text, re.M)
    }
    refs = []
    for chunk in re.split(r"^  - (?=type:)", text.split("\nreferences:\n", 1)[-1], flags=re.M)[1:]:
        chunk = "    " + chunk
        ref = {
            m.group(1): m.group(2).strip().strip('"')
            for m in re.finditer(r"^    ([a-z][\w-]*):[ ]?(.*)$", chunk, re.M)
        }
        if "authors" in ref:
            ref["authors"] = re.findall(r"^      - (?:family-names|name): (.+)$", chunk, re.M)
        refs.append(ref)
    top["references"] = refs
    return top


def citation_cff() -> dict:
    text = CFF.read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:  # PyYAML is not a dependency; the minimal reader covers this file's layout
        return _cff_minimal(text)
    return yaml.safe_load(text)


def cff_keys(cff: dict) -> set[str]:
    return {k for ref in cff["references"] for k in re.findall(r"\[(\w+)\]", str(ref.get("notes", "")))}


def _docs_and_comments(path: Path) -> str:
    """The docstrings and comments of a Python file (the code itself is not prose)."""
    text = path.read_text(encoding="utf-8")
    parts = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                parts.append(doc)
    parts += [
        t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT
    ]
    return "\n".join(parts)


def keys_cited_in_the_code() -> dict[str, set[str]]:
    """Citation keys by where they are cited: each src module's prose and the parameter sources."""
    cited = {str(p.relative_to(ROOT)): set(KEY.findall(_docs_and_comments(p))) for p in PACKAGE.rglob("*.py")}
    cited["PARAMETERS sources"] = {k for p in PARAMETERS for k in KEY.findall(p.source)}
    for path in library_files():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        cited[f"scenarios/{path.name}"] = {
            k for s in raw.get("sources", []) for k in KEY.findall(s["section"])
        }
    for rel in ("README.md", "docs/model.md", "docs/scenarios.md", "docs/sources.md"):
        cited[rel] = set(KEY.findall((ROOT / rel).read_text(encoding="utf-8")))
    return {where: keys for where, keys in cited.items() if keys}


def test_every_key_the_code_and_docs_cite_is_defined_in_sources_md_and_citation_cff():
    cited = keys_cited_in_the_code()
    # the rule modules and the parameters do cite by key (a regex that found nothing would pass)
    assert any(w.startswith("src/regimesim/rules/") for w in cited) and "PARAMETERS sources" in cited
    defined, in_cff = set(sources_md()), cff_keys(citation_cff())
    for where, keys in cited.items():
        assert keys <= defined, f"{where} cites {sorted(keys - defined)}, not defined in docs/sources.md"
        assert keys <= in_cff, f"{where} cites {sorted(keys - in_cff)}, not under references in CITATION.cff"


def test_sources_md_and_citation_cff_list_the_same_works():
    assert set(sources_md()) == cff_keys(citation_cff())


def test_every_sources_entry_names_title_author_year_and_where_it_is_published():
    entries = sources_md()
    assert len(entries) >= 5, "the five source documents at least"
    for key, fields in entries.items():
        assert fields.get("Title"), f"{key}: no Title"
        assert fields.get("Authors") or fields.get("Publisher"), f"{key}: no Authors or Publisher"
        years = re.findall(r"\b(?:19|20)\d\d\b", fields.get("Year", ""))
        assert years, f"{key}: no Year"
        if m := re.search(r"(?:19|20)\d\d$", key):
            assert m.group() == years[0], f"{key}: the key's year is not the entry's year {years[0]}"
        published = fields.get("Published", "")
        assert re.search(r"https?://|doi\.org/", published) or "URL not verified" in published, (
            f"{key}: Published gives no address and does not say the URL is not verified"
        )
        assert not re.search(r"(^|\s)(/work|/home|/tmp|\.\./shared)", " ".join(fields.values())), key


def test_the_sources_entries_parse_as_intended():
    # the parser the tests above rely on: a missing field is missing, a continued line is joined
    entries = sources_md("### A2020\n\n- **Title**: one\n  two\n- **Year**: 2020\n\n### B\n\n- **Year**: x\n")
    assert entries == {"A2020": {"Title": "one two", "Year": "2020"}, "B": {"Year": "x"}}


def test_citation_cff_has_the_required_keys_and_complete_references():
    cff = citation_cff()
    for key in ("cff-version", "message", "title", "authors", "references"):
        assert cff.get(key), f"CITATION.cff lacks {key!r}"
    assert str(cff["cff-version"]).strip('"') == "1.2.0"
    for ref in cff["references"]:
        assert ref.get("type") in CFF_TYPES, f"{ref.get('title')}: type {ref.get('type')!r} is not a CFF type"
        assert ref.get("title") and ref.get("authors") and ref.get("year"), ref
        assert ref.get("url") or ref.get("doi"), f"{ref['title']}: neither url nor doi"


def test_the_minimal_cff_reader_agrees_with_yaml():
    yaml = pytest.importorskip("yaml")
    text = CFF.read_text(encoding="utf-8")
    full, minimal = yaml.safe_load(text), _cff_minimal(text)
    assert [r["title"] for r in full["references"]] == [r["title"] for r in minimal["references"]]
    assert cff_keys(full) == cff_keys(minimal)


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_cites_a_seed_by_its_file_name_or_a_folder_outside_the_repository(path):
    prose = _docs_and_comments(path)
    assert not SEED_FILE.search(prose), f"{path.name} cites a seed by file name; cite its key"
    assert not SEED_NUMBER.search(prose), f"{path.name} cites a seed as 000-004; cite its key"
    assert "../shared" not in path.read_text(encoding="utf-8")


def test_parameter_sources_cite_by_key():
    for p in PARAMETERS:
        assert not SEED_NUMBER.search(p.source) and not SEED_FILE.search(p.source), f"{p.name}: {p.source}"


def test_each_scenario_source_names_the_key_of_the_file_it_quotes():
    digested = {}
    for key, fields in sources_md().items():
        for name in SEED_FILE.findall(fields.get("Digested from", "")):
            digested[name] = key
    for path in library_files():
        for src in tomllib.loads(path.read_text(encoding="utf-8"))["sources"]:
            assert src["file"] in digested, f"{path.name}: {src['file']} is in no docs/sources.md entry"
            assert src["section"].startswith(f"[{digested[src['file']]}] "), (
                f"{path.name}: section {src['section']!r} should start with [{digested[src['file']]}]"
            )


@pytest.mark.parametrize("rel", ["README.md", "CITATION.cff", "docs/model.md", "docs/sources.md"])
def test_user_facing_files_point_nowhere_outside_the_repository(rel):
    text = (ROOT / rel).read_text(encoding="utf-8")
    assert "../shared" not in text and "seeds-digest" not in text
    assert not re.search(r"(^|[\s(`])/(work|home|tmp)/", text)
