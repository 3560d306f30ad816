// name: most_cited_documents
// description: Most-cited Council and Commission documents: number of citations, of citing measures and of citing papers.
// params: limit:int[1..1000]=20 (rows to return)
MATCH (x)-[r:REFERENCES]->(d)
WHERE d.uid STARTS WITH 'CouncilDocument:' OR d.uid STARTS WITH 'CommissionDocument:'
RETURN d.uid AS uid, coalesce(d.number, d.reference) AS id,
       CASE WHEN d.uid STARTS WITH 'CouncilDocument:' THEN 'CouncilDocument' ELSE 'CommissionDocument' END AS kind,
       d.title AS title, count(r) AS citations,
       count(DISTINCT CASE WHEN x.uid STARTS WITH 'Measure:' THEN x.uid END) AS measures,
       count(DISTINCT r.source) AS documents
ORDER BY citations DESC, measures DESC, uid
LIMIT $limit
