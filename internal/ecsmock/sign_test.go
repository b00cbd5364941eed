package ecsmock

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"testing"
)

func TestPercentEncode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc-_.~XYZ019", "abc-_.~XYZ019"},
		{"a b", "a%20b"},
		{"a*b", "a%2Ab"},
		{"a+b", "a%2Bb"},
		{"/=&", "%2F%3D%26"},
		{"é", "%C3%A9"},
	} {
		if got := percentEncode(tc.in); got != tc.want {
			t.Errorf("percentEncode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSignatureNonceUsed(t *testing.T) {
	f := newFixture(t, nil)
	c := f.raw(http.MethodGet)
	p := c.commonParams(ecsVersion, "DescribeInstances")
	first := map[string]string{}
	for n, v := range p {
		first[n] = v
	}
	if status, body := c.send(t, first); status != http.StatusOK {
		t.Fatalf("first call: %d %v", status, body)
	}
	if status, body := c.send(t, p); status != http.StatusBadRequest || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("replayed call: %d %v, want 400 SignatureNonceUsed", status, body)
	}
	// The nonce is the account's: another account may use the same one.
	other := &rawClient{base: f.http.URL, key: key2, secret: secret2, method: http.MethodGet}
	p2 := other.commonParams(ecsVersion, "DescribeInstances")
	p2["SignatureNonce"] = p["SignatureNonce"]
	if status, body := other.send(t, p2); status != http.StatusOK {
		t.Fatalf("other account, same nonce: %d %v", status, body)
	}
}

// FuzzPercentEncode: the signature's encoding is RFC 3986 for every byte
// string, as rfc3986 spells it out byte by byte.
func FuzzPercentEncode(f *testing.F) {
	for _, s := range []string{"", "abc-_.~XYZ019", "a b+c*d", "/=&?%#", "é€", "\x00\xff", "~%7E"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := percentEncode(s), rfc3986(s); got != want {
			t.Fatalf("percentEncode(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestLongNonceKeptBounded: a nonce of half a megabyte, signed either way,
// is spent like any other (its replay is refused), while the server keeps
// a fixed-size key for it, not the nonce.
func TestLongNonceKeptBounded(t *testing.T) {
	f := newFixture(t, nil)
	long := strings.Repeat("n", 512<<10)

	c := f.raw(http.MethodPost)
	p := c.commonParams(ecsVersion, "DescribeInstances")
	p["SignatureNonce"] = "v1-" + long
	if status, body := c.send(t, p); status != http.StatusOK {
		t.Fatalf("V1 call with a long nonce: %d %v", status, body)
	}
	if status, body := c.send(t, p); status != http.StatusBadRequest || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("V1 replay of a long nonce: %d %v, want 400 SignatureNonceUsed", status, body)
	}

	v3 := v3Call{version: ecsVersion, action: "DescribeInstances", query: map[string]string{"RegionId": "cn-hangzhou"}, nonce: "v3-" + long}
	if status, body := v3.send(t, f.http.URL); status != http.StatusOK {
		t.Fatalf("V3 call with a long nonce: %d %v", status, body)
	}
	if status, body := v3.send(t, f.http.URL); status != http.StatusBadRequest || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("V3 replay of a long nonce: %d %v, want 400 SignatureNonceUsed", status, body)
	}

	f.srv.mu.Lock()
	defer f.srv.mu.Unlock()
	if n := len(f.srv.nonces); n != 2 {
		t.Fatalf("%d nonces kept, want the 2 spent", n)
	}
	for _, nonce := range []string{"v1-" + long, "v3-" + long} {
		if _, ok := f.srv.nonces[newNonceKey(key1, nonce)]; !ok {
			t.Errorf("no key kept for the %.2s nonce", nonce)
		}
	}
	for k := range f.srv.nonces {
		if n := len(k); n > sha256.Size {
			t.Errorf("a nonce is kept in %d bytes, want at most %d", n, sha256.Size)
		}
	}
}
