#include "pki/detail/signature.hpp"

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <climits>
#include <ctime>
#include <iterator>
#include <vector>

namespace mrtd::pki::detail {
namespace {

// signedAttrs as CMS_SignerInfo_verify hashes them: a DER SET OF Attribute, sorted (RFC 5652
// §5.4), defined as OpenSSL's own CMS_Attributes_Verify template.
ASN1_ITEM_TEMPLATE(MrtdSignedAttributes) = ASN1_EX_TEMPLATE_TYPE(
    ASN1_TFLG_SET_ORDER, V_ASN1_SET, MrtdSignedAttributes, X509_ATTRIBUTE)
ASN1_ITEM_TEMPLATE_END(MrtdSignedAttributes)

const char* digest_label(int nid) {
  switch (nid) {
  case NID_sha1: return "SHA-1";
  case NID_sha224: return "SHA-224";
  case NID_sha256: return "SHA-256";
  case NID_sha384: return "SHA-384";
  case NID_sha512: return "SHA-512";
  default: return nullptr;
  }
}

std::string object_label(const ASN1_OBJECT* object) {
  if (const char* label = digest_label(OBJ_obj2nid(object))) {
    return label;
  }
  char buffer[128];
  const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 0);
  return length > 0 ? std::string(buffer) : std::string("unknown");
}

// "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)" from the AlgorithmIdentifier's parameters,
// with the RFC 4055 defaults (SHA-1, MGF1-SHA-1, salt 20) where a field is absent.
std::string describe_pss(const X509_ALGOR* signature) {
  auto* params = static_cast<RSA_PSS_PARAMS*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS), signature->parameter));
  if (params == nullptr) {
    ERR_clear_error();
    return "RSASSA-PSS (parameters missing or malformed)";
  }
  const std::string hash =
      params->hashAlgorithm != nullptr ? object_label(params->hashAlgorithm->algorithm) : "SHA-1";
  std::string mgf = "MGF1-SHA-1";
  if (params->maskGenAlgorithm != nullptr) {
    if (OBJ_obj2nid(params->maskGenAlgorithm->algorithm) != NID_mgf1) {
      mgf = object_label(params->maskGenAlgorithm->algorithm);
    } else if (auto* mask = static_cast<X509_ALGOR*>(ASN1_TYPE_unpack_sequence(
                   ASN1_ITEM_rptr(X509_ALGOR), params->maskGenAlgorithm->parameter))) {
      mgf = "MGF1-" + object_label(mask->algorithm);
      X509_ALGOR_free(mask);
    } else {
      mgf = "MGF1-?";
    }
  }
  const long salt = params->saltLength != nullptr ? ASN1_INTEGER_get(params->saltLength) : 20;
  RSA_PSS_PARAMS_free(params);
  ERR_clear_error();
  return "RSASSA-PSS (" + hash + ", " + mgf + ", salt " + std::to_string(salt) + ")";
}

std::string describe_algorithm(const X509_ALGOR* digest, const X509_ALGOR* signature) {
  const int nid = OBJ_obj2nid(signature->algorithm);
  if (nid == NID_rsassaPss) {
    return describe_pss(signature);
  }
  if (nid == NID_rsaEncryption) {
    return "rsaEncryption with " + object_label(digest->algorithm);
  }
  return object_label(signature->algorithm);
}

// True for signature algorithms that mean RSA PKCS#1 v1.5 (rsaEncryption, sha*WithRSAEncryption).
bool is_rsa_v15(const X509_ALGOR* signature) {
  const int nid = OBJ_obj2nid(signature->algorithm);
  int digest_nid = NID_undef;
  int key_nid = NID_undef;
  return nid == NID_rsaEncryption ||
         (OBJ_find_sigid_algs(nid, &digest_nid, &key_nid) == 1 && key_nid == NID_rsaEncryption);
}

