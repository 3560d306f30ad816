// name: measure
// description: One measure with all its fields, the papers stating it and its provenance (one JSON list of source lines per paper stating it).
// params: key:string (measure key "document#number") e.g. 5618/20#48
MATCH (m:Measure {key: $key})
// its Statement rows by id ("<uid>@<document>" for each of its sources): an index lookup on both backends
UNWIND CASE WHEN size(coalesce(m.sources, [])) = 0 THEN [''] ELSE m.sources END AS d
OPTIONAL MATCH (s:Statement {id: m.uid + '@' + d})
WITH m, d, s ORDER BY d SKIP 0
WITH m, collect(s.statements) AS provenance
RETURN m.key AS key, m.document AS document, m.number AS number, m.base_number AS base_number, m.title AS title,
       m.section AS section, m.section_title AS section_title, m.subsection AS subsection,
       m.state_of_play AS state_of_play, m.follow_up AS follow_up, m.main_documents AS main_documents,
       m.has_follow_up AS has_follow_up, m.uid AS uid, m.sources AS sources, provenance
