"""Loader for the pattern and gazetteer files in ``ingest/patterns/`` (YAML or JSONL).

Every file declares a ``kind``; each kind has a fixed set of allowed keys, and the loader REJECTS unknown
keys (a misspelt ``aliase:`` silently matching nothing is the bug this prevents), missing required keys,
wrong value types, duplicate ids and regexes that do not compile. Errors are ``eusec.errors.SchemaError``
whose message starts with ``file:line``.

Kinds:
* ``regex``: ``patterns:`` list of {id, label, pattern, flags?, description?} -- citation grammar.
* ``gazetteer``: ``label:`` + ``entries:`` list of {key, name, full_name?, aliases?, aliases_ci?, kind?,
  active?, succeeded_by?, since?, resolves_to_successor?, keep_aliases?, description?}
  (``resolves_to_successor``: in papers dated on/after ``since`` a mention means the successor, except the
  case-sensitive ``keep_aliases``, which always name the entry itself) -- names matched with spaCy PhraseMatchers
  (``aliases`` case-sensitive, ``aliases_ci`` case-insensitive).
* ``founding_acts``: ``entries:`` list of {celex, label, key, note?} -- LegalAct ESTABLISHES Agency/System
  (reference data: edges from it name this file as their source, not the paper).
* ``named_acts``: ``entries:`` list of {id, celex (list), adopted, comment, names?, names_cs?, until?} --
  acts named without a number ("the Europol Regulation" -> 32016R0794); ``names`` match case-insensitively
  and must end with Regulation(s)/Directive(s)/Decision(s), ``names_cs`` (acronyms, "Cybersecurity Act")
  case-sensitively; ``adopted``/``until`` (ISO dates) bound the papers in which the name means
  this entry (before adoption a paper means the proposal; after ``until`` a codification or recast).
* ``presidency_countries``: ``entries:`` list of {code, country, adjectives?, note?}.
* ``presidency_rotation``: ``entries:`` list of {year, h1, h2}.

JSONL files hold the same data: the first line is the header object (kind, label, version...), every
further non-blank line one entry.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from eusec import RESOURCE_ROOT
from eusec.errors import SchemaError
from eusec.graph.schema import load_schema

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"

_TOP_KEYS = {"version", "kind", "label", "description", "patterns", "entries"}

#: kind -> (list key, required item keys, optional item keys)
_KINDS: dict[str, tuple[str, set[str], set[str]]] = {
    "regex": ("patterns", {"id", "label", "pattern"}, {"flags", "description"}),
    "gazetteer": (
        "entries",
        {"key", "name"},
        {"full_name", "aliases", "aliases_ci", "kind", "active", "succeeded_by", "since", "description",
         "resolves_to_successor", "keep_aliases"},
    ),
    "founding_acts": ("entries", {"celex", "label", "key"}, {"note"}),
    "named_acts": ("entries", {"id", "celex", "adopted", "comment"}, {"names", "names_cs", "until"}),
    "presidency_countries": ("entries", {"code", "country"}, {"adjectives", "note"}),
    "presidency_rotation": ("entries", {"year", "h1", "h2"}, set()),
}
_IDENT = {"regex": "id", "gazetteer": "key", "founding_acts": "celex", "named_acts": "id", "presidency_countries": "code",
          "presidency_rotation": "year"}
_LIST_OF_STR = {"aliases", "aliases_ci", "keep_aliases", "adjectives", "flags", "names", "names_cs", "celex"}
_DATE = {"adopted", "until"}
#: The last word of every case-insensitive named-act name (the matcher finds these first).
_NAMED_ACT_HEADS = {"regulation", "regulations", "directive", "directives", "decision", "decisions"}
_BOOL = {"active", "resolves_to_successor"}
_INT = {"year"}
_REGEX_FLAGS = {"IGNORECASE": re.IGNORECASE, "VERBOSE": re.VERBOSE, "MULTILINE": re.MULTILINE, "DOTALL": re.DOTALL}
#: Labels a pattern may produce: the schema's labels (graph/schema.py) except papers and measures, which come
#: from segmentation, never from a pattern; plus the pseudo-label Context (clues that are not nodes).
_LABELS = (set(load_schema().labels) - {"Document", "Measure"}) | {"Context"}


class _LineDict(dict):
    """A mapping that remembers the 1-based line it started on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings carry their line number (for file:line errors)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise SchemaError(f"{{file}}:{key_node.start_mark.line + 1}: duplicate key {key!r}")
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class PatternFile:
    """One validated pattern file."""

    path: Path
    kind: str
    label: str | None
    items: tuple[dict[str, Any], ...]  # each item has "_source": "file:line"
    description: str = ""