std::vector<unsigned char> encode_signed_attributes(const STACK_OF(X509_ATTRIBUTE) * attributes) {
  std::vector<unsigned char> der;
  unsigned char* out = nullptr;
  const int length =
      ASN1_item_i2d(reinterpret_cast<const ASN1_VALUE*>(attributes), &out,
                    ASN1_ITEM_rptr(MrtdSignedAttributes));
  if (length > 0) {
    der.assign(out, out + length);
  }
  OPENSSL_free(out);
  return der;
}

// The attribute rules CMS_SignerInfo_verify enforces before the signature (RFC 5652 §11,
// RFC 2634 §1.3.4, RFC 5035 §5.4): contentType and messageDigest are signed, required once
// there are signed attributes; they, signingTime and the ESS signingCertificate(V2) and
// receiptRequest occur at most once, signed only, with one value each; countersignature is
// unsigned only. Every attribute present holds at least one value. "" when all hold.
std::string attribute_rule_problem(const STACK_OF(X509_ATTRIBUTE) * signed_attributes,
                                   const STACK_OF(X509_ATTRIBUTE) * unsigned_attributes) {
  struct Rule {
    int nid;
    const char* name;
    bool is_signed;   // allowed among the signed attributes (else unsigned only)
    bool single;      // at most once, with exactly one value
    bool required;    // required among the signed attributes when there are any
  };
  static constexpr Rule k_rules[] = {
      {NID_pkcs9_contentType, "contentType", true, true, true},
      {NID_pkcs9_messageDigest, "messageDigest", true, true, true},
      {NID_pkcs9_signingTime, "signingTime", true, true, false},
      {NID_pkcs9_countersignature, "countersignature", false, false, false},
      {NID_id_smime_aa_signingCertificate, "signingCertificate", true, true, false},
      {NID_id_smime_aa_signingCertificateV2, "signingCertificateV2", true, true, false},
      {NID_id_smime_aa_receiptRequest, "receiptRequest", true, true, false},
  };
  for (const Rule& rule : k_rules) {
    for (const bool among_signed : {true, false}) {
      const auto* attributes = among_signed ? signed_attributes : unsigned_attributes;
      const char* where = among_signed ? "signed" : "unsigned";
      const int first = X509at_get_attr_by_NID(attributes, rule.nid, -1);
      if (first < 0) {
        if (among_signed && rule.required && X509at_get_attr_count(attributes) > 0) {
          return std::string("no ") + rule.name + " signed attribute";
        }
        continue;
      }
      const int values = X509_ATTRIBUTE_count(X509at_get_attr(attributes, first));
      if (rule.is_signed != among_signed) {
        return std::string(rule.name) + " as an " + where + " attribute";
      }
      if (rule.single && X509at_get_attr_by_NID(attributes, rule.nid, first) >= 0) {
        return std::string("more than one ") + rule.name + " attribute";
      }
      if ((rule.single && values != 1) || values == 0) {
        return std::string("the ") + rule.name + " attribute holds " + std::to_string(values) +
               " values";
      }
    }
  }
  return {};
}

