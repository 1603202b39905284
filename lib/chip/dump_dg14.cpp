// DG14 SecurityInfos (9303-11 §9.2, BSI TR-03110 Part 3 §A.1) and helpers shared by the
// dump decoders: hashes, hex, key descriptions, OID names.

#include "chip/detail/dump_parts.hpp"

#include <openssl/asn1t.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <climits>

namespace mrtd::chip::detail {

namespace {

void free_type_stack(STACK_OF(ASN1_TYPE) * stack) noexcept {
  sk_ASN1_TYPE_pop_free(stack, ASN1_TYPE_free);
}
using TypeStackPtr = pki::detail::Owned<STACK_OF(ASN1_TYPE), free_type_stack>;
using EcGroupPtr = pki::detail::Owned<EC_GROUP, EC_GROUP_free>;
using ParamsPtr = pki::detail::Owned<OSSL_PARAM, OSSL_PARAM_free>;

struct OidName {
  const char* oid;
  const char* name;
};

// BSI TR-03110 Part 3 §A.6 (bsi-de 0.4.0.127.0.7), ICAO 9303-10/11/12 (2.23.136.1.1).
constexpr OidName k_oid_names[] = {
    {"0.4.0.127.0.7.2.2.1.1", "id-PK-DH"},
    {"0.4.0.127.0.7.2.2.1.2", "id-PK-ECDH"},
    {"0.4.0.127.0.7.2.2.2", "id-TA"},
    {"0.4.0.127.0.7.2.2.3.1", "id-CA-DH"},
    {"0.4.0.127.0.7.2.2.3.1.1", "id-CA-DH-3DES-CBC-CBC"},
    {"0.4.0.127.0.7.2.2.3.1.2", "id-CA-DH-AES-CBC-CMAC-128"},
    {"0.4.0.127.0.7.2.2.3.1.3", "id-CA-DH-AES-CBC-CMAC-192"},
    {"0.4.0.127.0.7.2.2.3.1.4", "id-CA-DH-AES-CBC-CMAC-256"},
    {"0.4.0.127.0.7.2.2.3.2", "id-CA-ECDH"},
    {"0.4.0.127.0.7.2.2.3.2.1", "id-CA-ECDH-3DES-CBC-CBC"},
    {"0.4.0.127.0.7.2.2.3.2.2", "id-CA-ECDH-AES-CBC-CMAC-128"},
    {"0.4.0.127.0.7.2.2.3.2.3", "id-CA-ECDH-AES-CBC-CMAC-192"},
    {"0.4.0.127.0.7.2.2.3.2.4", "id-CA-ECDH-AES-CBC-CMAC-256"},
    {"0.4.0.127.0.7.2.2.4.1", "id-PACE-DH-GM"},
    {"0.4.0.127.0.7.2.2.4.1.1", "id-PACE-DH-GM-3DES-CBC-CBC"},
    {"0.4.0.127.0.7.2.2.4.1.2", "id-PACE-DH-GM-AES-CBC-CMAC-128"},
    {"0.4.0.127.0.7.2.2.4.1.3", "id-PACE-DH-GM-AES-CBC-CMAC-192"},
    {"0.4.0.127.0.7.2.2.4.1.4", "id-PACE-DH-GM-AES-CBC-CMAC-256"},
    {"0.4.0.127.0.7.2.2.4.2", "id-PACE-ECDH-GM"},
    {"0.4.0.127.0.7.2.2.4.2.1", "id-PACE-ECDH-GM-3DES-CBC-CBC"},
    {"0.4.0.127.0.7.2.2.4.2.2", "id-PACE-ECDH-GM-AES-CBC-CMAC-128"},
    {"0.4.0.127.0.7.2.2.4.2.3", "id-PACE-ECDH-GM-AES-CBC-CMAC-192"},
    {"0.4.0.127.0.7.2.2.4.2.4", "id-PACE-ECDH-GM-AES-CBC-CMAC-256"},
    {"0.4.0.127.0.7.2.2.4.3", "id-PACE-DH-IM"},
    {"0.4.0.127.0.7.2.2.4.3.1", "id-PACE-DH-IM-3DES-CBC-CBC"},
    {"0.4.0.127.0.7.2.2.4.3.2", "id-PACE-DH-IM-AES-CBC-CMAC-128"},
    {"0.4.0.127.0.7.2.2.4.3.3", "id-PACE-DH-IM-AES-CBC-CMAC-192"},
    {"0.4.0.127.0.7.2.2.4.3.4", "id-PACE-DH-IM-AES-CBC-CMAC-256"},
    {"0.4.0.127.0.7.2.2.4.4", "id-PACE-ECDH-IM"},
    {"0.4.0.127.0.7.2.2.4.4.1", "id-PACE-ECDH-IM-3DES-CBC-CBC"},
    {"0.4.0.127.0.7.2.2.4.4.2", "id-PACE-ECDH-IM-AES-CBC-CMAC-128"},
    {"0.4.0.127.0.7.2.2.4.4.3", "id-PACE-ECDH-IM-AES-CBC-CMAC-192"},
    {"0.4.0.127.0.7.2.2.4.4.4", "id-PACE-ECDH-IM-AES-CBC-CMAC-256"},
    {"0.4.0.127.0.7.2.2.4.6", "id-PACE-ECDH-CAM"},
    {"0.4.0.127.0.7.2.2.4.6.2", "id-PACE-ECDH-CAM-AES-CBC-CMAC-128"},
    {"0.4.0.127.0.7.2.2.4.6.3", "id-PACE-ECDH-CAM-AES-CBC-CMAC-192"},
    {"0.4.0.127.0.7.2.2.4.6.4", "id-PACE-ECDH-CAM-AES-CBC-CMAC-256"},
    {"0.4.0.127.0.7.2.2.5", "id-RI"},
    {"0.4.0.127.0.7.2.2.6", "id-CI"},
    {"0.4.0.127.0.7.2.2.7", "id-eIDSecurity"},
    {"0.4.0.127.0.7.2.2.8", "id-PT"},
    {"0.4.0.127.0.7.3.2.1", "id-SecurityObject"},
    {"0.4.0.127.0.7.1.1.4.1.1", "ecdsa-plain-SHA1"},
    {"0.4.0.127.0.7.1.1.4.1.2", "ecdsa-plain-SHA224"},
    {"0.4.0.127.0.7.1.1.4.1.3", "ecdsa-plain-SHA256"},
    {"0.4.0.127.0.7.1.1.4.1.4", "ecdsa-plain-SHA384"},
    {"0.4.0.127.0.7.1.1.4.1.5", "ecdsa-plain-SHA512"},
    {"0.4.0.127.0.7.1.1.4.1.6", "ecdsa-plain-RIPEMD160"},
    {"2.23.136.1.1.1", "id-icao-mrtd-security-ldsSecurityObject"},
    {"2.23.136.1.1.2", "id-icao-cscaMasterList"},
    {"2.23.136.1.1.3", "id-icao-cscaMasterListSigningKey"},
    {"2.23.136.1.1.5", "id-AA"},
    {"2.23.136.1.1.7", "id-icao-DeviationList"},
    {"2.23.136.1.1.13", "id-EFDIR"},
    {"1.3.27.1.1.1", "id-icao-ldsSecurityObject (legacy)"},
    {"1.2.528.1.1006.1.20.1", "id-sdu-ldsSecurityObject"},
    {"1.2.840.113549.1.7.1", "id-data"},
};

// PACE standardized domain parameters (TR-03110 Part 3 §A.2.1.1).
std::string parameter_name(std::int64_t id) {
  static const char* const k_names[] = {
      "1024-bit MODP, 160-bit prime order subgroup", "2048-bit MODP, 224-bit prime order subgroup",
      "2048-bit MODP, 256-bit prime order subgroup", nullptr, nullptr, nullptr, nullptr, nullptr,
      "NIST P-192", "brainpoolP192r1", "NIST P-224", "brainpoolP224r1", "NIST P-256",
      "brainpoolP256r1", "brainpoolP320r1", "NIST P-384", "brainpoolP384r1", "brainpoolP512r1",
      "NIST P-521"};
  if (id >= 0 && id < static_cast<std::int64_t>(std::size(k_names)) && k_names[id] != nullptr) {
    return std::to_string(id) + " (" + k_names[static_cast<std::size_t>(id)] + ")";
  }
  return std::to_string(id);
}

std::string dotted(const ASN1_OBJECT* object) {
  char buffer[128];
  const int size = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
  return size > 0 && static_cast<std::size_t>(size) < sizeof buffer ? std::string(buffer) : "";
}

std::string describe_text(const pki::KeyInfo& key) {
  std::string text = key.algorithm + " " + std::to_string(key.bits);
  if (key.curve) {
    text += " " + *key.curve;
  }
  if (key.explicit_parameters) {
    text += " (explicit parameters)";
  }
  return text;
}

// One member of a SecurityInfo after the protocol OID, named by its position and type.
void add_member(SecurityInfo& info, int position, const ASN1_TYPE* member) {
  const bool aa = info.protocol == "2.23.136.1.1.5";
  const bool pk = info.protocol.rfind("0.4.0.127.0.7.2.2.1.", 0) == 0;
  const bool pace = info.protocol.rfind("0.4.0.127.0.7.2.2.4.", 0) == 0;
  const bool ca = info.protocol.rfind("0.4.0.127.0.7.2.2.3.", 0) == 0;
  switch (member->type) {
  case V_ASN1_INTEGER: {
    std::int64_t value = -1;
    if (ASN1_INTEGER_get_int64(&value, member->value.integer) != 1) {
      ERR_clear_error();
      info.fields.emplace_back("integer", "out of range");
      break;
    }
    const char* name = position == 1 && !pk ? "version"
                       : pace               ? "parameter_id"
                       : ca || pk           ? "key_id"
                                            : "value";
    info.fields.emplace_back(name, pace && position == 2 ? parameter_name(value)
                                                         : std::to_string(value));
    break;
  }
  case V_ASN1_OBJECT: {
    const std::string oid = dotted(member->value.object);
    const char* key = aa ? "signature_algorithm" : "algorithm";
    info.fields.emplace_back(key, oid);
    if (const std::string name = oid_name(oid); !name.empty()) {
      info.fields.emplace_back(std::string(key) + "_name", name);
    }
    break;
  }
  case V_ASN1_SEQUENCE: {
    const ASN1_STRING* der = member->value.sequence;
    if (pk && position == 1) {
      const unsigned char* p = ASN1_STRING_get0_data(der);
      pki::detail::EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, ASN1_STRING_length(der)));
      ERR_clear_error();
      info.fields.emplace_back("public_key", key ? describe_text(describe_key(key.get()))
                                                 : "undecodable SubjectPublicKeyInfo");
    } else {
      info.fields.emplace_back("sequence", std::to_string(ASN1_STRING_length(der)) + " bytes");
    }
    break;
  }
  case V_ASN1_OCTET_STRING: {
    const ASN1_STRING* value = member->value.octet_string;
    const auto size = static_cast<std::size_t>(ASN1_STRING_length(value));
    info.fields.emplace_back(info.protocol == "2.23.136.1.1.13" ? "ef_dir" : "octets",
                             size <= 64 ? hex(ByteView(ASN1_STRING_get0_data(value), size))
                                        : std::to_string(size) + " bytes");
    break;
  }
  default:
    info.fields.emplace_back("type_" + std::to_string(member->type), "not decoded");
  }
}

} // namespace

