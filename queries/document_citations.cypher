// name: document_citations
// description: What cites a Council document: measures and papers that REFERENCE it (any version, REV/ADD/COR, is the same document), and papers that name it as their previous document (PRECEDED_BY); with the line as evidence and whether the document itself is ingested (SAME_AS). One page of each of the two relations: limit rows from offset.
// params: number:string (canonical Council document number) e.g. 9691/18
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
// whether the document is ingested, once (not for each of the hundreds of papers citing a much-cited one)
MATCH (c:CouncilDocument {number: $number})
WITH c, EXISTS { MATCH (:Document)-[:SAME_AS]->(c) } AS ingested
MATCH (c)<-[r:REFERENCES]-(x)
RETURN 'cited' AS relation, r.source AS paper, x.uid AS cited_by, r.context AS context, r.line_start AS line,
       r.snippet AS snippet, ingested
ORDER BY paper, line, cited_by
SKIP $offset
LIMIT $limit
UNION ALL
MATCH (d:Document)-[r:PRECEDED_BY]->(p)
WHERE p.number = $number
RETURN 'previous document of' AS relation, d.number AS paper, d.uid AS cited_by, 'No. prev. doc.' AS context,
       r.line_start AS line, r.snippet AS snippet, p.uid STARTS WITH 'Document:' AS ingested
ORDER BY paper, line, cited_by
SKIP $offset
LIMIT $limit
