// name: measure_timeline
// description: A measure's timeline across Presidencies: what was reported under and planned for each Presidency, in Presidency order, with the sentence as evidence.
// params: key:string (measure key "document#number") e.g. 5618/20#11A
MATCH (m:Measure {key: $key})-[r:REPORTED_UNDER|PLANNED_UNDER]->(p:Presidency)
RETURN p.seq AS seq, p.semester AS semester, p.code AS code, p.country AS country,
       CASE type(r) WHEN 'REPORTED_UNDER' THEN 'reported' ELSE 'planned' END AS kind,
       r.sentence AS sentence, r.date AS date, r.section AS field, r.line_start AS line
ORDER BY seq, kind DESC, line
