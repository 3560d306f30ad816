// name: act_supersession_chain
// description: Supersession chain of an act in both directions: the acts it amends, replaces or repeals (transitively, direction "supersedes") and the acts that amend, replace or repeal it (direction "superseded_by"), one row per path with the hops.
// params: celex:string (CELEX number of the act) e.g. 32017L0541, max_rows:int[1..1000]=200 (rows to return)
MATCH (a:LegalAct {celex: $celex})
UNWIND ['superseded_by', 'supersedes'] AS direction
OPTIONAL MATCH p = (a)-[:AMENDS|REPLACES|REPEALS*1..10]->(older:LegalAct)
WHERE direction = 'supersedes'
OPTIONAL MATCH q = (newer:LegalAct)-[:AMENDS|REPLACES|REPEALS*1..10]->(a)
WHERE direction = 'superseded_by'
WITH direction, coalesce(older, newer) AS other,
     CASE WHEN direction = 'supersedes' THEN [n IN nodes(p) | n.celex] ELSE [n IN nodes(q) | n.celex] END AS chain,
     CASE WHEN direction = 'supersedes' THEN [r IN relationships(p) | type(r)] ELSE [r IN relationships(q) | type(r)] END AS hops
WHERE other IS NOT NULL
// DISTINCT: every paper stating a relation is a parallel edge, so one chain is walked once per such edge
RETURN DISTINCT direction, size(hops) AS depth, other.celex AS celex, coalesce(other.short_name, other.celex) AS short_name,
       other.type AS act_type, chain, hops,
       reduce(s = chain[0], i IN range(1, size(hops)) | s + ' -' + hops[i - 1] + '-> ' + chain[i]) AS path
ORDER BY direction, depth, celex, path
LIMIT $max_rows
