// Passive Authentication, part 2: the signer, the signed attributes and the signature.

#include "chip/detail/verifier.hpp"
#include "core/text.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>

namespace mrtd::chip::detail {

namespace {

Signer find_signer(const detail::ParsedSod& sod, const pki::TrustStore::Impl& store) {
  Signer signer;
  if (!sod.signer || (sod.signer->key_id == nullptr && sod.signer->serial == nullptr)) {
    signer.message = "the SignerInfo has no usable SignerIdentifier";
    return signer;
  }
  const SodSigner& si = *sod.signer;
  const bool by_key = si.key_id != nullptr;
  const std::string form = by_key ? "subjectKeyIdentifier" : "issuerAndSerialNumber";
  // The issuer is decoded only when no certificate carries the same issuer DER.
  std::optional<pki::detail::X509NamePtr> issuer;
  auto decoded_issuer = [&]() -> const X509_NAME* {
    if (!issuer) {
      issuer = pki::detail::decode_name(si.issuer.data(), si.issuer.size());
    }
    return issuer->get();
  };
  auto matches = [&](const X509* cert) {
    if (by_key) {
      const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(const_cast<X509*>(cert));
      return ski != nullptr && ASN1_OCTET_STRING_cmp(ski, si.key_id) == 0;
    }
    if (ASN1_INTEGER_cmp(X509_get0_serialNumber(cert), si.serial) != 0) {
      return false;
    }
    if (issuer_der_is(cert, si.issuer)) {
      return true;
    }
    const X509_NAME* name = decoded_issuer();
    return name != nullptr &&
           pki::detail::names_equal_unordered(X509_get_issuer_name(cert), name);
  };
  for (const auto& cert : sod.certificates) {
    if (matches(cert.get())) {
      signer = {cert.get(), "embedded", Status::pass,
                "the embedded DSC matches the SignerIdentifier (" + form + ")"};
      return signer;
    }
  }
  std::vector<const pki::TrustStore::Impl::Entry*> candidates;
  if (by_key) {
    candidates = store.find_by_ski(si.key_id);
  } else if (const X509_NAME* name = decoded_issuer()) {
    candidates = store.find_by_issuer_serial(name, si.serial);
  }
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

// RFC 5652 §11.1-11.3: contentType and messageDigest appear exactly once, signingTime at most
// once, each with a single value. Returns what breaks that ("2 messageDigest attributes", "the
// contentType attribute holds 2 values"), empty when nothing does.
std::vector<std::string> attribute_problems(const STACK_OF(X509_ATTRIBUTE) * attributes) {
  struct Rule {
    int nid;
    const char* name;
    bool required;
  };
  static constexpr Rule k_rules[] = {{NID_pkcs9_contentType, "contentType", true},
                                     {NID_pkcs9_messageDigest, "messageDigest", true},
                                     {NID_pkcs9_signingTime, "signingTime", false}};
  std::vector<std::string> problems;
  for (const Rule& rule : k_rules) {
    int count = 0;
    for (int pos = -1; (pos = X509at_get_attr_by_NID(attributes, rule.nid, pos)) >= 0;) {
      ++count;
      const int values = X509_ATTRIBUTE_count(X509at_get_attr(attributes, pos));
      if (values != 1) {
        problems.push_back("the " + std::string(rule.name) + " attribute holds " +
                           std::to_string(values) + " values");
      }
    }
    if (count > 1 || (count == 0 && rule.required)) {
      problems.push_back(std::to_string(count) + " " + rule.name + " attributes");
    }
  }
  return problems;
}

} // namespace

void Verifier::check_signer_and_signature() {
  auto& sod = m_sod;
  m_signer = find_signer(sod, m_store);
  add(CheckId::chip_signer_certificate, m_signer.status, m_signer.message);

  const SodSigner* si = sod.signer ? &*sod.signer : nullptr;
  const STACK_OF(X509_ATTRIBUTE)* attributes =
      si != nullptr ? si->parts.signed_attributes : nullptr;
  bool attrs_ok = false;
  if (si == nullptr) {
    add(CheckId::chip_sod_signed_attributes, Status::fail, "no SignerInfo");
  } else if (X509at_get_attr_count(attributes) < 0) {
    add(CheckId::chip_sod_signed_attributes, Status::fail,
        "the SignerInfo has no signedAttrs (Doc 9303 requires them)");
  } else if (const auto problems = attribute_problems(attributes); !problems.empty()) {
    add(CheckId::chip_sod_signed_attributes, Status::fail,
        join(problems, "; ") + ": RFC 5652 requires one single-valued contentType and messageDigest "
                           "attribute, and at most one signingTime");
  } else {
    attrs_ok = true;
    add(CheckId::chip_sod_signed_attributes, Status::pass,
        "one contentType and one messageDigest attribute");
  }

  bool type_ok = false;
  if (!attrs_ok) {
    add(CheckId::chip_sod_content_type_attribute, Status::skip, "no single contentType attribute");
  } else {
    const auto* value = static_cast<const ASN1_OBJECT*>(X509at_get0_data_by_OBJ(
        attributes, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT));
    type_ok = value != nullptr && OBJ_cmp(value, sod.econtent_type) == 0;
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
    digest_alg = si->parts.digest;
    signature_alg = si->parts.signature_algorithm;
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
    const auto* value = static_cast<const ASN1_OCTET_STRING*>(X509at_get0_data_by_OBJ(
        attributes, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
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
    const auto result = pki::detail::verify_signer_info(
        si->parts, m_signer.cert, m_cache != nullptr ? &m_cache->impl().signatures : nullptr);
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
    if (const auto time = pki::detail::signing_time(attributes)) {
      summary.signing_time = to_iso_instant(*time);
    }
    summary.signer_identifier =
        signer_identifier(*si, m_cache != nullptr ? &m_cache->impl().names : nullptr);
  }
  for (const auto& [dg, value] : sod.dg_hashes) {
    summary.dg_hashes.emplace(dg, hex(value));
  }
  m_report.sod = std::move(summary);
}

} // namespace mrtd::chip::detail
