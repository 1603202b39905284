#include "pki/certificate.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <array>
#include <climits>
#include <ctime>
#include <utility>

namespace mrtd::pki::detail {
namespace {

// Key identifiers and serials are shown upper-case (as OpenSSL prints them); digests lower-case
// (as sha256sum prints them).
std::string hex(const unsigned char* data, std::size_t size, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string text;
  text.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    text += digits[data[i] >> 4];
    text += digits[data[i] & 0x0F];
  }
  return text;
}

std::string serial_hex(const ASN1_INTEGER* serial) {
  BignumPtr number(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!number) {
    ERR_clear_error();
    return {};
  }
  char* text = BN_bn2hex(number.get());
  if (text == nullptr) {
    return {};
  }
  std::string result(text);
  OPENSSL_free(text);
  // BN_bn2hex pads to whole bytes; the contract is "no leading zero bytes" ("0" stays).
  const std::size_t first = result.find_first_not_of('0', result.front() == '-' ? 1 : 0);
  if (first == std::string::npos) {
    return "0";
  }
  return result.front() == '-' ? "-" + result.substr(first) : result.substr(first);
}


// The OpenSSL name of an OID (short or long form), or the dotted OID when OpenSSL has none
// (e.g. ICAO's 2.23.136.1.1.3 master-list signer key purpose).
std::string object_name(const ASN1_OBJECT* object, bool short_name) {
  const int nid = OBJ_obj2nid(object);
  if (nid != NID_undef) {
    const char* name = short_name ? OBJ_nid2sn(nid) : OBJ_nid2ln(nid);
    if (name != nullptr) {
      return name;
    }
  }
  char buffer[128];
  const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
  return length > 0 ? std::string(buffer) : std::string();
}

void add_key_usage(const X509* cert, CertificateInfo& info) {
  auto* mutable_cert = const_cast<X509*>(cert); // 3.0 caches extensions, hence non-const
  if ((X509_get_extension_flags(mutable_cert) & EXFLAG_KUSAGE) == 0) {
    return;
  }
  const std::uint32_t bits = X509_get_key_usage(mutable_cert);
  static constexpr std::array<std::pair<std::uint32_t, const char*>, 9> k_names{{
      {KU_DIGITAL_SIGNATURE, "digitalSignature"},
      {KU_NON_REPUDIATION, "nonRepudiation"},
      {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
      {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
      {KU_KEY_AGREEMENT, "keyAgreement"},
      {KU_KEY_CERT_SIGN, "keyCertSign"},
      {KU_CRL_SIGN, "cRLSign"},
      {KU_ENCIPHER_ONLY, "encipherOnly"},
      {KU_DECIPHER_ONLY, "decipherOnly"},
  }};
  for (const auto& [bit, name] : k_names) {
    if ((bits & bit) != 0) {
      info.key_usage.emplace_back(name);
    }
  }
}

// Decoded directly rather than through X509_check_ca, which also counts v1 self-signed
// certificates (no basicConstraints at all) as CAs.
void add_basic_constraints(const X509* cert, CertificateInfo& info) {
  auto* constraints = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(cert, NID_basic_constraints, nullptr, nullptr));
  if (constraints == nullptr) {
    return;
  }
  info.is_ca = constraints->ca != 0;
  if (constraints->pathlen != nullptr) {
    info.path_length = ASN1_INTEGER_get(constraints->pathlen);
  }
  BASIC_CONSTRAINTS_free(constraints);
}

void add_extended_key_usage(const X509* cert, CertificateInfo& info) {
  auto* usages = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  if (usages == nullptr) {
    return;
  }
  for (int i = 0; i < sk_ASN1_OBJECT_num(usages); ++i) {
    info.extended_key_usage.push_back(object_name(sk_ASN1_OBJECT_value(usages, i), true));
  }
  sk_ASN1_OBJECT_pop_free(usages, ASN1_OBJECT_free);
}

// A key OpenSSL cannot load (unknown curve, broken encoding) still gets its algorithm OID, so
// a report can say what the certificate claims.
KeyInfo describe_key(const X509* cert) {
  KeyInfo key;
  const EVP_PKEY* pkey = X509_get0_pubkey(cert);
  if (pkey == nullptr) {
    ERR_clear_error();
    const X509_PUBKEY* spki = X509_get_X509_PUBKEY(cert);
    ASN1_OBJECT* algorithm = nullptr;
    if (spki != nullptr && X509_PUBKEY_get0_param(&algorithm, nullptr, nullptr, nullptr, spki) == 1) {
      key.algorithm = object_name(algorithm, false);
    }
    return key;
  }
  key.bits = EVP_PKEY_get_bits(pkey);
  switch (EVP_PKEY_get_base_id(pkey)) {
  case EVP_PKEY_RSA: key.algorithm = "RSA"; break;
  case EVP_PKEY_RSA_PSS: key.algorithm = "RSASSA-PSS"; break;
  case EVP_PKEY_DSA: key.algorithm = "DSA"; break;
  case EVP_PKEY_EC: {
    key.algorithm = "EC";
    // OpenSSL 3.0 matches explicit parameters to the builtin curve they equal when decoding
    // and remembers that they were explicit; both facts are read back here.
    char group[80] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) == 1 && length > 0) {
      key.curve = std::string(group, length);
    }
    int explicit_parameters = 0;
    if (EVP_PKEY_get_int_param(pkey, OSSL_PKEY_PARAM_EC_DECODED_FROM_EXPLICIT_PARAMS,
                               &explicit_parameters) == 1) {
      key.explicit_parameters = explicit_parameters != 0;
    }
    break;
  }
  default: {
    ASN1_OBJECT* algorithm = nullptr;
    X509_PUBKEY_get0_param(&algorithm, nullptr, nullptr, nullptr, X509_get_X509_PUBKEY(cert));
    key.algorithm = algorithm != nullptr ? object_name(algorithm, false) : "unknown";
  }
  }
  ERR_clear_error();
  return key;
}

