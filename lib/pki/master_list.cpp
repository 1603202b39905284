#include "pki/master_list.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/chain.hpp"
#include "pki/detail/name.hpp"
#include "pki/detail/signature.hpp"
#include "pki/detail/store.hpp"
#include "pki/trust_store.hpp"

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <climits>
#include <utility>

// CscaMasterList (Doc 9303-12 §8.2) as an OpenSSL ASN.1 template. certList is a SET OF ANY,
// so each certificate keeps its own DER and a defective one (IT list: LT CSCAs with a raw SKI)
// costs nothing here. The macros expand to C casts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"

extern "C" {

struct MrtdCscaMasterList {
  ASN1_INTEGER* version;
  STACK_OF(ASN1_TYPE) * cert_list;
};

ASN1_SEQUENCE(MrtdCscaMasterList) = {
    ASN1_SIMPLE(MrtdCscaMasterList, version, ASN1_INTEGER),
    ASN1_SET_OF(MrtdCscaMasterList, cert_list, ASN1_ANY),
} ASN1_SEQUENCE_END(MrtdCscaMasterList)

DECLARE_ASN1_FUNCTIONS(MrtdCscaMasterList)
IMPLEMENT_ASN1_FUNCTIONS(MrtdCscaMasterList)

} // extern "C"

#pragma GCC diagnostic pop

namespace mrtd::pki {
namespace {

using CscaMasterListPtr = detail::Owned<MrtdCscaMasterList, MrtdCscaMasterList_free>;

constexpr std::size_t k_max_list_size = 256 * 1024 * 1024;
constexpr const char* k_master_list_oid = "2.23.136.1.1.2";
constexpr const char* k_signer_eku_oid = "2.23.136.1.1.3";

std::string oid_text(const ASN1_OBJECT* oid) {
  char buffer[128];
  const int n = OBJ_obj2txt(buffer, sizeof buffer, oid, 1);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(std::min(n, 127))) : std::string();
}

// Decodes `content` as a CscaMasterList into `list` (certificates and problems).
Result<bool> decode_list(ByteView content, MasterList& list) {
  if (content.empty() || content.size() > static_cast<std::size_t>(LONG_MAX)) {
    return make_error(ErrorCode::malformed, "the CscaMasterList is empty");
  }
  const unsigned char* p = content.data();
  ERR_clear_error();
  CscaMasterListPtr decoded(
      d2i_MrtdCscaMasterList(nullptr, &p, static_cast<long>(content.size())));
  if (!decoded) {
    return make_error(ErrorCode::malformed,
                      "not a CscaMasterList (SEQUENCE { version, certList SET OF Certificate }): " +
                          detail::drain_errors());
  }
  if (p != content.data() + content.size()) {
    list.problems.push_back(std::to_string(content.data() + content.size() - p) +
                            " bytes after the CscaMasterList");
  }
  std::int64_t version = -1;
  if (ASN1_INTEGER_get_int64(&version, decoded->version) != 1 || version != 0) {
    ERR_clear_error();
    list.problems.push_back("CscaMasterList version is not 0");
  }
  const int count = sk_ASN1_TYPE_num(decoded->cert_list);
  list.certificates.reserve(static_cast<std::size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) {
    const ASN1_TYPE* entry = sk_ASN1_TYPE_value(decoded->cert_list, i);
    if (entry->type != V_ASN1_SEQUENCE) {
      list.problems.push_back("certList entry " + std::to_string(i) +
                              " is not a SEQUENCE (not a certificate); skipped");
      continue;
    }
    // For a SEQUENCE, ASN1_ANY keeps the whole encoding (tag and length included).
    const unsigned char* data = ASN1_STRING_get0_data(entry->value.sequence);
    list.certificates.emplace_back(data, data + ASN1_STRING_length(entry->value.sequence));
  }
  return true;
}

std::optional<std::string> signing_time(CMS_SignerInfo* si) {
  const int pos = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (pos < 0) {
    return std::nullopt;
  }
  const auto time = detail::attribute_time(CMS_signed_get_attr(si, pos));
  return time ? std::optional(to_iso_instant(*time)) : std::nullopt;
}

// The Master List Signer: the embedded certificate the SignerIdentifier names (SKI, or
// issuer + serial with the RDNs compared as a set, pa.md §4.3), else one of the anchors, else
// the single embedded certificate. `how` says which.
const X509* find_signer(CMS_SignerInfo* si, STACK_OF(X509) * embedded, const TrustStore& anchors,
                        std::string& how) {
  ASN1_OCTET_STRING* keyid = nullptr;
  X509_NAME* issuer = nullptr;
  ASN1_INTEGER* serial = nullptr;
  if (CMS_SignerInfo_get0_signer_id(si, &keyid, &issuer, &serial) != 1) {
    ERR_clear_error();
    how = "the SignerInfo has no usable SignerIdentifier";
    return nullptr;
  }
  const bool by_key = keyid != nullptr;
  const std::string form = by_key ? "subjectKeyIdentifier" : "issuerAndSerialNumber";
  const auto matches = [&](const X509* cert) {
    if (by_key) {
      const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(const_cast<X509*>(cert));
      return ski != nullptr && ASN1_OCTET_STRING_cmp(ski, keyid) == 0;
    }
    return serial != nullptr && issuer != nullptr &&
           ASN1_INTEGER_cmp(X509_get0_serialNumber(cert), serial) == 0 &&
           detail::names_equal_unordered(X509_get_issuer_name(cert), issuer);
  };
  const int count = embedded != nullptr ? sk_X509_num(embedded) : 0;
  for (int i = 0; i < count; ++i) {
    const X509* cert = sk_X509_value(embedded, i);
    if (matches(cert)) {
      how = "embedded, matched by " + form;
      return cert;
    }
  }
  const auto& store = anchors.impl();
  const auto found = by_key ? store.find_by_ski(keyid) : store.find_by_issuer_serial(issuer, serial);
  if (!found.empty()) {
    how = "from the trust anchors (" + found.front()->provenance.source + "), matched by " + form;
    return found.front()->cert.get();
  }
  if (count == 1) {
    how = "the single embedded certificate (the " + form + " does not match it)";
    return sk_X509_value(embedded, 0);
  }
  how = "no embedded certificate matches the SignerIdentifier (" + form + ")";
  return nullptr;
}

bool has_signer_purpose(const X509* signer) {
  auto* usages = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(signer, NID_ext_key_usage, nullptr, nullptr));
  ERR_clear_error();
  if (usages == nullptr) {
    return false;
  }
  bool found = false;
  for (int i = 0; i < sk_ASN1_OBJECT_num(usages); ++i) {
    found = found || oid_text(sk_ASN1_OBJECT_value(usages, i)) == k_signer_eku_oid;
  }
  EXTENDED_KEY_USAGE_free(usages);
  return found;
}

