// name: shortest_connection
// description: Shortest connections between two entities given by uid ("Label:key"), ignoring direction, up to 8 hops: every shortest path with its nodes and relationship types, once.
// params: from_uid:string (uid of the first entity) e.g. Agency:Europol, to_uid:string (uid of the second entity) e.g. InformationSystem:SIS, limit:int[1..100]=10 (paths to return)
MATCH (a {uid: $from_uid}), (b {uid: $to_uid})
WHERE a.uid <> b.uid
MATCH p = allShortestPaths((a)-[*..8]-(b))
WITH [n IN nodes(p) | n.uid] AS node_uids, [r IN relationships(p) | type(r)] AS rel_types
RETURN DISTINCT size(rel_types) AS hops, node_uids AS nodes, rel_types AS types,
       reduce(s = node_uids[0], i IN range(1, size(rel_types)) | s + ' -' + rel_types[i - 1] + '- ' + node_uids[i]) AS path
ORDER BY hops, path
LIMIT $limit
