#include "chip/detail/sod.hpp"

#include "pki/detail/signature.hpp"

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <climits>
#include <mutex>

// The LDSSecurityObject (9303-10 §4.6.2.2) as an OpenSSL ASN.1 template, so that DER decoding
// is OpenSSL's and not a hand-written walker. The macros expand to C casts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"

extern "C" {

struct MrtdDataGroupHash {
  ASN1_INTEGER* number;
  ASN1_OCTET_STRING* value;
};
DEFINE_STACK_OF(MrtdDataGroupHash)

struct MrtdLdsVersionInfo {
  ASN1_PRINTABLESTRING* lds_version;
  ASN1_PRINTABLESTRING* unicode_version;
};

struct MrtdLdsSecurityObject {
  ASN1_INTEGER* version;
  X509_ALGOR* hash_algorithm;
  STACK_OF(MrtdDataGroupHash) * hashes;
  MrtdLdsVersionInfo* version_info;
};

ASN1_SEQUENCE(MrtdDataGroupHash) = {
    ASN1_SIMPLE(MrtdDataGroupHash, number, ASN1_INTEGER),
    ASN1_SIMPLE(MrtdDataGroupHash, value, ASN1_OCTET_STRING),
} ASN1_SEQUENCE_END(MrtdDataGroupHash)

ASN1_SEQUENCE(MrtdLdsVersionInfo) = {
    ASN1_SIMPLE(MrtdLdsVersionInfo, lds_version, ASN1_PRINTABLESTRING),
    ASN1_SIMPLE(MrtdLdsVersionInfo, unicode_version, ASN1_PRINTABLESTRING),
} ASN1_SEQUENCE_END(MrtdLdsVersionInfo)

ASN1_SEQUENCE(MrtdLdsSecurityObject) = {
    ASN1_SIMPLE(MrtdLdsSecurityObject, version, ASN1_INTEGER),
    ASN1_SIMPLE(MrtdLdsSecurityObject, hash_algorithm, X509_ALGOR),
    ASN1_SEQUENCE_OF(MrtdLdsSecurityObject, hashes, MrtdDataGroupHash),
    ASN1_OPT(MrtdLdsSecurityObject, version_info, MrtdLdsVersionInfo),
} ASN1_SEQUENCE_END(MrtdLdsSecurityObject)

DECLARE_ASN1_FUNCTIONS(MrtdLdsSecurityObject)
IMPLEMENT_ASN1_FUNCTIONS(MrtdLdsSecurityObject)

// A Name (RFC 5280 §4.1.2.4) as X509_NAME's own inner template decodes it (SEQUENCE OF SET OF
// X509_NAME_ENTRY), without building the canonical form: it checks the issuer of an
// issuerAndSerialNumber as strictly as OpenSSL's CMS decoder (tags, string types, UTF-8),
// while the raw DER stays what find_signer() compares.
ASN1_ITEM_TEMPLATE(MrtdSodRdn) =
    ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SET_OF, 0, MrtdSodRdn, X509_NAME_ENTRY)
ASN1_ITEM_TEMPLATE_END(MrtdSodRdn)

ASN1_ITEM_TEMPLATE(MrtdSodName) =
    ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SEQUENCE_OF, 0, MrtdSodName, MrtdSodRdn)
ASN1_ITEM_TEMPLATE_END(MrtdSodName)

typedef STACK_OF(X509_NAME_ENTRY) MrtdSodRdnEntries; // NOLINT: DEFINE_STACK_OF needs a name
DEFINE_STACK_OF(MrtdSodRdnEntries)

