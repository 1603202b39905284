// make_pkd_specimen(): Utopia's PKI as the ICAO PKD publishes it. A CSCA master list
// (Doc 9303-12 §8: CMS SignedData over `CscaMasterList ::= SEQUENCE { version INTEGER 0,
// certList SET OF Certificate }`, signed by a Master List Signer with EKU 2.23.136.1.1.3 that
// the CSCA issued) and the three PKD LDIF collections (RFC 2849, ICAO PKD layout:
// `cn=<issuer DN>+sn=<serial hex>,o=dsc,c=XX,dc=data,dc=download,dc=pkd,dc=icao,dc=int`),
// with the deliberate defects of PkdCorruption. Certificates and the CRL come from
// specimen_pki.cpp, so the CSCA, DSC and CRL equal those of make_specimen() for the same keys.

#include "chip/detail/specimen_parts.hpp"
#include "chip/specimen.hpp"

#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <utility>

namespace mrtd::chip {

namespace {

using pki::detail::Asn1ObjectPtr;
using pki::detail::CmsPtr;
using pki::detail::EvpPkeyPtr;
using pki::detail::X509Ptr;
using Asn1TimePtr = pki::detail::Owned<ASN1_TIME, ASN1_TIME_free>;
using ExtensionPtr = pki::detail::Owned<X509_EXTENSION, X509_EXTENSION_free>;
using Name = std::vector<std::pair<std::string, std::string>>;

// Fixed serial numbers. The CSCA and the first DSC use make_specimen()'s.
constexpr long k_csca_serial = 0x5C5CA001;
constexpr long k_foreign_csca_serial = 0x5C5CA0E1;
constexpr long k_rogue_csca_serial = 0x5C5CA0F1;
constexpr long k_ml_signer_serial = 0x0A1A0001;
constexpr long k_dsc_serial = 0x05C00001;
constexpr long k_nc_dsc_serial = 0x05C00002;

constexpr const char* k_master_list_oid = "2.23.136.1.1.2";
constexpr const char* k_ml_signer_eku = "critical,2.23.136.1.1.3";
constexpr const char* k_pkd_suffix = "dc=download,dc=pkd,dc=icao,dc=int";
constexpr std::size_t k_ldif_width = 76;

constexpr std::array<std::pair<PkdCorruption, std::string_view>, 6> k_corruptions = {{
    {PkdCorruption::list_signature, "list_signature"},
    {PkdCorruption::list_content, "list_content"},
    {PkdCorruption::signer_without_eku, "signer_without_eku"},
    {PkdCorruption::signer_foreign_csca, "signer_foreign_csca"},
    {PkdCorruption::ldif_bad_base64, "ldif_bad_base64"},
    {PkdCorruption::ldif_truncated, "ldif_truncated"},
}};

std::string ml_file(std::string_view country) {
  return std::string(country) + "_ML.ml";
}

/// DER of an OpenSSL object via its i2d function; empty on failure.
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

/// Adds EKU id-icao-cscaMasterListSigningKey (critical, Doc 9303-12 §7.1.1 Table 6) to a
/// certificate made by make_certificate() and signs it again with the issuer's key.
bool add_signer_eku(X509* cert, X509* issuer, const detail::Signer& issuer_signer) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  ExtensionPtr eku(X509V3_EXT_nconf_nid(nullptr, &context, NID_ext_key_usage, k_ml_signer_eku));
  return eku && X509_add_ext(cert, eku.get(), -1) == 1 &&
         X509_sign(cert, issuer_signer.key, issuer_signer.md) > 0;
}

/// `CscaMasterList ::= SEQUENCE { version 0, certList SET OF Certificate }`, the SET OF in DER
/// order (elements sorted by their encodings).
Bytes csca_master_list(std::vector<Bytes> certificates) {
  std::sort(certificates.begin(), certificates.end());
  Bytes set;
  for (const Bytes& cert : certificates) {
    set.insert(set.end(), cert.begin(), cert.end());
  }
  return detail::tlv(0x30, detail::concat({detail::der_small_integer(0), detail::tlv(0x31, set)}));
}

struct ListSpec {
  Bytes content;        ///< the CscaMasterList signed
  const Bytes* swapped; ///< eContent put in after signing (list_content); nullptr: none
  X509* signer = nullptr;
  detail::Signer key;
  UnixTime signing_time = 0;
  bool flip_signature = false;
};

/// ContentInfo { SignedData { eContentType id-icao-cscaMasterList, the signer certificate,
/// one SignerInfo (issuerAndSerialNumber; contentType, messageDigest, fixed signingTime) } }.
Result<Bytes> sign_master_list(const ListSpec& spec) {
  ERR_clear_error();
  constexpr unsigned k_flags = CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP;
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, k_flags));
  Asn1ObjectPtr content_type(OBJ_txt2obj(k_master_list_oid, 1));
  if (!cms || !content_type || CMS_set1_eContentType(cms.get(), content_type.get()) != 1) {
    return detail::ossl_error("master list: cannot start the SignedData", ErrorCode::unsupported);
  }
  CMS_SignerInfo* si = // owned by `cms`
      CMS_add1_signer(cms.get(), spec.signer, spec.key.key, spec.key.md, k_flags);
  if (si == nullptr) {
    return detail::ossl_error("master list: cannot add the signer", ErrorCode::unsupported);
  }
  // A fixed signingTime: OpenSSL adds "now" only when the attribute is missing.
  const Asn1TimePtr time(ASN1_TIME_set(nullptr, static_cast<std::time_t>(spec.signing_time)));
  if (!time ||
      CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, time->type, time.get(), -1) != 1) {
    return detail::ossl_error("master list: cannot add signingTime");
  }
  pki::detail::BioPtr content = pki::detail::memory_bio(spec.content.data(), spec.content.size());
  if (!content || CMS_final(cms.get(), content.get(), nullptr, CMS_BINARY) != 1) {
    return detail::ossl_error("master list: signing failed", ErrorCode::unsupported);
  }
  if (spec.swapped != nullptr) {
    ASN1_OCTET_STRING** econtent = CMS_get0_content(cms.get());
    if (econtent == nullptr || *econtent == nullptr ||
        ASN1_OCTET_STRING_set(*econtent, spec.swapped->data(),
                              static_cast<int>(spec.swapped->size())) != 1) {
      return detail::ossl_error("master list: cannot replace the eContent");
    }
  }
  if (spec.flip_signature) {
    ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
    const int size = ASN1_STRING_length(signature);
    if (size <= 0) {
      return detail::ossl_error("master list: no signature to alter");
    }
    const unsigned char* data = ASN1_STRING_get0_data(signature);
    Bytes copy(data, data + size);
    copy.back() ^= 0x01;
    if (ASN1_STRING_set(signature, copy.data(), size) != 1) {
      return detail::ossl_error("master list: cannot alter the signature");
    }
  }
  Bytes der = encode(cms.get(), i2d_CMS_ContentInfo);
  if (der.empty()) {
    return detail::ossl_error("master list: cannot encode the ContentInfo", ErrorCode::unsupported);
  }
  return der;
}