std::string hex(ByteView bytes) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += k_hex[b >> 4];
    out += k_hex[b & 0xF];
  }
  return out;
}

std::string sha256_hex(ByteView bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out, &size, EVP_sha256(), nullptr) != 1) {
    ERR_clear_error();
    return "";
  }
  return hex(ByteView(out, size));
}

pki::KeyInfo describe_key(const EVP_PKEY* key) {
  pki::KeyInfo info;
  info.bits = EVP_PKEY_get_bits(key);
  switch (EVP_PKEY_get_base_id(key)) {
  case EVP_PKEY_RSA:
    info.algorithm = "RSA";
    return info;
  case EVP_PKEY_RSA_PSS:
    info.algorithm = "RSASSA-PSS";
    return info;
  case EVP_PKEY_DSA:
    info.algorithm = "DSA";
    return info;
  case EVP_PKEY_DH:
  case EVP_PKEY_DHX:
    info.algorithm = "DH";
    return info;
  case EVP_PKEY_EC:
    info.algorithm = "EC";
    break;
  default:
    info.algorithm = EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "unknown";
    return info;
  }
  char name[80];
  std::size_t size = 0;
  char encoding[32];
  std::size_t encoding_size = 0;
  const bool is_explicit =
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_ENCODING, encoding, sizeof encoding,
                                     &encoding_size) == 1 &&
      std::string_view(encoding, encoding_size) == OSSL_PKEY_EC_ENCODING_EXPLICIT;
  if (EVP_PKEY_get_group_name(key, name, sizeof name, &size) == 1) {
    info.curve = std::string(name, size);
    info.explicit_parameters = is_explicit;
    return info;
  }
  // Explicit domain parameters (Doc 9303-12 allows them): name the curve they equal.
  info.explicit_parameters = true;
  OSSL_PARAM* raw = nullptr;
  if (EVP_PKEY_todata(key, EVP_PKEY_KEY_PARAMETERS, &raw) == 1) {
    ParamsPtr params(raw);
    EcGroupPtr group(EC_GROUP_new_from_params(params.get(), nullptr, nullptr));
    const int nid = group ? EC_GROUP_check_named_curve(group.get(), 0, nullptr) : NID_undef;
    if (nid > 0) {
      info.curve = OBJ_nid2sn(nid);
    }
  }
  ERR_clear_error();
  return info;
}

