// name: search_measures
// description: Full-text search over measures: case-insensitive substring match on title, state of play, envisaged follow-up and main documents (Neo4j: an index scan of the lower-cased copy of those fields, search_text; LadybugDB: a regular expression), with the first field that matches.
// params: q:string (text to look for) e.g. radicalisation, limit:int[1..1000]=50 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
// search_text holds the four fields lower-cased and joined by NUL (graph/schema.py SEARCH_PROPERTY; a
// parameter never holds NUL), so this is the same test as lower-casing each field, on the TEXT index. The
// field that matched is read for the page only.
MATCH (m:Measure)
WHERE size($q) > 0 AND m.search_text CONTAINS toLower($q)
WITH m
ORDER BY m.document, m.base_number, m.number, m.key
SKIP $offset
LIMIT $limit
WITH m, toLower($q) AS needle
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       CASE WHEN toLower(coalesce(m.title, '')) CONTAINS needle THEN 'title'
            WHEN toLower(coalesce(m.state_of_play, '')) CONTAINS needle THEN 'state_of_play'
            WHEN toLower(coalesce(m.follow_up, '')) CONTAINS needle THEN 'follow_up'
            ELSE 'main_documents' END AS matched_in
