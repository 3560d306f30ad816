// name: priority_agencies_systems
// description: Agencies and information systems per priority (section of the paper), with how many measures of that section involve each; optionally one section.
// params: section:string= (section number, e.g. 1.1; empty for all) e.g. 1.1
MATCH (m:Measure)-[:INVOLVES]->(e)
WHERE $section = '' OR m.section = $section
WITH m.section AS section, e, count(DISTINCT m) AS measures, min(m.section_title) AS section_title
RETURN section, section_title,
       CASE WHEN e.uid STARTS WITH 'Agency:' THEN 'Agency' ELSE 'InformationSystem' END AS kind,
       e.name AS name, coalesce(e.full_name, e.name) AS full_name, measures
ORDER BY section, kind, measures DESC, name
