// name: most_cited_acts
// description: Most-cited legal acts: number of citations (REFERENCES statements), of citing measures and of citing papers.
// params: limit:int[1..1000]=20 (rows to return)
// The counts are the act's tallies (graph/tallies.py), kept by the corpus stage: the ranking reads the acts,
// not every citation of the corpus
MATCH (a:LegalAct)
WHERE a.citation_count > 0
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.type AS act_type, a.year AS year,
       a.citation_count AS citations, a.citing_measure_count AS measures, a.citing_document_count AS documents
ORDER BY citations DESC, measures DESC, celex
LIMIT $limit
