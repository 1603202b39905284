#include "barcode/dcc.hpp"

#include "zlib/zlib.hpp"

#include "barcode/base45.hpp"
#include "barcode/cbor.hpp"
#include "barcode/detail/utf8.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace mrtd::barcode {

namespace {

// `text` for a message: printable ASCII as is, anything else as \xNN (messages stay UTF-8).
std::string printable(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F) {
      out += c;
    } else {
      out += "\\x";
      out += k_hex[b >> 4];
      out += k_hex[b & 15];
    }
  }
  return out;
}

constexpr std::size_t k_max_text = std::size_t{16} * 1024;
constexpr std::size_t k_max_inflated = std::size_t{1024} * 1024;
constexpr std::uint64_t k_tag_cwt = 61;
constexpr std::uint64_t k_tag_cose_sign1 = 18;
constexpr std::int64_t k_header_alg = 1;
constexpr std::int64_t k_header_kid = 4;
constexpr std::int64_t k_claim_iss = 1;
constexpr std::int64_t k_claim_exp = 4;
constexpr std::int64_t k_claim_iat = 6;
constexpr std::int64_t k_claim_hcert = -260;

struct Algorithm {
  std::int64_t id;
  const char* name;
  SignatureAlgorithm algorithm;
};

// COSE algorithm identifiers (RFC 8152 §8.1, RFC 8230 §2) allowed for the DCC.
constexpr Algorithm k_algorithms[] = {
    {-7, "ES256", SignatureAlgorithm::ecdsa_sha256},
    {-35, "ES384", SignatureAlgorithm::ecdsa_sha384},
    {-36, "ES512", SignatureAlgorithm::ecdsa_sha512},
    {-37, "PS256", SignatureAlgorithm::rsassa_pss_sha256},
};

const Algorithm* algorithm_by_id(std::int64_t id) noexcept {
  for (const auto& a : k_algorithms) {
    if (a.id == id) {
      return &a;
    }
  }
  return nullptr;
}

Error fail(ErrorCode code, const std::string& message) {
  return make_error(code, "DCC: " + message);
}

Error wrap(const Error& e, const char* stage) {
  return make_error(e.code, std::string("DCC ") + stage + ": " + e.message, e.offset);
}

const nlohmann::json* member(const nlohmann::json* object, const char* name) {
  if (object == nullptr || !object->is_object()) {
    return nullptr;
  }
  const auto it = object->find(name);
  return it == object->end() ? nullptr : &*it;
}

// The DCC fields worth a line of their own; the whole claim stays in `dcc`.
void flatten(const std::string& json_text, Payload& p) {
  const auto dcc = nlohmann::json::parse(json_text, nullptr, false);
  const auto add = [&](const nlohmann::json* v, const char* name) {
    if (v != nullptr && v->is_string()) {
      p.fields.push_back({name, v->get<std::string>(), Field::Kind::text, std::nullopt});
    }
  };
  add(member(&dcc, "ver"), "dcc.ver");
  add(member(member(&dcc, "nam"), "fn"), "dcc.nam.fn");
  add(member(member(&dcc, "nam"), "gn"), "dcc.nam.gn");
  add(member(&dcc, "dob"), "dcc.dob");
  std::string types;
  const nlohmann::json* first_ci = nullptr;
  for (const char* type : {"v", "t", "r"}) {
    const nlohmann::json* entries = member(&dcc, type);
    if (entries == nullptr) {
      continue;
    }
    types += types.empty() ? type : std::string(",") + type;
    if (first_ci == nullptr && entries->is_array() && !entries->empty()) {
      first_ci = member(&entries->front(), "ci");
    }
  }
  if (!types.empty()) {
    p.fields.push_back({"dcc.certificate_type", types, Field::Kind::text, std::nullopt});
  }
  add(first_ci, "dcc.ci");
}

std::optional<std::int64_t> numeric_date(const cbor::Value* v, const char* name, Payload& p) {
  if (v == nullptr) {
    return std::nullopt;
  }
  // RFC 8392 NumericDate, kept to years 1970..9999 so that it formats as an ISO instant.
  constexpr std::int64_t k_year_10000 = 253402300800;
  if (auto n = v->as_int(); n && *n >= 0 && *n < k_year_10000) {
    return n;
  }
  p.problems.push_back(std::string("CWT claim ") + name +
                       " is not an integer NumericDate between 1970 and 9999");
  return std::nullopt;
}

