// name: most_cited_acts
// description: Most-cited legal acts: number of citations (REFERENCES statements), of citing measures and of citing papers.
// params: limit:int[1..1000]=20 (rows to return)
MATCH (a:LegalAct)<-[r:REFERENCES]-(x)
// counted per act before any of its properties are read, and measures told by their label, not their uid
WITH a, count(r) AS citations, count(DISTINCT CASE WHEN x:Measure THEN x END) AS measures,
     count(DISTINCT r.source) AS documents
ORDER BY citations DESC, measures DESC, a.celex
LIMIT $limit
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.type AS act_type, a.year AS year,
       citations, measures, documents
