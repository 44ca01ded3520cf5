package archive

import (
	"fieldbook/backend/jobtype"
)

// Records are what a completeness check reads of one job, wherever the job
// is kept: the desktop's store and the hub fill them from their own rows
// and get the same documents (Docs).
type Records struct {
	// Visit is the job's latest service record: the revision nobody
	// amended, newest first; nil when the job has none.
	Visit *VisitFacts
	// Checklists are the job's live checklists by document key.
	Checklists map[string]string
	// Signatures are the signatures of each record (visit or checklist id),
	// in signing order.
	Signatures map[string][]Sig
	// Scans counts the live scans of paper documents by document key.
	Scans map[string]int
}

// VisitFacts are what the archive rules look at on a service record.
type VisitFacts struct {
	ID                    string
	WorkPerformed, Result string
	Plate, Serial         string
}

// Docs are the documents the job's records register for its job type.
func (r Records) Docs(jt jobtype.JobType) []Doc {
	var docs []Doc
	electronic := func(key, id string) Doc {
		return Doc{Key: key, Source: SourceElectronic, Signatures: r.Signatures[id]}
	}
	for _, dt := range jt.Documents {
		switch dt.Form {
		case jobtype.FormServiceRecord:
			if v := r.Visit; v != nil {
				doc := electronic(dt.Key, v.ID)
				doc.Fields = map[string]bool{
					"work_description": v.WorkPerformed != "" && v.Result != "",
					"plate_or_vin":     v.Plate != "" || v.Serial != "",
				}
				docs = append(docs, doc)
			}
		case jobtype.FormChecklist:
			if id, ok := r.Checklists[dt.Key]; ok {
				docs = append(docs, electronic(dt.Key, id))
			}
		case jobtype.FormScan:
			if r.Scans[dt.Key] > 0 {
				docs = append(docs, Doc{Key: dt.Key, Source: SourceScan})
			}
		}
	}
	return docs
}
