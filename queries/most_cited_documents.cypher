// name: most_cited_documents
// description: Most-cited Council and Commission documents: number of citations, of citing measures and of citing papers.
// params: limit:int[1..1000]=20 (rows to return)
// documents by label, counted per document before any of its properties are read (1.2 s -> 0.3 s on Neo4j
// at 1,000 papers: the uid test scanned every node, Statement rows included)
MATCH (d:CouncilDocument|CommissionDocument)<-[r:REFERENCES]-()
WITH d, count(r) AS citations, count(DISTINCT r.source) AS documents
OPTIONAL MATCH (d)<-[:REFERENCES]-(m:Measure)
WITH d, citations, documents, count(DISTINCT m) AS measures
ORDER BY citations DESC, measures DESC, d.uid
LIMIT $limit
RETURN d.uid AS uid, coalesce(d.number, d.reference) AS id,
       CASE WHEN d.uid STARTS WITH 'CouncilDocument:' THEN 'CouncilDocument' ELSE 'CommissionDocument' END AS kind,
       d.title AS title, citations, measures, documents
