package sqlstore

import (
	"strconv"
	"strings"
)

// where builds a WHERE clause with $n placeholders from conditions
// written with ?.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' {
			w.args = append(w.args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	if i != len(args) {
		panic("sqlstore: placeholder count mismatch in " + cond)
	}
	w.conds = append(w.conds, b.String())
}

// in adds "col IN (?, ?, …)".
func (w *where) in(col string, ids []int64) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i] = "?"
		args[i] = id
	}
	w.add(col+" IN ("+strings.Join(ph, ", ")+")", args...)
}

// next returns the placeholder for one more argument v.
func (w *where) next(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
