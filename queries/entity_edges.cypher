// name: entity_edges
// description: Every relationship of one entity (by uid "Label:key"), outgoing and incoming, with the other end and the provenance of the statement (paper, lines, snippet, rule; a relation many documents state, between acts, agencies or working parties, is one edge: its first document, how many state it and that document's statements as JSON text). One page: limit rows from offset (a list that grows with the corpus).
// params: uid:string (uid of the entity) e.g. LegalAct:32017L0541
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (n {uid: $uid})
UNWIND ['in', 'out'] AS direction
OPTIONAL MATCH (n)-[ro]->(o1)
WHERE direction = 'out'
OPTIONAL MATCH (n)<-[ri]-(o2)
WHERE direction = 'in'
WITH direction, CASE WHEN direction = 'out' THEN type(ro) ELSE type(ri) END AS type,
     CASE WHEN direction = 'out' THEN o1 ELSE o2 END AS o,
     CASE WHEN direction = 'out' THEN ro ELSE ri END AS r
WHERE o IS NOT NULL
// a relation between shared nodes (acts, agencies, working parties) is one edge listing every document stating
// it (sources): its first document's statements come from its Statement row (statement, JSON text)
WITH direction, type, o, r, coalesce(r.source, r.sources[0]) AS source
OPTIONAL MATCH (s:Statement {id: r.uid + '@' + source})
RETURN direction, type, o.uid AS other,
       coalesce(o.short_name, o.name, o.title, o.code, o.number, o.reference, o.celex, o.semester) AS other_name,
       r.section AS section, source, coalesce(size(r.sources), 1) AS stated_by, r.line_start AS line_start,
       r.line_end AS line_end, r.page AS page, r.snippet AS snippet, r.rule AS rule, s.statements AS statement
ORDER BY direction, type, other, source, line_start, rule
SKIP $offset
LIMIT $limit
