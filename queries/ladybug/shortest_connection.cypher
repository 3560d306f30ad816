// Rewrite for LadybugDB: ALL SHORTEST path syntax, properties(nodes(p), 'uid') and properties(rels(p),
// '_label') for the list comprehensions over the path, list_transform / list_reduce for the rest, 1-based
// lists. In ladybug 0.22 list_transform(nodes(p), n -> n.uid) returns other rows' nodes once a query has
// some thousand paths (tests/queries/test_many_paths.py), and list_reduce over a list_transform that captures
// outer variables returns wrong values, so the steps are materialised in a WITH first.
MATCH (a {uid: $from_uid}), (b {uid: $to_uid})
WHERE a.uid <> b.uid
MATCH p = (a)-[* ALL SHORTEST 1..8]-(b)
WITH properties(nodes(p), 'uid') AS node_uids, properties(rels(p), '_label') AS rel_types
WITH node_uids, rel_types, list_transform(range(1, size(rel_types)), i -> ' -' + rel_types[i] + '- ' + node_uids[i + 1]) AS steps
RETURN DISTINCT size(rel_types) AS hops, node_uids AS nodes, rel_types AS types,
       node_uids[1] + list_reduce(steps, (x, y) -> x + y) AS path
ORDER BY hops, path
LIMIT $limit
