// name: working_party_workload
// description: Workload per working party: measures it is responsible for (alone or shared), in how many papers and sections, and how many have an envisaged follow-up.
// params: none
MATCH (w:WorkingParty)
OPTIONAL MATCH (w)-[:RESPONSIBLE_FOR]->(m:Measure)
WITH w, m
RETURN w.code AS code, coalesce(w.name, w.code) AS name, w.active AS active,
       count(DISTINCT m) AS measures, count(DISTINCT m.document) AS documents,
       count(DISTINCT m.section) AS sections, count(DISTINCT CASE WHEN m.has_follow_up THEN m.key END) AS with_follow_up
ORDER BY measures DESC, code