@dataclass(frozen=True)
class RegexPattern:
    """A compiled citation-grammar pattern."""

    id: str
    label: str
    regex: re.Pattern[str]
    source: str
    description: str = ""


@dataclass
class PatternSet:
    """Everything in ``ingest/patterns/``, validated."""

    regexes: dict[str, RegexPattern] = field(default_factory=dict)
    gazetteers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # label -> entries
    founding_acts: list[dict[str, Any]] = field(default_factory=list)
    named_acts: list[dict[str, Any]] = field(default_factory=list)
    presidency_countries: list[dict[str, Any]] = field(default_factory=list)
    presidency_rotation: list[dict[str, Any]] = field(default_factory=list)

    def regex(self, pattern_id: str) -> re.Pattern[str]:
        """The compiled regex with this id (KeyError names the id)."""
        return self.regexes[pattern_id].regex


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(RESOURCE_ROOT))
    except ValueError:
        return path.name


def _err(path: Path, line: int, message: str) -> SchemaError:
    return SchemaError(f"{_display(path)}:{line}: {message}", details={"file": _display(path), "line": line})


def _read(path: Path) -> tuple[dict[str, Any], list[tuple[int, Any]]]:
    """(header, [(line, item)]) from a YAML or JSONL file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _err(path, 1, f"cannot read pattern file: {exc}") from exc
    if path.suffix == ".jsonl":
        header: dict[str, Any] | None = None
        items: list[tuple[int, Any]] = []
        for lineno, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise _err(path, lineno, f"invalid JSON: {exc.msg}") from exc
            if not isinstance(obj, dict):
                raise _err(path, lineno, "each JSONL line must be an object")
            if header is None:
                header = obj
                header_line = lineno
            else:
                items.append((lineno, obj))
        if header is None:
            raise _err(path, 1, "empty pattern file")
        list_key = _KINDS.get(str(header.get("kind")), ("entries",))[0]
        if list_key in header:
            raise _err(path, header_line, f"JSONL header must not contain {list_key!r}: entries are the next lines")
        header = dict(header)
        header["_line"] = header_line
        return header, items
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except SchemaError as exc:
        raise SchemaError(exc.message.replace("{file}", _display(path))) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _err(path, (mark.line + 1) if mark else 1, f"invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise _err(path, 1, "a pattern file must be a mapping with 'kind' and a list of patterns/entries")
    kind = data.get("kind")
    if kind not in _KINDS:
        raise _err(path, getattr(data, "line", 1), f"unknown kind {kind!r}; expected one of {sorted(_KINDS)}")
    list_key = _KINDS[kind][0]
    raw_items = data.get(list_key)
    if raw_items is None:
        raise _err(path, getattr(data, "line", 1), f"missing list {list_key!r}")
    if not isinstance(raw_items, list):
        raise _err(path, getattr(data, "line", 1), f"{list_key!r} must be a list")
    header = {k: v for k, v in data.items() if k != list_key}
    header["_line"] = getattr(data, "line", 1)
    return header, [(getattr(item, "line", header["_line"]), item) for item in raw_items]


def load_pattern_file(path: Path) -> PatternFile:
    """Read and validate one pattern file; raises SchemaError naming file:line."""
    path = Path(path)
    header, items = _read(path)
    hline = header.pop("_line")
    unknown = sorted(set(header) - _TOP_KEYS)
    if unknown:
        raise _err(path, hline, f"unknown top-level key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}")
    kind = header.get("kind")
    if kind not in _KINDS:
        raise _err(path, hline, f"unknown kind {kind!r}; expected one of {sorted(_KINDS)}")
    _, required, optional = _KINDS[kind]
    label = header.get("label")
    if kind == "gazetteer" and label not in _LABELS:
        raise _err(path, hline, f"gazetteer needs a 'label' among {sorted(_LABELS)}, got {label!r}")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, item in items:
        if not isinstance(item, dict):
            raise _err(path, line, "each entry must be a mapping")
        keys = set(item)
        bad = sorted(keys - required - optional)
        if bad:
            raise _err(path, line, f"unknown key(s) {bad}; allowed: {sorted(required | optional)}")
        missing = sorted(required - keys)
        if missing:
            raise _err(path, line, f"missing required key(s) {missing}")
        item = {k: (v.isoformat() if k in _DATE and isinstance(v, _dt.date) else v) for k, v in item.items()}
        for k, v in item.items():
            if k in _DATE and not (isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)):
                raise _err(path, line, f"{k!r} must be an ISO date (YYYY-MM-DD)")
            if kind == "founding_acts" and k == "celex":
                if not isinstance(v, str):
                    raise _err(path, line, "'celex' must be a string")
                continue
            if k in _LIST_OF_STR and not (isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)):
                raise _err(path, line, f"{k!r} must be a list of non-empty strings")
            elif k in _BOOL and not isinstance(v, bool):
                raise _err(path, line, f"{k!r} must be true or false")
            elif k in _INT and not (isinstance(v, int) and not isinstance(v, bool)):
                raise _err(path, line, f"{k!r} must be an integer")
            elif k not in _LIST_OF_STR | _BOOL | _INT and v is not None and not isinstance(v, str):
                raise _err(path, line, f"{k!r} must be a string")
        ident = str(item.get(_IDENT[kind]))
        if kind == "named_acts":
            from eusec.ingest.normalise import parse_celex  # local: normalise has no dependency on this module

            if not item.get("names") and not item.get("names_cs"):
                raise _err(path, line, f"named act {ident!r} needs 'names' or 'names_cs'")
            bad_end = [n for n in item.get("names", []) if n.split()[-1].lower() not in _NAMED_ACT_HEADS]
            if bad_end:
                raise _err(path, line, f"case-insensitive names must end with one of {sorted(_NAMED_ACT_HEADS)} "
                                       f"(put others in names_cs): {bad_end}")
            bad_celex = [c for c in item["celex"] if parse_celex(c) is None]
            if bad_celex or not item["celex"]:
                raise _err(path, line, f"not a CELEX number: {bad_celex or item['celex']!r}")
        if ident in seen:
            raise _err(path, line, f"duplicate entry {ident!r}")
        seen.add(ident)
        entry = dict(item)
        entry["_source"] = f"{_display(path)}:{line}"
        if kind == "regex":
            if item["label"] not in _LABELS:
                raise _err(path, line, f"unknown label {item['label']!r}; expected one of {sorted(_LABELS)}")
            flags = 0
            for name in item.get("flags", []):
                if name not in _REGEX_FLAGS:
                    raise _err(path, line, f"unknown regex flag {name!r}; allowed: {sorted(_REGEX_FLAGS)}")
                flags |= _REGEX_FLAGS[name]
            try:
                entry["_compiled"] = re.compile(item["pattern"], flags)
            except re.error as exc:
                raise _err(path, line, f"pattern {item['id']!r} does not compile: {exc}") from exc
        if kind == "founding_acts":
            from eusec.ingest.normalise import parse_celex  # local: normalise has no dependency on this module

            if parse_celex(item["celex"]) is None:
                raise _err(path, line, f"not a CELEX number: {item['celex']!r}")
            if item["label"] not in ("Agency", "InformationSystem"):
                raise _err(path, line, f"founding act target label must be Agency or InformationSystem, got {item['label']!r}")
        out.append(entry)
    return PatternFile(path=path, kind=kind, label=label, items=tuple(out), description=str(header.get("description") or ""))


def load_pattern_dir(directory: Path) -> PatternSet:
    """Load every ``*.yaml``/``*.jsonl`` file of a folder, sorted by name (deterministic)."""
    result = PatternSet()
    files = sorted(p for p in Path(directory).iterdir() if p.suffix in (".yaml", ".yml", ".jsonl"))
    for path in files:
        pf = load_pattern_file(path)
        if pf.kind == "regex":
            for item in pf.items:
                if item["id"] in result.regexes:
                    raise SchemaError(f"{item['_source']}: regex id {item['id']!r} already defined in "
                                      f"{result.regexes[item['id']].source}")
                result.regexes[item["id"]] = RegexPattern(
                    id=item["id"], label=item["label"], regex=item["_compiled"], source=item["_source"],
                    description=item.get("description", "") or "",
                )
        elif pf.kind == "gazetteer":
            result.gazetteers.setdefault(str(pf.label), []).extend(pf.items)
        elif pf.kind == "founding_acts":
            result.founding_acts.extend(pf.items)
        elif pf.kind == "named_acts":
            result.named_acts.extend(pf.items)
        elif pf.kind == "presidency_countries":
            result.presidency_countries.extend(pf.items)
        elif pf.kind == "presidency_rotation":
            result.presidency_rotation.extend(pf.items)
    return result


@lru_cache(maxsize=1)
def load_patterns() -> PatternSet:
    """The project's pattern set, loaded and validated once per process."""
    return load_pattern_dir(PATTERN_DIR)