// True when `der` decodes as a Name and, as X509_NAME's canonical form requires, every
// DirectoryString-like value converts to UTF-8 (a UTF8String with invalid UTF-8 fails).
static bool mrtd_is_name(const unsigned char* der, long size) {
  constexpr unsigned long k_canonical_types = B_ASN1_UTF8STRING | B_ASN1_BMPSTRING |
                                              B_ASN1_UNIVERSALSTRING | B_ASN1_PRINTABLESTRING |
                                              B_ASN1_T61STRING | B_ASN1_IA5STRING |
                                              B_ASN1_VISIBLESTRING;
  const unsigned char* p = der;
  auto* name = reinterpret_cast<STACK_OF(MrtdSodRdnEntries)*>(
      ASN1_item_d2i(nullptr, &p, size, ASN1_ITEM_rptr(MrtdSodName)));
  bool ok = name != nullptr && p == der + size;
  for (int i = 0; ok && i < sk_MrtdSodRdnEntries_num(name); ++i) {
    const STACK_OF(X509_NAME_ENTRY)* rdn = sk_MrtdSodRdnEntries_value(name, i);
    for (int j = 0; ok && j < sk_X509_NAME_ENTRY_num(rdn); ++j) {
      const ASN1_STRING* value = X509_NAME_ENTRY_get_data(sk_X509_NAME_ENTRY_value(rdn, j));
      if ((ASN1_tag2bit(ASN1_STRING_type(value)) & k_canonical_types) != 0) {
        unsigned char* utf8 = nullptr;
        ok = ASN1_STRING_to_UTF8(&utf8, value) >= 0;
        OPENSSL_free(utf8);
      }
    }
  }
  ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(name), ASN1_ITEM_rptr(MrtdSodName));
  return ok;
}

// The ContentInfo / SignedData / SignerInfo of RFC 5652 §5 as EF.SOD needs them, in place of
// OpenSSL's CMS decoder (9303-10 §4.6.2 fixes the shape: one SignerInfo with signedAttrs).
// Two parts stay raw ANY values:
// - the embedded certificates, so a batch decodes each DSC once (CertificateMemo), not once per
//   document (OpenSSL 3.0 spends ~0.3 ms building a decoder for each certificate's key);
// - the issuer Name of an issuerAndSerialNumber, which find_signer() compares by its DER first
//   (decoding a Name costs about as much as the rest of the SOD). It is checked with
//   MrtdSodName unless it is, byte for byte, an embedded certificate's issuer (the usual case).
// Everything the signature covers or names (signedAttrs, algorithms, signature) is decoded as
// OpenSSL's CMS decoder decodes it, with the same item types.
struct MrtdSodIssuerSerial {
  ASN1_TYPE* issuer;
  ASN1_INTEGER* serial;
};

ASN1_SEQUENCE(MrtdSodIssuerSerial) = {
    ASN1_SIMPLE(MrtdSodIssuerSerial, issuer, ASN1_ANY),
    ASN1_SIMPLE(MrtdSodIssuerSerial, serial, ASN1_INTEGER),
} ASN1_SEQUENCE_END(MrtdSodIssuerSerial)

struct MrtdSodSignerId {
  int type; // 0: issuerAndSerialNumber, 1: [0] subjectKeyIdentifier
  union {
    MrtdSodIssuerSerial* issuer_serial;
    ASN1_OCTET_STRING* key_id;
  } d;
};

ASN1_CHOICE(MrtdSodSignerId) = {
    ASN1_SIMPLE(MrtdSodSignerId, d.issuer_serial, MrtdSodIssuerSerial),
    ASN1_IMP(MrtdSodSignerId, d.key_id, ASN1_OCTET_STRING, 0),
} ASN1_CHOICE_END(MrtdSodSignerId)

struct MrtdSodSignerInfo {
  ASN1_INTEGER* version;
  MrtdSodSignerId* sid;
  X509_ALGOR* digest_algorithm;
  STACK_OF(X509_ATTRIBUTE) * signed_attributes;
  X509_ALGOR* signature_algorithm;
  ASN1_OCTET_STRING* signature;
  STACK_OF(X509_ATTRIBUTE) * unsigned_attributes;
};
DEFINE_STACK_OF(MrtdSodSignerInfo)

