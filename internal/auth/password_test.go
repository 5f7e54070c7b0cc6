package auth

import (
	"errors"
	"strings"
	"testing"
)

// lightParams makes hashing cheap in tests; real hashes use PasswordParams.
func lightParams(t *testing.T) {
	t.Helper()
	old := PasswordParams
	PasswordParams = Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	t.Cleanup(func() { PasswordParams = old })
}

func TestHashAndCheckPassword(t *testing.T) {
	lightParams(t)
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}
	tests := []struct {
		pw   string
		want bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"correct horse battery staple ", false},
		{"Correct horse battery staple", false},
		{"", false},
	}
	for _, tt := range tests {
		ok, err := CheckPassword(h, tt.pw)
		if err != nil || ok != tt.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
}

// CheckPassword must honour the parameters recorded in the hash rather
// than the current PasswordParams, so raising the cost never locks anyone out.
func TestCheckPasswordUsesStoredParameters(t *testing.T) {
	lightParams(t)
	h, err := HashPassword("pässwörd")
	if err != nil {
		t.Fatal(err)
	}
	PasswordParams = Argon2Params{MemoryKiB: 128, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
	if ok, err := CheckPassword(h, "pässwörd"); !ok || err != nil {
		t.Errorf("hash made with other parameters no longer verifies: %v %v", ok, err)
	}
	if !NeedsRehash(h) {
		t.Error("NeedsRehash false for a hash weaker than PasswordParams")
	}
	h3, _ := HashPassword("pässwörd")
	if NeedsRehash(h3) {
		t.Error("NeedsRehash true for a hash made with PasswordParams")
	}
}

func TestCheckPasswordRejectsBadHashes(t *testing.T) {
	lightParams(t)
	good, _ := HashPassword("a good long password")
	parts := strings.Split(good, "$")
	bad := map[string]string{
		"empty":          "",
		"plain":          "a good long password",
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"version 16":     strings.Replace(good, "v=19", "v=16", 1),
		"no params":      strings.Join([]string{"", parts[1], parts[2], "", parts[4], parts[5]}, "$"),
		"huge memory":    strings.Replace(good, "m=64,", "m=4194304,", 1),
		"huge time":      strings.Replace(good, "t=1,", "t=1000,", 1),
		"zero threads":   strings.Replace(good, "p=1$", "p=0$", 1),
		"bad salt":       strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$"),
		"short key":      strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"extra field":    good + "$x",
		"missing prefix": strings.TrimPrefix(good, "$"),
	}
	for name, h := range bad {
		ok, err := CheckPassword(h, "a good long password")
		if ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("%s: CheckPassword = %v, %v; want false, ErrBadHash", name, ok, err)
		}
	}
	// A tampered key is a mismatch, not an error.
	key := []byte(parts[5])
	if key[0] == 'A' {
		key[0] = 'B'
	} else {
		key[0] = 'A'
	}
	tampered := strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], string(key)}, "$")
	if ok, err := CheckPassword(tampered, "a good long password"); ok || err != nil {
		t.Errorf("tampered key: %v %v, want false, nil", ok, err)
	}
}

func TestDefaultParameters(t *testing.T) {
	p := PasswordParams
	if p.MemoryKiB < 19*1024 || p.Time < 2 || p.Threads < 1 || p.SaltLen < 16 || p.KeyLen < 32 {
		t.Errorf("default argon2id parameters %+v are below OWASP's minimum (m=19 MiB, t=2, p=1)", p)
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw string
		ok bool
	}{
		{"12345678901", false}, // one short
		{"123456789012", true}, // exactly the minimum
		{"aaaaaaaaaaaaaaaa", false},
		{"éééééééééééé", false}, // 12 runes, all one
		{"éééééééééééa", true},
		{"ééééééééééé", false}, // 11 runes, 22 bytes
		{"correct horse battery staple", true},
	}
	for _, tt := range tests {
		if err := ValidatePassword(tt.pw); (err == nil) != tt.ok {
			t.Errorf("ValidatePassword(%q) = %v, want ok=%v", tt.pw, err, tt.ok)
		}
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		pw, err := GeneratePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) != 20 || ValidatePassword(pw) != nil || strings.ContainsAny(pw, "0O1lI") || seen[pw] {
			t.Fatalf("generated %q: want 20 unambiguous characters, valid, unique", pw)
		}
		seen[pw] = true
	}
}

func BenchmarkHashPassword(b *testing.B) {
	n := 0
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(n), "ms/hash")
}

// A fixed vector: the argon2id key for "password" with salt "somesaltsomesalt"
// at m=64,t=1,p=1, recorded when this test was written, so that a change in
// encoding or in the parameters' order cannot slip through.
func TestCheckPasswordFixedVector(t *testing.T) {
	const h = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$" + fixedKey
	if ok, err := CheckPassword(h, "password"); !ok || err != nil {
		t.Errorf("fixed vector: %v %v", ok, err)
	}
	if ok, _ := CheckPassword(h, "Password"); ok {
		t.Error("fixed vector accepts the wrong password")
	}
}

const fixedKey = "55PWTvddWPUD1GMbKxSff4ASfF85k9ibHJt4HlHQtBM"

// FuzzCheckPassword: no stored hash, however malformed, panics or verifies
// a password it was not made from.
func FuzzCheckPassword(f *testing.F) {
	old := PasswordParams
	PasswordParams = Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	good, _ := HashPassword("password")
	PasswordParams = old
	f.Add(good, "password")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"+fixedKey, "password")
	f.Add("$argon2id$v=19$m=65536,t=3,p=4$$", "")
	f.Add("$argon2id$v=19$m=1,t=1,p=255$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		h, err := parseHash(hash)
		if err != nil {
			return
		}
		if h.p.MemoryKiB > 4096 || h.p.Time > 4 || h.p.Threads > 8 {
			return // valid but too slow to fuzz
		}
		ok, err := CheckPassword(hash, pw)
		if err != nil {
			t.Fatalf("parsed hash %q fails to check: %v", hash, err)
		}
		if ok && hash == good && pw != "password" {
			t.Fatalf("hash of %q accepts %q", "password", pw)
		}
	})
}
