// name: presidencies
// description: Council Presidencies present in the graph, in order, with the number of statements reported under and planned for each and the papers they issued; optionally one by semester.
// params: semester:string= (semester such as 2019-H2; empty for all) e.g. 2019-H2
MATCH (p:Presidency)
WHERE $semester = '' OR p.semester = $semester
OPTIONAL MATCH (p)<-[rep:REPORTED_UNDER]-()
WITH p, count(rep) AS reported
OPTIONAL MATCH (p)<-[pl:PLANNED_UNDER]-()
WITH p, reported, count(pl) AS planned
OPTIONAL MATCH (p)<-[:ISSUED_BY]-(d:Document)
WITH p, reported, planned, count(DISTINCT d) AS documents_issued
RETURN p.semester AS semester, p.code AS code, p.country AS country, p.seq AS seq, p.start_date AS start_date,
       p.end_date AS end_date, reported, planned, documents_issued
ORDER BY seq, semester