ASN1_SEQUENCE(MrtdSodSignerInfo) = {
    ASN1_SIMPLE(MrtdSodSignerInfo, version, ASN1_INTEGER),
    ASN1_SIMPLE(MrtdSodSignerInfo, sid, MrtdSodSignerId),
    ASN1_SIMPLE(MrtdSodSignerInfo, digest_algorithm, X509_ALGOR),
    ASN1_IMP_SET_OF_OPT(MrtdSodSignerInfo, signed_attributes, X509_ATTRIBUTE, 0),
    ASN1_SIMPLE(MrtdSodSignerInfo, signature_algorithm, X509_ALGOR),
    ASN1_SIMPLE(MrtdSodSignerInfo, signature, ASN1_OCTET_STRING),
    ASN1_IMP_SET_OF_OPT(MrtdSodSignerInfo, unsigned_attributes, X509_ATTRIBUTE, 1),
} ASN1_SEQUENCE_END(MrtdSodSignerInfo)

struct MrtdSodEncapContent {
  ASN1_OBJECT* type;
  ASN1_OCTET_STRING* content; // BER constructed OCTET STRINGs are joined by the decoder
};

ASN1_SEQUENCE(MrtdSodEncapContent) = {
    ASN1_SIMPLE(MrtdSodEncapContent, type, ASN1_OBJECT),
    ASN1_EXP_OPT(MrtdSodEncapContent, content, ASN1_OCTET_STRING, 0),
} ASN1_SEQUENCE_END(MrtdSodEncapContent)

struct MrtdSodSignedData {
  ASN1_INTEGER* version;
  STACK_OF(X509_ALGOR) * digest_algorithms;
  MrtdSodEncapContent* encap_content;
  STACK_OF(ASN1_TYPE) * certificates;
  STACK_OF(ASN1_TYPE) * crls;
  STACK_OF(MrtdSodSignerInfo) * signer_infos;
};

ASN1_SEQUENCE(MrtdSodSignedData) = {
    ASN1_SIMPLE(MrtdSodSignedData, version, ASN1_INTEGER),
    ASN1_SET_OF(MrtdSodSignedData, digest_algorithms, X509_ALGOR),
    ASN1_SIMPLE(MrtdSodSignedData, encap_content, MrtdSodEncapContent),
    ASN1_IMP_SET_OF_OPT(MrtdSodSignedData, certificates, ASN1_ANY, 0),
    ASN1_IMP_SET_OF_OPT(MrtdSodSignedData, crls, ASN1_ANY, 1),
    ASN1_SET_OF(MrtdSodSignedData, signer_infos, MrtdSodSignerInfo),
} ASN1_SEQUENCE_END(MrtdSodSignedData)

struct MrtdSodContentInfo {
  ASN1_OBJECT* content_type;
  MrtdSodSignedData* signed_data;
};

ASN1_SEQUENCE(MrtdSodContentInfo) = {
    ASN1_SIMPLE(MrtdSodContentInfo, content_type, ASN1_OBJECT),
    ASN1_EXP(MrtdSodContentInfo, signed_data, MrtdSodSignedData, 0),
} ASN1_SEQUENCE_END(MrtdSodContentInfo)

DECLARE_ASN1_FUNCTIONS(MrtdSodContentInfo)
IMPLEMENT_ASN1_FUNCTIONS(MrtdSodContentInfo)

} // extern "C"

#pragma GCC diagnostic pop

