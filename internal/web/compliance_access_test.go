package web

// complianceAccessCases are the role × route cases of complianceRoutes.
func complianceAccessCases() []accessCase {
	return nil
}
