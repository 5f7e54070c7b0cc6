package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost parameters for new hashes.
type Argon2Params struct {
	MemoryKiB uint32 // m
	Time      uint32 // t: passes
	Threads   uint8  // p
	SaltLen   int
	KeyLen    uint32
}

// PasswordParams are used by HashPassword. The default is OWASP's
// recommended minimum for argon2id (m=19 MiB, t=2, p=1): 19 MiB and
// one core per sign-in (BenchmarkHashPassword measured 160 ms a hash on the
// heavily loaded 2-core development machine). Tests may lower it;
// CheckPassword always uses the parameters recorded in the hash.
var PasswordParams = Argon2Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Limits on the parameters CheckPassword accepts from a stored hash, so a
// tampered hash cannot make sign-in exhaust the machine.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
)

// MinPasswordLength is the shortest password ValidatePassword accepts.
const MinPasswordLength = 12

var b64 = base64.RawStdEncoding

// HashPassword hashes pw with argon2id and a random salt, in the PHC string
// format: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded base64).
func HashPassword(pw string) (string, error) {
	p := PasswordParams
	if p.MemoryKiB == 0 || p.Time == 0 || p.Threads == 0 || p.SaltLen < 8 || p.KeyLen < 16 {
		return "", fmt.Errorf("argon2id parameters %+v are too weak", p)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrBadHash is returned by CheckPassword for a hash it cannot read.
var ErrBadHash = errors.New("password hash is not an argon2id PHC string")

type parsedHash struct {
	p         Argon2Params
	salt, key []byte
}

func parseHash(hash string) (parsedHash, error) {
	var h parsedHash
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, ErrBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return h, fmt.Errorf("%w: unsupported version %q", ErrBadHash, parts[2])
	}
	var m, t uint32
	var p uint8
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || n != 3 {
		return h, fmt.Errorf("%w: bad parameters %q", ErrBadHash, parts[3])
	}
	if m == 0 || t == 0 || p == 0 || m > maxMemoryKiB || t > maxTime {
		return h, fmt.Errorf("%w: parameters out of range %q", ErrBadHash, parts[3])
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return h, fmt.Errorf("%w: bad salt", ErrBadHash)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return h, fmt.Errorf("%w: bad key", ErrBadHash)
	}
	h.p = Argon2Params{MemoryKiB: m, Time: t, Threads: p, SaltLen: len(salt), KeyLen: uint32(len(key))}
	h.salt, h.key = salt, key
	return h, nil
}

// CheckPassword reports whether pw matches hash, comparing in constant
// time. A malformed hash is an error (and false).
func CheckPassword(hash, pw string) (bool, error) {
	h, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.p.Time, h.p.MemoryKiB, h.p.Threads, h.p.KeyLen)
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}

// NeedsRehash reports whether hash was made with weaker parameters than
// PasswordParams (or cannot be read), so it should be replaced at the
// next successful sign-in.
func NeedsRehash(hash string) bool {
	h, err := parseHash(hash)
	if err != nil {
		return true
	}
	p := PasswordParams
	return h.p.MemoryKiB < p.MemoryKiB || h.p.Time < p.Time || h.p.Threads < p.Threads || h.p.KeyLen < p.KeyLen
}

// ValidatePassword checks a new password: at least MinPasswordLength
// characters and not all one character.
func ValidatePassword(pw string) error {
	if n := len([]rune(pw)); n < MinPasswordLength {
		return fmt.Errorf("a password needs at least %d characters (this one has %d)", MinPasswordLength, n)
	}
	if r := []rune(pw); strings.Count(pw, string(r[0])) == len(r) {
		return errors.New("a password must not be one character repeated")
	}
	return nil
}

// GeneratePassword returns a random password of 20 characters from an
// alphabet without look-alikes (about 114 bits).
func GeneratePassword() (string, error) {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	for i := range b {
		for {
			var r [1]byte
			if _, err := rand.Read(r[:]); err != nil {
				return "", err
			}
			// Reject to keep the choice uniform.
			if int(r[0]) < 256-256%len(alphabet) {
				b[i] = alphabet[int(r[0])%len(alphabet)]
				break
			}
		}
	}
	return string(b), nil
}
