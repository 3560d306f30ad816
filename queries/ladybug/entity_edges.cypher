// Rewrite for LadybugDB: label(r) for type(r).
MATCH (n {uid: $uid})
UNWIND ['in', 'out'] AS direction
OPTIONAL MATCH (n)-[ro]->(o1)
WHERE direction = 'out'
OPTIONAL MATCH (n)<-[ri]-(o2)
WHERE direction = 'in'
WITH direction, CASE WHEN direction = 'out' THEN label(ro) ELSE label(ri) END AS type,
     CASE WHEN direction = 'out' THEN o1 ELSE o2 END AS o,
     CASE WHEN direction = 'out' THEN ro ELSE ri END AS r
WHERE o IS NOT NULL
// a relation between shared nodes (acts, agencies, working parties) is one edge listing every document stating
// it (sources): its first document's statements come from its Statement row (statement, JSON text)
WITH direction, type, o, r, coalesce(r.source, r.sources[1]) AS source
OPTIONAL MATCH (s:Statement {id: r.uid + '@' + source})
RETURN direction, type, o.uid AS other,
       coalesce(o.short_name, o.name, o.title, o.code, o.number, o.reference, o.celex, o.semester) AS other_name,
       r.section AS section, source, coalesce(size(r.sources), 1) AS stated_by, r.line_start AS line_start,
       r.line_end AS line_end, r.page AS page, r.snippet AS snippet, r.rule AS rule, s.statements AS statement
ORDER BY direction, type, other, source, line_start, rule
SKIP $offset
LIMIT $limit
