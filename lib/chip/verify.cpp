// Passive Authentication (9303-11 §5.1) with the checks of issue 3, in a fixed order. The
// verifier keeps going after a failure so that every check is reported, but nothing read from
// the SOD is reported as trustworthy unless its signature verified.

#include "chip/chip.hpp"
#include "chip/aa.hpp"
#include "chip/detail/sod.hpp"
#include "mrz/countries.hpp"
#include "pki/detail/certificate.hpp"
#include "pki/detail/chain.hpp"
#include "pki/detail/name.hpp"
#include "pki/detail/signature.hpp"
#include "pki/detail/store.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <unordered_map>

namespace mrtd::chip {

struct ChainCache::Impl {
  struct Entry {
    pki::detail::ChainResult chain;
    pki::CertificateInfo dsc;
  };
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries;
  detail::CertificateMemo certificates;
  std::atomic<std::size_t> hits = 0;
  std::atomic<std::size_t> misses = 0;
};

// Real batches meet few DSCs (one per issuing period and state); the bound only keeps memory
// flat for adversarial input with a new DSC per document.
constexpr std::size_t k_max_cached_chains = 4096;

ChainCache::ChainCache() : m_impl(std::make_unique<Impl>()) {}
ChainCache::~ChainCache() = default;

std::size_t ChainCache::hits() const noexcept {
  return m_impl->hits;
}

std::size_t ChainCache::misses() const noexcept {
  return m_impl->misses;
}

namespace {

using pki::detail::X509Ptr;

constexpr const char* k_lds_oid = "2.23.136.1.1.1";

std::string hex(ByteView bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    text += k_digits[b >> 4];
    text += k_digits[b & 0x0F];
  }
  return text;
}

ByteView view(const ASN1_STRING* value) {
  return {ASN1_STRING_get0_data(value), static_cast<std::size_t>(ASN1_STRING_length(value))};
}

Bytes digest(const EVP_MD* md, ByteView data) {
  Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1) {
    return {};
  }
  out.resize(size);
  return out;
}

