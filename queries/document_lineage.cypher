// name: document_lineage
// description: Which papers a paper follows from and which follow from it: its previous documents ("No. prev. doc.", PRECEDED_BY, to the ingested paper or the Council document) and the papers naming it as theirs, and the previous and next editions of its series (NEXT_EDITION), with the line as evidence.
// params: number:string (paper number) e.g. 5618/20
MATCH (d:Document {number: $number})-[r:PRECEDED_BY]->(p)
RETURN 'previous document' AS relation, p.number AS other, p.uid STARTS WITH 'Document:' AS ingested,
       r.source AS source, r.line_start AS line, r.snippet AS snippet
ORDER BY other
UNION ALL
MATCH (d:Document {number: $number})<-[r:PRECEDED_BY]-(n:Document)
RETURN 'named as previous document by' AS relation, n.number AS other, true AS ingested,
       r.source AS source, r.line_start AS line, r.snippet AS snippet
ORDER BY other
UNION ALL
MATCH (d:Document {number: $number})<-[r:NEXT_EDITION]-(p:Document)
RETURN 'previous edition' AS relation, p.number AS other, true AS ingested, r.source AS source,
       r.line_start AS line, r.snippet AS snippet
ORDER BY other
UNION ALL
MATCH (d:Document {number: $number})-[r:NEXT_EDITION]->(n:Document)
RETURN 'next edition' AS relation, n.number AS other, true AS ingested, r.source AS source,
       r.line_start AS line, r.snippet AS snippet
ORDER BY other
