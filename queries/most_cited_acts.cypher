// name: most_cited_acts
// description: Most-cited legal acts: number of citations (REFERENCES statements), of citing measures and of citing papers.
// params: limit:int[1..1000]=20 (rows to return)
MATCH (x)-[r:REFERENCES]->(a:LegalAct)
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.type AS act_type, a.year AS year,
       count(r) AS citations, count(DISTINCT CASE WHEN x.uid STARTS WITH 'Measure:' THEN x.uid END) AS measures,
       count(DISTINCT r.source) AS documents
ORDER BY citations DESC, measures DESC, celex
LIMIT $limit
