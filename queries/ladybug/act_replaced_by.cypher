// Rewrite for LadybugDB: label(r) for type(r).
MATCH (n:LegalAct)-[r:REPLACES|REPEALS]->(a:LegalAct {celex: $celex})
OPTIONAL MATCH (m:Measure)-[:REFERENCES]->(n)
WITH n, r, label(r) AS relation, count(DISTINCT m) AS citing_measures
RETURN n.celex AS celex, coalesce(n.short_name, n.celex) AS short_name, n.type AS act_type, n.year AS year,
       relation, citing_measures, r.source AS source, r.line_start AS line, r.snippet AS snippet
ORDER BY celex, relation, source, line
