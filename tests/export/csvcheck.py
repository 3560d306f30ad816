"""An independent checker for neo4j-admin import folders (the rules of ``neo4j-admin database import full``
as documented for Neo4j 5): header files with one ``:ID`` column per node file, ``:START_ID``/``:END_ID``
per relationship file, known type suffixes, data rows as wide as their header, values parseable as their
declared type, unique node ids in the global id space, and every relationship end pointing at a node.

It re-reads the files with Python's csv module (RFC 4180 quoting, as neo4j-admin reads them with
``--multiline-fields=true``) and rebuilds nodes/relationships so tests can compare them with the source graph.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eusec.graph import statements
from eusec.graph.schema import STATEMENT_LABEL

TYPES = {"string", "long", "int", "short", "byte", "double", "float", "boolean", "char", "date", "datetime",
         "localdatetime", "time", "localtime", "duration", "point"}


@dataclass
class ParsedImport:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {":LABEL": [...], props}
    relationships: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def graph_nodes(self) -> dict[str, dict[str, Any]]:
        """The graph's nodes: every node but the Statement rows (node provenance, graph.statements)."""
        return {k: v for k, v in self.nodes.items() if v.get(":LABEL") != [STATEMENT_LABEL]}

    def provenance(self) -> dict[str, list[dict[str, Any]]]:
        """Node uid -> its provenance, folded from the Statement rows."""
        return statements.collect(v for v in self.nodes.values() if v.get(":LABEL") == [STATEMENT_LABEL])


def _parse_header(cells: list[str]) -> list[tuple[str, str, bool]]:
    """[(name, type-or-role, is_array)]."""
    out = []
    for cell in cells:
        name, _, typ = cell.partition(":")
        if not _:
            out.append((name, "string", False))
            continue
        if typ in ("ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE") or re.fullmatch(r"(ID|START_ID|END_ID)\(.+\)", typ):
            out.append((name, typ, False))
            continue
        is_array = typ.endswith("[]")
        base = typ[:-2] if is_array else typ
        out.append((name, base, is_array))
    return out


def _convert(value: str, typ: str, is_array: bool, where: str, errors: list[str]) -> Any:
    if value == "":
        return None
    if is_array:
        return [_convert(v, typ, False, where, errors) for v in value.split(";")]
    if typ not in TYPES:
        errors.append(f"{where}: unknown type {typ!r}")
        return value
    if typ in ("long", "int", "short", "byte"):
        if not re.fullmatch(r"-?\d+", value):
            errors.append(f"{where}: {value!r} is not a {typ}")
            return value
        return int(value)
    if typ in ("double", "float"):
        try:
            return float(value)
        except ValueError:
            errors.append(f"{where}: {value!r} is not a {typ}")
            return value
    if typ == "boolean":
        if value not in ("true", "false"):
            errors.append(f"{where}: {value!r} is not a boolean")
        return value == "true"
    return value


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _args(script: str, option: str) -> list[tuple[str, list[str]]]:
    """(label-or-type, [files]) for each ``--nodes=``/``--relationships=`` option of the import command."""
    out = []
    for m in re.finditer(rf"--{option}=([^\s']+)", script):
        group, _, files = m.group(1).rpartition("=")
        out.append((group, files.split(",")))
    return out


def check_import_folder(folder: Path) -> ParsedImport:
    """Validate the folder against the import command written in its import.sh; return what it would create."""
    result = ParsedImport()
    script = (folder / "import.sh").read_text(encoding="utf-8")
    if "neo4j-admin database import full" not in script:
        result.errors.append("import.sh: no `neo4j-admin database import full` command")
    node_groups = _args(script, "nodes")
    rel_groups = _args(script, "relationships")
    if not node_groups:
        result.errors.append("import.sh: no --nodes option")
    listed = set()
    for label, files in node_groups:
        header, *data_files = files
        listed.update(files)
        cols = _parse_header(_read(folder / header)[0])
        ids = [i for i, c in enumerate(cols) if c[1] == "ID" or c[1].startswith("ID(")]
        if len(ids) != 1:
            result.errors.append(f"{header}: expected exactly one :ID column, found {len(ids)}")
            continue
        for data in data_files:
            for n, row in enumerate(_read(folder / data), start=1):
                where = f"{data}:{n}"
                if len(row) != len(cols):
                    result.errors.append(f"{where}: {len(row)} columns, header has {len(cols)}")
                    continue
                node: dict[str, Any] = {":LABEL": [label] if label else []}
                node_id = None
                for (name, typ, arr), value in zip(cols, row):
                    if typ == "ID" or typ.startswith("ID("):
                        node_id = value
                        if name:
                            node[name] = value
                    elif typ == "LABEL":
                        node[":LABEL"] = sorted(set(node[":LABEL"]) | set(filter(None, value.split(";"))))
                    elif typ != "IGNORE":
                        v = _convert(value, typ, arr, f"{where} {name}", result.errors)
                        if v is not None:
                            node[name] = v
                if not node_id:
                    result.errors.append(f"{where}: empty id")
                elif node_id in result.nodes:
                    result.errors.append(f"{where}: duplicate id {node_id!r}")
                else:
                    result.nodes[node_id] = node
    for type_, files in rel_groups:
        header, *data_files = files
        listed.update(files)
        cols = _parse_header(_read(folder / header)[0])
        roles = [c[1].split("(")[0] for c in cols]
        for needed in ("START_ID", "END_ID"):
            if roles.count(needed) != 1:
                result.errors.append(f"{header}: expected exactly one :{needed} column")
        for data in data_files:
            for n, row in enumerate(_read(folder / data), start=1):
                where = f"{data}:{n}"
                if len(row) != len(cols):
                    result.errors.append(f"{where}: {len(row)} columns, header has {len(cols)}")
                    continue
                rel: dict[str, Any] = {":TYPE": type_}
                for (name, typ, arr), value in zip(cols, row):
                    role = typ.split("(")[0]
                    if role in ("START_ID", "END_ID", "TYPE"):
                        rel[f":{role}"] = value or rel.get(f":{role}")
                    elif typ != "IGNORE":
                        v = _convert(value, typ, arr, f"{where} {name}", result.errors)
                        if v is not None:
                            rel[name] = v
                for end in (":START_ID", ":END_ID"):
                    if rel.get(end) not in result.nodes:
                        result.errors.append(f"{where}: {end} {rel.get(end)!r} is not a node id")
                if not rel.get(":TYPE"):
                    result.errors.append(f"{where}: no relationship type")
                result.relationships.append(rel)
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*.csv")}
    for missing in on_disk - listed:
        result.errors.append(f"{missing}: written but not in the import command")
    return result