std::string key_text(const pki::KeyInfo& key) {
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

CertificateSummary summarise(const pki::CertificateInfo& info, std::string role,
                             std::string source) {
  return CertificateSummary{std::move(role),
                            std::move(source),
                            info.subject,
                            info.issuer,
                            info.serial,
                            to_iso_instant(info.not_before),
                            to_iso_instant(info.not_after),
                            key_text(info.key),
                            info.sha256};
}

std::string day(UnixTime time) {
  return to_iso(to_civil(time));
}

// ISO alpha-2 of a three-letter MRZ state field (`D<<` -> DE, UTO -> UT).
std::optional<std::string> alpha2_of_state(std::string_view field) {
  const mrz::CountryInfo info = mrz::lookup_country(field);
  if (info.alpha2.empty()) {
    return std::nullopt;
  }
  return std::string(info.alpha2);
}

// The signer: found by the SignerIdentifier among the embedded certificates, then in the
// trust store; a single embedded certificate is the fallback (pa.md §5.3), with a warning.
struct Signer {
  const X509* cert = nullptr;
  std::string source; ///< `embedded` or the trust source
  Status status = Status::fail;
  std::string message;
};

Signer find_signer(const detail::ParsedSod& sod, const pki::TrustStore::Impl& store) {
  Signer signer;
  const ASN1_OCTET_STRING* keyid = nullptr;
  X509_NAME* issuer = nullptr;
  ASN1_INTEGER* serial = nullptr;
  if (sod.signer == nullptr ||
      CMS_SignerInfo_get0_signer_id(sod.signer, const_cast<ASN1_OCTET_STRING**>(&keyid), &issuer,
                                    &serial) != 1) {
    signer.message = "the SignerInfo has no usable SignerIdentifier";
    return signer;
  }
  const bool by_key = keyid != nullptr;
  const std::string form = by_key ? "subjectKeyIdentifier" : "issuerAndSerialNumber";
  auto matches = [&](const X509* cert) {
    if (by_key) {
      const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(const_cast<X509*>(cert));
      return ski != nullptr && ASN1_OCTET_STRING_cmp(ski, keyid) == 0;
    }
    return ASN1_INTEGER_cmp(X509_get0_serialNumber(cert), serial) == 0 &&
           pki::detail::names_equal_unordered(X509_get_issuer_name(cert), issuer);
  };
  for (const auto& cert : sod.certificates) {
    if (matches(cert.get())) {
      signer = {cert.get(), "embedded", Status::pass,
                "the embedded DSC matches the SignerIdentifier (" + form + ")"};
      return signer;
    }
  }
  const auto candidates =
      by_key ? store.find_by_ski(keyid) : store.find_by_issuer_serial(issuer, serial);
  if (!candidates.empty()) {
    const auto* entry = candidates.front();
    signer = {entry->cert.get(), entry->provenance.source, Status::pass,
              "the SignerIdentifier (" + form + ") names a DSC of the trust store (" +
                  entry->provenance.source + ")"};
    return signer;
  }
  if (sod.certificates.size() == 1) {
    signer = {sod.certificates.front().get(), "embedded", Status::warn,
              "the SignerIdentifier (" + form +
                  ") does not match the single embedded certificate, which is used"};
    return signer;
  }
  signer.message = "no embedded or trusted certificate matches the SignerIdentifier (" + form + ")";
  return signer;
}

// Counts the signed attributes of `nid` (-1 when there are no signedAttrs at all).
int count_attribute(CMS_SignerInfo* si, int nid) {
  if (CMS_signed_get_attr_count(si) < 0) {
    return -1;
  }
  int count = 0;
  for (int pos = -1; (pos = CMS_signed_get_attr_by_NID(si, nid, pos)) >= 0;) {
    ++count;
  }
  return count;
}

std::optional<UnixTime> signing_time(CMS_SignerInfo* si) {
  const int pos = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (pos < 0) {
    return std::nullopt;
  }
  X509_ATTRIBUTE* attr = CMS_signed_get_attr(si, pos);
  const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attr, 0);
  if (value == nullptr ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    return std::nullopt;
  }
  struct tm tm {};
  if (ASN1_TIME_to_tm(value->value.utctime, &tm) != 1) {
    return std::nullopt;
  }
  const CivilDate date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  return to_unix_time(date) + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

std::string oid_name(const ASN1_OBJECT* oid) {
  char buffer[128];
  const int nid = OBJ_obj2nid(oid);
  if (nid != NID_undef) {
    return OBJ_nid2ln(nid);
  }
  OBJ_obj2txt(buffer, sizeof buffer, oid, 1);
  return buffer;
}

class Verifier {
public:
  Verifier(const ChipFiles& files, const pki::TrustStore& trust, const VerifyOptions& options,
           ChainCache* cache)
      : m_files(files), m_store(trust.impl()), m_options(options), m_cache(cache) {}

  Report run();

private:
  Check& add(CheckId id, Status status, std::string message) {
    return m_report.verdict.add(id, status, std::move(message));
  }
  void check_structure();
  void check_signer_and_signature();
  void check_chain();
  void resolve_chain(const X509* dsc, const std::string& country);
  void check_data_groups();
  void check_dg1();
  void check_authentication();
  void decide();

  const ChipFiles& m_files;
  const pki::TrustStore::Impl& m_store;
  const VerifyOptions& m_options;
  ChainCache* m_cache;
  Report m_report;
  detail::ParsedSod m_sod;
  Signer m_signer;
  pki::detail::ChainResult m_chain;
  pki::CertificateInfo m_dsc_info;
  std::optional<std::string> m_document_country; ///< alpha-2
  std::optional<mrz::Report> m_mrz;
  std::string m_dg1_error;
};

void Verifier::check_structure() {
  auto& sod = m_sod;
  std::string shape = sod.wrapped ? "0x77 wrapper around a CMS SignedData"
                                  : "a CMS SignedData without the 0x77 wrapper";
  if (sod.signer_count != 1) {
    add(CheckId::chip_sod_structure, Status::fail,
        shape + " with " + std::to_string(sod.signer_count) +
            " SignerInfos: exactly one is allowed")
        .found = std::to_string(sod.signer_count);
  } else if (sod.trailing_bytes > 0) {
    add(CheckId::chip_sod_structure, Status::warn,
        shape + "; " + std::to_string(sod.trailing_bytes) + " bytes trail the TLV (ignored)");
  } else if (!sod.wrapped) {
    add(CheckId::chip_sod_structure, Status::warn, shape + " (EF.CardSecurity style)");
  } else {
    add(CheckId::chip_sod_structure, Status::pass, shape + " with one SignerInfo");
  }

  const std::string& type = sod.content_type;
  if (type == k_lds_oid) {
    add(CheckId::chip_sod_content_type, Status::pass, "id-icao-mrtd-security-ldsSecurityObject");
  } else if (type == "1.3.27.1.1.1" || type == "1.2.528.1.1006.1.20.1" ||
             type == "1.2.840.113549.1.7.1") {
    Check& check = add(CheckId::chip_sod_content_type, Status::warn,
                       "a legacy or generic eContentType (" + type + "), accepted");
    check.expected = k_lds_oid;
    check.found = type;
  } else {
    Check& check =
        add(CheckId::chip_sod_content_type, Status::fail, "eContentType " + type +
                                                              " is not an LDS Security Object");
    check.expected = k_lds_oid;
    check.found = type;
  }

  if (sod.lso_error) {
    add(CheckId::chip_sod_lds_security_object, Status::fail, *sod.lso_error);
  } else if (sod.lso_version != 0 && sod.lso_version != 1) {
    add(CheckId::chip_sod_lds_security_object, Status::fail,
        "LDSSecurityObject version " + std::to_string(sod.lso_version) + " (only v0 and v1 exist)")
        .expected = "0 or 1";
  } else if (sod.hash == nullptr) {
    add(CheckId::chip_sod_lds_security_object, Status::fail,
        "unsupported DG hash algorithm " + sod.hash_oid);
  } else if (!sod.lso_problems.empty()) {
    std::string text;
    for (const auto& problem : sod.lso_problems) {
      text += (text.empty() ? "" : "; ") + problem;
    }
    add(CheckId::chip_sod_lds_security_object, Status::fail, text);
  } else if (sod.lso_version == 1 && !sod.lds_version) {
    add(CheckId::chip_sod_lds_security_object, Status::warn,
        "LDSSecurityObject v1 without LDSVersionInfo");
  } else if (sod.lso_version == 0 && sod.lds_version) {
    add(CheckId::chip_sod_lds_security_object, Status::warn,
        "LDSSecurityObject v0 carrying LDSVersionInfo (a v1 field)");
  } else {
    add(CheckId::chip_sod_lds_security_object, Status::pass,
        "v" + std::to_string(sod.lso_version) + ", " + detail::digest_name(sod.hash) + ", " +
            std::to_string(sod.dg_hashes.size()) + " data group hashes");
  }
}

void Verifier::check_signer_and_signature() {
  auto& sod = m_sod;
  m_signer = find_signer(sod, m_store);
  add(CheckId::chip_signer_certificate, m_signer.status, m_signer.message);

  CMS_SignerInfo* si = sod.signer;
  const int content_types = si != nullptr ? count_attribute(si, NID_pkcs9_contentType) : -1;
  const int digests = si != nullptr ? count_attribute(si, NID_pkcs9_messageDigest) : -1;
  bool attrs_ok = false;
  if (si == nullptr) {
    add(CheckId::chip_sod_signed_attributes, Status::fail, "no SignerInfo");
  } else if (content_types < 0) {
    add(CheckId::chip_sod_signed_attributes, Status::fail,
        "the SignerInfo has no signedAttrs (Doc 9303 requires them)");
  } else if (content_types != 1 || digests != 1) {
    add(CheckId::chip_sod_signed_attributes, Status::fail,
        std::to_string(content_types) + " contentType and " + std::to_string(digests) +
            " messageDigest attributes: exactly one of each is required");
  } else {
    attrs_ok = true;
    add(CheckId::chip_sod_signed_attributes, Status::pass,
        "one contentType and one messageDigest attribute");
  }

  bool type_ok = false;
  if (!attrs_ok) {
    add(CheckId::chip_sod_content_type_attribute, Status::skip, "no single contentType attribute");
  } else {
    const auto* value = static_cast<const ASN1_OBJECT*>(CMS_signed_get0_data_by_OBJ(
        si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT));
    const ASN1_OBJECT* econtent_type = CMS_get0_eContentType(sod.cms.get());
    type_ok = value != nullptr && OBJ_cmp(value, econtent_type) == 0;
    Check& check = add(CheckId::chip_sod_content_type_attribute,
                       type_ok ? Status::pass : Status::fail,
                       type_ok ? "contentType attribute = eContentType"
                               : "the contentType attribute differs from eContentType");
    if (!type_ok) {
      check.expected = sod.content_type;
      check.found = value != nullptr ? oid_name(value) : "not an OBJECT IDENTIFIER";
    }
  }

  const X509_ALGOR* digest_alg = nullptr;
  const X509_ALGOR* signature_alg = nullptr;
  const EVP_MD* md = nullptr;
  if (si != nullptr) {
    X509_ALGOR* d = nullptr;
    X509_ALGOR* s = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &d, &s);
    digest_alg = d;
    signature_alg = s;
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, digest_alg);
    md = pki::detail::digest_for(oid);
  }
  bool digest_ok = false;
  if (!attrs_ok) {
    add(CheckId::chip_sod_message_digest, Status::skip, "no single messageDigest attribute");
  } else if (md == nullptr) {
    add(CheckId::chip_sod_message_digest, Status::fail,
        "unsupported SignerInfo digestAlgorithm");
  } else {
    const auto* value = static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
        si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
    const Bytes computed = digest(md, sod.econtent);
    digest_ok = value != nullptr && std::ranges::equal(view(value), ByteView(computed));
    Check& check = add(CheckId::chip_sod_message_digest, digest_ok ? Status::pass : Status::fail,
                       digest_ok ? detail::digest_name(md) + " of eContent matches"
                                 : "messageDigest is not the " + detail::digest_name(md) +
                                       " of eContent");
    if (!digest_ok) {
      check.expected = hex(computed);
      check.found = value != nullptr ? hex(view(value)) : "not an OCTET STRING";
    }
  }

  bool signature_ok = false;
  std::string algorithm;
  if (m_signer.cert == nullptr || si == nullptr) {
    add(CheckId::chip_sod_signature, Status::skip, "no signer certificate to verify with");
  } else if (!attrs_ok) {
    add(CheckId::chip_sod_signature, Status::fail,
        "not verified: the signed attributes are not as required");
  } else {
    ERR_clear_error();
    const auto result = pki::detail::verify_signer_info(si, m_signer.cert);
    ERR_clear_error();
    algorithm = result.algorithm;
    signature_ok = result.valid;
    const Status status = !result.valid ? Status::fail : result.quirk ? Status::warn : Status::pass;
    std::string message = result.valid ? result.algorithm + " signature verifies"
                                       : result.algorithm + " signature does not verify";
    if (!result.message.empty()) {
      message += ": " + result.message;
    }
    add(CheckId::chip_sod_signature, status, message);
  }
  m_report.sod_trusted = signature_ok && digest_ok && type_ok && attrs_ok;

  SodSummary summary;
  summary.content_type = sod.content_type;
  summary.lds_security_object_version = static_cast<int>(sod.lso_version);
  summary.lds_version = sod.lds_version;
  summary.unicode_version = sod.unicode_version;
  summary.hash_algorithm = sod.hash != nullptr ? detail::digest_name(sod.hash) : sod.hash_oid;
  summary.digest_algorithm = md != nullptr ? detail::digest_name(md) : "unsupported";
  if (signature_alg != nullptr) {
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, signature_alg);
    summary.signature_algorithm = algorithm.empty() ? oid_name(oid) : algorithm;
  }
  if (si != nullptr) {
    if (const auto time = signing_time(si)) {
      summary.signing_time = to_iso_instant(*time);
    }
    const ASN1_OCTET_STRING* keyid = nullptr;
    X509_NAME* issuer = nullptr;
    ASN1_INTEGER* serial = nullptr;
    if (CMS_SignerInfo_get0_signer_id(si, const_cast<ASN1_OCTET_STRING**>(&keyid), &issuer,
                                      &serial) == 1) {
      if (keyid != nullptr) {
        summary.signer_identifier = "subjectKeyIdentifier: " + hex(view(keyid));
      } else if (issuer != nullptr && serial != nullptr) {
        pki::detail::BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
        char* serial_hex = bn ? BN_bn2hex(bn.get()) : nullptr;
        summary.signer_identifier = "issuerAndSerialNumber: " +
                                    pki::detail::name_to_string(issuer) + ", " +
                                    (serial_hex != nullptr ? serial_hex : "?");
        OPENSSL_free(serial_hex);
      }
    }
  }
  for (const auto& [dg, value] : sod.dg_hashes) {
    summary.dg_hashes.emplace(dg, hex(value));
  }
  m_report.sod = std::move(summary);
}

