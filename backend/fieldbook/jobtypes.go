package fieldbook

// JobType says which fields a job's service record needs and who signs it:
// the service-record view of a configured job type (backend/jobtype).
type JobType struct {
	Key            string   `json:"key"`
	Name           Message  `json:"name"`
	RequiredFields []string `json:"required_fields"` // JSON paths in a Visit
	SignatureRoles []string `json:"signature_roles"` // roles that must sign the service record
}

// Roles are every signature role, in display order.
var Roles = []string{RoleCustomer, RoleTechnician, RoleServiceAdvisor, RoleLeadTechnician,
	RoleInspector, RoleTestDriver, RolePartyA, RolePartyB}

// SignatureKinds are every way of signing.
var SignatureKinds = []string{SignReal, SignProxy, SignStamp, SignRefused}
