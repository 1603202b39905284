// seal::sign() (raw r||s sizes, key/algorithm mismatches) and seal::make() (description errors,
// round trip through the decoders).

#include "seal_fixture.hpp"

#include "barcode/vdsnc.hpp"
#include "pki/detail/certificate.hpp"
#include "seal/detail/crypto.hpp"

#include <map>
#include <nlohmann/json.hpp>

using namespace mrtd;
using namespace mrtd::sealtest;
using barcode::SignatureAlgorithm;

namespace {

const Bytes k_data = bytes_of("header||message zone");

// The decoded fields by name (each name once in these seals).
std::map<std::string, std::string> by_name(const std::vector<barcode::Field>& fields) {
  std::map<std::string, std::string> out;
  for (const auto& f : fields) {
    CHECK_MESSAGE(out.count(f.name) == 0, f.name);
    out[f.name] = f.value;
  }
  return out;
}

void expect_invalid_argument(std::string_view description, const seal::Signer& signer) {
  CAPTURE(description);
  const auto m = seal::make(description, signer);
  REQUIRE_FALSE(m.has_value());
  CHECK(m.error().code == ErrorCode::invalid_argument);
  CHECK_FALSE(m.error().message.empty());
}

} // namespace

TEST_SUITE("seal::sign") {

TEST_CASE("ECDSA r||s is twice the group order size and verifies") {
  const std::pair<const char*, std::size_t> curves[] = {
      {"prime256v1", 32}, {"brainpoolP224r1", 28}, {"brainpoolP256r1", 32},
      {"brainpoolP384r1", 48}, {"secp384r1", 48}, {"secp521r1", 66}};
  for (const auto& [curve, half] : curves) {
    CAPTURE(curve);
    const Pki pki = make_pki(curve);
    const auto cert = pki::detail::parse_der_certificate(pki.signer.certificate_der);
    const auto key = pki::detail::public_key(cert.get());
    for (const auto algorithm : {SignatureAlgorithm::ecdsa_by_curve, SignatureAlgorithm::ecdsa_sha256,
                                 SignatureAlgorithm::ecdsa_sha384, SignatureAlgorithm::ecdsa_sha512}) {
      auto rs = seal::sign(pki.signer, algorithm, k_data);
      REQUIRE(rs.has_value());
      CHECK(rs->size() == 2 * half);
      const auto ok = seal::detail::verify_raw(key.get(), algorithm, k_data, *rs);
      CHECK_MESSAGE(ok.valid, ok.message);
      // The same signature does not verify other data.
      CHECK_FALSE(seal::detail::verify_raw(key.get(), algorithm, bytes_of("other"), *rs).valid);
    }
    // ecdsa_by_curve hashes by the curve size (barcodes.md §1.4, P8).
    const auto rs = seal::sign(pki.signer, SignatureAlgorithm::ecdsa_by_curve, k_data);
    const std::string name = seal::detail::verify_raw(key.get(), SignatureAlgorithm::ecdsa_by_curve,
                                                      k_data, *rs).algorithm;
    const char* hash = half == 28 ? "SHA-224" : half == 32 ? "SHA-256" : half == 48 ? "SHA-384" : "SHA-512";
    CHECK(name.ends_with(hash));
  }
}

TEST_CASE("ECDSA signatures are randomised") {
  const Pki pki = make_pki();
  const auto a = seal::sign(pki.signer, SignatureAlgorithm::ecdsa_sha256, k_data);
  const auto b = seal::sign(pki.signer, SignatureAlgorithm::ecdsa_sha256, k_data);
  REQUIRE((a && b));
  CHECK(*a != *b);
}

TEST_CASE("a key that does not fit the algorithm, or no key, is invalid_argument") {
  const Pki pki = make_pki();
  const auto ec_pss = seal::sign(pki.signer, SignatureAlgorithm::rsassa_pss_sha256, k_data);
  REQUIRE_FALSE(ec_pss.has_value());
  CHECK(ec_pss.error().code == ErrorCode::invalid_argument);

  auto rsa = chip::detail::load_or_generate_key(std::nullopt, chip::detail::KeySpec{true, nullptr, false},
                                                "rsa");
  REQUIRE(rsa);
  seal::Signer rsa_signer;
  rsa_signer.private_key_pem = *chip::detail::private_key_pem(rsa->get());
  for (const auto algorithm : {SignatureAlgorithm::ecdsa_by_curve, SignatureAlgorithm::ecdsa_sha256,
                               SignatureAlgorithm::ecdsa_sha512}) {
    const auto r = seal::sign(rsa_signer, algorithm, k_data);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::invalid_argument);
  }
  // PS256 with the RSA key: a 2048-bit signature that verifies.
  const auto pss = seal::sign(rsa_signer, SignatureAlgorithm::rsassa_pss_sha256, k_data);
  REQUIRE(pss.has_value());
  CHECK(pss->size() == 256);
  CHECK(seal::detail::verify_raw(rsa->get(), SignatureAlgorithm::rsassa_pss_sha256, k_data, *pss).valid);

  seal::Signer garbage;
  garbage.private_key_pem = bytes_of("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  const auto g = seal::sign(garbage, SignatureAlgorithm::ecdsa_sha256, k_data);
  REQUIRE_FALSE(g.has_value());
  CHECK(g.error().code == ErrorCode::invalid_argument);
  CHECK_FALSE(seal::sign(seal::Signer{}, SignatureAlgorithm::ecdsa_sha256, k_data).has_value());
}

} // TEST_SUITE

