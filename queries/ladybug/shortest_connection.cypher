// Rewrite for LadybugDB: ALL SHORTEST path syntax, list_transform / list_reduce for list comprehension and
// reduce(), label(r) for type(r), 1-based lists. The steps are materialised in a WITH before list_reduce
// because list_reduce over a list_transform that captures outer variables returns wrong values (ladybug 0.22).
MATCH (a {uid: $from_uid}), (b {uid: $to_uid})
WHERE a.uid <> b.uid
MATCH p = (a)-[* ALL SHORTEST 1..8]-(b)
WITH list_transform(nodes(p), n -> n.uid) AS node_uids, list_transform(rels(p), r -> label(r)) AS rel_types
WITH node_uids, rel_types, list_transform(range(1, size(rel_types)), i -> ' -' + rel_types[i] + '- ' + node_uids[i + 1]) AS steps
RETURN size(rel_types) AS hops, node_uids AS nodes, rel_types AS types,
       node_uids[1] + list_reduce(steps, (x, y) -> x + y) AS path
ORDER BY hops, path
LIMIT $limit