namespace mrtd::chip::detail {

namespace {

using LsoPtr = pki::detail::Owned<MrtdLdsSecurityObject, MrtdLdsSecurityObject_free>;
constexpr std::size_t k_max_memo = 4096;
constexpr const char* k_lds_security_object = "2.23.136.1.1.1";

// The certificate of DER `der`: from `memo` when the same DER was decoded before, else decoded
// (and remembered). nullptr when `der` is not a certificate.
pki::detail::X509Ptr certificate(ByteView der, CertificateMemo* memo) {
  const std::string_view key(reinterpret_cast<const char*>(der.data()), der.size());
  if (memo != nullptr) {
    const std::lock_guard lock(memo->mutex);
    if (const auto found = memo->by_der.find(key); found != memo->by_der.end()) {
      X509_up_ref(found->second.get());
      return pki::detail::X509Ptr(found->second.get());
    }
  }
  const unsigned char* p = der.data();
  pki::detail::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || memo == nullptr) {
    return cert;
  }
  X509_up_ref(cert.get());
  pki::detail::X509Ptr shared(cert.get());
  const std::lock_guard lock(memo->mutex);
  if (memo->by_der.size() >= k_max_memo) {
    memo->by_der.clear();
  }
  memo->by_der.emplace(std::string(key), std::move(shared));
  return cert;
}

// True when `name`'s DER is byte for byte an embedded certificate's issuer Name, which
// OpenSSL decoded as an X509_NAME already (so it needs no check of its own).
bool is_certificate_issuer(const ASN1_STRING* name,
                           const std::vector<pki::detail::X509Ptr>& certificates) {
  const ByteView der(ASN1_STRING_get0_data(name),
                     static_cast<std::size_t>(ASN1_STRING_length(name)));
  return std::ranges::any_of(certificates, [&](const pki::detail::X509Ptr& cert) {
    return issuer_der_is(cert.get(), der);
  });
}

std::string oid_text(const ASN1_OBJECT* oid) {
  char buffer[128];
  const int n = OBJ_obj2txt(buffer, sizeof buffer, oid, 1);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(std::min(n, 127))) : std::string();
}

// oid_text() of an eContentType. OBJ_obj2txt decodes the arcs each time; the usual
// id-icao-mrtd-security-ldsSecurityObject is recognised by comparing the OID with a
// prebuilt one, which gives the same text.
std::string content_type_text(const ASN1_OBJECT* oid) {
  static const pki::detail::Asn1ObjectPtr lds(OBJ_txt2obj(k_lds_security_object, 1));
  if (lds && oid != nullptr && OBJ_cmp(oid, lds.get()) == 0) {
    return k_lds_security_object;
  }
  return oid_text(oid);
}

// The dotted form of the DG hash algorithms OpenSSL knows (what oid_text() gives for them).
const char* digest_oid_text(int nid) {
  switch (nid) {
  case NID_sha1: return "1.3.14.3.2.26";
  case NID_sha224: return "2.16.840.1.101.3.4.2.4";
  case NID_sha256: return "2.16.840.1.101.3.4.2.1";
  case NID_sha384: return "2.16.840.1.101.3.4.2.2";
  case NID_sha512: return "2.16.840.1.101.3.4.2.3";
  default: return nullptr;
  }
}

std::string string_of(const ASN1_STRING* text) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                     static_cast<std::size_t>(ASN1_STRING_length(text)));
}

Bytes bytes_of(const ASN1_STRING* value) {
  const unsigned char* data = ASN1_STRING_get0_data(value);
  return Bytes(data, data + ASN1_STRING_length(value));
}

