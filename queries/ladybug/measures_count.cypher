// Rewrite for LadybugDB: it has no CALL subqueries.
WITH toLower($q) AS needle
MATCH (m:Measure)
WHERE ($section = '' OR m.section = $section)
  AND ($document = '' OR m.document = $document)
  AND ($working_party = '' OR EXISTS { MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(m) WHERE w.code = $working_party })
  AND ($presidency = '' OR EXISTS { MATCH (m)-[:REPORTED_UNDER|PLANNED_UNDER]->(p:Presidency) WHERE p.semester = $presidency OR p.code = toUpper($presidency) })
  AND (needle = '' OR toLower(coalesce(m.title, '')) CONTAINS needle
       OR toLower(coalesce(m.state_of_play, '')) CONTAINS needle
       OR toLower(coalesce(m.follow_up, '')) CONTAINS needle
       OR toLower(coalesce(m.main_documents, '')) CONTAINS needle)
RETURN count(m) AS total
