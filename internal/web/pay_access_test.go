package web

// payAccessCases are the role × route cases of payRoutes.
func payAccessCases() []accessCase {
	return nil
}
