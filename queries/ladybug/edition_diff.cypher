// Rewrite for LadybugDB: lists sorted with list_sort (ORDER BY in WITH needs SKIP/LIMIT), list_filter for the empty typed lists.
MATCH (:Document {number: $a})-[:`CONTAINS`]->(x:Measure)-[:CONTINUED_AS*1..30]->(y:Measure)<-[:`CONTAINS`]-(:Document {number: $b})
WITH DISTINCT x, y
OPTIONAL MATCH (wx:WorkingParty)-[:RESPONSIBLE_FOR]->(x)
WITH x, y, list_sort(collect(DISTINCT wx.code)) AS wp_before
OPTIONAL MATCH (wy:WorkingParty)-[:RESPONSIBLE_FOR]->(y)
WITH x, y, wp_before, list_sort(collect(DISTINCT wy.code)) AS wp_after
OPTIONAL MATCH (y)-[:REFERENCES]->(c)
WHERE NOT EXISTS { MATCH (x)-[:REFERENCES]->(c) }
WITH x, y, wp_before, wp_after, list_sort(collect(DISTINCT c.uid)) AS newly_cited
// split/merged: how many measures of b continue x, of a y continues (OPTIONAL MATCH + count: a COUNT { }
// subquery with both x and y in scope took a minute on a 1,000-edition series)
OPTIONAL MATCH (x)-[:CONTINUED_AS*1..30]->(z:Measure)<-[:`CONTAINS`]-(:Document {number: $b})
WITH x, y, wp_before, wp_after, newly_cited, count(DISTINCT z) AS successors
OPTIONAL MATCH (:Document {number: $a})-[:`CONTAINS`]->(v:Measure)-[:CONTINUED_AS*1..30]->(y)
WITH x, y, wp_before, wp_after, newly_cited, successors, count(DISTINCT v) AS predecessors
RETURN CASE WHEN successors > 1 THEN 'split' WHEN predecessors > 1 THEN 'merged' ELSE 'continued' END AS status,
       x.number AS number_before, y.number AS number_after, x.key AS key_before, y.key AS key_after,
       x.title AS title_before, y.title AS title_after,
       x.number <> y.number AS renumbered, coalesce(x.title, '') <> coalesce(y.title, '') AS retitled,
       wp_before, wp_after, wp_before <> wp_after AS wp_changed,
       coalesce(x.state_of_play, '') <> coalesce(y.state_of_play, '') AS state_of_play_changed,
       newly_cited
ORDER BY x.base_number, number_before, y.base_number, number_after
UNION ALL
MATCH (:Document {number: $b})-[:`CONTAINS`]->(y:Measure)
WHERE NOT EXISTS { MATCH (x:Measure)-[:CONTINUED_AS*1..30]->(y) WHERE x.document = $a }
  AND $a <> $b AND EXISTS { MATCH (:Document {number: $a})-[:`CONTAINS`]->(:Measure) }
OPTIONAL MATCH (wy:WorkingParty)-[:RESPONSIBLE_FOR]->(y)
WITH y, list_sort(collect(DISTINCT wy.code)) AS wp_after
OPTIONAL MATCH (y)-[:REFERENCES]->(c)
WITH y, wp_after, list_sort(collect(DISTINCT c.uid)) AS newly_cited
RETURN 'added' AS status, '' AS number_before, y.number AS number_after, '' AS key_before, y.key AS key_after,
       '' AS title_before, y.title AS title_after, false AS renumbered, false AS retitled,
       list_filter(wp_after, w -> false) AS wp_before, wp_after, false AS wp_changed, false AS state_of_play_changed,
       newly_cited
ORDER BY y.base_number, number_after
UNION ALL
MATCH (:Document {number: $a})-[:`CONTAINS`]->(x:Measure)
WHERE NOT EXISTS { MATCH (x)-[:CONTINUED_AS*1..30]->(y:Measure) WHERE y.document = $b }
  AND $a <> $b AND EXISTS { MATCH (:Document {number: $b})-[:`CONTAINS`]->(:Measure) }
OPTIONAL MATCH (wx:WorkingParty)-[:RESPONSIBLE_FOR]->(x)
WITH x, list_sort(collect(DISTINCT wx.code)) AS wp_before
RETURN 'dropped' AS status, x.number AS number_before, '' AS number_after, x.key AS key_before, '' AS key_after,
       x.title AS title_before, '' AS title_after, false AS renumbered, false AS retitled,
       wp_before, list_filter(wp_before, w -> false) AS wp_after, false AS wp_changed, false AS state_of_play_changed,
       list_filter(wp_before, w -> false) AS newly_cited
ORDER BY x.base_number, number_before
UNION ALL
MATCH (:Document {number: $a})-[:`CONTAINS`]->(x:Measure)
WHERE $a = $b
OPTIONAL MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(x)
WITH x, list_sort(collect(DISTINCT w.code)) AS wps
RETURN 'unchanged' AS status, x.number AS number_before, x.number AS number_after, x.key AS key_before,
       x.key AS key_after, x.title AS title_before, x.title AS title_after, false AS renumbered, false AS retitled,
       wps AS wp_before, wps AS wp_after, false AS wp_changed, false AS state_of_play_changed,
       list_filter(wps, w -> false) AS newly_cited
ORDER BY x.base_number, number_before
