// name: measures_without_follow_up
// description: Measures with no envisaged follow-up (the column is empty or absent), with the number of responsible working parties. One page: limit rows from offset (a list that grows with the corpus).
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (m:Measure)
WHERE m.has_follow_up = false OR m.has_follow_up IS NULL
OPTIONAL MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(m)
WITH m, count(w) AS working_parties
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       working_parties
ORDER BY document, m.base_number, number, key
SKIP $offset
LIMIT $limit
