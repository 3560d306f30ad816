// Rewrite for LadybugDB: it has no CALL subqueries; the text filter is search_measures' case-insensitive
// regular expression of the quoted needle (lower-casing every measure's text was most of the time).
MATCH (m:Measure)
WHERE ($section = '' OR m.section = $section)
  AND ($document = '' OR m.document = $document)
  AND ($working_party = '' OR EXISTS { MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(m) WHERE w.code = $working_party })
  AND ($presidency = '' OR EXISTS { MATCH (m)-[:REPORTED_UNDER|PLANNED_UNDER]->(p:Presidency) WHERE p.semester = $presidency OR p.code = toUpper($presidency) })
  AND ($q = '' OR regexp_matches(m.title, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E')
       OR regexp_matches(m.state_of_play, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E')
       OR regexp_matches(m.follow_up, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E')
       OR regexp_matches(m.main_documents, '(?i)\\Q' + replace($q, '\\', '\\E\\x5c\\Q') + '\\E'))
RETURN count(m) AS total
