// name: measures_by_working_party
// description: Measures a Council working party is responsible for ("Responsible WP:"), with how many other bodies share each one. One page: limit rows from offset (a list that grows with the corpus).
// params: code:string (working party code, e.g. TWP, LEWP, COSI) e.g. TWP
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (w:WorkingParty {code: $code})-[r:RESPONSIBLE_FOR]->(m:Measure)
OPTIONAL MATCH (m)<-[:RESPONSIBLE_FOR]-(other:WorkingParty)
WHERE other.code <> w.code
WITH m, r, count(DISTINCT other) AS shared_with
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       m.has_follow_up AS has_follow_up, shared_with, r.line_start AS line
ORDER BY document, m.base_number, number, key
SKIP $offset
LIMIT $limit
