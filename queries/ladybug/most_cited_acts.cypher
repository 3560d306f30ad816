// Rewrite for LadybugDB: no label predicates in expressions (x:Measure), so measures are told by their uid.
MATCH (x)-[r:REFERENCES]->(a:LegalAct)
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.type AS act_type, a.year AS year,
       count(r) AS citations, count(DISTINCT CASE WHEN x.uid STARTS WITH 'Measure:' THEN x.uid END) AS measures,
       count(DISTINCT r.source) AS documents
ORDER BY citations DESC, measures DESC, celex
LIMIT $limit
