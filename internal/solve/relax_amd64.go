package solve

import "golang.org/x/sys/cpu"

// hasAVX2 selects the vector loop of relaxRow.
var hasAVX2 = cpu.X86.HasAVX2

// minAddAVX2 sets dst[j] = min(dst[j], src[j]+cc) for j < n, a multiple
// of 8, eight at a time (relax_amd64.s).
//
//go:noescape
func minAddAVX2(dst, src *int32, n int, cc int32)

// subScaledAVX2 sets dst[k] -= a*src[k] for k < n, a multiple of 4, four
// at a time (relax_amd64.s).
//
//go:noescape
func subScaledAVX2(dst, src *float64, n int, a float64)