std::string oid_name(std::string_view oid) {
  for (const auto& row : k_oid_names) {
    if (oid == row.oid) {
      return row.name;
    }
  }
  pki::detail::Asn1ObjectPtr object(OBJ_txt2obj(std::string(oid).c_str(), 1));
  ERR_clear_error();
  const int nid = object ? OBJ_obj2nid(object.get()) : NID_undef;
  return nid != NID_undef ? OBJ_nid2ln(nid) : "";
}

Result<std::vector<SecurityInfo>> parse_security_infos(ByteView file) {
  auto outer = read_tlv(file);
  if (!outer) {
    return outer.error();
  }
  if (outer->tag != 0x6E) {
    return make_error(ErrorCode::malformed, "not DG14 (tag 0x6E)", 0);
  }
  ERR_clear_error();
  const unsigned char* p = outer->value.data();
  TypeStackPtr set(d2i_ASN1_SET_ANY(nullptr, &p, static_cast<long>(outer->value.size())));
  if (!set) {
    return make_error(ErrorCode::malformed,
                      "SecurityInfos is not a SET OF SecurityInfo: " + pki::detail::drain_errors(),
                      static_cast<std::ptrdiff_t>(outer->header_size));
  }
  std::vector<SecurityInfo> infos;
  for (int i = 0; i < sk_ASN1_TYPE_num(set.get()); ++i) {
    const ASN1_TYPE* item = sk_ASN1_TYPE_value(set.get(), i);
    if (item->type != V_ASN1_SEQUENCE) {
      return make_error(ErrorCode::malformed, "SecurityInfo " + std::to_string(i + 1) +
                                                  " is not a SEQUENCE");
    }
    const unsigned char* q = ASN1_STRING_get0_data(item->value.sequence);
    TypeStackPtr members(d2i_ASN1_SEQUENCE_ANY(nullptr, &q, ASN1_STRING_length(item->value.sequence)));
    if (!members || sk_ASN1_TYPE_num(members.get()) < 2 ||
        sk_ASN1_TYPE_value(members.get(), 0)->type != V_ASN1_OBJECT) {
      ERR_clear_error();
      return make_error(ErrorCode::malformed, "SecurityInfo " + std::to_string(i + 1) +
                                                  " is not SEQUENCE {OID, requiredData, ...}");
    }
    SecurityInfo info;
    info.protocol = dotted(sk_ASN1_TYPE_value(members.get(), 0)->value.object);
    info.protocol_name = oid_name(info.protocol);
    for (int m = 1; m < sk_ASN1_TYPE_num(members.get()); ++m) {
      add_member(info, m, sk_ASN1_TYPE_value(members.get(), m));
    }
    infos.push_back(std::move(info));
  }
  return infos;
}

} // namespace mrtd::chip::detail
