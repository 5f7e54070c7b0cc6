package solve

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRelaxRow checks the vector and unrolled loops against relaxPlain
// on every length up to 70 (every remainder of 8 on both sides of
// vectorMin), with unreached states (inf) and negative costs, at the
// start of a longer destination and at offsets that are not multiples
// of 8.
func TestRelaxRow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 70; n++ {
		for _, shift := range []int{0, 1, 3, 7} {
			src := make([]int32, n+shift)
			dst := make([]int32, n+shift+5)
			for i := range src {
				src[i] = int32(r.IntN(4000) - 2000)
				if r.IntN(4) == 0 {
					src[i] = inf
				}
			}
			for i := range dst {
				dst[i] = int32(r.IntN(4000) - 2000)
				if r.IntN(4) == 0 {
					dst[i] = inf
				}
			}
			cc := int32(r.IntN(3000) - 1500)
			want := slices.Clone(dst)
			relaxPlain(want[shift:], src[shift:], cc)
			got := slices.Clone(dst)
			relaxRow(got[shift:], src[shift:], cc)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d shift=%d cc=%d: got %v, want %v", n, shift, cc, got, want)
			}
			// A hand-worked element: the first target takes the
			// cheaper of itself and its source plus cc.
			if n > 0 && got[shift] != min(dst[shift], src[shift]+cc) {
				t.Fatalf("n=%d: first element %d, want %d", n, got[shift], min(dst[shift], src[shift]+cc))
			}
			// Elements past the source are untouched.
			if !slices.Equal(got[shift+n:], dst[shift+n:]) {
				t.Fatalf("n=%d: elements past the source changed", n)
			}
		}
	}
}

// BenchmarkRelaxRow compares relaxRow (vector where the processor has
// AVX2, else unrolled) with relaxPlain on stretches of the lengths the
// window programme relaxes on Instance24 (most of its work is in
// stretches of 16 to 127 states).
func BenchmarkRelaxRow(b *testing.B) {
	for _, n := range []int{8, 24, 48, 96} {
		src := make([]int32, n)
		dst := make([]int32, n)
		for i := range src {
			src[i], dst[i] = int32(i*7%13), int32(i*5%11)
		}
		b.Run(fmt.Sprint("plain/", n), func(b *testing.B) {
			for b.Loop() {
				relaxPlain(dst, src, -1)
			}
		})
		b.Run(fmt.Sprint("row/", n), func(b *testing.B) {
			for b.Loop() {
				relaxRow(dst, src, -1)
			}
		})
	}
}

// TestSubScaled checks subScaled against the plain loop on every length
// up to 40 and at offsets that are not multiples of 4: bit for bit, as it
// multiplies and subtracts without fusing.
func TestSubScaled(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 40; n++ {
		for _, shift := range []int{0, 1, 3} {
			src := make([]float64, n+shift)
			dst := make([]float64, n+shift+3)
			for i := range src {
				src[i] = r.NormFloat64()
				if r.IntN(3) == 0 {
					src[i] = 0
				}
			}
			for i := range dst {
				dst[i] = r.NormFloat64()
			}
			a := r.NormFloat64()
			want := slices.Clone(dst)
			for k := range n {
				want[shift+k] -= a * src[shift+k]
			}
			got := slices.Clone(dst)
			subScaled(got[shift:], src[shift:], a)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d shift=%d: got %v, want %v", n, shift, got, want)
			}
		}
	}
	// A hand-worked case: 1 - 2·0.5, 2 - 2·(-1), 3 - 2·0, 4 - 2·2, 5 - 2·1.
	got := []float64{1, 2, 3, 4, 5}
	subScaled(got, []float64{0.5, -1, 0, 2, 1}, 2)
	if want := []float64{0, 4, 3, 0, 3}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// BenchmarkSubScaled compares subScaled with the plain loop on rows of
// the length of Instance14's master (200 rows).
func BenchmarkSubScaled(b *testing.B) {
	const n = 200
	dst, src := make([]float64, n), make([]float64, n)
	for i := range src {
		src[i], dst[i] = float64(i%7)/7, float64(i%5)
	}
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			for k, v := range src {
				dst[k] -= 1e-9 * v
			}
		}
	})
	b.Run("vector", func(b *testing.B) {
		for b.Loop() {
			subScaled(dst, src, 1e-9)
		}
	})
}
