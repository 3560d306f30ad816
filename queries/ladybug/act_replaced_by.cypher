// Rewrite for LadybugDB: label(r) for type(r).
// the measures citing a newer act are counted once per act, not once per paper stating the relation
MATCH (n:LegalAct)-[:REPLACES|REPEALS]->(a:LegalAct {celex: $celex})
WITH DISTINCT n, a
OPTIONAL MATCH (m:Measure)-[:REFERENCES]->(n)
WITH n, a, count(DISTINCT m) AS citing_measures
MATCH (n)-[r:REPLACES|REPEALS]->(a)
WITH n, r, label(r) AS relation, citing_measures
RETURN n.celex AS celex, coalesce(n.short_name, n.celex) AS short_name, n.type AS act_type, n.year AS year,
       relation, citing_measures, r.source AS source, r.line_start AS line, r.snippet AS snippet
ORDER BY celex, relation, source, line
SKIP $offset
LIMIT $limit
