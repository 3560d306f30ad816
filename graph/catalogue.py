"""The named query catalogue: one analyst question per ``queries/<name>.cypher`` file.

Each file starts with a header of ``//`` comment lines::

    // name: acts_for_agency
    // description: Acts an agency depends on ... ranked, with the path as evidence.
    // params: agency:string=Europol (the agency name), limit:int[1..500]=25 (rows to return)
    MATCH ... $agency ... LIMIT $limit

Parameter grammar (comma separated, several ``// params:`` lines are concatenated)::

    name:type[range][=default] [(description)] [e.g. example]

* ``type`` is ``string``, ``int``, ``float``, ``bool`` or ``list`` (a list of strings).
* no ``=`` means the parameter is required; ``=`` followed by nothing means optional with no value,
  which is the empty string for strings (LadybugDB cannot type a null parameter, so queries test
  ``$x = ''``), ``[]`` for lists and null otherwise; ``=null`` is an explicit null; list defaults are
  written ``a|b``.
* ``int`` / ``float`` may carry an inclusive range ``[min..max]``; ints without one are limited to
  ``0..1000000`` because every int we take is a count, a limit or an offset.
* the example is shown in the API docs; when absent the default serves as example.

The text may only use ``$parameters`` declared in the header: the loader rejects a file that looks like it
is meant for string interpolation (``{name}``, ``%s``, ``${...}``...) or uses an undeclared parameter,
with ``QueryFileError("queries/x.cypher:LINE: message")``.

Per-backend rewrites live in ``queries/<backend>/<name>.cypher`` (e.g. ``queries/ladybug/``; the
embedded backend reads ``ladybug`` and ``embedded`` folders) and are used only where the dialect forces
a rewrite; they may repeat the header (the name must then match) and must use the same parameters.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

from eusec import RESOURCE_ROOT
from eusec.errors import NotFoundError, ParameterError, QueryFileError

#: The folder of the portable queries.
QUERIES_DIR = RESOURCE_ROOT / "queries"

#: Backend name -> override folder names searched in that order.
BACKEND_FOLDERS: dict[str, tuple[str, ...]] = {
    "embedded": ("ladybug", "embedded"),
    "ladybug": ("ladybug",),
    "neo4j": ("neo4j",),
}

_DEFAULT_INT_RANGE = (0, 1_000_000)
_MAX_STRING = 2000  # longer values are refused: no analyst question needs them
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER_RE = re.compile(r"^//\s*([a-z_]+)\s*:(.*)$")
_PARAM_RE = re.compile(
    r"""^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)
        (?:\[(?P<lo>-?[0-9.]+)\.\.(?P<hi>-?[0-9.]+)\])?
        \s*(?:=(?P<default>[^()]*?))?
        \s*(?:\((?P<desc>[^()]*)\))?
        \s*(?:e\.g\.\s*(?P<example>.+))?$""",
    re.VERBOSE,
)
# Shapes of string interpolation (Python format/%-style, shell/JS templates, the old Cypher {param}).
_INTERPOLATION = [
    (re.compile(r"\{\{|\}\}"), "'{{' or '}}' looks like template interpolation"),
    (re.compile(r"\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}"), "'{name}' looks like string interpolation; use $name"),
    (re.compile(r"\{\s*[0-9]*\s*\}"), "'{}' looks like string interpolation; use $name"),
    (re.compile(r"%\(?[A-Za-z_]*\)?[sdr]\b|%s"), "'%s' looks like string interpolation; use $name"),
    (re.compile(r"\$\{"), "'${' looks like string interpolation; use $name"),
    (re.compile(r"\bf'|\bf\""), "an f-string prefix looks like string interpolation"),
]
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}

class ParamType:
    """A parameter type of the header grammar: how a raw value (CLI, HTTP query string, JSON) becomes a value."""

    name = ""

    def convert(self, value: Any) -> Any:
        """The value in this type; TypeError/ValueError with a short reason otherwise."""
        raise NotImplementedError

    def check(self, param: str, value: Any) -> None:
        """Refuse converted values no analyst question needs (ParameterError names the parameter)."""


class StringType(ParamType):
    name = "string"

    def convert(self, value: Any) -> Any:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        raise TypeError(f"got {type(value).__name__}")

    def check(self, param: str, value: Any) -> None:
        if value is not None:
            _check_string(param, value)


class IntType(ParamType):
    name = "int"

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise TypeError("got bool")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        raise ValueError(f"{value!r} is not an integer")


class FloatType(ParamType):
    name = "float"

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise TypeError("got bool")
        if not isinstance(value, (int, float, str)):
            raise TypeError(f"got {type(value).__name__}")
        out = float(value)
        if not math.isfinite(out):
            raise ValueError("not a finite number")
        return out


class BoolType(ParamType):
    name = "bool"

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise ValueError(f"{value!r} is not a boolean (true/false)")


class ListType(ParamType):
    """A list of strings; a string is split on commas (how the CLI and query strings send lists)."""

    name = "list"

    def convert(self, value: Any) -> Any:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, (list, tuple)):
            out = []
            for v in value:
                if isinstance(v, bool) or not isinstance(v, (str, int, float)):
                    raise TypeError("list items must be strings")
                out.extend(s.strip() for s in str(v).split(",") if s.strip())
            return out
        raise TypeError(f"got {type(value).__name__}")

    def check(self, param: str, value: Any) -> None:
        for item in value:
            _check_string(param, item)


#: The types of the header grammar, by name.
PARAM_TYPES: dict[str, ParamType] = {t.name: t for t in (StringType(), IntType(), FloatType(), BoolType(), ListType())}
TYPES = tuple(PARAM_TYPES)
_NUMERIC = ("int", "float")


def _fmt(x: float | None) -> str:
    return "-inf" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def _check_string(name: str, value: str) -> None:
    if len(value) > _MAX_STRING:
        raise ParameterError(f"parameter '{name}' is longer than {_MAX_STRING} characters", details={"parameter": name})
    if "\x00" in value:
        raise ParameterError(f"parameter '{name}' contains a NUL character", details={"parameter": name})


def _coerce_to(name: str, type_: str, minimum: float | None, maximum: float | None, value: Any) -> Any:
    """Validate and convert one raw value of parameter ``name``; ParameterError (422) names it."""
    kind = PARAM_TYPES[type_]
    try:
        out = kind.convert(value)
    except (TypeError, ValueError) as exc:
        raise ParameterError(
            f"parameter '{name}' must be of type {type_}: {exc}", details={"parameter": name, "type": type_}
        ) from None
    if type_ in _NUMERIC and (minimum is not None and out < minimum or maximum is not None and out > maximum):
        raise ParameterError(
            f"parameter '{name}' must be between {_fmt(minimum)} and {_fmt(maximum)}",
            details={"parameter": name, "minimum": minimum, "maximum": maximum},
        )
    kind.check(name, out)
    return out


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a named query, parsed once from its header line."""

    name: str
    type: str  # a key of PARAM_TYPES
    required: bool
    default: Any = None
    example: Any = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    line: int = 0  # the header line declaring it

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON (the API's /queries listing)."""
        return {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "default": self.default,
            "example": self.example,
            "description": self.description,
            "minimum": self.minimum,
            "maximum": self.maximum,
        }

    def coerce(self, value: Any) -> Any:
        """Validate and convert one raw value (strings come from the CLI and HTTP query strings)."""
        return _coerce_to(self.name, self.type, self.minimum, self.maximum, value)


@dataclass(frozen=True)
class QueryText:
    """One statement as read from its file, with where it starts (for messages and readers)."""

    text: str
    path: Path
    line: int  # line of the first statement line (after the header)


@dataclass(frozen=True)
class NamedQuery:
    """A named, parameterised query of the catalogue, parsed once from its file (and its overrides)."""

    name: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path
    line: int  # line of the first statement line (after the header)
    overrides: Mapping[str, QueryText] = field(default_factory=dict)  # override folder name -> statement

    def source_for(self, backend: str) -> QueryText:
        """The statement run on ``backend``, with its file and line: its override if any, else the portable one."""
        for folder in BACKEND_FOLDERS.get(backend, (backend,)):
            if folder in self.overrides:
                return self.overrides[folder]
        return QueryText(self.text, self.path, self.line)

    def text_for(self, backend: str) -> str:
        """The text to run on ``backend``: its override if there is one, else the portable text."""
        return self.source_for(backend).text

    def bind(self, raw: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Validate and coerce raw values, fill defaults; ParameterError (422) names the parameter."""
        raw = dict(raw or {})
        unknown = sorted(set(raw) - {p.name for p in self.params})
        if unknown:
            expected = ", ".join(p.name for p in self.params) or "none"
            raise ParameterError(
                f"unknown parameter '{unknown[0]}' for query '{self.name}' (expected: {expected})",
                details={"parameter": unknown[0], "query": self.name},
            )
        out: dict[str, Any] = {}
        for p in self.params:
            value = raw.get(p.name)
            if value is None or (isinstance(value, str) and value == "" and p.type != "string"):
                value = None
            if value is None:
                if p.required:
                    raise ParameterError(
                        f"parameter '{p.name}' is required for query '{self.name}'",
                        details={"parameter": p.name, "query": self.name},
                    )
                out[p.name] = list(p.default) if isinstance(p.default, list) else p.default
            else:
                out[p.name] = p.coerce(value)
        return out

    def as_dict(self) -> dict[str, Any]:
        """Catalogue entry for listings (no text)."""
        return {
            "name": self.name,
            "description": self.description,
            "params": [p.as_dict() for p in self.params],
            "overrides": sorted(self.overrides),
        }


class Catalogue:
    """The loaded catalogue, by name."""

    def __init__(self, queries: Mapping[str, NamedQuery]) -> None:
        self._queries = dict(sorted(queries.items()))

    def get(self, name: str) -> NamedQuery:
        """The query called ``name``; NotFoundError (404) otherwise."""
        try:
            return self._queries[name]
        except KeyError:
            raise NotFoundError(f"no named query '{name}'", details={"query": name}) from None

    def names(self) -> list[str]:
        """Query names in alphabetical order."""
        return list(self._queries)

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, name: object) -> bool:
        return name in self._queries


# -- parsing ------------------------------------------------------------------------------------------


def _display(path: Path) -> str:
    """``queries/x.cypher`` style path for messages (never an absolute machine path)."""
    try:
        return path.resolve().relative_to(RESOURCE_ROOT).as_posix()
    except ValueError:
        return "/".join(path.parts[-3:]) if path.parent.name in sum(BACKEND_FOLDERS.values(), ()) else "/".join(
            path.parts[-2:]
        )


def _fail(path: Path, line: int, message: str) -> QueryFileError:
    where = f"{_display(path)}:{line}"
    return QueryFileError(f"{where}: {message}", details={"file": _display(path), "line": line})


def _split_params(spec: str) -> list[str]:
    """Split on commas outside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in spec:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]



def _parse_param(spec: str, path: Path, line: int) -> QueryParam:
    m = _PARAM_RE.match(spec)
    if not m:
        raise _fail(path, line, f"cannot read parameter '{spec}' (expected name:type[=default] [(description)])")
    name, type_ = m["name"], m["type"]
    if type_ not in PARAM_TYPES:
        raise _fail(path, line, f"parameter '{name}' has unknown type '{type_}' (one of {', '.join(TYPES)})")
    lo: float | None = None
    hi: float | None = None
    if m["lo"] is not None:
        if type_ not in _NUMERIC:
            raise _fail(path, line, f"parameter '{name}': a range needs type int or float")
        try:
            lo, hi = float(m["lo"]), float(m["hi"])
        except ValueError:
            raise _fail(path, line, f"parameter '{name}': bad range") from None
        if lo > hi:
            raise _fail(path, line, f"parameter '{name}': empty range")
    elif type_ == "int":
        lo, hi = _DEFAULT_INT_RANGE
    if type_ == "int" and lo is not None and hi is not None:
        lo, hi = int(lo), int(hi)

    def parsed(what: str, raw: str) -> Any:
        try:
            return _coerce_to(name, type_, lo, hi, raw.split("|") if type_ == "list" else raw)
        except ParameterError as exc:  # shown as a file error
            raise _fail(path, line, f"{what} of '{name}': {exc.message}") from None

    default: Any = None
    if m["default"] is not None:
        raw_default = m["default"].strip()
        if raw_default == "":
            # "no value": an empty string / empty list, never null (LadybugDB cannot type a null parameter)
            default = "" if type_ == "string" else ([] if type_ == "list" else None)
        elif raw_default != "null":
            default = parsed("default", raw_default)
    example = parsed("example", m["example"].strip()) if m["example"] else default
    return QueryParam(
        name=name, type=type_, required=m["default"] is None, default=default, example=example,
        description=(m["desc"] or "").strip(), minimum=lo, maximum=hi, line=line,
    )


def _code_only(line: str, *, keep_strings: bool = False) -> str:
    """A line without its ``//`` comment and, unless ``keep_strings``, with string literals blanked
    (so a '$' inside a literal is not a parameter)."""
    out, quote, i = [], None, 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                out.append(line[i : i + 2] if keep_strings else "  ")
                i += 2
                continue
            if ch == quote:
                quote = None
            out.append(ch if keep_strings or ch == quote else " ")
        elif ch in "'\"`":
            quote = ch
            out.append(ch)
        elif line.startswith("//", i):
            break
        else:
            out.append(ch)
        i += 1
    return "".join(out)



@dataclass(frozen=True)
class _ParsedFile:
    """A query file read once: header fields and parameter specs with their lines, the statement."""

    header: dict[str, tuple[str, int]]
    param_specs: list[tuple[str, int]]
    body: QueryText


def _read_file(path: Path, *, header_required: bool) -> _ParsedFile:
    """Parse a query file: header fields (value, line), parameter specs (spec, line), the statement."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _fail(path, 1, "not UTF-8 text") from None
    lines = text.splitlines()
    header: dict[str, tuple[str, int]] = {}
    param_specs: list[tuple[str, int]] = []
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("//")):
        m = _HEADER_RE.match(lines[i].strip())
        if m:
            key, value = m[1], m[2].strip()
            if key == "params":
                if value and value.lower() != "none":
                    param_specs.extend((s, i + 1) for s in _split_params(value))
            elif key in header:
                raise _fail(path, i + 1, f"header field '{key}' given twice")
            else:
                header[key] = (value, i + 1)
        i += 1
    body_start = i + 1
    body = "\n".join(lines[i:]).strip()
    if header_required:
        for key in ("name", "description"):
            if key not in header or not header[key][0]:
                raise _fail(path, 1, f"missing header line '// {key}: ...' at the top of the file")
    if not body:
        raise _fail(path, max(body_start - 1, 1), "no Cypher statement after the header")
    # interpolation shapes are refused in code and in string literals ('{name}' and '%s' are exactly how
    # interpolated values end up inside quotes); only comments are skipped
    for n, raw in enumerate(lines[i:], start=body_start):
        code = _code_only(raw, keep_strings=True)
        for pattern, message in _INTERPOLATION:
            if pattern.search(code):
                raise _fail(path, n, message)
    return _ParsedFile(header, param_specs, QueryText(body, path, body_start))


def _param_uses(body: QueryText) -> dict[str, int]:
    """Parameters the statement uses, with the first line of each (string literals and comments skipped)."""
    uses: dict[str, int] = {}
    for n, raw in enumerate(body.text.splitlines(), start=body.line):
        for m in _PARAM_USE.finditer(_code_only(raw)):
            uses.setdefault(m[1], n)
    return uses


def load_query(path: Path, overrides: Mapping[str, Path] | None = None) -> NamedQuery:
    """Load one query file (and its per-backend overrides), each file read once."""
    parsed = _read_file(path, header_required=True)
    name, name_line = parsed.header["name"]
    if not _NAME_RE.match(name):
        raise _fail(path, name_line, f"bad query name '{name}' (lower_snake_case)")
    if name != path.stem:
        raise _fail(path, name_line, f"query name '{name}' differs from the file name '{path.stem}'")
    params: list[QueryParam] = []
    for spec, n in parsed.param_specs:
        p = _parse_param(spec, path, n)
        if any(q.name == p.name for q in params):
            raise _fail(path, n, f"parameter '{p.name}' declared twice")
        params.append(p)
    declared = {p.name for p in params}
    body = parsed.body
    uses = _param_uses(body)
    for pname, n in uses.items():
        if pname not in declared:
            raise _fail(path, n, f"parameter ${pname} is not declared in '// params:'")
    for p in params:
        if p.name not in uses:
            raise _fail(path, body.line, f"declared parameter '{p.name}' is not used")
    override_texts: dict[str, QueryText] = {}
    for folder, opath in (overrides or {}).items():
        oparsed = _read_file(opath, header_required=False)
        if "name" in oparsed.header and oparsed.header["name"][0] != name:
            oname, oline = oparsed.header["name"]
            raise _fail(opath, oline, f"override name '{oname}' differs from '{name}'")
        ouses = _param_uses(oparsed.body)
        for pname, n in ouses.items():
            if pname not in declared:
                raise _fail(opath, n, f"parameter ${pname} is not declared in the portable query's header")
        for p in params:
            if p.name not in ouses:
                raise _fail(opath, oparsed.body.line, f"declared parameter '{p.name}' is not used by the override")
        override_texts[folder] = oparsed.body
    return NamedQuery(
        name=name, description=parsed.header["description"][0], params=tuple(params), text=body.text, path=path,
        line=body.line, overrides=override_texts,
    )


def load_catalogue(folder: Path = QUERIES_DIR) -> Catalogue:
    """Load every ``<folder>/*.cypher`` with the overrides in its sub-folders (callers keep the result:
    the app once at startup, a store once per open store)."""
    folder = Path(folder)
    portable = {p.stem: p for p in sorted(folder.glob("*.cypher"))}
    override_paths: dict[str, dict[str, Path]] = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        for opath in sorted(sub.glob("*.cypher")):
            if opath.stem not in portable:
                raise _fail(opath, 1, f"override without a portable query {folder.name}/{opath.stem}.cypher")
            override_paths.setdefault(opath.stem, {})[sub.name] = opath
    return Catalogue({stem: load_query(path, override_paths.get(stem)) for stem, path in portable.items()})