TEST_SUITE("seal::make") {

TEST_CASE("description errors are invalid_argument") {
  const Pki pki = make_pki();
  const std::string visa = visa_description();
  auto with = [&](std::string from, const std::string& what, const std::string& to) {
    const auto at = from.find(what);
    REQUIRE(at != std::string::npos);
    return from.replace(at, what.size(), to);
  };
  expect_invalid_argument("{not json", pki.signer);
  expect_invalid_argument("[1, 2]", pki.signer);
  expect_invalid_argument(R"({"format": "pdf417"})", pki.signer);
  expect_invalid_argument(with(visa, "icao.visa", "icao.visum"), pki.signer);
  expect_invalid_argument(with(visa, R"("name": "passport_number")", R"("name": "eye_colour")"), pki.signer);
  expect_invalid_argument(with(visa, R"("issue_date": "2025-07-01",)", ""), pki.signer);
  expect_invalid_argument(with(visa, "2025-07-01", "2025-13-01"), pki.signer);
  expect_invalid_argument(with(visa, R"("value": "L898902C3")", R"("value": "L898902C3TOOLONG")"),
                          pki.signer);
  expect_invalid_argument(with(visa, R"("issuing_state": "UTO")", R"("issuing_state": "UTOPIA")"),
                          pki.signer);
  expect_invalid_argument(R"({"format": "vds_nc", "data": "x"})", pki.signer);
  expect_invalid_argument(with(idb_description(true, false), "visa.number_of_entries", "visa.wings"),
                          pki.signer);
  expect_invalid_argument(R"({"format": "idb", "issuing_state": "UTO", "compress": "yes",
                              "signing_date": "2025-07-01", "messages": []})",
                          pki.signer);

  // A key that does not belong to the certificate.
  const Pki other = make_pki();
  seal::Signer mixed{other.signer.private_key_pem, pki.signer.certificate_der};
  expect_invalid_argument(visa, mixed);
  seal::Signer no_cert{pki.signer.private_key_pem, bytes_of("not DER")};
  expect_invalid_argument(visa, no_cert);
}

TEST_CASE("round trip: a VDS visa decodes to its description") {
  const Pki pki = make_pki();
  for (const int version : {3, 4}) {
    CAPTURE(version);
    const std::string d = visa_description(R"( "version": )" + std::to_string(version) + ",");
    const auto m = seal::make(d, pki.signer);
    REQUIRE(m);
    CHECK(m->format == "vds");
    CHECK(m->symbology == "datamatrix");
    REQUIRE(m->payload.size() > 18);
    CHECK(m->payload[0] == 0xDC);
    CHECK(m->payload[1] == (version == 3 ? 0x02 : 0x03));
    const auto p = barcode::decode(m->payload);
    REQUIRE(p);
    CHECK(p->kind == barcode::PayloadKind::vds);
    CHECK(p->profile == "icao.visa");
    CHECK(p->issuing_state == "UTO");
    CHECK(p->issue_date == parse_iso_date("2025-07-01"));
    CHECK(p->quirks.empty());
    CHECK(p->problems.empty());
    const auto f = by_name(p->fields);
    CHECK(f.at("mrz") == std::string(k_visa_mrz_line1) + "\n" + k_visa_mrz_line2);
    CHECK(f.at("number_of_entries") == "2");
    CHECK(f.at("duration_of_stay") == "90 days, 0 months, 0 years");
    CHECK(f.at("passport_number") == "L898902C3");
    REQUIRE(p->signature);
    CHECK(p->signature->signer_id == "UTSP");
    CHECK(p->signature->reference_kind == barcode::ReferenceKind::serial_hex);
    // v3 writes the fixed 5-character reference, v4 the serial as it is.
    CHECK(p->signature->reference == (version == 3 ? "0005E" : "5E"));
    CHECK(p->signature->signing_date == parse_iso_date("2025-07-01"));
    CHECK(p->signature->signature.size() == 64); // P-256 r||s
    // signed data = everything before the 0xFF signature tag
    CHECK(p->signature->signed_data.size() + 2 + 64 == m->payload.size());
  }
}

