// name: search_measures
// description: Full-text search over measures: case-insensitive substring match on title, state of play, envisaged follow-up and main documents (portable; no index extension needed), with the first field that matches.
// params: q:string (text to look for) e.g. radicalisation, limit:int[1..1000]=50 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
WITH toLower($q) AS needle
MATCH (m:Measure)
WHERE size(needle) > 0 AND (toLower(coalesce(m.title, '')) CONTAINS needle
   OR toLower(coalesce(m.state_of_play, '')) CONTAINS needle
   OR toLower(coalesce(m.follow_up, '')) CONTAINS needle
   OR toLower(coalesce(m.main_documents, '')) CONTAINS needle)
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       CASE WHEN toLower(coalesce(m.title, '')) CONTAINS needle THEN 'title'
            WHEN toLower(coalesce(m.state_of_play, '')) CONTAINS needle THEN 'state_of_play'
            WHEN toLower(coalesce(m.follow_up, '')) CONTAINS needle THEN 'follow_up'
            ELSE 'main_documents' END AS matched_in
ORDER BY document, m.base_number, number, key
SKIP $offset
LIMIT $limit
