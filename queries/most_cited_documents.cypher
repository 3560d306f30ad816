// name: most_cited_documents
// description: Most-cited Council and Commission documents: number of citations, of citing measures and of citing papers.
// params: limit:int[1..1000]=20 (rows to return)
// The counts are the document's tallies (graph/tallies.py), kept by the corpus stage: the ranking reads the
// cited documents, not every citation of the corpus
MATCH (d:CouncilDocument|CommissionDocument)
WHERE d.citation_count > 0
WITH d, d.citation_count AS citations, d.citing_measure_count AS measures, d.citing_document_count AS documents
ORDER BY citations DESC, measures DESC, d.uid
LIMIT $limit
RETURN d.uid AS uid, coalesce(d.number, d.reference) AS id,
       CASE WHEN d.uid STARTS WITH 'CouncilDocument:' THEN 'CouncilDocument' ELSE 'CommissionDocument' END AS kind,
       d.title AS title, citations, measures, documents
