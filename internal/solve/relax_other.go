//go:build !amd64

package solve

// hasAVX2 is false off amd64: relaxRow uses its unrolled loop only.
const hasAVX2 = false

func minAddAVX2(dst, src *int32, n int, cc int32) { panic("solve: minAddAVX2 off amd64") }

func subScaledAVX2(dst, src *float64, n int, a float64) { panic("solve: subScaledAVX2 off amd64") }
