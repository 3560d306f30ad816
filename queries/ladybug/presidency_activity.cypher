// Rewrite for LadybugDB: label(r) for type(r).
MATCH (p:Presidency)
WHERE p.semester = $presidency OR p.code = toUpper($presidency) OR toLower(p.country) = toLower($presidency)
MATCH (x)-[r:REPORTED_UNDER|PLANNED_UNDER]->(p)
RETURN p.semester AS semester, p.code AS code,
       CASE label(r) WHEN 'REPORTED_UNDER' THEN 'reported' ELSE 'planned' END AS kind,
       x.uid AS subject, coalesce(x.title, x.number) AS title, r.sentence AS sentence, r.date AS date,
       r.source AS source, r.line_start AS line
ORDER BY semester, kind, source, line, subject
SKIP $offset
LIMIT $limit