// Decodes eContent as an LDSSecurityObject into `sod`; problems go to lso_error/lso_problems.
void decode_lso(ParsedSod& sod) {
  const unsigned char* p = sod.econtent.data();
  const long length = static_cast<long>(sod.econtent.size());
  ERR_clear_error();
  LsoPtr lso(d2i_MrtdLdsSecurityObject(nullptr, &p, length));
  if (!lso) {
    sod.lso_error = "eContent is not an LDSSecurityObject: " + pki::detail::drain_errors();
    return;
  }
  if (p != sod.econtent.data() + sod.econtent.size()) {
    sod.lso_problems.push_back("bytes after the LDSSecurityObject in eContent");
  }
  if (ASN1_INTEGER_get_int64(&sod.lso_version, lso->version) != 1) {
    sod.lso_version = -1;
  }
  const ASN1_OBJECT* hash_oid = nullptr;
  X509_ALGOR_get0(&hash_oid, nullptr, nullptr, lso->hash_algorithm);
  const int nid = OBJ_obj2nid(hash_oid);
  const char* known = digest_oid_text(nid);
  sod.hash_oid = known != nullptr ? std::string(known) : oid_text(hash_oid);
  sod.hash = known != nullptr ? pki::detail::fetched_digest(nid) : nullptr;
  const int count = sk_MrtdDataGroupHash_num(lso->hashes);
  for (int i = 0; i < count; ++i) {
    const MrtdDataGroupHash* entry = sk_MrtdDataGroupHash_value(lso->hashes, i);
    std::int64_t number = 0;
    if (ASN1_INTEGER_get_int64(&number, entry->number) != 1 || number < 1 || number > 16) {
      sod.lso_problems.push_back("a data group number outside 1..16");
      continue;
    }
    const int dg = static_cast<int>(number);
    if (sod.dg_hashes.contains(dg)) {
      sod.lso_problems.push_back("DG" + std::to_string(dg) + " is listed twice");
      continue;
    }
    sod.dg_hashes.emplace(dg, bytes_of(entry->value));
  }
  if (lso->version_info != nullptr) {
    sod.lds_version = string_of(lso->version_info->lds_version);
    sod.unicode_version = string_of(lso->version_info->unicode_version);
  }
}

} // namespace

bool issuer_der_is(const X509* cert, ByteView der) {
  const unsigned char* issuer = nullptr;
  std::size_t size = 0;
  if (X509_NAME_get0_der(X509_get_issuer_name(cert), &issuer, &size) != 1) {
    ERR_clear_error();
    return false;
  }
  return std::ranges::equal(ByteView(issuer, size), der);
}

