// name: most_connected
// description: The most connected entities: every node with its number of relationships (both directions), most first; the start page links each to its graph view.
// params: limit:int[1..100]=10 (rows to return)
MATCH (n)-[r]-()
RETURN n.uid AS uid, count(r) AS degree
ORDER BY degree DESC, uid
LIMIT $limit
