// Rewrite for LadybugDB: the chains are grown one hop at a time as in the main text, but from a map of the
// distinct relations among the acts reachable from this one (SHORTEST finds each act once): act -> [[relation,
// next act], ...]. A MATCH per hop anchored on a row's value scans every relation in LadybugDB (400 ms a hop
// at 1,000 papers). The sentinels ([''] and ['', '']) keep UNWIND from ending the pipeline on an empty list.
// 1-based lists, list_contains for IN, label(r) for type(r); steps are materialised in a WITH before
// list_reduce (list_reduce over a capturing list_transform is wrong in 0.22).
MATCH (a:LegalAct {celex: $celex})
UNWIND ['superseded_by', 'supersedes'] AS direction
OPTIONAL MATCH (a)-[:AMENDS|REPLACES|REPEALS* SHORTEST 1..10]->(o:LegalAct)
WHERE direction = 'supersedes'
OPTIONAL MATCH (n:LegalAct)-[:AMENDS|REPLACES|REPEALS* SHORTEST 1..10]->(a)
WHERE direction = 'superseded_by'
WITH direction, a, collect(DISTINCT coalesce(o.celex, n.celex)) + [a.celex] AS reach
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]->(y:LegalAct)
WHERE list_contains(reach, x.celex) AND list_contains(reach, y.celex)
WITH direction, a, CASE direction WHEN 'supersedes' THEN x.celex ELSE y.celex END AS k,
     [label(r), CASE direction WHEN 'supersedes' THEN y.celex ELSE x.celex END] AS step
WITH direction, a, k, collect(DISTINCT step) AS next
WITH direction, a, map(collect(k), collect(CASE WHEN k IS NULL THEN NULL ELSE next END)) AS adj
WITH direction, adj, [[[a.celex], []]] AS frontier, [] AS found
// hop 1
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 2
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 3
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 4
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 5
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 6
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 7
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 8
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 9
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
// hop 10
UNWIND frontier + [[[''], ['']]] AS f
WITH direction, adj, found, f, CASE direction WHEN 'supersedes' THEN f[1][size(f[1])] ELSE f[1][1] END AS at
UNWIND (map_extract(adj, at) + [[['', '']]])[1] + [['', '']] AS nb
WITH direction, adj, found, collect(DISTINCT CASE WHEN nb[2] = '' OR list_contains(f[1], nb[2]) THEN NULL
     WHEN direction = 'supersedes' THEN [f[1] + [nb[2]], f[2] + [nb[1]]]
     ELSE [[nb[2]] + f[1], [nb[1]] + f[2]] END) AS frontier
WITH direction, adj, found + frontier AS found, frontier
UNWIND found AS c
WITH direction, c[1] AS chain, c[2] AS hops
WITH direction, chain, hops, list_transform(range(1, size(hops)), i -> ' -' + hops[i] + '-> ' + chain[i + 1]) AS steps
MATCH (other:LegalAct)
WHERE other.celex = CASE direction WHEN 'supersedes' THEN chain[size(chain)] ELSE chain[1] END
RETURN direction, size(hops) AS depth, other.celex AS celex, coalesce(other.short_name, other.celex) AS short_name,
       other.type AS act_type, chain, hops, chain[1] + list_reduce(steps, (x, y) -> x + y) AS path
ORDER BY direction, depth, celex, path
LIMIT $max_rows
