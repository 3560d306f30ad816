// name: working_party_successions
// description: Working parties renamed or merged into another body (SUCCEEDED_BY), with the date where known and, per document mentioning it, its statement as evidence (JSON text: lines, snippet, rule). One page: limit rows from offset (a list that grows with the corpus).
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (a:WorkingParty)-[r:SUCCEEDED_BY]->(b:WorkingParty)
// one edge per succession listing every document that mentions it: one row per document, with its statement
UNWIND r.sources AS source
OPTIONAL MATCH (s:Statement {id: r.uid + '@' + source})
RETURN a.code AS from_code, a.name AS from_name, b.code AS to_code, b.name AS to_name, r.since AS since,
       source, s.statements AS statement
ORDER BY from_code, to_code, source
SKIP $offset
LIMIT $limit
