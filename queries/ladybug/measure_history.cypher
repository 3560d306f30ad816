// Rewrite for LadybugDB: ORDER BY in WITH needs SKIP/LIMIT there, so lists are sorted with list_sort; list_concat for +.
MATCH (m:Measure {key: $key})
OPTIONAL MATCH (m)<-[:CONTINUED_AS*1..30]-(a:Measure)
WITH m, collect(DISTINCT a.key) AS before
OPTIONAL MATCH (m)-[:CONTINUED_AS*1..30]->(b:Measure)
WITH m, before, collect(DISTINCT b.key) AS after
WITH list_concat(list_concat(before, [m.key]), after) AS chain
UNWIND chain AS k
MATCH (d:Document)-[:`CONTAINS`]->(x:Measure)
WHERE x.key = k
OPTIONAL MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(x)
WITH chain, d, x, list_sort(collect(DISTINCT w.code)) AS working_parties
OPTIONAL MATCH (d)-[:ISSUED_BY]->(ip:Presidency)
WITH chain, d, x, working_parties, list_sort(collect(DISTINCT ip.semester)) AS issued_by
OPTIONAL MATCH (x)-[:REPORTED_UNDER]->(rp:Presidency)
WITH chain, d, x, working_parties, issued_by, list_sort(collect(DISTINCT rp.semester)) AS reported_under
OPTIONAL MATCH (x)-[:PLANNED_UNDER]->(pp:Presidency)
WITH chain, d, x, working_parties, issued_by, reported_under, list_sort(collect(DISTINCT pp.semester)) AS planned_under
OPTIONAL MATCH (prev:Measure)-[l:CONTINUED_AS]->(x)
WHERE prev.key IN chain
RETURN d.`date` AS date, d.number AS document, issued_by, x.key AS key, x.number AS number, x.title AS title,
       working_parties, x.state_of_play AS state_of_play, x.follow_up AS follow_up, reported_under, planned_under,
       prev.key AS previous, l.kind AS link, l.score AS score, l.changes AS changes, l.title_before AS title_before,
       l.text_change AS state_of_play_change, l.evidence AS evidence
ORDER BY date, document, number, previous
