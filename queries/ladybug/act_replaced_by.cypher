// Rewrite for LadybugDB: label(r) for type(r).
// the measures citing a newer act are counted once per act, not once per paper stating the relation
MATCH (n:LegalAct)-[:REPLACES|REPEALS]->(a:LegalAct {celex: $celex})
WITH DISTINCT n, a
OPTIONAL MATCH (m:Measure)-[:REFERENCES]->(n)
WITH n, a, count(DISTINCT m) AS citing_measures
MATCH (n)-[r:REPLACES|REPEALS]->(a)
// one edge per relation listing every document stating it: one row per document, with its statements
UNWIND r.sources AS source
WITH n, r, label(r) AS relation, citing_measures, source
OPTIONAL MATCH (s:Statement {id: r.uid + '@' + source})
RETURN n.celex AS celex, coalesce(n.short_name, n.celex) AS short_name, n.type AS act_type, n.year AS year,
       relation, citing_measures, source, s.statements AS statement
ORDER BY celex, relation, source
SKIP $offset
LIMIT $limit