std::string der_sha256(const X509* cert) {
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert, &der);
  if (length <= 0) {
    ERR_clear_error();
    return {};
  }
  std::string digest = sha256_hex(der, static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return digest;
}

} // namespace

std::string hex_string(const unsigned char* data, std::size_t size) {
  return hex(data, size, true);
}

std::string sha256_hex(const unsigned char* data, std::size_t size) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  if (EVP_Digest(data, size, digest, &digest_length, EVP_sha256(), nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  return hex(digest, digest_length, false);
}

CertificateInfo describe(const X509* cert) {
  CertificateInfo info;
  const X509_NAME* subject = X509_get_subject_name(cert);
  const X509_NAME* issuer = X509_get_issuer_name(cert);
  info.subject = name_to_string(subject);
  info.issuer = name_to_string(issuer);
  info.subject_country = name_country(subject);
  info.issuer_country = name_country(issuer);
  info.serial = serial_hex(X509_get0_serialNumber(cert));
  info.not_before = unix_time(X509_get0_notBefore(cert));
  info.not_after = unix_time(X509_get0_notAfter(cert));
  if (const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(const_cast<X509*>(cert))) {
    info.subject_key_id = hex_string(ASN1_STRING_get0_data(ski),
                                     static_cast<std::size_t>(ASN1_STRING_length(ski)));
  }
  if (const ASN1_OCTET_STRING* aki = X509_get0_authority_key_id(const_cast<X509*>(cert))) {
    info.authority_key_id = hex_string(ASN1_STRING_get0_data(aki),
                                       static_cast<std::size_t>(ASN1_STRING_length(aki)));
  }
  add_basic_constraints(cert, info);
  add_key_usage(cert, info);
  add_extended_key_usage(cert, info);
  info.signature_algorithm = object_name(
      [&] {
        const X509_ALGOR* algorithm = nullptr;
        X509_get0_signature(nullptr, &algorithm, cert);
        const ASN1_OBJECT* object = nullptr;
        X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
        return object;
      }(),
      false);
  info.key = describe_key(cert);
  // Self-signed means the signature verifies, not just equal names: a link certificate has
  // subject = issuer under key rollover but is signed by the previous key.
  if (names_equal_unordered(subject, issuer)) {
    const EvpPkeyPtr key = public_key(cert);
    ERR_clear_error();
    info.self_signed = key && X509_verify(const_cast<X509*>(cert), key.get()) == 1;
    ERR_clear_error();
  }
  info.sha256 = der_sha256(cert);
  return info;
}

X509Ptr parse_der_certificate(ByteView der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(LONG_MAX)) {
    return nullptr;
  }
  ERR_clear_error();
  const unsigned char* cursor = der.data();
  X509Ptr cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
  // Trailing bytes after the certificate mean this is not one DER certificate.
  if (!cert || cursor != der.data() + der.size()) {
    drain_errors();
    return nullptr;
  }
  return cert;
}

bool key_usage_allows(const X509* cert, std::uint32_t bit) {
  auto* mutable_cert = const_cast<X509*>(cert);
  if ((X509_get_extension_flags(mutable_cert) & EXFLAG_KUSAGE) == 0) {
    return true;
  }
  return (X509_get_key_usage(mutable_cert) & bit) != 0;
}

bool flagged_invalid(const X509* cert) {
  return (X509_get_extension_flags(const_cast<X509*>(cert)) & EXFLAG_INVALID) != 0;
}

EvpPkeyPtr public_key(const X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (key == nullptr || EVP_PKEY_up_ref(key) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return EvpPkeyPtr(key);
}

// ASN1_TIME_to_tm reads UTCTime and GeneralizedTime alike and needs no time zone, unlike
// mktime; the calendar arithmetic is core/date's.
UnixTime unix_time(const ASN1_TIME* time) {
  std::tm fields{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &fields) != 1) {
    ERR_clear_error();
    return 0;
  }
  const CivilDate date{fields.tm_year + 1900, fields.tm_mon + 1, fields.tm_mday};
  return to_unix_time(date) + fields.tm_hour * 3600 + fields.tm_min * 60 + fields.tm_sec;
}

} // namespace mrtd::pki::detail

namespace mrtd::pki {

Result<CertificateInfo> describe_certificate(ByteView der) {
  detail::X509Ptr cert = detail::parse_der_certificate(der);
  if (!cert) {
    return make_error(ErrorCode::malformed, "not a DER X.509 certificate");
  }
  return detail::describe(cert.get());
}

namespace {

std::string key_text(const KeyInfo& key) {
  std::string text = key.algorithm;
  if (key.curve) {
    text += ' ' + *key.curve;
  } else if (key.bits > 0) {
    text += ' ' + std::to_string(key.bits);
  }
  if (key.explicit_parameters) {
    text += " (explicit parameters)";
  }
  return text;
}

} // namespace

CertificateSummary summarise(const CertificateInfo& info, std::string role, std::string source) {
  return CertificateSummary{std::move(role),
                            std::move(source),
                            info.subject,
                            info.issuer,
                            info.serial,
                            to_iso_instant(info.not_before),
                            to_iso_instant(info.not_after),
                            key_text(info.key),
                            info.sha256,
                            info.subject_country.value_or("")};
}

} // namespace mrtd::pki
