// Specimen EF.SOD: LDSSecurityObject and its CMS SignedData (Doc 9303-10 §4.6.2; pa.md §3).

#include "chip/detail/specimen_parts.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <ctime>

namespace mrtd::chip::detail {

namespace {

using pki::detail::Asn1ObjectPtr;
using pki::detail::CmsPtr;
using pki::detail::EvpMdCtxPtr;
using Asn1TimePtr = pki::detail::Owned<ASN1_TIME, ASN1_TIME_free>;
using AttributePtr = pki::detail::Owned<X509_ATTRIBUTE, X509_ATTRIBUTE_free>;

constexpr const char* k_lds_security_object_oid = "2.23.136.1.1.1";
constexpr const char* k_id_data_oid = "1.2.840.113549.1.7.1";

/// The DER of an OpenSSL-encodable object via its i2d function; empty on failure.
template <typename T, typename Encode> Bytes encode(T* object, Encode&& i2d) {
  unsigned char* der = nullptr;
  const int size = i2d(object, &der);
  if (size <= 0) {
    return {};
  }
  Bytes out(der, der + size);
  OPENSSL_free(der);
  return out;
}

/// signedAttrs as signed (RFC 5652 §5.4): a DER SET OF, elements sorted by their encodings.
Bytes signed_attributes_der(CMS_SignerInfo* si) {
  std::vector<Bytes> items;
  const int count = CMS_signed_get_attr_count(si);
  for (int i = 0; i < count; ++i) {
    items.push_back(encode(CMS_signed_get_attr(si, i), i2d_X509_ATTRIBUTE));
  }
  std::sort(items.begin(), items.end());
  Bytes content;
  for (const Bytes& item : items) {
    content.insert(content.end(), item.begin(), item.end());
  }
  return tlv(0x31, content);
}

/// Replaces the signed attribute `nid` by one holding `value` of ASN.1 type `type`.
bool replace_attribute(CMS_SignerInfo* si, int nid, int type, const void* value, int length) {
  const int index = CMS_signed_get_attr_by_NID(si, nid, -1);
  if (index < 0) {
    return false;
  }
  AttributePtr old(CMS_signed_delete_attr(si, index));
  return old && CMS_signed_add1_attr_by_NID(si, nid, type, value, length) == 1;
}

/// Signs the current signedAttrs again with our own encoder, so that a deliberately wrong
/// attribute still carries a valid signature.
bool re_sign(CMS_SignerInfo* si, const Signer& signer) {
  const Bytes attributes = signed_attributes_der(si);
  EvpMdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pkey_context = nullptr; // owned by `context`
  if (!context ||
      EVP_DigestSignInit(context.get(), &pkey_context, signer.md, nullptr, signer.key) != 1 ||
      (signer.pss && !set_pss(pkey_context, signer.md))) {
    return false;
  }
  std::size_t size = 0;
  if (EVP_DigestSign(context.get(), nullptr, &size, attributes.data(), attributes.size()) != 1) {
    return false;
  }
  Bytes signature(size);
  if (EVP_DigestSign(context.get(), signature.data(), &size, attributes.data(),
                     attributes.size()) != 1) {
    return false;
  }
  return ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(),
                         static_cast<int>(size)) == 1;
}

bool flip_last_signature_byte(CMS_SignerInfo* si) {
  ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
  const int size = ASN1_STRING_length(signature);
  if (size <= 0) {
    return false;
  }
  const unsigned char* data = ASN1_STRING_get0_data(signature);
  Bytes copy(data, data + size);
  copy.back() ^= 0x01;
  return ASN1_STRING_set(signature, copy.data(), size) == 1;
}

} // namespace

Result<Bytes> make_lds_security_object(const std::map<int, Bytes>& dgs, SpecimenHash hash) {
  ERR_clear_error();
  const EVP_MD* md = digest_of(hash);
  Bytes hashes;
  for (const auto& [number, file] : dgs) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(file.data(), file.size(), digest, &size, md, nullptr) != 1) {
      return ossl_error("LDSSecurityObject: hashing failed", ErrorCode::unsupported);
    }
    // DataGroupHash ::= SEQUENCE { dataGroupNumber, dataGroupHashValue OCTET STRING }
    const Bytes entry = concat(
        {der_small_integer(static_cast<unsigned>(number)), tlv(0x04, ByteView(digest, size))});
    const Bytes item = tlv(0x30, entry);
    hashes.insert(hashes.end(), item.begin(), item.end());
  }
  // AlgorithmIdentifier with absent parameters (RFC 5754 §2).
  const Bytes oid = encode(OBJ_nid2obj(EVP_MD_get_type(md)), i2d_ASN1_OBJECT);
  if (oid.empty()) {
    return ossl_error("LDSSecurityObject: no OID for the hash", ErrorCode::unsupported);
  }
  // LDSSecurityObject v0 ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues }
  return tlv(0x30, concat({der_small_integer(0), tlv(0x30, oid), tlv(0x30, hashes)}));
}