TEST_CASE("round trip: a BSI sticker decodes to its description") {
  const Pki pki = make_pki("brainpoolP224r1");
  const auto p = barcode::decode(made(sticker_description(4), pki.signer));
  REQUIRE(p);
  CHECK(p->profile == "bsi.address_sticker_passport");
  const auto f = by_name(p->fields);
  CHECK(f.at("document_number") == "PA5500K11");
  CHECK(f.at("municipality_key") == "03359010");
  CHECK(f.at("postal_code") == "21614");
  CHECK(p->signature->signing_date == parse_iso_date("2025-07-02"));
  CHECK(p->signature->signature.size() == 56); // brainpoolP224r1
}

TEST_CASE("round trip: IDB, compressed or not, with or without the certificate") {
  const Pki pki = make_pki();
  for (const bool compress : {false, true}) {
    for (const bool embed : {false, true}) {
      CAPTURE(compress);
      CAPTURE(embed);
      const auto m = seal::make(idb_description(compress, embed), pki.signer);
      REQUIRE(m);
      CHECK(m->format == "idb");
      CHECK(m->symbology == "qrcode");
      const std::string text = text_of(m->payload);
      // flag: 'A' + signed 1 + compressed 2 (barcodes.md §3)
      CHECK(text.starts_with(compress ? "RDB1D" : "RDB1B"));
      const auto p = barcode::decode(m->payload);
      REQUIRE(p);
      CHECK(p->kind == barcode::PayloadKind::idb);
      CHECK(p->issuing_state == "UTO");
      const auto f = by_name(p->fields);
      // The seal keeps 28 characters of line 2; the decoder pads it to 44 (payload.hpp).
      CHECK(f.at("visa.mrz_mrva") == std::string(k_visa_mrz_line1) + "\n" + k_visa_mrz_line2);
      CHECK(f.at("visa.number_of_entries") == "2");
      CHECK(f.at("visa.passport_number") == "L898902C3");
      REQUIRE(p->signature);
      CHECK(p->signature->algorithm == SignatureAlgorithm::ecdsa_sha256);
      CHECK(p->signature->reference_kind == barcode::ReferenceKind::sha1_tail5);
      CHECK(p->signature->signing_date == parse_iso_date("2025-07-01"));
      CHECK(p->signature->certificate.has_value() == embed);
      if (embed) {
        CHECK(*p->signature->certificate == pki.signer.certificate_der);
      }
    }
  }
}

TEST_CASE("round trip: VDS-NC signs the canonical data and carries the certificate") {
  const Pki pki = make_pki("secp521r1");
  const auto m = seal::make(k_vdsnc_description, pki.signer);
  REQUIRE(m);
  CHECK(m->format == "vds_nc");
  const auto p = barcode::decode(m->payload);
  REQUIRE(p);
  CHECK(p->kind == barcode::PayloadKind::vds_nc);
  CHECK(p->profile == "icao.vacc");
  CHECK(p->issuing_state == "UTO");
  const auto f = by_name(p->fields);
  CHECK(f.at("msg.uvci") == "U32870");
  CHECK(f.at("msg.pid.n") == "ERIKSSON ANNA MARIA");
  CHECK(f.at("msg.pid.dob") == "1974-08-12");
  const auto description = nlohmann::json::parse(k_vdsnc_description);
  const auto canonical = barcode::vdsnc_signed_data(description.at("data").dump());
  REQUIRE(canonical);
  REQUIRE(p->signature);
  CHECK(text_of(p->signature->signed_data) == *canonical);
  CHECK(p->signature->algorithm == SignatureAlgorithm::ecdsa_sha512); // ES512 for P-521
  CHECK(p->signature->signature.size() == 132);
  CHECK(p->signature->certificate == pki.signer.certificate_der);
  const auto doc = nlohmann::json::parse(text_of(m->payload));
  CHECK(doc.at("sig").at("alg") == "ES512");
}

} // TEST_SUITE
