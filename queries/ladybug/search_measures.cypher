// Rewrite for LadybugDB: each field is matched by a case-insensitive regular expression of the needle,
// quoted (\Q...\E; a backslash as \x5c between quotes), instead of toLower(field) CONTAINS toLower(needle).
// Lower-casing every measure's text dominated the query (70 MB at 1,000 papers: 340 ms; the expression:
// 46 ms). The pattern is written inline: a constant expression is compiled once, a variable per row. The
// two agree except where Unicode case folding and lower-casing differ (a final sigma matches either sigma).
MATCH (m:Measure)
WHERE size($q) > 0
  AND (regexp_matches(m.title, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E')
    OR regexp_matches(m.state_of_play, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E')
    OR regexp_matches(m.follow_up, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E')
    OR regexp_matches(m.main_documents, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E'))
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       CASE WHEN regexp_matches(coalesce(m.title, ''), '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E') THEN 'title'
            WHEN regexp_matches(coalesce(m.state_of_play, ''), '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E') THEN 'state_of_play'
            WHEN regexp_matches(coalesce(m.follow_up, ''), '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E') THEN 'follow_up'
            ELSE 'main_documents' END AS matched_in
ORDER BY document, m.base_number, number, key
SKIP $offset
LIMIT $limit
