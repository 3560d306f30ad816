// name: working_party_workload
// description: Workload per working party: measures it is responsible for (alone or shared), in how many papers and sections, and how many have an envisaged follow-up.
// params: none
// The counts are the working party's tallies (graph/tallies.py), kept by the corpus stage: the workload reads
// the working parties, not every measure of the corpus
MATCH (w:WorkingParty)
RETURN w.code AS code, coalesce(w.name, w.code) AS name, w.active AS active,
       coalesce(w.measure_count, 0) AS measures, coalesce(w.document_count, 0) AS documents,
       coalesce(w.section_count, 0) AS sections, coalesce(w.follow_up_count, 0) AS with_follow_up
ORDER BY measures DESC, code
