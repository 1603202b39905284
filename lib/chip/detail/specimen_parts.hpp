#pragma once

// Internal: the building blocks of make_specimen() (chip/specimen.hpp), one .cpp each:
// specimen_lds.cpp (DER and LDS files), specimen_pki.cpp (keys, certificates, CRL),
// specimen_sod.cpp (LDSSecurityObject and the CMS SignedData of EF.SOD).

#include "chip/lds.hpp"
#include "chip/specimen.hpp"
#include "pki/detail/ossl.hpp"

#include <map>
#include <string>
#include <vector>

namespace mrtd::chip::detail {

// --- DER / BER-TLV (specimen_lds.cpp) ---

/// A TLV with a definite length (1..4 length bytes); `tag` is written big-endian without
/// leading zero bytes (0x5F1F -> 5F 1F).
Bytes tlv(std::uint32_t tag, ByteView value);
Bytes tlv(std::uint32_t tag, const std::string& value);
/// Concatenation.
Bytes concat(std::initializer_list<ByteView> parts);
/// DER INTEGER of a small non-negative value.
Bytes der_small_integer(unsigned value);
/// DER OBJECT IDENTIFIER of a dotted OID; empty when OpenSSL rejects it.
Bytes der_oid(const char* dotted);

// --- LDS files (specimen_lds.cpp) ---

/// EF.COM: 60 { 5F01 "0107", 5F36 "040000", 5C tags of `dgs` }.
Bytes make_com(const std::vector<int>& dgs);
/// DG1: 61 { 5F1F MRZ characters without line breaks }.
Bytes make_dg1(const std::vector<std::string>& mrz_lines);
/// DG2: 75 { 7F61 { 02 01 01, 7F60 { A1 BHT, 5F2E ISO/IEC 19794-5 record with an 8x8 JPEG } } }.
Bytes make_dg2(char sex);
/// DG13 of the inject_dg corruption: 6D { 53 "UTOPIA INJECTED DATA" }.
Bytes make_dg13();
/// DG14: 6E { SET { ActiveAuthenticationInfo { id-AA, 1, ecdsa-plain-<hash> } } }.
Bytes make_dg14(SpecimenHash hash);
/// DG15: 6F { SubjectPublicKeyInfo of `key` }.
Result<Bytes> make_dg15(EVP_PKEY* key);

// --- keys and certificates (specimen_pki.cpp) ---

/// The key family a role needs.
struct KeySpec {
  bool rsa = true;
  const char* curve = nullptr; ///< OpenSSL group name when !rsa
  bool explicit_parameters = false;
};
KeySpec key_spec(SpecimenAlgorithm algorithm, bool explicit_parameters);

/// Loads `pem` (when given) and checks it fits `spec`, else generates a key. Re-encodes EC
/// keys with explicit parameters when the spec asks for it.
Result<pki::detail::EvpPkeyPtr> load_or_generate_key(const std::optional<std::string>& pem,
                                                     const KeySpec& spec, const char* role);
/// PKCS#8 PEM of a private key.
Result<Bytes> private_key_pem(EVP_PKEY* key);
Bytes certificate_pem(X509* cert);
Bytes crl_pem(X509_CRL* crl);

/// How certificates, CRLs and the SOD are signed.
struct Signer {
  EVP_PKEY* key = nullptr; ///< borrowed
  const EVP_MD* md = nullptr;
  bool pss = false;
};
/// Sets RSASSA-PSS padding (MGF1 = md, salt = digest length) on a DigestSign context.
bool set_pss(EVP_PKEY_CTX* ctx, const EVP_MD* md);

struct CertificateSpec {
  std::vector<std::pair<std::string, std::string>> subject; ///< e.g. {"C","UT"},{"O",...}
  X509* issuer = nullptr;                                   ///< nullptr: self-signed
  EVP_PKEY* public_key = nullptr;
  long serial = 1;
  UnixTime not_before = 0;
  UnixTime not_after = 0;
  bool ca = false;
};
Result<pki::detail::X509Ptr> make_certificate(const CertificateSpec& spec, const Signer& signer);

/// CRL v2 of `issuer` with AKI and CRL number 1, listing `revoked_serial` when >= 0.
Result<pki::detail::X509CrlPtr> make_crl(X509* issuer, const Signer& signer, UnixTime this_update,
                                         UnixTime next_update, long revoked_serial,
                                         UnixTime revocation_date);

const EVP_MD* digest_of(SpecimenHash hash) noexcept;

// --- EF.SOD (specimen_sod.cpp) ---

struct SodSpec {
  const std::map<int, Bytes>* dgs = nullptr; ///< the DG files the SOD covers
  SpecimenHash lds_hash = SpecimenHash::sha256;
  X509* dsc = nullptr;
  Signer signer;
  SignerIdForm signer_id = SignerIdForm::issuer_serial;
  UnixTime signing_time = 0;
  bool signed_attributes = true;
  bool wrong_message_digest = false;
  bool wrong_content_type_attribute = false;
  bool flip_signature = false;
};
/// 77 { ContentInfo SignedData } as described in pa.md §3.
Result<Bytes> make_sod(const SodSpec& spec);
/// DER LDSSecurityObject v0 over `dgs`.
Result<Bytes> make_lds_security_object(const std::map<int, Bytes>& dgs, SpecimenHash hash);

/// OpenSSL's error queue as an Error of `code`, prefixed by `what`.
Error ossl_error(const std::string& what, ErrorCode code = ErrorCode::invalid_argument);

} // namespace mrtd::chip::detail
