package ecsmock

import (
	"crypto/sha256"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	// timestampSkew is how far a request's Timestamp may be from the real
	// clock; nonces are remembered for as long.
	timestampSkew   = 15 * time.Minute
	timestampLayout = "2006-01-02T15:04:05Z"
)

// checkTimestamp applies the time rules of both signature versions: exactly
// yyyy-MM-ddTHH:mm:ssZ (time.Parse alone would take fractional seconds), at
// most timestampSkew from the real clock.
func checkTimestamp(value string, realNow time.Time) *apiError {
	ts, err := time.Parse(timestampLayout, value)
	if err != nil || ts.Format(timestampLayout) != value {
		return newAPIError(http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted: %q is not yyyy-MM-ddTHH:mm:ssZ.", value)
	}
	if skew := realNow.Sub(ts); skew > timestampSkew || skew < -timestampSkew {
		return newAPIError(http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	}
	return nil
}

func signatureMismatch(toSign string) *apiError {
	return newAPIError(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:%s", toSign)
}

// nonceKey is what the server keeps of a spent nonce: a hash of it and its
// AccessKeyId, a fixed 32 bytes however long a nonce the caller signed.
type nonceKey [sha256.Size]byte

// newNonceKey hashes the AccessKeyId's length, the AccessKeyId and the
// nonce, so that no two pairs run together into one key.
func newNonceKey(accessKeyID, nonce string) nonceKey {
	h := sha256.New()
	_, _ = io.WriteString(h, strconv.Itoa(len(accessKeyID))+":"+accessKeyID)
	_, _ = io.WriteString(h, nonce)
	var k nonceKey
	h.Sum(k[:0])
	return k
}

// useNonce spends a signature nonce of an AccessKeyId; a nonce seen within
// twice the timestamp skew is refused. Callers hold s.mu.
func (s *Server) useNonce(accessKeyID, nonce string, realNow time.Time) *apiError {
	s.forgetOldNonces(realNow)
	key := newNonceKey(accessKeyID, nonce)
	if _, used := s.nonces[key]; used {
		return newAPIError(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	s.nonces[key] = realNow
	return nil
}

// forgetOldNonces drops nonces whose request would now fail the timestamp
// check anyway.
func (s *Server) forgetOldNonces(realNow time.Time) {
	if realNow.Sub(s.noncesPruned) < time.Minute {
		return
	}
	s.noncesPruned = realNow
	for key, seen := range s.nonces {
		if realNow.Sub(seen) > 2*timestampSkew {
			delete(s.nonces, key)
		}
	}
}

// percentEncode is the RFC 3986 encoding both signature versions use.
func percentEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}
