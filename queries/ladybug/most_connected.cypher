// Rewrite for LadybugDB: it has no degree store and runs COUNT { } as a subquery per node; one aggregation
// over the relationships is faster there.
MATCH (n)-[r]-()
RETURN n.uid AS uid, count(r) AS degree
ORDER BY degree DESC, uid
LIMIT $limit
