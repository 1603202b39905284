#include "pki/certificate_details.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/ossl.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <array>
#include <utility>

namespace mrtd::pki {
namespace {

// ICAO Doc 9303-12 §7.1 and 9303-13 OIDs under id-icao-mrtd-security (2.23.136.1.1).
constexpr std::array<std::pair<std::string_view, const char*>, 10> k_icao_oids{{
    {"2.23.136.1.1.1", "ldsSecurityObject"},
    {"2.23.136.1.1.2", "cscaMasterList"},
    {"2.23.136.1.1.3", "cscaMasterListSigningKey"},
    {"2.23.136.1.1.5", "aaProtocolObject"},
    {"2.23.136.1.1.6.1", "nameChange"},
    {"2.23.136.1.1.6.2", "documentTypeList"},
    {"2.23.136.1.1.7", "deviationList"},
    {"2.23.136.1.1.8", "deviationListSigningKey"},
    {"2.23.136.1.1.11.1", "vdsSigner"},
    {"2.23.136.1.1.13", "efDir"},
}};

std::string oid_of(const ASN1_OBJECT* object) {
  char buffer[128];
  const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
  return length > 0 ? std::string(buffer) : std::string();
}

std::string name_of(const ASN1_OBJECT* object, const std::string& oid) {
  if (const char* icao = icao_oid_name(oid)) {
    return icao;
  }
  const int nid = OBJ_obj2nid(object);
  if (nid != NID_undef) {
    if (const char* name = OBJ_nid2sn(nid)) {
      return name;
    }
  }
  return oid;
}

std::string hex(const unsigned char* data, std::size_t size) {
  return detail::hex_string(data, size);
}

// A minimal DER walk for documentTypeList: SEQUENCE { version INTEGER, SET OF PrintableString }.
struct Tlv {
  unsigned char tag = 0;
  const unsigned char* value = nullptr;
  std::size_t length = 0;
};

bool read_tlv(const unsigned char*& cursor, const unsigned char* end, Tlv& tlv) {
  if (end - cursor < 2) {
    return false;
  }
  tlv.tag = *cursor++;
  std::size_t length = *cursor++;
  if (length & 0x80) {
    const std::size_t octets = length & 0x7f;
    if (octets == 0 || octets > 4 || static_cast<std::size_t>(end - cursor) < octets) {
      return false;
    }
    length = 0;
    for (std::size_t i = 0; i < octets; ++i) {
      length = (length << 8) | *cursor++;
    }
  }
  if (static_cast<std::size_t>(end - cursor) < length) {
    return false;
  }
  tlv.value = cursor;
  tlv.length = length;
  cursor += length;
  return true;
}

bool document_types(const ASN1_OCTET_STRING* data, std::vector<std::string>& out) {
  const unsigned char* cursor = ASN1_STRING_get0_data(data);
  const unsigned char* end = cursor + ASN1_STRING_length(data);
  Tlv sequence;
  if (!read_tlv(cursor, end, sequence) || sequence.tag != 0x30 || cursor != end) {
    return false;
  }
  const unsigned char* inner = sequence.value;
  const unsigned char* inner_end = inner + sequence.length;
  Tlv version;
  Tlv set;
  if (!read_tlv(inner, inner_end, version) || version.tag != 0x02 ||
      !read_tlv(inner, inner_end, set) || set.tag != 0x31) {
    return false;
  }
  long v = 0;
  for (std::size_t i = 0; i < version.length; ++i) {
    v = v * 256 + version.value[i];
  }
  out.push_back("version " + std::to_string(v));
  const unsigned char* item = set.value;
  const unsigned char* set_end = item + set.length;
  while (item < set_end) {
    Tlv type;
    if (!read_tlv(item, set_end, type) || (type.tag != 0x13 && type.tag != 0x0c)) {
      return false;
    }
    out.emplace_back(reinterpret_cast<const char*>(type.value), type.length);
  }
  return true;
}

// OpenSSL's own text for the extensions it knows, one value per line.
bool openssl_text(X509_EXTENSION* extension, std::vector<std::string>& out) {
  detail::BioPtr bio(BIO_new(BIO_s_mem()));
  ERR_clear_error();
  if (!bio || X509V3_EXT_print(bio.get(), extension, 0, 0) != 1) {
    ERR_clear_error();
    return false;
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  const std::string text(data, static_cast<std::size_t>(std::max(length, 0L)));
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.front() == ' ')) {
      line.erase(line.begin());
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
      line.pop_back();
    }
    if (!line.empty()) {
      out.push_back(std::move(line));
    }
    start = end + 1;
  }
  return !out.empty();
}

