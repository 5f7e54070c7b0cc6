package sqlstore_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
	"github.com/rotaguard/rotaguard/internal/store/sqlstore"
)

// TestAssignmentQueryPlans checks that SQLite answers the rota queries
// from an index range, not a scan of every assignment.
func TestAssignmentQueryPlans(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "plan.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	from := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		f    store.AssignmentFilter
		want string
	}{
		{"department week", store.AssignmentFilter{DepartmentID: 3, From: from, To: from.AddDate(0, 0, 7)},
			"USING INDEX assignments_department_start (department_id=? AND start_at>? AND start_at<?)"},
		{"doctor month", store.AssignmentFilter{DoctorID: 9, From: from, To: from.AddDate(0, 1, 0)},
			"USING INDEX assignments_doctor_start (doctor_id=? AND start_at>? AND start_at<?)"},
		{"department, open end", store.AssignmentFilter{DepartmentID: 3, From: from},
			"USING INDEX assignments_department_start (department_id=? AND start_at>?)"},
	}
	for _, tt := range tests {
		q, args := sqlstore.AssignmentQuery(tt.f, 13*3600)
		rows, err := s.SQL().QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, tt.want) {
			t.Errorf("%s: plan %q, want %q", tt.name, p, tt.want)
		}
	}
}
