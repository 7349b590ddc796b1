package store

// OfficerDepts returns the departments of officer id; false when id is no officer.
func (s *Store) OfficerDepts(id string) ([]string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, ok := s.auth.staff[id]
	if !ok || st.Role != RoleOfficer {
		return nil, false
	}
	return append([]string(nil), st.Depts...), true
}