// --- LDIF ---

std::string base64(const Bytes& der) {
  std::string out(4 * ((der.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), der.data(),
                                static_cast<int>(der.size()));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

/// One logical LDIF line folded at k_ldif_width columns (RFC 2849: continuation lines start
/// with one space), each physical line ending in LF.
std::string fold(std::string_view line) {
  std::string out(line.substr(0, k_ldif_width));
  out += '\n';
  for (std::size_t at = k_ldif_width; at < line.size(); at += k_ldif_width - 1) {
    out += ' ';
    out += line.substr(at, k_ldif_width - 1);
    out += '\n';
  }
  return out;
}

/// A name in certificate order as the PKD writes it in `cn`: `C=UT,O=...,CN=...`.
std::string name_text(const X509_NAME* name) {
  std::string text;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    unsigned char* utf8 = nullptr;
    const int size = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    text += text.empty() ? "" : ",";
    text += OBJ_nid2sn(nid);
    text += '=';
    if (size > 0) {
      text.append(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(size));
    }
    OPENSSL_free(utf8);
  }
  return text;
}

/// An RFC 4514 attribute value with the PKD's escaping (`=` too).
std::string dn_escape(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (std::string_view("\\,+\"<>;=").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string serial_hex(const X509* cert) {
  pki::detail::BignumPtr number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  char* hex = number ? BN_bn2hex(number.get()) : nullptr;
  std::string text = hex != nullptr ? hex : "00";
  OPENSSL_free(hex);
  return text;
}

/// `cn=<issuer>+sn=<serial>` of a certificate entry.
std::string certificate_rdn(const X509* cert) {
  return "cn=" + dn_escape(name_text(X509_get_issuer_name(cert))) + "+sn=" + serial_hex(cert);
}

/// An entry: `dn:` then the attributes, each folded, then a blank line.
std::string entry(const std::string& dn, const std::vector<std::string>& attributes) {
  std::string out = fold("dn: " + dn);
  for (const std::string& attribute : attributes) {
    out += fold(attribute);
  }
  return out + "\n";
}

/// The containers of one collection (`data` or `nc-data`) down to `o=<folder>,c=<country>`.
std::string containers(const std::string& collection, const std::string& country,
                       const std::vector<std::string>& folders) {
  const std::string base = "dc=" + collection + "," + k_pkd_suffix;
  std::string out = "version: 1\n\n";
  out += entry(base, {"objectClass: top", "objectClass: domain", "dc: " + collection});
  out += entry("c=" + country + "," + base,
               {"objectClass: top", "objectClass: country", "c: " + country});
  const std::string country_base = ",c=" + country + "," + base;
  for (const std::string& folder : folders) {
    const std::string dn = "o=" + folder;
    out +=
        entry(dn + country_base, {"objectClass: top", "objectClass: organization", "o: " + folder});
  }
  return out;
}

std::vector<std::string> certificate_attributes(const X509* cert, const std::string& value) {
  return {"pkdVersion: 1",
          value,
          "sn: " + serial_hex(cert),
          "cn: " + name_text(X509_get_issuer_name(cert)),
          "objectClass: top",
          "objectClass: person",
          "objectClass: organizationalPerson",
          "objectClass: inetOrgPerson",
          "objectClass: pkdDownload"};
}

void add_file(Specimen& specimen, std::string name, Bytes bytes, bool secret = false) {
  specimen.files.push_back(SpecimenFile{std::move(name), std::move(bytes), secret});
}

Bytes text_bytes(const std::string& text) {
  return Bytes(text.begin(), text.end());
}

} // namespace

std::string_view to_string(PkdCorruption corruption) noexcept {
  for (const auto& [value, name] : k_corruptions) {
    if (value == corruption) {
      return name;
    }
  }
  return {};
}

std::optional<PkdCorruption> parse_pkd_corruption(std::string_view name) noexcept {
  for (const auto& [value, known] : k_corruptions) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

const std::vector<PkdCorruption>& all_pkd_corruptions() {
  static const std::vector<PkdCorruption> all = [] {
    std::vector<PkdCorruption> list;
    list.reserve(k_corruptions.size());
    for (const auto& row : k_corruptions) {
      list.push_back(row.first);
    }
    return list;
  }();
  return all;
}

std::vector<std::string> pkd_corrupted_files(PkdCorruption corruption, std::string_view country) {
  switch (corruption) {
  case PkdCorruption::list_signature:
  case PkdCorruption::list_content:
    return {ml_file(country), "icaopkd-002-specimen.ldif"};
  case PkdCorruption::signer_without_eku:
  case PkdCorruption::signer_foreign_csca:
    return {"mlsigner.pem", ml_file(country), "icaopkd-002-specimen.ldif"};
  case PkdCorruption::ldif_bad_base64:
  case PkdCorruption::ldif_truncated:
    return {"icaopkd-001-specimen.ldif"};
  }
  return {};
}

Result<Specimen> make_pkd_specimen(const PkdSpecimenOptions& options) {
  const auto has = [&](PkdCorruption c) { return options.corrupt.count(c) > 0; };
  const std::string& country = options.country;
  if (country.size() != 2 ||
      !std::all_of(country.begin(), country.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return make_error(ErrorCode::invalid_argument,
                      "country '" + country + "': expected two letters A-Z (ISO 3166-1 alpha-2)");
  }
  if (options.csca_not_after <= options.csca_not_before ||
      options.signer_not_after <= options.signer_not_before) {
    return make_error(ErrorCode::invalid_argument, "a validity period ends before it starts");
  }
  const bool rogue = has(PkdCorruption::list_content) || has(PkdCorruption::signer_foreign_csca);

  // Keys: RSA-2048 throughout (PKCS#1 v1.5 signatures are deterministic).
  const detail::KeySpec rsa{true, nullptr, false};
  struct Role {
    const std::optional<std::string>* pem;
    const char* name; // role, and the key file's stem
    bool needed;
    EvpPkeyPtr key;
  };
  std::array<Role, 6> roles = {{
      {&options.keys.csca, "csca", true, {}},
      {&options.keys.ml_signer, "mlsigner", true, {}},
      {&options.keys.dsc, "dsc", true, {}},
      {&options.keys.nc_dsc, "dsc-nc", true, {}},
      {&options.keys.foreign_csca, "foreign-csca", true, {}},
      {&options.keys.rogue_csca, "rogue-csca", rogue, {}},
  }};
  for (Role& role : roles) {
    if (!role.needed) {
      continue;
    }
    auto key = detail::load_or_generate_key(*role.pem, rsa, role.name);
    if (!key) {
      return key.error();
    }
    role.key = std::move(*key);
  }
  EVP_PKEY* const csca_key = roles[0].key.get();
  EVP_PKEY* const signer_key = roles[1].key.get();
  EVP_PKEY* const dsc_key = roles[2].key.get();
  EVP_PKEY* const nc_dsc_key = roles[3].key.get();
  EVP_PKEY* const foreign_key = roles[4].key.get();
  EVP_PKEY* const rogue_key = roles[5].key.get();

  // Certificates (9303-12 §7.1) and the CSCA's CRL, as make_specimen() makes them.
  const EVP_MD* md = EVP_sha256();
  const detail::Signer csca_signer{csca_key, md, false};
  const Name csca_name = {{"C", country},
                          {"O", "Government of Utopia"},
                          {"OU", "Passport Office"},
                          {"CN", "Utopia CSCA"}};
  const auto issued = [&](const std::string& cn) {
    return Name{
        {"C", country}, {"O", "Government of Utopia"}, {"OU", "Passport Office"}, {"CN", cn}};
  };
  auto csca = detail::make_certificate({csca_name, nullptr, csca_key, k_csca_serial,
                                        options.csca_not_before, options.csca_not_after, true},
                                       csca_signer);
  if (!csca) {
    return csca.error();
  }
  const std::string foreign_country = country == "NL" ? "BE" : "NL";
  auto foreign = detail::make_certificate({{{"C", foreign_country},
                                            {"O", "Test"},
                                            {"CN", "Test CSCA " + foreign_country + " (specimen)"}},
                                           nullptr,
                                           foreign_key,
                                           k_foreign_csca_serial,
                                           options.csca_not_before,
                                           options.csca_not_after,
                                           true},
                                          detail::Signer{foreign_key, md, false});
  if (!foreign) {
    return foreign.error();
  }
  // The rogue CSCA: the genuine name, another key; never in csca.pem nor in the signed list.
  std::optional<X509Ptr> rogue_csca;
  if (rogue) {
    auto made = detail::make_certificate({csca_name, nullptr, rogue_key, k_rogue_csca_serial,
                                          options.csca_not_before, options.csca_not_after, true},
                                         detail::Signer{rogue_key, md, false});
    if (!made) {
      return made.error();
    }
    rogue_csca = std::move(*made);
  }

  X509* signer_issuer = has(PkdCorruption::signer_foreign_csca) ? rogue_csca->get() : csca->get();
  const detail::Signer signer_issuer_key{
      has(PkdCorruption::signer_foreign_csca) ? rogue_key : csca_key, md, false};
  auto ml_signer = detail::make_certificate(
      {issued("Utopia Master List Signer"), signer_issuer, signer_key, k_ml_signer_serial,
       options.signer_not_before, options.signer_not_after, false},
      signer_issuer_key);
  if (!ml_signer) {
    return ml_signer.error();
  }
  if (!has(PkdCorruption::signer_without_eku) &&
      !add_signer_eku(ml_signer->get(), signer_issuer, signer_issuer_key)) {
    return detail::ossl_error("Master List Signer: cannot add its extendedKeyUsage");
  }
  auto dsc = detail::make_certificate({issued("Utopia Document Signer 1"), csca->get(), dsc_key,
                                       k_dsc_serial, options.signer_not_before,
                                       options.signer_not_after, false},
                                      csca_signer);
  if (!dsc) {
    return dsc.error();
  }
  // Collection 003's DSC: it lacks CRLDistributionPoints and DocumentTypeList, which ICAO's
  // conformance checks report (as they would for the first DSC: it is a specimen).
  auto nc_dsc = detail::make_certificate({issued("Utopia Document Signer 2"), csca->get(),
                                          nc_dsc_key, k_nc_dsc_serial, options.signer_not_before,
                                          options.signer_not_after, false},
                                         csca_signer);
  if (!nc_dsc) {
    return nc_dsc.error();
  }
  auto crl = detail::make_crl(csca->get(), csca_signer, options.signing_time,
                              options.csca_not_after, -1, options.signing_time);
  if (!crl) {
    return crl.error();
  }

  // The master list: the publishing state's CSCA and a foreign one.
  const Bytes csca_der = encode(csca->get(), i2d_X509);
  const Bytes foreign_der = encode(foreign->get(), i2d_X509);
  const Bytes content = csca_master_list({csca_der, foreign_der});
  Bytes swapped;
  if (has(PkdCorruption::list_content)) {
    swapped = csca_master_list({csca_der, foreign_der, encode(rogue_csca->get(), i2d_X509)});
  }
  auto list = sign_master_list({content, swapped.empty() ? nullptr : &swapped, ml_signer->get(),
                                detail::Signer{signer_key, md, false}, options.signing_time,
                                has(PkdCorruption::list_signature)});
  if (!list) {
    return list.error();
  }

  // Collection 001: DSC and CRL.
  const std::string data = std::string("dc=data,") + k_pkd_suffix;
  const std::string nc_data = std::string("dc=nc-data,") + k_pkd_suffix;
  const Bytes dsc_der = encode(dsc->get(), i2d_X509);
  const Bytes crl_der = encode(crl->get(), i2d_X509_CRL);
  std::string dsc_value = base64(dsc_der);
  if (has(PkdCorruption::ldif_bad_base64)) {
    dsc_value[dsc_value.size() / 2] = '*'; // outside the base64 alphabet
  }
  std::string ldif1 = containers("data", country, {"dsc", "crl"});
  ldif1 += entry(certificate_rdn(dsc->get()) + ",o=dsc,c=" + country + "," + data,
                 certificate_attributes(dsc->get(), "userCertificate;binary:: " + dsc_value));
  const std::string crl_dn = "cn=" + dn_escape(name_text(X509_CRL_get_issuer(crl->get()))) +
                             ",o=crl,c=" + country + "," + data;
  const std::string crl_value = "certificateRevocationList;binary:: " + base64(crl_der);
  if (has(PkdCorruption::ldif_truncated)) {
    // Cut inside the CRL's value, keeping 2 mod 4 base64 characters: never a valid value.
    const std::size_t start = crl_value.find(":: ") + 3;
    std::size_t keep = (crl_value.size() - start) / 2;
    keep -= keep % 4;
    ldif1 += fold("dn: " + crl_dn) + fold("pkdVersion: 1");
    std::string cut = fold(crl_value.substr(0, start + keep + 2));
    cut.pop_back(); // no line break: the file ends mid-line
    ldif1 += cut;
  } else {
    ldif1 += entry(crl_dn, {"pkdVersion: 1", crl_value, "objectClass: top",
                            "objectClass: cRLDistributionPoint", "objectClass: pkdDownload",
                            "cn: " + name_text(X509_CRL_get_issuer(crl->get()))});
  }

  // Collection 002: the master list.
  std::string ldif2 = containers("data", country, {"ml"});
  ldif2 += entry(certificate_rdn(ml_signer->get()) + ",o=ml,c=" + country + "," + data,
                 {"pkdVersion: 1", "pkdMasterListContent:: " + base64(*list),
                  "sn: " + serial_hex(ml_signer->get()),
                  "cn: " + name_text(X509_get_issuer_name(ml_signer->get())), "objectClass: top",
                  "objectClass: person", "objectClass: pkdMasterList", "objectClass: pkdDownload"});

  // Collection 003: the non-conformant DSC with two findings.
  std::vector<std::string> nc_attributes = certificate_attributes(
      nc_dsc->get(), "userCertificate;binary:: " + base64(encode(nc_dsc->get(), i2d_X509)));
  nc_attributes.insert(
      nc_attributes.end(),
      {"pkdConformanceCode: ERR:DSC.CDP.14",
       "pkdConformanceText: ERR:DSC:Extension:CRLDistributionPoints: Field not present.",
       "pkdConformanceCode: ERR:DSC.DTL.14",
       "pkdConformanceText: ERR:DSC:Extension:DocumentTypeList: Field not present."});
  std::string ldif3 = containers("nc-data", country, {"dsc"});
  ldif3 +=
      entry(certificate_rdn(nc_dsc->get()) + ",o=dsc,c=" + country + "," + nc_data, nc_attributes);

  Specimen specimen;
  add_file(specimen, "csca.pem", detail::certificate_pem(csca->get()));
  add_file(specimen, "mlsigner.pem", detail::certificate_pem(ml_signer->get()));
  add_file(specimen, "dsc.pem", detail::certificate_pem(dsc->get()));
  add_file(specimen, "dsc-nc.pem", detail::certificate_pem(nc_dsc->get()));
  add_file(specimen, "crl.pem", detail::crl_pem(crl->get()));
  add_file(specimen, ml_file(country), std::move(*list));
  add_file(specimen, "icaopkd-001-specimen.ldif", text_bytes(ldif1));
  add_file(specimen, "icaopkd-002-specimen.ldif", text_bytes(ldif2));
  add_file(specimen, "icaopkd-003-specimen.ldif", text_bytes(ldif3));
  for (const Role& role : roles) {
    if (!role.key) {
      continue;
    }
    auto pem = detail::private_key_pem(role.key.get());
    if (!pem) {
      return pem.error();
    }
    add_file(specimen, std::string(role.name) + ".TEST-ONLY.key.pem", std::move(*pem), true);
  }
  return specimen;
}

} // namespace mrtd::chip