// Applies RSASSA-PSS parameters (RFC 4055 §3.1) to a verification context whose digest is
// `md`: the parameters' hash must be `md`, the mask MGF1 with a SHA-1/SHA-2 hash, the salt
// length not negative and the trailer field 1. Absent fields take the RFC defaults (SHA-1,
// MGF1-SHA-1, 20, 1). "" on success, else what is wrong.
std::string apply_pss_parameters(EVP_PKEY_CTX* ctx, const X509_ALGOR* signature, const EVP_MD* md) {
  auto* params = static_cast<RSA_PSS_PARAMS*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS), signature->parameter));
  if (params == nullptr) {
    return "RSASSA-PSS parameters missing or malformed";
  }
  const Owned<RSA_PSS_PARAMS, RSA_PSS_PARAMS_free> owned(params);
  const EVP_MD* hash =
      params->hashAlgorithm != nullptr ? digest_for(params->hashAlgorithm->algorithm)
                                       : fetched_digest(NID_sha1);
  if (hash == nullptr || EVP_MD_get_type(hash) != EVP_MD_get_type(md)) {
    return "the RSASSA-PSS hash differs from the digestAlgorithm";
  }
  const EVP_MD* mask_hash = fetched_digest(NID_sha1);
  if (params->maskGenAlgorithm != nullptr) {
    if (OBJ_obj2nid(params->maskGenAlgorithm->algorithm) != NID_mgf1) {
      return "the RSASSA-PSS mask generation function is not MGF1";
    }
    Owned<X509_ALGOR, X509_ALGOR_free> mask(static_cast<X509_ALGOR*>(ASN1_TYPE_unpack_sequence(
        ASN1_ITEM_rptr(X509_ALGOR), params->maskGenAlgorithm->parameter)));
    mask_hash = mask ? digest_for(mask->algorithm) : nullptr;
    if (mask_hash == nullptr) {
      return "the RSASSA-PSS MGF1 hash is missing or unsupported";
    }
  }
  const long salt = params->saltLength != nullptr ? ASN1_INTEGER_get(params->saltLength) : 20;
  if (salt < 0 || salt > INT_MAX) {
    return "the RSASSA-PSS salt length is invalid";
  }
  if (params->trailerField != nullptr && ASN1_INTEGER_get(params->trailerField) != 1) {
    return "the RSASSA-PSS trailer field is not 1";
  }
  if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, static_cast<int>(salt)) <= 0 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, mask_hash) <= 0) {
    return "the RSASSA-PSS parameters are not usable with this key";
  }
  return {};
}

// Sets `ctx` (initialised for `key` and digestAlgorithm `md`) up for the signatureAlgorithm as
// CMS does: an RSA key takes rsaEncryption, sha*WithRSAEncryption (the hash stays
// digestAlgorithm's) or RSASSA-PSS; an EC or DSA key signs with ECDSA/DSA whatever the OID.
// "" on success, else why the pair cannot be verified.
std::string configure(EVP_PKEY_CTX* ctx, EVP_PKEY* key, const X509_ALGOR* signature,
                      const EVP_MD* md) {
  if (EVP_PKEY_is_a(key, "EC") || EVP_PKEY_is_a(key, "DSA")) {
    return {};
  }
  if (!EVP_PKEY_is_a(key, "RSA") && !EVP_PKEY_is_a(key, "RSA-PSS")) {
    return "unsupported signer key type";
  }
  const int nid = OBJ_obj2nid(signature->algorithm);
  if (nid == NID_rsassaPss) {
    return apply_pss_parameters(ctx, signature, md);
  }
  if (is_rsa_v15(signature)) {
    return {};
  }
  return "the signatureAlgorithm is not an RSA algorithm, but the key is RSA";
}

// A context verifying `signature`-algorithm signatures of digests `md` with `key`; nullptr
// with `problem` set when the combination cannot be verified.
EvpPkeyCtxPtr make_context(EVP_PKEY* key, const EVP_MD* md, const X509_ALGOR* signature,
                           std::string& problem) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1) {
    problem = "the key cannot verify with " + std::string(digest_label(EVP_MD_get_type(md)));
    return nullptr;
  }
  problem = configure(ctx.get(), key, signature, md);
  return problem.empty() ? std::move(ctx) : nullptr;
}

