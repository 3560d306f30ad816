// name: measure_citations
// description: Everything a measure cites: legal acts, Council documents and Commission documents, with the line and snippet as evidence.
// params: key:string (measure key "document#number") e.g. 5618/20#48
MATCH (m:Measure {key: $key})-[r:REFERENCES]->(t)
RETURN t.uid AS uid, coalesce(t.celex, t.number, t.reference) AS id,
       coalesce(t.short_name, t.title, t.celex, t.number, t.reference) AS name,
       r.section AS cited_in, r.via_footnote AS via_footnote, r.line_start AS line, r.snippet AS snippet
ORDER BY uid, line, cited_in
