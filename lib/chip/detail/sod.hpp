#pragma once

// Internal: EF.SOD decoded with OpenSSL's ASN.1 template machinery (9303-10 §4.6.2).
// Parsing only; verify.cpp judges what is found.

#include "chip/lds.hpp"
#include "pki/detail/ossl.hpp"
#include "pki/detail/signature.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The decoded ContentInfo (sod.cpp's ASN.1 template; opaque elsewhere).
extern "C" {
struct MrtdSodContentInfo;
void MrtdSodContentInfo_free(MrtdSodContentInfo* content_info);
}

namespace mrtd::chip::detail {

/// Decoded certificates by their whole DER, shared by the documents of a batch: OpenSSL 3.0
/// spends ~0.3 ms decoding a certificate's public key, and a batch meets few DSCs. The key is
/// the DER itself, so a hit means byte-identical DER (the table's hash only picks the bucket).
/// Thread-safe through `mutex`; bounded (cleared when it reaches 4096 entries).
struct CertificateMemo {
  /// std::hash of the bytes, usable with std::string_view lookups (no copy of the DER).
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view der) const noexcept {
      return std::hash<std::string_view>{}(der);
    }
  };
  std::mutex mutex;
  std::unordered_map<std::string, pki::detail::X509Ptr, Hash, std::equal_to<>> by_der;
};

/// The first SignerInfo, borrowed from ParsedSod::content_info.
struct SodSigner {
  pki::detail::SignerInfoParts parts;
  const ASN1_OCTET_STRING* key_id = nullptr; ///< the subjectKeyIdentifier form
  ByteView issuer;                           ///< issuerAndSerialNumber form: the Name's DER
  const ASN1_INTEGER* serial = nullptr;      ///< issuerAndSerialNumber form
};

struct ParsedSod {
  pki::detail::Owned<MrtdSodContentInfo, MrtdSodContentInfo_free> content_info; ///< SignedData
  std::size_t trailing_bytes = 0;     ///< after the 0x77 TLV
  bool wrapped = true;                ///< had the 0x77 wrapper (EF.CardSecurity has none)
  const ASN1_OBJECT* econtent_type = nullptr; ///< borrowed from content_info
  std::string content_type;           ///< eContentType, dotted
  Bytes econtent;                     ///< the encapsulated content (DER LDSSecurityObject)
  // LDSSecurityObject; lso_error set when eContent does not decode as one.
  std::optional<std::string> lso_error;
  long lso_version = -1;
  std::string hash_oid;               ///< dotted
  const EVP_MD* hash = nullptr;       ///< nullptr when unsupported
  std::map<int, Bytes> dg_hashes;     ///< DG number -> hash value
  std::vector<std::string> lso_problems; ///< duplicate DG numbers, numbers outside 1..16
  std::optional<std::string> lds_version;
  std::optional<std::string> unicode_version;
  int signer_count = 0;
  std::optional<SodSigner> signer;    ///< the first SignerInfo
  std::vector<pki::detail::X509Ptr> certificates; ///< embedded (normally the DSC)
};

/// Decodes EF.SOD (or EF.CardSecurity, without the wrapper). Errors: malformed when the bytes
/// are not a 0x77 TLV holding a CMS SignedData (BER indefinite lengths accepted) with eContent.
/// A bad LDSSecurityObject inside a good CMS is not an error: lso_error says what is wrong.
/// `memo`, when given, supplies and remembers the embedded certificates.
Result<ParsedSod> parse_sod(ByteView file, CertificateMemo* memo = nullptr);

/// True when `cert`'s issuer Name is encoded exactly as `der` (the same DER: the same name).
bool issuer_der_is(const X509* cert, ByteView der);

/// Human name of a digest (`SHA-256`).
std::string digest_name(const EVP_MD* md);

} // namespace mrtd::chip::detail