// The pool key of make_context(key, md, signature): the key's address (kept by the pooled
// contexts' references), the digest, the signature OID and, when a SEQUENCE (PSS), the
// parameters' DER.
std::string context_key(const EVP_PKEY* key, const EVP_MD* md, const X509_ALGOR* signature) {
  std::string id(reinterpret_cast<const char*>(&key), sizeof key);
  const int nid = EVP_MD_get_type(md);
  id.append(reinterpret_cast<const char*>(&nid), sizeof nid);
  const ASN1_OBJECT* oid = nullptr;
  int type = V_ASN1_UNDEF;
  const void* value = nullptr;
  X509_ALGOR_get0(&oid, &type, &value, signature);
  const auto oid_size = static_cast<std::size_t>(OBJ_length(oid));
  id.append(reinterpret_cast<const char*>(&oid_size), sizeof oid_size);
  id.append(reinterpret_cast<const char*>(OBJ_get0_data(oid)), oid_size);
  id.append(reinterpret_cast<const char*>(&type), sizeof type);
  if (type == V_ASN1_SEQUENCE && value != nullptr) {
    const auto* parameters = static_cast<const ASN1_STRING*>(value);
    id.append(reinterpret_cast<const char*>(ASN1_STRING_get0_data(parameters)),
              static_cast<std::size_t>(ASN1_STRING_length(parameters)));
  }
  return id;
}

// DigestInfo ::= SEQUENCE { SEQUENCE { OID }, OCTET STRING } - the AlgorithmIdentifier
// without its NULL parameter, as some signers (ICAO master list 2023-09) produce it.
std::vector<unsigned char> digest_info_without_null(const EVP_MD* md, const unsigned char* hash,
                                                    std::size_t hash_size) {
  unsigned char* oid = nullptr;
  const int oid_length = i2d_ASN1_OBJECT(OBJ_nid2obj(EVP_MD_get_type(md)), &oid);
  if (oid_length <= 0) {
    return {};
  }
  const auto oid_size = static_cast<std::size_t>(oid_length);
  // Every length is below 128 for the SHA-2 digests, so each fits one length octet.
  std::vector<unsigned char> info;
  info.reserve(6 + oid_size + hash_size);
  info.push_back(0x30);
  info.push_back(static_cast<unsigned char>(4 + oid_size + hash_size));
  info.push_back(0x30);
  info.push_back(static_cast<unsigned char>(oid_size));
  std::copy_n(oid, oid_size, std::back_inserter(info));
  info.push_back(0x04);
  info.push_back(static_cast<unsigned char>(hash_size));
  std::copy_n(hash, hash_size, std::back_inserter(info));
  OPENSSL_free(oid);
  return info;
}

// Recovers the PKCS#1 v1.5 payload and compares it with the NULL-less DigestInfo over the
// DER signed attributes `attributes`.
bool verifies_without_null(const SignerInfoParts& si, EVP_PKEY* key, const EVP_MD* md,
                           const std::vector<unsigned char>& attributes) {
  if (si.signature == nullptr || !EVP_PKEY_is_a(key, "RSA")) {
    return false;
  }
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int hash_size = 0;
  if (attributes.empty() ||
      EVP_Digest(attributes.data(), attributes.size(), hash, &hash_size, md, nullptr) != 1) {
    return false;
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
  std::vector<unsigned char> recovered(static_cast<std::size_t>(EVP_PKEY_get_size(key)));
  std::size_t recovered_size = recovered.size();
  if (!ctx || EVP_PKEY_verify_recover_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_verify_recover(ctx.get(), recovered.data(), &recovered_size,
                              ASN1_STRING_get0_data(si.signature),
                              static_cast<std::size_t>(ASN1_STRING_length(si.signature))) != 1) {
    return false;
  }
  recovered.resize(recovered_size);
  return recovered == digest_info_without_null(md, hash, hash_size);
}

void free_borrowed_attributes(STACK_OF(X509_ATTRIBUTE) * attributes) noexcept {
  sk_X509_ATTRIBUTE_free(attributes); // the attributes themselves stay with their owner
}
using BorrowedAttributes = Owned<STACK_OF(X509_ATTRIBUTE), free_borrowed_attributes>;

// A stack borrowing the attributes `get(si, i)` for i < `count` (nullptr when count < 0,
// i.e. the attributes are absent).
template <typename Get>
BorrowedAttributes borrow_attributes(CMS_SignerInfo* si, int count, Get get) {
  if (count < 0) {
    return nullptr;
  }
  BorrowedAttributes attributes(sk_X509_ATTRIBUTE_new_null());
  for (int i = 0; attributes && i < count; ++i) {
    if (sk_X509_ATTRIBUTE_push(attributes.get(), get(si, i)) <= 0) {
      attributes.reset();
    }
  }
  return attributes;
}

} // namespace

