package web

// draftAccessCases are the role × route cases of draftRoutes.
func draftAccessCases() []accessCase {
	return nil
}
