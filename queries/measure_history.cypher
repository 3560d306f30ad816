// name: measure_history
// description: A measure's history across the editions of its series (CONTINUED_AS links both ways, splits and merges included): per edition the paper, its date and issuing Presidencies (semesters), the measure's number, title, working parties, state of play and follow-up, the Presidencies it was reported and planned under, and the link from the previous edition with its kind, score, what changed and the changed text.
// params: key:string (measure key "document#number") e.g. 5618/20#48
MATCH (m:Measure {key: $key})
OPTIONAL MATCH (m)<-[:CONTINUED_AS*1..30]-(a:Measure)
WITH m, collect(DISTINCT a.key) AS before
OPTIONAL MATCH (m)-[:CONTINUED_AS*1..30]->(b:Measure)
WITH m, before, collect(DISTINCT b.key) AS after
WITH before + [m.key] + after AS chain
UNWIND chain AS k
MATCH (d:Document)-[:`CONTAINS`]->(x:Measure)
WHERE x.key = k
OPTIONAL MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(x)
WITH chain, d, x, w
ORDER BY w.code
WITH chain, d, x, collect(DISTINCT w.code) AS working_parties
OPTIONAL MATCH (d)-[:ISSUED_BY]->(ip:Presidency)
WITH chain, d, x, working_parties, ip
ORDER BY ip.semester
WITH chain, d, x, working_parties, collect(DISTINCT ip.semester) AS issued_by
OPTIONAL MATCH (x)-[:REPORTED_UNDER]->(rp:Presidency)
WITH chain, d, x, working_parties, issued_by, rp
ORDER BY rp.semester
WITH chain, d, x, working_parties, issued_by, collect(DISTINCT rp.semester) AS reported_under
OPTIONAL MATCH (x)-[:PLANNED_UNDER]->(pp:Presidency)
WITH chain, d, x, working_parties, issued_by, reported_under, pp
ORDER BY pp.semester
WITH chain, d, x, working_parties, issued_by, reported_under, collect(DISTINCT pp.semester) AS planned_under
OPTIONAL MATCH (prev:Measure)-[l:CONTINUED_AS]->(x)
WHERE prev.key IN chain
RETURN d.`date` AS date, d.number AS document, issued_by, x.key AS key, x.number AS number, x.title AS title,
       working_parties, x.state_of_play AS state_of_play, x.follow_up AS follow_up, reported_under, planned_under,
       prev.key AS previous, l.kind AS link, l.score AS score, l.changes AS changes, l.title_before AS title_before,
       l.text_change AS state_of_play_change, l.evidence AS evidence
ORDER BY date, document, number, previous
