#include "pki/detail/signature.hpp"

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <algorithm>
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

std::vector<unsigned char> encode_signed_attributes(CMS_SignerInfo* si) {
  std::vector<unsigned char> der;
  STACK_OF(X509_ATTRIBUTE)* attributes = sk_X509_ATTRIBUTE_new_null();
  if (attributes == nullptr) {
    return der;
  }
  const int count = CMS_signed_get_attr_count(si);
  for (int i = 0; i < count; ++i) {
    sk_X509_ATTRIBUTE_push(attributes, CMS_signed_get_attr(si, i)); // borrowed
  }
  unsigned char* out = nullptr;
  const int length = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attributes), &out,
                                   ASN1_ITEM_rptr(MrtdSignedAttributes));
  sk_X509_ATTRIBUTE_free(attributes); // the attributes stay owned by `si`
  if (length > 0) {
    der.assign(out, out + length);
  }
  OPENSSL_free(out);
  return der;
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

// Recovers the PKCS#1 v1.5 payload and compares it with the NULL-less DigestInfo.
bool verifies_without_null(CMS_SignerInfo* si, EVP_PKEY* key, const X509_ALGOR* digest) {
  const EVP_MD* md = digest_for(digest->algorithm);
  ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
  if (md == nullptr || signature == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    return false;
  }
  const std::vector<unsigned char> attributes = encode_signed_attributes(si);
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
                              ASN1_STRING_get0_data(signature),
                              static_cast<std::size_t>(ASN1_STRING_length(signature))) != 1) {
    return false;
  }
  recovered.resize(recovered_size);
  return recovered == digest_info_without_null(md, hash, hash_size);
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

SignatureResult verify_signer_info(CMS_SignerInfo* si, const X509* signer) {
  SignatureResult result;
  X509_ALGOR* digest = nullptr;
  X509_ALGOR* signature = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, &signature);
  if (digest == nullptr || signature == nullptr) {
    result.message = "SignerInfo without digest or signature algorithm";
    return result;
  }
  result.algorithm = describe_algorithm(digest, signature);
  if (CMS_signed_get_attr_count(si) <= 0) {
    result.message = "SignerInfo has no signedAttrs; Doc 9303-10 requires them, not verified";
    return result;
  }
  if (signer == nullptr || X509_get0_pubkey(signer) == nullptr) {
    ERR_clear_error();
    result.message = "the signer certificate's public key is unreadable";
    return result;
  }

  ERR_clear_error();
  // The algorithm comes from the SignerInfo: CMS_SignerInfo_verify hashes the re-encoded
  // signedAttrs with digestAlgorithm and applies signatureAlgorithm (PSS parameters included).
  CMS_SignerInfo_set1_signer_cert(si, const_cast<X509*>(signer));
  if (CMS_SignerInfo_verify(si) == 1) {
    result.valid = true;
    return result;
  }
  const std::string errors = drain_errors();

  if (is_rsa_v15(signature) &&
      verifies_without_null(si, X509_get0_pubkey(signer), digest)) {
    ERR_clear_error();
    result.valid = true;
    result.quirk = true;
    result.message = "RSA DigestInfo without NULL parameter (tolerated)";
    return result;
  }
  ERR_clear_error();
  result.message = "signature does not verify with the signer's key" +
                   (errors.empty() ? std::string() : " (" + errors + ")");
  return result;
}

} // namespace mrtd::pki::detail
