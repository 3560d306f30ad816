// name: working_party_successions
// description: Working parties renamed or merged into another body (SUCCEEDED_BY), with the date where known and the line as evidence. One page: limit rows from offset (a list that grows with the corpus).
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (a:WorkingParty)-[r:SUCCEEDED_BY]->(b:WorkingParty)
RETURN a.code AS from_code, a.name AS from_name, b.code AS to_code, b.name AS to_name, r.since AS since,
       r.source AS source, r.line_start AS line
ORDER BY from_code, to_code, source, line
SKIP $offset
LIMIT $limit
