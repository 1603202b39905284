#include "barcode/vdsnc.hpp"

#include "barcode/jcs.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace mrtd::barcode {

namespace {

constexpr std::size_t k_max_text = std::size_t{64} * 1024;

struct Decoded64 {
  Bytes bytes;
  bool standard_alphabet = false;
};

int base64_value(char c, bool& standard) noexcept {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '-' || c == '_') {
    return c == '-' ? 62 : 63;
  }
  if (c == '+' || c == '/') {
    standard = true;
    return c == '+' ? 62 : 63;
  }
  return -1;
}

// base64url (RFC 4648 §5), with or without `=` padding (both occur: barcodes.md §2).
std::optional<Decoded64> base64url_decode(std::string_view s) {
  std::size_t len = s.size();
  while (len > 0 && s[len - 1] == '=') {
    --len;
  }
  if ((len != s.size() && s.size() % 4 != 0) || s.size() - len > 2 || len % 4 == 1) {
    return std::nullopt;
  }
  Decoded64 out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const int v = base64_value(s[i], out.standard_alphabet);
    if (v < 0) {
      return std::nullopt;
    }
    buffer = ((buffer << 6) | static_cast<std::uint32_t>(v)) & 0xFFFFu;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.bytes.push_back(static_cast<std::uint8_t>(buffer >> bits));
    }
  }
  return out;
}

std::string base64url_encode(ByteView bytes) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const std::uint8_t b : bytes) {
    buffer = ((buffer << 8) | b) & 0xFFFFu;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += k_alphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) {
    out += k_alphabet[(buffer << (6 - bits)) & 0x3F];
  }
  return out;
}

std::optional<SignatureAlgorithm> algorithm_from(std::string_view name) {
  if (name == "ES256") {
    return SignatureAlgorithm::ecdsa_sha256;
  }
  if (name == "ES384") {
    return SignatureAlgorithm::ecdsa_sha384;
  }
  if (name == "ES512") {
    return SignatureAlgorithm::ecdsa_sha512;
  }
  return std::nullopt;
}

const char* algorithm_name(SignatureAlgorithm a) noexcept {
  switch (a) {
  case SignatureAlgorithm::ecdsa_sha256:
    return "ES256";
  case SignatureAlgorithm::ecdsa_sha384:
    return "ES384";
  case SignatureAlgorithm::ecdsa_sha512:
    return "ES512";
  default:
    return nullptr;
  }
}

