package fieldbook

// JobType says which fields a job's service record needs and who signs it.
// The built-in types below are the defaults until job types become
// configuration that admins edit.
type JobType struct {
	Key            string   `json:"key"`
	Name           Message  `json:"name"`
	RequiredFields []string `json:"required_fields"` // JSON paths in a Visit
	SignatureRoles []string `json:"signature_roles"` // roles that must sign the service record
}

// Fields every service record needs (客户信息完整准确, DOMAIN service rules).
var baseRequired = []string{
	"customer.name", "customer.phone", "customer.address",
	"fault_symptoms", "customer_requirement", "work_performed", "result",
	"arrived_at", "departed_at",
}

func withBase(extra ...string) []string {
	return append(append([]string{}, baseRequired...), extra...)
}

// BuiltinJobTypes are the job types a new installation knows.
var BuiltinJobTypes = []JobType{
	{Key: "it_onsite", Name: Message{"IT 上门服务", "IT on-site service"},
		RequiredFields: withBase("asset.model", "asset.serial"), SignatureRoles: []string{RoleCustomer, RoleTechnician}},
	{Key: "appliance_repair", Name: Message{"家电维修", "Appliance repair"},
		RequiredFields: withBase("asset.model", "asset.purchase_date"), SignatureRoles: []string{RoleCustomer, RoleTechnician}},
	{Key: "equipment_repair", Name: Message{"设备维修", "Equipment repair"},
		RequiredFields: withBase("asset.model", "asset.serial", "diagnosis"), SignatureRoles: []string{RoleCustomer, RoleTechnician}},
	{Key: "vehicle_service", Name: Message{"汽车售后", "Vehicle after-sales"},
		RequiredFields: withBase("asset.model", "asset.serial", "asset.plate", "diagnosis"), SignatureRoles: []string{RoleCustomer, RoleTechnician}},
	{Key: "site_acceptance", Name: Message{"工程验收", "Site acceptance"},
		RequiredFields: withBase(), SignatureRoles: []string{RoleCustomer, RoleTechnician}},
}

// FindJobType returns the built-in job type with key.
func FindJobType(key string) (JobType, bool) {
	for _, t := range BuiltinJobTypes {
		if t.Key == key {
			return t, true
		}
	}
	return JobType{}, false
}

// Roles are every signature role, in display order.
var Roles = []string{RoleCustomer, RoleTechnician, RoleServiceAdvisor, RoleLeadTechnician,
	RoleInspector, RoleTestDriver, RolePartyA, RolePartyB}

// SignatureKinds are every way of signing.
var SignatureKinds = []string{SignReal, SignProxy, SignStamp, SignRefused}