// The chain of `dsc` for the document's `country`, from the cache when one is given: the key is
// the DSC's SHA-256, the country and the time, which are all validate_chain() depends on
// besides the (fixed) store.
void Verifier::resolve_chain(const X509* dsc, const std::string& country) {
  if (m_cache == nullptr) {
    m_chain = pki::detail::validate_chain(dsc, m_store, country, m_options.at);
    m_dsc_info = pki::detail::describe(dsc);
    return;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(dsc, EVP_sha256(), md, &size);
  std::string key(reinterpret_cast<const char*>(md), size);
  key += '|' + country + '|' + std::to_string(m_options.at);
  auto& cache = m_cache->impl();
  {
    const std::lock_guard lock(cache.mutex);
    if (const auto found = cache.entries.find(key); found != cache.entries.end()) {
      ++cache.hits;
      m_chain = found->second->chain;
      m_dsc_info = found->second->dsc;
      return;
    }
  }
  auto entry = std::make_shared<ChainCache::Impl::Entry>();
  entry->chain = pki::detail::validate_chain(dsc, m_store, country, m_options.at);
  entry->dsc = pki::detail::describe(dsc);
  m_chain = entry->chain;
  m_dsc_info = entry->dsc;
  const std::lock_guard lock(cache.mutex);
  ++cache.misses;
  if (cache.entries.size() >= k_max_cached_chains) {
    cache.entries.clear();
  }
  cache.entries.emplace(std::move(key), std::move(entry));
}

void Verifier::check_chain() {
  const X509* dsc = m_signer.cert;
  // The document's state: DG1's issuing state, else the DSC's issuer country.
  std::optional<std::string> dsc_country =
      dsc != nullptr ? pki::detail::name_country(X509_get_issuer_name(dsc)) : std::nullopt;
  if (m_mrz && m_mrz->mrz) {
    m_document_country = alpha2_of_state(m_mrz->mrz->issuing_state);
  }
  const std::string country = m_document_country.value_or(dsc_country.value_or(""));
  if (dsc != nullptr) {
    resolve_chain(dsc, country);
    m_report.certificates.push_back(summarise(m_dsc_info, "dsc", m_signer.source));
  }

  if (dsc == nullptr) {
    add(CheckId::chip_dsc_profile, Status::skip, "no DSC");
    add(CheckId::chip_chain, Status::skip, "no DSC to chain");
    add(CheckId::chip_revocation, Status::skip, "no DSC");
    add(CheckId::chip_time_dsc, Status::skip, "no DSC");
    add(CheckId::chip_time_csca, Status::skip, "no DSC");
    add(CheckId::chip_time_signing, Status::skip, "no DSC");
  } else {
    add(CheckId::chip_dsc_profile, m_chain.profile_ok ? Status::pass : Status::fail,
        m_chain.profile_ok ? "end-entity certificate with digitalSignature"
                           : m_chain.profile_message);
    const auto* anchor = m_chain.anchor;
    switch (m_chain.state) {
    case pki::detail::ChainState::verified:
      add(CheckId::chip_chain, Status::pass,
          "the DSC is signed by " + anchor->info.subject + " (" + anchor->provenance.source + ")");
      m_report.certificates.push_back(
          summarise(anchor->info, "csca", anchor->provenance.source));
      break;
    case pki::detail::ChainState::no_anchor:
      add(CheckId::chip_chain, Status::skip,
          "the trust store holds no CSCA of " + (country.empty() ? "the document's state" : country) +
              ": nothing to judge the DSC against");
      break;
    case pki::detail::ChainState::not_trusted:
      add(CheckId::chip_chain, Status::fail, m_chain.message);
      break;
    }
    if (anchor == nullptr) {
      add(CheckId::chip_revocation, Status::skip, "no CSCA, so no CRL to consult");
    } else {
      using pki::detail::Revocation;
      const Status status = m_chain.revocation == Revocation::good      ? Status::pass
                            : m_chain.revocation == Revocation::revoked ? Status::fail
                                                                        : Status::warn;
      add(CheckId::chip_revocation, status, m_chain.revocation_message);
    }

    const pki::CertificateInfo& info = m_dsc_info;
    auto validity = [&](CheckId id, const pki::CertificateInfo& cert, const char* what) {
      if (m_options.at < cert.not_before) {
        Check& check = add(id, Status::fail,
                           std::string(what) + " not valid before " + day(cert.not_before));
        check.expected = to_iso_instant(cert.not_before) + " .. " + to_iso_instant(cert.not_after);
        check.found = to_iso_instant(m_options.at);
      } else if (m_options.at > cert.not_after) {
        Check& check = add(id, Status::fail, std::string(what) + " expired " + day(cert.not_after));
        check.expected = to_iso_instant(cert.not_before) + " .. " + to_iso_instant(cert.not_after);
        check.found = to_iso_instant(m_options.at);
      } else {
        add(id, Status::pass,
            std::string(what) + " valid " + day(cert.not_before) + " .. " + day(cert.not_after));
      }
    };
    validity(CheckId::chip_time_dsc, info, "DSC");
    if (anchor != nullptr) {
      validity(CheckId::chip_time_csca, anchor->info, "CSCA");
    } else {
      add(CheckId::chip_time_csca, Status::skip, "no CSCA");
    }
    const auto signed_at = m_sod.signer != nullptr ? signing_time(m_sod.signer) : std::nullopt;
    if (!signed_at) {
      add(CheckId::chip_time_signing, Status::skip, "no signingTime attribute");
    } else if (*signed_at < info.not_before || *signed_at > info.not_after) {
      add(CheckId::chip_time_signing, Status::warn,
          "signingTime " + to_iso_instant(*signed_at) + " lies outside the DSC's validity " +
              day(info.not_before) + " .. " + day(info.not_after));
    } else {
      add(CheckId::chip_time_signing, Status::pass,
          "signed " + to_iso_instant(*signed_at) + ", within the DSC's validity");
    }
  }

  // Country: CSCA = DSC issuer = DG1 issuing state (pa.md §5.10: a rogue CSCA must not sign
  // another state's documents).
  std::vector<std::pair<std::string, std::string>> seen;
  if (m_document_country) {
    seen.emplace_back("DG1 issuing state", *m_document_country);
  } else if (m_mrz && m_mrz->mrz) {
    seen.emplace_back("DG1 issuing state", m_mrz->mrz->issuing_state + " (no ISO alpha-2)");
  }
  if (dsc_country) {
    seen.emplace_back("DSC issuer", *dsc_country);
  } else if (dsc != nullptr) {
    seen.emplace_back("DSC issuer", "(no country)");
  }
  if (m_chain.anchor != nullptr) {
    seen.emplace_back("CSCA", m_chain.anchor->info.subject_country.value_or("(no country)"));
  }
  std::string listing;
  bool agree = true;
  for (const auto& [who, code] : seen) {
    listing += (listing.empty() ? "" : ", ") + who + " " + code;
    agree = agree && code == seen.front().second;
  }
  if (!agree) {
    add(CheckId::chip_country, Status::fail, "countries differ: " + listing);
  } else if (m_chain.anchor == nullptr || !(m_mrz && m_mrz->mrz)) {
    add(CheckId::chip_country, Status::skip,
        "not all of CSCA, DSC and DG1 are known" + (listing.empty() ? "" : " (" + listing + ")"));
  } else {
    add(CheckId::chip_country, Status::pass, "all " + seen.front().second + ": " + listing);
  }
}

void Verifier::check_data_groups() {
  const auto& sod = m_sod;
  // EF.COM is not signed; its tag list must still agree with what the SOD lists.
  if (!m_files.com) {
    add(CheckId::chip_com_tag_list, Status::skip, "no EF.COM provided");
  } else if (auto com = parse_com(*m_files.com); !com) {
    add(CheckId::chip_com_tag_list, Status::fail, "EF.COM: " + com.error().message);
  } else {
    std::set<int> listed;
    for (const auto& file : com->files) {
      if (file.kind == FileId::Kind::dg) {
        listed.insert(file.dg);
      }
    }
    std::set<int> in_sod;
    for (const auto& [dg, value] : sod.dg_hashes) {
      in_sod.insert(dg);
    }
    auto names = [](const std::set<int>& dgs) {
      std::string text;
      for (const int dg : dgs) {
        text += (text.empty() ? "DG" : " DG") + std::to_string(dg);
      }
      return text.empty() ? std::string("none") : text;
    };
    if (listed == in_sod) {
      add(CheckId::chip_com_tag_list, Status::pass, "EF.COM and the SOD list " + names(listed));
    } else {
      Check& check = add(CheckId::chip_com_tag_list, Status::fail,
                         "EF.COM's tag list differs from the SOD's data groups");
      check.expected = names(in_sod);
      check.found = names(listed);
    }
  }

  std::set<int> dgs;
  for (const auto& [dg, value] : sod.dg_hashes) {
    dgs.insert(dg);
  }
  for (const auto& [dg, value] : m_files.dgs) {
    dgs.insert(dg);
  }
  for (const int dg : dgs) {
    const auto id = static_cast<CheckId>(static_cast<int>(CheckId::chip_dg1_hash) + dg - 1);
    const std::string name = "DG" + std::to_string(dg);
    const auto file = m_files.dgs.find(dg);
    const auto listed = sod.dg_hashes.find(dg);
    std::optional<Bytes> computed;
    if (file != m_files.dgs.end() && sod.hash != nullptr) {
      computed = digest(sod.hash, file->second);
      m_report.dg_sha256.emplace(dg, hex(digest(EVP_sha256(), file->second)));
    }
    if (file == m_files.dgs.end()) {
      add(id, Status::skip, name + " is listed in the SOD but was not provided");
    } else if (listed == sod.dg_hashes.end()) {
      add(id, Status::fail, name + " is present but not listed in the SOD (data injection)");
    } else if (!computed) {
      add(id, Status::skip, name + " not checked: the SOD's hash algorithm is unsupported");
    } else {
      const bool match = *computed == listed->second;
      if (!m_report.sod_trusted) {
        add(id, Status::skip,
            name + " not judged: the SOD's signature did not verify, so its hashes prove nothing" +
                (match ? " (it does match the unverified SOD)" : " (nor does it match the SOD)"));
      } else if (match) {
        add(id, Status::pass, name + " " + detail::digest_name(sod.hash) + " matches the SOD");
      } else {
        Check& check = add(id, Status::fail,
                           name + "'s " + detail::digest_name(sod.hash) + " differs from the SOD");
        check.expected = hex(listed->second);
        check.found = hex(*computed);
      }
    }
  }
}

void Verifier::check_dg1() {
  const auto dg1 = m_files.dgs.find(1);
  if (dg1 == m_files.dgs.end()) {
    add(CheckId::chip_dg1_mrz, Status::skip, "no DG1 provided");
    add(CheckId::chip_mrz_match, Status::skip, "no DG1 provided");
    return;
  }
  if (!m_mrz) {
    add(CheckId::chip_dg1_mrz, Status::fail, "DG1: " + m_dg1_error);
  } else {
    const Verdict& verdict = m_mrz->verdict;
    if (verdict.outcome == Outcome::invalid || verdict.outcome == Outcome::error) {
      std::string first;
      for (const auto& check : verdict.checks) {
        if (check.status == Status::fail) {
          first = std::string(check_name(check.id)) + ": " + check.message;
          break;
        }
      }
      if (verdict.error) {
        first = verdict.error->message;
      }
      add(CheckId::chip_dg1_mrz, Status::fail, "DG1's MRZ fails the MRZ checks: " + first);
    } else {
      const auto warnings = std::ranges::count_if(
          verdict.checks, [](const Check& check) { return check.status == Status::warn; });
      add(CheckId::chip_dg1_mrz, Status::pass,
          warnings == 0 ? std::string("DG1's MRZ passes the MRZ checks")
                        : "DG1's MRZ passes the MRZ checks (" + std::to_string(warnings) +
                              (warnings == 1 ? " warning)" : " warnings)"));
    }
  }
  if (!m_options.printed_mrz) {
    add(CheckId::chip_mrz_match, Status::skip, "no printed MRZ given (--mrz)");
  } else if (!m_report.dg1_mrz) {
    add(CheckId::chip_mrz_match, Status::fail, "DG1 holds no readable MRZ");
  } else {
    auto flat = [](std::string_view text) {
      std::string out;
      for (const char c : text) {
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
          out += c;
        }
      }
      return out;
    };
    const std::string printed = flat(*m_options.printed_mrz);
    const std::string chip = flat(*m_report.dg1_mrz);
    if (printed == chip) {
      add(CheckId::chip_mrz_match, Status::pass, "the printed MRZ equals DG1");
    } else {
      Check& check = add(CheckId::chip_mrz_match, Status::fail, "the printed MRZ differs from DG1");
      check.expected = chip;
      check.found = printed;
    }
  }
}

