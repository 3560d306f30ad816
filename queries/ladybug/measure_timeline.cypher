// Rewrite for LadybugDB: label(r) for type(r).
MATCH (m:Measure {key: $key})-[r:REPORTED_UNDER|PLANNED_UNDER]->(p:Presidency)
RETURN p.seq AS seq, p.semester AS semester, p.code AS code, p.country AS country,
       CASE label(r) WHEN 'REPORTED_UNDER' THEN 'reported' ELSE 'planned' END AS kind,
       r.sentence AS sentence, r.date AS date, r.section AS field, r.line_start AS line
ORDER BY seq, kind DESC, line