Result<Payload> decode_cose(const cbor::Value& root, Payload& p) {
  const cbor::Value* cose = &root;
  std::string tags;
  while (cose->type == cbor::Type::tag) {
    if (cose->number != k_tag_cwt && cose->number != k_tag_cose_sign1) {
      return fail(ErrorCode::unsupported, "CBOR tag " + std::to_string(cose->number) +
                                              " is not COSE_Sign1 (18) or CWT (61)");
    }
    tags += (tags.empty() ? "" : ",") + std::to_string(cose->number);
    cose = &cose->items.front();
  }
  p.header.push_back({"cose_tags", tags.empty() ? "none" : tags, Field::Kind::text, std::nullopt});
  if (cose->type != cbor::Type::array || cose->items.size() != 4) {
    return fail(ErrorCode::malformed, "not a COSE_Sign1 structure (a 4-element array)");
  }
  const cbor::Value& protected_bstr = cose->items[0];
  const cbor::Value& unprotected = cose->items[1];
  const cbor::Value& payload_bstr = cose->items[2];
  const cbor::Value& signature = cose->items[3];
  if (payload_bstr.type == cbor::Type::simple && payload_bstr.number == 22) {
    return fail(ErrorCode::unsupported, "detached COSE payload");
  }
  if (protected_bstr.type != cbor::Type::bytes || unprotected.type != cbor::Type::map ||
      payload_bstr.type != cbor::Type::bytes || signature.type != cbor::Type::bytes) {
    return fail(ErrorCode::malformed, "COSE_Sign1 members are not bstr, map, bstr, bstr");
  }
  cbor::Value protected_map;
  protected_map.type = cbor::Type::map;
  if (!protected_bstr.data.empty()) {
    auto decoded = cbor::decode(protected_bstr.data);
    if (!decoded) {
      return wrap(decoded.error(), "protected header");
    }
    if (decoded->type != cbor::Type::map) {
      return fail(ErrorCode::malformed, "protected header is not a map");
    }
    protected_map = std::move(*decoded);
  }

  // barcodes.md P12: alg and kid may sit in either header; the protected one wins.
  const auto pick = [&](std::int64_t label, const char* name) -> const cbor::Value* {
    const cbor::Value* v = protected_map.find(label);
    const char* where = "protected";
    if (v == nullptr) {
      v = unprotected.find(label);
      where = "unprotected";
    }
    if (v != nullptr) {
      p.header.push_back({std::string(name) + "_header", where, Field::Kind::text, std::nullopt});
    }
    return v;
  };
  const cbor::Value* alg = pick(k_header_alg, "alg");
  const cbor::Value* kid = pick(k_header_kid, "kid");
  const cbor::Value* other_kid = unprotected.find(k_header_kid);
  if (kid != nullptr && other_kid != nullptr && other_kid != kid &&
      (other_kid->type != kid->type || other_kid->data != kid->data)) {
    p.quirks.push_back("kid in the unprotected header differs from the protected one: the "
                       "protected kid is used");
  }
  const Algorithm* algorithm = nullptr;
  if (alg == nullptr) {
    p.problems.push_back("COSE header has no alg");
  } else if (auto id = alg->as_int(); id && (algorithm = algorithm_by_id(*id)) != nullptr) {
    p.header.push_back(
        {"alg", std::to_string(*id) + " " + algorithm->name, Field::Kind::text, std::nullopt});
  } else {
    const std::string shown = id                            ? std::to_string(*id)
                             : alg->type == cbor::Type::text ? '"' + printable(alg->text()) + '"'
                                                             : std::string("(not a number)");
    p.header.push_back({"alg", shown, Field::Kind::text, std::nullopt});
    p.problems.push_back("unsupported COSE algorithm " + shown);
  }
  if (kid != nullptr && kid->type != cbor::Type::bytes) {
    p.problems.push_back("COSE kid is not a byte string");
    kid = nullptr;
  }
  if (kid != nullptr) {
    p.header.push_back({"kid", to_hex(kid->data), Field::Kind::hex, std::nullopt});
    if (kid->data.size() != 8) {
      p.problems.push_back("kid has " + std::to_string(kid->data.size()) +
                           " bytes; a DCC kid is the first 8 bytes of SHA-256 of the DSC");
    }
  } else {
    p.problems.push_back("COSE header has no kid");
  }

  auto claims = cbor::decode(payload_bstr.data);
  if (!claims) {
    return wrap(claims.error(), "CWT payload");
  }
  if (claims->type != cbor::Type::map) {
    return fail(ErrorCode::malformed, "CWT payload is not a map of claims");
  }
  if (const cbor::Value* iss = claims->find(k_claim_iss);
      iss != nullptr && iss->type == cbor::Type::text) {
    if (detail::is_valid_utf8(iss->data)) {
      p.issuing_state = std::string(iss->text());
      p.header.push_back({"iss", p.issuing_state, Field::Kind::text, std::nullopt});
    } else {
      p.header.push_back({"iss", to_hex(iss->data), Field::Kind::hex, std::nullopt});
      p.problems.push_back("CWT claim iss is not valid UTF-8");
    }
  }
  const auto iat = numeric_date(claims->find(k_claim_iat), "iat", p);
  const auto exp = numeric_date(claims->find(k_claim_exp), "exp", p);
  if (iat) {
    p.header.push_back({"iat", to_iso_instant(*iat), Field::Kind::text, std::nullopt});
  }
  if (exp) {
    p.header.push_back({"exp", to_iso_instant(*exp), Field::Kind::text, std::nullopt});
  }
  const cbor::Value* hcert = claims->find(k_claim_hcert);
  const cbor::Value* dcc = hcert != nullptr ? hcert->find(std::int64_t{1}) : nullptr;
  if (dcc == nullptr) {
    p.problems.push_back("CWT has no hcert claim -260 with a DCC under key 1");
  } else if (auto json = cbor::to_json(*dcc); !json) {
    p.problems.push_back("DCC claim has no JSON form: " + json.error().message);
  } else {
    p.fields.push_back({"dcc", *json, Field::Kind::json, std::nullopt});
    flatten(*json, p);
  }

  if (algorithm != nullptr) {
    SignatureInfo info;
    info.algorithm = algorithm->algorithm;
    info.signed_data = cose_sign1_sig_structure(protected_bstr.data, payload_bstr.data);
    info.signature = signature.data;
    // RFC 8152 §8.1: an ECDSA signature is r||s, each half the size of the curve's field.
    const std::size_t ecdsa_size = algorithm->id == -7 ? 64 : algorithm->id == -35 ? 96 : 132;
    if (algorithm->algorithm != SignatureAlgorithm::rsassa_pss_sha256 &&
        info.signature.size() != ecdsa_size) {
      p.problems.push_back(std::string(algorithm->name) + " signature has " +
                           std::to_string(info.signature.size()) + " bytes, not r||s of " +
                           std::to_string(ecdsa_size));
    }
    if (kid != nullptr) {
      info.reference = to_hex(kid->data);
      info.reference_kind = ReferenceKind::sha256_head8;
    }
    if (iat) {
      info.signing_date = to_civil(*iat);
    }
    p.signature = std::move(info);
  }
  return std::move(p);
}

} // namespace

