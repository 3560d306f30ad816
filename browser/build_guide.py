"""Build browser/guide.html, the Neo4j Browser guide of the eusec graph, from graph/schema.yaml and the
named-query catalogue (queries/*.cypher), so the guide never drifts from the graph or the queries.

Run ``python -m eusec.browser.build_guide`` (``--check`` exits 1 if guide.html is out of date; the UI tests do that).
The guide uses the Browser's guide format (``<article class="guide">``, ``<carousel>`` of ``<slide>``s, code in
``<pre class="code runnable">``) and is played with ``:play http://localhost:8000/browser-guide``.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from typing import Any

from eusec import RESOURCE_ROOT
from eusec.graph.schema import load_schema

OUT = RESOURCE_ROOT / "browser" / "guide.html"
GRASS = RESOURCE_ROOT / "browser" / "style.grass"

#: Colour per label (fill, border, text); the graph view (api/static/view.css, view.js) uses the same fills.
COLOURS: dict[str, tuple[str, str, str]] = {
    "Document": ("#4C8EDA", "#2870C2", "#FFFFFF"),
    "Measure": ("#F79767", "#F36924", "#FFFFFF"),
    "WorkingParty": ("#57C7E3", "#23B3D7", "#2A2C34"),
    "LegalAct": ("#DA7194", "#CC3C6C", "#FFFFFF"),
    "CouncilDocument": ("#8DCC93", "#5DB665", "#2A2C34"),
    "CommissionDocument": ("#C990C0", "#B261A5", "#FFFFFF"),
    "Agency": ("#F16667", "#EB2728", "#FFFFFF"),
    "InformationSystem": ("#FFC454", "#D7A013", "#2A2C34"),
    "Presidency": ("#D9C8AE", "#C0A378", "#2A2C34"),
    "Series": ("#ECB5C9", "#DA7298", "#2A2C34"),
}

_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
    "sixteen seventeen eighteen nineteen twenty".split()


def _count_word(n: int) -> str:
    """"Ten", "Eighteen": the counts in the guide follow the schema."""
    return (_NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)).capitalize()

#: The ten starter queries (catalogue name, parameter values). Values chosen to exist both in the shipped
#: sample paper and in the ISS implementation papers, so the slides answer on either.
STARTERS: list[tuple[str, dict[str, Any]]] = [
    ("working_party_workload", {}),
    ("measures_by_working_party", {"code": "TWP"}),
    ("acts_for_agency", {"agency": "Europol", "limit": 25}),
    ("act_supersession_chain", {"celex": "32017L0541", "max_rows": 50}),
    ("most_cited_acts", {"limit": 20}),
    ("most_cited_documents", {"limit": 20}),
    ("priority_agencies_systems", {"section": ""}),
    ("shortest_connection", {"from_uid": "Agency:Europol", "to_uid": "InformationSystem:SIS", "limit": 5}),
    ("measures_without_follow_up", {}),
    ("acts_establishing_systems", {}),
]


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a parameter value (strings single-quoted with escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def inline_params(text: str, values: dict[str, Any]) -> str:
    """Replace ``$name`` by literals so the query runs with one click (the Browser has no parameter form)."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise KeyError(f"no value for ${name}")
        return cypher_literal(values[name])

    return re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", sub, text)


def _slide(title: str, lead: str, body_html: str) -> str:
    return f"""
    <slide class="row-fluid">
      <div class="col-sm-3">
        <h3>{html.escape(title)}</h3>
        <p class="lead">{lead}</p>
      </div>
      <div class="col-sm-9">
{body_html}
      </div>
    </slide>"""


def _code(cypher: str) -> str:
    return f'        <pre class="pre-scrollable code runnable">{html.escape(cypher.strip())}</pre>'


def starter_queries() -> list[dict[str, Any]]:
    """The starter queries with their catalogue description and the runnable (inlined) text."""
    from eusec.graph.catalogue import load_catalogue

    cat = load_catalogue()
    out = []
    for name, values in STARTERS:
        q = cat.get(name)
        bound = {p.name: values.get(p.name, p.default) for p in q.params}
        lines = [f"// {name}: change the values below to ask about something else"] if bound else [f"// {name}"]
        out.append(
            {
                "name": name,
                "description": q.description,
                "values": bound,
                "cypher": "\n".join(lines) + "\n" + inline_params(q.text.strip(), bound),
            }
        )
    return out


