import time, re
from ingest import mentions as M
t=open('../shared/corpus/5618-20.txt').read()
p=M._pipeline()
def tm(f, n=5):
    best=9
    for _ in range(n):
        M._LAST_HITS.clear()
        t0=time.process_time(); f(); best=min(best, time.process_time()-t0)
    return round(best*1000,1)
bare=tm(lambda: re.findall(r"\d+/\d+", t))
print('bare', bare)
lo=t.lower()
print('anc_cs', tm(lambda: list(p.anchor_cs.finditer(t))))
print('anc_ci', tm(lambda: list(p.anchor_ci.finditer(lo))))
print('windows', tm(lambda: M._candidate_windows(t,p)))
w=M._candidate_windows(t,p); print(len(w), sum(e-s for s,e in w))
print('gaz', tm(lambda: M._gazetteer_mentions(t,p)))
print('mentions', tm(lambda: M.find_mentions(t, doc_year=2020)))
print('rels', tm(lambda: M.find_act_relations(t)))
