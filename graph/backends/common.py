"""What both backends share: the load plan (a diff between the stored state and a document's graph),
stored-row helpers, provenance merging and the conversion of stored rows back into graph.model objects.

Both backends read the current state of the affected nodes/relationships inside their write transaction,
call :func:`plan_load`, and execute the resulting :class:`LoadPlan` with their own write statements. Keeping
the decision logic here is what makes the two backends behave identically (same counts, same properties).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from eusec.graph import statements
from eusec.graph.model import Graph, Node, Provenance, Relationship, relationship_row
from eusec.graph.schema import NODE_RESERVED, REL_RESERVED, Schema, rel_uid, statement_id
from eusec.errors import QueryRejectedError, SchemaError
from eusec.graph.store import LoadSummary

RelId = tuple[str, str, str]  # (type, start uid, end uid)


def clean(row: dict[str, Any]) -> dict[str, Any]:
    """Drop NULL and empty-list values: both backends then store (and return) exactly the same maps."""
    return {k: v for k, v in row.items() if v is not None and v != []}


def split_uid(uid: str) -> tuple[str, str]:
    label, _, key = uid.partition(":")
    return label, key


@dataclass
class LoadPlan:
    """The writes that turn the stored state into "stored state with this document's facts replaced".

    Statement rows (graph.statements): ``delete_statements`` are ids that end with no row,
    ``put_statements`` rows to create or overwrite (the two never share an id); ``new_statements`` the ids
    among them that the stored texts given to the planner did not have (a backend may create those rows
    without looking for an old one, where nothing else can write the same id meanwhile).

    Canonical relationships (graph.schema.RelSpec.canonical) are written like nodes: ``create_rels``
    holds new ones too (their row has uid and sources), ``update_rels`` full rows of stored ones whose
    sources or properties change, ``drop_rels`` those no document states any more."""

    document: str
    create_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    update_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    delete_nodes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # label -> keys
    delete_rels: list[RelId] = field(default_factory=list)  # statements of this document to delete
    create_rels: list[tuple[RelId, dict[str, Any]]] = field(default_factory=list)
    update_rels: list[tuple[RelId, dict[str, Any]]] = field(default_factory=list)  # canonical, full rows
    drop_rels: list[RelId] = field(default_factory=list)  # canonical, deleted whole
    delete_statements: list[str] = field(default_factory=list)  # Statement ids
    put_statements: list[dict[str, Any]] = field(default_factory=list)  # Statement rows
    new_statements: set[str] = field(default_factory=set)  # ids of put_statements not stored when planned
    summary: LoadSummary | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.create_nodes or self.update_nodes or self.delete_nodes or self.delete_rels or self.create_rels
            or self.update_rels or self.drop_rels or self.delete_statements or self.put_statements
        )

    def set_statements(self, wanted: dict[str, dict[str, Any] | None], stored: dict[str, str]) -> bool:
        """Plan Statement rows to their wanted state (id -> row, None = absent) against the stored texts
        (id -> statements); True when anything changes."""
        changed = False
        for sid, row in wanted.items():
            before = stored.get(sid)
            if row is None:
                if before is not None:
                    self.delete_statements.append(sid)
                    changed = True
            elif before != row["statements"]:
                self.put_statements.append(row)
                if before is None:
                    self.new_statements.add(sid)
                changed = True
        return changed


#: Documents of this prefix are authoritative reference data (EUR-Lex/CELLAR imports, ingest/eurlex/).
AUTHORITATIVE_PREFIX = "EUR-Lex/CELLAR:"


def _authoritative(stored: dict[str, Any] | None) -> bool:
    """A stored node whose properties were set by EUR-Lex/CELLAR (its in-force flag says so)."""
    return bool(stored) and stored.get("in_force_source") == "eurlex"


def needed_statement_ids(graphs: list[Graph], schema: Schema) -> list[str]:
    """The Statement rows a load of ``graphs`` reads: per node, its row for the loading document and for
    every other document one of its statements names; per canonical relationship, its row for the loading
    document."""
    ids: dict[str, None] = {}
    for graph in graphs:
        document = graph.document or ""
        for uid, node in graph.nodes.items():
            ids[statement_id(uid, document)] = None
            for p in node.provenance:
                ids[statement_id(uid, p.document)] = None
        for ident in graph.relationships:
            if schema.rel(ident[0]).canonical:
                ids[statement_id(rel_uid(*ident), document)] = None
    return list(ids)


def canonical_idents(graphs: list[Graph], schema: Schema) -> list[RelId]:
    """The canonical relationships ``graphs`` state (their stored rows are read by uid before a load)."""
    return list(dict.fromkeys(i for g in graphs for i in g.relationships if schema.rel(i[0]).canonical))


def canonical_statement(rel: Relationship, document: str) -> dict[str, Any]:
    """``document``'s statement of a canonical relationship, as its Statement row keeps it."""
    return {**rel.provenance.as_dict(), "document": document}


