// name: act_replaced_by
// description: What replaced (or repealed) an act: the acts that REPLACE or REPEAL it directly, with each document stating it and its statement as evidence (JSON text: lines, snippet, rule) and how many measures cite the newer act. One page: limit rows from offset (a list that grows with the corpus).
// params: celex:string (CELEX number of the older act) e.g. 32002F0475
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
// the measures citing a newer act are counted once per act, not once per paper stating the relation
MATCH (n:LegalAct)-[:REPLACES|REPEALS]->(a:LegalAct {celex: $celex})
WITH DISTINCT n, a
OPTIONAL MATCH (m:Measure)-[:REFERENCES]->(n)
WITH n, a, count(DISTINCT m) AS citing_measures
MATCH (n)-[r:REPLACES|REPEALS]->(a)
// one edge per relation listing every document stating it: one row per document, with its statements
UNWIND r.sources AS source
WITH n, r, type(r) AS relation, citing_measures, source
OPTIONAL MATCH (s:Statement {id: r.uid + '@' + source})
RETURN n.celex AS celex, coalesce(n.short_name, n.celex) AS short_name, n.type AS act_type, n.year AS year,
       relation, citing_measures, source, s.statements AS statement
ORDER BY celex, relation, source
SKIP $offset
LIMIT $limit
