// name: working_party_successions
// description: Working parties renamed or merged into another body (SUCCEEDED_BY), with the date where known and the line as evidence.
// params: none
MATCH (a:WorkingParty)-[r:SUCCEEDED_BY]->(b:WorkingParty)
RETURN a.code AS from_code, a.name AS from_name, b.code AS to_code, b.name AS to_name, r.since AS since,
       r.source AS source, r.line_start AS line
ORDER BY from_code, to_code, source, line
