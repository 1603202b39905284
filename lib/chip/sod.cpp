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

// The outer ContentInfo / SignedData (RFC 5652 §5.1) with every part but the version kept as
// raw ANY values. It lets the embedded certificates be split off before OpenSSL's CMS decoder
// runs: OpenSSL 3.0 spends ~0.3 ms building a decoder for each certificate's public key, which
// a batch then pays once per DSC (CertificateMemo) instead of once per document.
struct MrtdRawSignedData {
  ASN1_INTEGER* version;
  STACK_OF(ASN1_TYPE) * digest_algorithms;
  ASN1_TYPE* encap_content_info;
  STACK_OF(ASN1_TYPE) * certificates;
  STACK_OF(ASN1_TYPE) * crls;
  STACK_OF(ASN1_TYPE) * signer_infos;
};

ASN1_SEQUENCE(MrtdRawSignedData) = {
    ASN1_SIMPLE(MrtdRawSignedData, version, ASN1_INTEGER),
    ASN1_SET_OF(MrtdRawSignedData, digest_algorithms, ASN1_ANY),
    ASN1_SIMPLE(MrtdRawSignedData, encap_content_info, ASN1_ANY),
    ASN1_IMP_SET_OF_OPT(MrtdRawSignedData, certificates, ASN1_ANY, 0),
    ASN1_IMP_SET_OF_OPT(MrtdRawSignedData, crls, ASN1_ANY, 1),
    ASN1_SET_OF(MrtdRawSignedData, signer_infos, ASN1_ANY),
} ASN1_SEQUENCE_END(MrtdRawSignedData)

struct MrtdRawContentInfo {
  ASN1_OBJECT* content_type;
  MrtdRawSignedData* signed_data;
};

ASN1_SEQUENCE(MrtdRawContentInfo) = {
    ASN1_SIMPLE(MrtdRawContentInfo, content_type, ASN1_OBJECT),
    ASN1_EXP(MrtdRawContentInfo, signed_data, MrtdRawSignedData, 0),
} ASN1_SEQUENCE_END(MrtdRawContentInfo)

DECLARE_ASN1_FUNCTIONS(MrtdRawContentInfo)
IMPLEMENT_ASN1_FUNCTIONS(MrtdRawContentInfo)

static int mrtd_raw_certificate_count(const MrtdRawContentInfo* info) {
  return info->signed_data->certificates != nullptr
             ? sk_ASN1_TYPE_num(info->signed_data->certificates)
             : 0;
}

static ASN1_TYPE* mrtd_raw_certificate(const MrtdRawContentInfo* info, int i) {
  return sk_ASN1_TYPE_value(info->signed_data->certificates, i);
}

static void mrtd_drop_raw_certificates(MrtdRawContentInfo* info) {
  sk_ASN1_TYPE_pop_free(info->signed_data->certificates, ASN1_TYPE_free);
  info->signed_data->certificates = nullptr;
}

} // extern "C"

#pragma GCC diagnostic pop

namespace mrtd::chip::detail {

namespace {

using LsoPtr = pki::detail::Owned<MrtdLdsSecurityObject, MrtdLdsSecurityObject_free>;
using RawContentInfoPtr = pki::detail::Owned<MrtdRawContentInfo, MrtdRawContentInfo_free>;
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

  // First the outline with raw parts: the certificates are taken out (and decoded through the
  // memo), the rest goes through OpenSSL's CMS decoder re-encoded without them. Signed
  // attributes and eContent keep their bytes (ANY values are copied, not re-encoded).
  const unsigned char* p = content.data();
  ERR_clear_error();
  RawContentInfoPtr raw(d2i_MrtdRawContentInfo(nullptr, &p, static_cast<long>(content.size())));
  if (!raw) {
    return make_error(ErrorCode::malformed, "EF.SOD does not hold a CMS SignedData: " +
                                                pki::detail::drain_errors());
  }
  const unsigned char* const end = p;
  if (OBJ_obj2nid(raw->content_type) != NID_pkcs7_signed) {
    return make_error(ErrorCode::malformed, "EF.SOD's ContentInfo is not SignedData");
  }
  for (int i = 0; i < mrtd_raw_certificate_count(raw.get()); ++i) {
    const ASN1_TYPE* entry = mrtd_raw_certificate(raw.get(), i);
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
  mrtd_drop_raw_certificates(raw.get());
  unsigned char* outline = nullptr;
  const int outline_size = i2d_MrtdRawContentInfo(raw.get(), &outline);
  if (outline_size <= 0) {
    return make_error(ErrorCode::malformed,
                      "EF.SOD could not be re-encoded: " + pki::detail::drain_errors());
  }
  const unsigned char* q = outline;
  sod.cms.reset(d2i_CMS_ContentInfo(nullptr, &q, outline_size));
  OPENSSL_free(outline);
  if (!sod.cms) {
    return make_error(ErrorCode::malformed,
                      "EF.SOD does not hold a CMS ContentInfo: " + pki::detail::drain_errors());
  }
  p = end;
  if (sod.wrapped && sod.trailing_bytes == 0 &&
      p != content.data() + content.size()) { // indefinite outer length
    sod.trailing_bytes = static_cast<std::size_t>(content.data() + content.size() - p);
  } else if (!sod.wrapped) {
    sod.trailing_bytes = static_cast<std::size_t>(content.data() + content.size() - p);
  }
  if (OBJ_obj2nid(CMS_get0_type(sod.cms.get())) != NID_pkcs7_signed) {
    return make_error(ErrorCode::malformed, "EF.SOD's ContentInfo is not SignedData");
  }
  sod.content_type = content_type_text(CMS_get0_eContentType(sod.cms.get()));
  ASN1_OCTET_STRING** econtent = CMS_get0_content(sod.cms.get());
  if (econtent == nullptr || *econtent == nullptr) {
    return make_error(ErrorCode::malformed, "EF.SOD's SignedData has no eContent");
  }
  sod.econtent = bytes_of(*econtent);

  STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(sod.cms.get());
  sod.signer_count = signers != nullptr ? sk_CMS_SignerInfo_num(signers) : 0;
  if (sod.signer_count > 0) {
    sod.signer = sk_CMS_SignerInfo_value(signers, 0);
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