const nlohmann::json* member(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

Error missing(const std::string& what) {
  return make_error(ErrorCode::malformed, "VDS-NC: " + what);
}

// The scalar at `path` inside `msg` as display text (strings as they are, others as JSON).
void flatten(const nlohmann::json& msg, std::initializer_list<const char*> path, Payload& p) {
  const nlohmann::json* v = &msg;
  std::string name = "msg";
  for (const char* step : path) {
    v = member(*v, step);
    if (v == nullptr) {
      return;
    }
    name += '.';
    name += step;
  }
  if (v->is_string()) {
    p.fields.push_back({name, v->get<std::string>(), Field::Kind::text, std::nullopt});
  } else if (v->is_primitive()) {
    p.fields.push_back({name, v->dump(), Field::Kind::text, std::nullopt});
  }
}

Result<Payload> decode_document(std::string_view text) {
  // Canonicalising the whole text first rejects what a verifier must not guess about
  // (duplicate names, invalid UTF-8, lone surrogates) with one consistent error.
  if (auto canonical = jcs_canonicalize(text); !canonical) {
    return make_error(canonical.error().code, "VDS-NC: " + canonical.error().message);
  }
  const auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  const nlohmann::json* data = member(doc, "data");
  const nlohmann::json* sig = member(doc, "sig");
  if (data == nullptr || !data->is_object() || sig == nullptr || !sig->is_object()) {
    return missing("`data` and `sig` objects required");
  }
  const nlohmann::json* hdr = member(*data, "hdr");
  const nlohmann::json* msg = member(*data, "msg");
  if (hdr == nullptr || !hdr->is_object() || msg == nullptr || !msg->is_object()) {
    return missing("`data.hdr` and `data.msg` objects required");
  }
  const nlohmann::json* t = member(*hdr, "t");
  const nlohmann::json* v = member(*hdr, "v");
  const nlohmann::json* is = member(*hdr, "is");
  if (t == nullptr || !t->is_string() || v == nullptr || !v->is_number() || is == nullptr ||
      !is->is_string()) {
    return missing("`hdr.t` (string), `hdr.v` (number) and `hdr.is` (string) required");
  }
  if (t->get_ref<const std::string&>().empty()) {
    return missing("`hdr.t` is empty: it names the seal's type (icao.test, icao.vacc, ...)");
  }
  const nlohmann::json* alg = member(*sig, "alg");
  const nlohmann::json* cer = member(*sig, "cer");
  const nlohmann::json* sigvl = member(*sig, "sigvl");
  if (alg == nullptr || !alg->is_string() || cer == nullptr || !cer->is_string() ||
      sigvl == nullptr || !sigvl->is_string()) {
    return missing("`sig.alg`, `sig.cer` and `sig.sigvl` strings required");
  }

  Payload p;
  p.kind = PayloadKind::vds_nc;
  p.profile = t->get<std::string>();
  p.issuing_state = is->get<std::string>();
  p.header.push_back({"hdr.t", p.profile, Field::Kind::text, std::nullopt});
  p.header.push_back({"hdr.v", v->dump(), Field::Kind::text, std::nullopt});
  p.header.push_back({"hdr.is", p.issuing_state, Field::Kind::text, std::nullopt});
  p.header.push_back({"sig.alg", alg->get<std::string>(), Field::Kind::text, std::nullopt});
  if (*v != 1) {
    p.problems.push_back("hdr.v is " + v->dump() + ": only version 1 is defined");
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "data" && it.key() != "sig") {
      p.quirks.push_back("member '" + it.key() + "' outside `data` and `sig` (not signed) ignored");
    }
  }

  auto msg_text = jcs_canonicalize(msg->dump());
  if (!msg_text) {
    return msg_text.error();
  }
  p.fields.push_back({"msg", std::move(*msg_text), Field::Kind::json, std::nullopt});
  flatten(*msg, {"uvci"}, p);
  flatten(*msg, {"utci"}, p);
  flatten(*msg, {"pid", "n"}, p);
  flatten(*msg, {"pid", "dob"}, p);
  flatten(*msg, {"pid", "i"}, p);
  flatten(*msg, {"pid", "dn"}, p);

  auto cert = base64url_decode(cer->get_ref<const std::string&>());
  auto value = base64url_decode(sigvl->get_ref<const std::string&>());
  if (!cert || !value) {
    return missing("`sig.cer` and `sig.sigvl` must be base64url");
  }
  if (cert->standard_alphabet || value->standard_alphabet) {
    p.quirks.push_back("`sig` uses the standard base64 alphabet instead of base64url");
  }
  const auto algorithm = algorithm_from(alg->get_ref<const std::string&>());
  if (!algorithm) {
    p.problems.push_back("unsupported signature algorithm '" + alg->get<std::string>() +
                         "' (ES256, ES384 or ES512 expected)");
    return p;
  }
  // P13: the signature covers the canonical form of `data`, whatever order the text had.
  auto signed_text = jcs_canonicalize(data->dump());
  if (!signed_text) {
    return signed_text.error();
  }
  SignatureInfo info;
  info.algorithm = *algorithm;
  info.signed_data.assign(signed_text->begin(), signed_text->end());
  info.signature = std::move(value->bytes);
  info.certificate = std::move(cert->bytes);
  info.reference_kind = ReferenceKind::none;
  p.signature = std::move(info);
  return p;
}

} // namespace

Result<Payload> decode_vdsnc(ByteView payload) {
  if (payload.size() > k_max_text) {
    return make_error(ErrorCode::limit_exceeded, "VDS-NC text longer than 64 KiB");
  }
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  try {
    return decode_document(text);
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorCode::malformed, std::string("VDS-NC: ") + e.what());
  }
}

Result<std::string> vdsnc_signed_data(std::string_view data_json) {
  auto canonical = jcs_canonicalize(data_json);
  if (!canonical) {
    return canonical;
  }
  const auto data = nlohmann::json::parse(*canonical, nullptr, false);
  const nlohmann::json* hdr = member(data, "hdr");
  const nlohmann::json* msg = member(data, "msg");
  if (hdr == nullptr || !hdr->is_object() || msg == nullptr || !msg->is_object()) {
    return make_error(ErrorCode::invalid_argument,
                      "VDS-NC data must be an object with `hdr` and `msg` objects");
  }
  return canonical;
}

Result<std::string> vdsnc_document(std::string_view data_json, SignatureAlgorithm algorithm,
                                   ByteView cert_der, ByteView raw_rs) {
  const char* name = algorithm_name(algorithm);
  if (name == nullptr) {
    return make_error(ErrorCode::invalid_argument, "VDS-NC signs with ES256, ES384 or ES512 only");
  }
  if (cert_der.empty() || raw_rs.empty()) {
    return make_error(ErrorCode::invalid_argument, "VDS-NC needs a certificate and a signature");
  }
  auto data = vdsnc_signed_data(data_json);
  if (!data) {
    return data;
  }
  // Members already in canonical order: data < sig, alg < cer < sigvl.
  return "{\"data\":" + *data + ",\"sig\":{\"alg\":\"" + name + "\",\"cer\":\"" +
         base64url_encode(cert_der) + "\",\"sigvl\":\"" + base64url_encode(raw_rs) + "\"}}";
}

} // namespace mrtd::barcode