// messageDigest = hash(eContent) with the SignerInfo's digestAlgorithm (RFC 5652 §5.4): the
// signature covers only the signed attributes, so this is what ties it to the list.
std::string check_message_digest(CMS_SignerInfo* si, ByteView content) {
  X509_ALGOR* digest = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, nullptr);
  const EVP_MD* md = digest != nullptr ? detail::digest_for(digest->algorithm) : nullptr;
  if (md == nullptr) {
    return "unsupported digestAlgorithm";
  }
  const auto* expected = static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
      si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  ERR_clear_error();
  if (expected == nullptr) {
    return "no single messageDigest signed attribute";
  }
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(content.data(), content.size(), hash, &size, md, nullptr) != 1) {
    ERR_clear_error();
    return "cannot hash the eContent";
  }
  if (static_cast<int>(size) != ASN1_STRING_length(expected) ||
      !std::equal(hash, hash + size, ASN1_STRING_get0_data(expected))) {
    return "messageDigest does not match the eContent (the list was altered)";
  }
  return {};
}

std::string validity_note(const CertificateInfo& signer, UnixTime at) {
  const std::string range =
      to_iso(to_civil(signer.not_before)) + ".." + to_iso(to_civil(signer.not_after));
  if (at < signer.not_before) {
    return "signer not yet valid at " + to_iso_instant(at) + " (valid " + range + ")";
  }
  if (at > signer.not_after) {
    return "signer expired at " + to_iso_instant(at) + " (valid " + range + ")";
  }
  return "signer valid at " + to_iso_instant(at) + " (valid " + range + ")";
}