def canonical_target_row(rel: Relationship, document: str, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The row a canonical relationship should have after loading ``document``: stored properties overlaid
    with the document's, the document added to ``sources`` (as :func:`node_target_row` does for nodes)."""
    row = {k: v for k, v in (stored or {}).items() if k not in REL_RESERVED}
    row.update(clean(rel.properties))
    row["uid"] = rel_uid(*rel.ident)
    row["sources"] = sorted(set((stored or {}).get("sources") or []) | {document})
    return clean(row)


StatementKey = tuple[str, str]  # (node uid, document)


def statement_targets(
    node: Node, document: str, stored: dict[str, str], current: dict[StatementKey, list[dict[str, Any]]] | None = None
) -> dict[StatementKey, list[dict[str, Any]]]:
    """What loading ``document`` makes of the node's Statement rows: (uid, document) -> statements (empty =
    no row).

    Its own row becomes exactly this load's statements naming ``document``; a statement naming another
    document is added to that document's row (which keeps what it had). ``stored``: Statement id -> stored
    text; ``current``: rows already folded in this batch (they take precedence)."""
    current = current or {}
    groups = statements.by_document(p.as_dict() for p in node.provenance)
    out = {(node.uid, document): groups.pop(document, [])}
    for doc, new in groups.items():
        key = (node.uid, doc)
        old = current[key] if key in current else statements.parse(stored.get(statement_id(*key)))
        out[key] = old + [s for s in new if s not in old]
    return out


def wanted_rows(targets: dict[StatementKey, list[dict[str, Any]]]) -> dict[str, dict[str, Any] | None]:
    """(uid, document) -> statements as Statement id -> row (None where there are none)."""
    return {statement_id(*key): statements.row(*key, items) if items else None for key, items in targets.items()}


def node_target_row(node: Node, key_prop: str, document: str, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The full row a node should have after loading ``document``: stored properties overlaid with the
    document's values, the document added to ``sources`` (its statements are Statement rows, see
    :func:`statement_targets`).

    A paper never overrides what EUR-Lex/CELLAR set on an act (its title as printed, say): it only fills
    properties the authoritative record lacks; EUR-Lex's own imports overlay as usual."""
    row = {k: v for k, v in (stored or {}).items() if k not in NODE_RESERVED}
    props = clean(node.properties)
    if _authoritative(stored) and not document.startswith(AUTHORITATIVE_PREFIX):
        props = {k: v for k, v in props.items() if row.get(k) in (None, "", [])}
    row.update(props)
    row[key_prop] = node.key
    row["uid"] = node.uid
    sources = set((stored or {}).get("sources") or []) | {document} | {p.document for p in node.provenance}
    row["sources"] = sorted(sources)
    return clean(row)


def strip_document(stored: dict[str, Any], document: str) -> dict[str, Any]:
    """A stored node row with ``document`` removed from its sources (its Statement row goes separately)."""
    row = dict(stored)
    row["sources"] = sorted(set(stored.get("sources") or []) - {document})
    return clean(row)


def plan_load(
    schema: Schema,
    graph: Graph,
    document: str,
    stored_nodes: dict[str, dict[str, Any]],
    stated_nodes: dict[str, dict[str, Any]],
    stored_rels: dict[RelId, list[dict[str, Any]]],
    stored_statements: dict[str, str] | None = None,
    stored_canonical: dict[RelId, dict[str, Any]] | None = None,
) -> LoadPlan:
    """Diff a document's graph against the stored state.

    ``stored_nodes``: uid -> stored row (cleaned) for the graph's nodes that already exist.
    ``stated_nodes``: uid -> stored row for every node whose ``sources`` contains ``document``.
    ``stored_rels``: (type, start uid, end uid) -> stored rows of relationships with ``source = document``.
    ``stored_statements``: Statement id -> stored statements text, for :func:`needed_statement_ids`.
    ``stored_canonical``: (type, start, end) -> stored row of the canonical relationships the graph states
    and of those whose ``sources`` contain ``document`` (``stored_rels`` has none of them).
    """
    stored_statements = stored_statements or {}
    stored_canonical = stored_canonical or {}
    plan = LoadPlan(document=document)
    summary = LoadSummary(document=document)
    for uid, node in graph.nodes.items():
        key_prop = schema.key_of(node.label)
        stored = stored_nodes.get(uid)
        target = node_target_row(node, key_prop, document, stored)
        wanted = wanted_rows(statement_targets(node, document, stored_statements))
        restated = plan.set_statements(wanted, stored_statements)
        if stored is None:
            plan.create_nodes[node.label].append(target)
            summary.nodes_created += 1
        elif target != stored:
            plan.update_nodes[node.label].append(target)
            summary.nodes_updated += 1
        elif restated:
            summary.nodes_updated += 1
        else:
            summary.nodes_unchanged += 1
    for uid, stored in stated_nodes.items():
        if uid in graph.nodes:
            continue
        label, key = split_uid(uid)
        stripped = strip_document(stored, document)
        plan.delete_statements.append(statement_id(uid, document))
        if stripped.get("sources"):
            plan.update_nodes[label].append(stripped)
            summary.nodes_updated += 1
        else:
            plan.delete_nodes[label].append(key)
            summary.nodes_deleted += 1
    wanted_rels: dict[RelId, dict[str, Any]] = {}
    canonical = {i: r for i, r in graph.relationships.items() if schema.rel(r.type).canonical}
    _plan_canonical(plan, summary, canonical, document, stored_canonical, stored_statements)
    for rel in graph.relationships.values():
        if rel.ident in canonical:
            continue
        row = clean(relationship_row(rel))
        row["source"] = document  # the statement belongs to the document being loaded
        wanted_rels[rel.ident] = row
    for ident, rows in stored_rels.items():
        if ident in wanted_rels and len(rows) == 1 and rows[0] == wanted_rels[ident]:
            summary.relationships_unchanged += 1
            continue
        plan.delete_rels.append(ident)
        summary.relationships_deleted += len(rows)
    for ident, row in wanted_rels.items():
        rows = stored_rels.get(ident)
        if rows is not None and len(rows) == 1 and rows[0] == row:
            continue
        plan.create_rels.append((ident, row))
        summary.relationships_created += 1
    plan.summary = summary
    # defaultdicts -> plain dicts, without empty groups
    plan.create_nodes = {k: v for k, v in plan.create_nodes.items() if v}
    plan.update_nodes = {k: v for k, v in plan.update_nodes.items() if v}
    plan.delete_nodes = {k: v for k, v in plan.delete_nodes.items() if v}
    return plan


def _plan_canonical(
    plan: LoadPlan,
    summary: LoadSummary,
    wanted: dict[RelId, Relationship],
    document: str,
    stored: dict[RelId, dict[str, Any]],
    stored_statements: dict[str, str],
) -> None:
    """The canonical relationships' part of :func:`plan_load`: each one the graph states gets ``document``
    in its sources and its Statement row; each stored one that lists ``document`` but is no longer stated
    loses both, and goes when no document is left."""
    for ident, rel in wanted.items():
        before = stored.get(ident)
        target = canonical_target_row(rel, document, before)
        uid = target["uid"]
        row = statements.row(uid, document, [canonical_statement(rel, document)])
        restated = plan.set_statements({row["id"]: row}, stored_statements)
        if before is None:
            plan.create_rels.append((ident, target))
            summary.relationships_created += 1
        elif target != before or restated:
            if target != before:
                plan.update_rels.append((ident, target))
            summary.relationships_created += 1
            if document in (before.get("sources") or []):
                summary.relationships_deleted += 1  # its old statement, replaced
        else:
            summary.relationships_unchanged += 1
    for ident, before in stored.items():
        if ident in wanted or document not in (before.get("sources") or []):
            continue
        plan.delete_statements.append(statement_id(rel_uid(*ident), document))
        summary.relationships_deleted += 1
        left = sorted(set(before.get("sources") or []) - {document})
        if left:
            plan.update_rels.append((ident, clean({**before, "sources": left})))
        else:
            plan.drop_rels.append(ident)


def fold_statements_per_paper(
    type_: str, rows: list[tuple[str, str, dict[str, Any]]]
) -> tuple[list[RelId], list[tuple[RelId, dict[str, Any]]], list[dict[str, Any]]]:
    """A store made before canonical relationships kept one edge per paper for them (with ``source`` and
    the flat provenance columns). Its edges of ``type_``, (start, end, row), folded: the idents to delete,
    one canonical row per ident (properties overlaid in source order, uid, sources) and the Statement rows
    of every source."""
    groups: dict[RelId, list[dict[str, Any]]] = defaultdict(list)
    for start, end, row in rows:
        groups[(type_, start, end)].append(row)
    out: list[tuple[RelId, dict[str, Any]]] = []
    put: list[dict[str, Any]] = []
    for ident, items in sorted(groups.items()):
        items = sorted(items, key=lambda r: str(r.get("source") or ""))
        row: dict[str, Any] = {}
        for item in items:
            row.update({k: v for k, v in item.items() if k not in REL_RESERVED and v is not None and v != []})
        uid = rel_uid(*ident)
        by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in items:
            by_doc[str(item.get("source") or "")].append(flat_provenance(item).as_dict())
        out.append((ident, clean({**row, "uid": uid, "sources": sorted(by_doc)})))
        put += [statements.row(uid, document, stated) for document, stated in sorted(by_doc.items())]
    return list(groups), out, put


def plan_batch(
    schema: Schema,
    graphs: list[Graph],
    stored_nodes: dict[str, dict[str, Any]],
    stored_statements: dict[str, str] | None = None,
    stored_canonical: dict[RelId, dict[str, Any]] | None = None,
) -> tuple[LoadPlan, list[LoadSummary]]:
    """One plan for several papers none of which is stored yet (see StoreBase.load_documents).

    The papers are folded in order and give the rows loading them one after the other would give
    (node_target_row and statement_targets per paper): a node shared by several papers is written once,
    with every paper in its ``sources``; each paper's statements about it are a Statement row of their own,
    so what other papers stated is neither read nor rewritten. ``stored_nodes``: uid -> stored row for the
    union of their nodes; ``stored_statements``: id -> stored text for :func:`needed_statement_ids` (only
    rows of documents outside the batch can exist). The summaries count per paper what sequential loads
    count: the first paper creates a node, each later one updates it (it adds itself to ``sources``). A new
    paper states no stored relationship and no stored node lists it, so no node or relationship is deleted.
    Canonical relationships fold like nodes: ``stored_canonical`` holds the stored rows of those the
    papers state.
    """
    stored_statements = stored_statements or {}
    stored_canonical = stored_canonical or {}
    canonical_rows: dict[RelId, dict[str, Any]] = {}
    canonical_sources: dict[RelId, set[str]] = {}
    plan = LoadPlan(document="")
    summaries: list[LoadSummary] = []
    rows: dict[str, dict[str, Any]] = {}  # uid -> row
    sources: dict[str, set[str]] = {}  # uid -> sources, sorted once at the end: a much-cited node lists
    # every paper of the corpus, and sorting that list for each paper of the batch grew with the corpus
    labels: dict[str, str] = {}
    folded: dict[StatementKey, list[dict[str, Any]]] = {}
    for graph in graphs:
        document = document_of(graph)
        summary = LoadSummary(document=document)
        for uid, node in graph.nodes.items():
            if uid not in rows:
                rows[uid] = dict(stored_nodes.get(uid) or {})
                sources[uid] = set(rows[uid].get("sources") or [])
                labels[uid] = node.label
            row = rows[uid]
            if row:
                summary.nodes_updated += 1
            else:
                summary.nodes_created += 1
            stored_props = {k: v for k, v in row.items() if k not in NODE_RESERVED}
            props = clean(node.properties)
            if _authoritative(row) and not document.startswith(AUTHORITATIVE_PREFIX):
                props = {k: v for k, v in props.items() if stored_props.get(k) in (None, "", [])}
            row.update(props)
            row[schema.key_of(node.label)] = node.key
            row["uid"] = uid
            sources[uid].add(document)
            sources[uid].update(p.document for p in node.provenance)
            folded.update(statement_targets(node, document, stored_statements, folded))
        for rel in graph.relationships.values():
            summary.relationships_created += 1
            if schema.rel(rel.type).canonical:
                if rel.ident not in canonical_rows:
                    before = stored_canonical.get(rel.ident) or {}
                    canonical_rows[rel.ident] = {k: v for k, v in before.items() if k != "sources"}
                    canonical_sources[rel.ident] = set(before.get("sources") or [])
                canonical_rows[rel.ident].update(clean(rel.properties))
                canonical_rows[rel.ident]["uid"] = uid = rel_uid(*rel.ident)
                canonical_sources[rel.ident].add(document)
                folded[(uid, document)] = [canonical_statement(rel, document)]
                continue
            rel_row = clean(relationship_row(rel))
            rel_row["source"] = document
            plan.create_rels.append((rel.ident, rel_row))
        summaries.append(summary)
    for uid, label in labels.items():
        row = clean({**rows[uid], "sources": sorted(sources[uid])})
        if uid not in stored_nodes:
            plan.create_nodes[label].append(row)
        elif row != stored_nodes[uid]:
            plan.update_nodes[label].append(row)
    for ident, rel_row in canonical_rows.items():
        rel_row = clean({**rel_row, "sources": sorted(canonical_sources[ident])})
        if ident not in stored_canonical:
            plan.create_rels.append((ident, rel_row))
        elif rel_row != stored_canonical[ident]:
            plan.update_rels.append((ident, rel_row))
    plan.set_statements(wanted_rows(folded), stored_statements)
    plan.create_nodes = {k: v for k, v in plan.create_nodes.items() if v}
    plan.update_nodes = {k: v for k, v in plan.update_nodes.items() if v}
    plan.delete_nodes = {}
    return plan, summaries


def batchable(graphs: list[Graph], schema: Schema) -> list[int]:
    """Indexes of the graphs a batch may take before looking at the store: papers with their own Document
    node, each document once, valid against the schema (an invalid one is left to its own load, which
    reports it)."""
    seen: set[str] = set()
    out: list[int] = []
    for i, graph in enumerate(graphs):
        document = graph.document
        if not document or document in seen or not graph.nodes or not carries_document_node(graph, document):
            continue
        try:
            schema.validate_graph(graph)
        except SchemaError:  # its own load reports it
            continue
        seen.add(document)
        out.append(i)
    return out


def group_rels(
    idents: list[RelId] | list[tuple[RelId, dict[str, Any]]],
) -> dict[tuple[str, str, str], list[Any]]:
    """Group relationship idents (or (ident, row) pairs) by (type, start label, end label): each group
    is written with one statement, since LadybugDB needs labelled endpoints."""
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for item in idents:
        ident = item[0] if isinstance(item[0], tuple) else item
        type_, start, end = ident  # type: ignore[misc]
        groups[(type_, split_uid(start)[0], split_uid(end)[0])].append(item)
    return groups


def graph_from_rows(
    schema: Schema,
    node_rows: list[tuple[str, dict[str, Any]]],
    rel_rows: list[tuple[str, str, str, dict[str, Any]]],
    statement_rows: list[dict[str, Any]] | None = None,
    document: str | None = None,
) -> Graph:
    """Rebuild a graph.model.Graph from stored rows: (label, row), (type, start uid, end uid, row) and the
    Statement rows (the nodes' provenance).

    The model keeps one relationship per (type, start, end); when several documents state the same
    relationship, the statement of the first document (sorted) is kept.
    """
    graph = Graph(document=document)
    provenance = statements.collect(statement_rows or [])
    for label, row in sorted(node_rows, key=lambda lr: lr[1].get("uid") or ""):
        spec = schema.node(label)
        key = row[spec.key]
        props = {k: v for k, v in row.items() if k not in NODE_RESERVED and v is not None and v != []}
        node = Node(label=label, key=key, properties=props)
        for s in provenance.get(row.get("uid") or "", []):
            node.provenance.append(provenance_from(s))
        graph.nodes[node.uid] = node
    for type_, start, end, row in sorted(rel_rows, key=lambda r: (r[0], r[1], r[2], r[3].get("source") or "")):
        ident = (type_, start, end)
        if ident in graph.relationships or start not in graph.nodes or end not in graph.nodes:
            continue
        props = {k: v for k, v in row.items() if k not in REL_RESERVED and v is not None and v != []}
        stated = provenance.get(row.get("uid") or "") if schema.rel(type_).canonical else None
        # a canonical relationship: the statement of its first document; else its own flat columns
        prov = provenance_from(stated[0]) if stated else flat_provenance(row)
        graph.relationships[ident] = Relationship(type=type_, start=start, end=end, provenance=prov, properties=props)
    return graph


def flat_provenance(row: dict[str, Any]) -> Provenance:
    """The statement a stored relationship row carries in its flat columns (``source``, lines ...)."""
    return provenance_from({**row, "document": row.get("source")})


def provenance_from(statement: dict[str, Any]) -> Provenance:
    """A stored provenance statement (dict) back as a Provenance."""
    return Provenance(
        document=str(statement.get("document") or ""),
        line_start=int(statement.get("line_start") or 0),
        line_end=int(statement.get("line_end") or 0),
        snippet=str(statement.get("snippet") or ""),
        rule=str(statement.get("rule") or ""),
        page=statement.get("page"),
    )


def document_of(graph: Graph) -> str:
    """The document a graph belongs to (required for load_document)."""
    if not graph.document:
        raise ValueError("load_document needs graph.document (the canonical number of the source paper)")
    return graph.document


def carries_document_node(graph: Graph, document: str) -> bool:
    """Whether a graph carries its own Document node (every paper does). The loaders rely on "a paper whose
    Document does not list it in ``sources`` has no facts stored" to skip the scans for old facts of a new
    paper; a graph without its Document (an EUR-Lex/CELLAR source unit) always takes the full scans."""
    return not graph.nodes or f"Document:{document}" in graph.nodes


def content_hash_of(graph: Graph, document: str) -> str | None:
    """The content hash the graph declares for its Document node, if any."""
    node = graph.nodes.get(f"Document:{document}")
    return None if node is None else node.properties.get("content_hash")


# --- read guard -------------------------------------------------------------------------------------
# Write refusal is the engine's: read() runs in a read-only transaction. What the access mode does not
# cover is (a) a second statement after ";" (on LadybugDB "COMMIT; CREATE ..." would leave the read-only
# transaction), (b) clauses that touch the file system, the network or the connection (LadybugDB: COPY ...
# TO, LOAD FROM a file, EXPORT/IMPORT DATABASE, ATTACH, INSTALL, `CALL setting=value`; Neo4j: LOAD CSV,
# USE <database>), and (c) on Neo4j, administration commands a read transaction still allows (SHOW
# USERS/SETTINGS/TRANSACTIONS, TERMINATE TRANSACTIONS, dbms.* procedures). Those are refused by clause
# keyword, outside string literals, comments and backtick-quoted names.
_TOKEN = re.compile(
    r"""(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<quoted>`(?:[^`]|``)*`)|(?P<comment>//[^\n]*|/\*.*?\*/)"""
    r"""|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<semi>;)|(?P<other>\S)""",
    re.DOTALL,
)
EMBEDDED_FORBIDDEN = frozenset({"COPY", "LOAD", "EXPORT", "IMPORT", "ATTACH", "INSTALL", "UNINSTALL", "USE"})
NEO4J_FORBIDDEN = frozenset({"LOAD", "USE", "SHOW", "TERMINATE"})
NEO4J_FORBIDDEN_PROCEDURES = ("dbms.",)


def guard_read_statement(
    cypher: str,
    forbidden: frozenset[str] = EMBEDDED_FORBIDDEN,
    forbidden_procedures: tuple[str, ...] = (),
) -> None:
    """Refuse multi-statement text, file/connection clauses and admin commands in read() (see above)."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(cypher) if m.lastgroup != "comment"]
    prev = ""
    for i, (kind, text) in enumerate(tokens):
        if kind == "semi":
            if any(k != "semi" for k, _ in tokens[i + 1 :]):
                raise QueryRejectedError("only one statement per query is allowed")
            continue
        if kind == "word" and prev not in (".", ":", "$"):
            upper = text.upper()
            if upper in forbidden:
                raise QueryRejectedError(f"{upper} is not allowed in a read-only query")
            if upper == "CALL":
                nxt = [t for _, t in tokens[i + 1 : i + 3]]
                if len(nxt) == 2 and nxt[1] == "=":
                    raise QueryRejectedError("changing settings is not allowed in a read-only query")
                name = ""
                for k, t in tokens[i + 1 :]:
                    if k == "word" or t == ".":
                        name += t
                    else:
                        break
                if name.lower().startswith(forbidden_procedures) and forbidden_procedures:
                    raise QueryRejectedError(f"procedure {name} is not allowed in a read-only query")
        prev = text