void Verifier::check_authentication() {
  auto verified = [&](int dg) {
    const Check* check =
        m_report.verdict.find(static_cast<CheckId>(static_cast<int>(CheckId::chip_dg1_hash) + dg - 1));
    return check != nullptr && check->status == Status::pass;
  };
  const auto dg15 = m_files.dgs.find(15);
  const bool have_exchange = m_options.aa_challenge && m_options.aa_response;
  if (!have_exchange) {
    add(CheckId::chip_active_authentication, Status::skip,
        dg15 != m_files.dgs.end()
            ? "DG15 is present; checking AA needs the chip's response (--aa-challenge, --aa-response)"
            : "no Active Authentication data (DG15, --aa-challenge, --aa-response)");
  } else if (dg15 == m_files.dgs.end()) {
    add(CheckId::chip_active_authentication, Status::fail,
        "an AA response was given but there is no DG15 with the chip's public key");
  } else if (!verified(15)) {
    add(CheckId::chip_active_authentication, Status::fail,
        "DG15 is not verified by Passive Authentication, so its key proves nothing");
  } else {
    const auto dg14 = m_files.dgs.find(14);
    std::optional<ByteView> dg14_view;
    if (dg14 != m_files.dgs.end()) {
      dg14_view = ByteView(dg14->second);
    }
    ERR_clear_error();
    const auto result = verify_active_authentication(dg15->second, dg14_view,
                                                     *m_options.aa_challenge, *m_options.aa_response);
    ERR_clear_error();
    if (!result) {
      add(CheckId::chip_active_authentication, Status::fail, result.error().message);
    } else {
      const Status status = result->status == AaStatus::valid     ? Status::pass
                            : result->status == AaStatus::invalid ? Status::fail
                                                                  : Status::skip;
      std::string message = result->algorithm;
      if (!result->message.empty()) {
        message += (message.empty() ? "" : ": ") + result->message;
      }
      add(CheckId::chip_active_authentication, status, message);
    }
  }
  if (m_files.dgs.find(14) == m_files.dgs.end()) {
    add(CheckId::chip_chip_authentication, Status::skip, "no DG14 provided");
  } else if (!verified(14)) {
    add(CheckId::chip_chip_authentication, Status::skip,
        "DG14 is not verified by Passive Authentication");
  } else {
    add(CheckId::chip_chip_authentication, Status::pass,
        "DG14 is covered by the SOD; Chip Authentication itself needs a live chip");
  }
}

