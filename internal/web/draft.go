package web

// draftRoutes registers this capability's pages and API routes.
func (s *Server) draftRoutes() []route {
	return nil
}
