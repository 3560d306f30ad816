// name: presidency_activity
// description: What a Presidency reported (REPORTED_UNDER) and planned (PLANNED_UNDER) on measures and in the general report, with the sentence as evidence. Give a semester (2019-H2), a country code (FI) or a country (Finland). One page: limit rows from offset (a list that grows with the corpus).
// params: presidency:string (semester, code or country) e.g. FI
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (p:Presidency)
WHERE p.semester = $presidency OR p.code = toUpper($presidency) OR toLower(p.country) = toLower($presidency)
MATCH (x)-[r:REPORTED_UNDER|PLANNED_UNDER]->(p)
RETURN p.semester AS semester, p.code AS code,
       CASE type(r) WHEN 'REPORTED_UNDER' THEN 'reported' ELSE 'planned' END AS kind,
       x.uid AS subject, coalesce(x.title, x.number) AS title, r.sentence AS sentence, r.date AS date,
       r.source AS source, r.line_start AS line
ORDER BY semester, kind, source, line, subject
SKIP $offset
LIMIT $limit