def build() -> str:
    """The guide HTML."""
    schema = load_schema()
    e = html.escape
    labels = "".join(
        f"<tr><td><code>:{e(label)}</code></td><td>{e(spec.description)}</td>"
        f"<td><code>{e(spec.key)}</code></td></tr>"
        for label, spec in schema.nodes.items()
    )
    rels = "".join(
        f"<tr><td><code>:{e(t)}</code></td><td>{e(', '.join(rspec.from_labels))} → {e(', '.join(rspec.to_labels))}</td>"
        f"<td>{e(rspec.description)}</td></tr>"
        for t, rspec in schema.relationships.items()
    )
    slides = [
        _slide(
            "The eusec graph",
            "EU internal-security files as a graph: Council papers, their measures, the working parties responsible, "
            "and every act, document, agency, information system and Presidency they cite.",
            """        <p>Every fact carries its <b>provenance</b>: nodes have <code>sources</code> (the papers stating them) and one
        <code>Statement</code> node per paper (<code>node</code> = the node's uid, <code>statements</code> = JSON: document,
        lines, page, snippet, rule); a relationship of a paper's own measures or Document has <code>source</code>,
        <code>line_start</code>, <code>line_end</code>, <code>snippet</code> and <code>rule</code>, and a relation
        between acts, agencies or working parties that many papers state is one edge with <code>sources</code> and a
        <code>uid</code>, its statements in <code>Statement</code> nodes as for nodes. Click a statement to
        put it in the editor, then run it. Start with the shape of the graph:</p>
"""
            + _code("CALL db.schema.visualization()")
            + "\n        <p>and how much of each there is:</p>\n"
            + _code("MATCH (n) WHERE NOT n:Statement RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY nodes DESC")
            + "\n        <p>and where a node comes from (its statements, one row per paper):</p>\n"
            + _code("MATCH (s:Statement {node: 'Agency:Europol'}) RETURN s.document AS paper, s.statements AS statements LIMIT 10"),
        ),
        _slide(
            "Labels",
            f"{_count_word(len(schema.nodes))} kinds of node. Each has a key property; <code>uid</code> is <code>Label:key</code> on every node.",
            f'        <table class="table table-condensed"><tr><th>label</th><th>what it is</th><th>key</th></tr>{labels}</table>',
        ),
        _slide(
            "Relationships",
            f"{_count_word(len(schema.relationships))} relationship types, all directed.",
            f'        <table class="table table-condensed"><tr><th>type</th><th>from → to</th><th>meaning</th></tr>{rels}</table>',
        ),
        _slide(
            "Look around",
            "A first picture: who is responsible for what, and which acts measures cite.",
            _code("MATCH (w:WorkingParty)-[r:RESPONSIBLE_FOR]->(m:Measure)\nRETURN w, r, m LIMIT 100")
            + "\n"
            + _code("MATCH (m:Measure)-[r:REFERENCES]->(a:LegalAct)<-[s:AMENDS|REPLACES|REPEALS]-(b:LegalAct)\nRETURN m, r, a, s, b LIMIT 50")
            + "\n        <p>Where does a fact come from? Every relationship says it:</p>\n"
            + _code(
                "MATCH (:Agency {name: 'Europol'})<-[r]-(x)\n"
                "RETURN x.uid AS entity, type(r) AS rel, coalesce(r.source, r.sources[0]) AS document, size(r.sources) AS papers,\n"
                "       r.line_start AS line, r.snippet AS evidence\n"
                "ORDER BY document, line LIMIT 25"
            ),
        ),
    ]
    slides.append(
        _slide(
            "A corpus over time",
            "Papers re-issued edition after edition are linked by the corpus stage (<code>eusec link</code>, run by "
            "every ingest): series and editions, the same measure across editions, previous documents, and the "
            "identity of a cited Council document with the ingested paper.",
            "        <p>Series, their editions and the measures carried from one edition to the next:</p>\n"
            + _code("MATCH (s:Series)<-[i:IN_SERIES]-(d:Document)\nOPTIONAL MATCH (d)-[n:NEXT_EDITION]->(e:Document)\n"
                    "RETURN s, i, d, n, e")
            + "\n        <p>Measures followed across editions, with the score and the evidence on each link "
            "(renumbered, retitled, split or merged):</p>\n"
            + _code("MATCH (a:Measure)-[c:CONTINUED_AS]->(b:Measure)\n"
                    "RETURN a.key AS before, b.key AS after, c.kind AS kind, c.score AS score, c.changes AS changes,\n"
                    "       c.evidence AS evidence\nORDER BY before, after LIMIT 50")
            + "\n        <p>Previous documents and cited documents that are ingested papers:</p>\n"
            + _code("MATCH (d:Document)-[r:PRECEDED_BY|SAME_AS]->(x)\nRETURN d, r, x LIMIT 50")
            + "\n        <p>In the API: <code>/measures/{key}/history</code>, <code>/documents/{a}/diff/{b}</code>, "
            "<code>/documents/{number}/citations</code>, <code>/series</code>; on the command line "
            "<code>eusec diff A B</code> and <code>eusec history KEY</code>.</p>",
        )
    )
    for i, q in enumerate(starter_queries(), start=1):
        params = ", ".join(f"{k} = {cypher_literal(v)}" for k, v in q["values"].items()) or "none"
        slides.append(
            _slide(
                f"{i}. {q['name'].replace('_', ' ')}",
                e(q["description"]),
                f"        <p>Parameters: <code>{e(params)}</code>. The same query is served by the API as "
                f"<code>GET /queries/{e(q['name'])}</code> and by <code>eusec query {e(q['name'])}</code>.</p>\n"
                + _code(q["cypher"]),
            )
        )
    slides.append(
        _slide(
            "Going further",
            "The same graph in other tools.",
            """        <ul>
          <li>A graph view of any entity: <code>http://127.0.0.1:8000/view/Agency:Europol</code></li>
          <li>All named queries with parameters: <code>http://127.0.0.1:8000/docs</code></li>
          <li>Exports: <code>eusec export --format csv|graphml|json|jsonld|ttl --out PATH</code></li>
          <li>Notebook: <code>notebooks/europol_and_supersession.ipynb</code></li>
          <li>Colours and captions for this Browser: drag <code>browser/style.grass</code> onto the Browser window.</li>
        </ul>
        <p>Full-text search over titles and measures:</p>
"""
            + _code(
                "CALL db.index.fulltext.queryNodes('measure_fulltext', 'terrorism') YIELD node, score\n"
                "RETURN node.key AS key, node.title AS title, score LIMIT 10"
            ),
        )
    )
    return f"""<!-- Generated by browser/build_guide.py from graph/schema.yaml and queries/*.cypher: do not edit. -->
<style type="text/css" media="screen">
  .guide table td, .guide table th {{ padding: 2px 6px; vertical-align: top; font-size: 12px; }}
  .guide pre.code {{ font-size: 12px; }}
</style>
<article class="guide">
  <carousel class="deck container-fluid">{''.join(slides)}
  </carousel>
</article>
"""


