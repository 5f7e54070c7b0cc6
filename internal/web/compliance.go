package web

// complianceRoutes registers this capability's pages and API routes.
func (s *Server) complianceRoutes() []route {
	return nil
}
