// name: act_replaced_by
// description: What replaced (or repealed) an act: the acts that REPLACE or REPEAL it directly, with the line as evidence and how many measures cite the newer act. One page: limit rows from offset (a list that grows with the corpus).
// params: celex:string (CELEX number of the older act) e.g. 32002F0475
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
// the measures citing a newer act are counted once per act, not once per paper stating the relation
MATCH (n:LegalAct)-[:REPLACES|REPEALS]->(a:LegalAct {celex: $celex})
WITH DISTINCT n, a
OPTIONAL MATCH (m:Measure)-[:REFERENCES]->(n)
WITH n, a, count(DISTINCT m) AS citing_measures
MATCH (n)-[r:REPLACES|REPEALS]->(a)
WITH n, r, type(r) AS relation, citing_measures
RETURN n.celex AS celex, coalesce(n.short_name, n.celex) AS short_name, n.type AS act_type, n.year AS year,
       relation, citing_measures, r.source AS source, r.line_start AS line, r.snippet AS snippet
ORDER BY celex, relation, source, line
SKIP $offset
LIMIT $limit
