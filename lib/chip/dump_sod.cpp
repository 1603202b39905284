// EF.SOD as `chip dump` shows it: what the SOD says, decoded by detail::parse_sod() and not
// verified (chip::verify() judges it).

#include "chip/detail/dump_parts.hpp"
#include "chip/detail/sod.hpp"
#include "core/date.hpp"
#include "pki/detail/name.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <climits>

namespace mrtd::chip::detail {

namespace {

std::string algorithm_name(const X509_ALGOR* algorithm) {
  if (algorithm == nullptr) {
    return "";
  }
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm);
  char buffer[128];
  const int nid = OBJ_obj2nid(oid);
  if (nid == NID_rsassaPss) {
    return "RSASSA-PSS";
  }
  if (const EVP_MD* md = EVP_get_digestbyobj(oid); md != nullptr && EVP_MD_get_type(md) == nid) {
    return digest_name(md); // `SHA-256` as in the rest of the dump
  }
  if (nid != NID_undef) {
    return OBJ_nid2ln(nid);
  }
  const int size = OBJ_obj2txt(buffer, sizeof buffer, oid, 1);
  return size > 0 && static_cast<std::size_t>(size) < sizeof buffer ? buffer : "";
}

std::optional<std::string> signing_time(CMS_SignerInfo* si) {
  const int pos = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (pos < 0) {
    return std::nullopt;
  }
  const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, pos), 0);
  struct tm tm {};
  if (value == nullptr ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME) ||
      ASN1_TIME_to_tm(value->value.utctime, &tm) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  const CivilDate date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  return to_iso_instant(to_unix_time(date) + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
}

std::string signer_identifier(CMS_SignerInfo* si) {
  ASN1_OCTET_STRING* keyid = nullptr;
  X509_NAME* issuer = nullptr;
  ASN1_INTEGER* serial = nullptr;
  if (CMS_SignerInfo_get0_signer_id(si, &keyid, &issuer, &serial) != 1) {
    ERR_clear_error();
    return "";
  }
  if (keyid != nullptr) {
    return "subjectKeyIdentifier: " +
           hex(ByteView(ASN1_STRING_get0_data(keyid),
                        static_cast<std::size_t>(ASN1_STRING_length(keyid))));
  }
  if (issuer == nullptr || serial == nullptr) {
    return "";
  }
  pki::detail::BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  char* serial_hex = bn ? BN_bn2hex(bn.get()) : nullptr;
  std::string text = "issuerAndSerialNumber: " + pki::detail::name_to_string(issuer) + ", " +
                     (serial_hex != nullptr ? serial_hex : "?");
  OPENSSL_free(serial_hex);
  return text;
}

} // namespace

Result<SodDump> dump_sod(ByteView file) {
  auto parsed = parse_sod(file);
  if (!parsed) {
    return parsed.error();
  }
  const ParsedSod& sod = *parsed;
  SodDump out;
  SodSummary& summary = out.summary;
  summary.content_type = sod.content_type;
  out.content_type_name = oid_name(sod.content_type);
  out.signer_count = sod.signer_count;
  out.problems = sod.lso_problems;
  if (sod.lso_error) {
    out.problems.push_back("LDSSecurityObject: " + *sod.lso_error);
  }
  summary.lds_security_object_version = static_cast<int>(sod.lso_version);
  summary.lds_version = sod.lds_version;
  summary.unicode_version = sod.unicode_version;
  summary.hash_algorithm = sod.hash != nullptr ? digest_name(sod.hash) : sod.hash_oid;
  for (const auto& [dg, value] : sod.dg_hashes) {
    summary.dg_hashes.emplace(dg, hex(value));
  }
  if (sod.signer != nullptr) {
    X509_ALGOR* digest = nullptr;
    X509_ALGOR* signature = nullptr;
    CMS_SignerInfo_get0_algs(sod.signer, nullptr, nullptr, &digest, &signature);
    summary.digest_algorithm = algorithm_name(digest);
    summary.signature_algorithm = algorithm_name(signature);
    summary.signing_time = signing_time(sod.signer);
    summary.signer_identifier = signer_identifier(sod.signer);
  }
  for (const auto& cert : sod.certificates) {
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert.get(), &der);
    if (size <= 0) {
      ERR_clear_error();
      out.problems.push_back("an embedded certificate does not re-encode");
      continue;
    }
    auto info = pki::describe_certificate(ByteView(der, static_cast<std::size_t>(size)));
    OPENSSL_free(der);
    if (info) {
      out.certificates.push_back(std::move(*info));
    } else {
      out.problems.push_back("embedded certificate: " + info.error().message);
    }
  }
  return out;
}

} // namespace mrtd::chip::detail
