// name: presidencies
// description: Council Presidencies present in the graph, in order, with the number of statements reported under and planned for each and the papers they issued; optionally one by semester.
// params: semester:string= (semester such as 2019-H2; empty for all) e.g. 2019-H2
MATCH (p:Presidency)
WHERE $semester = '' OR p.semester = $semester
// the counts: the Presidency's tallies (graph/tallies.py), kept by the corpus stage
RETURN p.semester AS semester, p.code AS code, p.country AS country, p.seq AS seq, p.start_date AS start_date,
       p.end_date AS end_date, coalesce(p.reported_count, 0) AS reported, coalesce(p.planned_count, 0) AS planned,
       coalesce(p.issued_count, 0) AS documents_issued
ORDER BY seq, semester