Bytes cose_sign1_sig_structure(ByteView protected_header, ByteView payload) {
  Bytes out;
  cbor::write_head(out, 4, 4);
  cbor::write_text(out, "Signature1");
  cbor::write_bytes(out, protected_header);
  cbor::write_bytes(out, {});
  cbor::write_bytes(out, payload);
  return out;
}

Result<Payload> decode_dcc(ByteView input) {
  if (input.size() > k_max_text) {
    return fail(ErrorCode::limit_exceeded, "text longer than 16 KiB");
  }
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  if (text.substr(0, 4) != "HC1:") {
    const bool other_context = text.size() >= 4 && text[3] == ':';
    return make_error(other_context ? ErrorCode::unsupported : ErrorCode::malformed,
                      other_context ? "DCC: context identifier " + printable(text.substr(0, 4)) +
                                          " is not HC1:"
                                    : std::string("DCC: no HC1: prefix"),
                      0);
  }
  auto raw = base45_decode(text.substr(4));
  if (!raw) {
    Error e = wrap(raw.error(), "base45");
    e.offset = e.offset >= 0 ? e.offset + 4 : e.offset;
    return e;
  }
  Payload p;
  p.kind = PayloadKind::dcc;
  p.profile = "dcc";
  Bytes cose_bytes = std::move(*raw);
  if (!cose_bytes.empty() && cose_bytes[0] == 0x78) {
    auto inflated = zlib::inflate(cose_bytes, k_max_inflated);
    if (!inflated) {
      return wrap(inflated.error(), "zlib");
    }
    cose_bytes = std::move(*inflated);
  } else {
    p.quirks.push_back("payload is not zlib-compressed (no 0x78 header): read as raw COSE");
  }
  auto root = cbor::decode(cose_bytes);
  if (!root) {
    if (!p.quirks.empty()) {
      return fail(root.error().code,
                  "payload is neither a zlib stream (0x78...) nor COSE: " + root.error().message);
    }
    return wrap(root.error(), "COSE");
  }
  return decode_cose(*root, p);
}

} // namespace mrtd::barcode
