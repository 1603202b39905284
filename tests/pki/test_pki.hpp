#pragma once

// Test-only helpers: keys, certificates, CRLs and CMS made in memory with OpenSSL, and the
// PA corpus (shared/corpus/pa) read from disk. Nothing here is used by lib/.

#include "pki/detail/ossl.hpp"

#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mrtd::pki::test {

using namespace mrtd::pki::detail; // NOLINT: test helpers only

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::time_t k_2020 = 1577836800; // 2020-01-01T00:00:00Z
inline constexpr std::time_t k_2025 = 1735689600; // 2025-01-01T00:00:00Z
inline constexpr std::time_t k_2035 = 2051222400; // 2035-01-01T00:00:00Z

/// A fresh key: "rsa" (2048), "rsa-pss" (RSA key used with PSS padding is still "rsa"), or an
/// EC curve name; `explicit_params` spells the EC domain parameters out (Doc 9303-12 style).
inline EvpPkeyPtr generate_key(const std::string& kind, bool explicit_params = false) {
  if (kind == "rsa") {
    return EvpPkeyPtr(EVP_RSA_gen(2048));
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY_keygen_init(ctx.get());
  char encoding[] = "explicit";
  char named[] = "named_curve";
  std::string curve = kind;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, curve.data(), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_EC_ENCODING,
                                       explicit_params ? encoding : named, 0),
      OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX_set_params(ctx.get(), params);
  EVP_PKEY* key = nullptr;
  EVP_PKEY_generate(ctx.get(), &key);
  return EvpPkeyPtr(key);
}

/// Keys are slow to make (RSA): one per (kind, explicit, slot) for the whole test run.
inline EVP_PKEY* cached_key(const std::string& kind, int slot = 0, bool explicit_params = false) {
  static std::map<std::string, EvpPkeyPtr> keys;
  const std::string id = kind + (explicit_params ? "/explicit/" : "/named/") + std::to_string(slot);
  auto& key = keys[id];
  if (!key) {
    key = generate_key(kind, explicit_params);
  }
  return key.get();
}

/// "C=DE,O=Bund,CN=CSCA" -> X509_NAME (UTF8String values, in the order given).
inline X509NamePtr make_name(const std::string& text, int type = MBSTRING_UTF8) {
  X509NamePtr name(X509_NAME_new());
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string part = text.substr(start, end - start);
    const std::size_t equals = part.find('=');
    const std::string value = part.substr(equals + 1);
    X509_NAME_add_entry_by_txt(name.get(), part.substr(0, equals).c_str(), type,
                               reinterpret_cast<const unsigned char*>(value.data()),
                               static_cast<int>(value.size()), -1, 0);
    start = end + 1;
  }
  return name;
}

struct CertSpec {
  std::string subject = "C=DE,O=Test,CN=Test DSC";
  bool ca = false;
  std::string key_usage = "critical,digitalSignature"; ///< "" for no keyUsage extension
  long serial = 1;
  std::time_t not_before = k_2020;
  std::time_t not_after = k_2035;
  bool subject_key_id = true;
  std::string authority_key_id = "keyid:always"; ///< "" for none
  std::string extended_key_usage;                 ///< e.g. "2.23.136.1.1.3"
};

inline void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

/// A certificate for `key`, signed by `issuer_key` under `issuer` (nullptr: self-signed).
inline X509Ptr make_cert(const CertSpec& spec, EVP_PKEY* key, const X509* issuer = nullptr,
                         EVP_PKEY* issuer_key = nullptr, const EVP_MD* md = EVP_sha256()) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial);
  const X509NamePtr subject = make_name(spec.subject);
  X509_set_subject_name(cert.get(), subject.get());
  X509_set_issuer_name(cert.get(),
                       issuer != nullptr ? X509_get_subject_name(issuer) : subject.get());
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), spec.not_before);
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), spec.not_after);
  X509_set_pubkey(cert.get(), key);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer != nullptr ? const_cast<X509*>(issuer) : cert.get(), cert.get(),
                 nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints,
                spec.ca ? "critical,CA:TRUE,pathlen:0" : "critical,CA:FALSE");
  if (!spec.key_usage.empty()) {
    add_extension(cert.get(), &ctx, NID_key_usage, spec.key_usage);
  }
  if (spec.subject_key_id) {
    add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  }
  if (!spec.authority_key_id.empty()) {
    add_extension(cert.get(), &ctx, NID_authority_key_identifier, spec.authority_key_id);
  }
  if (!spec.extended_key_usage.empty()) {
    add_extension(cert.get(), &ctx, NID_ext_key_usage, spec.extended_key_usage);
  }
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, md);
  return cert;
}

inline X509Ptr make_ca(const std::string& subject, EVP_PKEY* key, long serial = 1) {
  CertSpec spec;
  spec.subject = subject;
  spec.ca = true;
  spec.key_usage = "critical,keyCertSign,cRLSign";
  spec.serial = serial;
  return make_cert(spec, key);
}

inline Bytes to_der(const X509* cert) {
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert, &der);
  Bytes bytes(der, der + length);
  OPENSSL_free(der);
  return bytes;
}