Result<ParsedSod> parse_sod(ByteView file, CertificateMemo* memo) {
  ParsedSod sod;
  if (file.empty()) {
    return make_error(ErrorCode::malformed, "EF.SOD is empty");
  }
  if (file.size() > k_max_file_size) {
    return make_error(ErrorCode::limit_exceeded, "EF.SOD is larger than 16 MiB");
  }
  ByteView content = file;
  if (file[0] == 0x77) {
    const unsigned char* p = file.data();
    long length = 0;
    int tag = 0;
    int xclass = 0;
    ERR_clear_error();
    const int flags = ASN1_get_object(&p, &length, &tag, &xclass, static_cast<long>(file.size()));
    if ((flags & 0x80) != 0) {
      pki::detail::drain_errors();
      return make_error(ErrorCode::malformed,
                        "EF.SOD: the 0x77 length runs past the end of the file", 0);
    }
    const auto header = static_cast<std::size_t>(p - file.data());
    if ((flags & 0x01) != 0) { // indefinite length: the CMS decoder finds the end
      content = file.subspan(header);
    } else {
      content = file.subspan(header, static_cast<std::size_t>(length));
      sod.trailing_bytes = file.size() - header - static_cast<std::size_t>(length);
    }
  } else if (file[0] == 0x30) {
    sod.wrapped = false;
  } else {
    return make_error(ErrorCode::malformed,
                      "not an EF.SOD: it starts with neither the 0x77 tag nor a SEQUENCE", 0);
  }

  const unsigned char* p = content.data();
  ERR_clear_error();
  sod.content_info.reset(
      d2i_MrtdSodContentInfo(nullptr, &p, static_cast<long>(content.size())));
  if (!sod.content_info) {
    return make_error(ErrorCode::malformed, "EF.SOD does not hold a CMS SignedData: " +
                                                pki::detail::drain_errors());
  }
  if (OBJ_obj2nid(sod.content_info->content_type) != NID_pkcs7_signed) {
    return make_error(ErrorCode::malformed, "EF.SOD's ContentInfo is not SignedData");
  }
  if (sod.wrapped && sod.trailing_bytes == 0 &&
      p != content.data() + content.size()) { // indefinite outer length
    sod.trailing_bytes = static_cast<std::size_t>(content.data() + content.size() - p);
  } else if (!sod.wrapped) {
    sod.trailing_bytes = static_cast<std::size_t>(content.data() + content.size() - p);
  }
  const MrtdSodSignedData* signed_data = sod.content_info->signed_data;
  const int certificate_count =
      signed_data->certificates != nullptr ? sk_ASN1_TYPE_num(signed_data->certificates) : 0;
  for (int i = 0; i < certificate_count; ++i) {
    const ASN1_TYPE* entry = sk_ASN1_TYPE_value(signed_data->certificates, i);
    if (entry->type != V_ASN1_SEQUENCE) {
      continue; // another CertificateChoices (attribute certificate, other): not a signer
    }
    if (auto cert = certificate(
            {ASN1_STRING_get0_data(entry->value.sequence),
             static_cast<std::size_t>(ASN1_STRING_length(entry->value.sequence))},
            memo)) {
      sod.certificates.push_back(std::move(cert));
    }
  }
  sod.econtent_type = signed_data->encap_content->type;
  sod.content_type = content_type_text(sod.econtent_type);
  if (signed_data->encap_content->content == nullptr) {
    return make_error(ErrorCode::malformed, "EF.SOD's SignedData has no eContent");
  }
  sod.econtent = bytes_of(signed_data->encap_content->content);

  sod.signer_count = std::max(0, sk_MrtdSodSignerInfo_num(signed_data->signer_infos));
  if (sod.signer_count > 0) {
    const MrtdSodSignerInfo* si = sk_MrtdSodSignerInfo_value(signed_data->signer_infos, 0);
    SodSigner signer;
    signer.parts.digest = si->digest_algorithm;
    signer.parts.signature_algorithm = si->signature_algorithm;
    signer.parts.signature = si->signature;
    signer.parts.signed_attributes = si->signed_attributes;
    signer.parts.unsigned_attributes = si->unsigned_attributes;
    if (si->sid->type == 0) {
      const ASN1_TYPE* issuer = si->sid->d.issuer_serial->issuer;
      if (issuer->type != V_ASN1_SEQUENCE ||
          (!is_certificate_issuer(issuer->value.sequence, sod.certificates) &&
           !mrtd_is_name(ASN1_STRING_get0_data(issuer->value.sequence),
                         ASN1_STRING_length(issuer->value.sequence)))) {
        const std::string errors = pki::detail::drain_errors();
        return make_error(ErrorCode::malformed,
                          "EF.SOD's SignerInfo names an issuer that is not a Name" +
                              (errors.empty() ? std::string() : ": " + errors));
      }
      const ASN1_STRING* name = issuer->value.sequence;
      signer.issuer = ByteView(ASN1_STRING_get0_data(name),
                               static_cast<std::size_t>(ASN1_STRING_length(name)));
      signer.serial = si->sid->d.issuer_serial->serial;
    } else {
      signer.key_id = si->sid->d.key_id;
    }
    sod.signer = signer;
  }
  decode_lso(sod);
  return sod;
}

std::string digest_name(const EVP_MD* md) {
  switch (md != nullptr ? EVP_MD_get_type(md) : NID_undef) {
  case NID_sha1:
    return "SHA-1";
  case NID_sha224:
    return "SHA-224";
  case NID_sha256:
    return "SHA-256";
  case NID_sha384:
    return "SHA-384";
  case NID_sha512:
    return "SHA-512";
  default:
    return md != nullptr ? EVP_MD_get0_name(md) : "unknown";
  }
}

} // namespace mrtd::chip::detail
