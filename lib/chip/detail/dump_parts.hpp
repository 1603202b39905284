#pragma once

// Internal: the per-file decoders behind chip::dump() and helpers shared with aa.cpp.
// Each decoder takes the whole file (outer TLV included) and fills its part of FileDump.

#include "chip/detail/sod.hpp"
#include "chip/dump.hpp"
#include "pki/detail/name.hpp"
#include "pki/detail/ossl.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mrtd::chip::detail {

/// SHA-256 of `bytes`, lower-case hex.
std::string sha256_hex(ByteView bytes);

/// Lower-case hex of `bytes`.
std::string hex(ByteView bytes);

/// A public key's type, size and curve (explicit EC parameters mapped to the named curve they
/// equal, where one does).
pki::KeyInfo describe_key(const EVP_PKEY* key);

/// The name of an OID mrtd knows (DG14 protocols, ICAO, signature algorithms), else "".
std::string oid_name(std::string_view dotted);

/// DG14's SecurityInfos (`file` = the whole 0x6E file). Errors: malformed.
Result<std::vector<SecurityInfo>> parse_security_infos(ByteView file);

/// DG2 faces (`file` = the whole 0x75 file). Errors: malformed, unsupported.
Result<std::vector<FaceDump>> parse_faces(ByteView file);

/// DG11 / DG12 data elements (`file` = the whole 0x6B or 0x6C file). Errors: malformed.
Result<std::vector<FieldDump>> parse_fields(ByteView file, int dg);

/// `issuerAndSerialNumber: <issuer>, <serial hex>` or `subjectKeyIdentifier: <hex>` ("" when
/// neither; the issuer "?" when it does not decode). `names`, when given, remembers issuers.
std::string signer_identifier(const SodSigner& si, pki::detail::NameTextMemo* names = nullptr);

/// EF.SOD's summary and embedded certificates. Errors: malformed (from detail::parse_sod).
Result<SodDump> dump_sod(ByteView file);

} // namespace mrtd::chip::detail