inline Bytes to_der(const X509_CRL* crl) {
  unsigned char* der = nullptr;
  const int length = i2d_X509_CRL(crl, &der);
  Bytes bytes(der, der + length);
  OPENSSL_free(der);
  return bytes;
}

inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

inline std::string to_pem(const X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return bio_text(bio.get());
}

inline std::string to_pem(const X509_CRL* crl) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_CRL(bio.get(), const_cast<X509_CRL*>(crl));
  return bio_text(bio.get());
}

inline Bytes bytes_of(const std::string& text) { return Bytes(text.begin(), text.end()); }

/// A CRL of `issuer` listing `revoked` serials, signed with `key`.
inline X509CrlPtr make_crl(const X509* issuer, EVP_PKEY* key, const std::vector<long>& revoked,
                           std::time_t next_update = k_2035) {
  X509CrlPtr crl(X509_CRL_new());
  X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer));
  Owned<ASN1_TIME, ASN1_TIME_free> last(ASN1_TIME_set(nullptr, k_2025));
  Owned<ASN1_TIME, ASN1_TIME_free> next(ASN1_TIME_set(nullptr, next_update));
  X509_CRL_set1_lastUpdate(crl.get(), last.get());
  X509_CRL_set1_nextUpdate(crl.get(), next.get());
  for (const long serial : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    Asn1IntegerPtr number(ASN1_INTEGER_new());
    ASN1_INTEGER_set(number.get(), serial);
    X509_REVOKED_set_serialNumber(entry, number.get());
    X509_REVOKED_set_revocationDate(entry, last.get());
    X509_CRL_add0_revoked(crl.get(), entry);
  }
  X509_CRL_sort(crl.get());
  X509_CRL_sign(crl.get(), key, EVP_sha256());
  return crl;
}

enum class Padding { pkcs1, pss };

/// A detached-free CMS SignedData over `content` with signedAttrs (unless `no_attributes`).
inline CmsPtr make_cms(X509* signer, EVP_PKEY* key, const std::string& content,
                       Padding padding = Padding::pkcs1, const EVP_MD* md = EVP_sha256(),
                       bool no_attributes = false) {
  const unsigned int base = CMS_PARTIAL | CMS_BINARY;
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, base));
  unsigned int flags = base | (padding == Padding::pss ? CMS_KEY_PARAM : 0U) |
                       (no_attributes ? CMS_NOATTR : 0U);
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), signer, key, md, flags);
  if (padding == Padding::pss) {
    EVP_PKEY_CTX* ctx = CMS_SignerInfo_get0_pkey_ctx(si);
    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32);
  }
  BioPtr data = memory_bio(content.data(), content.size());
  CMS_final(cms.get(), data.get(), nullptr, base);
  return cms;
}

inline CMS_SignerInfo* first_signer(CMS_ContentInfo* cms) {
  return sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
}

/// Round-trips through DER, as a verifier would see the CMS.
inline CmsPtr reparse(CMS_ContentInfo* cms) {
  unsigned char* der = nullptr;
  const int length = i2d_CMS_ContentInfo(cms, &der);
  const unsigned char* cursor = der;
  CmsPtr copy(d2i_CMS_ContentInfo(nullptr, &cursor, length));
  OPENSSL_free(der);
  return copy;
}

/// Re-parses a certificate from its DER, so OpenSSL recomputes its cached extension flags.
inline X509Ptr reparse(const X509* cert) {
  const Bytes der = to_der(cert);
  const unsigned char* cursor = der.data();
  return X509Ptr(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
}

// --- the PA corpus -------------------------------------------------------------------------

inline std::filesystem::path corpus_dir() {
  return std::filesystem::path(MRTD_SOURCE_DIR) / ".." / "shared" / "corpus" / "pa";
}

inline std::optional<Bytes> read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return std::nullopt;
  }
  return Bytes(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

inline X509Ptr load_cert(const std::filesystem::path& path) {
  const auto bytes = read_file(path);
  if (!bytes) {
    return nullptr;
  }
  const unsigned char* cursor = bytes->data();
  return X509Ptr(d2i_X509(nullptr, &cursor, static_cast<long>(bytes->size())));
}

/// The CMS of an EF.SOD (0x77 wrapper stripped with ASN1_get_object; BER allowed) or of an
/// unwrapped ContentInfo such as EF.CardSecurity.
inline CmsPtr load_sod(const std::filesystem::path& path) {
  const auto bytes = read_file(path);
  if (!bytes || bytes->empty()) {
    return nullptr;
  }
  const unsigned char* content = bytes->data();
  long length = static_cast<long>(bytes->size());
  if ((*bytes)[0] == 0x77) {
    long inner = 0;
    int tag = 0;
    int xclass = 0;
    const int info = ASN1_get_object(&content, &inner, &tag, &xclass, length);
    if ((info & 0x80) != 0 || tag != 23 || xclass != V_ASN1_APPLICATION) {
      return nullptr;
    }
    length = static_cast<long>(bytes->size()) - (content - bytes->data());
  }
  BioPtr bio = memory_bio(content, static_cast<std::size_t>(length));
  CmsPtr cms(d2i_CMS_bio(bio.get(), nullptr));
  ERR_clear_error();
  return cms;
}

} // namespace mrtd::pki::test
