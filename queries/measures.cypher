// name: measures
// description: Measures, filtered by section, responsible working party, Presidency, paper and text; one page in paper and measure-number order (the API's GET /measures; measures_count gives the total).
// params: section:string= (priority section, e.g. 1.1) e.g. 1.1, working_party:string= (code of a responsible working party) e.g. TWP, presidency:string= (semester or country code the measure was reported or planned under) e.g. 2019-H1, q:string= (case-insensitive text in title, state of play, follow-up or main documents) e.g. terrorism, document:string= (paper number) e.g. 5618/20
// params: limit:int[1..1000]=50 (page size), offset:int[0..1000]=0 (rows to skip; at most 1000)
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
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       m.section_title AS section_title, m.subsection AS subsection, m.has_follow_up AS has_follow_up
ORDER BY document, m.base_number, number, key
SKIP $offset
LIMIT $limit
