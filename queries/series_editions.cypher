// name: series_editions
// description: Series of papers (recognised from the subject line) and their editions in date order, with the number of measures, how many continue from the previous edition, and how many were added and dropped; optionally one series. One page: limit rows from offset (a long series has an edition a week).
// params: series:string= (series key, e.g. iss-implementation; empty for all) e.g. iss-implementation
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (d:Document)-[r:IN_SERIES]->(s:Series)
WHERE $series = '' OR s.`key` = $series
OPTIONAL MATCH (p:Document)-[n:NEXT_EDITION]->(d)
RETURN s.`key` AS series, s.name AS name, r.edition AS edition, d.number AS document, d.`date` AS date,
       d.title AS title, COUNT { MATCH (d)-[:`CONTAINS`]->(:Measure) } AS measures,
       p.number AS previous_edition, n.linked AS continued, n.added AS added, n.dropped AS dropped
ORDER BY series, edition
SKIP $offset
LIMIT $limit
