// name: act_supersession_chain
// description: Supersession chain of an act in both directions: the acts it amends, replaces or repeals (transitively, direction "supersedes") and the acts that amend, replace or repeal it (direction "superseded_by"), one row per chain of distinct acts (up to 10 hops) with the relation at each hop.
// params: celex:string (CELEX number of the act) e.g. 32017L0541, max_rows:int[1..1000]=200 (rows to return)
// The chains are grown one hop at a time, each a row; a hop adds each distinct (next act, relation) once, so
// the work is bounded by the acts, never by the paths (when every paper's statement was an edge of its own,
// walking [:AMENDS|REPLACES|REPEALS*1..10] took 5.6 million paths and 23 s for Regulation (EU) 2019/818 at
// 1,000 papers). A chain never returns to an act it has passed. A chain of another length looks up null, so only the chains of the last hop expand.
MATCH (a:LegalAct {celex: $celex})
UNWIND ['superseded_by', 'supersedes'] AS direction
WITH direction, [a.celex] AS chain, [] AS hops
// hop 1: the chains of 0 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 0 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 2: the chains of 1 hop get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 1 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 3: the chains of 2 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 2 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 4: the chains of 3 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 3 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 5: the chains of 4 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 4 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 6: the chains of 5 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 5 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 7: the chains of 6 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 6 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 8: the chains of 7 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 7 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 9: the chains of 8 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 8 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
// hop 10: the chains of 9 hops get their extensions (one row a chain: no two rows extend alike)
OPTIONAL MATCH (x:LegalAct)-[r:AMENDS|REPLACES|REPEALS]-(y:LegalAct)
WHERE x.celex = CASE WHEN size(hops) <> 9 THEN null WHEN direction = 'supersedes' THEN last(chain) ELSE head(chain) END
  AND (startNode(r) = x) = (direction = 'supersedes') AND NOT y.celex IN chain
WITH direction, chain, hops, collect(DISTINCT CASE WHEN y IS NULL THEN NULL ELSE [y.celex, type(r)] END) AS next
UNWIND [[chain, hops]] + [n IN next | CASE direction WHEN 'supersedes' THEN [chain + n[0], hops + n[1]]
                                     ELSE [[n[0]] + chain, [n[1]] + hops] END] AS c
WITH direction, c[0] AS chain, c[1] AS hops
WITH direction, chain, hops
WHERE size(hops) > 0
MATCH (other:LegalAct {celex: CASE direction WHEN 'supersedes' THEN last(chain) ELSE head(chain) END})
RETURN direction, size(hops) AS depth, other.celex AS celex, coalesce(other.short_name, other.celex) AS short_name,
       other.type AS act_type, chain, hops,
       reduce(s = chain[0], i IN range(1, size(hops)) | s + ' -' + hops[i - 1] + '-> ' + chain[i]) AS path
ORDER BY direction, depth, celex, path
LIMIT $max_rows