// valid only when the DG hashes, signature, signer, chain and country all passed; any fail is
// invalid; otherwise indeterminate (no CSCA of that state, no DG provided).
void Verifier::decide() {
  Verdict& verdict = m_report.verdict;
  auto ok = [&](CheckId id) {
    const Check* check = verdict.find(id);
    return check != nullptr && (check->status == Status::pass || check->status == Status::warn);
  };
  bool any_dg = false;
  for (int dg = 1; dg <= 16; ++dg) {
    const Check* check =
        verdict.find(static_cast<CheckId>(static_cast<int>(CheckId::chip_dg1_hash) + dg - 1));
    any_dg = any_dg || (check != nullptr && check->status == Status::pass);
  }
  const bool decisive = any_dg && ok(CheckId::chip_sod_signature) &&
                        ok(CheckId::chip_signer_certificate) &&
                        verdict.find(CheckId::chip_chain)->status == Status::pass &&
                        verdict.find(CheckId::chip_country)->status == Status::pass;
  const bool failed = std::ranges::any_of(
      verdict.checks, [](const Check& check) { return check.status == Status::fail; });
  verdict.outcome = failed ? Outcome::invalid : decisive ? Outcome::valid : Outcome::indeterminate;
}

Report Verifier::run() {
  if (!m_files.sod) {
    m_report.verdict =
        error_verdict(make_error(ErrorCode::malformed, "no EF.SOD among the chip files"));
    return std::move(m_report);
  }
  auto parsed = detail::parse_sod(*m_files.sod,
                                  m_cache != nullptr ? &m_cache->impl().certificates : nullptr);
  if (!parsed) {
    m_report.verdict = error_verdict(parsed.error());
    return std::move(m_report);
  }
  m_sod = std::move(*parsed);

  // DG1 first: its issuing state decides which country's CSCAs count.
  if (const auto dg1 = m_files.dgs.find(1); dg1 != m_files.dgs.end()) {
    if (auto text = dg1_mrz(dg1->second)) {
      m_report.dg1_mrz = *text;
      mrz::CheckOptions options;
      options.reference_date = to_civil(m_options.at);
      m_mrz = mrz::check(*text, options);
    } else {
      m_dg1_error = text.error().message;
    }
  }

  check_structure();
  check_signer_and_signature();
  check_chain();
  check_data_groups();
  check_dg1();
  check_authentication();
  decide();
  m_report.mrz = std::move(m_mrz);
  return std::move(m_report);
}

} // namespace

Report verify(const ChipFiles& files, const pki::TrustStore& trust, const VerifyOptions& options,
              ChainCache* cache) {
  return Verifier(files, trust, options, cache).run();
}

} // namespace mrtd::chip