Result<Bytes> make_sod(const SodSpec& spec) {
  auto lso = make_lds_security_object(*spec.dgs, spec.lds_hash);
  if (!lso) {
    return lso.error();
  }
  ERR_clear_error();
  constexpr unsigned k_flags = CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP;
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, k_flags));
  Asn1ObjectPtr content_type(OBJ_txt2obj(k_lds_security_object_oid, 1));
  if (!cms || !content_type || CMS_set1_eContentType(cms.get(), content_type.get()) != 1) {
    return ossl_error("EF.SOD: cannot start the SignedData", ErrorCode::unsupported);
  }
  unsigned signer_flags = k_flags;
  if (spec.signer_id == SignerIdForm::subject_key_id) {
    signer_flags |= CMS_USE_KEYID; // SignerInfo version 3, sid [0] SKI
  }
  if (spec.signer.pss) {
    signer_flags |= CMS_KEY_PARAM; // keep the pkey context open for the PSS parameters
  }
  if (!spec.signed_attributes) {
    signer_flags |= CMS_NOATTR;
  }
  CMS_SignerInfo* si = // owned by `cms`
      CMS_add1_signer(cms.get(), spec.dsc, spec.signer.key, spec.signer.md, signer_flags);
  if (si == nullptr ||
      (spec.signer.pss && !set_pss(CMS_SignerInfo_get0_pkey_ctx(si), spec.signer.md))) {
    return ossl_error("EF.SOD: cannot add the signer", ErrorCode::unsupported);
  }
  if (spec.signed_attributes) {
    // A fixed signingTime: OpenSSL adds "now" only when the attribute is missing.
    const Asn1TimePtr time(ASN1_TIME_set(nullptr, static_cast<std::time_t>(spec.signing_time)));
    if (!time ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, time->type, time.get(), -1) != 1) {
      return ossl_error("EF.SOD: cannot add signingTime");
    }
  }
  pki::detail::BioPtr content = pki::detail::memory_bio(lso->data(), lso->size());
  if (!content || CMS_final(cms.get(), content.get(), nullptr, CMS_BINARY) != 1) {
    return ossl_error("EF.SOD: signing failed", ErrorCode::unsupported);
  }

  if (spec.wrong_message_digest) {
    Bytes digest(static_cast<std::size_t>(EVP_MD_get_size(spec.signer.md)), 0);
    unsigned int size = 0;
    if (EVP_Digest(lso->data(), lso->size(), digest.data(), &size, spec.signer.md, nullptr) != 1) {
      return ossl_error("EF.SOD: hashing failed");
    }
    digest[0] ^= 0xFF;
    if (!replace_attribute(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest.data(),
                           static_cast<int>(size))) {
      return ossl_error("EF.SOD: cannot replace messageDigest");
    }
  }
  if (spec.wrong_content_type_attribute) {
    Asn1ObjectPtr id_data(OBJ_txt2obj(k_id_data_oid, 1));
    if (!id_data ||
        !replace_attribute(si, NID_pkcs9_contentType, V_ASN1_OBJECT, id_data.get(), -1)) {
      return ossl_error("EF.SOD: cannot replace contentType");
    }
  }
  if ((spec.wrong_message_digest || spec.wrong_content_type_attribute) &&
      !re_sign(si, spec.signer)) {
    return ossl_error("EF.SOD: re-signing failed", ErrorCode::unsupported);
  }
  if (spec.flip_signature && !flip_last_signature_byte(si)) {
    return ossl_error("EF.SOD: cannot alter the signature");
  }

  const Bytes content_info = encode(cms.get(), i2d_CMS_ContentInfo);
  if (content_info.empty()) {
    return ossl_error("EF.SOD: cannot encode the ContentInfo", ErrorCode::unsupported);
  }
  return tlv(0x77, content_info);
}

} // namespace mrtd::chip::detail
