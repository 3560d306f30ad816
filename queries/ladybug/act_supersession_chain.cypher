// Rewrite for LadybugDB: TRAIL (Neo4j paths never repeat a relationship; LadybugDB walks by default),
// properties(nodes(p), 'celex') / properties(rels(p), '_label') over the paths (list_transform over a
// path's nodes returns other rows' nodes in 0.22, see shortest_connection), list_transform for the rest,
// list_reduce for reduce(), 1-based lists; steps are materialised in a WITH before list_reduce
// (list_reduce over a capturing list_transform is wrong in 0.22).
MATCH (a:LegalAct {celex: $celex})
UNWIND ['superseded_by', 'supersedes'] AS direction
OPTIONAL MATCH p = (a)-[:AMENDS|REPLACES|REPEALS* TRAIL 1..10]->(older:LegalAct)
WHERE direction = 'supersedes'
OPTIONAL MATCH q = (newer:LegalAct)-[:AMENDS|REPLACES|REPEALS* TRAIL 1..10]->(a)
WHERE direction = 'superseded_by'
WITH direction, coalesce(older.celex, newer.celex) AS other_celex,
     CASE WHEN direction = 'supersedes' THEN properties(nodes(p), 'celex') ELSE properties(nodes(q), 'celex') END AS chain,
     CASE WHEN direction = 'supersedes' THEN properties(rels(p), '_label') ELSE properties(rels(q), '_label') END AS hops
WHERE other_celex IS NOT NULL
WITH direction, other_celex, chain, hops, list_transform(range(1, size(hops)), i -> ' -' + hops[i] + '-> ' + chain[i + 1]) AS steps
MATCH (other:LegalAct {celex: other_celex})
// DISTINCT: every paper stating a relation is a parallel edge, so one chain is walked once per such edge
RETURN DISTINCT direction, size(hops) AS depth, other.celex AS celex, coalesce(other.short_name, other.celex) AS short_name,
       other.type AS act_type, chain, hops, chain[1] + list_reduce(steps, (x, y) -> x + y) AS path
ORDER BY direction, depth, celex, path
LIMIT $max_rows
