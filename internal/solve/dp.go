package solve

type dpState struct{}

func newDP(m *model) *dpState { return &dpState{} }
