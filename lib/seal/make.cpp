// `seal make`: JSON description -> payload builder (lib/barcode) -> signature (crypto.cpp).

#include "seal/make.hpp"

#include "barcode/idb.hpp"
#include "barcode/vds.hpp"
#include "barcode/vdsnc.hpp"
#include "pki/detail/certificate.hpp"
#include "pki/detail/name.hpp"
#include "seal/detail/crypto.hpp"

#include <nlohmann/json.hpp>
#include <openssl/pem.h>
#include <openssl/sha.h>

namespace mrtd::seal {

namespace {

using Json = nlohmann::ordered_json;

Error bad(std::string message) {
  return make_error(ErrorCode::invalid_argument, std::move(message));
}

std::string text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// `fields` as an array of {name, value[, tag]} or an object name -> value (in order).
Result<std::vector<barcode::Field>> fields_of(const Json& json, const char* key) {
  std::vector<barcode::Field> out;
  if (!json.contains(key)) {
    return out;
  }
  const Json& fields = json.at(key);
  if (fields.is_object()) {
    for (const auto& [name, value] : fields.items()) {
      out.push_back(barcode::Field{name, text(value), barcode::Field::Kind::text, std::nullopt});
    }
    return out;
  }
  if (!fields.is_array()) {
    return bad(std::string("\"") + key + "\" must be an array of {name, value} or an object");
  }
  for (const auto& item : fields) {
    if (!item.is_object() || !item.contains("name") || !item.contains("value") ||
        !item.at("name").is_string()) {
      return bad(std::string("each of \"") + key + "\" needs a string \"name\" and a \"value\"");
    }
    barcode::Field field{item.at("name").get<std::string>(), text(item.at("value")),
                         barcode::Field::Kind::text, std::nullopt};
    if (item.contains("tag") && item.at("tag").is_number_integer()) {
      field.tag = item.at("tag").get<int>();
    }
    out.push_back(std::move(field));
  }
  return out;
}

Result<CivilDate> date_of(const Json& json, const char* key) {
  if (!json.contains(key) || !json.at(key).is_string()) {
    return bad(std::string("\"") + key + "\" (YYYY-MM-DD) is required");
  }
  const auto date = parse_iso_date(json.at(key).get<std::string>());
  if (!date) {
    return bad(std::string("\"") + key + "\" is not a YYYY-MM-DD date");
  }
  return *date;
}

std::string string_or(const Json& json, const char* key, std::string fallback) {
  return json.contains(key) && json.at(key).is_string() ? json.at(key).get<std::string>()
                                                        : std::move(fallback);
}

// ES256/384/512 by the key's size (VDS-NC, IDB: the hash follows the curve).
barcode::SignatureAlgorithm ecdsa_for(int bits) {
  return bits <= 256   ? barcode::SignatureAlgorithm::ecdsa_sha256
         : bits <= 384 ? barcode::SignatureAlgorithm::ecdsa_sha384
                       : barcode::SignatureAlgorithm::ecdsa_sha512;
}

struct SignerFacts {
  pki::detail::X509Ptr cert;
  int bits = 0;
};

Result<SignerFacts> signer_facts(const Signer& signer) {
  SignerFacts facts;
  facts.cert = pki::detail::parse_der_certificate(signer.certificate_der);
  if (!facts.cert) {
    return bad("the signer certificate is not a DER certificate");
  }
  pki::detail::EvpPkeyPtr cert_key = pki::detail::public_key(facts.cert.get());
  pki::detail::BioPtr bio(BIO_new_mem_buf(signer.private_key_pem.data(),
                                          static_cast<int>(signer.private_key_pem.size())));
  pki::detail::EvpPkeyPtr key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key || !cert_key) {
    return bad("the signer key is not a PEM private key: " + pki::detail::drain_errors());
  }
  if (EVP_PKEY_eq(key.get(), cert_key.get()) != 1) {
    return bad("the signer key does not belong to the signer certificate");
  }
  facts.bits = EVP_PKEY_get_bits(key.get());
  return facts;
}

Result<Made> make_vds(const Json& json, const Signer& signer, const SignerFacts& facts) {
  barcode::VdsBuild build;
  build.version = json.contains("version") && json.at("version").is_number_integer()
                      ? json.at("version").get<int>()
                      : 4;
  build.issuing_state = string_or(json, "issuing_state", "");
  const auto signer_id = pki::detail::vds_signer_id(X509_get_subject_name(facts.cert.get()));
  build.signer_id = string_or(json, "signer_id", signer_id.value_or(""));
  if (build.signer_id.empty()) {
    return bad("the signer certificate's subject gives no VDS signer id (C + a 2-character CN): "
               "name one with \"signer_id\"");
  }
  std::string serial = pki::detail::describe(facts.cert.get()).serial;
  build.reference = string_or(json, "reference", serial);
  auto issued = date_of(json, "issue_date");
  if (!issued) {
    return issued.error();
  }
  build.issue_date = *issued;
  auto signed_on = json.contains("signing_date") ? date_of(json, "signing_date") : issued;
  if (!signed_on) {
    return signed_on.error();
  }
  build.signing_date = *signed_on;
  build.profile = string_or(json, "profile", "");
  auto fields = fields_of(json, "fields");
  if (!fields) {
    return fields.error();
  }
  build.fields = std::move(*fields);
  auto unsigned_vds = barcode::build_vds_unsigned(build);
  if (!unsigned_vds) {
    return unsigned_vds.error();
  }
  auto rs = sign(signer, barcode::SignatureAlgorithm::ecdsa_by_curve, *unsigned_vds);
  if (!rs) {
    return rs.error();
  }
  return Made{barcode::append_vds_signature(std::move(*unsigned_vds), *rs), "vds", "datamatrix"};
}

Result<Made> make_idb(const Json& json, const Signer& signer, const SignerFacts& facts) {
  barcode::IdbBuild build;
  build.country = string_or(json, "issuing_state", "");
  build.compress = !json.contains("compress") || json.at("compress").get<bool>();
  build.algorithm = ecdsa_for(facts.bits);
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(signer.certificate_der.data(), signer.certificate_der.size(), md);
  build.certificate_reference.assign(md + SHA_DIGEST_LENGTH - 5, md + SHA_DIGEST_LENGTH);
  auto signed_on = date_of(json, "signing_date");
  if (!signed_on) {
    return signed_on.error();
  }
  build.signing_date = *signed_on;
  auto messages = fields_of(json, "messages");
  if (!messages) {
    return messages.error();
  }
  build.messages = std::move(*messages);
  if (json.contains("embed_certificate") && json.at("embed_certificate").get<bool>()) {
    build.embed_certificate = signer.certificate_der;
  }
  auto data = barcode::idb_signed_data(build);
  if (!data) {
    return data.error();
  }
  auto rs = sign(signer, build.algorithm, *data);
  if (!rs) {
    return rs.error();
  }
  auto finished = barcode::idb_finish(build, *rs);
  if (!finished) {
    return finished.error();
  }
  return Made{Bytes(finished->begin(), finished->end()), "idb", "qrcode"};
}

Result<Made> make_vdsnc(const Json& json, const Signer& signer, const SignerFacts& facts) {
  if (!json.contains("data") || !json.at("data").is_object()) {
    return bad("a vds_nc description needs \"data\": {\"hdr\": ..., \"msg\": ...}");
  }
  const std::string data = json.at("data").dump();
  auto canonical = barcode::vdsnc_signed_data(data);
  if (!canonical) {
    return canonical.error();
  }
  const auto algorithm = ecdsa_for(facts.bits);
  const std::string& c = *canonical;
  auto rs = sign(signer, algorithm,
                 ByteView(reinterpret_cast<const std::uint8_t*>(c.data()), c.size()));
  if (!rs) {
    return rs.error();
  }
  auto document = barcode::vdsnc_document(data, algorithm, signer.certificate_der, *rs);
  if (!document) {
    return document.error();
  }
  return Made{Bytes(document->begin(), document->end()), "vds_nc", "qrcode"};
}

} // namespace

Result<Made> make(std::string_view description, const Signer& signer) {
  const Json json = Json::parse(description, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return bad("the description is not a JSON object");
  }
  auto facts = signer_facts(signer);
  if (!facts) {
    return facts.error();
  }
  try {
    const std::string format = string_or(json, "format", "vds");
    if (format == "vds") {
      return make_vds(json, signer, *facts);
    }
    if (format == "idb") {
      return make_idb(json, signer, *facts);
    }
    if (format == "vds_nc") {
      return make_vdsnc(json, signer, *facts);
    }
    return bad("unknown \"format\" \"" + format + "\" (vds, vds_nc or idb)");
  } catch (const nlohmann::json::exception& e) {
    return bad(std::string("description: ") + e.what());
  }
}

} // namespace mrtd::seal
