#pragma once

// Hand-built EU DCC envelopes for the tests: a COSE_Sign1 (RFC 8152 §4.2) around CBOR claims,
// as "HC1:" + base45 (uncompressed: decode_dcc accepts both).

#include "barcode/base45.hpp"
#include "barcode/cbor.hpp"
#include "barcode/payload.hpp"

#include <cstdint>
#include <string>

namespace mrtd::barcode::dcctest {

inline std::string hc1(const Bytes& cose) {
  return "HC1:" + base45_encode(cose);
}

/// Claims {1: iss, 4: exp, 6: iat, -260: {1: {"ver": "1.3.0", "dob": "1990-01-02"}}}.
inline Bytes claims_cbor(const std::string& issuer = "UT", std::uint64_t iat = 1620064800,
                         std::uint64_t exp = 1622656800) {
  Bytes c;
  cbor::write_head(c, 5, 4);
  cbor::write_head(c, 0, 1); // iss
  cbor::write_text(c, issuer);
  cbor::write_head(c, 0, 4); // exp (default 2021-06-02T18:00:00Z)
  cbor::write_head(c, 0, exp);
  cbor::write_head(c, 0, 6); // iat (default 2021-05-03T18:00:00Z)
  cbor::write_head(c, 0, iat);
  cbor::write_head(c, 1, 259); // -260
  cbor::write_head(c, 5, 1);
  cbor::write_head(c, 0, 1);
  cbor::write_head(c, 5, 2);
  cbor::write_text(c, "ver");
  cbor::write_text(c, "1.3.0");
  cbor::write_text(c, "dob");
  cbor::write_text(c, "1990-01-02");
  return c;
}

/// Tag 18, [protected bstr, unprotected map (CBOR as given), payload bstr, signature bstr].
inline Bytes cose_sign1(const Bytes& protected_map, const Bytes& unprotected_map,
                        const Bytes& claims, const Bytes& signature) {
  Bytes c = {0xD2, 0x84};
  cbor::write_bytes(c, protected_map);
  c.insert(c.end(), unprotected_map.begin(), unprotected_map.end());
  cbor::write_bytes(c, claims);
  cbor::write_bytes(c, signature);
  return c;
}

/// The same with a placeholder signature of `signature_size` bytes (0x11).
inline Bytes cose_sign1(const Bytes& protected_map, const Bytes& unprotected_map,
                        const Bytes& claims, std::size_t signature_size = 64) {
  return cose_sign1(protected_map, unprotected_map, claims, Bytes(signature_size, 0x11));
}

/// Protected header {1: -7 (ES256), 4: kid}.
inline Bytes es256_protected(const Bytes& kid) {
  Bytes c;
  cbor::write_head(c, 5, 2);
  cbor::write_head(c, 0, 1);
  cbor::write_head(c, 1, 6); // -7
  cbor::write_head(c, 0, 4);
  cbor::write_bytes(c, kid);
  return c;
}

} // namespace mrtd::barcode::dcctest