def build_grass() -> str:
    """The Browser style sheet: one colour per label and the schema's caption property as caption."""
    schema = load_schema()
    # No comments in the file: the Browser's grass parser takes everything before "{" as the selector.
    parts = [
        "node {\n  diameter: 50px;\n  color: #A5ABB6;\n  border-color: #9AA1AC;\n  border-width: 2px;\n"
        "  text-color-internal: #FFFFFF;\n  font-size: 10px;\n}",
        "relationship {\n  color: #A5ABB6;\n  shaft-width: 1px;\n  font-size: 8px;\n  padding: 3px;\n"
        "  text-color-external: #000000;\n  text-color-internal: #FFFFFF;\n  caption: \"<type>\";\n}",
    ]
    sizes = {"Document": "65px", "Measure": "45px", "WorkingParty": "55px", "Agency": "60px", "InformationSystem": "55px"}
    for label, spec in schema.nodes.items():
        fill, border, text = COLOURS.get(label, ("#A5ABB6", "#9AA1AC", "#FFFFFF"))
        parts.append(
            f"node.{label} {{\n  color: {fill};\n  border-color: {border};\n  text-color-internal: {text};\n"
            f"  diameter: {sizes.get(label, '50px')};\n  caption: \"{{{spec.caption or 'uid'}}}\";\n}}"
        )
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the guide, or with --check compare it with what would be written."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if browser/guide.html is out of date")
    args = ap.parse_args(argv)
    outputs = {OUT: build(), GRASS: build_grass()}
    if args.check:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in stale:
            print(f"{p.relative_to(RESOURCE_ROOT)} is out of date: run python -m eusec.browser.build_guide", file=sys.stderr)
        return 1 if stale else 0
    for p, text in outputs.items():
        p.write_text(text, encoding="utf-8")
        print(f"wrote {p.relative_to(RESOURCE_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
