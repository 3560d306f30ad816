// name: documents
// description: Ingested documents (Council papers, EU acts as published, Commission documents) with their header fields and number of measures; optionally one by number.
// params: number:string= (paper number such as 5618/20; empty for all) e.g. 5618/20
MATCH (d:Document)
WHERE $number = '' OR d.number = $number
OPTIONAL MATCH (d)-[:CONTAINS]->(m:Measure)
WITH d, count(DISTINCT m) AS measures
RETURN d.number AS number, d.date AS date, d.title AS title, d.from_ AS from_, d.to AS to,
       d.previous_document AS previous_document, d.subject_codes AS subject_codes, d.classification AS classification,
       d.doc_type AS doc_type, d.kind AS kind, d.revision AS revision,
       d.interinstitutional_file AS interinstitutional_file, d.previous_documents AS previous_documents,
       d.commission_documents AS commission_documents, d.path AS path, d.line_count AS line_count, d.content_hash AS content_hash,
       d.uid AS uid, measures
ORDER BY number