const EVP_MD* digest_for(const ASN1_OBJECT* oid) {
  return fetched_digest(OBJ_obj2nid(oid));
}

const EVP_MD* fetched_digest(int nid) {
  struct Fetched {
    EvpMdPtr sha1, sha224, sha256, sha384, sha512;
  };
  // A function-local static: initialised once, race-free (C++11 magic statics), freed at exit.
  static const Fetched fetched = [] {
    auto fetch = [](const char* name) {
      ERR_set_mark(); // a failed fetch falls back below; it leaves no error behind
      EvpMdPtr md(EVP_MD_fetch(nullptr, name, nullptr));
      ERR_pop_to_mark();
      return md;
    };
    return Fetched{fetch("SHA1"), fetch("SHA2-224"), fetch("SHA2-256"), fetch("SHA2-384"),
                   fetch("SHA2-512")};
  }();
  auto pick = [](const EvpMdPtr& md, const EVP_MD* legacy) {
    return md ? static_cast<const EVP_MD*>(md.get()) : legacy;
  };
  switch (nid) {
  case NID_sha1: return pick(fetched.sha1, EVP_sha1());
  case NID_sha224: return pick(fetched.sha224, EVP_sha224());
  case NID_sha256: return pick(fetched.sha256, EVP_sha256());
  case NID_sha384: return pick(fetched.sha384, EVP_sha384());
  case NID_sha512: return pick(fetched.sha512, EVP_sha512());
  default: return nullptr;
  }
}

EvpPkeyCtxPtr VerifyContextPool::take(const std::string& key) {
  const std::lock_guard lock(m_mutex);
  const auto found = m_idle.find(key);
  if (found == m_idle.end() || found->second.empty()) {
    return nullptr;
  }
  EvpPkeyCtxPtr context = std::move(found->second.back());
  found->second.pop_back();
  return context;
}

void VerifyContextPool::give_back(const std::string& key, EvpPkeyCtxPtr context) {
  constexpr std::size_t k_max_keys = 1024;
  constexpr std::size_t k_max_per_key = 16; // more than the workers of a batch
  const std::lock_guard lock(m_mutex);
  if (m_idle.size() >= k_max_keys && !m_idle.contains(key)) {
    m_idle.clear();
  }
  auto& idle = m_idle[key];
  if (idle.size() < k_max_per_key) {
    idle.push_back(std::move(context));
  }
}

