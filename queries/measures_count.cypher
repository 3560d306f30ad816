// name: measures_count
// description: How many measures match the filters of the query "measures" (the total of GET /measures).
// params: section:string= (priority section, e.g. 1.1) e.g. 1.1, working_party:string= (code of a responsible working party) e.g. TWP, presidency:string= (semester or country code the measure was reported or planned under) e.g. 2019-H1, q:string= (case-insensitive text in title, state of play, follow-up or main documents) e.g. terrorism, document:string= (paper number) e.g. 5618/20
// Start from the paper's measures (an index seek) when a paper is given, else from every measure: written as
// "$document = '' OR m.document = $document" the planner scans every measure and runs the Presidency and
// working-party subqueries on each (350 ms at 1,000 papers; 11 ms this way)
// A text alone starts from the TEXT index of search_text (the fields lower-cased, joined by NUL: see
// search_measures).
CALL () {
  WITH 1 AS go WHERE $document <> '' MATCH (m:Measure) WHERE m.document = $document RETURN m
  UNION ALL
  WITH 1 AS go WHERE $document = '' AND $q <> '' MATCH (m:Measure) WHERE m.search_text CONTAINS toLower($q) RETURN m
  UNION ALL
  WITH 1 AS go WHERE $document = '' AND $q = '' MATCH (m:Measure) RETURN m
}
WITH m
WHERE ($section = '' OR m.section = $section)
  AND ($working_party = '' OR EXISTS { MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(m) WHERE w.code = $working_party })
  AND ($presidency = '' OR EXISTS { MATCH (m)-[:REPORTED_UNDER|PLANNED_UNDER]->(p:Presidency) WHERE p.semester = $presidency OR p.code = toUpper($presidency) })
  AND ($q = '' OR m.search_text CONTAINS toLower($q))
RETURN count(m) AS total