// The list's own CA certificates that may anchor the signer: those of `country`, or (no
// country) those whose subject is the signer's issuer. Only these are decoded.
TrustStore own_anchors(const MasterList& list, STACK_OF(X509) * embedded, const X509* signer,
                       const std::string& country) {
  TrustStore store;
  const auto consider = [&](const X509* cert, ByteView der, const char* source) {
    const auto subject_country = detail::name_country(X509_get_subject_name(cert));
    const bool relevant =
        country.empty()
            ? detail::names_equal_unordered(X509_get_subject_name(cert),
                                            X509_get_issuer_name(signer))
            : subject_country && *subject_country == country;
    if (relevant) {
      (void)store.add(der, source);
    }
  };
  for (const Bytes& der : list.certificates) {
    if (const auto cert = detail::parse_der_certificate(der)) {
      consider(cert.get(), der, "the master list's certList");
    }
  }
  const int count = embedded != nullptr ? sk_X509_num(embedded) : 0;
  for (int i = 0; i < count; ++i) {
    const X509* cert = sk_X509_value(embedded, i);
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert, &der);
    if (size > 0) {
      consider(cert, ByteView(der, static_cast<std::size_t>(size)),
               "the master list's SignedData certificates");
    }
    OPENSSL_free(der);
  }
  ERR_clear_error();
  return store;
}

std::string join(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) {
    text += text.empty() ? "" : "; ";
    text += part;
  }
  return text;
}

// Judges the signature of a signed list; `list.certificates` is already filled.
void verify_list(CMS_ContentInfo* cms, ByteView content, const TrustStore& anchors, UnixTime at,
                 MasterList& list) {
  STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms);
  const int signer_count = signers != nullptr ? sk_CMS_SignerInfo_num(signers) : 0;
  if (signer_count == 0) {
    list.signature = ListSignature::invalid;
    list.signature_message = "the SignedData has no SignerInfo";
    return;
  }
  if (signer_count > 1) {
    list.problems.push_back(std::to_string(signer_count) +
                            " SignerInfos; only the first is verified");
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(signers, 0);
  list.signing_time = signing_time(si);

  const detail::X509StackPtr embedded(CMS_get1_certs(cms));
  ERR_clear_error();
  std::string how;
  const X509* signer = find_signer(si, embedded.get(), anchors, how);
  if (signer == nullptr) {
    list.signature = ListSignature::invalid;
    list.signature_message = "Master List Signer not found: " + how;
    return;
  }
  list.signer = detail::describe(signer);
  const auto issuer_country = detail::name_country(X509_get_issuer_name(signer));
  list.country = issuer_country ? issuer_country : list.signer->subject_country;
  const std::string country = list.country.value_or("");

  std::vector<std::string> failures;
  std::vector<std::string> notes{"signer " + list.signer->subject + " (" + how + ")"};
  if (!has_signer_purpose(signer)) {
    failures.emplace_back("the signer's extendedKeyUsage lacks id-icao-cscaMasterListSigningKey "
                          "(2.23.136.1.1.3)");
  }
  if (const std::string digest = check_message_digest(si, content); !digest.empty()) {
    failures.push_back(digest);
  }
  const detail::SignatureResult signature = detail::verify_signer_info(si, signer);
  if (!signature.valid) {
    failures.push_back(signature.algorithm + ": " + signature.message);
  } else {
    notes.push_back(signature.algorithm + " signature valid" +
                    (signature.quirk ? " (" + signature.message + ")" : std::string()));
  }
  notes.push_back(validity_note(*list.signer, at));

  // The anchors decide when they hold a CA of the publishing state: a list cannot vouch for
  // itself against them (the DE 2024 list carries the rolled-over CSCA that signed it). Only
  // when they hold none is the list's own CSCA used, which proves consistency, not origin.
  const bool external = !country.empty() && anchors.has_ca_for_country(country);
  TrustStore own;
  if (!external) {
    own = own_anchors(list, embedded.get(), signer, country);
  }
  const TrustStore& store = external ? anchors : own;
  const detail::ChainResult chain = detail::validate_chain(signer, store.impl(), country, at);
  bool unanchored = false;
  switch (chain.state) {
  case detail::ChainState::verified:
    list.anchor = chain.anchor->info;
    if (external) {
      notes.push_back("chains to a trust anchor: " + chain.message);
    } else {
      list.anchored_in_list = true;
      notes.push_back("self-consistent: anchored in the list's own CSCA, " + chain.message +
                      "; no CSCA of " + (country.empty() ? std::string("that state") : country) +
                      " among the trust anchors");
    }
    break;
  case detail::ChainState::no_anchor:
    unanchored = true;
    notes.push_back("no CSCA of " + (country.empty() ? std::string("the signer's issuer") : country) +
                    " in the list or the trust anchors: " + chain.message);
    break;
  case detail::ChainState::not_trusted:
    failures.push_back("the signer does not chain to a CSCA of " +
                       (external ? std::string("the trust anchors") : std::string("the list")) +
                       ": " + chain.message);
    break;
  }

  if (!failures.empty()) {
    list.signature = ListSignature::invalid;
    list.signature_message = join(failures) + "; " + join(notes);
  } else if (unanchored) {
    list.signature = ListSignature::unverified;
    list.signature_message = join(notes);
  } else {
    list.signature = signature.quirk ? ListSignature::tolerated : ListSignature::verified;
    list.signature_message = join(notes);
  }
}

} // namespace