SignatureResult verify_signer_info(const SignerInfoParts& si, const X509* signer,
                                   VerifyContextPool* pool) {
  SignatureResult result;
  if (si.digest == nullptr || si.signature_algorithm == nullptr || si.signature == nullptr) {
    result.message = "SignerInfo without digest or signature algorithm";
    return result;
  }
  result.algorithm = describe_algorithm(si.digest, si.signature_algorithm);
  if (X509at_get_attr_count(si.signed_attributes) <= 0) {
    result.message = "SignerInfo has no signedAttrs; Doc 9303-10 requires them, not verified";
    return result;
  }
  EVP_PKEY* key = signer != nullptr ? X509_get0_pubkey(signer) : nullptr;
  if (key == nullptr) {
    ERR_clear_error();
    result.message = "the signer certificate's public key is unreadable";
    return result;
  }
  if (const std::string problem =
          attribute_rule_problem(si.signed_attributes, si.unsigned_attributes);
      !problem.empty()) {
    result.message = "the attributes break RFC 5652's rules: " + problem;
    return result;
  }
  const EVP_MD* md = digest_for(si.digest->algorithm);
  if (md == nullptr) {
    result.message = "unsupported digestAlgorithm (SHA-1 and SHA-2 only)";
    return result;
  }
  const std::vector<unsigned char> attributes = encode_signed_attributes(si.signed_attributes);
  if (attributes.empty()) {
    ERR_clear_error();
    result.message = "the signed attributes do not re-encode";
    return result;
  }

  ERR_clear_error();
  // The algorithm comes from the SignerInfo: the DER signedAttrs hashed with digestAlgorithm,
  // the signature checked as signatureAlgorithm says (PSS parameters included).
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int hash_size = 0;
  std::string problem;
  int verified = 0;
  const std::string id = pool != nullptr ? context_key(key, md, si.signature_algorithm) : "";
  EvpPkeyCtxPtr ctx = pool != nullptr ? pool->take(id) : nullptr;
  if (!ctx) {
    ctx = make_context(key, md, si.signature_algorithm, problem);
  }
  if (ctx) {
    if (EVP_Digest(attributes.data(), attributes.size(), hash, &hash_size, md, nullptr) != 1) {
      problem = "the signed attributes could not be hashed";
    } else {
      verified = EVP_PKEY_verify(ctx.get(), ASN1_STRING_get0_data(si.signature),
                                 static_cast<std::size_t>(ASN1_STRING_length(si.signature)),
                                 hash, hash_size);
    }
    if (pool != nullptr) {
      pool->give_back(id, std::move(ctx));
    }
  }
  if (verified == 1) {
    ERR_clear_error();
    result.valid = true;
    return result;
  }
  const std::string errors = drain_errors();
  if (problem.empty() && is_rsa_v15(si.signature_algorithm) &&
      verifies_without_null(si, key, md, attributes)) {
    ERR_clear_error();
    result.valid = true;
    result.quirk = true;
    result.message = "RSA DigestInfo without NULL parameter (tolerated)";
    return result;
  }
  ERR_clear_error();
  result.message = !problem.empty()
                       ? problem
                       : "signature does not verify with the signer's key" +
                             (errors.empty() ? std::string() : " (" + errors + ")");
  return result;
}

SignatureResult verify_signer_info(CMS_SignerInfo* si, const X509* signer,
                                   VerifyContextPool* pool) {
  SignerInfoParts parts;
  X509_ALGOR* digest = nullptr;
  X509_ALGOR* signature = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, &signature);
  parts.digest = digest;
  parts.signature_algorithm = signature;
  parts.signature = CMS_SignerInfo_get0_signature(si);
  const BorrowedAttributes signed_attributes =
      borrow_attributes(si, CMS_signed_get_attr_count(si), CMS_signed_get_attr);
  const BorrowedAttributes unsigned_attributes =
      borrow_attributes(si, CMS_unsigned_get_attr_count(si), CMS_unsigned_get_attr);
  parts.signed_attributes = signed_attributes.get();
  parts.unsigned_attributes = unsigned_attributes.get();
  return verify_signer_info(parts, signer, pool);
}

std::optional<UnixTime> attribute_time(const X509_ATTRIBUTE* attribute) {
  const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(const_cast<X509_ATTRIBUTE*>(attribute), 0);
  if (value == nullptr ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    return std::nullopt;
  }
  std::tm fields{};
  if (ASN1_TIME_to_tm(value->value.utctime, &fields) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  const CivilDate date{fields.tm_year + 1900, fields.tm_mon + 1, fields.tm_mday};
  if (!is_valid_date(date.year, date.month, date.day)) {
    return std::nullopt;
  }
  return to_unix_time(date) + fields.tm_hour * 3600 + fields.tm_min * 60 + fields.tm_sec;
}

std::optional<UnixTime> signing_time(const STACK_OF(X509_ATTRIBUTE) * signed_attributes) {
  const int pos = X509at_get_attr_by_NID(signed_attributes, NID_pkcs9_signingTime, -1);
  if (pos < 0) {
    return std::nullopt;
  }
  return attribute_time(X509at_get_attr(signed_attributes, pos));
}

} // namespace mrtd::pki::detail