ExtensionInfo describe_extension(X509_EXTENSION* extension) {
  ExtensionInfo info;
  const ASN1_OBJECT* object = X509_EXTENSION_get_object(extension);
  info.oid = oid_of(object);
  info.name = name_of(object, info.oid);
  info.critical = X509_EXTENSION_get_critical(extension) != 0;
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(extension);
  if (info.oid == "2.23.136.1.1.6.2" && document_types(data, info.values)) {
    return info;
  }
  if (info.oid == "2.5.29.37") { // extendedKeyUsage: ICAO purposes named
    auto* usages = static_cast<EXTENDED_KEY_USAGE*>(X509V3_EXT_d2i(extension));
    if (usages != nullptr) {
      for (int i = 0; i < sk_ASN1_OBJECT_num(usages); ++i) {
        const ASN1_OBJECT* purpose = sk_ASN1_OBJECT_value(usages, i);
        const std::string oid = oid_of(purpose);
        info.values.push_back(name_of(purpose, oid) + (name_of(purpose, oid) == oid ? "" : " (" + oid + ")"));
      }
      sk_ASN1_OBJECT_pop_free(usages, ASN1_OBJECT_free);
      return info;
    }
    ERR_clear_error();
  }
  if (icao_oid_name(info.oid) == nullptr && openssl_text(extension, info.values)) {
    return info;
  }
  info.values.push_back(hex(ASN1_STRING_get0_data(data),
                            static_cast<std::size_t>(ASN1_STRING_length(data))));
  return info;
}

std::optional<std::string> bn_param(const EVP_PKEY* key, const char* name) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1 || value == nullptr) {
    ERR_clear_error();
    return std::nullopt;
  }
  detail::BignumPtr owned(value);
  char* text = BN_bn2hex(value);
  std::string out = text != nullptr ? text : "";
  OPENSSL_free(text);
  return out;
}

std::optional<std::string> octet_param(const EVP_PKEY* key, const char* name) {
  unsigned char buffer[1024];
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key, name, buffer, sizeof buffer, &length) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return hex(buffer, length);
}

std::optional<EcParameters> ec_parameters(const X509* cert) {
  const EVP_PKEY* key = X509_get0_pubkey(cert);
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
    ERR_clear_error();
    return std::nullopt;
  }
  EcParameters ec;
  char field[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_FIELD_TYPE, field, sizeof field,
                                     &length) == 1) {
    ec.field_type = std::string(field, length);
  }
  ec.prime = bn_param(key, OSSL_PKEY_PARAM_EC_P).value_or("");
  ec.a = bn_param(key, OSSL_PKEY_PARAM_EC_A).value_or("");
  ec.b = bn_param(key, OSSL_PKEY_PARAM_EC_B).value_or("");
  ec.order = bn_param(key, OSSL_PKEY_PARAM_EC_ORDER).value_or("");
  ec.cofactor = bn_param(key, OSSL_PKEY_PARAM_EC_COFACTOR).value_or("");
  ec.generator = octet_param(key, OSSL_PKEY_PARAM_EC_GENERATOR).value_or("");
  ec.seed = octet_param(key, OSSL_PKEY_PARAM_EC_SEED);
  if (ec.seed && ec.seed->empty()) {
    ec.seed.reset();
  }
  ERR_clear_error();
  return ec;
}

} // namespace

const char* icao_oid_name(std::string_view oid) noexcept {
  for (const auto& [known, name] : k_icao_oids) {
    if (known == oid) {
      return name;
    }
  }
  return nullptr;
}

Result<CertificateDetails> describe_certificate_details(ByteView der) {
  detail::X509Ptr cert = detail::parse_der_certificate(der);
  if (!cert) {
    return make_error(ErrorCode::malformed, "not a DER certificate");
  }
  CertificateDetails details;
  details.info = detail::describe(cert.get());
  details.version = X509_get_version(cert.get()) + 1;
  const int count = X509_get_ext_count(cert.get());
  for (int i = 0; i < count; ++i) {
    details.extensions.push_back(describe_extension(X509_get_ext(cert.get(), i)));
  }
  details.ec = ec_parameters(cert.get());
  ERR_clear_error();
  return details;
}

} // namespace mrtd::pki