const char* to_string(ListSignature signature) noexcept {
  switch (signature) {
  case ListSignature::verified: return "verified";
  case ListSignature::tolerated: return "tolerated";
  case ListSignature::unverified: return "unverified";
  case ListSignature::invalid: return "invalid";
  }
  return "invalid";
}

Result<MasterList> read_master_list(ByteView der, const TrustStore& anchors, UnixTime at) {
  if (der.empty()) {
    return make_error(ErrorCode::malformed, "the master list is empty", 0);
  }
  if (der.size() > k_max_list_size) {
    return make_error(ErrorCode::limit_exceeded, "the master list is larger than 256 MiB");
  }
  // ContentInfo and a bare CscaMasterList are both SEQUENCEs: the first element tells them
  // apart (contentType OID vs version INTEGER).
  const unsigned char* p = der.data();
  long length = 0;
  int tag = 0;
  int xclass = 0;
  ERR_clear_error();
  const int info = ASN1_get_object(&p, &length, &tag, &xclass, static_cast<long>(der.size()));
  if ((info & 0x80) != 0 || tag != V_ASN1_SEQUENCE || xclass != V_ASN1_UNIVERSAL ||
      (info & V_ASN1_CONSTRUCTED) == 0 || p >= der.data() + der.size()) {
    detail::drain_errors();
    return make_error(ErrorCode::malformed,
                      "not a master list: neither a CMS ContentInfo nor a CscaMasterList", 0);
  }
  MasterList list;
  if (*p == V_ASN1_INTEGER) {
    if (auto decoded = decode_list(der, list); !decoded) {
      return decoded.error();
    }
    list.signature = ListSignature::unverified;
    list.signature_message =
        "a bare CscaMasterList without CMS signature: the certificates cannot be authenticated";
    return list;
  }

  ERR_clear_error();
  p = der.data();
  detail::CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  if (!cms) {
    return make_error(ErrorCode::malformed,
                      "not a CMS ContentInfo: " + detail::drain_errors(), 0);
  }
  if (p != der.data() + der.size()) {
    list.problems.push_back(std::to_string(der.data() + der.size() - p) +
                            " bytes after the ContentInfo");
  }
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    return make_error(ErrorCode::malformed, "the ContentInfo is not SignedData");
  }
  const std::string content_type = oid_text(CMS_get0_eContentType(cms.get()));
  ASN1_OCTET_STRING** econtent = CMS_get0_content(cms.get());
  if (econtent == nullptr || *econtent == nullptr) {
    return make_error(ErrorCode::malformed, "the SignedData has no eContent (detached)");
  }
  const ByteView content(ASN1_STRING_get0_data(*econtent),
                         static_cast<std::size_t>(ASN1_STRING_length(*econtent)));
  if (auto decoded = decode_list(content, list); !decoded) {
    return make_error(ErrorCode::malformed, "eContent (" + content_type +
                                                "): " + decoded.error().message);
  }
  if (content_type != k_master_list_oid) {
    list.problems.push_back("eContentType is " + content_type +
                            ", not id-icao-cscaMasterList (2.23.136.1.1.2)");
  }
  verify_list(cms.get(), content, anchors, at, list);
  ERR_clear_error();
  return list;
}

} // namespace mrtd::pki
