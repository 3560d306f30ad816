// name: acts_establishing_systems
// description: Acts that establish information systems, and the agencies involved: agencies established by the same act or involved in the same measures as the system (with the number of shared measures).
// params: none
MATCH (a:LegalAct)-[:ESTABLISHES]->(s:InformationSystem)
// one row per act and system
WITH DISTINCT a, s
OPTIONAL MATCH (s)<-[:INVOLVES]-(m:Measure)-[:INVOLVES]->(ag:Agency)
WITH a, s, ag, count(DISTINCT m) AS shared_measures
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, s.name AS system,
       ag.name AS agency, shared_measures, EXISTS { MATCH (a)-[:ESTABLISHES]->(ag) } AS same_founding_act
ORDER BY celex, system, shared_measures DESC, coalesce(agency, '')
